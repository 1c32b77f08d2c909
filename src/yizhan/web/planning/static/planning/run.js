/* Poll a planner run's status endpoint and update the page (no libraries). */
(function () {
  var panel = document.getElementById("run-panel");
  if (!panel || panel.dataset.finished === "1") return;
  var url = panel.dataset.statusUrl;
  function update(s) {
    var pct = Math.round((s.progress || 0) * 100);
    var bar = document.getElementById("progress-bar");
    bar.style.width = pct + "%";
    bar.parentNode.setAttribute("aria-valuenow", pct);
    var st = document.getElementById("run-status");
    st.textContent = s.status_label;
    st.className = "run run-" + s.status;
    document.getElementById("run-message").textContent = s.message || "";
    if (s.plan_url) {
      document.getElementById("plan-link").href = s.plan_url;
      document.getElementById("run-result").hidden = false;
    }
    if (s.error) {
      var e = document.getElementById("run-error");
      e.textContent = s.error;
      e.hidden = false;
    }
    if (s.finished) {
      var c = document.getElementById("cancel-form");
      if (c) c.remove();
      panel.dataset.finished = "1";
      // show the final state (times, report) as the server renders it
      setTimeout(function () { window.location.reload(); }, 300);
    }
  }
  function poll() {
    fetch(url, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (r) { return r.json(); })
      .then(function (s) { update(s); if (!s.finished) setTimeout(poll, 1000); })
      .catch(function () { setTimeout(poll, 3000); });
  }
  setTimeout(poll, 500);
})();
