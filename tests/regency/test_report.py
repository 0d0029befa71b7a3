"""Kelengkapan: `flask report` and the portal's /kelengkapan/ pages, from one module."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser as HTMLParser
from sitefiles import BASIC_FILES, VILLAGE, write_tree

from satudesa import create_app
from satudesa.load.loader import load_site
from satudesa.regency.kelengkapan import ITEMS, SORTS, site_rows, sort_rows, village_facts

PERANGKAT = """\
perangkat:
  - {nama: "Ujang", jabatan: "Kepala Desa"}
  - {nama: "Euis", jabatan: "Sekretaris Desa"}
bpd:
  - {nama: "Asep", jabatan: "Ketua BPD"}
"""
APBDES = """\
tahun: 2026
pendapatan:
  - {kode: "4.2.1", uraian: "Dana Desa", anggaran: 1000000, realisasi: 400000}
belanja:
  - {kode: "1.1.01", uraian: "Penghasilan tetap", anggaran: 1000000, realisasi: 300000}
"""
LENGKAP = """\
---
title: Surat Keterangan Domisili
persyaratan: [Fotokopi KTP]
prosedur: [Datang ke kantor desa]
waktu: 1 hari kerja
biaya: Gratis
produk: Surat keterangan domisili
pengaduan: WhatsApp desa 081234567890
---
"""
# "contoh" lacks pengaduan in its layanan, an APBDes, perangkat and BPD; "maju" has them,
# in another kecamatan, and a page with an error; "tutup" is not published.
FILES: dict[str, str | bytes] = {
    **BASIC_FILES,
    "villages/maju.yml": VILLAGE.replace("Desa Contoh", "Desa Maju").replace("2001", "2002")
    .replace("Kecamatan Uji", "Kecamatan Lain"),
    "villages/tutup.yml": VILLAGE.replace("Desa Contoh", "Desa Tutup").replace("2001", "2003")
    + "published: false\n",
    "content/maju/perangkat.yml": PERANGKAT,
    "content/maju/apbdes/2026.yml": APBDES,
    "content/maju/layanan/domisili.md": LENGKAP,
    "content/maju/berita/rusak.md": "---\ntitle: Rusak\ndate: bukan tanggal\n---\n",
    "content/maju/berita/baru.md": "---\ntitle: Baru\ndate: 2026-11-20\n---\nIsi.\n",
}


@pytest.fixture
def site_files() -> dict[str, str | bytes]:
    return dict(FILES)


def flask(site: Path, *args: str):
    app = create_app({"TESTING": True, "SATUDESA_SITE": str(site)})
    return app.test_cli_runner().invoke(args=list(args))


def test_facts_name_what_each_village_lacks(site_tree: Path) -> None:
    site = load_site(site_tree)
    contoh = village_facts(site.villages["contoh"], 2026)
    assert contoh == {
        "items": {
            "layanan": [False, "1 dari 1 layanan belum lengkap: pengaduan (1)"],
            "apbdes": [False, "belum ada apbdes/2026.yml"],
            "realisasi": [False, "realisasi 2026 belum diisi"],
            "dip": [False, contoh["items"]["dip"][1]],
            "perangkat": [False, "belum ada perangkat.yml"],
            "bpd": [False, "belum ada daftar BPD"],
            "kontak": [True, "alamat, whatsapp"],
        },
        "berita": "2026-03-03", "pengumuman": "2026-11-01",
    }
    # The profile page counts (Perki 1/2018's first item); the eight others are missing.
    assert contoh["items"]["dip"][1].startswith("8 belum terbit: matriks program/kegiatan")
    maju = village_facts(site.villages["maju"], 2026)["items"]
    assert {key for key, (ok, _) in maju.items() if ok} == {
        "layanan", "apbdes", "realisasi", "perangkat", "bpd", "kontak"}
    assert maju["perangkat"] == [True, "2 orang"] and maju["bpd"] == [True, "1 anggota"]
    assert village_facts(site.villages["maju"], 2027)["items"]["apbdes"] == [
        False, "belum ada apbdes/2027.yml"]


def test_rows_count_check_problems_per_village(site_tree: Path) -> None:
    write_tree(site_tree, {"villages/fiktif.yml": VILLAGE.replace("contoh: true\n", "")
                           .replace("Desa Contoh", "Desa Fiktif").replace("2001", "2099")})
    site = load_site(site_tree)
    rows = {r.slug: r for r in site_rows(site, None)}
    # The bad date; one warning per berkala item missing (it publishes an APBDes).
    missing = int(rows["maju"].items["dip"][1].split()[0])
    assert (rows["maju"].errors, rows["maju"].warnings) == (1, missing) and missing == 6
    assert (rows["contoh"].errors, rows["contoh"].warnings) == (0, 0)
    assert rows["fiktif"].errors == 1  # its code is not in the official list
    assert rows["maju"].score == 6 and rows["contoh"].score == 1
    assert rows["maju"].weight is None  # nothing built


def test_sort_orders_put_the_villages_most_behind_first(site_tree: Path) -> None:
    rows = site_rows(load_site(site_tree), None)
    slugs = {key: [r.slug for r in sort_rows(rows, key)] for key in SORTS}
    assert slugs["skor"] == ["contoh", "maju"]
    assert slugs["galat"] == ["maju", "contoh"]
    assert slugs["berita"] == ["contoh", "maju"]  # March before November
    assert slugs["kecamatan"] == ["maju", "contoh"]  # Kecamatan Lain, Kecamatan Uji
    assert slugs["desa"] == ["contoh", "maju"]


def test_report_table_csv_and_json(site_tree: Path) -> None:
    table = flask(site_tree, "report")
    assert table.exit_code == 0, table.output
    lines = table.output.splitlines()
    assert lines[0] == "Kelengkapan 3 desa/kelurahan (tahun anggaran 2026):"
    contoh = next(line for line in lines if line.startswith("Desa Contoh"))
    assert re.split(r"\s{2,}", contoh) == [
        "Desa Contoh", "Kecamatan Uji", "ya", "1/7",
        "Standar layanan, APBDes, Realisasi, Informasi berkala, Perangkat, BPD",
        "2026-03-03", "2026-11-01", "0", "0", "belum dibangun"]
    tutup = next(line for line in lines if line.startswith("Desa Tutup"))
    assert re.split(r"\s{2,}", tutup)[2] == "tidak"
    assert "Jumlah per kecamatan:" in lines

    rows = list(csv.DictReader(io.StringIO(flask(site_tree, "report", "--format", "csv").output)))
    assert [r["slug"] for r in rows] == ["maju", "contoh", "tutup"]
    assert rows[0]["galat"] == "1" and rows[0]["layanan"] == "ya" and rows[0]["dip"] == "tidak"
    assert rows[1]["layanan_keterangan"] == "1 dari 1 layanan belum lengkap: pengaduan (1)"
    assert rows[1]["bobot_beranda_byte"] == ""

    data = json.loads(flask(site_tree, "report", "--format", "json").output)
    assert data["tanggal"] == "2026-11-25"
    assert [k["kunci"] for k in data["butir"]] == [i.key for i in ITEMS]
    by_slug = {d["slug"]: d for d in data["desa"]}
    assert by_slug["maju"]["butir"]["bpd"] == {"ada": True, "keterangan": "1 anggota"}
    assert by_slug["maju"]["berita_terakhir"] == "2026-11-20"
    assert {k["nama"]: k["lengkap_semua"] for k in data["kecamatan"]} == {
        "Kecamatan Lain": 0, "Kecamatan Uji": 0}


def gz(path: Path) -> int:
    packed = path.with_name(path.name + ".gz")
    assert packed.is_file(), packed
    return packed.stat().st_size


def test_report_weighs_the_built_home_page(site_tree: Path) -> None:
    assert flask(site_tree, "build").exit_code == 1  # maju's broken page
    home = site_tree / "build/maju/index.html"
    css = re.search(r'<link rel="stylesheet" href="([^"]+)"', home.read_text()).group(1)
    expected = gz(home) + gz(home.parent / css)
    rows = list(csv.DictReader(io.StringIO(flask(site_tree, "report", "--format", "csv").output)))
    assert {r["slug"]: r["bobot_beranda_byte"] for r in rows} == {
        "maju": str(expected), "contoh": str(gz(site_tree / "build/contoh/index.html") + gz(
            site_tree / "build/contoh" / css)), "tutup": ""}


def page(path: Path) -> HTMLParser:
    return HTMLParser(path.read_text(encoding="utf-8"))


def test_portal_page_is_sortable_without_javascript_and_accessible(site_tree: Path) -> None:
    assert flask(site_tree, "build").exit_code == 1
    out = site_tree / "build"
    tree = page(out / "kelengkapan/index.html")
    table = tree.css_first("#t-kelengkapan")
    assert table.css_first("caption").text() == (
        "Kelengkapan 2 desa/kelurahan, urut menurut kecamatan")
    heads = table.css("thead th")
    assert all(th.attributes.get("scope") == "col" for th in heads)
    assert [th.text() for th in heads] == ["Desa", "Kecamatan", "Kelengkapan",
                                           *(i.label for i in ITEMS), "Berita terakhir",
                                           "Pengumuman terakhir", "Galat", "Peringatan",
                                           "Bobot beranda"]
    assert [th.attributes.get("aria-sort") for th in heads].count("ascending") == 1
    links = {a.text(): a.attributes["href"] for a in table.css("thead a")}
    assert links["Kelengkapan"] == "urut/skor/" and "Kecamatan" not in links
    assert [th.text() for th in table.css("tbody th[scope=row]")] == ["Desa Maju",
                                                                      "Desa Contoh"]
    assert "tutup" not in (out / "kelengkapan/index.html").read_text()  # not published
    for key in SORTS:
        if key != "kecamatan":
            variant = page(out / f"kelengkapan/urut/{key}/index.html")
            sorted_head = variant.css_first("th[aria-sort]")
            assert sorted_head.text() == SORTS[key][0] and not sorted_head.css("a")
            back = variant.css_first("#t-kelengkapan thead a").attributes["href"]
            assert back.startswith("../")
    worst = page(out / "kelengkapan/urut/skor/index.html")
    body = worst.css_first("#t-kelengkapan tbody")
    assert [th.text() for th in body.css("th[scope=row]")] == ["Desa Contoh", "Desa Maju"]
    cells = [td.text() for td in body.css("tr")[1].css("td")]
    assert cells[-3:-1] == ["1", "6"]  # maju: the bad date; the berkala items it lacks
    assert re.fullmatch(r"\d+,\d KB", cells[-1])
    totals = page(out / "kelengkapan/index.html").css_first("#t-kecamatan")
    assert totals.css_first("caption").text() == "Jumlah per kecamatan"
    assert [th.text() for th in totals.css("tbody th[scope=row]")] == ["Kecamatan Lain",
                                                                      "Kecamatan Uji"]


def tree_of(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_fast_engine_and_frozen_flask_write_the_same_pages(site_tree: Path,
                                                           tmp_path: Path) -> None:
    assert flask(site_tree, "build", "--out", str(tmp_path / "frozen"), "--engine",
                 "frozen").exit_code == 1
    assert flask(site_tree, "build", "--out", str(tmp_path / "fast"), "--jobs",
                 "2").exit_code == 1
    fast, frozen = tree_of(tmp_path / "fast"), tree_of(tmp_path / "frozen")
    assert "kelengkapan/urut/bobot/index.html" in fast
    assert fast == frozen
    # Only one village rebuilt: the others' facts come from the manifest, not reloaded.
    write_tree(site_tree, {"content/contoh/perangkat.yml": PERANGKAT})
    for engine, out in (("fast", "fast"), ("frozen", "frozen")):
        result = flask(site_tree, "build", "--out", str(tmp_path / out), "--engine", engine,
                       "--village", "contoh")
        assert result.exit_code == 0, result.output
    fast, frozen = tree_of(tmp_path / "fast"), tree_of(tmp_path / "frozen")
    assert fast == frozen
    html = fast["kelengkapan/urut/skor/index.html"].decode()
    assert "2 orang" in html and html.count("1 anggota") == 2


def test_a_rebuild_after_one_edit_updates_the_page_and_skips_the_rest(site_tree: Path) -> None:
    assert flask(site_tree, "build").exit_code == 1
    write_tree(site_tree, {"content/contoh/layanan/sktm.md": LENGKAP})
    result = flask(site_tree, "build")
    assert "Dibangun 2 desa (1 tidak berubah), gagal 0" in result.output
    html = (site_tree / "build/kelengkapan/index.html").read_text()
    assert "belum lengkap" not in html and "1 layanan, 6 komponen lengkap" in html


def test_the_preview_serves_the_page(client) -> None:
    response = client.get("/kelengkapan/")
    assert response.status_code == 200
    assert "Kelengkapan 2 desa/kelurahan" in response.text
    assert "belum dibangun" in response.text  # no build/ yet
    assert client.get("/kelengkapan/urut/galat/").status_code == 200
    assert client.get("/kelengkapan/urut/kecamatan/").status_code == 404  # it is the main page


def test_home_weight_counts_the_page_its_stylesheets_and_scripts(tmp_path: Path) -> None:
    """Local CSS and JS the home loads count (gzip copy, or gzip -9); text, remote and
    data: references do not, nor does a tag written as text in the page."""
    import gzip

    from satudesa.regency.kelengkapan import home_weight

    village = tmp_path / "desa"
    (village / "static").mkdir(parents=True)
    css = b"body{margin:0}" * 200
    (village / "static" / "a.css").write_bytes(css)
    (village / "static" / "a.css.gz").write_bytes(b"x" * 77)  # the copy's size counts
    js = b"console.log(1);" * 50
    (village / "static" / "b.js").write_bytes(js)
    html = (b'<!doctype html><html><head><LINK rel="preload stylesheet" href="static/a.css?v=1">'
            b'<link rel="icon" href="static/b.js"><script src="https://cdn.example/x.js">'
            b'</script></head><body><p>&lt;script src="static/b.js"&gt;</p>'
            b'<script defer src="static/b.js"></script>'
            b'<script src="data:text/javascript,1"></script></body></html>')
    (village / "index.html").write_bytes(html)
    expected = (len(gzip.compress(html, 9, mtime=0)) + 77
                + len(gzip.compress(js, 9, mtime=0)))
    assert home_weight(village) == expected
    assert home_weight(tmp_path / "missing") is None
