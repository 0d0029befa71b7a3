"""Markdown to safe HTML: cmark-gfm renders, nh3 sanitises with an allow-list.

Why cmark-gfm and not Python-Markdown: measured per file on the benchmark
corpus, Python-Markdown costs ~1.2 ms and cmark-gfm ~0.04 ms (see
docs/internals.md and ``bench/markdown_engines.py``). Raw HTML is let through
the parser on purpose and then cleaned by nh3, so harmless markup pasted from
Word survives while scripts, event handlers and ``javascript:`` URLs do not.

A build keeps what the sanitiser made of a body in the derived-output cache
(:mod:`satudesa.derived`), by the body and this code's version: the cleaned
HTML with a numbered slot for each attribute value, the attributes nh3 handed
to the filter and the addresses it dropped. The link rewriting is never
cached: a render, cached or not, replays every one of those calls to the
rewriter, in nh3's order, so the rewriter registers the same assets and reports
the same problems, and its values fill the slots, escaped as nh3 escapes them
(docs/scaling.md, "--force with a warm cache").
"""

from __future__ import annotations

import contextlib
import hashlib
import html as htmllib
import json
import os
import re
import threading
from collections.abc import Callable, Iterator
from typing import Any

import nh3
from cmarkgfm import _cmark
from cmarkgfm.cmark import Options

from satudesa import derived
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


@contextlib.contextmanager
def _rewriting(rewrite: UrlRewriter) -> Iterator[None]:
    """Make ``rewrite`` this thread's rewriter inside the block (renders may nest)."""
    outer, _rewriters.current = _rewriters.current, rewrite
    try:
        yield
    finally:
        _rewriters.current = outer


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


# Each attribute value nh3 filters is serialised as ' name="\x00<n>\x00"' in a recording.
# NUL never reaches nh3's output otherwise (cmark-gfm and html5ever replace it by U+FFFD);
# a recording that holds other NULs is not used (see _record).
_KIND = "markdown"  # the derived-output cache's folder
_code_key: str | None = None


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
    if rewrite is None:
        return _wrap_tables(_direct(source, None, refused))
    recording = _recording(source)
    if recording is None:  # not replayable: nh3 calls the rewriter itself
        return _wrap_tables(_direct(source, rewrite, refused))
    clean, calls, dropped = recording
    if refused is not None:
        for tag, value in dropped:
            refused(tag, value)
    return _wrap_tables(_replay(clean, calls, rewrite))


def _dropped(html: str) -> list[tuple[str, str]]:
    """The link and image addresses of cmark's ``html`` that nh3 drops for their scheme."""
    found: list[tuple[str, str]] = []
    if ":" in html:
        for match in _URL_ATTR.finditer(html):
            value = htmllib.unescape(match.group(2))
            scheme = _SCHEME.match(value)
            if scheme and scheme.group(1).lower() not in URL_SCHEMES:
                found.append((match.group(1), value))
    return found


def _prepared(source: str) -> tuple[str, list[tuple[str, str]]]:
    """cmark's HTML of ``source``, headings shifted, and the addresses nh3 will drop.

    Raises :class:`TooDeep` for a body nested deeper than :data:`MAX_DEPTH`.
    """
    html = cmark.markdown_to_html(source, OPTIONS, EXTENSIONS)
    _check_depth(html)
    return _shift_headings(html), _dropped(html)


def _direct(source: str, rewrite: UrlRewriter | None, refused: Refused | None) -> str:
    """The sanitised body (tables not wrapped), nh3 calling ``rewrite`` (if any) as it goes."""
    html, dropped = _prepared(source)
    if refused is not None:
        for tag, value in dropped:
            refused(tag, value)
    if rewrite is None:
        return _PLAIN.clean(html)
    with _rewriting(rewrite):
        return _REWRITING.clean(html)


Recording = tuple[str, list[tuple[str, str, str]], list[tuple[str, str]]]


def _recording(source: str) -> Recording | None:
    """What nh3 makes of ``source`` with every filtered value a slot, cached by content.

    None when the body cannot be replayed (a NUL nh3 kept, which no body yields).
    Raises :class:`TooDeep` as :func:`render_markdown` does; that is never cached.
    """
    name = derived.key(_KIND, code_key(), source) if derived.enabled() and code_key() \
        else None
    if name is not None:
        payload = derived.get(_KIND, name)
        found = None if payload is None else _parse(payload)
        if found is not None:
            return found  # else not ours after all: recorded again and stored over it
    html, dropped = _prepared(source)
    recorded = _record(html)
    if recorded is None:
        return None
    result = (*recorded, dropped)
    if name is not None:
        # The calls as ASCII JSON (no raw newline), a newline, then the HTML as it is.
        derived.put(_KIND, name, json.dumps([recorded[1], dropped]).encode() + b"\n"
                    + recorded[0].encode("utf-8", "surrogatepass"))
    return result


def _parse(payload: bytes) -> Recording | None:
    """A stored recording, or None when the entry is not one (the body is recorded again)."""
    head, newline, body = payload.partition(b"\n")
    try:
        calls, dropped = json.loads(head)
        clean = body.decode("utf-8", "surrogatepass")
    except (ValueError, TypeError):
        return None
    if not newline or not isinstance(calls, list) or not isinstance(dropped, list):
        return None
    found = ([tuple(c) for c in calls if isinstance(c, list) and len(c) == 3],
             [tuple(d) for d in dropped if isinstance(d, list) and len(d) == 2])
    if len(found[0]) != len(calls) or len(found[1]) != len(dropped) or any(
            type(v) is not str for c in (*found[0], *found[1]) for v in c) or \
            not _slots_ok(clean.split("\x00"), found[0]):
        return None
    return clean, found[0], found[1]  # type: ignore[return-value]


def _record(html: str) -> tuple[str, list[tuple[str, str, str]]] | None:
    """nh3's output for ``html`` with each attribute value it filters replaced by a slot.

    None unless the slots are exactly where :func:`_replay` expects them: each
    element's attributes a run of slots right after its name, closed by ``">``.
    """
    calls: list[tuple[str, str, str]] = []

    def slot(tag: str, attr: str, value: str) -> str:
        calls.append((tag, attr, value))
        return f"\x00{len(calls) - 1}\x00"

    with _rewriting(slot):
        clean = _REWRITING.clean(html)
    return (clean, calls) if _slots_ok(clean.split("\x00"), calls) else None


def _slots_ok(parts: list[str], calls: list[tuple[str, str, str]]) -> bool:
    """Whether ``parts`` (a recording split at NUL) hold the slots of ``calls`` as replayed."""
    if len(parts) != 2 * len(calls) + 1:
        return False
    for first, last in _elements(parts, calls):
        tag, attr = calls[first][0], calls[first][1]
        if (not parts[2 * first].endswith(f"<{tag} {attr}=\"")
                or not parts[2 * last + 2].startswith('">')
                or any(parts[2 * n + 1] != str(n) or calls[n][0] != tag
                       for n in range(first, last + 1))):
            return False
    return True


def _elements(parts: list[str], calls: list[tuple[str, str, str]]) -> list[tuple[int, int]]:
    """The slots of each element, first and last: consecutive slots joined by ``" name="``."""
    runs: list[tuple[int, int]] = []
    first = 0
    for number in range(len(calls)):
        if number + 1 < len(calls) and parts[2 * number + 2] == f'" {calls[number + 1][1]}="':
            continue
        runs.append((first, number))
        first = number + 1
    return runs


def _replay(clean: str, calls: list[tuple[str, str, str]], rewrite: UrlRewriter) -> str:
    """Hand ``calls`` to ``rewrite`` in order, as nh3 would, and fill the slots with its values.

    Each element's attributes are written as nh3 writes them after its filter:
    the values kept in order, except that dropping one moves the element's last
    attribute into its place (ammonia removes the dropped ones, last first, with
    ``Vec::swap_remove``).
    """
    if not calls:
        return clean
    with _rewriting(rewrite):
        values = [_filter(tag, attr, value) for tag, attr, value in calls]
    parts = clean.split("\x00")
    out: list[str] = []
    start = 0  # where the text not yet copied begins, in parts[2 * first]
    for first, last in _elements(parts, calls):
        before = parts[2 * first]
        out.append(before[start:len(before) - len(calls[first][1]) - 3])
        kept = [(calls[n][1], values[n]) for n in range(first, last + 1)]
        for index in reversed([i for i, (_name, value) in enumerate(kept) if value is None]):
            kept[index] = kept[-1]
            kept.pop()
        out.extend(f' {name}="{_escape_attribute(value)}"' for name, value in kept
                   if value is not None)
        start = 1  # the closing quote of the element's last slot
    out.append(parts[-1][start:])
    return "".join(out)


def _escape_attribute(value: str) -> str:
    """An attribute value as nh3 (html5ever) writes it: ``& < > "`` and no-break spaces."""
    if not any(c in value for c in '&<>"\u00a0'):
        return value
    return (value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("\u00a0", "&nbsp;"))


def code_key() -> str:
    """The version of what turns a body into a recording: this code, cmark-gfm's and nh3's.

    Empty when the sources cannot be read (an install without them): nothing is cached.
    """
    global _code_key
    if _code_key is None:
        h = hashlib.sha256()
        try:
            for module in (__file__, cmark.__file__):
                with open(module, "rb") as handle:
                    h.update(handle.read())
            h.update(repr((nh3.__version__,
                           _cmark.ffi.string(_cmark.lib.cmark_version_string()),
                           os.path.getsize(_cmark.__file__))).encode())
            _code_key = h.hexdigest()
        except OSError:
            _code_key = ""
    return _code_key


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
