// Clearance web UI: small keyboard helpers. Every page works without them.
"use strict";
document.addEventListener("keydown", function (e) {
  // "/" focuses the page's main search box, as on many sites, unless the
  // person is typing somewhere already.
  if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey) return;
  var t = e.target;
  if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
  var box = document.querySelector("[data-slash-focus]");
  if (!box) return;
  e.preventDefault();
  box.focus();
  box.select();
});
document.addEventListener("submit", function (e) {
  // A second click while the server works would send the action twice.
  var b = e.target.querySelector("button[type=submit]");
  if (b) setTimeout(function () { b.disabled = true; }, 0);
});
