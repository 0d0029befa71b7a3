"""Markdown to safe HTML: cmark-gfm renders, nh3 sanitises with an allow-list.

Why cmark-gfm and not Python-Markdown: measured per file on the benchmark
corpus, Python-Markdown costs ~1.2 ms and cmark-gfm ~0.04 ms (see
docs/internals.md and ``bench/markdown_engines.py``). Raw HTML is let through
the parser on purpose and then cleaned by nh3, so harmless markup pasted from
Word survives while scripts, event handlers and ``javascript:`` URLs do not.
"""

from __future__ import annotations

import html as htmllib
import re
import threading
from collections.abc import Callable
from typing import Any

import nh3
from cmarkgfm.cmark import Options

from satudesa.load import cmark

EXTENSIONS = ["table", "autolink", "strikethrough"]
OPTIONS = Options.CMARK_OPT_UNSAFE | Options.CMARK_OPT_SMART

TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "dl", "dt",
    "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins",
    "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "small", "span", "strong", "sub", "sup",
    "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
}
ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "ol": {"start"},
    "abbr": {"title"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
# Removed together with their content, not just unwrapped.
DROP_WITH_CONTENT = {"script", "style", "iframe", "object", "embed", "noscript", "template",
                     "svg", "math", "textarea", "select", "title"}

# html5ever (inside nh3) spends time on the square of the nesting depth: 20,000 nested
# quotes ('>' * 20000, 20 KB of Markdown) take 3 s, the 1 MB a file may hold would take
# hours. Deeper bodies are refused before they reach it (see TooDeep).
MAX_DEPTH = 100
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)")
# Elements that never nest in their own kind (void, or closed by the next sibling).
_FLAT = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody", "tfoot",
    "option", "optgroup", "colgroup", "caption", "rb", "rt", "rp",
})
_HEADING = re.compile(r"<(/?)h([1-6])\b")
_TABLE = re.compile("<table>")

# (tag, attribute, value) -> new value or None to drop the attribute
UrlRewriter = Callable[[str, str, str], str | None]
# (tag, value): a link or image address nh3 will drop for its scheme
Refused = Callable[[str, str], None]
# Link and image addresses as cmark writes them (always double-quoted).
_URL_ATTR = re.compile(r'<(a|img)\s[^>]*?\b(?:href|src)="([^"]*)"')
# A scheme as nh3 (ammonia) reads one: 'C:\\berkas.pdf' has the scheme 'c'.
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):")


class TooDeep(ValueError):
    """A body whose quotes, lists or HTML tags nest deeper than :data:`MAX_DEPTH`."""


class _Rewriters(threading.local):
    """The rewriter of the render under way in this thread (None: keep values)."""

    current: UrlRewriter | None = None


_rewriters = _Rewriters()


def _filter(tag: str, attr: str, value: str) -> str | None:
    """nh3's attribute filter: hand each kept attribute to this thread's rewriter.

    Fails closed: nh3 would print an exception raised here and keep the
    attribute's original value (``urlsplit("//[x")`` raises), so a value the
    rewriter cannot handle is dropped instead.
    """
    rewrite = _rewriters.current
    if rewrite is None:
        return value
    try:
        return rewrite(tag, attr, value)
    except Exception:  # noqa: BLE001 - whatever went wrong, the value is not published
        return None


# Built once: nh3.clean() would build the same sanitiser again on every call.
_SETTINGS: dict[str, Any] = {
    "tags": TAGS, "attributes": ATTRIBUTES, "url_schemes": URL_SCHEMES,
    "clean_content_tags": DROP_WITH_CONTENT, "link_rel": None, "strip_comments": True,
}
_PLAIN = nh3.Cleaner(**_SETTINGS)
_REWRITING = nh3.Cleaner(attribute_filter=_filter, **_SETTINGS)


def render_markdown(source: str, rewrite: UrlRewriter | None = None,
                    refused: Refused | None = None) -> str:
    """Render officer Markdown to sanitised HTML.

    Headings are renumbered from ``<h2>`` without gaps (the page title is the
    only ``<h1>``), and tables are wrapped so they scroll inside the page.
    ``rewrite`` sees every attribute the allow-list keeps, as ``attribute_filter``;
    ``refused`` hears of each link or image address nh3 drops for its scheme
    (``file:``, ``C:\\…``, ``javascript:``), which ``rewrite`` never sees.
    Raises :class:`TooDeep` for a body nested deeper than :data:`MAX_DEPTH`.
    """
    html = cmark.markdown_to_html(source, OPTIONS, EXTENSIONS)
    _check_depth(html)
    if refused is not None and ":" in html:
        for match in _URL_ATTR.finditer(html):
            value = htmllib.unescape(match.group(2))
            scheme = _SCHEME.match(value)
            if scheme and scheme.group(1).lower() not in URL_SCHEMES:
                refused(match.group(1), value)
    html = _shift_headings(html)
    if rewrite is None:
        clean = _PLAIN.clean(html)
    else:
        outer, _rewriters.current = _rewriters.current, rewrite
        try:
            clean = _REWRITING.clean(html)
        finally:
            _rewriters.current = outer
    return _wrap_tables(clean)


def _check_depth(html: str) -> None:
    """Raise :class:`TooDeep` when elements nest deeper than :data:`MAX_DEPTH` (linear)."""
    if html.count("<") <= MAX_DEPTH:
        return  # too few tags to nest that deep: the common case, cheap
    depth = 0
    for match in _TAG.finditer(html):
        if match.group(2).lower() in _FLAT:
            continue
        depth = depth - 1 if match.group(1) else depth + 1
        if depth > MAX_DEPTH:
            raise TooDeep(f"nested deeper than {MAX_DEPTH} elements")
        depth = max(depth, 0)


def _wrap_tables(html: str) -> str:
    """Let wide tables scroll inside the page; the scrolling box is keyboard-reachable
    and named (numbered: two regions may not share a name)."""
    count = iter(range(1, html.count("<table>") + 1))
    html = _TABLE.sub(lambda _: f'<div class="table-wrap" tabindex="0" role="region" '
                  f'aria-label="Tabel {next(count)}"><table>', html)
    return html.replace("</table>", "</table></div>")


def _shift_headings(html: str) -> str:
    """Map the heading levels used, in order, onto h2, h3, …: no level is skipped."""
    levels = sorted({int(m.group(2)) for m in _HEADING.finditer(html) if not m.group(1)})
    target = {level: min(6, 2 + index) for index, level in enumerate(levels)}
    if all(level == new for level, new in target.items()):
        return html
    return _HEADING.sub(lambda m: f"<{m.group(1)}h{target.get(int(m.group(2)), 6)}", html)
