"""The whole flow in real Chromium on a phone: write, paste from Word, submit, approve, publish.

The editor runs under waitress in its own process (``flask editor serve``) with
the real build worker; the static page must then exist with a photo free of GPS
EXIF. Also: axe finds no violation on editor pages, each weighs <= 60 KB gzip,
and the form works with JavaScript off. ``SATUDESA_SCREENSHOTS=docs/img`` saves
the screenshots used by docs/panduan-editor.md.
"""

from __future__ import annotations

import gzip
import io
import os
import re
import shutil
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from .conftest import PASSWORD
from .live import live_editor

pytestmark = pytest.mark.browser
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
PHONE = {"width": 360, "height": 740}
EDITOR_BUDGET = 60 * 1024
SHOTS = os.environ.get("SATUDESA_SCREENSHOTS")
WORD_HTML = ('<html><head><style>p.MsoNormal{margin:0}</style></head><body>'
             '<p class="MsoNormal" style="mso-line-height:normal"><b><span lang="ID">Kerja bakti'
             '</span></b> di <i>Dusun Krajan</i><o:p></o:p></p>'
             '<ul><li class="MsoListParagraph">Membersihkan selokan</li>'
             '<li>Menanam pohon</li></ul><script>alert(1)</script></body></html>')


def state(path: Path) -> str:
    """The workflow state written in a file."""
    from satudesa.editor.documents import status_of
    from satudesa.editor.frontmatter import split

    return status_of(split(path.read_text())[0])


def gps_photo() -> bytes:
    """A JPEG carrying a GPS position, as phones write them."""
    image = Image.new("RGB", (2400, 1800), (30, 120, 60))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    gps = exif.get_ifd(0x8825)
    gps.update({1: "S", 2: (6.0, 52.0, 30.0), 3: "E", 4: (107.0, 36.0, 10.0)})
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif, quality=80)
    data = buffer.getvalue()
    with Image.open(io.BytesIO(data)) as check:
        assert check.getexif().get_ifd(0x8825)  # the test photo has GPS
    return data


@pytest.fixture(scope="module")
def live(template_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[
        tuple[str, Path, Path]]:
    root = tmp_path_factory.mktemp("live")
    site = root / "site"
    shutil.copytree(template_site, site)
    out = root / "build"
    with live_editor(site, out) as url:
        yield url, site, out


@pytest.fixture(scope="module")
def chromium() -> Iterator[object]:
    if CHROMIUM is None:
        pytest.skip("Debian's chromium is not installed (make chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM)
        yield browser
        browser.close()


def _shot(tab, name: str) -> None:  # noqa: ANN001
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        tab.screenshot(path=str(Path(SHOTS) / f"editor-{name}.png"))


def _login(tab, url: str, name: str) -> None:  # noqa: ANN001
    tab.goto(url + "login")
    tab.fill("#username", name)
    tab.fill("#password", PASSWORD)
    _shot(tab, "masuk") if name == "op" else None
    tab.click("button[type=submit].primary")
    tab.wait_for_url("**/contoh/")


@pytest.mark.timeout(300)
def test_operator_writes_kepala_approves_page_is_published(chromium, live, tmp_path) -> None:  # noqa: ANN001
    url, site, out = live
    photo = tmp_path / "IMG_2026.jpg"
    photo.write_bytes(gps_photo())
    context = chromium.new_context(viewport=PHONE)
    tab = context.new_page()
    tab.set_default_timeout(20_000)
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    _login(tab, url, "op")
    _shot(tab, "dasbor")
    tab.click("text=+ Berita")
    tab.fill("#f-title", "Kerja Bakti Dusun Krajan")
    tab.fill("#f-date", "2026-11-20 08:00")
    tab.fill("#f-summary", "Warga membersihkan selokan dan menanam pohon.")
    tab.set_input_files("#u-image", str(photo))
    # paste from a Word-like clipboard into the body
    tab.focus("#body")
    tab.evaluate("""html => {
        const data = new DataTransfer();
        data.setData('text/html', html);
        data.setData('text/plain', 'Kerja bakti di Dusun Krajan');
        const event = new ClipboardEvent('paste', {clipboardData: data, bubbles: true,
                                                   cancelable: true});
        document.querySelector('#body').dispatchEvent(event);
    }""", WORD_HTML)
    from playwright.sync_api import expect

    expect(tab.locator("#body")).to_have_value(re.compile("Kerja bakti"))
    body = tab.input_value("#body")
    assert "**Kerja bakti**" in body and "Membersihkan selokan" in body
    assert "Mso" not in body and "alert" not in body and "<" not in body
    _shot(tab, "tulis-berita")
    tab.click("button[value=ajukan]")
    tab.wait_for_selector("text=Diajukan untuk disetujui")
    _shot(tab, "diajukan")
    source = site / "content/contoh/berita/kerja-bakti-dusun-krajan.md"
    assert state(source) == "diajukan"
    page_out = out / "contoh/berita/kerja-bakti-dusun-krajan/index.html"
    assert not page_out.exists()
    context.close()

    context = chromium.new_context(viewport=PHONE)
    tab = context.new_page()
    tab.set_default_timeout(20_000)
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    _login(tab, url, "kepala")
    _shot(tab, "dasbor-kepala")
    tab.click("text=Kerja Bakti Dusun Krajan")
    tab.click("button[value=terbitkan]")
    tab.wait_for_selector("text=Diterbitkan.")
    _shot(tab, "terbit")
    assert state(source) == "terbit"
    assert page_out.exists()
    html = page_out.read_text()
    assert "Kerja Bakti Dusun Krajan" in html and "<strong>Kerja bakti</strong>" in html
    # the photo: stored without GPS, shrunk, and what the static site serves has no EXIF either
    media = list((site / "content/contoh/media").glob("*.jpg"))
    assert len(media) == 1
    with Image.open(media[0]) as stored:
        assert max(stored.size) <= 1600 and not stored.getexif().get_ifd(0x8825)
    published = [p for p in (out / "contoh").rglob("*") if p.suffix.lower() in (
        ".jpg", ".jpeg", ".webp") and "kerja" in p.name.lower() or p.name == media[0].name]
    assert published, "the photo is not in the static site"
    for image in published:
        with Image.open(image) as opened:
            assert not opened.getexif().get_ifd(0x8825), image
    # history page and restore, for the guide
    tab.goto(url + "contoh/berita/kerja-bakti-dusun-krajan/riwayat")
    _shot(tab, "riwayat")
    # taking it down removes it from the static site at once
    tab.goto(url + "contoh/berita/kerja-bakti-dusun-krajan/ubah")
    tab.click("button[value=tarik]")
    tab.wait_for_selector("text=Ditarik dari situs")
    assert state(source) == "draf"
    assert not page_out.exists()
    assert errors == []
    context.close()


@pytest.mark.timeout(120)
def test_pratinjau_opens_the_whole_page_styled_with_its_photo(chromium, live) -> None:  # noqa: ANN001
    """The unsaved draft's page in a new tab: theme CSS and photo load under the editor's CSP."""
    url, site, _ = live
    media = site / "content/contoh/media/berita"
    media.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 800), (200, 160, 40)).save(buffer, "JPEG")
    (media / "panen.jpg").write_bytes(buffer.getvalue())
    context = chromium.new_context(viewport=PHONE)
    tab = context.new_page()
    tab.set_default_timeout(20_000)
    _login(tab, url, "op")
    tab.goto(url + "contoh/berita/baru")
    tab.fill("#f-title", "Panen Jagung Belum Disimpan")
    tab.fill("#f-date", "2026-11-21")
    tab.fill("#f-image", "media/berita/panen.jpg")
    tab.fill("#body", "Hasil panen **melimpah** tahun ini.")
    blocked: list[str] = []
    context.on("console", lambda message: blocked.append(message.text)
               if "Content Security Policy" in message.text else None)
    with context.expect_page() as opened:
        tab.click("button[value=pratinjau]")
    page = opened.value
    page.wait_for_load_state("load")
    assert "/contoh/pratinjau/situs/berita/" in page.url
    assert "Panen Jagung Belum Disimpan" in page.locator("h1").inner_text()
    assert "melimpah" in page.locator("main").inner_text()
    # the theme's stylesheet applied (served by the editor, allowed by its CSP)
    assert page.evaluate("() => [...document.styleSheets].some(s => s.cssRules.length > 20)")
    loaded = page.evaluate("() => [...document.images].map(i => [i.currentSrc, i.naturalWidth])")
    assert loaded and all(width > 0 for _, width in loaded), loaded
    assert blocked == []
    _shot(page, "pratinjau")
    page.click(".menu-box summary")  # the compact header keeps the menu behind "Menu"
    page.click("nav >> text=Beranda")  # links lead to the village's saved pages, in the editor
    page.wait_for_url("**/contoh/pratinjau/situs/")
    assert "Desa Contoh" in page.title()
    assert not (site / "content/contoh/berita/panen-jagung-belum-disimpan.md").exists()
    context.close()


@pytest.mark.timeout(120)
def test_dashboard_lists_what_flask_check_finds(chromium, live) -> None:  # noqa: ANN001
    url, site, _ = live
    broken = site / "content/contoh/pengumuman/rusak.md"
    broken.write_text("---\ntitle: Rusak\ndate: 2026-13-45\n---\nIsi.\n")
    try:
        context = chromium.new_context(viewport=PHONE)
        tab = context.new_page()
        tab.set_default_timeout(20_000)
        _login(tab, url, "kepala")
        problems = tab.locator("ul.problems").inner_text()
        assert "rusak.md" in problems
        context.close()
    finally:
        broken.unlink()


EDITOR_PAGES = ["login", "contoh/", "contoh/berita/baru", "contoh/layanan/sktm/ubah",
                "contoh/media/unggah", "contoh/berita/panen-raya/riwayat", "admin/",
                "admin/audit"]


@pytest.mark.timeout(300)
def test_axe_weight_and_tap_targets_on_editor_pages(chromium, live) -> None:  # noqa: ANN001
    from axe_playwright_python.sync_playwright import Axe

    url, _, _ = live
    context = chromium.new_context(viewport=PHONE)
    tab = context.new_page()
    tab.set_default_timeout(20_000)
    tab.goto(url + "login")
    tab.fill("#username", "admin")
    tab.fill("#password", PASSWORD)
    tab.click("button[type=submit].primary")
    tab.wait_for_load_state()
    axe = Axe()
    problems = []
    for path in EDITOR_PAGES:
        response = tab.goto(url + path)
        assert response is not None and response.status == 200, path
        result = axe.run(tab)
        for violation in result.response["violations"]:
            problems.append(f"{path}: {violation['id']}: {violation['help']}")
        wide = tab.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if wide > 0:
            problems.append(f"{path}: {wide}px sideways")
        small = tab.evaluate("""() => [...document.querySelectorAll(
            'button, a.button, input:not([type=hidden]), textarea, select')]
            .filter(e => e.offsetParent !== null)
            .map(e => e.getBoundingClientRect())
            .filter(r => r.height < 44 && r.height > 0).length""")
        if small:
            problems.append(f"{path}: {small} tap targets under 44px")
        # weight: the HTML and every script and stylesheet it loads, gzip
        html = response.body()
        assets = tab.evaluate("""() => [...document.querySelectorAll(
            'script[src], link[rel=stylesheet]')].map(e => e.src || e.href)""")
        total = len(gzip.compress(html))
        for asset in assets:
            with urllib.request.urlopen(asset) as fetched:
                total += len(gzip.compress(fetched.read()))
        if total > EDITOR_BUDGET:
            problems.append(f"{path}: {total} bytes gzip")
    assert problems == []
    context.close()


@pytest.mark.timeout(120)
def test_form_saves_with_javascript_off(chromium, live) -> None:  # noqa: ANN001
    url, site, _ = live
    context = chromium.new_context(viewport=PHONE, java_script_enabled=False)
    tab = context.new_page()
    tab.set_default_timeout(20_000)
    _login(tab, url, "op")
    tab.goto(url + "contoh/pengumuman/baru")
    tab.fill("#f-title", "Posyandu Bulan Desember")
    tab.fill("#f-date", "2026-11-21")
    tab.fill("#body", "Posyandu dibuka pukul 08.00.")
    tab.click("button[value=simpan]")
    tab.wait_for_selector("text=Disimpan sebagai draf.")
    saved = site / "content/contoh/pengumuman/posyandu-bulan-desember.md"
    assert state(saved) == "draf"
    context.close()
