"""Population statistics: validation word for word, shares, page and open data."""

from __future__ import annotations

import csv
import io
import json

import pytest
from sitefiles import BASIC_FILES
from transparency_data import STATISTIK

from satudesa.errors import Report
from satudesa.inputs.yamlsafe import load_yaml
from satudesa.load.statistik import check_statistik

PATH = "content/contoh/statistik.yml"


@pytest.fixture
def site_files() -> dict[str, str | bytes]:
    return {**BASIC_FILES, PATH: STATISTIK}


def _check(text: str) -> tuple[object, list[str]]:
    data, lines = load_yaml(text)
    report = Report()
    return check_statistik(data, PATH, lines, report), [p.format() for p in report]


def test_groups_and_shares() -> None:
    stats, problems = _check(STATISTIK)
    assert problems == []
    assert stats.penduduk == 200 and stats.jumlah_kk == 60
    sexes = stats.group("jenis_kelamin")
    assert [(r.label, r.jumlah, r.persen) for r in sexes.rows] == [
        ("Laki-laki", 110, 55.0), ("Perempuan", 90, 45.0)]
    ages = stats.group("kelompok_umur")
    assert ages.by_sex and ages.total == 200
    assert [(r.label, r.laki_laki, r.perempuan, r.jumlah) for r in ages.rows][0] == (
        "0-14", 40, 30, 70)


def test_group_that_does_not_add_up_names_group_and_both_numbers() -> None:
    text = STATISTIK.replace('"SLTA/Sederajat": 80', '"SLTA/Sederajat": 70\n  total: 200')
    stats, problems = _check(text)
    assert stats is None
    assert problems == [f"{PATH}:16: galat: kelompok 'pendidikan': jumlah rinciannya 190, "
                        "tetapi total tertulis 200 (selisih 10) (periksa angka setiap baris, "
                        "atau perbaiki 'total')"]


@pytest.mark.parametrize(("value", "expected"), [
    ("-3", "'Laki-laki': tidak boleh negatif (-3) (tulis angka 0 atau lebih)"),
    ("12.5", "'Laki-laki': harus bilangan bulat, bukan 12.5 (tulis jumlah orang tanpa koma, "
             "misalnya 1250)"),
])
def test_counts_are_non_negative_integers(value: str, expected: str) -> None:
    text = STATISTIK.replace("Laki-laki: 110", f"Laki-laki: {value}").replace(
        "  total: 200\nkelompok", "kelompok")
    stats, problems = _check(text)
    assert stats is None
    assert problems == [f"{PATH}:5: galat: kelompok 'jenis_kelamin', {expected}"]


def test_required_keys_and_age_band_shape() -> None:
    _, problems = _check('jenis_kelamin: {L: 1}\nkelompok_umur:\n  "0-4": {laki_laki: 1}\n')
    assert problems == [
        f"{PATH}:1: galat: kunci wajib 'sumber' tidak ada (tambahkan baris 'sumber: ...')",
        f"{PATH}:1: galat: kunci wajib 'per_tanggal' tidak ada (tambahkan baris "
        "'per_tanggal: ...')",
    ]
    _, problems = _check('sumber: x\nper_tanggal: 2026-01-01\nkelompok_umur:\n'
                         '  "0-4": {laki_laki: 1}\n')
    assert problems == [f"{PATH}:4: galat: kelompok 'kelompok_umur', '0-4': harus memuat "
                        "laki_laki dan perempuan (contoh: {laki_laki: 120, perempuan: 115})"]


def test_page_shows_counts_and_percentages(client) -> None:
    html = client.get("/contoh/statistik/").get_data(as_text=True)
    assert "<script" not in html
    for text in ("Data Kependudukan Desa", "200 jiwa", "60 KK", "55,0%", "45,0%",
                 "Piramida penduduk", 'href="../statistik.csv"', 'href="../statistik.json"'):
        assert text in html, text


def test_csv_and_json_round_trip(client) -> None:
    stats, _ = _check(STATISTIK)
    rows = list(csv.DictReader(io.StringIO(
        client.get("/contoh/statistik.csv").get_data(as_text=True))))
    data = json.loads(client.get("/contoh/statistik.json").get_data(as_text=True))
    expected = [(g.key, r.label, r.jumlah) for g in stats.groups for r in g.rows]
    assert [(r["kelompok"], r["label"], int(r["jumlah"])) for r in rows] == expected
    assert [(g["kunci"], r["label"], r["jumlah"]) for g in data["kelompok"]
            for r in g["rincian"]] == expected
    assert data["per_tanggal"] == "2026-06-30"
    assert [g["total"] for g in data["kelompok"]] == [200, 200, 200]
