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


def test_prefetch_keeps_lookups_in_the_derived_cache(tmp_path, monkeypatch) -> None:
    """A second process (here: an emptied memo) finds the lookups in the cache and never
    parses the list; the answers are the list's own, absent codes included."""
    from satudesa import derived

    codes = ["32.14.01.2010", "32.14.99.9999"]
    expected = {kode: wilayah.desa(kode) for kode in codes}
    regency = wilayah.name_of("32.14")
    monkeypatch.setattr(wilayah, "_known", {})
    with derived.using(tmp_path):
        wilayah.prefetch(codes)
    assert len(list((tmp_path / derived.FOLDER / wilayah.CACHE_KIND).iterdir())) == 1

    def no_list() -> dict[str, str]:
        raise AssertionError("the list was parsed")

    monkeypatch.setattr(wilayah, "_known", {})
    monkeypatch.setattr(wilayah, "names", no_list)
    with derived.using(tmp_path):
        wilayah.prefetch(codes)
    assert {kode: wilayah.desa(kode) for kode in codes} == expected
    assert expected["32.14.01.2010"] is not None and expected["32.14.99.9999"] is None
    assert wilayah.name_of("32.14") == regency and regency


def test_a_damaged_prefetch_entry_is_computed_again(tmp_path, monkeypatch) -> None:
    from satudesa import derived

    before = derived.root()
    monkeypatch.setattr(wilayah, "_known", {})
    with derived.using(tmp_path):
        wilayah.prefetch(["32.14.01.2010"])
    [entry] = (tmp_path / derived.FOLDER / wilayah.CACHE_KIND).iterdir()
    entry.write_bytes(entry.read_bytes()[:-3] + b"xyz")
    monkeypatch.setattr(wilayah, "_known", {})
    with derived.using(tmp_path):
        wilayah.prefetch(["32.14.01.2010"])
    assert wilayah.desa("32.14.01.2010").nama == "Citalang"
    assert derived.root() == before  # the block restored what was in use before
