(function () {
  "use strict";
  var events = new EventSource("/__careleaf/events");
  events.addEventListener("reload", function () { location.reload(); });
  events.addEventListener("problem", function (e) {
    var box = document.getElementById("careleaf-problem");
    if (!box) {
      box = document.createElement("div");
      box.id = "careleaf-problem";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:99999;background:#fff;color:#1d2428;border-top:6px solid #a4262c;padding:1rem;font:14px/1.4 ui-monospace,monospace;white-space:pre-wrap;box-shadow:0 -4px 16px rgba(0,0,0,.3)";
      document.body.appendChild(box);
    }
    box.textContent = "careleaf: the last edit does not build; this is the last good version.\n\n" + JSON.parse(e.data);
  });
})();
