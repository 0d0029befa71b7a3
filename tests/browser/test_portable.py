"""A copy of the build opened from a folder (file://): links must name their index.html."""

from __future__ import annotations

from pathlib import Path

import pytest
from sitefiles import REPO

from satudesa import create_app

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def portable_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("usb") / "build"
    app = create_app({"TESTING": True, "SATUDESA_SITE": str(REPO)})
    result = app.test_cli_runner().invoke(args=["build", "--portable", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


@pytest.mark.timeout(120)
def test_a_usb_copy_opens_from_file_urls_three_links_deep(browser, portable_build: Path
                                                         ) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740},
                                  java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        page.goto((portable_build / "index.html").as_uri())
        visited = [page.url]
        page.locator(".village-cards a").first.click()  # 1: a village's home
        page.wait_for_load_state()
        visited.append(page.url)
        page.locator(".menu-box > summary").click()
        page.locator('nav[aria-label="Menu utama"] a', has_text="Layanan").first.click()  # 2
        page.wait_for_load_state()
        visited.append(page.url)
        page.locator("main .cards a").first.click()  # 3: one service
        page.wait_for_load_state()
        visited.append(page.url)
        assert all(url.startswith("file://") and url.endswith("/index.html")
                   for url in visited[1:]), visited
        assert "/layanan/" in visited[2] and visited[3] != visited[2]
        assert "Persyaratan" in page.locator("main").inner_text()
        # The stylesheet loads from the folder too: the header has its accent colour.
        colour = page.evaluate(
            "getComputedStyle(document.querySelector('.site-header')).backgroundColor")
        assert colour not in ("rgba(0, 0, 0, 0)", "transparent")
        page.goto((portable_build / visited[1].split("/build/")[1]).as_uri().replace(
            "index.html", "cari/index.html"))
        links = page.locator("main ul.index a")  # the no-JS list of every page works too
        assert links.count() > 20
        links.filter(has_text="Kontak").first.click()
        page.wait_for_load_state()
        assert page.url.endswith("/kontak/index.html") and page.locator("h1").inner_text()
    finally:
        context.close()


def test_an_ordinary_build_keeps_folder_links(demo_build: Path) -> None:
    home = (demo_build / "cibeureum-girang" / "index.html").read_text(encoding="utf-8")
    assert 'href="layanan/"' in home and 'index.html"' not in home
