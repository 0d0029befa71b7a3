"""Kontak and the home page: village channels beside SP4N-LAPOR!, and the home order."""

from __future__ import annotations

import re

import pytest
from types_site import FILES, page_text


@pytest.fixture
def site_files() -> dict[str, str | bytes]:
    return dict(FILES)


def test_kontak_channels_map_and_lapor(client) -> None:
    html = page_text(client, "/contoh/kontak/")
    assert "<dt>Alamat</dt>\n<dd>Jl. Raya Contoh No. 1</dd>" in html
    assert ('<a href="https://www.openstreetmap.org/?mlat=-6.55&amp;mlon=107.44#map=17/-6.55/'
            '107.44">Buka lokasi kantor di OpenStreetMap</a>') in html
    assert '<dt>WhatsApp</dt>\n<dd><a href="https://wa.me/6281234567890">0812-3456-7890</a>' in html
    assert ('<a href="https://www.lapor.go.id/">lapor.go.id</a> atau SMS ke <strong>1708</strong>'
            ) in html
    assert "<iframe" not in html and "<script" not in html


def test_home_order(client) -> None:
    html = page_text(client, "/contoh/")
    # The task first: the services residents come for, then the news of the village.
    headings = ["Butuh surat apa?</h2>", "Pengumuman</h2>", "Berita terbaru</h2>",
                "Agenda terdekat</h2>", "Kantor desa</h2>", "Tautan cepat</h2>"]
    positions = [html.index(h) for h in headings]
    assert positions == sorted(positions)
    for link in ("agenda/", "potensi/", "dokumen/", "galeri/", "perangkat/", "kontak/"):
        assert f'<li><a href="{link}">' in html


def test_whatsapp_number_reads_the_same_on_every_page(demo_build) -> None:
    """Residents write and dial '0812-…': the footer, the APBDes complaint box and the
    public-information page showed '+6281220457781' while the kontak page said
    '0812-2045-7781'. Every page now shows the number as the kontak page does."""
    shown = set()
    for page in demo_build.glob("cibeureum-girang/**/*.html"):
        text = page.read_text(encoding="utf-8")
        assert ">+62" not in text, page
        shown.update(re.findall(
            r'href="https://wa\.me/6281220457781">(?:WhatsApp )?([^<]+)</a>', text))
    assert shown == {"0812-2045-7781"}
