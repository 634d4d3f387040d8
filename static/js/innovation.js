/* Innovation charts: Bass forecast on the invention page, weekly trends on the metrics page. */
(function () {
  "use strict";
  function data(id) { var el = document.getElementById(id); return el ? JSON.parse(el.textContent) : null; }
  var bass = data("bass-data");
  if (bass && document.getElementById("bass-chart")) {
    new Chart(document.getElementById("bass-chart"), {
      type: "bar",
      data: { labels: bass.map(function (r) { return "Year " + r.year; }),
        datasets: [{ label: "New adopters", data: bass.map(function (r) { return r.new; }) },
                   { label: "Cumulative", type: "line", data: bass.map(function (r) { return r.cumulative; }) }] },
      options: { responsive: true, maintainAspectRatio: false }
    });
  }
  var m = data("metrics-data");
  if (m && document.getElementById("metrics-chart")) {
    new Chart(document.getElementById("metrics-chart"), {
      type: "line",
      data: { labels: m.weeks, datasets: [
        { label: "Breakthrough rate", data: m.breakthrough_rate, yAxisID: "y" },
        { label: "Disruption (DI1)", data: m.disruption, yAxisID: "y" },
        { label: "Inventions", data: m.inventions, yAxisID: "y1" },
        { label: "Patents filed+", data: m.patents, yAxisID: "y1" }] },
      options: { responsive: true, maintainAspectRatio: false,
        scales: { y: { min: -1, max: 1 }, y1: { position: "right", beginAtZero: true } } }
    });
  }
})();
