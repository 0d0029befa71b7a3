/* satudesa search page: loads Pagefind's default UI on demand. The page works without it. */
(function () {
  var me = document.currentScript;
  var bundle = new URL(me.dataset.bundle, location.href).pathname;
  var base = new URL(me.dataset.base, location.href).pathname;
  var css = document.createElement("link");
  css.rel = "stylesheet";
  css.href = bundle + "pagefind-ui.css";
  document.head.appendChild(css);
  var ui = document.createElement("script");
  ui.src = bundle + "pagefind-ui.js";
  ui.onload = function () {
    var search = new PagefindUI({ element: "#cari", bundlePath: bundle, baseUrl: base,
                                  showImages: false, resetStyles: false });
    var input = document.querySelector("#cari input");
    if (input) input.setAttribute("aria-label", "Kata kunci pencarian");
    var q = new URLSearchParams(location.search).get("q");
    if (q) search.triggerSearch(q);
  };
  document.head.appendChild(ui);
})();
