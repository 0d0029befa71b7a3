"""Rupiah and percentages the Indonesian way: 'Rp1.234.567', 'Rp1,23 miliar', '95,3%'."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

_UNITS = ((10**12, "triliun"), (10**9, "miliar"), (10**6, "juta"))


def rupiah(amount: int) -> str:
    """'Rp1.234.567' (Indonesian thousands separator, no space)."""
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp{abs(int(amount)):,}".replace(",", ".")


def rupiah_short(amount: int) -> str:
    """A headline form with one rounding rule: three significant digits, zeros kept.

    'Rp1,23 miliar', 'Rp2,00 miliar', 'Rp251 juta', 'Rp14,9 juta'; below a million
    the full amount. Every card, chart label and headline uses it, so two figures
    side by side are always rounded alike.
    """
    sign = "-" if amount < 0 else ""
    value = abs(int(amount))
    for index, (size, name) in enumerate(_UNITS):  # triliun, miliar, juta
        if value < size:
            continue
        rounded = _three_digits(Decimal(value) / size)
        if rounded >= 1000 and index > 0:  # 999.999.999 is Rp1,00 miliar, not 1.000 juta
            rounded, name = Decimal("1.00"), _UNITS[index - 1][1]
        return f"{sign}Rp{rounded:f}".replace(".", ",") + f" {name}"
    return rupiah(int(amount))


def _three_digits(number: Decimal) -> Decimal:
    """``number`` (at least 1) rounded half up to three significant digits, zeros kept."""
    whole = len(str(int(number)))
    rounded = number.quantize(Decimal(1).scaleb(-max(3 - whole, 0)), ROUND_HALF_UP)
    if len(str(int(rounded))) > whole:  # 99,95 became 100,0: one decimal fewer
        rounded = number.quantize(Decimal(1).scaleb(-max(2 - whole, 0)), ROUND_HALF_UP)
    return rounded


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
