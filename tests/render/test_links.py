"""The built demo: every internal link resolves, every village is complete."""

from __future__ import annotations

from pathlib import Path

import pytest
from linkcheck import broken_links
from sitefiles import REPO, write_tree

DEMO_SLUGS = sorted(p.stem for p in (REPO / "villages").glob("*.yml"))


def test_demo_has_three_villages() -> None:
    assert len(DEMO_SLUGS) == 3


def test_demo_build_has_no_broken_links(demo_build: Path) -> None:
    assert broken_links(demo_build) == []


@pytest.mark.parametrize("slug", DEMO_SLUGS)
def test_demo_village_is_complete(demo_build: Path, slug: str) -> None:
    village = demo_build / slug
    for dest in ("index.html", "berita/index.html", "pengumuman/index.html",
                 "layanan/index.html", "kontak/index.html", "404.html",
                 "profil/index.html", "sejarah/index.html", "visi-misi/index.html"):
        assert (village / dest).is_file(), dest
    assert len(list((village / "berita").glob("*/index.html"))) >= 8
    assert len(list((village / "pengumuman").glob("*/index.html"))) >= 3
    assert len(list((village / "layanan").glob("*/index.html"))) >= 10


def test_demo_villages_sit_in_the_three_seed_regencies() -> None:
    """Issue #3: a desa in Purwakarta, one in Pulang Pisau, one in Penajam Paser Utara."""
    from satudesa.errors import Report
    from satudesa.load.registry import load_registry
    report = Report()
    found = {(v.kode_wilayah[:5], v.kabupaten, v.jenis)
             for v in load_registry(REPO, report).values()}
    assert not report.problems
    assert {(code, kabupaten) for code, kabupaten, _ in found} == {
        ("32.14", "Kabupaten Purwakarta"), ("62.11", "Kabupaten Pulang Pisau"),
        ("64.09", "Kabupaten Penajam Paser Utara")}
    assert {jenis for code, _, jenis in found if code != "64.09"} == {"desa"}


def test_demo_portal_lists_every_village(demo_build: Path) -> None:
    portal = (demo_build / "index.html").read_text(encoding="utf-8")
    for slug in DEMO_SLUGS:
        assert f'href="{slug}/"' in portal


def test_checker_finds_a_broken_link(tmp_path: Path) -> None:
    write_tree(tmp_path, {
        "index.html": '<a href="ada/">ok</a> <a href="hilang/">x</a> <img src="a.jpg">',
        "ada/index.html": '<a href="../">up</a> <a href="https://lapor.go.id/">ext</a>',
    })
    assert broken_links(tmp_path) == ["index.html: hilang/", "index.html: a.jpg"]


def test_portable_links_name_index_html_and_leave_other_links_alone() -> None:
    from satudesa.links import portable_links

    html = ('<a href="./">a</a><a href="../berita/panen/#foto">b</a><a href="berita/?q=x">c</a>'
            '<a href="https://x.desa.id/">d</a><a href="mailto:a@b.id">e</a><a href="#isi">f</a>'
            '<a href="/">g</a><link href="static/style.1.css"><a href="feed.xml">h</a>')
    assert portable_links(html) == (
        '<a href="./index.html">a</a><a href="../berita/panen/index.html#foto">b</a>'
        '<a href="berita/index.html?q=x">c</a><a href="https://x.desa.id/">d</a>'
        '<a href="mailto:a@b.id">e</a><a href="#isi">f</a><a href="/">g</a>'
        '<link href="static/style.1.css"><a href="feed.xml">h</a>')
