// Small progressive enhancements; every page works without them.
(function () {
  // Filters submit as soon as a select changes (the "Apply" button stays for keyboard and no-JS users).
  document.querySelectorAll("form[data-autosubmit] select").forEach(function (select) {
    select.addEventListener("change", function () { select.form.requestSubmit(); });
  });
  // htmx: send the antiforgery token with every non-GET request.
  document.body.addEventListener("htmx:configRequest", function (e) {
    var token = document.querySelector("input[name='__RequestVerificationToken']");
    if (token && e.detail.verb !== "get") e.detail.headers["RequestVerificationToken"] = token.value;
  });
})();
