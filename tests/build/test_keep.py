"""Nothing lost: after a build with errors, good villages are up to date and failed
ones (villages and pages) are still at their last good published version.

Both engines keep the rule: the fast one (default) and Frozen-Flask.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sitefiles import DATA, VILLAGE

from satudesa.build.keep import failed_page_urls, keep_last_good
from satudesa.errors import Report

OTHER = VILLAGE.replace("Desa Contoh", "Desa Lain").replace("2001", "2002")
PNG = (DATA / "hostile/content/jahat/media/foto désa 1.png").read_bytes()
PHOTO_PAGE = """\
---
title: Foto Panen
date: 2026-03-05
---
![Sawah](../media/sawah.png)
"""


@pytest.fixture
def site_files(site_files):
    site_files["villages/lain.yml"] = OTHER
    site_files["content/lain/halaman/profil.md"] = "---\ntitle: Profil Lain\n---\nHalo.\n"
    site_files["content/lain/media/logo.png"] = PNG
    site_files["content/contoh/berita/foto.md"] = PHOTO_PAGE
    site_files["content/contoh/media/sawah.png"] = PNG
    return site_files


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` with its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("engine", ["fast", "frozen"])
def test_a_build_with_errors_loses_nothing(runner, site_tree: Path, engine: str) -> None:
    out = site_tree / "build"
    build = ["build", "--engine", engine]
    first = runner.invoke(args=build)
    assert first.exit_code == 0, first.output
    lain_before = snapshot(out / "lain")
    photo_before = (out / "contoh/berita/foto/index.html").read_bytes()
    # The page shows the photo through its responsive variants (the original is linked
    # from no page, so a new build need not keep it).
    image_before = {p.name: p.read_bytes() for p in (out / "contoh/media").glob("sawah-*")}
    assert image_before

    # Break the registry entry of one village and a page of another; edit a good page.
    (site_tree / "villages/lain.yml").write_text(OTHER.replace("32.14.05.2002", "3214"))
    (site_tree / "content/lain/halaman/profil.md").write_text(
        "---\ntitle: Profil Baru\n---\nBaru.\n")
    (site_tree / "content/contoh/berita/foto.md").write_text(
        PHOTO_PAGE.replace("title: Foto Panen", "title: [Foto Panen"))
    (site_tree / "content/contoh/berita/panen-raya.md").write_text(
        "---\ntitle: Panen Raya Diperbarui\ndate: 2026-03-03\n---\nSudah diperbarui.\n")

    second = runner.invoke(args=build)
    assert second.exit_code == 1
    lines = second.output.splitlines()
    assert "lain: gagal; versi terbit sebelumnya dipertahankan." in lines
    assert ("contoh/berita/foto/: halaman bermasalah; versi terbit sebelumnya "
            "dipertahankan.") in lines
    assert ("content/contoh/berita/foto.md:2:8: galat: daftar '[' tidak ditutup dengan benar "
            "(pisahkan butir dengan ',' dan tutup dengan ']')") in lines
    # The broken village is byte for byte its last good version.
    assert snapshot(out / "lain") == lain_before
    # The good village is up to date ...
    assert "Sudah diperbarui." in (out / "contoh/berita/panen-raya/index.html").read_text()
    # ... and its broken page (with the image only it used) is still published.
    assert (out / "contoh/berita/foto/index.html").read_bytes() == photo_before
    assert {name: (out / "contoh/media" / name).read_bytes() for name in image_before} == \
        image_before
    # The lists of the new build leave the broken page out; its old output stays reachable.
    assert "Foto Panen" not in (out / "contoh/berita/index.html").read_text()

    # Building again with the same errors keeps the same outputs.
    third = runner.invoke(args=build)
    assert third.exit_code == 1
    assert snapshot(out / "lain") == lain_before
    assert (out / "contoh/berita/foto/index.html").read_bytes() == photo_before

    # Fixed: rebuilt from the source. Deleted: gone.
    (site_tree / "villages/lain.yml").write_text(OTHER)
    (site_tree / "content/contoh/berita/foto.md").write_text(
        PHOTO_PAGE.replace("Foto Panen", "Foto Panen Baru"))
    assert runner.invoke(args=build).exit_code == 0
    assert "Foto Panen Baru" in (out / "contoh/berita/foto/index.html").read_text()
    assert "Profil Baru" in (out / "lain/profil/index.html").read_text()
    (site_tree / "content/contoh/berita/foto.md").unlink()
    assert runner.invoke(args=build).exit_code == 0
    assert not (out / "contoh/berita/foto").exists()


@pytest.mark.parametrize("engine", ["fast", "frozen"])
def test_a_page_that_never_built_is_not_invented(runner, site_tree: Path, engine: str) -> None:
    (site_tree / "content/contoh/berita/baru.md").write_text("---\ntitle: [Baru\n---\n")
    result = runner.invoke(args=["build", "--engine", engine])
    assert result.exit_code == 1
    assert not (site_tree / "build/contoh/berita/baru").exists()
    assert "halaman bermasalah" not in result.output


def test_failed_page_urls_follow_the_loader_rules() -> None:
    report = Report()
    report.error("content/contoh/berita/Panen Raya.md", "x")
    report.error("content/contoh/halaman/sejarah.md", "x")
    report.error("content/contoh/halaman/kontak.md", "x")  # introduces a section: rebuilt
    report.error("content/contoh/apbdes/2026.yml", "x")  # not a page
    report.error("content/lain/berita/x.md", "x")  # another village
    report.warning("content/contoh/berita/peringatan.md", "x")  # a warning costs nothing
    assert failed_page_urls(report, "contoh") == ["berita/panen-raya/", "sejarah/"]


def test_keep_never_overwrites_the_new_build(tmp_path: Path) -> None:
    published, staging = tmp_path / "old", tmp_path / "new"
    (published / "sejarah").mkdir(parents=True)
    (published / "sejarah/index.html").write_text(
        '<link href="../static/style.1.css"><img src="../media/a.png">'
        '<a href="../berita/">x</a><img src="https://x.example/b.png">'
        '<img src="../../luar.png">')
    (published / "static").mkdir()
    (published / "static/style.1.css").write_text("old css")
    (published / "media").mkdir()
    (published / "media/a.png").write_bytes(PNG)
    (tmp_path / "luar.png").write_bytes(PNG)
    (staging / "static").mkdir(parents=True)
    (staging / "static/style.1.css").write_text("new css")
    report = Report()
    report.error("content/contoh/halaman/sejarah.md", "x")
    assert keep_last_good(report, "contoh", published, staging) == ["sejarah/"]
    assert (staging / "static/style.1.css").read_text() == "new css"
    assert (staging / "media/a.png").read_bytes() == PNG
    assert not (staging / "berita").exists()
    assert not (tmp_path / "new/../luar.png").resolve().is_relative_to(staging)
    assert sorted(p.relative_to(staging).as_posix() for p in staging.rglob("*")
                  if p.is_file()) == ["media/a.png", "sejarah/index.html", "static/style.1.css"]
