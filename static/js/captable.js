/* Cap table charts: ownership before/after (stacked bars, one colour per holder) and the
   side-by-side comparison. Data comes from json_script blocks; no inline scripts. */
(function () {
  "use strict";
  /* One distinct hue per holder (golden-angle steps), the unallocated pool in grey. */
  function colour(i, isPool) {
    if (isPool) { return "#cbd5e1"; }
    return "hsl(" + Math.round((i * 137.508 + 220) % 360) + ", 65%, " + (i % 2 ? 42 : 55) + "%)";
  }

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
            return { label: h.name, data: [h.before, h.after], backgroundColor: colour(i, h.pool), stack: "own" };
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
          scales: { x: { ticks: { callback: function (v) { return pct(v); } } }, y: { ticks: { autoSkip: false } } },
          plugins: { tooltip: { callbacks: { label: function (c) { return c.dataset.label + ": " + pct(c.parsed.x); } } } }
        })
      });
    }
  }

  document.addEventListener("DOMContentLoaded", render);
})();
