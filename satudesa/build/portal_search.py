"""One Pagefind index for the whole portal: every village's pages and the regency's own.

Each village keeps its own index (``<slug>/pagefind/``, :mod:`satudesa.build.pagefind`).
The portal's index (``build/pagefind/``, used by ``/cari/``) covers the pages of
every village, and Pagefind cannot update an index in place, so it is rebuilt
from the published tree after the villages are published, off the path that
publishes an edit:

- ``flask build`` rebuilds it after the swap (the edit is already live);
- ``flask build --watch`` asks for it after each rebuild and :class:`Debounced`
  runs it in a thread, at most once every :data:`INTERVAL` seconds while edits
  keep coming, holding the build lock only to exchange the new index in;
- between two runs each build carries the last index over, so ``/cari/`` always
  has one (it may miss the last minutes' pages, never break).

It is written beside ``build/`` and exchanged into place in one step.
``SATUDESA_NO_PORTAL_INDEX=1`` turns it off (the test suite does, except the
tests of this module: it costs about a second per build).
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

from satudesa.build import publish
from satudesa.build.compress import compress_tree
from satudesa.build.pagefind import (
    FOLDER,
    index_pages,
    prune,
    searchable_pages,
)
from satudesa.errors import BuildError, Report

OFF_ENV = "SATUDESA_NO_PORTAL_INDEX"
INTERVAL = 180.0  # seconds between two portal indexes while edits keep coming
QUIET = 10.0  # and after the first edit of a quiet period: a burst of saves is one index


def enabled() -> bool:
    """False when ``SATUDESA_NO_PORTAL_INDEX`` is set."""
    return not os.environ.get(OFF_ENV)


def portal_pages(out: Path) -> list[str]:
    """Every page under ``out`` that carries ``data-pagefind-body``, relative, sorted."""
    return searchable_pages(out, every_depth=True)


def carry_over(out: Path, tree: Path) -> None:
    """Link the published portal index into the tree about to be published."""
    live = out / FOLDER
    if live.is_dir() and not (tree / FOLDER).exists():
        publish.link_tree(live, tree / FOLDER)


def index_portal(out: Path, lock: bool = False) -> int:
    """Rebuild ``out/pagefind/`` from the pages published in ``out``; the number of pages.

    Pagefind reads the published tree and writes beside it without the build
    lock, so a build can publish meanwhile (the index then misses its pages
    until the next run); with ``lock`` the lock is taken for the exchange alone,
    so a build never links a half-exchanged index. Without ``lock`` the caller
    holds it.

    :raise BuildError: when Pagefind is missing or fails (the last index stays).
    """
    pages = portal_pages(out)
    fresh = publish.sibling(out, "pagefind-new")
    publish.remove_tree(fresh)
    index_pages(out, pages, fresh, label="indeks pencarian portal")
    prune(fresh)
    compress_tree(fresh)
    with publish.locked(out) if lock else contextlib.nullcontext():
        _exchange(out, fresh)
    return len(pages)


def _exchange(out: Path, fresh: Path) -> None:
    live = out / FOLDER
    if not live.exists():
        os.replace(fresh, live)
    elif publish.exchange(fresh, live):
        publish.remove_tree(fresh)
    else:  # no atomic exchange on this system: a moment without an index, never a half one
        old = publish.sibling(out, "pagefind-old")
        publish.remove_tree(old)
        os.replace(live, old)
        os.replace(fresh, live)
        publish.remove_tree(old)


def after_publish(out: Path, report: Report) -> tuple[int, float]:
    """The one-shot build's re-index, after the swap and the build lock: (pages, seconds).

    (0, 0.0) when it is turned off.

    A failure is a warning: the pages are published, only the search lags.
    """
    if not enabled() or not (out / "index.html").is_file():
        return 0, 0.0
    start = time.perf_counter()
    try:
        count = index_portal(out, lock=True)
    except BuildError as exc:
        report.warning("pagefind/", exc.message, exc.hint)
        return 0, 0.0
    return count, time.perf_counter() - start




def refresh(out: Path) -> int:
    """:func:`index_portal` for a caller that does not hold the build lock."""
    if not (out / "index.html").is_file():
        return 0
    return index_portal(out, lock=True)


class Debounced:
    """Rebuild the portal index at most once every ``interval`` seconds, in a thread.

    ``request()`` after every watch-mode rebuild: the first request of a quiet
    period is served ``quiet`` seconds later, later ones wait for the interval
    to pass, and one pending run serves every request made while it waits.
    """

    def __init__(self, out: Path, interval: float = INTERVAL, quiet: float = QUIET,
                 report: Callable[[str], None] | None = None) -> None:
        self.out, self.interval, self.quiet, self.report = out, interval, quiet, report
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None
        self._last = float("-inf")
        self.runs = 0

    def request(self) -> None:
        """Ask for a fresh portal index."""
        with self._lock:
            if self._timer is not None:
                return
            delay = max(self.quiet, self._last + self.interval - time.monotonic())
            self._timer = threading.Timer(delay, self._fire)
            self._timer.daemon = True
            self._timer.start()

    def _fire(self) -> None:
        with self._lock:
            self._timer = None
            self._last = time.monotonic()
        try:
            count = refresh(self.out)
            self.runs += 1
            if self.report:
                self.report(f"Indeks pencarian portal diperbarui ({count} halaman).")
        except BuildError as exc:
            if self.report:
                self.report(f"peringatan: {exc.message} ({exc.hint})")

    def close(self) -> None:
        """Stop waiting: a pending run is done now, so the index is not left stale."""
        with self._lock:
            timer, self._timer = self._timer, None
        if timer is not None:
            timer.cancel()
            self._fire()
