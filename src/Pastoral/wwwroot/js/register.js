// The register page: "Mark all present" without a round trip, fields only for the code chosen, and keys for a desktop.
// Without this script the page still works: every field shows and "Mark all present" fills the form on the server.
(function () {
  var form = document.getElementById("register-form");
  if (!form) return;
  form.classList.add("js");
  var present = form.getAttribute("data-present");
  var rows = Array.prototype.slice.call(form.querySelectorAll(".register-row"));

  function checked(row) { return row.querySelector("input[type=radio]:checked"); }
  function refresh(row) {
    var c = checked(row);
    var code = c ? c.value : "";
    row.classList.toggle("show-late", code === "L");
    row.classList.toggle("show-other", code === "other");
    var reason = row.querySelector(".reason");
    if (reason && reason.value) row.classList.add("show-reason");
    var toggle = row.querySelector(".reason-toggle");
    if (toggle) toggle.classList.toggle("d-none", row.classList.contains("show-reason"));
  }
  rows.forEach(function (row) {
    if (row.classList.contains("is-invalid")) row.classList.add("show-reason");
    refresh(row);
    row.addEventListener("change", function () { refresh(row); });
    var toggle = row.querySelector(".reason-toggle");
    if (toggle) toggle.addEventListener("click", function () {
      row.classList.add("show-reason");
      refresh(row);
      row.querySelector(".reason").focus();
    });
  });

  document.getElementById("all-present").addEventListener("click", function (e) {
    e.preventDefault();
    rows.forEach(function (row) {
      if (checked(row)) return;
      var radio = row.querySelector("input[type=radio][value='" + (present === "\\" ? "\\\\" : present) + "']");
      if (radio) { radio.checked = true; refresh(row); }
    });
  });

  function focusRow(i) {
    if (i < 0 || i >= rows.length) return;
    var target = checked(rows[i]) || rows[i].querySelector("input[type=radio]");
    target.focus();
  }
  form.addEventListener("keydown", function (e) {
    var row = e.target.closest ? e.target.closest(".register-row") : null;
    var typing = e.target.tagName === "SELECT" || (e.target.tagName === "INPUT" && e.target.type !== "radio");
    if (!row || typing || e.ctrlKey || e.altKey || e.metaKey) return;
    var index = rows.indexOf(row);
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      focusRow(index + (e.key === "ArrowDown" ? 1 : -1));
      return;
    }
    if (e.key === "Enter") {
      e.preventDefault();
      form.requestSubmit(document.getElementById("save-register"));
      return;
    }
    var key = e.key.length === 1 ? e.key.toUpperCase() : "";
    if (!key) return;
    var radio = Array.prototype.slice.call(row.querySelectorAll("input[type=radio]")).filter(function (r) { return r.getAttribute("data-key") === key; })[0];
    if (!radio) return;
    e.preventDefault();
    radio.checked = true;
    refresh(row);
    radio.focus();
    if (key !== "L") focusRow(index + 1);
  });
})();
