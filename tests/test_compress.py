"""Pre-compressed output: a .gz and a .br beside every text file, identical once decompressed."""

from __future__ import annotations

import gzip
from pathlib import Path

import brotli

from satudesa.compress import TEXT_SUFFIXES, compress_file, compress_tree


def test_compress_file_writes_both_and_they_round_trip(tmp_path: Path) -> None:
    page = tmp_path / "index.html"
    page.write_text("<p>Desa Contoh</p>\n" * 200, encoding="utf-8")
    assert compress_file(page) == 2
    assert gzip.decompress((tmp_path / "index.html.gz").read_bytes()) == page.read_bytes()
    assert brotli.decompress((tmp_path / "index.html.br").read_bytes()) == page.read_bytes()


def test_gzip_is_reproducible(tmp_path: Path) -> None:
    page = tmp_path / "a.css"
    page.write_text("body{margin:0}\n" * 100)
    compress_file(page)
    first = (tmp_path / "a.css.gz").read_bytes()
    compress_file(page)
    assert (tmp_path / "a.css.gz").read_bytes() == first


def test_tiny_files_and_binaries_are_left_alone(tmp_path: Path) -> None:
    (tmp_path / "robots.txt").write_text("User-agent: *\n")
    (tmp_path / "foto.jpg").write_bytes(b"\xff\xd8" + b"x" * 5000)
    assert compress_tree(tmp_path) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["foto.jpg", "robots.txt"]


def test_built_site_has_compressed_copies_of_every_text_file(runner, site_tree: Path) -> None:
    result = runner.invoke(args=["build"])
    assert result.exit_code == 0, result.output
    out = site_tree / "build"
    text_files = [p for p in out.rglob("*") if p.suffix in TEXT_SUFFIXES
                  and p.stat().st_size >= 256]
    assert any(p.name == "index.html" for p in text_files)
    assert any(p.suffix == ".css" for p in text_files)
    for path in text_files:
        for suffix in (".gz", ".br"):
            assert path.with_name(path.name + suffix).is_file(), f"{path}{suffix}"
