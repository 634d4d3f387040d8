/* Valuation charts: read #valuation-chart-data (json_script) and (re)draw on load and after
   every htmx refresh of the dashboard. */
(function () {
  "use strict";
  var charts = {};

  function draw(id, config) {
    var el = document.getElementById(id);
    if (!el || typeof Chart === "undefined") { return; }
    if (charts[id]) { charts[id].destroy(); }
    charts[id] = new Chart(el, config);
  }

  function money(v) { return Math.round(v).toLocaleString(); }

  function render() {
    var node = document.getElementById("valuation-chart-data");
    if (!node) { return; }
    var d = JSON.parse(node.textContent);
    var common = { responsive: true, maintainAspectRatio: false, animation: false };
    if (d.history) {
      draw("chart-history", { type: "line", data: { labels: d.history.map(function (p) { return p.x; }),
        datasets: [{ label: "Value", data: d.history.map(function (p) { return p.y; }), borderColor: "#2563eb", pointRadius: 0, tension: 0.1 }] },
        options: common });
    }
    if (d.fan && d.fan.length) {
      // Fans start at year 0 (today's value); older snapshots began at year 1.
      var lead = d.fan[0].year === 0 ? [] : [d.value];
      var labels = (lead.length ? ["now"] : []).concat(d.fan.map(function (r) { return r.year === 0 ? "now" : "Y" + r.year; }));
      var col = function (k) { return lead.concat(d.fan.map(function (r) { return r[k]; })); };
      draw("chart-fan", { type: "line", data: { labels: labels, datasets: [
        { label: "P90", data: col("p90"), borderColor: "rgba(37,99,235,0.4)", backgroundColor: "rgba(37,99,235,0.15)", fill: "+2", pointRadius: 0 },
        { label: "P50", data: col("p50"), borderColor: "#2563eb", pointRadius: 2 },
        { label: "P10", data: col("p10"), borderColor: "rgba(37,99,235,0.4)", pointRadius: 0 }
      ] }, options: Object.assign({}, common, { plugins: { tooltip: { callbacks: { label: function (c) { return c.dataset.label + ": " + money(c.parsed.y); } } } } }) });
    }
    if (d.movements && d.movements.length) {
      var m = d.movements;
      var ds = function (label, key, color, sign) {
        return { label: label, data: m.map(function (r) { return sign * r[key]; }), backgroundColor: color, stack: "mrr" };
      };
      draw("chart-movements", { type: "bar", data: { labels: m.map(function (r) { return r.period.slice(0, 7); }), datasets: [
        ds("New", "new", "#16a34a", 1), ds("Expansion", "expansion", "#4ade80", 1), ds("Reactivation", "reactivation", "#0ea5e9", 1),
        ds("Contraction", "contraction", "#f97316", -1), ds("Churn", "churn", "#dc2626", -1)
      ] }, options: Object.assign({}, common, { scales: { x: { stacked: true }, y: { stacked: true } } }) });
    }
    if (d.sensitivity && d.sensitivity.length) {
      var s = d.sensitivity;
      draw("chart-sensitivity", { type: "bar", data: { labels: s.map(function (r) { return r.driver; }), datasets: [
        { label: "low", data: s.map(function (r) { return r.low_value - d.value; }), backgroundColor: "#f97316" },
        { label: "high", data: s.map(function (r) { return r.high_value - d.value; }), backgroundColor: "#16a34a" }
      ] }, options: Object.assign({}, common, { indexAxis: "y", scales: { x: { stacked: true, title: { display: true, text: "change in value" } }, y: { stacked: true } } }) });
    }
  }

  document.addEventListener("DOMContentLoaded", render);
  // CSV import: show upload progress on the form's <progress> bar.
  document.body.addEventListener("htmx:xhr:progress", function (evt) {
    var bar = document.getElementById("import-progress");
    if (bar && evt.detail.lengthComputable) {
      bar.value = Math.round(evt.detail.loaded / evt.detail.total * 100);
    }
  });
  document.body.addEventListener("htmx:afterSwap", function (evt) {
    if (evt.detail.target && evt.detail.target.id === "valuation-live") { render(); }
  });
})();
