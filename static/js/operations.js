/* Operations charts: reads JSON from json_script tags; no inline data. */
(function () {
  "use strict";
  if (typeof Chart === "undefined") return;
  function data(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }
  function line(canvas, labels, sets, opts) {
    if (!canvas) return;
    return new Chart(canvas, {
      type: "line",
      data: { labels: labels, datasets: sets.map(function (s) {
        return { label: s.label, data: s.data, yAxisID: s.axis || "y", spanGaps: true,
                 pointRadius: 0, borderWidth: 2, tension: 0.2 };
      }) },
      options: Object.assign({ responsive: true, maintainAspectRatio: false, animation: false,
        interaction: { mode: "index", intersect: false } }, opts || {})
    });
  }
  var health = data("health-data");
  if (health) {
    var m = health.minutes;
    line(document.getElementById("chart-requests"), m.labels, [
      { label: "requests/min", data: m.requests },
      { label: "p95 ms (5 min)", data: m.p95, axis: "y1" }
    ], { scales: { y: { beginAtZero: true }, y1: { position: "right", beginAtZero: true } } });
    line(document.getElementById("chart-errors"), m.labels,
      [{ label: "5xx % (5 min)", data: m.error_pct }], { scales: { y: { beginAtZero: true } } });
    var r = health.resources;
    line(document.getElementById("chart-resources"), r.labels, [
      { label: "CPU %", data: r.cpu }, { label: "memory %", data: r.memory },
      { label: "disk %", data: r.disk }
    ], { scales: { y: { min: 0, max: 100 } } });
    var h = health.hours;
    line(document.getElementById("chart-hours"), h.labels, [
      { label: "p50 ms", data: h.p50 }, { label: "p95 ms", data: h.p95 }, { label: "p99 ms", data: h.p99 }
    ], { scales: { y: { beginAtZero: true } } });
  }
  var trends = data("trend-data");
  if (trends) {
    document.querySelectorAll("canvas[data-trend]").forEach(function (c) {
      var t = trends[c.getAttribute("data-trend")];
      if (t) line(c, t.labels, [{ label: c.getAttribute("aria-label"), data: t.values }],
        { plugins: { legend: { display: false } }, scales: { x: { display: false } } });
    });
  }
  var eng = data("engagement-data");
  if (eng) {
    line(document.getElementById("chart-engagement"), eng.map(function (d) { return d.day; }), [
      { label: "DAU", data: eng.map(function (d) { return d.dau; }) },
      { label: "WAU", data: eng.map(function (d) { return d.wau; }) },
      { label: "MAU", data: eng.map(function (d) { return d.mau; }) }
    ], { scales: { y: { beginAtZero: true } } });
  }
})();
