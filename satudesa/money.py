"""Rupiah and percentages the Indonesian way: 'Rp1.234.567', 'Rp1,23 miliar', '95,3%'."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

_UNITS = ((10**12, "triliun"), (10**9, "miliar"), (10**6, "juta"))


def rupiah(amount: int) -> str:
    """'Rp1.234.567' (Indonesian thousands separator, no space)."""
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp{abs(int(amount)):,}".replace(",", ".")


def rupiah_short(amount: int) -> str:
    """A headline form: 'Rp1,23 miliar', 'Rp250,5 juta'; below a million the full amount."""
    sign = "-" if amount < 0 else ""
    value = abs(int(amount))
    for size, name in _UNITS:
        scaled = (Decimal(value) / size).quantize(Decimal("0.01"), ROUND_HALF_UP)
        if scaled >= 1:
            if scaled >= 1000 and size < 10**12:  # 999.999.999 rounds up to the next unit
                continue
            number = f"{scaled:f}".rstrip("0").rstrip(".").replace(".", ",")
            return f"{sign}Rp{number} {name}"
    return rupiah(int(amount))


def persen(value: float | None, digits: int = 1) -> str:
    """'95,3%' (decimal comma); '–' when there is no figure."""
    if value is None:
        return "–"
    rounded = Decimal(str(value)).quantize(Decimal(1).scaleb(-digits), ROUND_HALF_UP)
    return f"{rounded:f}".replace(".", ",") + "%"


def ratio(part: int | None, whole: int) -> float | None:
    """``part`` as a percentage of ``whole``, rounded to two decimals; None if undefined."""
    if part is None or whole == 0:
        return None
    return round(part * 100 / whole, 2)
