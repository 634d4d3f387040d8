// Mood journal: live intensity readout and the chart of daily mean valence and arousal.
(function () {
  "use strict";
  var range = document.getElementById("id_intensity");
  var out = document.getElementById("intensity-out");
  if (range && out) {
    var show = function () { out.value = Number(range.value).toFixed(2); };
    range.addEventListener("input", show);
    show();
  }
  var canvas = document.getElementById("mood-chart");
  var source = document.getElementById("mood-series");
  if (!canvas || !source || typeof Chart === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  if (!data.length) { return; }
  var labels = data.map(function (p) {
    return new Date(p.day + "T00:00:00Z").toLocaleDateString(undefined, { month: "short", day: "numeric", timeZone: "UTC" });
  });
  window.moodChart = new Chart(canvas, {
    type: "line",
    data: {
      labels: labels,
      datasets: [
        { label: "Valence (pleasant +)", data: data.map(function (p) { return p.valence; }),
          borderColor: "#4f46e5", backgroundColor: "#4f46e5", tension: 0.35, pointRadius: 3 },
        { label: "Arousal (energised +)", data: data.map(function (p) { return p.arousal; }),
          borderColor: "#ec4899", backgroundColor: "#ec4899", tension: 0.35, pointRadius: 3, borderDash: [5, 4] }
      ]
    },
    options: {
      responsive: true, maintainAspectRatio: false, animation: false,
      interaction: { mode: "index", intersect: false },
      scales: {
        y: { min: -1, max: 1, ticks: { stepSize: 0.5 } },
        x: { ticks: { maxTicksLimit: 10 } }
      },
      plugins: {
        tooltip: { callbacks: { footer: function (items) { var n = data[items[0].dataIndex].count; return n + (n === 1 ? " entry" : " entries"); } } }
      }
    }
  });
}());
