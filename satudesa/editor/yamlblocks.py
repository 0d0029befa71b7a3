"""Rewriting one top-level YAML key as a block, leaving every other line as written.

For the values the front-matter editor does not write (lists of mappings: galeri
photos, table rows): each row becomes one flow mapping with double-quoted text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
_FRONT = re.compile(r"\A(---[ \t]*\r?\n)(.*?)(^---[ \t]*(?:\r?\n|\Z))", re.S | re.M)


def scalar(value: str) -> str:
    """A cell as YAML: whole numbers and ISO dates plain, any other text double-quoted."""
    if re.fullmatch(r"-?[1-9]\d{0,17}|0", value) or ISO_DATE.match(value):
        return value
    return json.dumps(value, ensure_ascii=False)


def flow_list(key: str, rows: list[Mapping[str, str]], newline: str) -> str:
    """``key:`` and one ``- {a: x, b: y}`` line per row (empty cells left out)."""
    lines = [f"{key}:"]
    for row in rows:
        cells = [f"{column}: {scalar(value)}" for column, value in row.items() if value]
        lines.append("  - {" + ", ".join(cells) + "}")
    if len(lines) == 1:
        lines[0] += " []"
    return newline.join(lines) + newline


def replace_block(text: str, key: str, block: str) -> str:
    """``text`` with the top-level ``key`` and its indented lines replaced by ``block``.

    A missing key is appended; an empty ``block`` removes the key.
    """
    lines = text.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines)
                  if re.match(rf"{re.escape(key)}[ \t]*:", line)), None)
    if start is None:
        newline = "\r\n" if "\r\n" in text else "\n"
        if text and not text.endswith("\n"):
            text += newline
        return text + block
    end = start + 1
    last = start
    while end < len(lines):
        line = lines[end]
        if line.strip() == "" or line.lstrip().startswith("#"):
            end += 1
            continue
        if line[0] in " \t" or line.startswith("- "):
            last = end
            end += 1
            continue
        break
    return "".join(lines[:start]) + block + "".join(lines[last + 1:])


def replace_in_front_matter(text: str, key: str, block: str) -> str:
    """Like :func:`replace_block`, inside a Markdown file's front matter."""
    match = _FRONT.match(text)
    if not match:
        return text
    front = replace_block(match.group(2), key, block)
    return text[:match.start(2)] + front + text[match.end(2):]
