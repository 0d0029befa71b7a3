"""Issue 14, items 3 and 9: only regular files and folders of a village are read.

Special files are made at test time in a temporary site (git cannot hold a
FIFO, and a committed symlink loop would trip every tool that walks the tree).
Real ``flask check`` and ``flask build`` processes, with timeouts: a FIFO used
to hang the build for ever, a symlink loop to end it with a traceback.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from robust_site import flask, mk

from satudesa import create_app

SECRET = "RAHASIA-LUAR-DESA"


@pytest.fixture
def special_site(tmp_path: Path) -> Path:
    site = mk(tmp_path)
    x = site / "content/x"
    os.mkfifo(x / "pipa")
    os.mkfifo(x / "berita/pipa.md")
    (x / "putar").symlink_to("putar")
    (x / "media").mkdir()
    (x / "media/nol.jpg").symlink_to("/dev/zero")
    (x / "berita/nol.md").symlink_to("/dev/zero")
    (x / "berita/lihat.md").write_text(
        "---\ntitle: Lihat\ndate: 2026-03-04\n---\n![nol](../media/nol.jpg) [pipa](../pipa)\n")
    return site


def test_check_warns_about_every_special_file(special_site: Path) -> None:
    done = flask(special_site, "check", timeout=60)
    assert "tidak ada masalah" not in done.stdout
    err = done.stderr
    assert "content/x/pipa: peringatan: berkas khusus diabaikan: FIFO (pipa bernama)" in err
    assert "content/x/berita/pipa.md: peringatan: berkas khusus diabaikan: FIFO" in err
    assert ("content/x/putar: peringatan: tautan simbolik berputar (menunjuk ke dirinya "
            "sendiri) diabaikan") in err
    assert ("content/x/media/nol.jpg: peringatan: tautan simbolik ke berkas khusus "
            "diabaikan: perangkat karakter") in err
    assert "content/x/berita/nol.md: peringatan: tautan simbolik ke berkas khusus" in err


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_build_ends_and_publishes_around_special_files(special_site: Path, jobs: str) -> None:
    done = flask(special_site, "build", "--jobs", jobs, timeout=60)
    assert "Traceback" not in done.stderr, done.stderr
    assert "content/x/pipa: peringatan: berkas khusus diabaikan" in done.stderr
    out = special_site / "build"
    assert (out / "x/berita/panen/index.html").is_file()
    assert (out / "y/berita/panen/index.html").is_file()
    assert not (out / "x/media/nol.jpg").exists() and not (out / "x/pipa").exists()
    # A second build (the incremental path hashes the folder again) ends as well.
    again = flask(special_site, "build", "--jobs", jobs, timeout=60)
    assert again.returncode == done.returncode, again.stderr


def test_preview_serves_around_special_files(special_site: Path) -> None:
    client = create_app({"TESTING": True, "SATUDESA_SITE": str(special_site)}).test_client()
    assert client.get("/x/berita/panen/").status_code == 200
    assert client.get("/x/berita/lihat/").status_code == 200
    assert client.get("/x/media/nol.jpg").status_code == 404
    assert client.get("/x/pipa").status_code == 404


@pytest.fixture
def linked_site(tmp_path: Path) -> Path:
    site = mk(tmp_path)
    outside = tmp_path / "luar"
    outside.mkdir()
    (outside / "data.txt").write_text(f"{SECRET}: NIK warga\n")
    (outside / "halaman.md").write_text(f"---\ntitle: {SECRET}\n---\n{SECRET}\n")
    x = site / "content/x"
    (x / "media").mkdir()
    os.link(outside / "data.txt", x / "media/data.txt")
    os.link(outside / "halaman.md", x / "halaman/rahasia.md")
    os.link(site / "content/y/berita/panen.md", x / "berita/panen-y.md")
    (x / "berita/unduh.md").write_text(
        "---\ntitle: Unduh\ndate: 2026-03-04\n---\n[data](../media/data.txt)\n")
    # A hard link within the village is fine: both names are inside it.
    os.link(x / "halaman/profil.md", x / "halaman/profil-lama.md")
    return site


def test_hard_links_out_of_the_village_are_refused(linked_site: Path) -> None:
    done = flask(linked_site, "build", "--jobs", "2", timeout=60)
    assert done.returncode == 1, done.stderr
    for path in ("content/x/media/data.txt", "content/x/halaman/rahasia.md",
                 "content/x/berita/panen-y.md", "content/y/berita/panen.md"):
        assert f"{path}: galat: berkas ini tautan keras (hard link)" in done.stderr
    assert "content/x/halaman/profil-lama.md: galat" not in done.stderr
    out = linked_site / "build"
    for path in out.rglob("*"):
        if path.is_file():
            assert SECRET.encode() not in path.read_bytes(), path
    assert not (out / "x/berita/panen-y").exists()
    assert not (out / "y/berita/panen").exists()
    assert (out / "x/profil-lama/index.html").is_file()
    check = flask(linked_site, "check", timeout=60)
    assert "content/x/media/data.txt: galat: berkas ini tautan keras" in check.stderr


def test_removing_the_outside_link_publishes_the_file_again(linked_site: Path) -> None:
    assert flask(linked_site, "build", timeout=60).returncode == 1
    (linked_site / "content/x/berita/panen-y.md").unlink()
    flask(linked_site, "build", timeout=60)
    assert (linked_site / "build/y/berita/panen/index.html").is_file()
