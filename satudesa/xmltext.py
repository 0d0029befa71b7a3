"""Text that XML can hold: the characters XML 1.0 forbids, found and removed.

Word's Shift+Enter writes a vertical tab (``\\x0b``); one of them in a news
body made ``feed.xml`` not well-formed, and every feed reader refused the
whole feed. Officers' text is cleaned when it is read (with a warning, see
``sources.read_text``) and every XML output is cleaned again as it is written
(the Atom feed, the sitemaps, the SVG charts), so no path can miss it.
"""

from __future__ import annotations

import re

# XML 1.0 Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]
INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_clean(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot hold (a vertical tab becomes a space)."""
    if INVALID.search(text) is None:
        return text
    return INVALID.sub(lambda m: " " if m.group() in "\x0b\x0c" else "", text)


def first_invalid(text: str) -> int | None:
    """The index of the first character XML cannot hold, or None."""
    match = INVALID.search(text)
    return match.start() if match else None
