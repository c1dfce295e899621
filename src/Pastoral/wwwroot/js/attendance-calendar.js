// The pupil's attendance calendar: the session under the pointer or keyboard focus is described in the detail line (its title shows on hover too).
(function () {
  var line = document.getElementById("calendar-detail");
  if (!line) return;
  function show(event) {
    var cell = event.target.closest && event.target.closest("[data-detail]");
    if (cell) line.textContent = cell.getAttribute("data-detail");
  }
  document.addEventListener("focusin", show);
  document.addEventListener("mouseover", show);
})();
