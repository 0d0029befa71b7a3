"""Markdown rendering, sanitising and relative links."""

from __future__ import annotations

import pytest

from satudesa.links import relative
from satudesa.load.markup import MAX_DEPTH, TooDeep, render_markdown


def test_tables_lists_headings_links_images_survive() -> None:
    html = render_markdown("# Judul\n\n- satu\n- dua\n\n|a|b|\n|-|-|\n|1|2|\n\n"
                           "[lapor](https://www.lapor.go.id/) ![foto](media/a.jpg)")
    assert "<h2>Judul</h2>" in html
    assert "<li>satu</li>" in html
    assert ('<div class="table-wrap" tabindex="0" role="region" aria-label="Tabel 1"><table>'
            in html and "<td>2</td>" in html)
    assert '<a href="https://www.lapor.go.id/">lapor</a>' in html
    assert '<img src="media/a.jpg" alt="foto">' in html


def test_heading_levels_are_renumbered_without_gaps() -> None:
    html = render_markdown("### Satu\n\n##### Dua\n")
    assert html.split() == ["<h2>Satu</h2>", "<h3>Dua</h3>"]


@pytest.mark.parametrize("payload", [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))", "[x](JaVaScRiPt:alert(1))", "<iframe src=//evil></iframe>",
    "<a href=\"vbscript:msgbox(1)\">x</a>", "<svg onload=alert(1)>",
])
def test_dangerous_markup_is_removed(payload: str) -> None:
    html = render_markdown(payload).lower()
    for bad in ("<script", "onerror", "javascript:", "vbscript:", "<iframe", "<svg", "onload"):
        assert bad not in html


def test_rewriter_sees_only_safe_links() -> None:
    seen = []

    def rewrite(tag: str, attr: str, value: str) -> str:
        seen.append((tag, attr, value))
        return value

    render_markdown("[a](../layanan/sktm.md) [b](javascript:alert(1))", rewrite)
    assert ("a", "href", "../layanan/sktm.md") in seen
    assert all("javascript" not in value for _tag, _attr, value in seen)


@pytest.mark.parametrize(("here", "target", "expected"), [
    ("", "", "./"),
    ("", "berita/", "berita/"),
    ("berita/", "berita/panen/", "panen/"),
    ("berita/panen/", "berita/", "../"),
    ("berita/panen/", "layanan/sktm/", "../../layanan/sktm/"),
    ("berita/page/2/", "berita/", "../../"),
    ("kontak/", "media/peta.jpg", "../media/peta.jpg"),
    ("berita/panen/", "berita/panen/#komentar", "./#komentar"),
])
def test_relative(here: str, target: str, expected: str) -> None:
    assert relative(here, target) == expected


UNPARSABLE = "[a](//[x) ![b](http://[::1) <a href=\"//[y\">c</a> <img src=\"//[::2\" alt=\"d\">"


def test_a_value_the_rewriter_cannot_handle_is_dropped_silently(capfd) -> None:
    from urllib.parse import urlsplit

    def rewrite(tag: str, attr: str, value: str) -> str:
        if (tag, attr) in (("a", "href"), ("img", "src")):
            urlsplit(value)  # raises ValueError on '//[y'
            return "ok/"
        return value

    html = render_markdown(UNPARSABLE, rewrite)
    assert html == ('<p><a href="ok/">a</a> <img alt="b"> <a>c</a> <img alt="d"></p>\n')
    assert "[" not in html
    assert capfd.readouterr().err == ""


def test_any_rewriter_failure_drops_the_attribute(capfd) -> None:
    def broken(tag: str, attr: str, value: str) -> str:
        raise RuntimeError(value)

    html = render_markdown('<a href="https://desa.example.id/" title="t">x</a>', broken)
    assert html == "<p><a>x</a></p>\n"
    assert capfd.readouterr().err == ""


def test_nesting_is_bounded_before_the_sanitiser() -> None:
    """html5ever's time grows with the square of the depth: deep bodies never reach it."""
    assert render_markdown(">" * MAX_DEPTH + " kutipan").count("<blockquote>") == MAX_DEPTH
    for deep in (">" * (MAX_DEPTH + 1) + " x", "<div>" * 200_000,
                 "".join("  " * i + "- x\n" for i in range(MAX_DEPTH + 1))):
        with pytest.raises(TooDeep):
            render_markdown(deep)
    # Elements that close themselves do not nest, however many there are.
    pasted = "<p>paragraf" * 500 + "<br>" * 500 + "\n\n" + "- butir\n" * 500
    assert render_markdown(pasted).count("<li>") == 500
