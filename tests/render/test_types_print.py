"""Print on A4 in real Chromium: every service sheet on one page; budget, statistics
and service pages within the width of the paper."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed")
def test_service_sheets_print_on_one_a4_page(demo_build: Path) -> None:
    from playwright.sync_api import sync_playwright

    sheets = sorted(demo_build.glob("*/layanan/*/cetak/index.html"))
    assert sheets
    too_long = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page()
        for sheet in sheets:
            page.goto(sheet.as_uri())
            pdf = page.pdf(prefer_css_page_size=True)
            pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
            size = re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
            assert size and (round(float(size[1])), round(float(size[2]))) == (595, 842)
            if pages != 1:
                too_long.append(f"{sheet.relative_to(demo_build)}: {pages} halaman")
        browser.close()
    assert too_long == []


PRINTABLE_WIDTH = 680  # A4 (210 mm) less the stylesheet's 15 mm margins, in CSS pixels


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed")
def test_budget_statistics_and_service_pages_fit_the_width_of_a4(demo_build: Path) -> None:
    """Issue 7: layanan and APBDes pages print cleanly on A4. Laid out for print at the
    printable width of A4, nothing is wider than the paper (a browser would shrink or
    cut it) and no navigation is left on the sheet."""
    from playwright.sync_api import sync_playwright

    pages = sorted([*demo_build.glob("*/apbdes/index.html"),
                    *demo_build.glob("*/apbdes/*/index.html"),
                    *demo_build.glob("*/statistik/index.html"),
                    *demo_build.glob("*/layanan/*/index.html")])
    assert len([p for p in pages if p.parent.parent.name == "apbdes"]) >= 6
    problems = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": PRINTABLE_WIDTH, "height": 1000})
        page.emulate_media(media="print")
        for built in pages:
            page.goto(built.as_uri())
            width = page.evaluate("document.documentElement.scrollWidth")
            navs = page.evaluate("[...document.querySelectorAll('nav')]"
                                 ".filter(n => n.getClientRects().length)"
                                 ".map(n => n.getAttribute('aria-label'))")
            if width > PRINTABLE_WIDTH:
                problems.append(f"{built.relative_to(demo_build)}: {width}px")
            if navs:
                problems.append(f"{built.relative_to(demo_build)}: {navs}")
        pdf = page.pdf(prefer_css_page_size=True)
        size = re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
        assert size and (round(float(size[1])), round(float(size[2]))) == (595, 842)
        browser.close()
    assert problems == []
