"""The portal's village list: kabupaten → kecamatan, cards with a photo, no raw codes."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image
from sitefiles import VILLAGE

from satudesa import create_app


def _jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (640, 320), (90, 150, 200)).save(buffer, "JPEG")
    return buffer.getvalue()


@pytest.fixture
def site_files(site_files):
    other = VILLAGE.replace("2001", "2002").replace('"Desa Contoh"', '"Desa Bantar"')
    far = (VILLAGE.replace("32.14.05.2001", "64.09.01.2003")
           .replace('"Desa Contoh"', '"Desa Pesisir"')
           .replace("Kabupaten Purwakarta", "Kabupaten Penajam Paser Utara")
           .replace("Kecamatan Uji", "Kecamatan Penajam"))
    return {**site_files,
            "villages/contoh.yml": VILLAGE + 'foto: "media/beranda.jpg"\n',
            "content/contoh/media/beranda.jpg": _jpeg(),
            "villages/bantar.yml": other.replace("Kecamatan Uji", "Kecamatan Anyar"),
            "content/bantar/halaman/profil.md": "---\ntitle: Profil\n---\nIsi.\n",
            "villages/pesisir.yml": far + 'foto: "media/tidak-ada.jpg"\n',
            "content/pesisir/halaman/profil.md": "---\ntitle: Profil\n---\nIsi.\n"}


def test_villages_grouped_by_kabupaten_then_kecamatan(site_tree) -> None:
    client = create_app({"TESTING": True, "SATUDESA_SITE": str(site_tree)}).test_client()
    page = client.get("/").get_data(as_text=True)
    # the village list's headings (kab-/kec- ids), not the regency news below it
    headings = re.findall(r'<h([23]) id="(?:kab|kec)-[^>]*>([^<]+)', page)
    assert headings == [("2", "Kabupaten Penajam Paser Utara"), ("3", "Kecamatan Penajam "),
                        ("2", "Kabupaten Purwakarta"), ("3", "Kecamatan Anyar "),
                        ("3", "Kecamatan Uji ")]
    assert "kode" not in page and "32.14.05" not in page  # no raw codes for residents
    title = "Situs desa dan kelurahan"
    assert page.count(title) == 1  # the title once, not in the header and the heading
    cards = page.split('<ul class="village-cards">')[1:]
    contoh = next(c for c in cards if "Desa Contoh" in c)
    thumb = re.search(r'<img src="(contoh/media/beranda-\d+\.[0-9a-f]{10}\.jpg)"', contoh)
    assert thumb and 'loading="lazy"' in contoh
    assert client.get("/" + thumb.group(1)).status_code == 200  # the village publishes it
    pesisir = next(c for c in cards if "Desa Pesisir" in c)
    assert "<img" not in pesisir.split("</ul>")[0]  # a missing photo: a card without one
