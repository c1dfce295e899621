// Live updates: one /live stream per tab (server-sent events) carrying every topic. An element marked data-live="topic" takes the
// topic's text (into its [data-live-text] child, hidden when empty) and attributes (an accessible name that says the count).
// Without the stream (blocked by a proxy, signed out) the page simply shows what it had when drawn; a refresh brings it up to date.
(function () {
  if (!window.EventSource) return;
  var marked = document.querySelectorAll("[data-live]");
  if (marked.length === 0) return;
  var topics = {};
  marked.forEach(function (el) { topics[el.getAttribute("data-live")] = true; });
  var retry = 1000;

  function apply(topic, value) {
    document.querySelectorAll("[data-live='" + topic + "']").forEach(function (el) {
      var target = el.querySelector("[data-live-text]") || el;
      target.textContent = value.text;
      if (target !== el) target.hidden = value.text === "";
      if (value.attrs) Object.keys(value.attrs).forEach(function (name) { el.setAttribute(name, value.attrs[name]); });
    });
  }

  function connect() {
    var source = new EventSource("/live");
    Object.keys(topics).forEach(function (topic) {
      source.addEventListener(topic, function (e) {
        retry = 1000;
        try { apply(topic, JSON.parse(e.data)); } catch (err) { /* a malformed event changes nothing */ }
      });
    });
    // The browser reconnects by itself after a dropped connection; after a refusal (closed) we try again, more slowly each time.
    source.onerror = function () {
      if (source.readyState !== EventSource.CLOSED) return;
      setTimeout(connect, retry);
      retry = Math.min(retry * 2, 60000);
    };
  }
  connect();
})();
