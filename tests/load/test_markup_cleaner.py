"""The reused nh3 sanitiser gives what a fresh ``nh3.clean`` per call gave, rewriter included.

``render_markdown`` builds its sanitiser once and hands attributes to the
rewriter of the render under way in the calling thread. These tests pin that
to the reference (a fresh ``nh3.clean(..., attribute_filter=rewrite)`` per
call): the same output bytes and the same rewriter calls, in the same order.
"""

from __future__ import annotations

import string
import threading

import nh3
from hypothesis import given
from hypothesis import strategies as st
from test_properties import SETTINGS, SNIPPETS

from satudesa.load import cmark
from satudesa.load.markup import (
    ATTRIBUTES,
    DROP_WITH_CONTENT,
    EXTENSIONS,
    OPTIONS,
    TAGS,
    URL_SCHEMES,
    _shift_headings,
    _wrap_tables,
    render_markdown,
)

LINKS = ["[a](media/a.jpg)", "![b](media/b.png \"t\")", "[c](../layanan/x.md#y)",
         "[d](https://desa.id/?a=1&b=2)", "<a href='x\"y' title='&amp;&nbsp;<>'>e</a>",
         "<img src=drop.jpg alt=\"&quot;\" width=3>", "<abbr title=\"t\">f</abbr>",
         "| h |\n|---|\n| <td colspan=2 align=left>g |\n", "<ol start=3><li>h</ol>",
         "[i](<sp ace.pdf>)", "[j](%2e%2e/x)", "<a href=\"javascript:x\">k</a>"]
bodies = st.lists(st.one_of(st.sampled_from(SNIPPETS + LINKS),
                            st.text(string.printable, max_size=8)),
                  max_size=30).map("".join)


def reference(source: str, rewrite) -> str:
    """render_markdown as it was: a fresh nh3.clean per call."""
    html = _shift_headings(cmark.markdown_to_html(source, OPTIONS, EXTENSIONS))
    return _wrap_tables(nh3.clean(html, tags=TAGS, attributes=ATTRIBUTES,
                                  url_schemes=URL_SCHEMES, clean_content_tags=DROP_WITH_CONTENT,
                                  attribute_filter=rewrite, link_rel=None, strip_comments=True))


def recorder(calls: list[tuple[str, str, str]]):
    """A rewriter that records its calls, changes some values and drops others."""

    def rewrite(tag: str, attr: str, value: str) -> str | None:
        calls.append((tag, attr, value))
        if "drop" in value:
            return None
        if attr in ("href", "src"):
            return f"../{value}?\"&<>\u00a0"
        return value

    return rewrite


@SETTINGS
@given(body=bodies)
def test_same_output_and_same_rewriter_calls_as_a_fresh_clean(body: str) -> None:
    old_calls: list[tuple[str, str, str]] = []
    new_calls: list[tuple[str, str, str]] = []
    assert render_markdown(body, recorder(new_calls)) == reference(body, recorder(old_calls))
    assert new_calls == old_calls
    assert render_markdown(body) == reference(body, None)


def test_every_kept_attribute_reaches_the_rewriter_once_in_order() -> None:
    calls: list[tuple[str, str, str]] = []
    html = render_markdown("[a](x.md \"judul\") <img src=drop.jpg alt=foto onerror=y> "
                           "<a href=\"javascript:alert(1)\">b</a>", recorder(calls))
    assert calls == [("a", "href", "x.md"), ("a", "title", "judul"),
                     ("img", "src", "drop.jpg"), ("img", "alt", "foto")]
    assert html == ('<p><a href="../x.md?&quot;&amp;&lt;&gt;&nbsp;" title="judul">a</a> '
                    '<img alt="foto"> <a>b</a></p>\n')


def test_a_render_without_rewriter_keeps_values_even_inside_another_render() -> None:
    inner: list[str] = []

    def rewrite(tag: str, attr: str, value: str) -> str:
        inner.append(render_markdown("[x](y)"))  # a nested render has no rewriter
        return "z"

    assert render_markdown("[a](b)", rewrite) == '<p><a href="z">a</a></p>\n'
    assert inner == ['<p><a href="y">x</a></p>\n']
    assert render_markdown("[a](b)") == '<p><a href="b">a</a></p>\n'


def test_each_thread_uses_its_own_rewriter() -> None:
    """Two renders in two threads, overlapping: each sees only its own rewriter."""
    inside, overlapping = threading.Event(), threading.Event()
    results: dict[str, str] = {}

    def slow(tag: str, attr: str, value: str) -> str:
        if value == "1":  # pause until the other thread is inside its own render
            inside.set()
            overlapping.wait(10)
        return "lambat/" + value

    worker = threading.Thread(target=lambda: results.update(
        slow=render_markdown("[a](1) [b](2)", slow)))

    def fast(tag: str, attr: str, value: str) -> str:
        overlapping.set()
        worker.join(10)  # the worker finishes its render while this one is under way
        return "cepat/" + value

    worker.start()
    try:
        assert inside.wait(10)
        results["fast"] = render_markdown("[c](3)", fast)
    finally:
        overlapping.set()
        worker.join(10)
    results["plain"] = render_markdown("[d](4)")
    assert results == {
        "slow": '<p><a href="lambat/1">a</a> <a href="lambat/2">b</a></p>\n',
        "fast": '<p><a href="cepat/3">c</a></p>\n',
        "plain": '<p><a href="4">d</a></p>\n',
    }
