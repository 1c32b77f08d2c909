/* The map page: draws the plan whose GeoJSON URLs the page hands over in #map-urls and
 * #map-tiles (json_script data), and switches between the plan and today's stations. */
(function () {
  "use strict";
  function data(id) { return JSON.parse(document.getElementById(id).textContent); }
  var urls = data("map-urls");
  var map = YizhanMap.create("map", {
    stations: urls.stations, committees: urls.committees, before: urls.before,
    tiles: data("map-tiles"), details: "map-details"
  });
  document.querySelectorAll("input[name=layer]").forEach(function (r) {
    r.addEventListener("change", function () { YizhanMap.show(map, this.value); });
  });
})();
