"""Drafts and future-dated items of every kind appear nowhere: page, list, home, feed, sitemap."""

from __future__ import annotations

import pytest
from types_site import FILES, page_text

EXTRA = {
    "layanan": "persyaratan: [KTP]\nprosedur: [Datang]\nwaktu: 1 hari\nbiaya: Gratis\n"
               "produk: Surat\n",
    "potensi": "harga: 1000\n",
    "dokumen": "kategori: berkala\nfile: media/formulir-domisili.pdf\n",
    "galeri": "foto:\n  - file: galeri/hut-ri/1.png\n",
    "agenda": "mulai: 2026-12-24 09:00\n",
    "berita": "",
    "pengumuman": "",
}
KINDS = tuple(EXTRA)


def _files() -> dict[str, str | bytes]:
    files = dict(FILES)
    for kind, extra in EXTRA.items():
        files[f"content/contoh/{kind}/rahasia-draf.md"] = (
            f"---\ntitle: Rahasia Draf {kind}\ndate: 2026-01-01\ndraft: true\n{extra}---\n")
        files[f"content/contoh/{kind}/rahasia-nanti.md"] = (
            f"---\ntitle: Rahasia Nanti {kind}\ndate: 2027-01-01\n{extra}---\n")
    return files


@pytest.fixture
def site_files() -> dict[str, str | bytes]:
    return _files()


@pytest.mark.parametrize("kind", KINDS)
def test_no_page(client, kind: str) -> None:
    page_text(client, f"/contoh/{kind}/rahasia-draf/", status=404)
    page_text(client, f"/contoh/{kind}/rahasia-nanti/", status=404)


@pytest.mark.parametrize("url", [f"/contoh/{kind}/" for kind in KINDS] + [
    "/contoh/", "/contoh/feed.xml", "/contoh/sitemap.xml", "/contoh/berita/arsip/2027/"])
def test_not_listed_anywhere(client, url: str) -> None:
    response = client.get(url)
    assert b"Rahasia" not in response.data and b"rahasia" not in response.data


def test_built_output_has_none_of_them(runner, site_tree) -> None:
    assert runner.invoke(args=["build"]).exit_code == 0
    out = site_tree / "build"
    for path in out.rglob("*"):
        assert "rahasia" not in path.name
        if path.suffix in (".html", ".xml", ".ics", ".txt"):
            assert "Rahasia" not in path.read_text(encoding="utf-8"), path
