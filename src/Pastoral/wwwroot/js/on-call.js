// On-call, live. live.js sets data-stamp/data-open on every element marked data-live="on-call" when a request is raised, taken or
// resolved anywhere (any instance). Here: the header's waiting count gives a cue when it goes up (a short tone and a flash; no flash
// under reduced motion, and the words are announced either way), and a page showing requests fetches its list again (the server
// applies the viewer's access) and swaps it in. Without the stream the page is right as of its last load.
(function () {
  if (!window.MutationObserver) return;
  var header = document.getElementById("on-call-waiting");
  var page = document.getElementById("on-call-live");
  var region = document.getElementById("on-call-refresh");
  var announce = document.getElementById("on-call-announce");

  function tone() {
    try {
      var Ctx = window.AudioContext || window.webkitAudioContext;
      if (!Ctx) return;
      var ctx = new Ctx();
      [0, 0.25].forEach(function (at) {
        var osc = ctx.createOscillator(), gain = ctx.createGain();
        osc.frequency.value = 880;
        gain.gain.setValueAtTime(0.15, ctx.currentTime + at);
        gain.gain.exponentialRampToValueAtTime(0.001, ctx.currentTime + at + 0.2);
        osc.connect(gain); gain.connect(ctx.destination);
        osc.start(ctx.currentTime + at); osc.stop(ctx.currentTime + at + 0.2);
      });
    } catch (e) { /* a browser that blocks sound until a tap still shows the flash and the words */ }
  }

  if (header) {
    var shownOpen = parseInt(header.getAttribute("data-open") || "0", 10);
    new MutationObserver(function () {
      var open = parseInt(header.getAttribute("data-open") || "0", 10);
      if (open > shownOpen) {
        header.classList.remove("on-call-alert");
        void header.offsetWidth; // restart the animation
        header.classList.add("on-call-alert");
        tone();
        if (announce) announce.textContent = "New on-call request. " + header.getAttribute("aria-label");
      }
      shownOpen = open;
    }).observe(header, { attributes: true, attributeFilter: ["data-open"] });
  }

  if (page && region) {
    var shown = page.getAttribute("data-stamp");
    var busy = false, again = false;
    var refresh = function () {
      if (busy) { again = true; return; }
      busy = true;
      fetch(page.getAttribute("data-list-url"), { credentials: "same-origin", headers: { "Accept": "text/html" } })
        .then(function (r) { return r.ok ? r.text() : null; })
        .then(function (html) { if (html !== null) region.innerHTML = html; })
        .catch(function () { /* the next change tries again */ })
        .finally(function () { busy = false; if (again) { again = false; refresh(); } });
    };
    new MutationObserver(function () {
      var stamp = page.getAttribute("data-stamp");
      if (stamp === shown) return;
      shown = stamp;
      refresh();
    }).observe(page, { attributes: true, attributeFilter: ["data-stamp"] });
  }
})();
