"""Clipboard HTML from Word or Google Docs to clean Markdown.

Three steps. First the tells of each word processor are turned into plain HTML
while their styles are still there: Word's list paragraphs (``mso-list``) become
``<ul>``/``<ol>``, Google Docs' ``font-weight:700`` and ``font-style:italic``
spans become ``<strong>`` and ``<em>``, and Docs' wrapping ``<b id="docs-internal-
guid-…">`` is unwrapped. Then nh3 keeps only structure (headings, paragraphs,
emphasis, lists, links, tables) and drops styles, classes, spans, ``<o:p>``,
comments and Word's ``<xml>`` and ``<style>`` blocks with their content. Last,
markdownify writes the Markdown. What comes out is rendered later by the site's
own renderer and sanitiser, like any Markdown an officer types.
"""

from __future__ import annotations

import re
import warnings

import nh3
from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning, NavigableString, Tag
from markdownify import MarkdownConverter

MAX_HTML = 2_000_000  # characters; a long Word report is ~300 KB of clipboard HTML

_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "br", "hr", "strong", "b", "em", "i",
         "ul", "ol", "li", "a", "table", "thead", "tbody", "tfoot", "tr", "th", "td",
         "blockquote", "pre", "code", "sub", "sup"}
_CLEANER = nh3.Cleaner(
    tags=_TAGS, attributes={"a": {"href"}}, url_schemes={"http", "https", "mailto"},
    clean_content_tags={"script", "style", "xml", "head", "title", "template", "noscript",
                        "textarea", "select", "object", "iframe", "svg", "math"},
    link_rel=None, strip_comments=True)
# Word's hidden list marker: <![if !supportLists]>1.<span>&nbsp;</span><![endif]>
_WORD_MARKER = re.compile(r"<!\[if !supportLists\]>(.*?)<!\[endif\]>", re.S | re.I)
_CONDITIONAL = re.compile(r"<!--\[if.*?<!\[endif\]-->|<!\[if[^>]*>|<!\[endif\]>", re.S | re.I)
_ORDERED = re.compile(r"^\(?([0-9]+|[a-z]|[ivxlc]+)[.)]", re.I)
_LEVEL = re.compile(r"level(\d+)")
_BOLD = re.compile(r"font-weight\s*:\s*(bold|[6-9]00)", re.I)
_ITALIC = re.compile(r"font-style\s*:\s*italic", re.I)
_HEADING_CLASS = {"msotitle": "h1", "msosubtitle": "h2"}
_MARKER_TAG = "satudesa-penanda"
_SPACES = re.compile(r"[ \t\r\n]+")


class PasteError(ValueError):
    """Clipboard HTML that is not converted (too large); the message is in Indonesian."""


def html_to_markdown(html: str) -> str:
    """Clean Markdown from clipboard HTML (Word, Google Docs, LibreOffice, web pages).

    :raise PasteError: when the HTML is larger than ``MAX_HTML`` characters.
    """
    if len(html) > MAX_HTML:
        raise PasteError("teks yang ditempel terlalu panjang; tempel per bagian")
    html = _WORD_MARKER.sub(lambda m: f"<{_MARKER_TAG}>{_marker_text(m.group(1))}"
                            f"</{_MARKER_TAG}>", html)
    html = _CONDITIONAL.sub("", html)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        soup = BeautifulSoup(html, "html.parser")
        _word_lists(soup)
        _styles_to_tags(soup)
        _whitespace(soup)
        _table_headers(soup)
        cleaned = _CLEANER.clean(str(soup))
        markdown = MarkdownConverter(heading_style="ATX", bullets="-", strong_em_symbol="*",
                                     table_infer_header=True, escape_misc=False,
                                     newline_style="BACKSLASH").convert(cleaned)
    return _tidy(markdown)


def _marker_text(raw: str) -> str:
    text = re.sub(r"<[^>]*>", "", raw).replace("&nbsp;", " ").replace("\xa0", " ")
    return re.sub(r"&[a-z]+;|&#\d+;", "", text).strip()


def _styles_to_tags(soup: BeautifulSoup) -> None:
    """Docs' wrapper unwrapped; bold and italic spans become tags; Word titles headings."""
    for wrapper in soup.find_all("b", id=re.compile(r"^docs-internal-guid")):
        wrapper.unwrap()
    for element in soup.find_all(True):
        classes = [c.lower() for c in element.get("class") or []]
        for name, heading in _HEADING_CLASS.items():
            if element.name == "p" and name in classes:
                element.name = heading
        if element.name != "span":
            continue
        style = element.get("style") or ""
        if element.find_parent(["h1", "h2", "h3", "h4", "h5", "h6"]):
            continue
        if _ITALIC.search(style):
            element.wrap(soup.new_tag("em"))
        if _BOLD.search(style):
            element.wrap(soup.new_tag("strong"))


_TEXT_PARENTS = {"p", "li", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "a", "strong",
                 "b", "em", "i", "span", "font", "u", "sub", "sup", "blockquote", "dd", "dt"}


def _whitespace(soup: BeautifulSoup) -> None:
    """HTML's line wrapping collapsed to spaces; stray ``<br>`` between blocks dropped."""
    for text in soup.find_all(string=True):
        if isinstance(text, NavigableString) and type(text) is NavigableString and not (
                text.find_parent(["pre", "code"])):
            collapsed = _SPACES.sub(" ", str(text))
            if collapsed != text:
                text.replace_with(collapsed)
    for br in soup.find_all("br"):
        if br.parent is None or br.parent.name not in _TEXT_PARENTS:
            br.decompose()


def _table_headers(soup: BeautifulSoup) -> None:
    """The first row becomes the Markdown header: its bold is already said."""
    for table in soup.find_all("table"):
        row = table.find("tr")
        if row is not None:
            for bold in row.find_all(["b", "strong"]):
                bold.unwrap()


def _word_lists(soup: BeautifulSoup) -> None:
    """Word writes lists as paragraphs styled ``mso-list``: make them real lists."""
    for paragraph in soup.find_all("p"):
        if paragraph.parent is None or not _is_word_item(paragraph):
            continue
        run = [paragraph]
        sibling = paragraph.find_next_sibling()
        while sibling is not None and sibling.name == "p" and _is_word_item(sibling):
            run.append(sibling)
            sibling = sibling.find_next_sibling()
        _build_list(soup, run)


def _is_word_item(element: Tag) -> bool:
    style = (element.get("style") or "").lower()
    return "mso-list:" in style and "mso-list:ignore" not in style.replace(" ", "") or bool(
        element.find(_MARKER_TAG))


def _build_list(soup: BeautifulSoup, run: list[Tag]) -> None:
    """Replace the paragraphs in ``run`` by nested ``<ul>``/``<ol>`` following their levels."""
    root: Tag | None = None
    stack: list[tuple[int, Tag]] = []  # (level, list element)
    for paragraph in run:
        marker = paragraph.find(_MARKER_TAG)
        marker_text = marker.get_text() if marker else ""
        if marker:
            marker.decompose()
        level_match = _LEVEL.search(paragraph.get("style") or "")
        level = int(level_match.group(1)) if level_match else 1
        kind = "ol" if _ORDERED.match(marker_text) else "ul"
        while stack and stack[-1][0] > level:
            stack.pop()
        if not stack or stack[-1][0] < level:
            new_list = soup.new_tag(kind)
            if stack:
                last_items = stack[-1][1].find_all("li", recursive=False)
                (last_items[-1] if last_items else stack[-1][1]).append(new_list)
            else:
                root = new_list
            stack.append((level, new_list))
        item = soup.new_tag("li")
        for child in list(paragraph.contents):
            item.append(child.extract())
        stack[-1][1].append(item)
    assert root is not None
    run[0].replace_with(root)
    for paragraph in run[1:]:
        paragraph.decompose()


def _tidy(markdown: str) -> str:
    """No-break spaces as spaces, no trailing blanks, no runs of empty lines, one final break."""
    lines = [line.replace("\xa0", " ").rstrip() for line in markdown.splitlines()
             if line.strip() != "\\"]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")
    return text + "\n" if text else ""
