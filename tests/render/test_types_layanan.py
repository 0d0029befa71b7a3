"""Layanan: grouped list with an A–Z index, the service standard, print view with QR."""

from __future__ import annotations

import re

import pytest
from types_site import FILES, check_output, internal_links, page_text, resolve


@pytest.fixture
def site_files() -> dict[str, str | bytes]:
    return dict(FILES)


def test_list_groups_by_kategori_with_az_index(client) -> None:
    html = page_text(client, "/contoh/layanan/")
    assert '<h2 id="h-k-surat-keterangan">Surat Keterangan</h2>' in html
    assert '<h2 id="h-k-layanan-lainnya">Layanan lainnya</h2>' in html
    assert html.index("Surat Keterangan</h2>") < html.index("Layanan lainnya</h2>")
    # The A–Z index files services under the word residents look for.
    assert '<dt id="huruf-d">D</dt>' in html
    assert '<dt id="huruf-t">T</dt>' in html
    assert '<a href="#huruf-d">D</a>' in html
    assert "10 menit · Gratis" in html


def test_detail_shows_the_six_components(client) -> None:
    html = page_text(client, "/contoh/layanan/domisili/")
    assert ('<ul class="checklist"><li>Surat pengantar RT/RW</li>\n<li>Fotokopi KTP</li>\n'
            '<li>Fotokopi KK</li>\n</ul>') in html
    assert ('<ol class="steps"><li>Bawa persyaratan ke kantor desa</li>\n'
            '<li>Petugas mencetak surat</li>\n</ol>') in html
    assert "<dt>Waktu penyelesaian</dt>\n<dd>10 menit</dd>" in html
    assert "<dd><strong>Gratis</strong>, tidak dipungut biaya</dd>" in html
    assert "<dt>Produk layanan</dt>\n<dd>Surat Keterangan Domisili</dd>" in html
    assert "SP4N-LAPOR! (lapor.go.id, SMS 1708)" in html
    assert "<li>Perpres 96/2018</li>" in html
    assert '<a class="button" href="../../media/formulir-domisili.pdf" download>' in html
    assert ('href="https://wa.me/6281234567890?text=Halo%2C%20saya%20ingin%20bertanya%20'
            'tentang%20layanan%20Surat%20Keterangan%20Domisili%20di%20Desa%20Contoh.">'
            'Tanya petugas (WhatsApp)</a>') in html
    assert '<a class="button button-alt" href="cetak/">Versi cetak</a>' in html


def test_formulir_file_is_served(client) -> None:
    response = client.get("/contoh/media/formulir-domisili.pdf")
    assert response.status_code == 200
    assert response.data.startswith(b"%PDF")


def test_print_view_has_requirements_and_qr_to_canonical(client) -> None:
    html = page_text(client, "/contoh/layanan/domisili/cetak/")
    assert "<h1>Surat Keterangan Domisili</h1>" in html
    assert "<li>Fotokopi KTP</li>" in html
    assert re.search(r'<svg width="\d+" height="\d+" class="qr"><title>Kode QR menuju halaman '
                     r'Surat Keterangan Domisili</title><path', html)
    assert "<figcaption>Pindai untuk membuka prosedur lengkap:<br>"\
           "https://contoh.desa.id/layanan/domisili/</figcaption>" in html
    assert 'class="site-header"' not in html  # one sheet: no menu


def test_print_view_is_not_in_sitemap(client) -> None:
    sitemap = page_text(client, "/contoh/sitemap.xml")
    assert "<loc>https://contoh.desa.id/layanan/domisili/</loc>" in sitemap
    assert "cetak" not in sitemap


@pytest.mark.parametrize("site_files", [{
    **{name: body for name, body in FILES.items() if name != "site.yml"},
    "villages/contoh.yml": FILES["villages/contoh.yml"].replace(
        'domain: "contoh.desa.id"\n', "")}])
def test_qr_without_base_encodes_the_village_path(client) -> None:
    html = page_text(client, "/contoh/layanan/domisili/cetak/")
    assert "<br>layanan/domisili/</figcaption>" in html


def test_stylesheet_prints_on_a4(client) -> None:
    html = page_text(client, "/contoh/layanan/domisili/cetak/")
    css_href = re.search(r'<link rel="stylesheet" href="([^"]+)"', html).group(1)
    css = page_text(client, resolve("/contoh/layanan/domisili/cetak/", css_href))
    assert "@page{size:A4" in css


@pytest.mark.parametrize("site_files", [{
    **FILES, "content/contoh/layanan/domisili.md": FILES[
        "content/contoh/layanan/domisili.md"].replace("media/formulir-domisili.pdf",
                                                      "media/tidak-ada.pdf")}])
def test_missing_formulir_is_an_error_and_skips_the_page(runner, client) -> None:
    lines = check_output(runner)
    assert ("content/contoh/layanan/domisili.md:12: galat: berkas formulir "
            "'media/tidak-ada.pdf' tidak ditemukan; halaman ini tidak diterbitkan "
            "(letakkan berkasnya di folder media/ desa ini, atau hapus baris 'formulir')"
            ) in lines
    page_text(client, "/contoh/layanan/domisili/", status=404)
    assert "Domisili" not in page_text(client, "/contoh/layanan/")
    assert runner.invoke(args=["check"]).exit_code == 1


def test_required_keys_are_reported(runner, site_tree) -> None:
    (site_tree / "content/contoh/layanan/kosong.md").write_text(
        "---\ntitle: Layanan Kosong\npersyaratan: [KTP]\n---\n", encoding="utf-8")
    lines = check_output(runner)
    for key in ("prosedur", "waktu", "biaya", "produk"):
        assert (f"content/contoh/layanan/kosong.md:1: galat: kunci wajib '{key}' tidak ada "
                f"(tambahkan baris '{key}: ...')") in lines


@pytest.mark.parametrize("url", ["/contoh/layanan/", "/contoh/layanan/domisili/",
                                 "/contoh/layanan/domisili/cetak/"])
def test_links_in_pages_resolve(client, url: str) -> None:
    for href in internal_links(page_text(client, url)):
        assert client.get(resolve(url, href)).status_code == 200, href
