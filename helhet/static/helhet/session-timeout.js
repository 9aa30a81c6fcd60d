// Warns before an idle session ends (HELHET_SESSION_IDLE_MINUTES) and offers to stay logged in.
// The server ends the session anyway; this only tells the person in time. Any page load or
// HTMX request counts as activity, as it does on the server.
(function () {
  "use strict";
  var dialog = document.getElementById("session-timeout");
  if (!dialog || typeof dialog.showModal !== "function") {
    return;
  }
  var idleMs = Number(dialog.dataset.idleSeconds) * 1000;
  var warnMs = Number(dialog.dataset.warnSeconds) * 1000;
  var warnTimer = null;
  var endTimer = null;

  function schedule() {
    window.clearTimeout(warnTimer);
    window.clearTimeout(endTimer);
    warnTimer = window.setTimeout(function () {
      if (!dialog.open) {
        dialog.showModal();
      }
    }, Math.max(idleMs - warnMs, 0));
    endTimer = window.setTimeout(function () {
      // The session has ended on the server: the next page shows the login and says why.
      window.location.reload();
    }, idleMs + 1000);
  }

  var form = dialog.querySelector("form[data-keepalive]");
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    window
      .fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        credentials: "same-origin",
        headers: { "X-Requested-With": "fetch" },
      })
      .then(function (response) {
        if (response.ok) {
          dialog.close();
          schedule();
        } else {
          window.location.reload();
        }
      });
  });
  document.body.addEventListener("htmx:afterRequest", schedule);
  schedule();
})();
