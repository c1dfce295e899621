// Draws every canvas[data-chart] with Chart.js (vendored). The numbers are also in the table beside each chart.
(function () {
  if (window.pastoralChartsDrawn || !window.Chart) return;
  window.pastoralChartsDrawn = true;
  var colours = ["#1f5566", "#c05621", "#2f855a", "#6b46c1"];
  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var config;
    try { config = JSON.parse(canvas.getAttribute("data-chart")); } catch (e) { return; }
    config.data = { labels: config.labels, datasets: config.datasets };
    config.data.datasets.forEach(function (d, i) { d.backgroundColor = colours[i % colours.length]; d.borderColor = colours[i % colours.length]; });
    config.options = { responsive: true, maintainAspectRatio: false, animation: false,
      scales: { y: { beginAtZero: true, ticks: { precision: 0 } } }, plugins: { legend: { display: config.data.datasets.length > 1 } } };
    new window.Chart(canvas, config);
  });
})();
