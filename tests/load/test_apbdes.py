"""APBDes: hand-checked totals, validation messages word for word, pages and open data."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from sitefiles import BASIC_FILES
from transparency_data import APBDES_2025, APBDES_2026

from satudesa.errors import Report
from satudesa.inputs.yamlsafe import load_yaml
from satudesa.load.apbdes import check_apbdes
from satudesa.load.loader import load_site
from satudesa.money import persen, rupiah_short

PATH = "content/contoh/apbdes/2026.yml"


@pytest.fixture
def site_files() -> dict[str, str | bytes]:
    return {**BASIC_FILES, "content/contoh/apbdes/2026.yml": APBDES_2026,
            "content/contoh/apbdes/2025.yml": APBDES_2025}


def _check(text: str, tahun: int = 2026) -> tuple[object, list[str]]:
    data, lines = load_yaml(text)
    report = Report()
    budget = check_apbdes(data, tahun, PATH, lines, report)
    return budget, [p.format() for p in report]


def test_hand_checked_totals() -> None:
    budget, problems = _check(APBDES_2026)
    assert problems == [  # this example is unbalanced on purpose
        f"{PATH}:13: peringatan: anggaran tidak seimbang: surplus/defisit -Rp90.000.000 "
        "ditambah pembiayaan netto Rp40.000.000 menyisakan -Rp50.000.000, seharusnya Rp0 "
        "(periksa angka anggaran setiap rincian dengan Perdes APB Desa)"]
    p, b = budget.total_pendapatan, budget.total_belanja
    assert (p.anggaran, p.pagu, p.realisasi) == (1_410_000_000, 1_360_000_000, 1_359_000_000)
    assert (b.anggaran, b.pagu, b.realisasi) == (1_500_000_000, 1_450_000_000, 1_280_000_000)
    assert (budget.surplus.pagu, budget.surplus.realisasi) == (-90_000_000, 79_000_000)
    assert (budget.pembiayaan_netto.pagu, budget.pembiayaan_netto.realisasi) == (40_000_000,
                                                                                 40_000_000)
    assert (budget.silpa.pagu, budget.silpa.realisasi) == (-50_000_000, 119_000_000)
    assert p.persen == 99.93 and b.persen == 88.28
    assert b.selisih == 170_000_000


def test_breakdown_by_bidang_and_source() -> None:
    budget, _ = _check(APBDES_2026)
    assert [(g.kode, g.amount.pagu, g.amount.realisasi) for g in budget.per_bidang] == [
        ("1", 500_000_000, 480_000_000), ("2", 850_000_000, 800_000_000), ("3", 0, 0),
        ("4", 0, 0), ("5", 100_000_000, 0)]
    assert [(g.nama, g.amount.pagu) for g in budget.per_sumber] == [
        ("Dana Desa", 950_000_000), ("Alokasi Dana Desa (ADD)", 400_000_000),
        ("Pendapatan Asli Desa (PADes)", 10_000_000)]


def test_no_realisation_means_none() -> None:
    budget, _ = _check(APBDES_2025, 2025)
    assert budget.total_belanja.realisasi is None and budget.total_belanja.persen is None
    assert budget.surplus.pagu == 0


def test_short_rupiah_and_percent() -> None:
    # One rule for every short figure: three significant digits, zeros kept, so
    # 'Rp2,01 miliar' never stands beside 'Rp2 miliar'.
    assert rupiah_short(1_234_567_890) == "Rp1,23 miliar"
    assert rupiah_short(2_000_000_000) == "Rp2,00 miliar"
    assert rupiah_short(2_010_000_000) == "Rp2,01 miliar"
    assert rupiah_short(250_500_000) == "Rp251 juta"
    assert rupiah_short(14_954_500) == "Rp15,0 juta"
    assert rupiah_short(-14_954_500) == "-Rp15,0 juta"
    assert rupiah_short(99_950_000) == "Rp100 juta"
    assert rupiah_short(999_999_999) == "Rp1,00 miliar"
    assert rupiah_short(12_500) == "Rp12.500"
    assert persen(88.28) == "88,3%"


@pytest.mark.parametrize(("item", "expected"), [
    ('{kode: "4.9.1", uraian: "X", anggaran: 1}',
     f"{PATH}:2: galat: '4.9.1' bukan kode rekening pendapatan yang sah (pendapatan berkode "
     "4.1.x (PADes), 4.2.x (transfer) atau 4.3.x (lain-lain), contoh 4.2.1 untuk Dana Desa "
     "(Permendagri 20/2018))"),
    ('{kode: "4.2.1", uraian: "Dana Desa", anggaran: -5}',
     f"{PATH}:2: galat: 'anggaran': tidak boleh negatif (-5) (tulis angka 0 atau lebih)"),
    ('{kode: "4.2.1", uraian: "Dana Desa", anggaran: 25.000}',
     f"{PATH}:2: galat: 'anggaran': tertulis sebagai angka pecahan (25) (tulis rupiah tanpa "
     'titik, misalnya 25000, atau beri tanda kutip: "25.000")'),
    ('{kode: "4.2.1", uraian: "Dana Desa", anggaran: "satu juta"}',
     f"{PATH}:2: galat: 'anggaran': harus berupa angka bulat, bukan 'satu juta' (tulis angkanya "
     "saja, misalnya 25000)"),
    ('{kode: "4.2.1", uraian: "Dana Desa"}',
     f"{PATH}:2: galat: kunci wajib 'anggaran' tidak ada (tambahkan baris 'anggaran: ...')"),
])
def test_pendapatan_item_messages(item: str, expected: str) -> None:
    budget, problems = _check(f"pendapatan:\n  - {item}\nbelanja: []\n")
    assert budget is None
    assert problems == [expected]


def test_belanja_and_pembiayaan_codes() -> None:
    text = ("pendapatan:\n  - {kode: '4.2.1', uraian: DD, anggaran: 1}\n"
            "belanja:\n  - {kode: '6.1.01', uraian: X, anggaran: 1}\n"
            "pembiayaan:\n  - {kode: '6.3.1', uraian: Y, anggaran: 1}\n")
    _, problems = _check(text)
    assert problems == [
        f"{PATH}:4: galat: '6.1.01' bukan kode kegiatan belanja yang sah (tulis "
        "bidang.sub-bidang.kegiatan dengan bidang 1 sampai 5, contoh 1.1.01 (Permendagri "
        "20/2018))",
        f"{PATH}:6: galat: '6.3.1' bukan kode rekening pembiayaan yang sah (penerimaan "
        "pembiayaan 6.1.x (contoh 6.1.1 SiLPA tahun sebelumnya), pengeluaran pembiayaan 6.2.x "
        "(contoh 6.2.2 penyertaan modal desa))",
    ]


def test_typed_total_that_disagrees_shows_both_figures() -> None:
    text = APBDES_2026 + "jumlah_pendapatan: 1400000000\njumlah_belanja:\n  realisasi: 1280000000\n"
    budget, problems = _check(text)
    assert budget is None
    assert problems == [
        f"{PATH}:16: galat: 'jumlah_pendapatan' tertulis Rp1.400.000.000, tetapi jumlah "
        "rinciannya Rp1.360.000.000 (selisih Rp40.000.000) (periksa angka setiap rincian, atau "
        "hapus 'jumlah_pendapatan': jumlah dihitung otomatis)"]


def test_typed_totals_that_agree_are_accepted() -> None:
    text = APBDES_2026 + ("jumlah_pendapatan: {anggaran: 1410000000, perubahan: 1360000000}\n"
                          "surplus_defisit: -90000000\nsilpa: {realisasi: 119000000}\n")
    budget, problems = _check(text)
    assert budget is not None and [p for p in problems if "galat" in p] == []


def test_year_must_match_file_name() -> None:
    _, problems = _check("tahun: 2025\n" + APBDES_2025, 2026)
    assert problems == [f"{PATH}:1: galat: 'tahun' 2025 berbeda dengan nama berkas 2026.yml "
                        "(samakan keduanya atau hapus baris 'tahun')"]


def test_overspent_line_warns() -> None:
    text = ("pendapatan:\n  - {kode: '4.2.1', uraian: DD, anggaran: 10}\n"
            "belanja:\n  - {kode: '1.1.01', uraian: X, anggaran: 10, realisasi: 12}\n")
    budget, problems = _check(text)
    assert budget is not None
    assert problems == [f"{PATH}:4: peringatan: realisasi 1.1.01 (Rp12) melebihi anggarannya "
                        "(Rp10) (periksa angka realisasi atau catat perubahan anggarannya)"]


def test_bad_year_file_is_skipped_and_the_rest_builds(site_tree: Path, client) -> None:
    (site_tree / "content/contoh/apbdes/2026.yml").write_text(
        APBDES_2026.replace("anggaran: 10000000, realisasi", "anggaran: -1, realisasi", 1))
    site = load_site(site_tree)
    assert [p.format() for p in site.report.errors] == [
        f"{PATH}:6: galat: 'anggaran': tidak boleh negatif (-1) (tulis angka 0 atau lebih)"]
    assert list(site.villages["contoh"].data["apbdes"]) == [2025]
    assert client.get("/contoh/apbdes/2026/").status_code == 404
    assert client.get("/contoh/apbdes/2025/").status_code == 200


def test_year_page_shows_figures_without_script(client) -> None:
    html = client.get("/contoh/apbdes/2026/").get_data(as_text=True)
    assert "<script" not in html
    for text in ("Rp1,36 miliar", "Rp1.360.000.000", "Rp1.410.000.000", "Rp1.359.000.000",
                 "99,9%", '<h3 id="kpi-realisasi-2026" class="kpi-title">Realisasi',
                 "-Rp90.000.000", "Rp119.000.000",
                 "SP4N-LAPOR!", "Jl. Raya Contoh No. 1",
                 "Peraturan Desa Contoh Nomor 3 Tahun 2026", "Jalan Desa &lt;RW 04&gt;",
                 'href="../2026.csv"', 'href="../2026.json"'):
        assert text in html, text


def test_index_compares_years(client) -> None:
    html = client.get("/contoh/apbdes/").get_data(as_text=True)
    assert "<script" not in html
    assert 'href="2025/"' in html and 'href="2026/"' in html
    assert "Belanja desa dari tahun ke tahun" in html
    assert 'href="apbdes/"' in client.get("/contoh/").get_data(as_text=True)


def test_csv_and_json_round_trip_to_the_same_numbers(client) -> None:
    budget, _ = _check(APBDES_2026)
    rows = list(csv.DictReader(io.StringIO(
        client.get("/contoh/apbdes/2026.csv").get_data(as_text=True))))
    data = json.loads(client.get("/contoh/apbdes/2026.json").get_data(as_text=True))
    lines = [r for r in rows if r["jenis"] == "rincian"]
    assert [(r["kode"], int(r["anggaran"]), r["perubahan"], r["realisasi"]) for r in lines] == [
        (ln.kode, ln.anggaran, "" if ln.perubahan is None else str(ln.perubahan),
         "" if ln.realisasi is None else str(ln.realisasi)) for ln in budget.all_lines]
    totals = {r["bagian"]: r for r in rows if r["jenis"] == "jumlah" and not r["kode"]}
    for key in ("total_pendapatan", "total_belanja", "surplus", "pembiayaan_netto", "silpa"):
        amount = getattr(budget, key)
        assert int(totals[key]["perubahan"]) == amount.pagu == data["ringkasan"][key]["perubahan"]
        assert int(totals[key]["realisasi"]) == amount.realisasi == \
            data["ringkasan"][key]["realisasi"]
    assert data["ringkasan"]["total_belanja"]["persen_realisasi"] == 88.28
    assert totals["total_belanja"]["persen_realisasi"] == "88.28"
    # a percentage of a difference (surplus, netto, SiLPA) means nothing: left empty
    assert totals["silpa"]["persen_realisasi"] == ""
    assert data["ringkasan"]["silpa"]["persen_realisasi"] is None
    assert data["tahun"] == 2026 and data["kode_wilayah"] == "32.14.05.2001"
    assert [ln["kode"] for ln in data["belanja"]] == ["1.1.01", "2.3.10", "5.3.01"]


def test_home_shows_the_latest_budget_headline(demo_build) -> None:
    from sitefiles import REPO
    slug = sorted(p.stem for p in (REPO / "villages").glob("*.yml"))[0]
    home = (demo_build / slug / "index.html").read_text(encoding="utf-8")
    assert '<h2 id="h-apbdes">APB Desa 2026</h2>' in home
    assert 'href="apbdes/2026/">Lihat rincian anggaran →</a>' in home


def test_summary_cards_are_all_budget_or_all_realisation(client) -> None:
    """Each group of cards is one kind of figure, labelled, so the cards add up."""
    budget, _ = _check(APBDES_2026)
    html = client.get("/contoh/apbdes/2026/").get_data(as_text=True)
    for group, field in (("kpi-anggaran-2026", "pagu"), ("kpi-realisasi-2026", "realisasi")):
        section = html.split(f'aria-labelledby="{group}"')[1].split("</section>")[0]
        cards = dict(re.findall(r"<li><span>([^<]+)</span><strong>([^<]+)</strong>", section))
        surplus = getattr(budget.surplus, field)
        assert cards["Pendapatan"] == rupiah_short(getattr(budget.total_pendapatan, field))
        assert cards["Belanja"] == rupiah_short(getattr(budget.total_belanja, field))
        assert cards["Defisit" if surplus < 0 else "Surplus"] == rupiah_short(abs(surplus))
        assert cards["Pembiayaan netto"] == rupiah_short(getattr(budget.pembiayaan_netto, field))
        assert cards["SiLPA"] == rupiah_short(getattr(budget.silpa, field))
    assert "Anggaran setelah perubahan 2026</h3>" in html or "Anggaran 2026</h3>" in html
