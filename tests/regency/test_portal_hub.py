"""The portal as the regency's hub: news of every village, kecamatan pages, regency feeds."""

from __future__ import annotations

import json
from pathlib import Path

import feedparser
import pytest
from selectolax.lexbor import LexborHTMLParser as HTMLParser
from sitefiles import BASIC_FILES, VILLAGE, write_tree

from satudesa import create_app

POST = "---\ntitle: {title}\ndate: {date}\nsummary: Ringkasan {title}.\n---\nIsi.\n"
FILES: dict[str, str | bytes] = {
    **BASIC_FILES,
    # Same kecamatan name in another kabupaten: its page gets the kabupaten in its address.
    "villages/maju.yml": VILLAGE.replace("Desa Contoh", "Desa Maju").replace("2001", "2002")
    .replace("Kabupaten Purwakarta", "Kabupaten Subang"),
    "villages/jauh.yml": VILLAGE.replace("Desa Contoh", "Desa Jauh").replace("2001", "2003")
    .replace("Kecamatan Uji", "Kecamatan Lain"),
    "villages/tutup.yml": VILLAGE.replace("Desa Contoh", "Desa Tutup").replace("2001", "2004")
    + "published: false\n",
    "content/maju/berita/pasar.md": POST.format(title="Pasar Desa Dibuka", date="2026-11-10"),
    "content/jauh/berita/jembatan.md": POST.format(title="Jembatan Baru", date="2026-06-01"),
    "content/jauh/pengumuman/banjir.md": "---\ntitle: Siaga Banjir\ndate: 2026-10-01\n"
                                         "darurat: true\n---\nMengungsi ke balai desa.\n",
    "content/jauh/pengumuman/lama.md": "---\ntitle: Vaksinasi Lama\ndate: 2026-01-05\n"
                                       "berlaku_sampai: 2026-02-01\n---\nSudah lewat.\n",
    "content/tutup/berita/rahasia.md": POST.format(title="Belum Terbit", date="2026-11-20"),
}


@pytest.fixture
def site_files() -> dict[str, str | bytes]:
    return dict(FILES)


def flask(site: Path, *args: str):
    app = create_app({"TESTING": True, "SATUDESA_SITE": str(site)})
    return app.test_cli_runner().invoke(args=list(args))


@pytest.fixture
def built(site_tree: Path) -> Path:
    result = flask(site_tree, "build")
    assert result.exit_code == 0, result.output
    return site_tree / "build"


def titles(html: str, section: str) -> list[str]:
    node = HTMLParser(html).css_first(f"section[aria-labelledby={section}]")
    return [] if node is None else [h.text() for h in node.css("h3")]


def test_home_lists_every_village_news_newest_first(built: Path) -> None:
    home = (built / "index.html").read_text()
    assert titles(home, "h-berita-desa") == ["Pasar Desa Dibuka", "Jembatan Baru", "Panen Raya"]
    # Emergencies first, then newest; an expired one is gone; unpublished villages never show.
    assert titles(home, "h-pengumuman-desa") == ["Siaga Banjir", "Kerja Bakti"]
    assert "Belum Terbit" not in home and "Vaksinasi Lama" not in home
    link = HTMLParser(home).css_first("section[aria-labelledby=h-berita-desa] h3 a")
    assert link.attributes["href"] == "maju/berita/pasar/"
    assert (built / "maju/berita/pasar/index.html").is_file()


def test_kecamatan_pages_list_their_villages(built: Path) -> None:
    index = HTMLParser((built / "kecamatan/index.html").read_text())
    assert [a.attributes["href"] for a in index.css("main h2 a")] == [
        "lain/", "uji-purwakarta/", "uji-subang/"]
    page = (built / "kecamatan/uji-subang/index.html").read_text()
    tree = HTMLParser(page)
    assert tree.css_first("h1").text() == "Kecamatan Uji"
    assert [a.text() for a in tree.css("section[aria-labelledby=h-desa] h3 a")] == ["Desa Maju"]
    assert titles(page, "h-berita-desa") == ["Pasar Desa Dibuka"]
    assert "Belum Terbit" not in (built / "kecamatan/uji-purwakarta/index.html").read_text()


def test_the_regency_feeds(built: Path) -> None:
    atom = feedparser.parse((built / "feed.xml").read_bytes())
    assert not atom.bozo and atom.version == "atom10"
    assert [e.title for e in atom.entries] == [
        "Pasar Desa Dibuka (Desa Maju)", "Kerja Bakti (Desa Contoh)", "Siaga Banjir (Desa Jauh)",
        "Jembatan Baru (Desa Jauh)", "Panen Raya (Desa Contoh)"]
    assert atom.entries[0].link == "https://desa.purwakartakab.go.id/maju/berita/pasar/"
    feed = json.loads((built / "feed.json").read_text())
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["feed_url"] == "https://desa.purwakartakab.go.id/feed.json"
    ids = [item["id"] for item in feed["items"]]
    assert len(ids) == len(set(ids)) == 5
    first = feed["items"][0]
    assert first["title"] == "Pasar Desa Dibuka" and first["content_text"] == (
        "Ringkasan Pasar Desa Dibuka.")
    assert first["date_published"] == "2026-11-10T00:00:00+07:00"
    assert first["_satudesa"]["desa"] == "maju"


def test_one_village_edit_updates_the_hub_without_rebuilding_the_others(built: Path,
                                                                       site_tree: Path) -> None:
    write_tree(site_tree, {"content/jauh/berita/panen.md":
                           POST.format(title="Panen Jagung", date="2026-11-24")})
    result = flask(site_tree, "build")
    assert "Dibangun 3 desa (2 tidak berubah), gagal 0" in result.output, result.output
    assert titles((built / "index.html").read_text(), "h-berita-desa")[0] == "Panen Jagung"
    assert json.loads((built / "feed.json").read_text())["items"][0]["title"] == "Panen Jagung"
    assert "Panen Jagung" in (built / "kecamatan/lain/index.html").read_text()


def test_the_preview_serves_the_hub(client) -> None:
    assert "Pasar Desa Dibuka" in client.get("/").text
    assert client.get("/kecamatan/uji-subang/").status_code == 200
    assert client.get("/feed.json").json["items"][0]["title"] == "Pasar Desa Dibuka"
