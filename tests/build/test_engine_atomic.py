"""A build killed at any point leaves build/ as it was; a failing village costs only itself."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sitefiles import REPO, VILLAGE, write_tree
from test_engine_equivalence import tree

from satudesa.build import publish


@pytest.fixture
def site_files(site_files):
    site_files["villages/lain.yml"] = VILLAGE.replace("Desa Contoh", "Desa Lain").replace(
        "2001", "2002")
    site_files["content/lain/halaman/profil.md"] = "---\ntitle: Profil Lain\n---\nHalo.\n"
    return site_files


def flask_build(site: Path, *args: str, env: dict[str, str] | None = None,
                wait: bool = True) -> subprocess.Popen[bytes]:
    """``flask build`` of ``site`` in its own process group."""
    process = subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", str(REPO / "app.py"), "build", "--site",
         str(site), *args], env={**os.environ, **(env or {})}, cwd=site,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    if wait:
        output, _ = process.communicate(timeout=120)
        assert process.returncode in (0, 1), output.decode()
    return process


def kill_at(site: Path, point: str, *args: str) -> None:
    """Start a build that pauses at ``point``, and SIGKILL its whole group once it is there."""
    marker = site.parent / f"paused-{point}"
    process = flask_build(site, *args, env={"SATUDESA_TEST_PAUSE": f"{point}:60:{marker}"},
                          wait=False)
    deadline = time.monotonic() + 60
    while not marker.exists():
        assert process.poll() is None, process.stdout.read().decode()  # type: ignore[union-attr]
        assert time.monotonic() < deadline, "the build never reached the pause"
        time.sleep(0.02)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    process.stdout.close()  # type: ignore[union-attr]
    assert process.returncode == -signal.SIGKILL


@pytest.mark.slow
@pytest.mark.parametrize("exchange", ["renameat2", "two-renames"])
@pytest.mark.parametrize("point", ["village", "swap"])
def test_killed_build_leaves_the_published_tree_byte_identical(
        site_tree: Path, tmp_path: Path, point: str, exchange: str,
        monkeypatch: pytest.MonkeyPatch) -> None:
    if exchange == "two-renames":
        monkeypatch.setenv("SATUDESA_NO_EXCHANGE", "1")
    out = site_tree / "build"
    assert flask_build(site_tree, "--jobs", "2").returncode == 0
    assert flask_build(site_tree, "--jobs", "2").returncode == 0
    before = tree(out)
    profil = site_tree / "content/contoh/halaman/profil.md"
    profil.write_text(profil.read_text().replace("kaki gunung", "tepi sungai"))
    kill_at(site_tree, point, "--jobs", "2")
    assert tree(out) == before
    # The next build finishes the job and equals a build from scratch.
    assert flask_build(site_tree, "--jobs", "2").returncode == 0
    assert "tepi sungai" in (out / "contoh/profil/index.html").read_text()
    assert flask_build(site_tree, "--out", str(tmp_path / "fresh")).returncode == 0
    assert tree(out) == tree(tmp_path / "fresh")


@pytest.mark.slow
def test_killed_first_build_publishes_nothing(site_tree: Path) -> None:
    kill_at(site_tree, "village", "--jobs", "1")
    assert not (site_tree / "build").exists()
    assert flask_build(site_tree).returncode == 0
    assert (site_tree / "build/contoh/index.html").is_file()


def test_exchange_swaps_two_folders(tmp_path: Path) -> None:
    write_tree(tmp_path, {"a/x.txt": "a", "b/y.txt": "b"})
    publish.swap_in(tmp_path / "a", tmp_path / "b")
    assert (tmp_path / "b/x.txt").read_text() == "a"
    assert (tmp_path / "a/y.txt").read_text() == "b"


def test_swap_cut_between_two_renames_is_recovered(tmp_path: Path) -> None:
    write_tree(tmp_path, {".build.old/index.html": "lama"})
    publish.recover(tmp_path / "build")
    assert (tmp_path / "build/index.html").read_text() == "lama"


SUMMARY = re.compile(r"Dibangun 1 desa, gagal 2 \(rusak, tema\); 1 folder diabaikan: content/lain "
                     r"\(folder ini diabaikan: tidak ada berkas registri villages/lain\.yml\)\n"
                     r"\d+ berkas ditulis dalam [\d.]+ detik \(\d+ berkas/detik\)\.")


def test_summary_and_exit_status_when_villages_fail(runner, site_tree: Path) -> None:
    write_tree(site_tree, {
        "villages/rusak.yml": VILLAGE.replace("32.14.05.2001", "3214"),
        "villages/tema.yml": VILLAGE.replace("2001", "2003") + "theme: retak\n",
        "content/tema/halaman/profil.md": "---\ntitle: Profil\n---\nHalo.\n",
        "themes/retak/templates/home.html": "{{ 1 // 0 }}",
    })
    (site_tree / "villages/lain.yml").unlink()
    result = runner.invoke(args=["build", "--jobs", "2"])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert SUMMARY.fullmatch("\n".join(lines[-4:-2])), lines[-4:-2]
    assert lines[-2].startswith("1 peringatan (")
    assert ("content/tema: galat: desa gagal dibangun: ZeroDivisionError: integer division or "
            "modulo by zero (jalankan dengan --debug untuk melihat rinciannya)") in lines
    assert "rusak: gagal; versi terbit sebelumnya dipertahankan." in lines
    assert "tema: gagal; versi terbit sebelumnya dipertahankan." in lines
    assert (site_tree / "build/contoh/index.html").is_file()
    assert not (site_tree / "build/tema").exists()


def test_failed_village_keeps_its_last_good_folder(runner, site_tree: Path) -> None:
    assert runner.invoke(args=["build"]).exit_code == 0
    published = tree(site_tree / "build/lain")
    write_tree(site_tree, {"themes/retak/templates/home.html": "{{ 1 // 0 }}"})
    with open(site_tree / "villages/lain.yml", "a") as entry:
        entry.write("theme: retak\n")
    result = runner.invoke(args=["build"])
    assert result.exit_code == 1
    assert "lain: gagal; versi terbit sebelumnya dipertahankan." in result.output
    assert tree(site_tree / "build/lain") == published
    # Still failing next time: reported again, never skipped as 'unchanged'.
    again = runner.invoke(args=["build"])
    assert again.exit_code == 1
    assert "lain: gagal; versi terbit sebelumnya dipertahankan." in again.output


def test_clean_build_exits_zero_with_one_summary(runner) -> None:
    result = runner.invoke(args=["build"])
    assert result.exit_code == 0
    assert re.search(r"^Dibangun 2 desa, gagal 0; semua halaman diterbitkan\.\n\d+ berkas",
                     result.output, re.M)
    again = runner.invoke(args=["build"])
    # Unchanged villages are still published: counted, and told apart from failures.
    assert re.search(r"^Dibangun 2 desa \(2 tidak berubah\), gagal 0; semua halaman diterbitkan"
                     r"\.\n0 berkas ditulis", again.output, re.M)


def test_jobs_must_be_positive(runner) -> None:
    result = runner.invoke(args=["build", "--jobs", "0"])
    assert result.exit_code == 2


def test_sync_tree_mirrors_by_hard_links_and_keeps_shared_files(tmp_path: Path) -> None:
    write_tree(tmp_path, {"src/a/x.txt": "x", "src/b.txt": "b", "src/c/y.txt": "y",
                          "dest/a/x.txt": "lama", "dest/gone.txt": "g", "dest/c": b"file"})
    (tmp_path / "dest/b.txt").hardlink_to(tmp_path / "src/b.txt")
    publish.sync_tree(tmp_path / "src", tmp_path / "dest")
    assert tree(tmp_path / "dest") == tree(tmp_path / "src")
    for name in ("a/x.txt", "b.txt", "c/y.txt"):
        assert (tmp_path / "dest" / name).samefile(tmp_path / "src" / name)
