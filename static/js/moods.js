// Mood journal: live intensity readout and the valence/arousal chart.
(function () {
  "use strict";
  var range = document.getElementById("id_intensity");
  var out = document.getElementById("intensity-out");
  if (range && out) {
    range.addEventListener("input", function () { out.value = Number(range.value).toFixed(2); });
  }
  var canvas = document.getElementById("mood-chart");
  var data = JSON.parse(document.getElementById("mood-series").textContent);
  if (!canvas || !data.length || typeof Chart === "undefined") { return; }
  var labels = data.map(function (p) {
    var d = new Date(p.t);
    return d.toLocaleDateString(undefined, { month: "short", day: "numeric" }) + " " +
      d.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });
  });
  window.moodChart = new Chart(canvas, {
    type: "line",
    data: {
      labels: labels,
      datasets: [
        { label: "Valence", data: data.map(function (p) { return p.valence; }), borderColor: "#4f46e5",
          backgroundColor: "#4f46e5", tension: 0.3, pointRadius: data.map(function (p) { return 2 + 4 * p.intensity; }) },
        { label: "Arousal", data: data.map(function (p) { return p.arousal; }), borderColor: "#ec4899",
          backgroundColor: "#ec4899", tension: 0.3, pointRadius: 2 }
      ]
    },
    options: {
      responsive: true, maintainAspectRatio: false, animation: false,
      interaction: { mode: "index", intersect: false },
      scales: { y: { min: -1, max: 1, title: { display: true, text: "−1 … +1" } }, x: { ticks: { maxTicksLimit: 8 } } },
      plugins: { tooltip: { callbacks: { afterTitle: function (items) { var p = data[items[0].dataIndex]; return p.emotion + " (" + p.intensity.toFixed(2) + ")"; } } } }
    }
  });
}());
