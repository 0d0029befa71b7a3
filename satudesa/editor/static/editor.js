/* satudesa editor: toolbar, Pratinjau tab and clean paste over <textarea name="body">.
 *
 * Progressive enhancement: without JavaScript the form works as it is. No inline
 * handlers and no inline styles, so a CSP without 'unsafe-inline' allows it.
 * Addresses come from data attributes on the textarea or on an element beside it
 * in the same field (the editor's <div class="tabs">):
 *   data-tempel     POST html + csrf_token, answers {"markdown": "..."}; on any
 *                   error the clipboard's plain text is pasted. Without it:
 *                   /<first path segment>/tempel.
 *   data-pratinjau  POST body + kind + csrf_token, answers {"html": "...",
 *                   "problems": ["..."]}, HTML from the site's own renderer and
 *                   sanitiser. Without it there is no Pratinjau tab.
 *   data-kind       the content kind sent with the preview.
 */
(function () {
  "use strict";

  var TOOLS = [
    ["Judul", "Jadikan judul bagian", function (t) { linePrefix(t, "## "); }],
    ["Tebal", "Tebalkan teks terpilih", function (t) { wrap(t, "**", "**", "teks tebal"); }],
    ["Daftar", "Jadikan daftar", function (t) { linePrefix(t, "- "); }],
    ["Tautan", "Sisipkan tautan", function (t) { wrap(t, "[", "](https://)", "teks tautan"); }],
    ["Gambar", "Sisipkan gambar", function (t) {
      wrap(t, "![", "](media/nama-foto.jpg)", "keterangan foto");
    }]
  ];

  function insert(area, text, selectFrom, selectTo) {
    var start = area.selectionStart, end = area.selectionEnd;
    area.focus();
    var done = false;
    try {
      done = document.execCommand("insertText", false, text); // keeps the undo history
    } catch (e) { done = false; }
    if (!done || area.value.substr(start, text.length) !== text) {
      area.setRangeText(text, start, end, "end");
      area.dispatchEvent(new Event("input", { bubbles: true }));
    }
    if (selectFrom !== undefined) {
      area.setSelectionRange(start + selectFrom, start + selectTo);
    }
  }

  function wrap(area, before, after, placeholder) {
    var chosen = area.value.slice(area.selectionStart, area.selectionEnd) || placeholder;
    insert(area, before + chosen + after, before.length, before.length + chosen.length);
  }

  function linePrefix(area, prefix) {
    var value = area.value;
    var start = value.lastIndexOf("\n", area.selectionStart - 1) + 1;
    var end = value.indexOf("\n", area.selectionEnd);
    if (end < 0) { end = value.length; }
    var lines = value.slice(start, end).split("\n").map(function (line) {
      return line.indexOf(prefix) === 0 ? line : prefix + line.replace(/^#+ |^- /, "");
    });
    area.setSelectionRange(start, end);
    insert(area, lines.join("\n"));
  }

  function setting(area, name) {
    if (area.hasAttribute(name)) { return area.getAttribute(name); }
    var near = area.parentNode && area.parentNode.querySelector("[" + name + "]");
    return near ? near.getAttribute(name) : null;
  }

  function post(area, url, fields) {
    var token = area.form && area.form.querySelector("input[name=csrf_token]");
    var body = new FormData();
    Object.keys(fields).forEach(function (key) { body.append(key, fields[key]); });
    if (token) { body.append("csrf_token", token.value); }
    return fetch(url, {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRFToken": token ? token.value : "" }
    }).then(function (response) {
      if (!response.ok) { throw new Error("HTTP " + response.status); }
      return response.json();
    });
  }

  function onPaste(area, event) {
    var data = event.clipboardData;
    if (!data || !window.fetch) { return; }
    var html = data.getData("text/html");
    if (!html) { return; } // plain text: the browser pastes it as usual
    var plain = data.getData("text/plain");
    event.preventDefault();
    var start = area.selectionStart, end = area.selectionEnd;
    var url = setting(area, "data-tempel") || "/" + location.pathname.split("/")[1] + "/tempel";
    area.setAttribute("aria-busy", "true");
    post(area, url, { html: html }).then(function (json) {
      if (typeof json.markdown !== "string") { throw new Error("tanpa markdown"); }
      return json.markdown;
    }).catch(function () {
      return plain;
    }).then(function (text) {
      area.removeAttribute("aria-busy");
      area.setSelectionRange(start, end);
      insert(area, text);
    });
  }

  function button(label, title) {
    var made = document.createElement("button");
    made.type = "button";
    made.textContent = label;
    if (title) { made.title = title; }
    return made;
  }

  function toolbar(area) {
    var bar = document.createElement("div");
    bar.className = "toolbar editor-alat";
    bar.setAttribute("role", "toolbar");
    bar.setAttribute("aria-label", "Format teks");
    if (area.id) { bar.setAttribute("aria-controls", area.id); }
    TOOLS.forEach(function (tool) {
      var made = button(tool[0], tool[1]);
      made.setAttribute("data-alat", tool[0].toLowerCase());
      made.addEventListener("click", function () { tool[2](area); });
      bar.appendChild(made);
    });
    area.parentNode.insertBefore(bar, area);
    return bar;
  }

  function tabs(area, bar) {
    var url = setting(area, "data-pratinjau");
    if (!url || !window.fetch) { return; }
    var holder = area.parentNode.querySelector(".tabs");
    if (!holder) {
      holder = document.createElement("div");
      holder.className = "tabs";
      area.parentNode.insertBefore(holder, bar);
    }
    holder.setAttribute("role", "tablist");
    var write = button("Tulis"), look = button("Pratinjau");
    var panel = document.createElement("div");
    panel.className = "preview prose";
    panel.id = (area.id || "isi") + "-pratinjau";
    panel.setAttribute("role", "tabpanel");
    panel.setAttribute("tabindex", "0");
    panel.hidden = true;
    area.parentNode.insertBefore(panel, area.nextSibling);
    [write, look].forEach(function (tab) {
      tab.setAttribute("role", "tab");
      holder.appendChild(tab);
    });
    look.setAttribute("aria-controls", panel.id);
    if (area.id) { write.setAttribute("aria-controls", area.id); }

    function show(previewing) {
      write.setAttribute("aria-selected", String(!previewing));
      look.setAttribute("aria-selected", String(previewing));
      area.hidden = bar.hidden = previewing;
      panel.hidden = !previewing;
    }
    show(false);
    write.addEventListener("click", function () { show(false); area.focus(); });
    look.addEventListener("click", function () {
      panel.textContent = "Memuat pratinjau…";
      panel.setAttribute("aria-busy", "true");
      show(true);
      var kind = setting(area, "data-kind") || "";
      post(area, url, { body: area.value, kind: kind }).then(function (json) {
        panel.innerHTML = typeof json.html === "string" ? json.html : ""; // sanitised
        (json.problems || []).forEach(function (problem) {
          var note = document.createElement("p");
          note.className = "problem";
          note.textContent = problem;
          panel.insertBefore(note, panel.firstChild);
        });
      }).catch(function () {
        panel.textContent = "Pratinjau gagal dimuat. Periksa sambungan, lalu coba lagi.";
      }).then(function () {
        panel.removeAttribute("aria-busy");
      });
    });
  }

  function enhance(area) {
    var bar = toolbar(area);
    tabs(area, bar);
    area.addEventListener("paste", function (event) { onPaste(area, event); });
  }

  function start() {
    var areas = document.querySelectorAll("textarea[name=body]");
    for (var i = 0; i < areas.length; i++) { enhance(areas[i]); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
