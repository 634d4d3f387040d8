/* Operations charts: read JSON from json_script tags (no inline data); redrawn after every htmx
   refresh through HH.onLoad. Sparklines with fewer than two points say "No data yet". */
(function () {
  "use strict";
  function data(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }
  function line(canvas, labels, sets, opts) {
    if (!canvas) return null;
    var few = labels.length < 3;
    return window.HH.chart(canvas, {
      type: "line",
      data: { labels: labels, datasets: sets.map(function (s) {
        return { label: s.label, data: s.data, yAxisID: s.axis || "y", spanGaps: true,
                 pointRadius: few ? 3 : 0, borderWidth: 2, tension: 0.2 };
      }) },
      options: Object.assign({ responsive: true, maintainAspectRatio: false, animation: false,
        interaction: { mode: "index", intersect: false } }, opts || {})
    });
  }
  function numbers(values) {
    return (values || []).filter(function (v) { return v !== null && v !== undefined && isFinite(v); });
  }
  function render() {
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
    var trends = data("trend-data") || {};
    document.querySelectorAll("canvas[data-trend]").forEach(function (c) {
      var t = trends[c.getAttribute("data-trend")];
      var values = numbers(t && t.values);
      if (values.length < 2) { window.HH.noData(c, "No data yet"); return; }
      var lo = Math.min.apply(null, values), hi = Math.max.apply(null, values);
      // A flat series (all zero patents) gets an axis from 0 up, not the default -1..1.
      var y = lo === hi ? { suggestedMin: Math.min(0, lo), suggestedMax: Math.max(1, hi * 1.2) } : {};
      y.ticks = { maxTicksLimit: 3, callback: function (v) { return window.HH.compact(v); } };
      line(c, t.labels, [{ label: c.getAttribute("aria-label"), data: t.values }],
        { plugins: { legend: { display: false } }, scales: { x: { display: false }, y: y } });
    });
    var eng = data("engagement-data");
    if (eng) {
      line(document.getElementById("chart-engagement"), eng.map(function (d) { return d.day; }), [
        { label: "Daily active users", data: eng.map(function (d) { return d.dau; }) },
        { label: "Weekly active users", data: eng.map(function (d) { return d.wau; }) },
        { label: "Monthly active users", data: eng.map(function (d) { return d.mau; }) }
      ], { scales: { y: { beginAtZero: true } } });
    }
  }
  window.HH.onLoad(render);
})();
