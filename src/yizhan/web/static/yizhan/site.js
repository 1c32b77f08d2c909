/* Behaviour every page shares, as markup attributes instead of inline handlers (the
 * Content-Security-Policy allows no inline script):
 *   <select data-autosubmit>   submits its form when changed (language, plan pickers);
 *   <form data-confirm="…">    asks before submitting (deletions);
 *   <select data-search-url>   a search box before it asks that API list endpoint (?q=) as
 *                              the user types and offers the matches (yizhan.web.widgets). */
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

  function searchSelect(select) {
    var box = document.createElement("input");
    box.type = "search";
    box.className = "picker-search";
    box.placeholder = select.dataset.searchPlaceholder || "";
    box.setAttribute("aria-label", box.placeholder);
    box.setAttribute("autocomplete", "off");
    var fields = (select.dataset.searchLabel || "name").split(" ");
    var timer = null, asked = 0;
    function fill(items, ticket) {
      if (ticket !== asked) return;  // an older answer arriving late
      Array.prototype.slice.call(select.options).forEach(function (o) {
        if (!o.selected && o.value !== "") o.remove();
      });
      items.forEach(function (item) {
        if (String(item.id) === select.value) return;
        var text = fields.map(function (f) { return item[f]; }).join(" ");
        select.appendChild(new Option(text, item.id));
      });
      select.size = Math.min(8, select.options.length);
    }
    box.addEventListener("input", function () {
      clearTimeout(timer);
      var q = box.value.trim();
      if (q === "") return;
      timer = setTimeout(function () {
        var ticket = ++asked;
        fetch(select.dataset.searchUrl + "?limit=20&q=" + encodeURIComponent(q),
              {credentials: "same-origin", headers: {"Accept": "application/json"}})
          .then(function (r) { return r.ok ? r.json() : {items: []}; })
          .then(function (data) { fill(data.items || [], ticket); })
          .catch(function () {});
      }, 250);
    });
    select.addEventListener("change", function () { select.size = 0; });
    select.parentNode.insertBefore(box, select);
  }
  document.querySelectorAll("select[data-search-url]").forEach(searchSelect);
})();
