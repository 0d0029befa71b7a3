"""Atom feed, sitemaps and robots.txt: valid, absolute, and only what is published."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote

import feedparser
import pytest
from types_site import FILES, internal_links, page_text

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def site_files() -> dict[str, str | bytes]:
    return {**FILES, "site.yml": "title: Portal Desa Purwakarta\n"
                                 "base_url: https://desa.purwakartakab.go.id/\n"}


def test_feed_is_valid_atom_with_berita_and_pengumuman(client) -> None:
    response = client.get("/contoh/feed.xml")
    assert response.mimetype == "application/xml"
    feed = feedparser.parse(response.data)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.title == "Berita dan Pengumuman Desa Contoh"
    titles = [entry.title for entry in feed.entries]
    assert titles == ["Siaga Banjir Sungai Cilamaya", "Kerja Bakti", "Panen Raya",
                      "Posyandu Balita Bulan November"]
    post = feed.entries[3]
    assert post.link == "https://contoh.desa.id/berita/posyandu/"
    assert post.id == "https://contoh.desa.id/berita/posyandu/"
    assert post.author == "Bidan Desa"
    assert post.summary == "Penimbangan dan imunisasi balita."
    assert "Posyandu Mawar melayani 42 balita." in post.content[0].value
    assert post.published == "2025-11-10T08:00:00+07:00"


def test_feed_leaves_out_drafts_future_and_expired(client) -> None:
    text = page_text(client, "/contoh/feed.xml")
    for hidden in ("Draf", "Masa Depan", "Vaksinasi Lama", "Terjadwal"):
        assert hidden not in text


def test_village_sitemap_lists_published_pages_with_absolute_urls(client) -> None:
    root = ET.fromstring(client.get("/contoh/sitemap.xml").data)
    locs = [loc.text for loc in root.iter(f"{SM}loc")]
    assert all(loc.startswith("https://contoh.desa.id/") for loc in locs)
    for expected in ("", "berita/posyandu/", "layanan/domisili/", "agenda/musdes/",
                     "potensi/gula-aren/", "dokumen/apbdes-2026/", "galeri/hut-ri/",
                     "perangkat/", "kontak/", "profil/", "pengumuman/banjir/"):
        assert f"https://contoh.desa.id/{expected}" in locs
    for hidden in ("404.html", "cetak/", "acara.ics", "feed.xml", ".png", ".pdf", "draf",
                   "masa-depan", "vaksin-lama", "terjadwal"):
        assert not any(hidden in loc for loc in locs), hidden


def test_portal_sitemap_index_and_robots(client) -> None:
    root = ET.fromstring(client.get("/sitemap.xml").data)
    assert root.tag == f"{SM}sitemapindex"
    assert [loc.text for loc in root.iter(f"{SM}loc")] == [
        "https://desa.purwakartakab.go.id/sitemap-portal.xml",
        "https://contoh.desa.id/sitemap.xml",  # the village has its own domain
    ]
    portal = ET.fromstring(client.get("/sitemap-portal.xml").data)
    assert [loc.text for loc in portal.iter(f"{SM}loc")] == [
        "https://desa.purwakartakab.go.id/"]
    assert page_text(client, "/robots.txt") == (
        "User-agent: *\nAllow: /\nSitemap: https://desa.purwakartakab.go.id/sitemap.xml\n")
    assert page_text(client, "/contoh/robots.txt").endswith(
        "Sitemap: https://contoh.desa.id/sitemap.xml\n")


NO_BASE: dict[str, str | bytes] = {
    **{name: body for name, body in FILES.items() if name != "site.yml"},
    "villages/contoh.yml": FILES["villages/contoh.yml"].replace('domain: "contoh.desa.id"\n', "")}


@pytest.mark.parametrize("site_files", [NO_BASE])
def test_without_any_base_links_stay_relative(client) -> None:
    feed = feedparser.parse(client.get("/contoh/feed.xml").data)
    assert not feed.bozo
    assert feed.entries[0].id == "urn:satudesa:contoh:pengumuman/banjir/"
    assert page_text(client, "/robots.txt") == "User-agent: *\nAllow: /\n"
    assert "<loc>contoh/sitemap.xml</loc>" in page_text(client, "/sitemap.xml")


def test_built_site_has_feeds_and_no_broken_links(runner, site_tree: Path) -> None:
    result = runner.invoke(args=["build"])
    assert result.exit_code == 0, result.output
    out = site_tree / "build"
    for name in ("sitemap.xml", "sitemap-portal.xml", "robots.txt", "contoh/feed.xml",
                 "contoh/sitemap.xml", "contoh/agenda/musdes/acara.ics",
                 "contoh/layanan/domisili/cetak/index.html", "contoh/galeri/hut-ri/1.png",
                 "contoh/media/formulir-domisili.pdf"):
        assert (out / name).is_file(), name
    broken = []
    for page in out.rglob("*.html"):
        for link in internal_links(page.read_text(encoding="utf-8")):
            if page.name == "404.html" and link.startswith("/"):
                target = out / "contoh" / link.lstrip("/").split("#")[0]
            else:
                target = page.parent / link.split("#")[0]
            target = Path(unquote(str(target)))
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                broken.append(f"{page.relative_to(out)} -> {link}")
    assert broken == []
