"""Inline SVG charts: well-formed, accessible, and drawing the numbers in the table beside them."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from selectolax.lexbor import LexborHTMLParser as HTMLParser
from sitefiles import BASIC_FILES
from transparency_data import APBDES_2025, APBDES_2026, STATISTIK

from satudesa.money import rupiah_short
from satudesa.outputs import charts

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def site_files() -> dict[str, str | bytes]:
    return {**BASIC_FILES, "content/contoh/apbdes/2026.yml": APBDES_2026,
            "content/contoh/apbdes/2025.yml": APBDES_2025,
            "content/contoh/statistik.yml": STATISTIK}


def _svgs(html: str) -> dict[str, ET.Element]:
    """Every inline SVG of a page, parsed as XML, keyed by its title id."""
    found = {}
    for text in re.findall(r"<svg\b.*?</svg>", html, re.S):
        root = ET.fromstring(text)
        found[root.find(f"{SVG}title").get("id")] = root
    return found


def _amount(cell: str) -> int:
    return int(re.sub(r"[^\d-]", "", cell))


def _check_accessible(root: ET.Element) -> None:
    assert root.get("role") == "img"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title.text and desc.text
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert root.get("width") == "100%" and root.get("viewBox").startswith("0 0 360 ")


def _bars(root: ET.Element, cls: str) -> list[int]:
    return [int(r.get("data-value")) for r in root.iter(f"{SVG}rect")
            if r.get("class") == cls and r.get("data-value") is not None]


def test_apbdes_bars_match_the_tables(client) -> None:
    html = client.get("/contoh/apbdes/2026/").get_data(as_text=True)
    svgs = _svgs(html)
    assert set(svgs) == {"c-sumber-t", "c-bidang-t"}
    tree = HTMLParser(html)
    for cid, table in (("c-sumber-t", "t-sumber"), ("c-bidang-t", "t-bidang")):
        root = svgs[cid]
        _check_accessible(root)
        rows = tree.css(f"#{table} tbody tr")
        # The chart's legend names the table's columns, in the same order.
        heads = [th.text() for th in tree.css(f"#{table} thead th")]
        assert heads == ["Sumber" if table == "t-sumber" else "Bidang",
                         "Anggaran setelah perubahan", "Realisasi", "% realisasi",
                         "Anggaran awal (sebelum perubahan)"]
        legend = [t.text for t in root.iter(f"{SVG}text") if t.get("class") is None][:2]
        assert legend == heads[1:3]
        pagu = [_amount(r.css("td")[0].text()) for r in rows]
        real = [_amount(r.css("td")[1].text()) for r in rows]
        assert _bars(root, "s1") == pagu
        assert _bars(root, "s2") == real
        # The figures written beside the bars are the table's, rounded by the one rule.
        values = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "v"]
        assert values == [rupiah_short(v) for pair in zip(pagu, real, strict=True)
                          for v in pair]
        widths = [float(r.get("width")) for r in root.iter(f"{SVG}rect")
                  if r.get("class") == "s1" and r.get("data-value")]
        top = max(pagu)
        for value, width in zip(pagu, widths, strict=True):
            assert width == pytest.approx(widths[pagu.index(top)] * value / top, abs=0.1)


def test_comparison_chart_on_the_index(client) -> None:
    html = client.get("/contoh/apbdes/").get_data(as_text=True)
    root = _svgs(html)["c-tahun-t"]
    _check_accessible(root)
    assert _bars(root, "s1") == [900_000_000, 1_450_000_000]


def test_statistics_bars_and_pyramid_match_the_tables(client) -> None:
    html = client.get("/contoh/statistik/").get_data(as_text=True)
    svgs = _svgs(html)
    tree = HTMLParser(html)
    pyramid = svgs["c-kelompok-umur-t"]
    _check_accessible(pyramid)
    assert "pyramid" in pyramid.get("class")
    rows = tree.css("#t-kelompok_umur tbody tr")
    male = [_amount(r.css("td")[0].text()) for r in rows]
    female = [_amount(r.css("td")[1].text()) for r in rows]
    assert _bars(pyramid, "s1") == male[::-1]  # oldest at the top
    assert _bars(pyramid, "s2") == female[::-1]
    bars = svgs["c-pendidikan-t"]
    _check_accessible(bars)
    counts = [_amount(r.css("td")[0].text()) for r in tree.css("#t-pendidikan tbody tr")]
    assert _bars(bars, "s1") == counts == [120, 80]
    shares = [r.css("td")[1].text() for r in tree.css("#t-pendidikan tbody tr")]
    values = [t.text for t in bars.iter(f"{SVG}text") if t.get("class") == "v"]
    assert values == [f"{c} ({s})" for c, s in zip(counts, shares, strict=True)]


def test_shares_round_like_the_table() -> None:
    # 667/2000 = 33.35% exactly: the chart and the table must both say 33,4%
    root = ET.fromstring(str(charts.bars("r", "t", "d", [("a", 667), ("b", 1333)])))
    assert [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "v"] == [
        "667 (33,4%)", "1.333 (66,7%)"]


def test_text_is_escaped_and_long_labels_wrap() -> None:
    svg = charts.bars("x", 'A <b>"judul"</b>', "d & e", [("Label " * 20 + "<akhir>", 5)])
    root = ET.fromstring(str(svg))
    assert root.find(f"{SVG}title").text == 'A <b>"judul"</b>'
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert texts[-1] == "5 (100,0%)"
    labels = texts[:-1]
    assert len(labels) > 1 and labels[-1].endswith("<akhir>")
    assert all(len(line) * charts.FONT * charts.CHAR <= 360 for line in labels)


def test_empty_values_do_not_divide_by_zero() -> None:
    root = ET.fromstring(str(charts.paired_bars("z", "t", "d", [("a", 0, None)])))
    assert _bars(root, "s1") == [0]
    assert _bars(root, "s2") == []


def test_default_chart_colours_meet_wcag_non_text_contrast() -> None:
    from sitefiles import REPO

    from satudesa.colors import contrast

    css = (REPO / "satudesa/themes/default/static/style.css").read_text()
    colours = re.findall(r"--(chart-[\w-]+):(#[0-9a-f]{6})", css)
    assert {"chart-1", "chart-2", "chart-ink"} <= {name for name, _ in colours}
    for name, colour in colours:
        # bars are graphics (WCAG 1.4.11: 3:1); the ink is text (1.4.3: 4.5:1)
        assert contrast(colour, "#ffffff") >= (4.5 if name == "chart-ink" else 3.0), name


def test_coordinates_are_written_with_at_most_one_decimal(client) -> None:
    """The legend placed its second key at x="97.24000000000001": float noise in the
    HTML a phone downloads. Every number in every chart is rounded to 0.1."""
    for url in ("/contoh/apbdes/2026/", "/contoh/apbdes/", "/contoh/statistik/"):
        html = client.get(url).get_data(as_text=True)
        for svg in _svgs(html).values():
            for node in svg.iter():
                for name in ("x", "y", "width", "height", "viewBox"):
                    for number in (node.get(name) or "").removesuffix("%").split():
                        assert re.fullmatch(r"-?\d+(\.\d)?", number), (url, name, number)
