"""Dates as officers write them and residents read them."""

from __future__ import annotations

import datetime as dt

import pytest

from satudesa.dates import jam, parse_date, parse_datetime, tanggal
from satudesa.inputs.schema import Invalid, date
from satudesa.render.filters import initials, rupiah


@pytest.mark.parametrize("text", ["2025-03-03", "3 Maret 2025", "Senin, 3 Maret 2025",
                                  "03/03/2025", "3 mar 2025", "2025-3-3", "2025/03/03",
                                  "03.03.2025", "3-3-2025"])
def test_accepted_forms(text: str) -> None:
    assert parse_date(text) == dt.date(2025, 3, 3)


@pytest.mark.parametrize("text", ["Maret 2025", "31 Febuari 2025", "kemarin", "2025-13-01"])
def test_rejected_forms(text: str) -> None:
    with pytest.raises(ValueError):
        parse_date(text)


def test_indonesian_output() -> None:
    assert tanggal(dt.date(2025, 3, 3)) == "Senin, 3 Maret 2025"
    assert tanggal(dt.date(2025, 3, 3), weekday=False) == "3 Maret 2025"
    assert jam(parse_datetime("2025-03-03T09:30:00+08:00")) == "09.30 WITA"


def test_rupiah_and_initials() -> None:
    assert rupiah(25000) == "Rp25.000"
    assert rupiah(1234567890) == "Rp1.234.567.890"
    assert initials("H. Asep Saepudin, S.Pd.") == "AS"


@pytest.mark.parametrize(("text", "expected"), [
    ("2025/02/30", "tanggal '2025/02/30' tidak ada di kalender (periksa hari dan bulannya)"),
    ("12/31/2025", "tanggal '12/31/2025' tidak ada di kalender (periksa hari dan bulannya)"),
    ("3/3/25", "tahun pada '3/3/25' hanya dua angka (tulis tahun lengkap, misalnya 03/03/2025 "
     "atau 2025-03-03)"),
    ("3-Mar-2025", "tanggal tidak dikenali: '3-Mar-2025' (tulis seperti 2025-03-03 atau "
     "3 Maret 2025)"),
])
def test_a_date_that_exists_is_never_called_missing_from_the_calendar(text: str,
                                                                     expected: str) -> None:
    with pytest.raises(Invalid) as info:
        date(text)
    assert f"{info.value.message} ({info.value.hint})" == expected
