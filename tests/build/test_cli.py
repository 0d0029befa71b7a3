"""`flask build` and `flask check` through the CLI runner: isolation and exit status."""

from __future__ import annotations

from pathlib import Path

import pytest
from sitefiles import VILLAGE

BROKEN_PAGE = "---\ntitle: [tidak ditutup\n---\nIsi.\n"
OTHER = VILLAGE.replace("Desa Contoh", "Desa Lain").replace("2001", "2002")
BROKEN_VILLAGE = VILLAGE.replace("32.14.05.2001", "3214")


@pytest.fixture
def site_files(site_files):
    site_files["content/contoh/berita/rusak.md"] = BROKEN_PAGE
    site_files["villages/lain.yml"] = OTHER
    site_files["content/lain/halaman/profil.md"] = "---\ntitle: Profil Lain\n---\nHalo.\n"
    site_files["villages/rusak.yml"] = BROKEN_VILLAGE
    return site_files


def test_broken_page_and_village_are_skipped_and_reported(runner, site_tree: Path) -> None:
    result = runner.invoke(args=["build"])
    assert result.exit_code == 1
    out = site_tree / "build"
    assert (out / "contoh/berita/panen-raya/index.html").is_file()
    assert not (out / "contoh/berita/rusak").exists()
    assert (out / "lain/profil/index.html").is_file()
    assert not (out / "rusak").exists()
    assert ("content/contoh/berita/rusak.md:2:8: galat: daftar '[' tidak ditutup dengan "
            "benar (pisahkan butir dengan ',' dan tutup dengan ']')") in result.output
    assert ("villages/rusak.yml:2: galat: 'kode_wilayah': harus 10 angka (PP.KK.CC.DDDD), "
            "diterima '3214' (4 angka) (salin kode dari Kepmendagri 300.2.2-2138/2025, "
            "contoh 32.14.05.2007)") in result.output
    assert "Traceback" not in result.output


def test_check_lists_problems_and_a_summary(runner) -> None:
    result = runner.invoke(args=["check"])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert lines[-1] == "Selesai: 2 galat, 0 peringatan di 2 berkas."
    assert lines[0].startswith("content/contoh/berita/rusak.md:2:8: galat:")


def test_village_that_breaks_keeps_its_last_published_version(runner, site_tree: Path) -> None:
    (site_tree / "villages/rusak.yml").write_text(VILLAGE.replace("2001", "2003"))
    assert runner.invoke(args=["build"]).exit_code == 1  # the broken page still counts
    published = (site_tree / "build/rusak/index.html").read_bytes()
    (site_tree / "villages/rusak.yml").write_text(BROKEN_VILLAGE)
    result = runner.invoke(args=["build"])
    assert result.exit_code == 1
    assert "rusak: gagal; versi terbit sebelumnya dipertahankan." in result.output
    assert (site_tree / "build/rusak/index.html").read_bytes() == published


def test_single_village_build_keeps_the_others(runner, site_tree: Path) -> None:
    runner.invoke(args=["build"])
    lain = site_tree / "build/lain/profil/index.html"
    before = lain.read_bytes()
    (site_tree / "content/lain/halaman/profil.md").write_text("---\ntitle: Baru\n---\nBaru.\n")
    runner.invoke(args=["build", "--village", "contoh"])
    assert lain.read_bytes() == before
    assert (site_tree / "build/contoh/index.html").is_file()


def test_unpublished_village_is_removed_from_the_build(runner, site_tree: Path) -> None:
    runner.invoke(args=["build"])
    assert (site_tree / "build/lain").is_dir()
    (site_tree / "villages/lain.yml").write_text(OTHER + "published: false\n")
    runner.invoke(args=["build"])
    assert not (site_tree / "build/lain").exists()
    assert 'href="lain/"' not in (site_tree / "build/index.html").read_text()


def test_missing_site_folder_is_a_usage_error(runner, tmp_path: Path) -> None:
    result = runner.invoke(args=["check", "--site", str(tmp_path / "tidak-ada")])
    assert result.exit_code == 2
    assert "folder situs" in result.output


def test_clean_site_exits_zero(runner, site_tree: Path) -> None:
    for name in ("content/contoh/berita/rusak.md", "villages/rusak.yml"):
        (site_tree / name).unlink()
    result = runner.invoke(args=["check"])
    assert result.exit_code == 0
    assert result.output.strip() == "Selesai: tidak ada masalah."


@pytest.mark.parametrize("engine", ["fast", "frozen"])
def test_debug_shows_the_traceback_that_is_otherwise_one_line(runner, site_tree: Path,
                                                             engine: str) -> None:
    """A failure inside the build: one clean line and exit 1, or with --debug the exception."""
    (site_tree / "villages/rusak.yml").unlink()
    (site_tree / "content/contoh/berita/rusak.md").unlink()
    (site_tree / "themes/retak/templates").mkdir(parents=True)
    (site_tree / "themes/retak/templates/home.html").write_text("{{ 1 // 0 }}")
    with open(site_tree / "villages/lain.yml", "a") as entry:
        entry.write("theme: retak\n")
    plain = runner.invoke(args=["build", "--engine", engine])
    assert plain.exit_code == 1
    assert "Traceback" not in plain.output
    assert ("galat: desa gagal dibangun: ZeroDivisionError: integer division or modulo by "
            "zero (jalankan dengan --debug untuk melihat rinciannya)") in plain.output
    debug = runner.invoke(args=["build", "--engine", engine, "--debug"])
    assert debug.exit_code == 1
    assert isinstance(debug.exception, ZeroDivisionError)


def test_unknown_village_option_is_a_usage_error(runner, site_tree: Path) -> None:
    """design.md: exit 2 for a usage error; a mistyped --village builds nothing."""
    result = runner.invoke(args=["build", "--village", "conto"])
    assert result.exit_code == 2
    assert result.output.splitlines() == [
        "galat: desa 'conto' tidak terdaftar di villages/ (maksud Anda 'contoh'?) "
        "(lihat: flask build --help)"]
    assert not (site_tree / "build").exists()
    other = runner.invoke(args=["build", "--village", "zzz"])
    assert other.exit_code == 2
    assert other.output.splitlines()[-1] == (
        "galat: desa 'zzz' tidak terdaftar di villages/ (desa yang ada: contoh, lain, rusak) "
        "(lihat: flask build --help)")
    # Registered but invalid: the village's own error, exit 1 (unchanged).
    assert runner.invoke(args=["build", "--village", "rusak"]).exit_code == 1


def test_a_satudesa_error_reaching_the_command_line_is_one_indonesian_line() -> None:
    """click would print 'Error: ...'; officers read 'galat: path: message (hint)'."""
    import click
    from click.testing import CliRunner

    from satudesa.cli.options import Command
    from satudesa.errors import ThemeError

    @click.command(cls=Command)
    def broken() -> None:
        raise ThemeError("tema 'retak' tidak ditemukan", path="villages/contoh.yml", line=7,
                         hint="periksa nama tema")

    result = CliRunner().invoke(broken)
    assert result.exit_code == 1
    assert result.output == ("villages/contoh.yml:7: galat: tema 'retak' tidak ditemukan "
                             "(periksa nama tema)\n")

    @click.command(cls=Command)
    def pathless() -> None:
        raise ThemeError("tema 'retak' tidak ditemukan")

    result = CliRunner().invoke(pathless)
    assert (result.exit_code, result.output) == (1, "galat: tema 'retak' tidak ditemukan\n")
