/* Behaviour every page shares, as markup attributes instead of inline handlers (the
 * Content-Security-Policy allows no inline script):
 *   <select data-autosubmit>   submits its form when changed (language, plan pickers);
 *   <form data-confirm="…">    asks before submitting (deletions). */
(function () {
  "use strict";
  document.addEventListener("change", function (e) {
    var el = e.target;
    if (el.matches && el.matches("[data-autosubmit]") && el.form) el.form.submit();
  });
  document.addEventListener("submit", function (e) {
    var form = e.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) e.preventDefault();
  });
})();
