"""Every printable service sheet of the demo fits on one A4 page (real Chromium)."""

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
