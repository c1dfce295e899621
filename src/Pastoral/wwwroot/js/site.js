// Small progressive enhancements; every page works without them.
// No select submits its form on change: choosing with the arrow keys must not reload the page (WCAG 3.2.2). Filters apply with their button.
(function () {
  // htmx: send the antiforgery token with every non-GET request.
  document.body.addEventListener("htmx:configRequest", function (e) {
    var token = document.querySelector("input[name='__RequestVerificationToken']");
    if (token && e.detail.verb !== "get") e.detail.headers["RequestVerificationToken"] = token.value;
  });
})();
