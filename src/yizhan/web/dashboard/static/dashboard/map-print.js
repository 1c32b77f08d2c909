/* The map print view: the same map (map.js, same GeoJSON) in a fixed-size box, with a metric
 * scale bar, the layer the page names (after or before), no zoom buttons; the print button
 * opens the browser's print dialog.
 *
 * The view and the labels come from the server (#print-map, json_script): it placed every
 * committee's or station's and every subdistrict's name with the PNG maps' placement
 * (yizhan.reports.labels) for exactly this view and box, so this script only puts each label
 * at its point plus its offset. Text is set with textContent (never parsed as HTML). When the
 * map has drawn, #map gets data-loaded (map.js) and the sheet data-ready. */
(function () {
  "use strict";
  function data(id) { return JSON.parse(document.getElementById(id).textContent); }
  var urls = data("map-urls");
  var sheet = data("print-map");
  var map = YizhanMap.create("map", {
    stations: urls.stations, committees: urls.committees, tiles: data("map-tiles"),
    view: sheet.view, subdistrictLabels: false
  });
  map.map.zoomControl.remove();
  L.control.scale({metric: true, imperial: false, position: "bottomleft", maxWidth: 160})
    .addTo(map.map);

  function labelMarker(label) {
    var text = document.createElement("span");
    text.className = "print-label print-label-" + label.kind + (label.bold ? " print-label-bold" : "");
    text.textContent = label.text;
    text.style.fontSize = label.size + "pt";
    text.style.left = label.dx + "px";
    text.style.top = label.dy + "px";
    return L.marker([label.lat, label.lng], {interactive: false, keyboard: false,
      icon: L.divIcon({className: "print-label-point", html: text, iconSize: [0, 0]})});
  }

  map.ready.then(function () {
    sheet.labels.forEach(function (label) { labelMarker(label).addTo(map.map); });
    document.getElementById("print-sheet").setAttribute("data-ready", "1");
  });
  document.getElementById("print-button").addEventListener("click", function () {
    window.print();
  });
})();
