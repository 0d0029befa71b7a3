"""The portal hub in real Chromium: one search across every village."""

from __future__ import annotations

from pathlib import Path

import pytest

from .builtpages import village_slugs

pytestmark = pytest.mark.browser


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    yield tab
    context.close()


@pytest.mark.timeout(180)
def test_portal_search_finds_pages_of_every_village(page, server: str,
                                                    demo_build: Path) -> None:
    failed: list[str] = []
    page.on("response", lambda response: failed.append(response.url)
            if response.status >= 400 else None)
    hrefs: list[str] = []
    for slug in village_slugs(demo_build):
        word = slug.split("-")[0]  # 'tanjung', 'bakau', 'cibeureum': in the village's pages
        page.goto(f"{server}cari/?q={word}")
        page.locator("#cari-hasil a").first.wait_for()
        links = page.locator("#cari-hasil a")
        found = [links.nth(i).get_attribute("href") or "" for i in range(links.count())]
        assert any(h.lstrip("/").startswith(f"{slug}/") for h in found), (slug, found)
        hrefs += found
    assert failed == []  # one index at the portal root answers for every village
    target = next(h for h in hrefs if "/berita/" in h)
    page.goto(server + target.lstrip("/"))
    assert page.locator("h1").inner_text()
