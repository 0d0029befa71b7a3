"""Issue 14, "done when": a build over the whole hostile corpus ends, reports, and publishes
every good village; the preview survives every file of it.

Each folder of ``tests/data/hostile/robust/`` becomes one village; the special
files git cannot hold (a FIFO, a symlink loop, a link to /dev/zero, a hard link
to a file outside the village) are made at run time in one more village. The
good villages ``x`` and ``y`` of ``mk`` must publish whatever the others hold.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest
from robust_site import flask, mk, village_yml
from sitefiles import REPO

from satudesa import create_app

CORPUS = REPO / "tests/data/hostile/robust"
BOUND = 120  # seconds for the whole build: it used to hang for ever, or take 420 s


@pytest.fixture(scope="module")
def corpus_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("corpus")
    site = mk(root)
    folders = sorted(p.name for p in CORPUS.iterdir() if p.is_dir())
    for number, slug in enumerate([*folders, "khusus"], 10):
        (site / f"villages/{slug}.yml").write_text(village_yml(f"Desa {slug}", number))
        if slug != "khusus":
            shutil.copytree(CORPUS / slug, site / "content" / slug)
    special = site / "content/khusus"
    (special / "berita").mkdir(parents=True)
    (special / "berita/biasa.md").write_text(
        "---\ntitle: Biasa\ndate: 2026-03-01\n---\nHalaman biasa.\n")
    os.mkfifo(special / "pipa")
    (special / "putar").symlink_to("putar")
    (special / "nol.md").symlink_to("/dev/zero")
    (root / "luar.txt").write_text("rahasia\n")
    os.link(root / "luar.txt", special / "luar.txt")
    return site


def test_the_corpus_holds_every_kind_of_input() -> None:
    names = {p.relative_to(CORPUS).as_posix() for p in CORPUS.rglob("*") if p.is_file()}
    for expected in ("yaml-dalam/berita/kurung.md", "gambar/media/progresif.jpg",
                     "gambar/media/gps.avif", "gambar/media/rusak.png",
                     "keluaran/berita/kendali.md", "draf/apbdes/2027.yml"):
        assert expected in names


def test_a_build_of_the_whole_corpus_ends_with_a_report(corpus_site: Path) -> None:
    start = time.monotonic()
    done = flask(corpus_site, "build", "--jobs", "2", timeout=BOUND)
    assert time.monotonic() - start < BOUND
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert "galat:" in done.stderr and "Selesai:" in done.stdout
    out = corpus_site / "build"
    for slug in ("x", "y"):
        assert (out / slug / "berita/panen/index.html").is_file()
        assert (out / slug / "profil/index.html").is_file()
    assert (out / "khusus/berita/biasa/index.html").is_file()
    assert (out / "index.html").is_file()


def test_check_of_the_whole_corpus_ends(corpus_site: Path) -> None:
    done = flask(corpus_site, "check", timeout=BOUND)
    assert done.returncode == 1
    for path in ("content/yaml-dalam/berita/kurung.md", "content/khusus/pipa",
                 "content/khusus/luar.txt", "content/gambar/berita/foto.md"):
        assert path in done.stderr


def test_the_preview_survives_every_file(corpus_site: Path) -> None:
    app = create_app({"TESTING": True, "SATUDESA_SITE": str(corpus_site),
                      "SATUDESA_ISOLATE": True})
    client = app.test_client()
    assert client.get("/").status_code == 200
    for village in sorted((corpus_site / "content").iterdir()):
        assert client.get(f"/{village.name}/").status_code == 200, village.name
        for page in sorted(village.rglob("*.md")):
            if not page.is_file():
                continue
            rel = page.relative_to(village).with_suffix("").as_posix()
            url = f"/{village.name}/{rel}/"
            assert client.get(url).status_code in (200, 404), url
        for media in sorted(village.rglob("media/*")):
            rel = media.relative_to(village).as_posix()
            assert client.get(f"/{village.name}/{rel}").status_code in (200, 404), rel
    assert client.get("/x/berita/panen/").status_code == 200
