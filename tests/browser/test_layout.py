"""The first screen, tap targets and weight on a 360×740 phone, in both built-in themes.

Issue 16: the header takes at most 15% of the screen and its Menu works without
JavaScript; every link and button is at least 24×24 CSS px (WCAG 2.2 2.5.8; links
inside a sentence are the standard's inline exception), the menu and main actions
44 px; a village home with its photo is at most 35 KB and 5 requests at DPR 2.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .builtpages import page_types, village_slugs

pytestmark = pytest.mark.browser
PHONE = {"width": 360, "height": 740}
HEADER_MAX = 111  # 15% of 740 px
HOME_BYTES = 35 * 1024
HOME_REQUESTS = 5
PAGE_BYTES = 50 * 1024

# Every visible link, button and summary with its box; "inline" when it sits in a
# sentence (its block holds other text), which WCAG 2.5.8 exempts.
TARGETS = """() => [...document.querySelectorAll('a[href], button, summary, input')]
  .filter(e => e.getClientRects().length && getComputedStyle(e).visibility !== 'hidden')
  .map(e => {
    const r = e.getBoundingClientRect();
    let block = e.parentElement;
    while (block && getComputedStyle(block).display.startsWith('inline')) {
      block = block.parentElement;
    }
    const own = e.textContent.trim().length;
    const around = block ? block.textContent.trim().length : own;
    const inline = getComputedStyle(e).display === 'inline' && around > own + 1;
    return {text: (e.textContent || e.getAttribute('aria-label') || '').trim().slice(0, 40),
            cls: e.className || '', w: r.width, h: r.height, inline: inline,
            main: !!e.closest('.menu-box, .quick, .button, .actions, .tugas')};
  })"""


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    yield tab
    context.close()


@pytest.mark.timeout(600)
def test_header_is_one_row_and_the_menu_opens_without_javascript(phone, server: str,
                                                                  themed_build: Path) -> None:
    tall = {}
    for url in page_types(themed_build):
        phone.goto(server + url)
        height = phone.evaluate("(document.querySelector('header.site-header') || "
                                "{getBoundingClientRect: () => ({height: 0})})"
                                ".getBoundingClientRect().height")  # a print sheet has none
        if height > HEADER_MAX:
            tall[url] = height
    assert tall == {}
    slug = village_slugs(themed_build)[0]
    phone.goto(f"{server}{slug}/")
    links = phone.locator('nav[aria-label="Menu utama"] a')
    assert not links.first.is_visible()
    summary = phone.locator(".menu-box > summary")
    box = summary.bounding_box()
    assert box and box["height"] >= 44 and box["width"] >= 44
    summary.click()
    assert links.filter(has_text="Kontak").first.is_visible()
    short = [(t, b["height"]) for t in links.all_inner_texts()
             for b in [links.filter(has_text=t).first.bounding_box()] if b and b["height"] < 44]
    assert short == []
    links.filter(has_text="Kontak").first.click()
    phone.wait_for_load_state()
    assert phone.url == f"{server}{slug}/kontak/"


@pytest.mark.timeout(600)
def test_every_link_and_button_is_big_enough_to_tap(phone, server: str,
                                                    themed_build: Path) -> None:
    small: dict[str, list[str]] = {}
    for url in page_types(themed_build):
        phone.goto(server + url)
        if phone.locator(".menu-box > summary").count():
            phone.locator(".menu-box > summary").click()  # the menu's links count too
        for t in phone.evaluate(TARGETS):
            need = 44 if t["main"] else 24
            # A link inside a sentence may be as narrow as its word (the inline
            # exception), but it is still 24 px tall.
            wide_enough = t["inline"] and not t["main"] or t["w"] >= need - 0.5
            if not wide_enough or t["h"] < need - 0.5:
                small.setdefault(url, []).append(
                    f"{t['text']!r} ({t['cls']}) {t['w']:.0f}×{t['h']:.0f}")
    assert small == {}


def _weigh(browser, url: str) -> tuple[int, int]:
    """Requests and bytes on the wire (headers + encoded body) of a cold load at DPR 2."""
    context = browser.new_context(viewport=PHONE, device_scale_factor=2)
    page = context.new_page()
    finished = []
    page.on("requestfinished", lambda request: finished.append(request))
    page.goto(url, wait_until="networkidle")
    total = sum(r.sizes()["responseHeadersSize"] + r.sizes()["responseBodySize"]
                for r in finished)
    context.close()
    return len(finished), total


@pytest.mark.timeout(600)
def test_home_with_its_photo_and_every_page_fit_the_budget(browser, server: str,
                                                          themed_build: Path) -> None:
    over = {}
    for slug in village_slugs(themed_build):
        requests, size = _weigh(browser, f"{server}{slug}/")
        if requests > HOME_REQUESTS or size > HOME_BYTES:
            over[f"{slug}/"] = (requests, size)
        home = (themed_build / slug / "index.html").read_text(encoding="utf-8")
        hero = home.split('<main')[1].split("<img ")[1].split(">")[0]
        assert 'fetchpriority="high"' in hero and "lazy" not in hero, hero
    for url in page_types(themed_build):
        if url.count("/") > 1 or url == "404.html":
            requests, size = _weigh(browser, server + url)
            if size > PAGE_BYTES:
                over[url] = (requests, size)
    assert over == {}


@pytest.mark.timeout(120)
def test_chart_labels_are_never_larger_than_body_text(browser, server: str,
                                                       themed_build: Path) -> None:
    """An SVG chart scales with its box: on a wide screen its 13-unit labels must still
    render at or below the body text size."""
    slug = village_slugs(themed_build)[0]
    year = sorted(p.parent.name for p in (themed_build / slug / "apbdes").glob("*/index.html"))
    for width in (360, 1366):
        context = browser.new_context(viewport={"width": width, "height": 768})
        page = context.new_page()
        page.goto(f"{server}{slug}/apbdes/{year[-1]}/")
        sizes = page.evaluate("""() => {
          const body = parseFloat(getComputedStyle(document.body).fontSize);
          return [...document.querySelectorAll('svg.chart')].map(svg => {
            const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
            const label = svg.querySelector('text');
            return [parseFloat(getComputedStyle(label).fontSize) * scale, body];
          });
        }""")
        context.close()
        assert sizes and all(label <= body + 0.01 for label, body in sizes), (width, sizes)
