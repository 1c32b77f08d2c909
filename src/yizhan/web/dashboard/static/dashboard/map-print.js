/* The map print view: the same map (map.js, same GeoJSON) in a fixed-size box, with a metric
 * scale bar, the layer the page names (after or before), no zoom buttons; the print button
 * opens the browser's print dialog. When the map has drawn, #map gets data-loaded (map.js)
 * and the sheet data-ready. */
(function () {
  "use strict";
  function data(id) { return JSON.parse(document.getElementById(id).textContent); }
  var urls = data("map-urls");
  var el = document.getElementById("map");
  var map = YizhanMap.create("map", {
    stations: urls.stations, committees: urls.committees, before: urls.before,
    tiles: data("map-tiles")
  });
  map.map.zoomControl.remove();
  L.control.scale({metric: true, imperial: false, position: "bottomleft", maxWidth: 160})
    .addTo(map.map);
  map.ready.then(function () {
    if (el.getAttribute("data-layer") === "before") YizhanMap.show(map, "before");
    document.getElementById("print-sheet").setAttribute("data-ready", "1");
  });
  document.getElementById("print-button").addEventListener("click", function () {
    window.print();
  });
})();
