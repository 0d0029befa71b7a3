"""Galeri: an album grid and a page per album; photos are copied into the build."""

from __future__ import annotations

import pytest
from types_site import FILES, PNG, check_output, page_text


@pytest.fixture
def site_files() -> dict[str, str | bytes]:
    return dict(FILES)


def test_album_grid(client) -> None:
    html = page_text(client, "/contoh/galeri/")
    # Every accepted image is re-encoded (issue 14): the grid shows its variants.
    assert ('<li><a href="hut-ri/"><picture><source type="image/webp" '
            'srcset="hut-ri/1-1.c2153f77e1.webp 1w"') in html
    assert ('width="1" height="1" alt="" loading="lazy" decoding="async"></picture>\n'
            "<strong>Peringatan HUT RI ke-81</strong></a>") in html
    assert "17 Agustus 2026 · 2 foto" in html


def test_album_page_with_captions(client) -> None:
    html = page_text(client, "/contoh/galeri/hut-ri/")
    assert ('<figure><a href="1.png"><picture><source type="image/webp" '
            'srcset="1-1.c2153f77e1.webp 1w"') in html
    assert ('alt="Upacara bendera di lapangan desa" fetchpriority="high"></picture></a>\n'
            "<figcaption>Upacara bendera di lapangan desa</figcaption>\n</figure>") in html
    assert 'alt="Lomba balap karung" loading="lazy" decoding="async"></picture>' in html
    original = client.get("/contoh/galeri/hut-ri/2.png").data  # re-encoded, still a 1x1 PNG
    assert original.startswith(PNG[:24]) and original.endswith(PNG[-12:])


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
