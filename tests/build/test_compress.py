"""Pre-compressed output: a .gz beside every text file, identical once decompressed; no .br."""

from __future__ import annotations

import gzip
from pathlib import Path

from satudesa.build.compress import MIN_SIZE, TEXT_SUFFIXES, compress_file, compress_tree


def test_compress_file_writes_gzip_that_round_trips(tmp_path: Path) -> None:
    page = tmp_path / "index.html"
    page.write_text("<p>Desa Contoh</p>\n" * 200, encoding="utf-8")
    (tmp_path / "index.html.br").write_bytes(b"a copy an older build wrote")
    assert compress_file(page) == 1
    assert gzip.decompress((tmp_path / "index.html.gz").read_bytes()) == page.read_bytes()
    assert not (tmp_path / "index.html.br").exists()  # older builds' Brotli copy: gone


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
                  and p.stat().st_size >= MIN_SIZE]
    assert any(p.name == "index.html" for p in text_files)
    assert any(p.suffix == ".css" for p in text_files)
    for path in text_files:
        assert path.with_name(path.name + ".gz").is_file(), f"{path}.gz"
        assert not path.with_name(path.name + ".br").exists(), f"{path}.br"
    small = [p for p in out.rglob("*") if p.suffix in TEXT_SUFFIXES
             and p.stat().st_size < MIN_SIZE]
    assert any(p.name == "favicon.svg" for p in small)
    for path in small:  # the host serves the plain file
        for suffix in (".gz", ".br"):
            assert not path.with_name(path.name + suffix).exists(), f"{path}{suffix}"


def test_small_file_gets_no_copies_and_loses_stale_ones(tmp_path: Path) -> None:
    small = tmp_path / "kecil.js"
    small.write_text("x" * (MIN_SIZE - 1))
    (tmp_path / "kecil.js.gz").write_bytes(b"stale")
    (tmp_path / "kecil.js.br").write_bytes(b"stale")
    big = tmp_path / "besar.html"
    big.write_text("<p>Desa Contoh</p>\n" * (MIN_SIZE // 10))
    assert compress_tree(tmp_path) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["besar.html", "besar.html.gz", "kecil.js"]
    assert gzip.decompress((tmp_path / "besar.html.gz").read_bytes()) == big.read_bytes()


def test_large_and_repeated_files_round_trip(tmp_path: Path) -> None:
    # Past the Brotli window sized for small files, and twice (the second from memory).
    data = "".join(f"<li>Dusun {i} RT {i % 7}</li>\n" for i in range(40_000)).encode()
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "data.json").write_bytes(data)
    assert compress_tree(tmp_path) == 2
    for name in ("a", "b"):
        assert gzip.decompress((tmp_path / name / "data.json.gz").read_bytes()) == data


def test_unchanged_files_take_the_previous_copies(tmp_path: Path) -> None:
    old, new = tmp_path / "old", tmp_path / "new"
    for tree in (old, new):
        tree.mkdir()
    page = "<p>Desa Contoh</p>\n" * 200
    (old / "index.html").write_text(page)
    compress_tree(old)
    (new / "index.html").write_text(page)  # same bytes, another inode
    (new / "baru.html").write_text(page + "<p>baru</p>")
    assert compress_tree(new, previous=old) == 1  # only baru.html is compressed
    assert (new / "index.html.gz").samefile(old / "index.html.gz")
