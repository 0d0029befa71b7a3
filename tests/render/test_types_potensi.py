"""Potensi: price in Rupiah, a WhatsApp order link naming the product, an OSM link."""

from __future__ import annotations

import pytest
from types_site import FILES, check_output, page_text


@pytest.fixture
def site_files() -> dict[str, str | bytes]:
    return dict(FILES)


def test_list_cards_grouped_with_price(client) -> None:
    html = page_text(client, "/contoh/potensi/")
    assert '<h2 id="h-1">Produk UMKM</h2>' in html
    assert '<p class="price">Rp25.000 / kg</p>' in html
    assert '<a href="gula-aren/">Gula Aren Cetak</a>' in html


def test_detail_order_link_and_map(client) -> None:
    html = page_text(client, "/contoh/potensi/gula-aren/")
    assert '<dd class="price">Rp25.000 / kg</dd>' in html
    assert ('href="https://wa.me/6281234567891?text=Halo%2C%20saya%20ingin%20memesan%20'
            'Gula%20Aren%20Cetak%20%28Rp25.000%20/%20kg%29%20dari%20Desa%20Contoh.">'
            'Pesan lewat WhatsApp</a>') in html
    assert ('<a href="https://www.openstreetmap.org/?mlat=-6.56&amp;mlon=107.45#map=17/-6.56/'
            '107.45">Lihat di peta (OpenStreetMap)</a>') in html
    assert "Dusun Cikadu" in html


def test_validation(runner, site_tree) -> None:
    (site_tree / "content/contoh/potensi/salah.md").write_text(
        "---\ntitle: Keripik\nharga: dua puluh ribu\nwhatsapp: 12345\n"
        "koordinat: [107.4, -6.5]\n---\n", encoding="utf-8")
    lines = check_output(runner)
    assert ("content/contoh/potensi/salah.md:3: galat: 'harga': harus berupa angka bulat, "
            "bukan 'dua puluh ribu' (tulis angkanya saja, misalnya 25000)") in lines
    assert ("content/contoh/potensi/salah.md:4: galat: 'whatsapp': nomor WhatsApp tidak "
            "valid: '12345' (tulis nomor ponsel seperti 081234567890)") in lines
    assert ("content/contoh/potensi/salah.md:5: galat: 'koordinat': koordinat di luar "
            "Indonesia: 107.4, -6.5 (periksa urutan lintang lalu bujur)") in lines


def test_price_written_as_rupiah_text_is_accepted(client, site_tree) -> None:
    (site_tree / "content/contoh/potensi/kopi.md").write_text(
        "---\ntitle: Kopi Robusta\nharga: Rp45.000\nsatuan: per bungkus 250 gram\n---\n",
        encoding="utf-8")
    html = page_text(client, "/contoh/potensi/kopi/")
    assert '<dd class="price">Rp45.000 per bungkus 250 gram</dd>' in html
    # No WhatsApp of its own: orders go to the village's number.
    assert ('href="https://wa.me/6281234567890?text=Halo%2C%20saya%20ingin%20memesan%20Kopi%20'
            'Robusta%20%28Rp45.000%20per%20bungkus%20250%20gram%29%20dari%20Desa%20Contoh.">'
            ) in html
