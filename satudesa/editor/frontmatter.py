"""Reading and rewriting a content file's front matter without disturbing the rest.

The editor changes only what the officer changed. ``edit`` splices new text
over the exact characters of each changed key (positions from PyYAML's own
parse, after :func:`satudesa.yamlsafe.load_yaml` has accepted the document), so
comments, key order, the quoting of untouched keys, a byte-order mark and CRLF
line endings stay as they were, and an unchanged file comes back byte for byte.
Every value is written by PyYAML's emitter in double quotes where it is text,
so a newline or a ``:`` in a title can never start a key of its own; the result
is parsed again and compared with what was asked before it is returned.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from typing import Any

import yaml

from ..inputs.yamlsafe import YamlProblem, load_yaml

__all__ = ["FrontMatterError", "YamlProblem", "edit", "new_document", "split"]

# As content.FRONT_MATTER, on the text as stored: an optional byte-order mark and
# CRLF or LF line endings (the loader reads files with both normalised away).
_FRONT = re.compile(r"\A(\ufeff?)---[ \t]*\r?\n(.*?\r?\n)?---[ \t]*(\r?\n|\Z)", re.S)
_LONE_CR = re.compile(r"\r(?!\n)")
_LEADING_BREAKS = re.compile(r"\A(?:\r?\n)+")
MAX_OPENERS = 5_000
KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*\Z")
_Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class FrontMatterError(ValueError):
    """A change that cannot be written safely (a bad key or an unsupported value)."""


def split(text: str) -> tuple[dict[str, Any], str]:
    """The front-matter values and the body (leading blank lines dropped, LF endings).

    :raise YamlProblem: when the front matter is not valid YAML or not a mapping;
        its ``line`` counts from the top of the file.
    """
    if _LONE_CR.search(text):  # old Mac line endings: read as the loader reads them
        text = _no_lone_cr(text)
    match = _FRONT.match(text)
    if not match:
        return {}, _lf(text.removeprefix("\ufeff"))
    values = _values(match.group(2) or "")
    return values, _lf(_LEADING_BREAKS.sub("", text[match.end():]))


def new_document(values: Mapping[str, Any], body: str) -> str:
    """A new content file: front matter with ``values`` in order, a blank line, ``body``."""
    entries = "".join(_entry(key, value, None, "\n") + "\n"
                      for key, value in values.items() if value is not None)
    for key in values:
        _check_key(key)
    text = f"---\n{entries}---\n\n{_with_final_break(_lf(body))}"
    _verify(text, {key: value for key, value in values.items() if value is not None})
    return text


def edit(text: str, changes: Mapping[str, Any], body: str | None) -> str:
    """``text`` with the keys in ``changes`` rewritten and, unless None, the body replaced.

    A key whose value is None is removed (one already empty, ``image:``, is left
    as it is, so ``edit(text, split(text)[0], ...)`` changes nothing); a key not
    yet present is added at the end of the front matter; a key whose value is
    unchanged is left as written.
    ``body`` is compared with its line endings and final line breaks normalised
    (browsers send CRLF) and written with the file's own line endings and a
    final line break when it changed.

    :raise YamlProblem: when the existing front matter cannot be read.
    :raise FrontMatterError: for a key that is not a plain name or a value that
        is not text, a date, a number, a truth value or a list of those.
    """
    for key in changes:
        _check_key(key)
    if _LONE_CR.search(text):  # a lone CR ends a line for the loader: edit it as LF
        plain = _no_lone_cr(text)
        result = edit(plain, changes, body)
        return text if result == plain else result
    match = _FRONT.match(text)
    if not match:
        return _add_front_matter(text, changes, body)
    first_line_end = text.index("\n", match.start()) + 1
    newline = "\r\n" if text[first_line_end - 2] == "\r" else "\n"
    front = match.group(2) or ""
    old = _values(front)
    wanted = {key: value for key, value in changes.items()
              if not (old.get(key) is None if value is None else _same(old.get(key), value))}
    new_front = _rewrite(front, wanted, newline) if wanted else front
    head = text[:first_line_end] + new_front + text[first_line_end + len(front):match.end()]
    rest = text[match.end():]
    if body is not None:
        breaks = _LEADING_BREAKS.match(rest)
        separator = breaks.group(0) if breaks else ""
        if not _same_body(body, rest[len(separator):]):
            if not match.group(3):  # the file ended right after the closing '---'
                head += newline
            rest = (separator or newline) + _endings(_with_final_break(_lf(body)), newline)
    result = head + rest
    if result != text:
        expected = {**old, **wanted}
        _verify(result, {key: value for key, value in expected.items()
                         if value is not None or key not in wanted})
    return result


def _values(front: str) -> dict[str, Any]:
    if front.count("[") + front.count("{") + front.count("- ") > MAX_OPENERS:
        # libyaml's parser overflows the C stack on ~50,000 nested '[' and takes the
        # whole editor with it; no real front matter comes anywhere near this
        raise YamlProblem("bagian depan berkas terlalu rumit (terlalu banyak '[', '{' atau "
                          "'- ')", "sederhanakan isian; ubah berkas ini dengan penyunting teks",
                          2)
    data, _ = load_yaml(front, line_offset=1)
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise YamlProblem("bagian depan berkas (di antara dua '---') harus berisi "
                          "pasangan kunci: nilai", "tulis setiap isian sebagai 'kunci: nilai'", 2)
    return data


def _no_lone_cr(text: str) -> str:
    """CR-only line endings as LF, CRLF kept (``sources.read_text`` turns both into LF)."""
    return _LONE_CR.sub("\n", text)


def _lf(text: str) -> str:
    return text.replace("\r\n", "\n")


def _same_body(new: str, old: str) -> bool:
    """Equal bodies up to line endings and final line breaks (a form may drop the last)."""
    return _lf(new).rstrip("\n") == _lf(old).rstrip("\n")


def _endings(text: str, newline: str) -> str:
    return text if newline == "\n" else text.replace("\n", newline)


def _with_final_break(text: str) -> str:
    return text if not text or text.endswith("\n") else text + "\n"


def _check_key(key: object) -> None:
    if not isinstance(key, str) or not KEY.match(key):
        raise FrontMatterError(f"nama isian tidak sah: {key!r}")


def _same(old: Any, new: Any) -> bool:
    """Equal values of the same types (``True == 1`` and a date equal to nothing else)."""
    if isinstance(old, list) and isinstance(new, tuple):
        new = list(new)
    if type(old) is not type(new):
        return False
    if isinstance(old, list):
        return len(old) == len(new) and all(_same(a, b) for a, b in zip(old, new, strict=True))
    if isinstance(old, dict):
        return old.keys() == new.keys() and all(_same(old[k], new[k]) for k in old)
    return bool(old == new)


def _add_front_matter(text: str, changes: Mapping[str, Any], body: str | None) -> str:
    """A file with no front matter: one is added when there is anything to put in it."""
    values = {key: value for key, value in changes.items() if value is not None}
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    old_body = text[len(bom):]
    newline = "\r\n" if "\r\n" in text else "\n"
    if body is None or _same_body(body, old_body):
        new_body = old_body
    else:
        new_body = _endings(_with_final_break(_lf(body)), newline)
    if not values:
        return bom + new_body
    entries = "".join(_entry(key, value, None, newline) + newline
                      for key, value in values.items())
    result = f"{bom}---{newline}{entries}---{newline}{newline}{new_body}"
    _verify(result, values)
    return result


# -- rewriting -------------------------------------------------------------------------

def _rewrite(front: str, wanted: Mapping[str, Any], newline: str) -> str:
    """``front`` with each key in ``wanted`` replaced, removed or appended."""
    root = yaml.compose(front, Loader=_Loader) if front.strip() else None
    pairs: dict[str, tuple[yaml.Node, yaml.Node]] = {}
    if root is not None:
        if not isinstance(root, yaml.MappingNode) or root.flow_style:
            raise FrontMatterError("bagian depan ditulis sebagai {…}; ubah berkas ini dengan "
                                   "penyunting teks")
        for key, value in root.value:
            if isinstance(key, yaml.ScalarNode) and key.tag != "tag:yaml.org,2002:merge":
                pairs[key.value] = (key, value)
    edits: list[tuple[int, int, str]] = []  # (start, end, new text), in front's indices
    appended: list[str] = []
    for name, value in wanted.items():
        if name not in pairs:
            if value is not None:
                appended.append(_entry(name, value, None, newline) + newline)
            continue
        key_node, value_node = pairs[name]
        start = front.rfind("\n", 0, key_node.start_mark.index) + 1
        if front[start:key_node.start_mark.index].strip():
            raise FrontMatterError(f"isian '{name}' tidak diawali di baris sendiri; ubah berkas "
                                   "ini dengan penyunting teks")
        end, multiline = _value_end(front, key_node, value_node)
        if value is None:  # remove the whole lines, with any comment after the value
            line_end = front.find("\n", end)
            edits.append((start, len(front) if line_end < 0 else line_end + 1, ""))
            continue
        indent = front[start:key_node.start_mark.index]
        text = _entry(name, value, value_node, newline, indent)
        if multiline:  # the value's last line goes, its comment too
            line_end = front.find("\n", end)
            end = len(front) if line_end < 0 else line_end
            if end > 0 and front[end - 1] == "\r":
                end -= 1
        edits.append((start + len(indent), end, text))
    out = front
    for start, end, text in sorted(edits, reverse=True):
        out = out[:start] + text + out[end:]
    if appended:
        if out and not out.endswith("\n"):
            out += newline
        out += "".join(appended)
    return out


def _value_end(front: str, key: yaml.Node, value: yaml.Node) -> tuple[int, bool]:
    """Where the value's own text ends, and whether it runs past the key's line.

    A block value's end mark is the start of the next key: the blank lines and
    the comments written at the key's level before it belong to what follows.
    """
    end = value.end_mark.index
    key_line_end = front.find("\n", key.start_mark.index)
    if key_line_end < 0 or end <= key_line_end:
        return end, False
    column = key.start_mark.column
    body = front[:end]
    lines = body.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    first = front.count("\n", 0, key.start_mark.index)
    while len(lines) - 1 > first:
        line = lines[-1].rstrip("\r")
        stripped = line.lstrip(" ")
        if stripped and not (stripped.startswith("#") and len(line) - len(stripped) <= column):
            break
        lines.pop()
    if len(lines) - 1 == first:  # only the key's own line is left
        return len("\n".join(lines)), False
    return len("\n".join(lines)), True


def _entry(name: str, value: Any, old: yaml.Node | None, newline: str,
           indent: str = "") -> str:
    """``name: value`` as YAML, with no line break after it."""
    if isinstance(value, list | tuple):
        items = [_scalar(item) for item in value]
        if old is None:  # a new key: short lists on one line, as in tags: [a, b]
            flow = len(", ".join(items)) <= 60
        else:
            flow = isinstance(old, yaml.SequenceNode) and old.flow_style
        if flow or not items:
            return f"{name}: [{', '.join(items)}]"
        return f"{name}:" + "".join(f"{newline}{indent}  - {item}" for item in items)
    return f"{name}: {_scalar(value)}"


def _scalar(value: Any) -> str:
    """One value on one line: text always double-quoted, escapes for every break."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise FrontMatterError(f"angka tidak sah: {value!r}")
        return repr(value)
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        text = yaml.dump(value, Dumper=yaml.SafeDumper, default_style='"', allow_unicode=True,
                         width=2**31 - 1)
        text = text.removesuffix("\n")
        if "\n" in text or "\r" in text:  # pragma: no cover - PyYAML escapes them
            raise FrontMatterError("nilai memuat baris baru")
        return text
    raise FrontMatterError(f"jenis nilai tidak didukung: {type(value).__name__}")


def _verify(text: str, expected: Mapping[str, Any]) -> None:
    """Parse ``text`` again: the keys and every value must read back exactly as intended."""
    values, _ = split(text)
    if values.keys() != expected.keys() or not all(
            _same(values[key], _plain(expected[key])) for key in expected):
        raise FrontMatterError("perubahan tidak dapat ditulis dengan aman")


def _plain(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value
