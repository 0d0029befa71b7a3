"""Inline SVG charts written at build time: no JavaScript, a few hundred bytes each.

Three shapes: paired horizontal bars (budget against realisation), single
horizontal bars (statistics) and a population pyramid (age by sex). Every
chart is 360 units wide and scales to its container (``viewBox``,
``width="100%"``), so 13-unit text stays legible on a 360 px phone. Colours
come from CSS classes (``s1``, ``s2``) so a theme restyles them; each chart
carries ``<title>`` and ``<desc>`` and is always shown beside a data table.
Bars carry ``data-value`` so tests can check them against the table.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from markupsafe import Markup, escape

from satudesa.money import persen, ratio, rupiah_short
from satudesa.xmltext import xml_clean

WIDTH = 360
PAD = 4
FONT = 13  # label size in viewBox units; ~11.8 px at 328 px (360 px phone minus margins)
VALUE_FONT = 12
BAR = 14
CHAR = 0.56  # average glyph width of a sans-serif face, in ems, for wrapping

Format = Callable[[int], str]


def _num(value: float) -> str:
    """Compact coordinate: integers without '.0', otherwise one decimal."""
    rounded = round(value, 1)
    return str(int(rounded)) if rounded == int(rounded) else str(rounded)


def _wrap(text: str, width: float, size: int = FONT) -> list[str]:
    """Split a label into lines that fit ``width`` units."""
    limit = max(8, int(width / (size * CHAR)))
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if len(candidate) <= limit or not current:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    return lines or [""]


def _svg(cid: str, title: str, desc: str, height: float, body: list[str],
         kind: str) -> Markup:
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" class="chart {kind}" '
            f'viewBox="0 0 {WIDTH} {_num(height)}" width="100%" role="img" '
            f'aria-labelledby="{cid}-t {cid}-d">'
            f'<title id="{cid}-t">{escape(title)}</title><desc id="{cid}-d">{escape(desc)}</desc>')
    return Markup(xml_clean(head + "".join(body) + "</svg>"))  # removing is escaping


def _legend(names: Sequence[str], y: float) -> list[str]:
    parts, x = [], PAD
    for index, name in enumerate(names, start=1):
        parts.append(f'<rect class="s{index}" x="{_num(x)}" y="{_num(y - 10)}" '
                     'width="12" height="12"/>'
                     f'<text x="{_num(x + 17)}" y="{_num(y)}">{escape(name)}</text>')
        x += 17 + len(name) * FONT * CHAR + 18
    return parts


def _bar(cls: str, x: float, y: float, width: float, value: int) -> str:
    return (f'<rect class="{cls}" x="{_num(x)}" y="{_num(y)}" width="{_num(width)}" '
            f'height="{BAR}" data-value="{value}"/>')


def _value(x: float, y: float, text: str, anchor: str = "") -> str:
    extra = f' text-anchor="{anchor}"' if anchor else ""
    return f'<text class="v" x="{_num(x)}" y="{_num(y)}"{extra}>{escape(text)}</text>'


def paired_bars(cid: str, title: str, desc: str,
                rows: Sequence[tuple[str, int, int | None]],
                names: tuple[str, str] = ("Anggaran", "Realisasi"),
                fmt: Format = rupiah_short) -> Markup:
    """Two bars per row (e.g. budget and realisation); a None second value draws one bar."""
    value_space = 96
    span = WIDTH - 2 * PAD - value_space
    top = max([max(a, b or 0) for _, a, b in rows] + [1])
    show_second = any(b is not None for _, _, b in rows)
    body = _legend(names if show_second else names[:1], 14)
    y = 30.0
    for label, first, second in rows:
        for line in _wrap(label, WIDTH - 2 * PAD):
            y += FONT + 2
            body.append(f'<text x="{PAD}" y="{_num(y)}">{escape(line)}</text>')
        y += 5
        pairs = [("s1", first)] + ([("s2", second)] if show_second else [])
        for cls, value in pairs:
            width = span * (value or 0) / top
            body.append(_bar(cls, PAD, y, width, value or 0))
            text = fmt(value) if value is not None else "–"
            body.append(_value(PAD + width + 4, y + BAR - 3, text))
            y += BAR + 2
        y += 8
    return _svg(cid, title, desc, y + 2, body, "bars")


def bars(cid: str, title: str, desc: str, rows: Sequence[tuple[str, int]],
         fmt: Format | None = None) -> Markup:
    """One horizontal bar per row, label above, value (and share) at its end."""
    total = sum(value for _, value in rows) or 1
    fmt = fmt or (lambda v: _count_share(v, total))
    value_space = 88
    span = WIDTH - 2 * PAD - value_space
    top = max([value for _, value in rows] + [1])
    body: list[str] = []
    y = 0.0
    for label, value in rows:
        for line in _wrap(label, WIDTH - 2 * PAD):
            y += FONT + 2
            body.append(f'<text x="{PAD}" y="{_num(y)}">{escape(line)}</text>')
        y += 4
        width = span * value / top
        body.append(_bar("s1", PAD, y, width, value))
        body.append(_value(PAD + width + 4, y + BAR - 3, fmt(value)))
        y += BAR + 6
    return _svg(cid, title, desc, y + 2, body, "bars single")


def _count_share(value: int, total: int) -> str:
    """'1.234 (35,2%)', rounded exactly as the table beside the chart rounds it."""
    return f"{value:,}".replace(",", ".") + f" ({persen(ratio(value, total))})"


def pyramid(cid: str, title: str, desc: str, rows: Sequence[tuple[str, int, int]],
            names: tuple[str, str] = ("Laki-laki", "Perempuan")) -> Markup:
    """Population pyramid: rows youngest first in, drawn oldest at the top."""
    middle = 56
    side = (WIDTH - 2 * PAD - middle) / 2
    value_space = 38
    span = side - value_space
    top = max([max(m, f) for _, m, f in rows] + [1])
    centre = WIDTH / 2
    body = [f'<text x="{PAD}" y="14">{escape(names[0])}</text>',
            f'<text x="{WIDTH - PAD}" y="14" text-anchor="end">{escape(names[1])}</text>']
    y = 24.0
    for label, male, female in reversed(rows):
        left = span * male / top
        right = span * female / top
        body.append(_bar("s1", centre - middle / 2 - left, y, left, male))
        body.append(_bar("s2", centre + middle / 2, y, right, female))
        body.append(f'<text x="{_num(centre)}" y="{_num(y + BAR - 3)}" '
                    f'text-anchor="middle">{escape(label)}</text>')
        body.append(_value(centre - middle / 2 - left - 3, y + BAR - 3,
                           f"{male:,}".replace(",", "."), "end"))
        body.append(_value(centre + middle / 2 + right + 3, y + BAR - 3,
                           f"{female:,}".replace(",", ".")))
        y += BAR + 4
    return _svg(cid, title, desc, y + 2, body, "pyramid")
