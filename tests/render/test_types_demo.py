"""The demo villages show every content type, with valid feeds and calendar files."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import icalendar
import pytest

VILLAGES = ("cibeureum-girang", "tanjung-purun", "bakau-jaya")
SECTIONS = ("layanan/", "berita/", "pengumuman/", "agenda/", "potensi/", "dokumen/",
            "galeri/", "perangkat/", "kontak/")


@pytest.mark.parametrize("slug", VILLAGES)
def test_every_type_is_built(demo_build: Path, slug: str) -> None:
    root = demo_build / slug
    for section in SECTIONS:
        index = root / section / "index.html"
        assert index.is_file(), index
    for kind in ("layanan", "berita", "agenda", "potensi", "dokumen", "galeri"):
        details = [p for p in (root / kind).glob("*/index.html") if p.parent.name not in
                   ("page", "tag", "arsip")]
        assert details, kind
    assert list((root / "layanan").glob("*/cetak/index.html"))


@pytest.mark.parametrize("slug", VILLAGES)
def test_feed_sitemap_and_calendars_are_valid(demo_build: Path, slug: str) -> None:
    root = demo_build / slug
    feed = feedparser.parse((root / "feed.xml").read_bytes())
    assert not feed.bozo and feed.version == "atom10" and feed.entries
    ET.fromstring((root / "sitemap.xml").read_bytes())
    calendars = list(root.glob("agenda/*/acara.ics"))
    assert calendars
    for path in calendars:
        calendar = icalendar.Calendar.from_ical(path.read_bytes())
        assert len(list(calendar.walk("VEVENT"))) == 1


def test_portal_sitemap_index_and_robots(demo_build: Path) -> None:
    index = ET.fromstring((demo_build / "sitemap.xml").read_bytes())
    assert len(index) == len(VILLAGES) + 1
    assert (demo_build / "robots.txt").read_text(encoding="utf-8").startswith("User-agent: *")
