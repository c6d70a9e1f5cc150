/* Border control console: keyboard shortcuts (served as a file: the CSP forbids inline
   scripts). Enter or Ctrl+Enter checks the MRZ, Alt+D flips entry/exit, C / R / X decide,
   N starts the next traveller. */
(function () {
  "use strict";

  function typing(target) {
    if (!target) return false;
    var tag = target.tagName;
    if (tag === "TEXTAREA" || tag === "SELECT" || target.isContentEditable) return true;
    return tag === "INPUT" && !/^(radio|checkbox|button|submit|hidden)$/.test(target.type);
  }

  // A complete MRZ: 2 x 44 (passport), 2 x 36, 3 x 30, or one line of 30 (HK/Macao permit).
  function complete(text) {
    var lines = text.split(/\r?\n/).map(function (l) { return l.trim(); })
      .filter(function (l) { return l.length > 0; });
    if (lines.length === 0) return false;
    var n = lines[0].length;
    if (!lines.every(function (l) { return l.length === n; })) return false;
    if (n === 44 || n === 36) return lines.length === 2;
    if (n === 30) return lines.length === 3 || (lines.length === 1 && /^C[SD]/.test(lines[0]));
    return false;
  }

  function submit(form) {
    if (!form) return;
    if (form.requestSubmit) form.requestSubmit(); else form.submit();
  }

  function toggleDirection() {
    var radios = document.querySelectorAll("input[name=direction]");
    if (radios.length !== 2) return;
    var entry = radios[0].checked;
    radios[entry ? 1 : 0].checked = true;
  }

  var consoleForm = document.getElementById("console-form");
  var mrz = document.getElementById("mrz");
  var hasDecision = !!document.getElementById("form-refer");

  if (mrz && consoleForm) {
    mrz.addEventListener("keydown", function (e) {
      if (e.key !== "Enter") return;
      if (e.ctrlKey || e.metaKey || (!e.shiftKey && complete(mrz.value))) {
        e.preventDefault();
        submit(consoleForm);
      }
    });
    if (!hasDecision) { mrz.focus(); }
  }

  var pick = document.getElementById("demo-pick");
  if (pick && mrz) {
    pick.addEventListener("change", function () {
      var opt = pick.options[pick.selectedIndex];
      if (!opt || !opt.value) return;
      mrz.value = opt.getAttribute("data-mrz") || "";
      var dir = opt.getAttribute("data-direction");
      document.querySelectorAll("input[name=direction]").forEach(function (r) {
        r.checked = r.value === dir;
      });
      var fields = ["destination", "kind", "from", "until", "trips", "stay"];
      var any = false;
      fields.forEach(function (f) {
        var el = document.getElementById("endorsement_" + f);
        var v = opt.getAttribute("data-endorsement-" + f) || "";
        if (el) { el.value = v; }
        if (v) any = true;
      });
      var extras = document.querySelector("details.extras");
      if (extras && any) extras.open = true;
      mrz.focus();
    });
  }

  if (hasDecision) {
    var clearButton = document.querySelector("[data-testid=clear]");
    if (clearButton) clearButton.focus();
  }

  var next = document.getElementById("next-traveller");
  if (next) next.focus();

  document.addEventListener("keydown", function (e) {
    if (e.altKey && (e.key === "d" || e.key === "D")) {
      e.preventDefault();
      toggleDirection();
      return;
    }
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === "Escape" && typing(e.target)) { e.target.blur(); return; }
    if (typing(e.target)) return;
    var key = e.key.toLowerCase();
    if (next && (key === "n" || e.key === "Enter")) {
      e.preventDefault();
      window.location.assign(next.getAttribute("href"));
      return;
    }
    if (!hasDecision) {
      if (key === "d") { e.preventDefault(); toggleDirection(); }
      return;
    }
    if (key === "c") {
      e.preventDefault();
      var form = document.getElementById("form-clear");
      var reason = document.getElementById("clear-reason");
      if (reason && !reason.value.trim()) { reason.focus(); return; }
      submit(form);
    } else if (key === "r") {
      e.preventDefault();
      var select = document.getElementById("refer-reason");
      if (select) select.focus();
    } else if (key === "x") {
      var refuse = document.getElementById("refuse-reason");
      if (refuse) { e.preventDefault(); refuse.focus(); }
    } else if (key === "n") {
      e.preventDefault();
      window.location.assign("/clearance");
    }
  });

  // In the refer and refuse panels, Enter in the select / Ctrl+Enter in the text submits.
  var referSelect = document.getElementById("refer-reason");
  if (referSelect) {
    referSelect.addEventListener("keydown", function (e) {
      if (e.key === "Enter") { e.preventDefault(); submit(document.getElementById("form-refer")); }
    });
  }
  var refuseText = document.getElementById("refuse-reason");
  if (refuseText) {
    refuseText.addEventListener("keydown", function (e) {
      if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        submit(document.getElementById("form-refuse"));
      }
    });
  }
})();
