"""Without base_url and a village domain, sitemaps and feeds are relative: say so, once."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import Result
from sitefiles import BASIC_FILES, VILLAGE, write_tree

from satudesa import create_app

NO_BASE = {name: body for name, body in BASIC_FILES.items() if name != "site.yml"}
LAIN = VILLAGE.replace("Desa Contoh", "Desa Lain").replace("2001", "2002")
JAUH = VILLAGE.replace("Desa Contoh", "Desa Jauh").replace("2001", "2003") + \
    'domain: "jauh.desa.id"\n'
TUTUP = VILLAGE.replace("Desa Contoh", "Desa Tutup").replace("2001", "2004") + \
    "published: false\n"
HINT_MANY = ("isi base_url, misalnya base_url: https://desa.namakabupaten.go.id/, atau isi "
             "domain di berkas villages/ setiap desa tersebut")
TWO_WITHOUT = (
    "site.yml: peringatan: base_url belum diisi dan 2 desa belum memiliki domain "
    "(contoh dan lain), sehingga sitemap.xml dan feed.xml desa tersebut memakai alamat "
    f"relatif yang tidak diterima mesin pencari ({HINT_MANY})")


def run(tmp_path: Path, files: dict[str, str | bytes], *args: str) -> Result:
    """``flask <args>`` on a site made of ``files``."""
    site = write_tree(tmp_path / "site", files)
    app = create_app({"TESTING": True, "SATUDESA_SITE": str(site)})
    return app.test_cli_runner().invoke(args=list(args))


def test_check_warns_once_naming_the_villages_without_a_domain(tmp_path: Path) -> None:
    files = {**NO_BASE, "villages/lain.yml": LAIN, "villages/jauh.yml": JAUH,
             "villages/tutup.yml": TUTUP}
    result = run(tmp_path, files, "check")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        TWO_WITHOUT, "Selesai: 0 galat, 1 peringatan di 1 berkas."]
    strict = run(tmp_path / "strict", files, "check", "--strict")
    assert strict.exit_code == 1
    assert strict.output.splitlines()[0] == TWO_WITHOUT.replace(": peringatan: ", ": galat: ")


def test_one_village_is_named_with_its_file(tmp_path: Path) -> None:
    result = run(tmp_path, NO_BASE, "check")
    assert result.output.splitlines() == [
        "site.yml: peringatan: base_url belum diisi dan 1 desa belum memiliki domain "
        "(contoh), sehingga sitemap.xml dan feed.xml desa tersebut memakai alamat relatif "
        "yang tidak diterima mesin pencari (isi base_url, misalnya base_url: "
        "https://desa.namakabupaten.go.id/, atau isi domain di villages/contoh.yml)",
        "Selesai: 0 galat, 1 peringatan di 1 berkas."]


def test_a_long_list_names_five_and_counts_the_rest(tmp_path: Path) -> None:
    files = dict(NO_BASE)
    for number, slug in enumerate(("b", "c", "d", "e", "f", "g"), start=2):
        files[f"villages/{slug}.yml"] = VILLAGE.replace("2001", f"20{number:02d}")
    result = run(tmp_path, files, "check")
    assert result.output.splitlines()[0] == (
        "site.yml: peringatan: base_url belum diisi dan 7 desa belum memiliki domain "
        "(b, c, contoh, d, e, dan 2 desa lainnya), sehingga sitemap.xml dan feed.xml desa "
        f"tersebut memakai alamat relatif yang tidak diterima mesin pencari ({HINT_MANY})")


@pytest.mark.parametrize("engine", ["fast", "frozen"])
def test_build_warns_once_and_still_writes_the_relative_files(tmp_path: Path,
                                                               engine: str) -> None:
    files = {**NO_BASE, "villages/lain.yml": LAIN, "villages/jauh.yml": JAUH}
    result = run(tmp_path, files, "build", "--engine", engine)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines().count(TWO_WITHOUT) == 1
    assert "site.yml" not in result.output.replace(TWO_WITHOUT, "")
    out = tmp_path / "site" / "build"
    assert "<loc>berita/panen-raya/</loc>" in (out / "contoh/sitemap.xml").read_text()
    assert "<loc>contoh/sitemap.xml</loc>" in (out / "sitemap.xml").read_text()
    assert (out / "robots.txt").read_text() == "User-agent: *\nAllow: /\n"
    strict = run(tmp_path / "strict", files, "build", "--engine", engine, "--strict")
    assert strict.exit_code == 1
    assert TWO_WITHOUT.replace(": peringatan: ", ": galat: ") in strict.output.splitlines()


@pytest.mark.parametrize("files", [
    pytest.param({**BASIC_FILES, "villages/lain.yml": LAIN}, id="base_url"),
    pytest.param({**NO_BASE, "villages/contoh.yml": VILLAGE + 'domain: "contoh.desa.id"\n',
                  "villages/jauh.yml": JAUH, "villages/tutup.yml": TUTUP},
                 id="every published village has a domain"),
])
def test_no_warning_when_every_sitemap_is_absolute(tmp_path: Path,
                                                   files: dict[str, str | bytes]) -> None:
    result = run(tmp_path, files, "check", "--strict")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == ["Selesai: tidak ada masalah."]


def test_a_refused_site_yml_gets_its_error_only(tmp_path: Path) -> None:
    result = run(tmp_path, {**NO_BASE, "site.yml": "base_url: desa.example.id\n"}, "check")
    assert result.output.splitlines() == [
        "site.yml:1: galat: 'base_url': alamat web harus diawali https://, bukan "
        "'desa.example.id' (salin alamat lengkapnya dari peramban)",
        "Selesai: 1 galat, 0 peringatan di 1 berkas."]
