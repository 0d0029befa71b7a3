"""The preview tells officers what is wrong on the page itself; the build never does."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def site_files(site_files):
    return {**site_files,
            "content/contoh/berita/sampul.md": "---\ntitle: Sampul Hilang\ndate: 2026-03-01\n"
                                               "sumary: Ringkasan salah eja\n"
                                               "image: ../media/tidak-ada.jpg\n---\nIsi.\n",
            "content/contoh/berita/rusak.md": "---\ntitle: Rusak\ndate: 2026-02-31\n---\nIsi.\n"}


def test_preview_shows_a_pages_problems_on_the_page(client) -> None:
    page = client.get("/contoh/berita/sampul/").get_data(as_text=True)
    banner = page.split('<div class="pratinjau" role="status">')[1].split("</div></div>")[0]
    assert "Hanya di pratinjau:" in banner
    assert "kunci tidak dikenal &#39;sumary&#39; (maksud Anda &#39;summary&#39;?)" in banner
    assert "tidak ditemukan; diterbitkan tanpa gambar ini" in banner
    assert "<img" not in page.split("<main")[1]  # published without the missing image
    assert 'class="pratinjau"' not in client.get("/contoh/berita/panen-raya/").get_data(
        as_text=True)  # a page without problems has no banner


def test_preview_404_says_why_and_links_under_the_village(client) -> None:
    response = client.get("/contoh/berita/rusak/")
    page = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "tanggal &#39;2026-02-31&#39; tidak ada di kalender" in page
    assert '<a href="/contoh/">Kembali ke beranda' in page
    assert 'href="/contoh/static/style.' in page
    assert client.get(page.split('rel="stylesheet" href="')[1].split('"')[0]).status_code == 200


def test_preview_search_page_says_search_comes_with_the_build(client) -> None:
    page = client.get("/contoh/cari/").get_data(as_text=True)
    assert "indeks pencarian dibuat oleh perintah <code>flask build</code>" in page
    assert '<a href="#h-semua">daftar semua halaman</a>' in page
    assert "cari.js" not in page


def test_the_build_shows_no_preview_banner(runner, site_tree: Path) -> None:
    result = runner.invoke(args=["build"])
    assert result.exit_code == 1, result.output  # the impossible date is an error
    out = site_tree / "build" / "contoh"
    sampul = (out / "berita/sampul/index.html").read_text(encoding="utf-8")
    assert "pratinjau" not in sampul and "<img" not in sampul.split("<main")[1]
    assert "cari.js" in (out / "cari/index.html").read_text(encoding="utf-8")
    assert 'href="/">Kembali ke beranda' in (out / "404.html").read_text(encoding="utf-8")
