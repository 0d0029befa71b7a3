"""Search: a Pagefind index per village, a search page that works without JavaScript."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from satudesa.build.pagefind import (
    ENTRY,
    FOLDER,
    UNUSED,
    index_village,
    needed_wasm,
    searchable_pages,
    unused_wasm,
)


@pytest.fixture
def site_files(site_files: dict[str, str | bytes]) -> dict[str, str | bytes]:
    """A second post on the same topic, so the topic has a page of its own to keep out."""
    return {**site_files, "content/contoh/berita/tanam-padi.md":
            "---\ntitle: Tanam Padi\ndate: 2026-02-01\ntags: [pertanian]\n---\nMenanam padi.\n"}


@pytest.fixture
def built(runner, site_tree: Path) -> Path:
    result = runner.invoke(args=["build"])
    assert result.exit_code == 0, result.output
    return site_tree / "build" / "contoh"


def test_each_village_gets_a_pruned_pagefind_index(built: Path) -> None:
    bundle = built / "pagefind"
    for name in ("pagefind.js", "pagefind-entry.json",
                 "pagefind-worker.js"):
        assert (bundle / name).is_file(), name
    assert list(bundle.glob("*.pf_meta")) and list(bundle.glob("wasm.*.pagefind"))
    for name in UNUSED:
        assert not (bundle / name).exists(), name
    assert (bundle / "pagefind.js.gz").is_file()  # indexed first, then compressed


def test_search_page_lists_every_page_without_javascript(built: Path) -> None:
    tree = HTMLParser((built / "cari/index.html").read_text())
    links = {a.attributes["href"] for a in tree.css("main ul.index a")}
    assert {"../", "../profil/", "../berita/", "../berita/panen-raya/",
            "../berita/tag/pertanian/", "../pengumuman/", "../pengumuman/kerja-bakti/",
            "../layanan/", "../layanan/sktm/", "../kontak/"} <= links
    for link in links:  # every entry is a published page
        assert (built / "cari" / link / "index.html").resolve().is_file(), link
    headings = [h.text() for h in tree.css("main h3")]
    assert headings[:5] == ["Beranda", "Profil desa", "Layanan", "Berita", "Pengumuman"]
    assert headings[-1] == "Kontak"


def test_search_page_loads_pagefind_deferred_and_only_there(built: Path) -> None:
    tree = HTMLParser((built / "cari/index.html").read_text())
    scripts = tree.css("script[src]")
    assert [(s.attributes["src"], "defer" in s.attributes) for s in scripts] == [
        ("../static/cari.js", True)]
    csp = tree.css_first('meta[http-equiv="Content-Security-Policy"]').attributes["content"]
    assert "script-src 'self' 'wasm-unsafe-eval';" in csp
    home = HTMLParser((built / "index.html").read_text())
    assert home.css("script[src]") == []
    home_csp = home.css_first('meta[http-equiv="Content-Security-Policy"]')
    assert "wasm" not in home_csp.attributes["content"]


def test_only_content_pages_are_indexed(built: Path) -> None:
    def indexed(path: str) -> bool:
        main = HTMLParser((built / path).read_text()).css_first("main")
        return "data-pagefind-body" in main.attributes

    assert indexed("berita/panen-raya/index.html")
    assert indexed("layanan/sktm/index.html")
    assert not indexed("cari/index.html")
    assert not indexed("404.html")
    assert not indexed("berita/index.html")  # lists would repeat every post
    assert not indexed("index.html")
    assert not indexed("berita/tag/index.html")
    assert not indexed("berita/tag/pertanian/index.html")
    assert not indexed("layanan/sktm/cetak/index.html")


def indexed_urls(built: Path) -> set[str]:
    """The page URLs in the village's Pagefind index (one fragment per page)."""
    urls = set()
    for fragment in (built / "pagefind" / "fragment").iterdir():
        data = gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd")
        urls.add(json.loads(data)["url"])
    return urls


def test_index_holds_content_pages_not_lists_tags_or_print_sheets(built: Path) -> None:
    urls = indexed_urls(built)
    assert {"/berita/panen-raya/", "/layanan/sktm/", "/pengumuman/kerja-bakti/",
            "/profil/", "/kontak/"} <= urls
    for url in ("/", "/berita/", "/berita/tag/", "/berita/tag/pertanian/", "/berita/arsip/",
                "/layanan/", "/layanan/sktm/cetak/", "/cari/"):
        assert url not in urls, url
    assert {f"/{page.removesuffix('index.html')}" for page in searchable_pages(built)} == urls


def test_berita_neighbours_and_topics_are_not_indexed_with_the_post(built: Path) -> None:
    main = HTMLParser((built / "berita/panen-raya/index.html").read_text()).css_first("main")
    for selector in ("p.tags", "nav.pager"):
        node = main.css_first(selector)
        assert node is None or "data-pagefind-ignore" in node.attributes, selector


def test_every_village_page_links_to_search(built: Path) -> None:
    menu = HTMLParser((built / "berita/panen-raya/index.html").read_text()).css(
        'nav[aria-label="Menu utama"] a')
    assert ("Cari", "../../cari/") in [(a.text(), a.attributes["href"]) for a in menu]


def pages_only(built: Path, target: Path) -> Path:
    """A re-rendered copy of ``built``: the same pages as new files, no index, no copies."""
    shutil.copytree(built, target, ignore=shutil.ignore_patterns(FOLDER, "*.gz", "*.br"))
    return target


def test_unchanged_pages_keep_the_published_index(built: Path, tmp_path: Path) -> None:
    again = pages_only(built, tmp_path / "again")
    index_village(again, previous=built)
    old_files = sorted(p.relative_to(built / FOLDER) for p in (built / FOLDER).rglob("*")
                       if p.is_file() and p.suffix not in (".gz", ".br"))
    new_files = sorted(p.relative_to(again / FOLDER) for p in (again / FOLDER).rglob("*")
                       if p.is_file())
    assert new_files == old_files
    for rel in new_files:  # linked, not rebuilt
        assert (again / FOLDER / rel).samefile(built / FOLDER / rel), rel


def test_an_edited_page_rebuilds_the_index(built: Path, tmp_path: Path) -> None:
    again = pages_only(built, tmp_path / "again")
    post = again / "berita/panen-raya/index.html"
    post.write_text(post.read_text().replace("</article>", "<p>Gabah kering giling.</p>"
                                             "</article>", 1))
    index_village(again, previous=built)
    entry = again / FOLDER / "pagefind-entry.json"
    assert not entry.samefile(built / FOLDER / "pagefind-entry.json")
    assert entry.read_bytes() != (built / FOLDER / "pagefind-entry.json").read_bytes()
    fragments = [gzip.decompress(f.read_bytes()) for f in (again / FOLDER / "fragment").iterdir()]
    assert any(b"Gabah kering giling" in f for f in fragments)
    assert (again / FOLDER / "pagefind.js").samefile(built / FOLDER / "pagefind.js")


def test_a_page_gone_from_search_rebuilds_the_index(built: Path, tmp_path: Path) -> None:
    again = pages_only(built, tmp_path / "again")
    shutil.rmtree(again / "pengumuman/kerja-bakti")
    index_village(again, previous=built)
    assert "/pengumuman/kerja-bakti/" not in indexed_urls(again)
    assert "/pengumuman/kerja-bakti/" in indexed_urls(built)


def test_only_the_webassembly_of_the_indexed_language_is_published(built: Path) -> None:
    bundle = built / FOLDER
    entry = json.loads((bundle / ENTRY).read_text())
    assert {lang: data["wasm"] for lang, data in entry["languages"].items()} == {"id": "id"}
    assert sorted(p.name for p in bundle.glob("wasm.*")) == ["wasm.id.pagefind"]


def test_the_fallback_webassembly_stays_for_a_language_without_a_stemmer() -> None:
    # pagefind.js loads wasm.unknown.pagefind for a language whose "wasm" is null.
    entry = {"languages": {"id": {"wasm": "id", "page_count": 3},
                           "jv": {"wasm": None, "page_count": 1}}}
    assert needed_wasm(entry) == {"wasm.id.pagefind", "wasm.unknown.pagefind"}
    assert needed_wasm({"languages": {"id": {"wasm": "id"}}}) == {"wasm.id.pagefind"}
    for odd in ({}, {"languages": {}}, {"languages": []}, {"languages": {"id": "id"}},
                {"languages": {"id": {"wasm": 3}}}):
        assert needed_wasm(odd) is None, odd  # not understood: keep every file


def test_a_page_in_another_language_keeps_the_fallback_webassembly(tmp_path: Path) -> None:
    village = tmp_path / "desa"
    for name, lang in (("a", "id"), ("b", "jv")):
        (village / name).mkdir(parents=True)
        (village / name / "index.html").write_text(
            f'<!doctype html><html lang="{lang}"><head><title>{name}</title></head><body>'
            f"<main data-pagefind-body><h1>Panen raya {name}</h1></main></body></html>")
    bundle = index_village(village)
    assert sorted(p.name for p in bundle.glob("wasm.*")) == [
        "wasm.id.pagefind", "wasm.unknown.pagefind"]


def test_an_unreadable_entry_keeps_every_webassembly_file(tmp_path: Path) -> None:
    (tmp_path / "wasm.unknown.pagefind").write_bytes(b"x")
    assert unused_wasm(tmp_path) == []
    (tmp_path / ENTRY).write_text("{not json")
    assert unused_wasm(tmp_path) == []
    (tmp_path / ENTRY).write_text('{"languages": {"id": {"wasm": "id"}}}')
    assert unused_wasm(tmp_path) == ["wasm.unknown.pagefind"]


def test_a_carried_over_index_loses_the_unused_webassembly(built: Path, tmp_path: Path) -> None:
    # An index published before the rule still holds the file; reusing it drops it.
    (built / FOLDER / "wasm.unknown.pagefind").write_bytes(b"\0asm")
    again = pages_only(built, tmp_path / "again")
    index_village(again, previous=built)
    assert (again / FOLDER / "wasm.id.pagefind").samefile(built / FOLDER / "wasm.id.pagefind")
    assert not (again / FOLDER / "wasm.unknown.pagefind").exists()
    assert (built / FOLDER / "wasm.unknown.pagefind").is_file()  # the published tree is untouched


def test_excerpts_keep_word_boundaries_in_the_real_index(runner, site_tree: Path) -> None:
    """Pagefind reads text without layout: 'Harga' and 'Rp18.000' from <dt>/<dd> must
    reach the index as two words, not 'HargaRp18.000'."""
    (site_tree / "content/contoh/potensi").mkdir(parents=True, exist_ok=True)
    (site_tree / "content/contoh/potensi/gula-aren.md").write_text(
        "---\ntitle: Gula Aren\nkategori: produk\nharga: 18000\nsatuan: per kg\n"
        "lokasi: Dusun Sukamaju\n---\nGula aren cetak dari nira pilihan.\n", encoding="utf-8")
    result = runner.invoke(args=["build"])
    assert result.exit_code == 0, result.output
    texts = {}
    for fragment in (site_tree / "build/contoh/pagefind/fragment").iterdir():
        data = json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd"))
        texts[data["url"]] = data["content"]
    content = next(text for url, text in texts.items() if "gula-aren" in url)
    assert "Rp18.000" in content
    for glued in ("HargaRp", "kgKategori", "ProdukLokasi", "LokasiDusun"):
        assert glued not in content, content
    assert "Harga Rp18.000 per kg Kategori produk Lokasi Dusun Sukamaju" in content
    panen = next(text for url, text in texts.items() if "panen-raya" in url)
    assert "Panen Raya" in panen
