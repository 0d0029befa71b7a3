"""Issue 14, items 7 and 8: what an officer marks as a draft is never published.

The corpus folder ``tests/data/hostile/robust/draf/`` holds a news item that
says ``draft: true`` but is broken elsewhere (an unclosed quote, a 31 February),
and data files with ``draft: true`` or ``status: draf``. Each one was
published before: the page stayed online as "last good version", the budget
in HTML, CSV, JSON and search.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from robust_site import flask, mk
from sitefiles import REPO

from satudesa import create_app

CORPUS = REPO / "tests/data/hostile/robust/draf"
SECRETS = ("NIK-RAHASIA", "ANGGARAN-RAHASIA", "STATISTIK-RAHASIA", "PERANGKAT-RAHASIA")
PUBLISHED_NIK = "---\ntitle: Penerima bantuan\ndate: 2026-02-01\n---\n" \
                "Daftar penerima: NIK-RAHASIA-3214050101010001.\n"


def _leaks(out: Path) -> list[str]:
    return [f"{path}: {secret}" for path in out.rglob("*") if path.is_file()
            and path.suffix in (".html", ".csv", ".json", ".xml")
            for secret in SECRETS if secret in path.read_text(errors="replace")]


@pytest.fixture
def published(tmp_path: Path) -> Path:
    """``mk`` with the news item published once, then the officer's broken draft edit."""
    site = mk(tmp_path, {"content/x/berita/nik.md": PUBLISHED_NIK})
    done = flask(site, "build", timeout=90)
    assert done.returncode == 0, done.stderr
    assert (site / "build/x/berita/nik/index.html").is_file()
    return site


@pytest.mark.parametrize("draft_line", ["draft: true", "status: draf", "status: diajukan",
                                        "draft: ya", "draft: yes  # jangan terbit"])
def test_a_broken_draft_removes_its_page(published: Path, draft_line: str) -> None:
    text = (CORPUS / "berita/nik.md").read_text().replace("draft: true", draft_line)
    (published / "content/x/berita/nik.md").write_text(text)
    done = flask(published, "build", timeout=90)
    assert done.returncode == 0, done.stderr
    assert "versi terbit sebelumnya dipertahankan" not in done.stderr
    assert ("content/x/berita/nik.md:2:8: peringatan: draf, tidak diterbitkan: tanda kutip "
            "tidak ditutup") in done.stderr
    out = published / "build"
    assert not (out / "x/berita/nik").exists()
    assert _leaks(out) == []
    client = create_app({"TESTING": True, "SATUDESA_SITE": str(published)}).test_client()
    assert client.get("/x/berita/nik/").status_code == 404


def test_an_unclosed_draft_front_matter_removes_its_page(published: Path) -> None:
    (published / "content/x/berita/nik.md").write_text(
        "---\ntitle: Penerima\ndraft: true\nNIK-RAHASIA tanpa penutup\n")
    done = flask(published, "build", timeout=90)
    assert not (published / "build/x/berita/nik").exists()
    assert _leaks(published / "build") == [], done.stderr


def test_status_terbit_publishes(tmp_path: Path) -> None:
    site = mk(tmp_path, {"content/x/berita/siap.md":
                         "---\ntitle: Siap\ndate: 2026-03-01\nstatus: terbit\n---\nSiap.\n"})
    done = flask(site, "build", timeout=90)
    assert done.returncode == 0, done.stderr
    assert (site / "build/x/berita/siap/index.html").is_file()


def test_draft_data_files_are_published_nowhere(tmp_path: Path) -> None:
    site = mk(tmp_path)
    for name in ("apbdes/2027.yml", "statistik.yml", "perangkat.yml"):
        (site / "content/x" / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(CORPUS / name, site / "content/x" / name)
    done = flask(site, "build", timeout=90)
    assert done.returncode == 0, done.stderr
    out = site / "build/x"
    assert not list(out.glob("apbdes/2027*"))
    assert not (out / "statistik.csv").exists() and not (out / "statistik.json").exists()
    assert _leaks(site / "build") == []
    check = flask(site, "check", timeout=60)
    assert check.returncode == 0, check.stderr


def test_data_files_without_draft_still_publish(tmp_path: Path) -> None:
    site = mk(tmp_path)
    (site / "content/x/apbdes").mkdir()
    (site / "content/x/apbdes/2027.yml").write_text(
        (CORPUS / "apbdes/2027.yml").read_text().replace("draft: true", "draft: false"))
    done = flask(site, "build", timeout=90)
    assert done.returncode == 0, done.stderr
    assert "ANGGARAN-RAHASIA" in (site / "build/x/apbdes/2027.csv").read_text()
