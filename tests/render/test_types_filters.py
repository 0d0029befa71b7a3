"""The small helpers behind the content-type pages: sizes, prices, phone numbers, iCalendar text."""

from __future__ import annotations

from satudesa.outputs.ics import escape, fold
from satudesa.render.filters import harga, ponsel, share_links, ukuran


def test_ukuran() -> None:
    assert ukuran(300) == "1 KB"
    assert ukuran(820 * 1024) == "820 KB"
    assert ukuran(int(1.45 * 1024 * 1024)) == "1,4 MB"


def test_harga() -> None:
    assert harga(25000) == "Rp25.000"
    assert harga(25000, "kg") == "Rp25.000 / kg"
    assert harga(15000, "per bungkus") == "Rp15.000 per bungkus"


def test_ponsel() -> None:
    assert ponsel("6281234567890") == "0812-3456-7890"


def test_share_links_encode_everything() -> None:
    links = dict(share_links("https://x.desa.id/berita/a b/", "Rapat & Musyawarah"))
    assert links["Facebook"] == ("https://www.facebook.com/sharer/sharer.php?u="
                                 "https%3A%2F%2Fx.desa.id%2Fberita%2Fa%20b%2F")
    assert links["X"].endswith("&text=Rapat%20%26%20Musyawarah")


def test_ics_text_escaping() -> None:
    assert escape("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"


def test_ics_folding_never_splits_a_character() -> None:
    line = "SUMMARY:" + "Musyawarah “Desa” — é" * 10
    folded = fold(line).encode()
    parts = folded.split(b"\r\n")
    assert all(len(part) <= 75 for part in parts)
    for part in parts:
        part.decode("utf-8")  # each physical line is valid UTF-8 on its own
    assert b"".join(p[1:] if i else p for i, p in enumerate(parts)).decode() == line
