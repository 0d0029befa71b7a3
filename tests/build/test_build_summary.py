"""The build summary names what it left out, and tells 'unchanged' from 'failed' (#20)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from sitefiles import VILLAGE

from satudesa.build.engine import Outcome
from satudesa.build.progress import progress_reporter
from satudesa.build.summary import left_out
from satudesa.errors import Problem, Report

NO_TITLE = "---\ndate: 2026-11-20\n---\nPosyandu hari Sabtu.\n"
MISSPELT = "---\ntitle: Rapat Desa\ndate: 2026-11-02\nsumary: Musyawarah dusun.\n---\nIsi.\n"
TIMING = re.compile(r"^\d+ berkas ditulis dalam [\d.]+ detik \(\d+ berkas/detik\)\.$", re.M)


@pytest.fixture
def site_files(site_files):
    site_files["villages/lain.yml"] = VILLAGE.replace("Desa Contoh", "Desa Lain").replace(
        "2001", "2002")
    site_files["content/lain/halaman/profil.md"] = "---\ntitle: Profil Lain\n---\nHalo.\n"
    site_files["content/contoh/pengumuman/jadwal-posyandu.md"] = NO_TITLE
    site_files["content/contoh/berita/rapat.md"] = MISSPELT
    return site_files


def _summary(output: str) -> list[str]:
    """The lines from 'Dibangun' to the report's closing 'Selesai' line."""
    lines = output.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Dibangun "))
    return lines[start:]


@pytest.mark.parametrize("engine", ["fast", "frozen"])
def test_the_summary_names_the_page_left_out(runner, engine: str) -> None:
    result = runner.invoke(args=["build", "--engine", engine])
    assert result.exit_code == 1  # unchanged: a page with an error fails the build
    summary = _summary(result.output)
    assert summary[0] == ("Dibangun 2 desa, gagal 0; 1 halaman tidak diterbitkan: "
                          "content/contoh/pengumuman/jadwal-posyandu.md:1 "
                          "(kunci wajib 'title' tidak ada)")
    assert TIMING.match(summary[1]), summary[1]
    # The misspelt key's value is missing from the page: the summary says so.
    assert summary[2] == ("1 peringatan, 1 di antaranya kunci tidak dikenal: nilainya tidak "
                          "tampil di situs (baca baris 'peringatan' di atas, atau jalankan "
                          "'flask check')")
    assert summary[3] == "Selesai: 1 galat, 1 peringatan di 2 berkas."
    assert ("content/contoh/berita/rapat.md:4: peringatan: kunci tidak dikenal 'sumary' "
            "(maksud Anda 'summary'?)") in result.output


def test_both_engines_print_the_same_summary(runner, site_tree: Path) -> None:
    fast = runner.invoke(args=["build", "--engine", "fast", "--force", "--out",
                               str(site_tree / "a")])
    frozen = runner.invoke(args=["build", "--engine", "frozen", "--out", str(site_tree / "b")])
    assert fast.exit_code == frozen.exit_code == 1

    def words(output: str) -> list[str]:
        return [line for line in _summary(output) if not TIMING.match(line)]

    assert words(fast.output) == words(frozen.output)


def test_an_unchanged_village_is_not_a_skipped_one(runner, site_tree: Path) -> None:
    runner.invoke(args=["build"])
    (site_tree / "content/lain/halaman/profil.md").write_text(
        "---\ntitle: Profil Lain\n---\nHalo lagi.\n")
    again = runner.invoke(args=["build"])
    assert again.exit_code == 1
    # contoh did not change: it is published as it was, and its dropped page is still named.
    assert _summary(again.output)[0] == (
        "Dibangun 2 desa (1 tidak berubah), gagal 0; 1 halaman tidak diterbitkan: "
        "content/contoh/pengumuman/jadwal-posyandu.md:1 (kunci wajib 'title' tidak ada)")


def test_every_page_left_out_is_named_on_its_own_line(runner, site_tree: Path) -> None:
    (site_tree / "content/contoh/berita/rusak.md").write_text("---\ntitle: [x\n---\nIsi.\n")
    (site_tree / "content/contoh/berita/Panen.MD").write_text("---\ntitle: Panen\n---\n")
    (site_tree / "content/liar").mkdir()
    result = runner.invoke(args=["build"])
    summary = _summary(result.output)
    assert summary[0] == "Dibangun 2 desa, gagal 0; 3 halaman tidak diterbitkan:"
    named = [line.split(" (")[0] for line in summary[1:6]]
    assert named == ["  content/contoh/berita/Panen.MD", "  content/contoh/berita/rusak.md:2",
                     "  content/contoh/pengumuman/jadwal-posyandu.md:1", "1 folder diabaikan:",
                     "  content/liar"]
    assert TIMING.match(summary[6])


def test_a_failed_village_is_named_and_its_pages_are_not_counted(runner, site_tree: Path) -> None:
    (site_tree / "villages/lain.yml").write_text(VILLAGE.replace("32.14.05.2001", "3214"))
    result = runner.invoke(args=["build"])
    assert _summary(result.output)[0].startswith("Dibangun 1 desa, gagal 1 (lain); 1 halaman")


def test_left_out_takes_the_first_problem_of_each_file() -> None:
    report = Report([
        Problem("content/a/berita/x.md", "kedua", line=9),
        Problem("content/a/berita/x.md", "pertama", line=2),
        Problem("content/a/berita/y.md", "hanya peringatan", severity="warning"),
        Problem("content/a", "desa gagal dibangun"),
        Problem("villages/b.yml", "kode salah"),
    ])
    assert [(p.path, p.message) for p in left_out(report)] == [
        ("content/a/berita/x.md", "pertama")]


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_draws_a_bar_on_a_terminal_and_lines_in_a_log() -> None:
    done = Outcome("contoh", ok=True, written=["index.html"], problems=[
        Problem("content/contoh/berita/x.md", "kunci wajib 'title' tidak ada", line=1)])
    terminal = _Terminal()
    report = progress_reporter(terminal)
    report(None, 0, 2)
    report(done, 1, 2)
    report(Outcome("lain", ok=False), 2, 2)
    assert terminal.getvalue() == ("\r[" + "." * 30 + "] 0/2 desa\r[" + "#" * 15 + "." * 15
                                   + "] 1/2 desa\r[" + "#" * 30 + "] 2/2 desa\n")
    log = io.StringIO()
    report = progress_reporter(log)
    report(None, 0, 2)
    report(done, 1, 2)
    report(Outcome("lain", ok=False), 2, 2)
    assert log.getvalue().splitlines() == [
        "[1/2] contoh: dibangun, 1 berkas ditulis, 1 halaman tidak diterbitkan",
        "[2/2] lain: gagal (galatnya tertulis di bawah)"]


def test_a_misspelt_registry_key_is_named_with_the_nearest_one(runner, site_tree: Path) -> None:
    (site_tree / "villages/lain.yml").write_text(
        VILLAGE.replace("Desa Contoh", "Desa Lain").replace("2001", "2002")
        + "  emial: pemdes@lain.desa.id\ndomian: lain.desa.id\n")
    check = runner.invoke(args=["check"])
    assert ("villages/lain.yml:9: peringatan: 'kontak': kunci tidak dikenal 'emial' "
            "(maksud Anda 'email'?)") in check.output
    assert ("villages/lain.yml:10: peringatan: kunci tidak dikenal 'domian' "
            "(maksud Anda 'domain'?)") in check.output
    build = runner.invoke(args=["build"])
    assert ("3 peringatan, 3 di antaranya kunci tidak dikenal: nilainya tidak tampil di situs "
            "(baca baris 'peringatan' di atas, atau jalankan 'flask check')") in build.output
