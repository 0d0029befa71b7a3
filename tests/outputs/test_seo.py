"""Findability and sharing: titles, descriptions, canonical, Open Graph and JSON-LD."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from markupsafe import Markup
from selectolax.lexbor import LexborHTMLParser as HTMLParser
from sitefiles import BASIC_FILES

from satudesa.load.model import Page
from satudesa.load.registry import Village
from satudesa.outputs.seo import Meta, dump_json_ld, page_json_ld, shorten

# What each schema.org type must carry to be useful to search engines (rich-result rules).
REQUIRED = {
    "GovernmentOrganization": {"name", "url", "address"},
    "NewsArticle": {"headline", "datePublished", "author", "publisher"},
    "GovernmentService": {"name", "provider", "areaServed"},
    "Event": {"name", "startDate", "location"},
}
HOSTILE = 'Rapat </script><script>alert(1)</script> <!-- & "kutip"'


def check_json_ld(data: dict[str, Any]) -> list[dict[str, Any]]:
    """A JSON-LD structure check: context, known types, required keys, nested types."""
    assert data["@context"] == "https://schema.org"
    nodes = data.get("@graph", [data])
    for node in nodes:
        missing = REQUIRED[node["@type"]] - set(node)
        assert not missing, f"{node['@type']} lacks {missing}"
        for key in ("publisher", "provider", "organizer"):
            if key in node:
                assert node[key]["@type"] == "GovernmentOrganization" and node[key]["name"]
        for key in ("datePublished", "startDate", "endDate"):
            if key in node:
                dt.datetime.fromisoformat(node[key])
        if "location" in node:
            assert node["location"]["@type"] == "Place" and node["location"]["name"]
    return nodes


def json_ld(html: str) -> list[dict[str, Any]]:
    tree = HTMLParser(html)
    return [json.loads(s.text()) for s in tree.css('script[type="application/ld+json"]')]


@pytest.fixture
def site_files() -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = dict(BASIC_FILES)
    files["site.yml"] = 'title: "Portal Uji"\nbase_url: "https://desa.example.id/"\n'
    files["content/contoh/berita/rapat.md"] = f"""\
        ---
        title: '{HOSTILE.replace("'", "''")}'
        date: 2026-04-01
        summary: "Ringkasan rapat </script> desa."
        ---
        Isi rapat.
        """
    return files


@pytest.fixture
def built(runner, site_tree: Path) -> Path:
    result = runner.invoke(args=["build"])
    assert result.exit_code == 0, result.output
    return site_tree / "build"


def _pages(built: Path) -> list[Path]:
    return [p for p in built.rglob("*.html")
            if p.name != "404.html" and "pagefind" not in p.parts]


def test_titles_are_unique(built: Path) -> None:
    titles: dict[str, Path] = {}
    for path in _pages(built):
        title = HTMLParser(path.read_text()).css_first("title").text()
        assert title not in titles, f"{path} and {titles[title]} share '{title}'"
        titles[title] = path


def test_every_page_has_description_canonical_and_open_graph(built: Path) -> None:
    for path in _pages(built):
        head = HTMLParser(path.read_text()).head
        description = head.css_first('meta[name="description"]').attributes["content"]
        assert 20 <= len(description) <= 160, path
        canonical = head.css_first('link[rel="canonical"]').attributes["href"]
        assert canonical.startswith("https://desa.example.id/")
        og = {m.attributes["property"]: m.attributes["content"]
              for m in head.css("meta[property]")}
        assert og["og:url"] == canonical
        assert {"og:title", "og:description", "og:type", "og:site_name"} <= set(og)
        assert head.css_first('meta[name="twitter:card"]') is not None


def test_description_comes_from_summary_or_first_paragraph(built: Path) -> None:
    def description(path: str) -> str:
        return HTMLParser((built / path).read_text()).css_first(
            'meta[name="description"]').attributes["content"]

    assert description("contoh/berita/rapat/index.html") == "Ringkasan rapat </script> desa."
    assert description("contoh/berita/panen-raya/index.html") == "Warga memanen padi bersama."
    assert description("contoh/profil/index.html").startswith("Desa Contoh terletak di kaki")


def test_json_ld_of_home_news_and_service(built: Path) -> None:
    home = json_ld((built / "contoh/index.html").read_text())
    assert [n["@type"] for d in home for n in check_json_ld(d)] == ["GovernmentOrganization"]
    assert home[0]["url"] == "https://desa.example.id/contoh/"
    assert home[0]["identifier"] == "32.14.05.2001"
    news = json_ld((built / "contoh/berita/panen-raya/index.html").read_text())
    [article] = [n for d in news for n in check_json_ld(d)]
    assert article["@type"] == "NewsArticle"
    assert article["author"] == {"@type": "Person", "name": "Siti"}
    assert article["datePublished"].startswith("2026-03-03")
    service = json_ld((built / "contoh/layanan/sktm/index.html").read_text())
    assert [n["@type"] for d in service for n in check_json_ld(d)] == ["GovernmentService"]


def test_officer_text_cannot_escape_the_json_ld_script(built: Path) -> None:
    html = (built / "contoh/berita/rapat/index.html").read_text()
    tree = HTMLParser(html)
    assert len(tree.css("script")) == 1  # the JSON-LD block, nothing injected after it
    [data] = json_ld(html)
    assert data["headline"] == HOSTILE
    raw = tree.css_first("script").text()
    assert "</" not in raw and "<!--" not in raw and "<\\/script>" in raw


def test_event_json_ld_for_agenda() -> None:
    village = Village(slug="contoh", name="Desa Contoh", kode_wilayah="32.14.05.2001",
                      kecamatan="Kecamatan Uji", kabupaten="Kabupaten Purwakarta",
                      src_path=Path("villages/contoh.yml"))
    start = dt.datetime(2026, 12, 5, 8, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))
    page = Page(kind="agenda", slug="musdes", title="Musyawarah Desa", url="agenda/musdes/",
                src_path=Path("x.md"), src_rel="agenda/musdes.md", body=Markup(""),
                fields={"mulai": start, "selesai": start + dt.timedelta(hours=3),
                        "lokasi": "Balai Desa"})
    data = page_json_ld(page, village, Meta("Musyawarah desa tahunan.", page.title),
                        "https://desa.example.id/contoh/agenda/musdes/", None)
    assert data is not None
    [event] = check_json_ld({"@context": "https://schema.org", **data})
    assert event["startDate"] == "2026-12-05T08:00:00+07:00"
    assert event["endDate"] == "2026-12-05T11:00:00+07:00"
    assert event["location"]["name"] == "Balai Desa"


def test_dump_json_ld_escapes_closing_tags() -> None:
    text = str(dump_json_ld({"name": "</SCRIPT></script><!--"}))
    assert text.count("</script>") == 1 and text.endswith("</script>")
    assert '"<\\/SCRIPT><\\/script><\\u0021--"' in text


def test_shorten_cuts_at_a_word() -> None:
    assert shorten("kata " * 50, 20) == "kata kata kata kata…"
    assert shorten("  pendek  ") == "pendek"


def test_demo_json_ld_of_every_kind_passes_the_structure_check(demo_build: Path) -> None:
    expected = {"": "GovernmentOrganization", "berita": "NewsArticle",
                "layanan": "GovernmentService", "agenda": "Event"}
    for village in sorted(p for p in demo_build.iterdir() if (p / "index.html").is_file()
                          and p.is_dir() and p.name != "static"):
        seen: dict[str, int] = {}
        for page in village.rglob("index.html"):
            rel = page.relative_to(village).parts[:-1]
            kind = rel[0] if rel else ""
            for data in json_ld(page.read_text(encoding="utf-8")):
                for node in check_json_ld(data):
                    assert node["@type"] == expected[kind], page
                    seen[kind] = seen.get(kind, 0) + 1
        assert set(seen) == set(expected), village.name  # every kind is described


def test_demo_titles_are_unique_per_village(demo_build: Path) -> None:
    for village in sorted(p for p in demo_build.iterdir() if (p / "index.html").is_file()
                          and p.is_dir() and p.name != "static"):
        titles: dict[str, Path] = {}
        for page in village.rglob("*.html"):
            if page.name == "404.html" or "pagefind" in page.parts:
                continue
            title = HTMLParser(page.read_text(encoding="utf-8")).css_first("title").text()
            assert title not in titles, f"{page} and {titles[title]}: '{title}'"
            titles[title] = page
