// The error summary (templates/core/_error_summary.html): when a page or an HTMX swap shows one,
// focus moves to it, so keyboard and screen reader users start at the list of errors; a link in
// it focuses its field (a plain link to an input's id only scrolls there).
(function () {
  "use strict";

  function focusSummary(root) {
    var summary = root.querySelector("[data-error-summary]");
    if (summary) {
      summary.focus();
    }
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-error-summary] a[href^='#']");
    if (!link) {
      return;
    }
    var field = document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (!field || typeof field.focus !== "function") {
      return;
    }
    event.preventDefault();
    // The label (or a fieldset's legend) above the field stays in view with it.
    var label = field.closest("fieldset") || document.querySelector("label[for='" + field.id + "']");
    (label || field).scrollIntoView();
    field.focus({ preventScroll: true });
  });

  document.addEventListener("htmx:afterSettle", function (event) {
    var swapped = event.detail.elt;
    // An outerHTML swap replaces the target itself; then look in the whole page.
    focusSummary(swapped && swapped.isConnected ? swapped : document);
  });

  focusSummary(document);
})();
