/* Valuation charts: read #valuation-chart-data (json_script) and (re)draw on load and after
   every htmx refresh of the dashboard (HH.onLoad runs after the swap has settled). */
(function () {
  "use strict";

  function draw(id, config) { window.HH.chart(id, config); }

  // Long driver names ("discount rate (+/-2pp)") break into lines instead of being clipped.
  function wrap(text) {
    var words = String(text).split(" "), lines = [], line = "";
    words.forEach(function (w) {
      if (line && (line + " " + w).length > 16) { lines.push(line); line = w; } else { line = line ? line + " " + w : w; }
    });
    if (line) { lines.push(line); }
    return lines;
  }

  function money(v) { return window.HH.num(v); }

  function render() {
    var node = document.getElementById("valuation-chart-data");
    if (!node) { return; }
    var d = JSON.parse(node.textContent);
    var common = { responsive: true, maintainAspectRatio: false, animation: false };
    var compactY = { y: { ticks: { callback: function (v) { return window.HH.compact(v); } } } };
    if (d.history) {
      draw("chart-history", { type: "line", data: { labels: d.history.map(function (p) { return p.x; }),
        datasets: [{ label: "Value", data: d.history.map(function (p) { return p.y; }), borderColor: "#2563eb", pointRadius: 0, tension: 0.1 }] },
        options: Object.assign({}, common, { scales: compactY }) });
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
       ] }, options: Object.assign({}, common, { scales: compactY, plugins: { tooltip: { callbacks: { label: function (c) { return c.dataset.label + ": " + money(c.parsed.y); } } } } }) });
    }
    if (d.movements && d.movements.length) {
      var m = d.movements;
      var ds = function (label, key, color, sign) {
        return { label: label, data: m.map(function (r) { return sign * r[key]; }), backgroundColor: color, stack: "mrr" };
      };
      draw("chart-movements", { type: "bar", data: { labels: m.map(function (r) { return r.period.slice(0, 7); }), datasets: [
        ds("New", "new", "#16a34a", 1), ds("Expansion", "expansion", "#4ade80", 1), ds("Reactivation", "reactivation", "#0ea5e9", 1),
        ds("Contraction", "contraction", "#f97316", -1), ds("Churn", "churn", "#dc2626", -1)
      ] }, options: Object.assign({}, common, { scales: { x: { stacked: true }, y: { stacked: true, ticks: { callback: function (v) { return window.HH.compact(v); } } } } }) });
    }
    if (d.sensitivity && d.sensitivity.length) {
      var s = d.sensitivity;
      draw("chart-sensitivity", { type: "bar", data: { labels: s.map(function (r) { return wrap(r.driver); }), datasets: [
        { label: "low", data: s.map(function (r) { return r.low_value - d.value; }), backgroundColor: "#f97316" },
        { label: "high", data: s.map(function (r) { return r.high_value - d.value; }), backgroundColor: "#16a34a" }
      ] }, options: Object.assign({}, common, { indexAxis: "y", scales: { x: { stacked: true, title: { display: true, text: "change in value" }, ticks: { maxTicksLimit: 5, callback: function (v) { return window.HH.compact(v); } } }, y: { stacked: true, ticks: { autoSkip: false } } } }) });
    }
  }

  window.HH.onLoad(render);
})();
