"""The portal index is not rebuilt when every page reads to Pagefind as before (--force)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sitefiles import NEWS as POST
from sitefiles import NO_PORTAL_INDEX, VILLAGE, village_with_news, write_tree

from satudesa.build import portal_search, portal_stamp
from satudesa.build.engine import build_fast


@pytest.fixture(autouse=True)
def portal_index_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(NO_PORTAL_INDEX, raising=False)


@pytest.fixture
def site_files(site_files: dict[str, str | bytes]) -> dict[str, str | bytes]:
    return village_with_news(site_files)


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


def entry_inode(out: Path) -> int:
    return (out / "pagefind/pagefind-entry.json").stat().st_ino


def test_force_keeps_the_index_and_it_equals_a_fresh_one(site_tree: Path,
                                                         tmp_path: Path) -> None:
    out = site_tree / "build"
    first = build_fast(site_tree, out, jobs=1, portal_index=True)
    assert first.portal_pages > 0
    inode = entry_inode(out)
    again = build_fast(site_tree, out, jobs=1, force=True, portal_index=True)
    assert again.portal_pages == 0  # not run: every page reads as before
    assert entry_inode(out) == inode
    fresh = tmp_path / "fresh"  # a cold build into another folder indexes the portal anew
    assert build_fast(site_tree, fresh, jobs=1, portal_index=True).portal_pages > 0
    assert tree(out / "pagefind") == tree(fresh / "pagefind")


def test_an_edit_of_a_page_text_rebuilds_the_index(site_tree: Path) -> None:
    out = site_tree / "build"
    build_fast(site_tree, out, jobs=1, portal_index=True)
    inode = entry_inode(out)
    (site_tree / "content/lain/berita/durian.md").write_text(
        POST.format(title="Festival Durian", day="10", word="rambutan"))
    result = build_fast(site_tree, out, jobs=1, force=True, portal_index=True)
    assert result.portal_pages > 0 and entry_inode(out) != inode
    pages = portal_search.portal_pages(out)
    assert "lain/berita/durian/index.html" in pages


def test_a_new_village_rebuilds_the_index(site_tree: Path) -> None:
    out = site_tree / "build"
    build_fast(site_tree, out, jobs=1, portal_index=True)
    write_tree(site_tree, {
        "villages/baru.yml": VILLAGE.replace("Desa Contoh", "Desa Baru").replace("2001", "2003"),
        "content/baru/berita/kopi.md": POST.format(title="Kopi", day="11", word="kopi")})
    result = build_fast(site_tree, out, jobs=1, portal_index=True)
    assert result.portal_pages > 0
    assert "baru/berita/kopi/index.html" in portal_search.portal_pages(out)


def test_another_index_in_place_is_never_vouched_for(site_tree: Path) -> None:
    """A --watch refresh (or anything) replacing the index: the stamp no longer matches."""
    out = site_tree / "build"
    build_fast(site_tree, out, jobs=1, portal_index=True)
    portal_search.refresh(out)  # a new index, same pages: not the one the stamp describes
    result = build_fast(site_tree, out, jobs=1, force=True, portal_index=True)
    assert result.portal_pages > 0
    again = build_fast(site_tree, out, jobs=1, force=True, portal_index=True)
    assert again.portal_pages == 0


def test_a_village_without_an_index_gives_no_key(site_tree: Path) -> None:
    out = site_tree / "build"
    build_fast(site_tree, out, jobs=1, portal_index=True)
    assert portal_stamp.search_key(out, ["contoh", "lain"]) is not None
    (out / "lain/pagefind/pagefind-entry.json").unlink()
    assert portal_stamp.search_key(out, ["contoh", "lain"]) is None
    assert not portal_stamp.unchanged(out, None)


def test_the_key_follows_what_pagefind_reads_not_the_head(site_tree: Path) -> None:
    out = site_tree / "build"
    build_fast(site_tree, out, jobs=1, portal_index=True)
    page = out / "kabar" / "index.html"  # a searchable page of the portal's own
    page.parent.mkdir()
    html = (b"<html><head><title>Kabar</title><link rel=stylesheet href=a.css></head>"
            b"<body><main data-pagefind-body>Kabar kabupaten</main></body></html>")
    page.write_bytes(html)
    key = portal_stamp.search_key(out, ["contoh", "lain"])
    assert key is not None
    page.write_bytes(html.replace(b"a.css", b"b.css"))  # the head: Pagefind skips it
    assert portal_stamp.search_key(out, ["contoh", "lain"]) == key
    page.write_bytes(html.replace(b"Kabar kabupaten", b"Kabar kecamatan"))
    assert portal_stamp.search_key(out, ["contoh", "lain"]) != key
    page.write_bytes(html)
    entry = out / "lain/pagefind/pagefind-entry.json"  # a village's index stands for its pages
    entry.write_bytes(entry.read_bytes() + b" ")
    assert portal_stamp.search_key(out, ["contoh", "lain"]) != key


def test_a_damaged_stamp_means_the_index_is_rebuilt(site_tree: Path) -> None:
    out = site_tree / "build"
    build_fast(site_tree, out, jobs=1, portal_index=True)
    stamp = out.with_name(f".{out.name}.portal-search")
    assert json.loads(stamp.read_text())["key"]
    stamp.write_text("{not json")
    assert build_fast(site_tree, out, jobs=1, force=True, portal_index=True).portal_pages > 0
