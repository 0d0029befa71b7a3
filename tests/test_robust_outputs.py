"""Issue 14, items 10, 11 and 12: well-formed XML, inert CSV, reserved names refused.

The inputs are the corpus files in ``tests/data/hostile/robust/keluaran/``:
a news item with Word's Shift+Enter (``\\x0b``) and other control characters,
and an APBDes whose budget lines hide formulas behind ',', ';' and tabs.
The feed and sitemaps are parsed by a real XML parser (expat), the CSV with
both separators a spreadsheet may choose.
"""

from __future__ import annotations

import csv
import io
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from robust_site import flask, mk, village_yml
from sitefiles import REPO

from satudesa.load.registry import PORTAL_NAMES
from satudesa.outputs import charts
from satudesa.outputs.opendata import FORMULA_START, neutralise

CORPUS = REPO / "tests/data/hostile/robust/keluaran"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    root = tmp_path_factory.mktemp("outputs")
    site = mk(root)
    shutil.copytree(CORPUS, site / "content/x", dirs_exist_ok=True)
    done = flask(site, "build", timeout=90)
    assert done.returncode == 0, done.stderr
    return site, done.stderr


def test_feed_and_sitemaps_are_well_formed_xml(built: tuple[Path, str]) -> None:
    site, _ = built
    out = site / "build"
    feed = ET.parse(out / "x/feed.xml").getroot()  # raised ParseError before the fix
    ns = {"a": "http://www.w3.org/2005/Atom"}
    titles = [e.text for e in feed.findall("a:entry/a:title", ns)]
    assert "Rapat desa" in titles
    content = " ".join(e.text or "" for e in feed.findall("a:entry/a:content", ns))
    assert "Baris satu baris dua" in content
    for name in ("x/sitemap.xml", "sitemap.xml", "sitemap-portal.xml"):
        ET.parse(out / name)


def test_check_warns_about_control_characters(built: tuple[Path, str]) -> None:
    site, stderr = built
    message = ("content/x/berita/kendali.md:6: peringatan: berkas memuat karakter kendali "
               "yang tidak terlihat")
    assert message in stderr
    assert message in flask(site, "check", timeout=60).stderr


def test_every_xml_writer_cleans_what_slips_through() -> None:
    svg = charts.bars("c1", "Judul\x0bgrafik", "Uraian\x01", [("Petani\x0b", 5)])
    ET.fromstring(str(svg))


def _cells(data: str, delimiter: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(data), delimiter=delimiter) for cell in row]


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_no_csv_cell_is_a_formula_with_either_separator(built: tuple[Path, str],
                                                        delimiter: str) -> None:
    site, _ = built
    data = (site / "build/x/apbdes/2026.csv").read_text(encoding="utf-8")
    assert "HYPERLINK" in data and "SUM" in data
    for cell in _cells(data, delimiter):
        assert not cell.lstrip(" ").startswith(FORMULA_START), (delimiter, cell)


@pytest.mark.parametrize("text", [
    "Dana Desa;=HYPERLINK(\"x\")", "a,+1", "a\t@SUM(1)", "a; -1", "=1;=2,=3", "-5", "@x",
    "a;\t=1", "Laki-laki 5-9 tahun",
])
def test_neutralised_text_is_inert_at_every_separator(text: str) -> None:
    cleaned = neutralise(text)
    for separator in (",", ";", "\t"):
        for piece in cleaned.split(separator):
            assert not piece.lstrip(" ").startswith(FORMULA_START), (text, cleaned)
    assert neutralise("Laki-laki 5-9 tahun") == "Laki-laki 5-9 tahun"


@pytest.mark.parametrize("slug", sorted(PORTAL_NAMES))
def test_a_village_named_like_a_portal_folder_is_refused(tmp_path: Path, slug: str) -> None:
    site = mk(tmp_path, {f"villages/{slug}.yml": village_yml("Desa Statis", 9),
                         f"content/{slug}/halaman/profil.md": "---\ntitle: P\n---\nx\n"})
    done = flask(site, "build", timeout=60)
    assert done.returncode == 1
    assert (f"villages/{slug}.yml: galat: nama desa '{slug}' dipakai oleh portal "
            f"(folder build/{slug}/)") in done.stderr
    assert not (site / f"build/{slug}/profil").exists()
    assert (site / "build/x/index.html").is_file()


def test_portal_names_cover_every_folder_the_portal_writes(built: tuple[Path, str]) -> None:
    site, _ = built
    folders = {p.name for p in (site / "build").iterdir() if p.is_dir()} - {"x", "y"}
    assert folders and folders <= PORTAL_NAMES


@pytest.mark.parametrize(("name", "title"), [("tag", "Topik berita"), ("arsip", "Arsip berita"),
                                             ("page", "")])
def test_news_named_like_a_section_index_is_refused(tmp_path: Path, name: str,
                                                    title: str) -> None:
    site = mk(tmp_path, {"content/x/berita/panen.md":
                         "---\ntitle: Panen\ndate: 2026-03-03\ntags: [tani]\n---\nPadi.\n",
                         f"content/x/berita/{name}.md":
                         "---\ntitle: PALSU\ndate: 2026-03-04\n---\nMenimpa indeks.\n"})
    done = flask(site, "build", timeout=60)
    assert done.returncode == 1
    assert (f"content/x/berita/{name}.md:1: galat: alamat 'berita/{name}/' dipakai oleh"
            in done.stderr)
    out = site / "build/x"
    for page in out.rglob("*.html"):
        assert "PALSU" not in page.read_text(), page
    if title:  # the index is there, not the officer's page
        assert f"<title>{title}" in (out / f"berita/{name}/index.html").read_text()
