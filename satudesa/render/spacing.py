"""Whitespace between block elements of a rendered page, so no text runs together.

Templates are rendered with ``trim_blocks``, so ``<dt>Harga</dt><dd>Rp18.000</dd>``
comes out without a space. A browser still shows two lines, but a text extractor
such as Pagefind reads "HargaRp18.000": search excerpts glue words. One newline
after each closing block tag that is followed by another tag fixes it for every
template; the page looks the same.
"""

from __future__ import annotations

import re

BLOCKS = ("address", "article", "aside", "blockquote", "dd", "details", "div", "dl", "dt",
          "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header",
          "li", "main", "nav", "ol", "p", "section", "summary", "table", "td", "th", "tr",
          "ul", "caption", "thead", "tbody")
_CLOSE = re.compile(r"(</(?:" + "|".join(BLOCKS) + r")>)(?=<)")


def space_blocks(html: str) -> str:
    """Put a newline after every closing block tag directly followed by a tag."""
    return _CLOSE.sub("\\1\n", html)
