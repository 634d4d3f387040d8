/* Cap table charts: ownership before/after (stacked bars, one colour per holder) and the
   side-by-side comparison. Data comes from json_script blocks; no inline scripts. */
(function () {
  "use strict";
  var PALETTE = ["#2563eb", "#16a34a", "#f97316", "#9333ea", "#0ea5e9", "#dc2626", "#ca8a04",
    "#0d9488", "#db2777", "#4f46e5", "#65a30d", "#64748b"];

  function data(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  function pct(v) { return (v * 100).toFixed(2) + "%"; }

  function render() {
    if (typeof Chart === "undefined") { return; }
    var common = { responsive: true, maintainAspectRatio: false, animation: false };
    var own = data("captable-chart-data");
    var el = document.getElementById("chart-ownership");
    if (own && el) {
      new Chart(el, {
        type: "bar",
        data: {
          labels: ["Before", "After"],
          datasets: own.holders.map(function (h, i) {
            return { label: h.name, data: [h.before, h.after], backgroundColor: PALETTE[i % PALETTE.length], stack: "own" };
          })
        },
        options: Object.assign({}, common, {
          indexAxis: "y",
          scales: { x: { stacked: true, max: 1, ticks: { callback: function (v) { return pct(v); } } }, y: { stacked: true } },
          plugins: { tooltip: { callbacks: { label: function (c) { return c.dataset.label + ": " + pct(c.parsed.x); } } } }
        })
      });
    }
    var cmp = data("captable-compare-data");
    var el2 = document.getElementById("chart-compare");
    if (cmp && el2) {
      new Chart(el2, {
        type: "bar",
        data: {
          labels: cmp.holders.map(function (h) { return h.name; }),
          datasets: [
            { label: cmp.a, data: cmp.holders.map(function (h) { return h.a; }), backgroundColor: "#94a3b8" },
            { label: cmp.b, data: cmp.holders.map(function (h) { return h.b; }), backgroundColor: "#2563eb" }
          ]
        },
        options: Object.assign({}, common, {
          indexAxis: "y",
          scales: { x: { ticks: { callback: function (v) { return pct(v); } } } },
          plugins: { tooltip: { callbacks: { label: function (c) { return c.dataset.label + ": " + pct(c.parsed.x); } } } }
        })
      });
    }
  }

  document.addEventListener("DOMContentLoaded", render);
})();
