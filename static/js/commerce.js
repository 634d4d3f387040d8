// Mood-based shopping: the affect scatter (mood -> target, suggestions) and the variety readout.
(function () {
  "use strict";
  var charts = {};

  function axes() {
    return {
      x: { min: -1, max: 1, title: { display: true, text: "valence: unpleasant → pleasant" } },
      y: { min: -1, max: 1, title: { display: true, text: "arousal: calm → energised" } }
    };
  }

  function draw(id, datasets) {
    var canvas = document.getElementById(id);
    if (!canvas || typeof Chart === "undefined") { return; }
    if (charts[id]) { charts[id].destroy(); }
    charts[id] = new Chart(canvas, {
      type: "scatter",
      data: { datasets: datasets },
      options: {
        responsive: true, maintainAspectRatio: false, animation: false, scales: axes(),
        plugins: { tooltip: { callbacks: { label: function (ctx) {
          var p = ctx.raw; return (p.label || ctx.dataset.label) + " (" + p.x.toFixed(2) + ", " + p.y.toFixed(2) + ")";
        } } } }
      }
    });
  }

  function shopChart() {
    var node = document.getElementById("affect-data");
    if (!node) { return; }
    var data = JSON.parse(node.textContent);
    if (!data || !data.items || !data.items.length) { return; }
    draw("affect-chart", [
      { label: "Suggestions", backgroundColor: "#4f46e5", pointRadius: 5,
        data: data.items.map(function (p) { return { x: p.valence, y: p.arousal, label: p.rank + ". " + p.name }; }) },
      { label: "Your mood", backgroundColor: "#dc2626", pointRadius: 8, pointStyle: "rectRot",
        data: [{ x: data.mood.valence, y: data.mood.arousal, label: "Your mood: " + data.mood.name }] },
      { label: "Aim", backgroundColor: "#16a34a", pointRadius: 8, pointStyle: "star",
        data: [{ x: data.target.valence, y: data.target.arousal, label: "Aim (" + data.target.mode + ")" }] },
      { label: "Direction", type: "line", borderColor: "#16a34a", borderDash: [6, 4], pointRadius: 0, showLine: true,
        data: [{ x: data.mood.valence, y: data.mood.arousal }, { x: data.target.valence, y: data.target.arousal }] }
    ]);
  }

  function productChart() {
    var node = document.getElementById("product-point");
    if (!node) { return; }
    var p = JSON.parse(node.textContent);
    draw("product-chart", [{ label: p.name, backgroundColor: "#4f46e5", pointRadius: 8,
      data: [{ x: p.valence, y: p.arousal, label: p.name }] }]);
  }

  function variety() {
    var range = document.getElementById("id_diversity");
    var out = document.getElementById("diversity-out");
    if (range && out) {
      range.addEventListener("input", function () { out.value = Number(range.value).toFixed(1); });
    }
  }

  function init() { shopChart(); productChart(); variety(); }
  init();
  document.addEventListener("htmx:afterSettle", init);
}());
