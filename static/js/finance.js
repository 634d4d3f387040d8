// Emotional risk profile: the questionnaire wizard, the allocation and fan charts, history.
(function () {
  "use strict";

  function wizard() {
    var form = document.getElementById("assess-form");
    var steps = form ? form.querySelectorAll(".wizard-step") : [];
    if (!steps.length) { return; }
    var back = document.getElementById("wizard-back");
    var next = document.getElementById("wizard-next");
    var submit = document.getElementById("assess-submit");
    var current = 0;
    // Open the first step that holds an error, if the server sent any.
    for (var i = 0; i < steps.length; i++) {
      if (steps[i].querySelector(".errorlist")) { current = i; break; }
    }
    function show() {
      for (var j = 0; j < steps.length; j++) { steps[j].hidden = j !== current; }
      back.hidden = current === 0;
      next.hidden = current === steps.length - 1;
      submit.hidden = current !== steps.length - 1;
      var heading = steps[current].querySelector("h2");
      if (heading) { heading.setAttribute("tabindex", "-1"); heading.focus(); }
    }
    next.addEventListener("click", function () { if (current < steps.length - 1) { current++; show(); } });
    back.addEventListener("click", function () { if (current > 0) { current--; show(); } });
    show();
  }

  function anxietyReadout() {
    var range = document.getElementById("id_financial_anxiety_level");
    var out = document.getElementById("anxiety-out");
    if (range && out) { range.addEventListener("input", function () { out.value = range.value; }); }
  }

  function resultCharts() {
    var node = document.getElementById("result-data");
    if (!node || typeof Chart === "undefined") { return; }
    var d = JSON.parse(node.textContent);
    var pct = function (x) { return Math.round(x * 100); };
    window.allocationChart = new Chart(document.getElementById("allocation-chart"), {
      type: "doughnut",
      data: { labels: ["Stocks", "Bonds", "Cash"],
        datasets: [{ data: [pct(d.allocation.stocks), pct(d.allocation.bonds), pct(d.allocation.cash)],
          backgroundColor: ["#4f46e5", "#0ea5e9", "#a3a3a3"] }] },
      options: { responsive: true, maintainAspectRatio: false, animation: false,
        plugins: { tooltip: { callbacks: { label: function (c) { return c.label + ": " + c.raw + "%"; } } } } }
    });
    var years = d.fan.map(function (f) { return "Year " + f.year; });
    window.fanChart = new Chart(document.getElementById("fan-chart"), {
      type: "line",
      data: { labels: ["Now"].concat(years), datasets: [
        { label: "1 in 10 above (P90)", data: [100].concat(d.fan.map(function (f) { return f.p90; })),
          borderColor: "#16a34a", backgroundColor: "rgba(79,70,229,0.12)", fill: "+2", pointRadius: 0 },
        { label: "Middle (P50)", data: [100].concat(d.fan.map(function (f) { return f.p50; })),
          borderColor: "#4f46e5", pointRadius: 0, borderWidth: 3 },
        { label: "1 in 10 below (P10)", data: [100].concat(d.fan.map(function (f) { return f.p10; })),
          borderColor: "#dc2626", pointRadius: 0 }
      ] },
      options: { responsive: true, maintainAspectRatio: false, animation: false,
        interaction: { mode: "index", intersect: false },
        scales: { y: { title: { display: true, text: "value of 100 invested" } } } }
    });
  }

  function historyChart() {
    var node = document.getElementById("history-series");
    var canvas = document.getElementById("history-chart");
    if (!node || !canvas || typeof Chart === "undefined") { return; }
    var s = JSON.parse(node.textContent);
    var labels = s.map(function (p) {
      return new Date(p.t).toLocaleString(undefined, { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });
    });
    window.historyChart = new Chart(canvas, {
      type: "line",
      data: { labels: labels, datasets: [
        { label: "Emotional risk score", data: s.map(function (p) { return p.score; }), borderColor: "#4f46e5", borderWidth: 3 },
        { label: "Tolerance", data: s.map(function (p) { return p.tolerance; }), borderColor: "#16a34a" },
        { label: "Anxiety", data: s.map(function (p) { return p.anxiety; }), borderColor: "#dc2626" }
      ] },
      options: { responsive: true, maintainAspectRatio: false, animation: false,
        scales: { y: { min: 0, max: 100 } } }
    });
  }

  wizard(); anxietyReadout(); resultCharts(); historyChart();
}());
