// First-day calling queue: live.js sets data-stamp on the marked element when a family is taken, released or called anywhere
// (any instance); this fetches the queue again (the server applies the viewer's scope) and swaps it in. No stream: the page
// is right as of its last load.
(function () {
  var marker = document.getElementById("calling-live");
  var list = document.getElementById("calling-queue");
  if (!marker || !list || !window.MutationObserver) return;
  var shown = marker.getAttribute("data-stamp");
  var busy = false, again = false;

  function refresh() {
    if (busy) { again = true; return; }
    busy = true;
    fetch(marker.getAttribute("data-list-url"), { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) { if (html !== null) list.innerHTML = html; })
      .catch(function () { /* the next change tries again */ })
      .finally(function () { busy = false; if (again) { again = false; refresh(); } });
  }

  new MutationObserver(function () {
    var stamp = marker.getAttribute("data-stamp");
    if (stamp === shown) return;
    shown = stamp;
    refresh();
  }).observe(marker, { attributes: true, attributeFilter: ["data-stamp"] });
})();
