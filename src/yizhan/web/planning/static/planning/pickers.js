/* Pick committees by name (no libraries, no inline script: CSP allows only static files).
 *
 * select[data-search]: a search box above the list hides the options whose text and code do
 *   not contain what is typed (chosen options stay visible).
 * textarea[data-pairs=ID]: replaced by two searchable lists (the options of #ID), an "add"
 *   button and the chosen pairs by name; the textarea, hidden, keeps one "code code" line per
 *   pair, which is what the form posts (without JavaScript it is typed in by hand).
 */
(function () {
  "use strict";

  function searchBox(select, placeholder) {
    var box = document.createElement("input");
    box.type = "search";
    box.className = "picker-search";
    box.placeholder = placeholder || "";
    box.setAttribute("aria-label", placeholder || "search");
    box.addEventListener("input", function () {
      var q = box.value.trim().toLowerCase();
      Array.prototype.forEach.call(select.options, function (o) {
        var text = (o.text + " " + o.value).toLowerCase();
        o.hidden = q !== "" && !o.selected && text.indexOf(q) < 0;
      });
    });
    select.parentNode.insertBefore(box, select);
    return box;
  }

  function optionText(source, code) {
    var o = Array.prototype.find.call(source.options, function (x) {
      return x.value === code || x.text.split("（")[0] === code;
    });
    return o ? o.text : code;
  }

  function pairPicker(area) {
    var source = document.getElementById(area.dataset.pairs);
    if (!source) return;
    var wrap = document.createElement("div");
    wrap.className = "pair-picker";
    var lists = [0, 1].map(function () {
      var s = document.createElement("select");
      s.className = "pair-select";
      s.size = 5;
      Array.prototype.forEach.call(source.options, function (o) {
        s.appendChild(new Option(o.text, o.value));
      });
      var cell = document.createElement("div");
      cell.className = "pair-cell";
      cell.appendChild(s);
      wrap.appendChild(cell);
      searchBox(s, area.dataset.search);
      return s;
    });
    var add = document.createElement("button");
    add.type = "button";
    add.className = "btn";
    add.textContent = area.dataset.add || "+";
    wrap.appendChild(add);
    var chosen = document.createElement("ul");
    chosen.className = "pair-list";

    function lines() {
      return area.value.split(/\n/).map(function (l) { return l.trim(); })
        .filter(function (l) { return l !== ""; });
    }
    function render() {
      chosen.textContent = "";
      lines().forEach(function (line, i) {
        var parts = line.split(/[\s,+，]+/);
        var li = document.createElement("li");
        li.textContent = parts.map(function (c) { return optionText(source, c); }).join(" + ") + " ";
        var rm = document.createElement("button");
        rm.type = "button";
        rm.className = "btn btn-small";
        rm.textContent = area.dataset.remove || "×";
        rm.addEventListener("click", function () {
          var rest = lines();
          rest.splice(i, 1);
          area.value = rest.join("\n");
          render();
        });
        li.appendChild(rm);
        chosen.appendChild(li);
      });
    }
    add.addEventListener("click", function () {
      var a = lists[0].value, b = lists[1].value;
      if (!a || !b || a === b) return;
      area.value = lines().concat([a + " " + b]).join("\n");
      render();
    });
    area.hidden = true;
    area.parentNode.insertBefore(wrap, area);
    area.parentNode.insertBefore(chosen, area);
    render();
  }

  document.querySelectorAll("select[data-search]").forEach(function (s) {
    searchBox(s, s.dataset.search);
  });
  document.querySelectorAll("textarea[data-pairs]").forEach(pairPicker);
})();
