"""Dokumen: grouped by KIP category and year, with file type and size; the file is built."""

from __future__ import annotations

import pytest
from types_site import FILES, PDF, check_output, page_text


@pytest.fixture
def site_files() -> dict[str, str | bytes]:
    return dict(FILES)


def test_list_by_category_and_year(client) -> None:
    html = page_text(client, "/contoh/dokumen/")
    berkala = html[html.index('<h2 id="h-berkala">'):html.index('<h2 id="h-serta-merta">')]
    assert "<h2 id=\"h-berkala\">Informasi berkala</h2>" in berkala
    assert "<h3>2026</h3>" in berkala and "Peraturan Desa tentang APB Desa 2026" in berkala
    assert '<br><span class="meta">1 Tahun 2026</span>' in berkala
    size = f"{round(len(PDF) / 1024)} KB"
    assert f'<a href="../media/formulir-domisili.pdf" download>Unduh PDF, {size}</a>' in berkala
    serta_merta = html[html.index('<h2 id="h-serta-merta">'):]
    assert "<h3>2025</h3>" in serta_merta and "Prosedur Evakuasi Banjir" in serta_merta


def test_detail_and_file(client) -> None:
    html = page_text(client, "/contoh/dokumen/apbdes-2026/")
    assert "<dt>Kategori</dt>\n<dd>Informasi berkala</dd>" in html
    assert "<dt>Nomor</dt>\n<dd>1 Tahun 2026</dd>" in html
    assert "<dt>Berkas</dt>\n<dd>PDF, 3 KB</dd>" in html
    assert client.get("/contoh/media/formulir-domisili.pdf").data == PDF


def test_validation(runner, client, site_tree) -> None:
    folder = site_tree / "content/contoh/dokumen"
    (folder / "hilang.md").write_text(
        "---\ntitle: Hilang\nkategori: berkala\nfile: media/hilang.pdf\n---\n", encoding="utf-8")
    (folder / "kategori.md").write_text(
        "---\ntitle: Salah Kategori\nkategori: rahasia\nfile: media/formulir-domisili.pdf\n---\n",
        encoding="utf-8")
    lines = check_output(runner)
    assert ("content/contoh/dokumen/hilang.md:4: galat: berkas file 'media/hilang.pdf' tidak "
            "ditemukan; halaman ini tidak diterbitkan (letakkan berkasnya di folder media/ "
            "desa ini, atau hapus baris 'file')") in lines
    assert ("content/contoh/dokumen/kategori.md:3: galat: 'kategori': 'rahasia' bukan pilihan "
            "yang dikenal (pilih salah satu: berkala, serta-merta, setiap-saat)") in lines
    page_text(client, "/contoh/dokumen/hilang/", status=404)
    assert "Hilang" not in page_text(client, "/contoh/dokumen/")
