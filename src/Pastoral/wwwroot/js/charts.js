// Draws every canvas[data-chart] with Chart.js (vendored). The numbers are also in the table beside each chart.
(function () {
  if (window.pastoralChartsDrawn || !window.Chart) return;
  window.pastoralChartsDrawn = true;
  var colours = ["#1f5566", "#c05621", "#2f855a", "#6b46c1", "#b83280", "#2b6cb0", "#744210", "#4a5568", "#0d9488"];
  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var config;
    try { config = JSON.parse(canvas.getAttribute("data-chart")); } catch (e) { return; }
    config.data = { labels: config.labels, datasets: config.datasets };
    config.data.datasets.forEach(function (d, i) { d.backgroundColor = colours[i % colours.length]; d.borderColor = colours[i % colours.length]; });
    config.options = { responsive: true, maintainAspectRatio: false, animation: false,
      scales: { y: { beginAtZero: true, ticks: { precision: 0 } } }, plugins: { legend: { display: config.data.datasets.length > 1 } } };
    if (config.data.datasets.some(function (d) { return d.yAxisID === "y2"; }))
      config.options.scales.y2 = { position: "right", beginAtZero: true, suggestedMax: 100, grid: { drawOnChartArea: false } };
    new window.Chart(canvas, config);
  });
})();
