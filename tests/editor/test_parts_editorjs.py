"""editor.js in Debian's Chromium under a strict CSP: toolbar, clean paste, fallbacks, no JS.

A small Flask app on 127.0.0.1 stands in for the editor: it serves a form with a
``<textarea name="body">``, the real ``editor.js`` and ``POST /<slug>/tempel``
backed by the real ``html_to_markdown``, with a CSP that has no 'unsafe-inline'.
"""

from __future__ import annotations

import gzip
import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask, abort, jsonify, request
from playwright.sync_api import expect
from werkzeug.serving import make_server

from satudesa.editor.paste import html_to_markdown
from satudesa.load.markup import render_markdown

pytestmark = pytest.mark.browser

STATIC = Path(__file__).resolve().parents[2] / "satudesa" / "editor" / "static"
DATA = Path(__file__).resolve().parents[1] / "data" / "paste"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
TOKEN = "token-uji-123"
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
       "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
PAGE = """<!doctype html>
<html lang="id"><head><meta charset="utf-8"><title>Ubah berita</title>
<script src="/static/editor.js" defer></script></head>
<body><main><form method="post" action="/desa/berita/panen/ubah">
<input type="hidden" name="csrf_token" value="{token}">
<div class="field">
<label for="body">Isi</label>
{tabs}
<textarea id="body" name="body" {extra}>Awal teks.</textarea>
</div>
<button type="submit" name="action" value="pratinjau">Pratinjau</button>
<button type="submit" name="action" value="simpan">Simpan</button>
</form></main></body></html>"""
TABS = ('<div class="tabs" data-tempel="/desa/tempel" data-pratinjau="/desa/{preview}" '
        'data-kind="berita"></div>')


def make_app() -> Flask:
    app = Flask(__name__, static_folder=str(STATIC), static_url_path="/static")
    app.config["calls"] = []

    @app.after_request
    def csp(response):  # type: ignore[no-untyped-def]
        response.headers["Content-Security-Policy"] = CSP
        return response

    @app.get("/desa/berita/panen/ubah")
    def form() -> str:
        return PAGE.format(token=TOKEN, extra="", tabs=TABS.format(preview="pratinjau"))

    @app.get("/desa/rusak/ubah")
    def broken_form() -> str:
        return PAGE.format(token=TOKEN, extra='data-tempel="/rusak/tempel"',
                           tabs=TABS.format(preview="pratinjau-rusak"))

    @app.get("/desa/polos/ubah")
    def plain_form() -> str:
        return PAGE.format(token=TOKEN, extra="", tabs="")

    @app.post("/desa/pratinjau")
    def preview():  # type: ignore[no-untyped-def]
        if request.form.get("csrf_token") != TOKEN:
            abort(400)
        body = request.form["body"]
        problems = [f"{request.form['kind']}: galat contoh"] if "galat" in body else []
        return jsonify(html=render_markdown(body), problems=problems)

    @app.post("/desa/pratinjau-rusak")
    def broken_preview():  # type: ignore[no-untyped-def]
        abort(500)

    @app.post("/desa/berita/panen/ubah")
    def submit() -> str:
        return f"<p id=hasil>{request.form['action']}|{len(request.form['body'])}</p>"

    @app.post("/<slug>/tempel")
    def tempel(slug: str):  # type: ignore[no-untyped-def]
        app.config["calls"].append(slug)
        if slug != "desa":
            abort(500)
        if request.form.get("csrf_token") != TOKEN or request.headers.get("X-CSRFToken") != TOKEN:
            abort(400)
        return jsonify(markdown=html_to_markdown(request.form["html"]))

    return app


@pytest.fixture(scope="module")
def site() -> Iterator[tuple[str, Flask]]:
    app = make_app()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", app
    server.shutdown()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if CHROMIUM is None:
        pytest.skip("Debian's chromium is not installed (make chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM)
        yield chromium
        chromium.close()


def open_form(browser, base: str, path: str = "/desa/berita/panen/ubah"):  # type: ignore[no-untyped-def]
    page = browser.new_page(viewport={"width": 360, "height": 740})
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(base + path)
    page.wait_for_selector("[role=toolbar] button")
    return page, errors


PASTE = """(args) => {
  const area = document.querySelector('textarea[name=body]');
  area.focus();
  area.setSelectionRange(area.value.length, area.value.length);
  const data = new DataTransfer();
  if (args.html) { data.setData('text/html', args.html); }
  data.setData('text/plain', args.plain);
  const event = new ClipboardEvent('paste', {clipboardData: data, bubbles: true,
                                             cancelable: true});
  return area.dispatchEvent(event);
}"""


def test_toolbar_inserts_markdown(browser, site) -> None:  # type: ignore[no-untyped-def]
    base, _ = site
    page, errors = open_form(browser, base)
    labels = page.locator("[role=toolbar] button").all_inner_texts()
    assert labels == ["Judul", "Tebal", "Daftar", "Tautan", "Gambar"]
    area = page.locator("textarea[name=body]")
    area.fill("Panen raya\nbaris dua")
    page.evaluate("document.querySelector('textarea').setSelectionRange(0, 5)")
    page.get_by_role("button", name="Tebal").click()
    assert area.input_value() == "**Panen** raya\nbaris dua"
    page.evaluate("document.querySelector('textarea').setSelectionRange(20, 20)")
    page.get_by_role("button", name="Daftar").click()
    assert area.input_value() == "**Panen** raya\n- baris dua"
    page.evaluate("document.querySelector('textarea').setSelectionRange(0, 0)")
    page.get_by_role("button", name="Judul").click()
    assert area.input_value().startswith("## **Panen** raya\n")
    area.fill("")
    page.get_by_role("button", name="Tautan").click()
    page.keyboard.type("situs desa")  # the placeholder is selected: typing replaces it
    assert area.input_value() == "[situs desa](https://)"
    area.fill("")
    page.get_by_role("button", name="Gambar").click()
    assert area.input_value() == "![keterangan foto](media/nama-foto.jpg)"
    assert errors == []  # no CSP violation, no script error


def test_paste_from_word_becomes_markdown(browser, site) -> None:  # type: ignore[no-untyped-def]
    base, app = site
    page, errors = open_form(browser, base)
    html = (DATA / "word.html").read_text(encoding="utf-8")
    default_prevented = not page.evaluate(PASTE, {"html": html, "plain": "TEKS POLOS"})
    assert default_prevented
    area = page.locator("textarea[name=body]")
    expect(area).to_have_value(re.compile("Musyawarah"))  # no eval: the CSP forbids it
    expected = (DATA / "word.md").read_text(encoding="utf-8")
    assert area.input_value() == "Awal teks." + expected
    assert "TEKS POLOS" not in area.input_value()
    assert app.config["calls"][-1] == "desa"
    assert errors == []


def test_plain_text_paste_left_to_the_browser(browser, site) -> None:  # type: ignore[no-untyped-def]
    base, app = site
    page, _ = open_form(browser, base)
    calls = len(app.config["calls"])
    assert page.evaluate(PASTE, {"html": "", "plain": "hanya teks"})  # not prevented
    assert len(app.config["calls"]) == calls


def test_paste_falls_back_to_plain_text(browser, site) -> None:  # type: ignore[no-untyped-def]
    base, app = site
    page, _ = open_form(browser, base, "/desa/rusak/ubah")
    page.evaluate(PASTE, {"html": "<p><b>tebal</b></p>", "plain": "teks cadangan"})
    expect(page.locator("textarea")).to_have_value(re.compile("cadangan"))
    assert page.locator("textarea").input_value() == "Awal teks.teks cadangan"
    assert app.config["calls"][-1] == "rusak"


def test_form_works_without_javascript(browser, site) -> None:  # type: ignore[no-untyped-def]
    base, _ = site
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base + "/desa/berita/panen/ubah")
    assert page.locator("[role=toolbar]").count() == 0
    page.locator("textarea").fill("Isi tanpa skrip")
    page.get_by_role("button", name="Pratinjau").click()
    assert page.locator("#hasil").inner_text() == "pratinjau|15"
    context.close()


def test_pratinjau_tab_shows_the_rendered_body(browser, site) -> None:  # type: ignore[no-untyped-def]
    base, _ = site
    page, errors = open_form(browser, base)
    tabs = page.get_by_role("tab")
    assert tabs.all_inner_texts() == ["Tulis", "Pratinjau"]
    area = page.locator("textarea[name=body]")
    area.fill("## Panen\n\n**tebal** dan galat")
    page.get_by_role("tab", name="Pratinjau").click()
    panel = page.get_by_role("tabpanel")
    expect(panel.locator("strong")).to_have_text("tebal")
    expect(panel.locator("p.problem")).to_have_text("berita: galat contoh")
    assert panel.locator("script").count() == 0
    assert area.is_hidden() and page.get_by_role("toolbar").is_hidden()
    assert page.get_by_role("tab", name="Pratinjau").get_attribute("aria-selected") == "true"
    page.get_by_role("tab", name="Tulis").click()
    assert area.is_visible() and panel.is_hidden()
    assert area.input_value() == "## Panen\n\n**tebal** dan galat"  # nothing lost
    assert errors == []


def test_pratinjau_failure_says_so(browser, site) -> None:  # type: ignore[no-untyped-def]
    base, _ = site
    page, _ = open_form(browser, base, "/desa/rusak/ubah")
    page.get_by_role("tab", name="Pratinjau").click()
    expect(page.get_by_role("tabpanel")).to_have_text(re.compile("Pratinjau gagal dimuat"))


def test_without_data_attributes_paste_goes_to_the_village(browser, site) -> None:  # type: ignore[no-untyped-def]
    base, app = site
    page, errors = open_form(browser, base, "/desa/polos/ubah")
    assert page.get_by_role("tab").count() == 0  # no preview address: no tabs
    page.evaluate(PASTE, {"html": "<p><b>tebal</b></p>", "plain": "x"})
    expect(page.locator("textarea")).to_have_value("Awal teks.**tebal**\n")
    assert app.config["calls"][-1] == "desa"
    assert errors == []


def test_script_is_small() -> None:
    size = len(gzip.compress((STATIC / "editor.js").read_bytes(), 9))
    assert size < 4_000, size  # the page budget counts gzip bytes
