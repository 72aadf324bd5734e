/* A refused form's error summary takes the focus when the page loads, so that a screen reader reads it
   first and a keyboard user starts from its links to the fields (GOV.UK Design System's error summary).
   Loaded only by pages that show one (templates/staff/forms.html). */
(function () {
  "use strict";
  var summary = document.querySelector(".error-summary");
  if (summary) { summary.focus(); }
}());
