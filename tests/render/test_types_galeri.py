"""Galeri: an album grid and a page per album; photos are copied into the build."""

from __future__ import annotations

import pytest
from types_site import FILES, PNG, check_output, page_text


@pytest.fixture
def site_files() -> dict[str, str | bytes]:
    return dict(FILES)


def test_album_grid(client) -> None:
    html = page_text(client, "/contoh/galeri/")
    assert ('<li><a href="hut-ri/"><img src="hut-ri/1.png" alt="" loading="lazy">\n'
            "<strong>Peringatan HUT RI ke-81</strong></a>") in html
    assert "17 Agustus 2026 · 2 foto" in html


def test_album_page_with_captions(client) -> None:
    html = page_text(client, "/contoh/galeri/hut-ri/")
    assert ('<figure><a href="1.png"><img src="1.png" alt="Upacara bendera di lapangan desa">'
            '</a>\n<figcaption>Upacara bendera di lapangan desa</figcaption>\n</figure>') in html
    assert '<img src="2.png" alt="Lomba balap karung" loading="lazy">' in html
    assert client.get("/contoh/galeri/hut-ri/2.png").data == PNG


def test_validation(runner, client, site_tree) -> None:
    folder = site_tree / "content/contoh/galeri"
    (folder / "sebagian.md").write_text(
        "---\ntitle: Sebagian\nfoto:\n  - file: galeri/hut-ri/1.png\n"
        "  - file: galeri/hut-ri/9.png\n    caption: Hilang\n  - caption: Tanpa berkas\n---\n",
        encoding="utf-8")
    (folder / "kosong.md").write_text("---\ntitle: Kosong\nfoto: []\n---\n", encoding="utf-8")
    lines = check_output(runner)
    assert ("content/contoh/galeri/sebagian.md:5: peringatan: berkas 'galeri/hut-ri/9.png' "
            "tidak ditemukan; diterbitkan tanpa gambar ini (periksa nama berkas dan letaknya di "
            "folder media/)") in lines
    assert ("content/contoh/galeri/sebagian.md:7: galat: kunci wajib 'file' tidak ada "
            "(tambahkan baris 'file: ...')") in lines
    assert ("content/contoh/galeri/kosong.md:3: galat: 'foto': daftar foto kosong "
            "(tambahkan sedikitnya satu foto)") in lines
    html = page_text(client, "/contoh/galeri/sebagian/")
    assert html.count("<figure>") == 1
