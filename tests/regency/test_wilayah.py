"""The shipped Kemendagri 2025 code list: complete, and looked up by code and prefix."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from satudesa.regency import wilayah

SOURCE = Path("/work/shared/data/wilayah-kepmendagri-2025.csv")


def test_the_list_has_every_level_in_the_published_numbers() -> None:
    levels = [wilayah.level(kode) for kode in wilayah.names()]
    assert (levels.count(1), levels.count(2), levels.count(3), levels.count(4)) == (
        38, 514, 7285, 83762)


@pytest.mark.skipif(not SOURCE.is_file(), reason="the shared source CSV is not on this machine")
def test_the_compressed_file_holds_the_source_unchanged() -> None:
    with SOURCE.open(encoding="utf-8", newline="") as source:
        rows = list(csv.reader(source))[1:]
    assert wilayah.names() == {kode: nama for kode, nama in rows}


def test_lookups_by_code() -> None:
    assert wilayah.name_of("32") == "Jawa Barat"
    assert wilayah.name_of("32.14") == "Kabupaten Purwakarta"
    assert wilayah.name_of("32.14.05") == "Sukatani"
    assert wilayah.name_of("32.14.09.2018") is None  # the demo's fictional code
    desa = wilayah.desa("32.14.01.1002")
    assert desa == wilayah.Desa("32.14.01.1002", "Nagri Kaler", "Purwakarta",
                                "Kabupaten Purwakarta", "Jawa Barat")
    assert desa.jenis == "kelurahan" and wilayah.desa("32.14.05.2001").jenis == "desa"
    assert wilayah.desa("32.14.05") is None  # a kecamatan is not a village


def test_names_with_commas_and_apostrophes_survive() -> None:
    assert wilayah.name_of("12.07.28.1007") == "Lubuk Pakam I,II"
    assert wilayah.name_of("11.01.02.2018") == "Pasi Kuala Ba'u"


@pytest.mark.parametrize(("text", "prefix"), [
    ("32", "32"), ("32.14", "32.14"), ("3214", "32.14"), (" 32.14.05 ", "32.14.05"),
    ("3214052001", "32.14.05.2001"), ("32.1", None), ("Purwakarta", None), ("", None),
])
def test_prefixes_are_normalised(text: str, prefix: str | None) -> None:
    assert wilayah.normalize_prefix(text) == prefix


def test_villages_under_a_prefix() -> None:
    purwakarta = wilayah.villages_under("32.14")
    assert len(purwakarta) == 192
    assert all(d.kode.startswith("32.14.") and d.kabupaten == "Kabupaten Purwakarta"
               for d in purwakarta)
    assert [d.kode for d in purwakarta] == sorted(d.kode for d in purwakarta)
    sukatani = wilayah.villages_under("32.14.05")
    assert {d.kecamatan for d in sukatani} == {"Sukatani"} and len(sukatani) == 14
    assert [d.nama for d in wilayah.villages_under("32.14.05.2001")] == ["Sukatani"]
    assert len(wilayah.villages_under("32")) == 5957
    assert wilayah.villages_under("32.99") == []


@pytest.mark.parametrize(("written", "official"), [
    ("Desa Sukatani", "Sukatani"), ("KELURAHAN  Nagri Kaler", "Nagri Kaler"),
    ("Kecamatan Sukatani", "Sukatani"), ("Kec. sukatani", "Sukatani"),
])
def test_names_compare_without_prefix_and_case(written: str, official: str) -> None:
    assert wilayah.bare(written) == wilayah.bare(official)
    assert wilayah.bare("Desa Sukamaju") != wilayah.bare("Sukatani")
