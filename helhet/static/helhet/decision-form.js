// The concern's decision form shows only the fields the chosen decision needs. Without this
// script every group stays visible under its own heading and the server checks what each
// decision needs, so the form works the same; the script only hides what is not asked for.
// A group is marked data-decision-group="<decision>"; a hidden group is also inert, so none
// of its fields can be reached with the keyboard.
(function () {
  "use strict";
  var form = document.querySelector("form[data-decision-form]");
  if (!form) {
    return;
  }
  var choices = form.querySelectorAll('input[type="radio"][name="decision"]');
  var groups = form.querySelectorAll("[data-decision-group]");

  function chosen() {
    for (var i = 0; i < choices.length; i += 1) {
      if (choices[i].checked) {
        return choices[i].value;
      }
    }
    return "";
  }

  function update() {
    var decision = chosen();
    for (var i = 0; i < groups.length; i += 1) {
      var needed = groups[i].getAttribute("data-decision-group") === decision;
      groups[i].hidden = !needed;
      groups[i].inert = !needed;
    }
  }

  for (var i = 0; i < choices.length; i += 1) {
    choices[i].addEventListener("change", update);
  }
  update();
})();
