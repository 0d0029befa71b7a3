"""The regency's own pages in ``content/_portal/``: halaman, berita and layanan."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser as HTMLParser
from sitefiles import BASIC_FILES, without_notes, write_tree

from satudesa import create_app

KTP = """\
---
title: Perekaman KTP-el
kategori: Kependudukan
persyaratan: [Kartu Keluarga]
prosedur: [Ambil antrean, Perekaman biometrik]
waktu: 15 menit
biaya: Gratis
produk: KTP-el
pengaduan: SP4N-LAPOR! (lapor.go.id)
dasar_hukum: [UU 24/2013]
---
Bawa Kartu Keluarga asli.
"""
FILES: dict[str, str | bytes] = {
    **BASIC_FILES,
    "content/_portal/halaman/tentang.md": "---\ntitle: Tentang Portal\n---\n"
                                          "Lihat [layanan KTP-el](../layanan/ktp-el.md).\n",
    "content/_portal/halaman/contoh.md": "---\ntitle: Bentrok\n---\nNama desa.\n",
    "content/_portal/berita/mpp.md": "---\ntitle: MPP Buka Sabtu\ndate: 2026-11-24\n"
                                     "summary: Loket buka Sabtu.\n---\nIsi.\n",
    "content/_portal/layanan/ktp-el.md": KTP,
    "content/_portal/agenda/rapat.md": "---\ntitle: Rapat\nmulai: 2026-12-01 09:00\n---\n",
}


@pytest.fixture
def site_files() -> dict[str, str | bytes]:
    return dict(FILES)


def flask(site: Path, *args: str):
    app = create_app({"TESTING": True, "SATUDESA_SITE": str(site)})
    return app.test_cli_runner().invoke(args=list(args))


def test_check_reports_what_the_portal_cannot_publish(site_tree: Path) -> None:
    result = flask(site_tree, "check")
    assert result.exit_code == 1
    assert without_notes(result.output) == [
        "content/_portal/agenda: peringatan: portal hanya menerbitkan halaman, berita, layanan; "
        "isi agenda/ diabaikan (pindahkan ke folder desa yang bersangkutan)",
        "content/_portal/halaman/contoh.md: galat: alamat 'contoh/' sudah dipakai oleh desa "
        "contoh (ganti nama berkas halaman ini)",
        "Selesai: 1 galat, 1 peringatan di 2 berkas.",
    ]


def test_the_regency_pages_are_published_at_the_portal_root(site_tree: Path,
                                                            tmp_path: Path) -> None:
    out = tmp_path / "fast"
    assert flask(site_tree, "build", "--out", str(out)).exit_code == 1  # the clash
    about = HTMLParser((out / "tentang/index.html").read_text())
    assert about.css_first("h1").text() == "Tentang Portal"
    assert about.css_first("article a").attributes["href"] == "../layanan/ktp-el/"
    service = HTMLParser((out / "layanan/ktp-el/index.html").read_text())
    facts = [dt.text() for dt in service.css("dl.facts dt")]
    assert facts == ["Waktu penyelesaian", "Biaya", "Produk layanan", "Pengaduan"]
    assert [li.text() for li in service.css("ol.steps li")] == ["Ambil antrean",
                                                               "Perekaman biometrik"]
    listing = HTMLParser((out / "layanan/index.html").read_text())
    assert listing.css_first("main h2").text() == "Kependudukan"
    assert (out / "berita/mpp/index.html").is_file() and (out / "berita/index.html").is_file()
    assert not (out / "agenda").exists()
    assert "Nama desa." not in (out / "contoh/index.html").read_text()  # the village stays
    home = HTMLParser((out / "index.html").read_text())
    section = home.css_first("section[aria-labelledby=h-layanan-kabupaten]")
    assert [a.attributes["href"] for a in section.css("li a")] == ["layanan/ktp-el/"]
    news = [h.text() for h in home.css("section[aria-labelledby=h-berita-kabupaten] h3")]
    assert news == ["MPP Buka Sabtu"]
    feed = json.loads((out / "feed.json").read_text())
    assert feed["items"][0]["url"] == "https://desa.purwakartakab.go.id/berita/mpp/"
    # The same bytes from Frozen-Flask.
    frozen = tmp_path / "frozen"
    assert flask(site_tree, "build", "--out", str(frozen), "--engine", "frozen").exit_code == 1
    files = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert files == {p.relative_to(frozen).as_posix(): p.read_bytes()
                     for p in frozen.rglob("*") if p.is_file()}


def test_an_edit_of_the_portal_rebuilds_no_village(site_tree: Path) -> None:
    (site_tree / "content/_portal/halaman/contoh.md").unlink()
    (site_tree / "content/_portal/agenda/rapat.md").unlink()
    assert flask(site_tree, "build").exit_code == 0
    write_tree(site_tree, {"content/_portal/layanan/ktp-el.md": KTP.replace("15 menit",
                                                                            "20 menit")})
    result = flask(site_tree, "build")
    assert result.exit_code == 0, result.output
    assert "Dibangun 1 desa (1 tidak berubah), gagal 0" in result.output
    assert "20 menit" in (site_tree / "build/layanan/ktp-el/index.html").read_text()


def test_the_preview_serves_the_regency_pages(client) -> None:
    assert "Perekaman KTP-el" in client.get("/layanan/ktp-el/").text
    assert client.get("/tentang/").status_code == 200
