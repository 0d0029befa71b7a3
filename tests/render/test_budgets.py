"""The weight budgets of issue 7, checked on every page of the built demo.

Any page: HTML + CSS + JS ≤ 50 KB gzip; a village home ≤ 30 KB and ≤ 4 requests
(images aside); no JavaScript needed, optional scripts ≤ 5 KB gzip and deferred;
no web fonts, CDNs or third-party requests.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pageweight import (
    FONT_FACE,
    HOME_BUDGET,
    HOME_REQUESTS,
    PAGE_BUDGET,
    SCRIPT_BUDGET,
    gz_size,
    measure,
    village_homes,
    village_pages,
)


@pytest.fixture(scope="module", params=["demo_build", "kabupaten_build"])
def built(request: pytest.FixtureRequest) -> Path:
    """The demo in each built-in theme (default, kabupaten): the budgets hold on both."""
    return request.getfixturevalue(request.param)


@pytest.fixture(scope="module")
def pages(built: Path) -> list[Path]:
    found = village_pages(built)
    assert len(village_homes(built)) >= 3 and len(found) > 100
    return found


def test_every_page_fits_in_50_kb(pages: list[Path], built: Path) -> None:
    weights = {str(p.relative_to(built)): measure(p, built).total_gz()
               for p in pages}
    over = {page: size for page, size in weights.items() if size > PAGE_BUDGET}
    assert over == {}


def test_village_home_fits_in_30_kb_and_4_requests(built: Path) -> None:
    for home in village_homes(built):
        weight = measure(home, built)
        assert weight.total_gz() <= HOME_BUDGET, (home, weight.total_gz())
        assert weight.requests() <= HOME_REQUESTS, (home, weight.requests())
        assert weight.scripts == [], home  # nothing to run on the home page


def test_scripts_are_optional_small_and_deferred(pages: list[Path], built: Path) -> None:
    for page in pages:
        for script, deferred in measure(page, built).scripts:
            assert deferred, f"{page}: {script.name} blocks rendering"
            assert gz_size(script) <= SCRIPT_BUDGET, f"{script.name}: {gz_size(script)} B"


def test_no_third_party_requests(pages: list[Path], built: Path) -> None:
    remote = {str(p): w.remote for p in pages if (w := measure(p, built)).remote}
    assert remote == {}


def test_no_web_fonts_or_remote_css(built: Path) -> None:
    sheets = list(built.glob("**/static/*.css"))
    assert sheets
    for sheet in sheets:
        assert not FONT_FACE.search(sheet.read_text(encoding="utf-8")), sheet
