/* satudesa search page: a small form over Pagefind's search API (pagefind.js, loaded on
   the first search). Pagefind's ready-made UI would cost ~33 KB gzip more; the page works
   without any of it, as a list of every page. */
(function () {
  "use strict";
  var me = document.currentScript;
  var bundle = new URL(me.dataset.bundle, location.href).href;
  var base = new URL(me.dataset.base, location.href).pathname;
  var box = document.getElementById("cari");

  function make(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    if (text) node.textContent = text;
    return node;
  }

  // Built here, not in the HTML: without JavaScript a form would do nothing.
  var form = make("form", { role: "search" });
  var input = make("input", { id: "cari-q", name: "q", type: "search", autocomplete: "off",
                              enterkeyhint: "search" });
  var row = make("span", { "class": "cari-baris" });
  row.appendChild(input);
  row.appendChild(make("button", { "class": "button", type: "submit" }, "Cari"));
  form.appendChild(make("label", { "for": "cari-q" }, "Kata kunci"));
  form.appendChild(row);
  var status = make("p", { id: "cari-status", role: "status" });
  var list = make("ol", { id: "cari-hasil", "class": "hasil" });
  var button = make("button", { id: "cari-lagi", "class": "button button-alt", type: "button" },
                    "Tampilkan lebih banyak");
  button.hidden = true;
  [form, status, list, button].forEach(function (node) { box.appendChild(node); });
  var engine = null;
  var latest = 0;
  var timer = 0;

  function load() {
    if (!engine) {
      engine = import(bundle + "pagefind.js").then(function (pagefind) {
        return pagefind.options({ baseUrl: base }).then(function () { return pagefind; });
      });
    }
    return engine;
  }

  // Pagefind marks the words found with <mark>; keep that and plain text, nothing else.
  function excerpt(html) {
    var p = document.createElement("p");
    var parsed = new DOMParser().parseFromString(html, "text/html").body.childNodes;
    for (var i = 0; i < parsed.length; i++) {
      var node = parsed[i];
      var part = node.nodeName === "MARK" ? document.createElement("mark") : null;
      if (part) {
        part.textContent = node.textContent;
        p.appendChild(part);
      } else {
        p.appendChild(document.createTextNode(node.textContent));
      }
    }
    return p;
  }

  function item(page) {
    var li = document.createElement("li");
    var heading = document.createElement("h2");
    var link = document.createElement("a");
    link.href = page.url;
    link.textContent = (page.meta && page.meta.title) || page.url;
    heading.appendChild(link);
    li.appendChild(heading);
    li.appendChild(excerpt(page.excerpt || ""));
    return li;
  }

  // Ten results at a time: each one costs a small fragment download.
  function more(query, results, ticket) {
    var next = results.slice(list.children.length, list.children.length + 10);
    return Promise.all(next.map(function (r) { return r.data(); })).then(function (pages) {
      if (ticket !== latest) return;
      pages.forEach(function (page) { list.appendChild(item(page)); });
      var shown = list.children.length;
      status.textContent = results.length
        ? results.length + " halaman cocok dengan \u201c" + query + "\u201d" +
          (results.length > shown ? "; " + shown + " ditampilkan." : ".")
        : "Tidak ada halaman yang cocok dengan \u201c" + query + "\u201d.";
      button.hidden = shown >= results.length;
      button.onclick = function () { more(query, results, ticket); };
    });
  }

  function search(query) {
    var ticket = ++latest;
    query = query.trim();
    if (!query) {
      list.textContent = "";
      status.textContent = "";
      button.hidden = true;
      return;
    }
    status.textContent = "Mencari\u2026";
    load().then(function (pagefind) {
      return pagefind.search(query);
    }).then(function (found) {
      if (ticket !== latest) return;
      list.textContent = "";
      return more(query, found.results, ticket);
    }).catch(function () {
      if (ticket === latest) {
        status.textContent = "Pencarian tidak dapat dimuat. Gunakan daftar semua halaman di bawah.";
      }
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(timer);
    history.replaceState(null, "", "?q=" + encodeURIComponent(input.value.trim()));
    search(input.value);
  });
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { search(input.value); }, 250);
  });
  var asked = new URLSearchParams(location.search).get("q");
  if (asked) {
    input.value = asked;
    search(asked);
  }
})();
