"""One Pagefind index for the portal, rebuilt after publishing; debounced in watch mode."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest
from sitefiles import NEWS as POST
from sitefiles import NO_PORTAL_INDEX, village_with_news, write_tree

from satudesa import create_app
from satudesa.build import portal_search
from satudesa.build.engine import build_fast


@pytest.fixture(autouse=True)
def portal_index_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(NO_PORTAL_INDEX, raising=False)


@pytest.fixture
def site_files(site_files: dict[str, str | bytes]) -> dict[str, str | bytes]:
    return village_with_news(site_files)


def indexed(out: Path) -> int:
    entry = json.loads((out / "pagefind/pagefind-entry.json").read_text())
    return sum(lang["page_count"] for lang in entry["languages"].values())


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_the_portal_index_covers_every_village_and_both_engines_agree(site_tree: Path,
                                                                      tmp_path: Path) -> None:
    app = create_app({"TESTING": True, "SATUDESA_SITE": str(site_tree)})
    fast, frozen = tmp_path / "fast", tmp_path / "frozen"
    for out, engine in ((fast, "fast"), (frozen, "frozen")):
        result = app.test_cli_runner().invoke(args=["build", "--out", str(out), "--engine",
                                                    engine])
        assert result.exit_code == 0, result.output
        lines = result.output.splitlines()  # after the summary: the pages were live first
        said = next(i for i, line in enumerate(lines) if line.startswith("Indeks pencarian"))
        assert lines[said - 1].endswith("berkas/detik).")  # the build's own summary first
        assert re.fullmatch(r"Indeks pencarian portal: \d+ halaman dalam \d+\.\d\d detik "
                            r"\(sesudah terbit\)\.", lines[said])
    pages = portal_search.portal_pages(fast)
    assert "lain/berita/durian/index.html" in pages and "contoh/berita/panen-raya/index.html" \
        in pages
    assert not [p for p in pages if "/pagefind/" in p or p.startswith("pagefind/")]
    assert indexed(fast) == len(pages)
    assert (fast / "contoh/pagefind/pagefind.js").is_file()  # each village keeps its own
    assert (fast / "pagefind/pagefind.js.gz").is_file()
    assert not (fast / "pagefind/pagefind-ui.js").exists()  # pruned like a village's
    assert tree(fast) == tree(frozen)
    cari = (fast / "cari/index.html").read_text()
    assert 'data-bundle="../pagefind/"' in cari and 'href="../lain/cari/"' in cari


def test_a_build_reindexes_after_publishing_and_a_quiet_one_does_not(site_tree: Path) -> None:
    out = site_tree / "build"
    build_fast(site_tree, out, jobs=1, portal_index=True)
    before = indexed(out)
    stamp = (out / "pagefind/pagefind-entry.json").stat().st_ino
    build_fast(site_tree, out, jobs=1, portal_index=True)  # nothing changed: not rebuilt
    assert (out / "pagefind/pagefind-entry.json").stat().st_ino == stamp
    write_tree(site_tree, {"content/lain/berita/kopi.md": POST.format(
        title="Panen Kopi", day="12", word="kopi")})
    build_fast(site_tree, out, jobs=1, portal_index=True)
    assert indexed(out) == before + 1


def test_watch_mode_keeps_the_last_index_and_debounces_the_next(site_tree: Path) -> None:
    out = site_tree / "build"
    build_fast(site_tree, out, jobs=1, portal_index=True)
    before = indexed(out)
    write_tree(site_tree, {"content/lain/berita/kopi.md": POST.format(
        title="Panen Kopi", day="12", word="kopi")})
    build_fast(site_tree, out, jobs=1)  # what --watch and the editor do
    assert indexed(out) == before  # carried over: search keeps working, one page behind
    lines: list[str] = []
    indexer = portal_search.Debounced(out, interval=1.0, quiet=0.0, report=lines.append)
    try:
        for _ in range(3):
            indexer.request()  # the first runs at once, the others wait for one more run
        deadline = time.monotonic() + 30
        while indexer.runs < 1 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert indexer.runs == 1 and indexed(out) == before + 1
        indexer.request()
        indexer.request()
        time.sleep(0.3)
        assert indexer.runs == 1  # within the interval: waiting
        deadline = time.monotonic() + 30
        while indexer.runs < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert indexer.runs == 2
        time.sleep(1.2)
        assert indexer.runs == 2  # one pending run served both requests
    finally:
        indexer.close()
    assert lines[0] == f"Indeks pencarian portal diperbarui ({before + 1} halaman)."
    assert not list(site_tree.glob(".build.pagefind-*"))  # nothing left beside build/


def test_close_runs_a_pending_index_at_once(site_tree: Path) -> None:
    out = site_tree / "build"
    build_fast(site_tree, out, jobs=1, portal_index=True)
    write_tree(site_tree, {"content/lain/berita/kopi.md": POST.format(
        title="Panen Kopi", day="12", word="kopi")})
    build_fast(site_tree, out, jobs=1)
    indexer = portal_search.Debounced(out, interval=60.0, quiet=0.0)
    indexer._last = time.monotonic()  # just ran: the next request would wait a minute
    indexer.request()
    indexer.close()
    assert indexer.runs == 1 and indexed(out) == len(portal_search.portal_pages(out))


def test_the_editors_publisher_asks_for_the_portal_index_after_answering(
        site_tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from satudesa.editor import worker

    out = site_tree / "build"
    build_fast(site_tree, out, jobs=1, portal_index=True)
    before = indexed(out)
    write_tree(site_tree, {"content/lain/berita/kopi.md": POST.format(
        title="Panen Kopi", day="12", word="kopi")})
    assert worker._build(site_tree, out, "lain")["ok"]  # what a "publish" request runs
    assert indexed(out) == before  # the answer does not wait for Pagefind
    monkeypatch.setattr(portal_search, "QUIET", 0.0)
    monkeypatch.setattr(worker, "_INDEXER", None)
    worker._index(out)
    deadline = time.monotonic() + 30
    while indexed(out) == before and time.monotonic() < deadline:
        time.sleep(0.05)
    worker._close_index()
    assert indexed(out) == before + 1
