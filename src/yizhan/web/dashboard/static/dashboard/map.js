/* yizhan maps: Leaflet from local static files, GeoJSON from the app, no tile server needed.
 * YizhanMap.create(id, {committees, stations, before, tiles, details, highlight, view,
 * subdistrictLabels}) draws the committees of a plan filled by their station's band status,
 * with the stations' dissolved boundaries on top; "before" shows today's stations the same
 * way. ``view`` ({center, zoom}, fractional) fixes the view instead of fitting the data (the
 * print view, whose labels the server placed for that view); ``subdistrictLabels: false``
 * leaves out the subdistrict names (the print view places them with the others).
 *
 * Popups and the details panel are HTML strings (Leaflet's bindPopup, innerHTML): every
 * value put into them, data and labels alike, goes through esc() or num(), so a committee
 * named <img onerror=…> is shown as text. Labels come from the page's #map-labels
 * (json_script data in the page language). */
var YizhanMap = (function () {
  "use strict";
  var COLORS = {below: "#e3a21a", in_band: "#2f8f5b", above: "#c23b2a", exempt: "#5867b8"};
  var labelsEl = document.getElementById("map-labels");
  var L10N = labelsEl ? JSON.parse(labelsEl.textContent) : {};
  function esc(s) {
    return String(s == null ? "" : s).replace(/[&<>"']/g, function (c) {
      return {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;"}[c];
    });
  }
  function t(k) { return esc(L10N[k] || k); }
  function num(v) { return v == null ? "—" : Math.round(v).toLocaleString(); }
  function fill(band) { return COLORS[band] || "#9aa0a6"; }

  function committeeHtml(p, moved) {
    return "<div class='popup'><b>" + esc(p.name) + "</b> <small>" + esc(p.code) + "</small>" +
      "<table>" +
      "<tr><th>" + t("subdistrict") + "</th><td>" + esc(p.subdistrict) + "</td></tr>" +
      "<tr><th>" + t("households") + "</th><td>" + num(p.households) + "</td></tr>" +
      "<tr><th>" + t("station") + "</th><td>" + esc(p.station_names) + "</td></tr>" +
      "<tr><th>" + t("stationHouseholds") + "</th><td>" + num(p.station_households) +
      " <span class='band band-" + esc(p.band) + "'>" + t(p.band) + "</span></td></tr>" +
      "<tr><th>" + t("office") + "</th><td>" + num(p.office_m2) + " " + t("m2") + "</td></tr>" +
      "<tr><th>" + t("service") + "</th><td>" + num(p.service_m2) + " " + t("m2") + "</td></tr>" +
      "<tr><th>" + t("plaza") + "</th><td>" + num(p.plaza_m2) + " " + t("m2") + "</td></tr>" +
      "</table>" + (moved ? "<p class='moved-note'>" + t("moved") + "</p>" : "") + "</div>";
  }

  /* one label per subdistrict at the middle of its committees (the map has no base map) */
  function subdistrictLabels(collection) {
    var bounds = {};
    collection.features.forEach(function (f) {
      var b = L.geoJSON(f).getBounds();
      var k = f.properties.subdistrict;
      if (!bounds[k]) bounds[k] = b; else bounds[k].extend(b);
    });
    return Object.keys(bounds).map(function (k) {
      return L.marker(bounds[k].getCenter(), {interactive: false, keyboard: false,
        icon: L.divIcon({className: "sub-label", html: "<span>" + esc(k) + "</span>",
                         iconSize: null})});
    });
  }

  function fetchJson(url) {
    return fetch(url, {credentials: "same-origin"}).then(function (r) {
      if (!r.ok) throw new Error(r.status);
      return r.json();
    });
  }

  function drawPair(state, committeesUrl, stationsUrl) {
    var group = L.featureGroup();
    var highlight = state.highlight;
    return Promise.all([fetchJson(committeesUrl), fetchJson(stationsUrl)]).then(function (res) {
      L.geoJSON(res[0], {
        style: function (f) {
          var moved = highlight[f.properties.code];
          return {color: moved ? "#1f4e8c" : "#ffffff", weight: moved ? 2.5 : 0.8,
                  dashArray: moved ? "4 3" : null, fillColor: fill(f.properties.band),
                  fillOpacity: 0.65};
        },
        onEachFeature: function (f, layer) {
          var html = committeeHtml(f.properties, highlight[f.properties.code]);
          layer.bindPopup(html);
          layer.bindTooltip(esc(f.properties.name), {sticky: true});
          layer.on("click", function () {
            if (state.details) state.details.innerHTML = html;
          });
        }
      }).addTo(group);
      L.geoJSON(res[1], {interactive: false,
        style: function () { return {color: "#222", weight: 2, fill: false}; }}).addTo(group);
      if (state.opts.subdistrictLabels !== false) {
        subdistrictLabels(res[0]).forEach(function (m) { m.addTo(group); });
      }
      return group;
    });
  }

  function create(id, opts) {
    var map = L.map(id, {zoomSnap: opts.view ? 0 : 0.25, attributionControl: false});
    if (opts.view) map.setView(opts.view.center, opts.view.zoom, {animate: false});
    var el = document.getElementById(id);
    el.style.background = "#eef1f4";
    (opts.tiles || []).forEach(function (tile) {
      L.tileLayer(tile.url, {attribution: tile.attribution || ""}).addTo(map);
    });
    var state = {map: map, groups: {}, opts: opts, highlight: {},
                 details: opts.details ? document.getElementById(opts.details) : null};
    (opts.highlight || []).forEach(function (c) { state.highlight[c] = true; });
    state.ready = drawPair(state, opts.committees, opts.stations).then(function (g) {
      state.groups.after = g;
      g.addTo(map);
      var b = g.getBounds();
      if (!opts.view && b.isValid()) map.fitBounds(b, {padding: [10, 10]});
      el.setAttribute("data-loaded", "1");
      el.setAttribute("data-features", g.getLayers()[0].getLayers().length);
      return state;
    }).catch(function (e) { el.setAttribute("data-error", String(e)); });
    return state;
  }

  function show(state, which) {
    var map = state.map;
    Object.keys(state.groups).forEach(function (k) { map.removeLayer(state.groups[k]); });
    if (state.groups[which]) { state.groups[which].addTo(map); return; }
    if (which === "before" && state.opts.before) {
      var committees = state.opts.committees.replace(/plan=[^&]*/, "plan=current");
      drawPair(state, committees, state.opts.before).then(function (g) {
        state.groups.before = g;
        g.addTo(map);
      });
    }
  }

  function sync(a, b) {
    var busy = false;
    function follow(src, dst) {
      src.map.on("moveend", function () {
        if (busy) return;
        busy = true;
        dst.map.setView(src.map.getCenter(), src.map.getZoom(), {animate: false});
        busy = false;
      });
    }
    follow(a, b);
    follow(b, a);
  }

  return {create: create, show: show, sync: sync, COLORS: COLORS};
})();
