// careleaf's search page: starts Pagefind's search box (shipped by Pagefind into
// pagefind/ at build time) and runs the query the header form sent as ?q=.
// Everything else on the site works without JavaScript.
(function () {
  "use strict";
  var box = document.getElementById("search");
  if (!box) return;
  if (location.protocol === "file:" || typeof PagefindUI === "undefined") {
    var note = document.querySelector(".search-offline");
    if (note) note.hidden = false;
    return;
  }
  var query = new URLSearchParams(location.search).get("q");
  var ui = new PagefindUI({
    element: "#search",
    bundlePath: box.getAttribute("data-bundle"),
    showImages: false,
    showSubResults: true,
    resetStyles: false,
    autofocus: !query
  });
  if (query) {
    ui.triggerSearch(query);
    var input = box.querySelector("input");
    if (input) input.focus();
  }
})();
