"""The built demo served on 127.0.0.1 and driven by Debian's Chromium through Playwright.

Playwright cannot download its own browser here: ``make test`` installs
``chromium`` with apt when it is missing (see docs/recipes in the Makefile).
Pages are taken from the demo's route table, one per template and village, so the
tests follow whatever sections and templates the demo has.
"""

from __future__ import annotations

import functools
import shutil
import sys
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from sitefiles import REPO
from theme_variants import THEMES

sys.path.insert(0, str(REPO / "bench"))
from serve import PrecompressedHandler  # noqa: E402 - bench/serve.py, shared with bench

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


class QuietHandler(SimpleHTTPRequestHandler):
    """Static files without a log line per request."""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib name
        return


@pytest.fixture(scope="session", params=THEMES)
def themed_build(request: pytest.FixtureRequest) -> Path:
    """The built demo in each built-in theme: every browser test runs on both."""
    return request.getfixturevalue("demo_build" if request.param == "default"
                                   else f"{request.param}_build")


@pytest.fixture(scope="session")
def server(themed_build: Path) -> Iterator[str]:
    """Base URL of the built demo, served pre-compressed as nginx would (``.br``/``.gz``),
    from a thread (port chosen by the system)."""
    handler = functools.partial(PrecompressedHandler, directory=str(themed_build))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """One Chromium per test module, closed after it: Playwright's sync API cannot be
    started twice in one thread, and other modules start their own."""
    if CHROMIUM is None:
        pytest.skip("Debian's chromium is not installed (make chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM)
        yield chromium
        chromium.close()

