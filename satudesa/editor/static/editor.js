/* satudesa editor: a Markdown toolbar and clean paste over <textarea name="body">.
 *
 * Progressive enhancement: without JavaScript the form works as it is (the
 * Pratinjau button is an ordinary submit button, action=pratinjau). No inline
 * handlers and no inline styles, so a CSP without 'unsafe-inline' allows it.
 * Pasting HTML (Word, Google Docs) posts it to <village>/tempel, which answers
 * {"markdown": "..."}; on any error the plain text of the clipboard is pasted.
 * The address comes from the textarea's data-tempel attribute, else from the
 * first segment of the page's path (/<slug>/...).
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

  function tempelUrl(area) {
    var given = area.getAttribute("data-tempel");
    if (given) { return given; }
    var slug = location.pathname.split("/")[1];
    return "/" + slug + "/tempel";
  }

  function onPaste(area, event) {
    var data = event.clipboardData;
    if (!data || !window.fetch) { return; }
    var html = data.getData("text/html");
    if (!html) { return; } // plain text: the browser pastes it as usual
    var plain = data.getData("text/plain");
    event.preventDefault();
    var form = area.form;
    var token = form && form.querySelector("input[name=csrf_token]");
    var body = new FormData();
    body.append("html", html);
    if (token) { body.append("csrf_token", token.value); }
    var start = area.selectionStart, end = area.selectionEnd;
    area.setAttribute("aria-busy", "true");
    fetch(tempelUrl(area), {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRFToken": token ? token.value : "" }
    }).then(function (response) {
      if (!response.ok) { throw new Error("HTTP " + response.status); }
      return response.json();
    }).then(function (json) {
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

  function enhance(area) {
    var bar = document.createElement("div");
    bar.className = "editor-alat";
    bar.setAttribute("role", "toolbar");
    bar.setAttribute("aria-label", "Format teks");
    if (area.id) { bar.setAttribute("aria-controls", area.id); }
    TOOLS.forEach(function (tool) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "editor-tombol";
      button.textContent = tool[0];
      button.title = tool[1];
      button.setAttribute("data-alat", tool[0].toLowerCase());
      button.addEventListener("click", function () { tool[2](area); });
      bar.appendChild(button);
    });
    area.parentNode.insertBefore(bar, area);
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
