"""Dates as officers write them (ISO or Indonesian), and as residents read them."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import Any

from babel.dates import format_date, format_datetime

MONTHS = {
    "januari": 1, "jan": 1, "februari": 2, "feb": 2, "pebruari": 2, "maret": 3, "mar": 3,
    "april": 4, "apr": 4, "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7,
    "agustus": 8, "agu": 8, "agt": 8, "ags": 8, "september": 9, "sep": 9, "sept": 9,
    "oktober": 10, "okt": 10, "november": 11, "nov": 11, "nopember": 11,
    "desember": 12, "des": 12,
}
_INDONESIAN = re.compile(r"(?:\w+,\s*)?(\d{1,2})\s+([a-z]+)\.?\s+(\d{4})"
                         r"(?:[\s,]+(?:pukul\s+)?(\d{1,2})[.:](\d{2}))?", re.I)
_DMY = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_YMD = re.compile(r"(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})")  # 2025-3-3, 2025/03/03
WIB = dt.timezone(dt.timedelta(hours=7), "WIB")
WITA = dt.timezone(dt.timedelta(hours=8), "WITA")
WIT = dt.timezone(dt.timedelta(hours=9), "WIT")
# Province codes (first two digits of kode_wilayah) east of the WIB line (Keppres
# 41/1987): Bali, Nusa Tenggara, Kalimantan Selatan, Timur and Utara and all of
# Sulawesi keep WITA; Maluku and Papua keep WIT. Everything else is WIB.
_WITA_PROVINCES = frozenset({"51", "52", "53", "63", "64", "65", "71", "72", "73", "74",
                             "75", "76"})


def zone_of(kode_wilayah: str) -> dt.timezone:
    """The legal time zone of a village, from the province digits of its code."""
    province = kode_wilayah[:2]
    if province in _WITA_PROVINCES:
        return WITA
    return WIT if province.startswith("8") or province.startswith("9") else WIB


def localise(value: Any, zone: dt.timezone) -> Any:
    """A time parsed without a zone (given WIB by default) moved to the village's zone."""
    if isinstance(value, dt.datetime) and value.tzinfo is WIB and zone is not WIB:
        return value.replace(tzinfo=zone)
    return value


def parse_datetime(value: Any) -> dt.datetime:
    """Parse ISO or Indonesian forms ('3 Maret 2025', 'Senin, 3 Maret 2025 09.00', '03/03/2025',
    '03.03.2025', '2025/03/03', '2025-3-3').

    Naive values are taken as WIB.
    :raise ValueError: when the form is not recognised.
    """
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=WIB)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=WIB)
    if not isinstance(value, str):
        raise ValueError(value)
    text = value.strip()
    try:
        parsed = dt.datetime.fromisoformat(text.replace(" ", "T", 1) if " " in text else text)
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=WIB)
    except ValueError:
        pass
    match = _INDONESIAN.fullmatch(text)
    if match:
        day, month_name, year, hour, minute = match.groups()
        month = MONTHS.get(month_name.lower())
        if month is None:
            raise ValueError(value)
        return dt.datetime(int(year), month, int(day), int(hour or 0), int(minute or 0),
                           tzinfo=WIB)
    match = _DMY.fullmatch(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
        return dt.datetime(year, month, day, tzinfo=WIB)
    match = _YMD.fullmatch(text)
    if match:
        year, month, day = (int(g) for g in match.groups())
        return dt.datetime(year, month, day, tzinfo=WIB)
    raise ValueError(value)


def parse_date(value: Any) -> dt.date:
    """Parse a calendar date in the same forms as :func:`parse_datetime`."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    return parse_datetime(value).date()


def tanggal(value: dt.date | dt.datetime, weekday: bool = True) -> str:
    """'Senin, 3 Maret 2025' (or without the weekday)."""
    return _tanggal(value.date() if isinstance(value, dt.datetime) else value, weekday)


@lru_cache(maxsize=4096)
def _tanggal(day: dt.date, weekday: bool) -> str:
    # Babel costs ~0.1 ms a call and a village shows the same few hundred dates on
    # every list page: ~2,900 calls for ~300 dates per village.
    return format_date(day, "EEEE, d MMMM y" if weekday else "d MMMM y", locale="id")


def jam(value: dt.datetime) -> str:
    """'09.00 WIB' style time, zone named for Indonesia's three offsets."""
    zone = {7: "WIB", 8: "WITA", 9: "WIT"}.get(
        int(value.utcoffset().total_seconds() // 3600) if value.utcoffset() else 7, "")
    return f"{format_datetime(value, 'HH.mm', locale='id', tzinfo=value.tzinfo)} {zone}".strip()
