"""What a resident on a cheap phone gets, in real Chromium at 360×740.

No page scrolls sideways; the menu, the skip link and search work; every page
works with JavaScript off; axe-core finds no violation on any kind of page.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from pageweight import PAGE_BUDGET, gz_size

from .builtpages import page_types, village_slugs

pytestmark = pytest.mark.browser
PHONE = {"width": 360, "height": 740}


@pytest.fixture(scope="module")
def urls(themed_build: Path) -> list[str]:
    found = page_types(themed_build)
    assert len(found) > 20
    return found


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport=PHONE)
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    yield tab
    context.close()


@pytest.fixture
def nojs(browser):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    yield tab
    context.close()


def _sideways(tab) -> int:
    return tab.evaluate("document.documentElement.scrollWidth - window.innerWidth")


@pytest.mark.timeout(600)
def test_pages_work_without_javascript_and_never_scroll_sideways(nojs, server: str,
                                                                  urls: list[str]) -> None:
    problems = []
    for url in urls:
        response = nojs.goto(server + url)
        if response is None or response.status != 200:
            problems.append(f"{url}: status {response and response.status}")
            continue
        if not nojs.locator("h1").first.inner_text().strip():
            problems.append(f"{url}: no heading")
        if not nojs.locator("main").first.is_visible():
            problems.append(f"{url}: main content hidden")
        width = nojs.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            problems.append(f"{url}: {width}px wide")
    assert problems == []


@pytest.mark.timeout(900)
def test_axe_finds_no_violation_on_any_kind_of_page(page, server: str, urls: list[str]) -> None:
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    found = {}
    for url in urls:
        page.goto(server + url)
        if _sideways(page) > 0:
            found[url] = ["scrolls sideways with JavaScript on"]
        result = axe.run(page)
        if result.violations_count:
            found[url] = [f"{v['id']}: {v['nodes'][0]['target']}"
                          for v in result.response["violations"]]
    assert found == {}
    assert errors == []  # no CSP violation, no script error, no 404 for a resource


@pytest.mark.timeout(120)
def test_skip_link_and_menu_navigation(page, server: str, themed_build: Path) -> None:
    slug = village_slugs(themed_build)[0]
    page.goto(f"{server}{slug}/")
    page.keyboard.press("Tab")
    skip = page.locator("a.skip")
    assert page.evaluate("document.activeElement.className") == "skip"
    box = skip.bounding_box()
    assert box is not None and box["x"] >= 0 and box["y"] >= 0  # visible when focused
    page.keyboard.press("Enter")
    assert urlsplit(page.url).fragment == "isi"
    menu = page.locator('nav[aria-label="Menu utama"] a')
    assert not menu.first.is_visible()  # a phone sees the village name and a Menu button
    page.locator(".menu-box > summary").click()
    labels = menu.all_inner_texts()
    assert "Layanan" in labels and "Cari" in labels
    menu.filter(has_text="Layanan").first.click()
    page.wait_for_load_state()
    assert page.url == f"{server}{slug}/layanan/"
    first_service = page.locator("main a").first
    first_service.click()
    page.wait_for_load_state()
    assert page.url.startswith(f"{server}{slug}/layanan/") and page.locator("h1").inner_text()


@pytest.mark.timeout(120)
def test_search_finds_a_news_post_and_opens_it(page, server: str, themed_build: Path) -> None:
    slug = village_slugs(themed_build)[0]
    post = sorted(p for p in (themed_build / slug / "berita").iterdir()
                  if p.is_dir() and (p / "index.html").is_file()
                  and p.name not in ("page", "tag", "arsip"))[0]
    page.goto(f"{server}{slug}/{post.relative_to(themed_build / slug).as_posix()}/")
    title = page.locator("h1").inner_text()
    word = max(title.split(), key=len).strip(",.:;“”\"'()")
    requests: list[str] = []
    failed: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("response", lambda response: failed.append(response.url)
            if response.status >= 400 else None)
    page.goto(f"{server}{slug}/cari/?q={word}")
    result = page.locator("#cari-hasil a").first
    result.wait_for()
    # The WebAssembly of the page's language is the one loaded (the "unknown" one is
    # not published), and nothing the search asked for was missing.
    assert [r.rsplit("/", 1)[1] for r in requests if "/wasm." in r] == ["wasm.id.pagefind"]
    assert failed == []
    links = page.locator("#cari-hasil a")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    target = next(h for h in hrefs if h and h.rstrip("/").endswith(post.name))
    page.locator(f'#cari-hasil a[href="{target}"]').click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == title
    assert all(r.startswith(server) for r in requests)  # index and engine are self-hosted


@pytest.mark.timeout(120)
def test_search_with_a_query_stays_within_the_page_budget(page, server: str,
                                                          themed_build: Path) -> None:
    """What the search page downloads once a resident searches (HTML, CSS and every
    script, including the Pagefind engine it imports) fits the 50 KB gzip budget."""
    slug = village_slugs(themed_build)[0]
    loaded: list[str] = []
    page.on("requestfinished", lambda request: loaded.append(request.url)
            if request.resource_type in ("document", "stylesheet", "script") else None)
    page.goto(f"{server}{slug}/cari/")
    page.fill("#cari-q", "desa")
    page.keyboard.press("Enter")
    page.locator("#cari-hasil a").first.wait_for()
    assert page.locator("#cari-status").inner_text().endswith(" ditampilkan.")
    files = [themed_build / urlsplit(url).path.lstrip("/") for url in loaded]
    files = [f / "index.html" if f.is_dir() else f for f in files]
    assert any(f.name == "pagefind.js" for f in files)
    weight = {f.relative_to(themed_build).as_posix(): gz_size(f) for f in files}
    assert sum(weight.values()) <= PAGE_BUDGET, weight
    page.locator("#cari-lagi").click()
    page.locator("#cari-hasil li").nth(10).wait_for()  # the next ten results


@pytest.mark.timeout(60)
def test_search_page_without_javascript_lists_every_page(nojs, server: str,
                                                         themed_build: Path) -> None:
    slug = village_slugs(themed_build)[0]
    nojs.goto(f"{server}{slug}/cari/?q=apa")
    links = nojs.locator("main ul.index a")
    assert links.count() > 20
    links.filter(has_text="Kontak").first.click()
    nojs.wait_for_load_state()
    assert nojs.url == f"{server}{slug}/kontak/"
