"""The portal index built from linked pages answers residents as the one built through
a glob: the same pages, titles and excerpts, asked through pagefind.js in Chromium."""

from __future__ import annotations

import functools
import os
import shutil
import threading
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
from serve import PrecompressedHandler  # bench/serve.py (on the path: conftest.py)

from satudesa.build import pagefind, portal_search

pytestmark = pytest.mark.browser

QUERIES = ("desa", "panen", "layanan surat", "posyandu", "kerja bakti", "sejarah")
ASK = """async (query) => {
  const pagefind = await import("/pagefind/pagefind.js");
  await pagefind.options({ baseUrl: "/" });
  const search = await pagefind.search(query);
  const pages = await Promise.all(search.results.map((r) => r.data()));
  return pages.map((p) => [p.url, p.meta.title || "", p.excerpt]);
}"""


def serve(folder: Path) -> tuple[ThreadingHTTPServer, str]:
    handler = functools.partial(PrecompressedHandler, directory=str(folder))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}/"


@pytest.fixture(scope="module")
def servers(demo_build: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[str]]:
    """The demo as built (portal index through a glob), and a linked copy whose portal
    index was rebuilt from pages linked into a private folder."""
    linked = tmp_path_factory.mktemp("linked") / "build"
    shutil.copytree(demo_build, linked, copy_function=os.link)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pagefind, "GLOB_LIMIT", 1)
        portal_search.index_portal(linked)
    assert not (linked / "pagefind/pagefind-entry.json").samefile(
        demo_build / "pagefind/pagefind-entry.json")
    running = [serve(demo_build), serve(linked)]
    yield [url for _httpd, url in running]
    for httpd, _url in running:
        httpd.shutdown()
        httpd.server_close()


@pytest.mark.timeout(180)
def test_linked_pages_give_the_same_search_results(browser, servers: list[str]) -> None:
    context = browser.new_context()
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    answers = []
    for base in servers:
        tab.goto(f"{base}cari/")
        answers.append({q: sorted(map(tuple, tab.evaluate(ASK, q))) for q in QUERIES})
    context.close()
    glob, linked = answers
    assert all(glob[q] for q in ("desa", "panen", "layanan surat")), glob
    assert linked == glob
