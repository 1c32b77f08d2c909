/* The comparison page: two maps, moved committees outlined, panned and zoomed together.
 * URLs and moved codes come from the page's #compare-maps (json_script data). */
(function () {
  "use strict";
  var cfg = JSON.parse(document.getElementById("compare-maps").textContent);
  var ma = YizhanMap.create("map-a", {stations: cfg.a.stations, committees: cfg.a.committees,
                                      highlight: cfg.moved});
  var mb = YizhanMap.create("map-b", {stations: cfg.b.stations, committees: cfg.b.committees,
                                      highlight: cfg.moved});
  YizhanMap.sync(ma, mb);
})();
