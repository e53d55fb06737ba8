/* kg serve: draws each chart of a page from the figures the page embeds (<script type="application/json">)
   with the vendored Chart.js. Every chart has a table beside it with the same figures; without JavaScript
   the table alone shows. No request leaves this server. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  var palette = ["#0b5cad", "#9ca3af", "#d97706", "#15803d", "#7c3aed", "#b91c1c", "#0e7490"];

  function money(unit, value) {
    if (unit === "£") {
      return "£" + Number(value).toLocaleString("en-GB", { maximumFractionDigits: 0 });
    }
    return Number(value).toLocaleString("en-GB", { maximumFractionDigits: 2 });
  }

  function draw(figure) {
    var holder = figure.querySelector("script.chart-data");
    var canvas = figure.querySelector("canvas");
    if (!holder || !canvas) {
      return;
    }
    var data = JSON.parse(holder.textContent);
    var horizontal = data.kind === "hbar";
    var stacked = data.kind === "stacked";
    if (horizontal) {
      canvas.parentNode.style.height = Math.max(8, 1.6 * data.labels.length + 3) + "rem";
    }
    var datasets = data.series.map(function (s, i) {
      var colour = palette[i % palette.length];
      var fill = colour;
      if (data.highlight) {
        fill = data.labels.map(function (label) {
          return label === data.highlight ? "#d97706" : colour;
        });
      }
      return { label: s.name, data: s.values, backgroundColor: fill, borderColor: colour };
    });
    new window.Chart(canvas, {
      type: data.kind === "line" ? "line" : "bar",
      data: { labels: data.labels, datasets: datasets },
      options: {
        indexAxis: horizontal ? "y" : "x",
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: {
          legend: { display: data.series.length > 1 },
          tooltip: {
            callbacks: {
              label: function (item) {
                return item.dataset.label + ": " + money(data.unit, item.raw);
              }
            }
          }
        },
        scales: {
          x: { stacked: stacked, beginAtZero: true, ticks: horizontal ? { precision: 0 } : {} },
          y: { stacked: stacked, beginAtZero: true, ticks: horizontal ? {} : { precision: 0 } }
        }
      }
    });
  }

  function start() {
    if (typeof window.Chart === "undefined") {
      return;
    }
    Array.prototype.forEach.call(document.querySelectorAll("figure.chart"), draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
