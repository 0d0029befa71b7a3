"""The fast engine compresses each output from the bytes it writes, never re-reading the tree.

A rendered page gets its ``.gz`` as it is written; an unchanged one
(linked, or rendered again by ``--force`` with the same bytes) takes the
published copies; the search index gets exactly the pages that carry its marker.
"""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import pytest

from satudesa.build import compress, postbuild
from satudesa.build.compress import MIN_SIZE, TEXT_SUFFIXES
from satudesa.build.engine import NO_POSTBUILD_ENV, build_fast
from satudesa.build.pagefind import searchable_pages
from satudesa.outputs import qr


def build(site: Path, **options) -> Path:
    out = site / "build"
    result = build_fast(site, out, jobs=1, **options)
    assert result.ok(), [p.format() for p in result.report.errors]
    return out


def assert_copies_match(out: Path) -> int:
    """Every copy decompresses to the file beside it; every big text file has both."""
    checked = 0
    for path in out.rglob("*"):
        if not path.is_file() or path.suffix not in TEXT_SUFFIXES:
            continue
        data = path.read_bytes()
        copy = path.with_name(path.name + ".gz")
        assert not path.with_name(path.name + ".br").exists()
        if len(data) < MIN_SIZE:
            assert not copy.exists(), copy
        else:
            assert gzip.decompress(copy.read_bytes()) == data, copy
            checked += 1
    for copy in out.rglob("*"):
        if copy.suffix in (".gz", ".br"):
            assert copy.with_suffix("").is_file(), f"{copy}: a copy without its file"
    return checked


def test_pages_are_compressed_as_written_and_handed_to_the_index(
        site_tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    walked: list[Path] = []
    real_tree = postbuild.compress_tree
    monkeypatch.setattr(postbuild, "compress_tree",
                        lambda folder, *a, **k: (walked.append(folder), real_tree(folder, *a, **k)))
    indexed: dict[str, list[str]] = {}
    real_index = postbuild.index_village
    monkeypatch.setattr(postbuild, "index_village", lambda folder, previous, pages: (
        indexed.setdefault(folder.name, sorted(pages)), real_index(folder, previous, pages))[1])
    out = build(site_tree)
    # Only Pagefind's own files and the portal (which skips the villages) are walked.
    assert {f.name for f in walked} == {"pagefind", ".build.spare"}, walked
    assert indexed["contoh"] == searchable_pages(out / "contoh")
    assert indexed["contoh"]  # the site has content pages
    assert assert_copies_match(out / "contoh") > 20


def test_force_takes_the_published_copies_and_draws_no_qr_code(
        site_tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = build(site_tree)
    before = {p.relative_to(out): p.stat().st_ino for p in (out / "contoh").rglob("*.gz")}
    assert any(p.name == "index.html.gz" for p in before)
    assert any("cetak" in p.as_posix() for p in before)  # the print sheet with its QR code
    monkeypatch.setattr(qr, "_draw", lambda *a: pytest.fail("a QR code drawn again"))
    packed: list[bytes] = []
    real = compress.compress_bytes
    monkeypatch.setattr(compress, "compress_bytes", lambda data: (packed.append(data),
                                                                   real(data))[1])
    out = build(site_tree, force=True)
    after = {p.relative_to(out): p.stat().st_ino for p in (out / "contoh").rglob("*.gz")}
    assert after == before  # the same inodes: linked, not written again
    pages = {p.read_bytes() for p in (out / "contoh").rglob("*.html")}
    assert packed and not pages.intersection(packed)  # only the portal's own files
    assert_copies_match(out)


def test_an_edit_leaves_no_stale_copy(site_tree: Path) -> None:
    out = build(site_tree)
    page = site_tree / "content/contoh/halaman/profil.md"
    page.write_text(page.read_text() + "\nSatu kalimat baru untuk uji kompresi.\n" * 40)
    out = build(site_tree)
    assert b"uji kompresi" in gzip.decompress((out / "contoh/profil/index.html.gz").read_bytes())
    assert_copies_match(out)


def test_a_kept_page_keeps_its_copies(site_tree: Path) -> None:
    out = build(site_tree)
    (site_tree / "content/contoh/halaman/profil.md").write_text("---\ntitle: [Rusak\n---\n")
    result = build_fast(site_tree, out, jobs=1)
    assert "contoh/profil/" in result.kept
    assert (out / "contoh/profil/index.html.gz").is_file()
    assert_copies_match(out)


def test_bench_without_hooks_writes_no_copies(site_tree: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(NO_POSTBUILD_ENV, "1")
    out = build(site_tree)
    assert not [p for p in out.rglob("*") if p.suffix in (".gz", ".br")]
    assert os.path.isfile(out / "contoh" / "index.html")


def test_brotli_copies_of_older_builds_are_dropped(site_tree: Path) -> None:
    out = build(site_tree)
    spare = site_tree / ".build.spare"
    for tree in (out / "contoh", spare / "contoh"):
        for page in tree.rglob("index.html"):
            page.with_name("index.html.br").write_bytes(b"Brotli of an older build")
    page = site_tree / "content/contoh/halaman/profil.md"
    page.write_text(page.read_text() + "\nDiubah.\n")
    out = build(site_tree)  # the edited village is written over its older version
    assert not list((out / "contoh").rglob("*.br"))
    for page in (out / "contoh").rglob("index.html"):
        page.with_name("index.html.br").write_bytes(b"Brotli of an older build")
    out = build(site_tree, force=True)
    assert not list((out / "contoh").rglob("*.br"))
    assert_copies_match(out)


def test_the_derived_cache_is_bounded_after_a_build_of_several_villages(
        site_tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from satudesa import derived

    (site_tree / "villages/lain.yml").write_text(
        (site_tree / "villages/contoh.yml").read_text().replace("2001", "2002"))
    (site_tree / "content/lain/layanan").mkdir(parents=True)
    (site_tree / "content/lain/layanan/sktm.md").write_text(
        (site_tree / "content/contoh/layanan/sktm.md").read_text())
    build(site_tree)
    cache = site_tree / derived.FOLDER / "qr"
    entries = list(cache.iterdir())
    assert len(entries) >= 2  # one QR code per village's service sheet (their URLs differ)
    size = entries[0].stat().st_size
    monkeypatch.setattr(derived, "LIMIT_BYTES", size)
    build(site_tree, force=True)  # two villages built: the planning process bounds the cache
    assert sum(p.stat().st_size for p in cache.iterdir()) <= size
