"""Key tables for officers, generated from a schema: one source for the guide and the CLI.

``flask check --keys`` prints :func:`registry_table`; ``docs/panduan-operator.md``
holds the same text between :data:`BEGIN` and :data:`END`, rewritten by
``make docs-keys`` (``python -m satudesa.load.keydocs docs/panduan-operator.md``).
A test compares the two, so adding a key to the schema (with its ``doc`` and
``example``) and running ``make docs-keys`` is all it takes to document it.
"""

from __future__ import annotations

import sys
from pathlib import Path

from satudesa.inputs import schema as s
from satudesa.load.registry import SCHEMA

BEGIN = ("<!-- kunci-registri: dibuat dari satudesa/load/registry.py; "
         "perbarui dengan `make docs-keys` -->")
END = "<!-- akhir kunci-registri -->"
UNDOCUMENTED = "(belum dijelaskan)"


def key_rows(schema: s.Schema, prefix: str = "") -> list[tuple[str, bool, str, str]]:
    """(key, required, what it is for, example) for every key, nested keys after their parent."""
    rows: list[tuple[str, bool, str, str]] = []
    for name, field in schema.items():
        nested = field.convert if isinstance(field.convert, s.Nested) else None
        example = field.example
        if nested is not None and not example:
            example = f"lihat baris `{prefix}{name}.…` di bawah"
        elif example:
            example = f"`{example}`"
        rows.append((prefix + name, field.required, field.doc or UNDOCUMENTED, example))
        if nested is not None:
            rows += key_rows(nested.schema, f"{prefix}{name}.")
    return rows


def undocumented(schema: s.Schema, prefix: str = "") -> list[str]:
    """Keys that lack a ``doc`` or (plain keys) an ``example``."""
    missing = []
    for name, field in schema.items():
        nested = field.convert if isinstance(field.convert, s.Nested) else None
        if not field.doc or (nested is None and not field.example):
            missing.append(prefix + name)
        if nested is not None:
            missing += undocumented(nested.schema, f"{prefix}{name}.")
    return missing


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def key_table(schema: s.Schema) -> str:
    """A Markdown table of ``schema``'s keys, in Indonesian."""
    lines = ["| kunci | wajib | untuk apa | contoh |", "|---|---|---|---|"]
    for key, required, doc, example in key_rows(schema):
        lines.append(f"| `{key}` | {'ya' if required else 'tidak'} | {_cell(doc)} | "
                     f"{_cell(example)} |")
    return "\n".join(lines)


def registry_table() -> str:
    """The table of every ``villages/<slug>.yml`` key."""
    return key_table(SCHEMA)


def guide_table(text: str) -> str | None:
    """The table between the markers of a guide, or None when the markers are missing."""
    start, end = text.find(BEGIN), text.find(END)
    if start < 0 or end < start:
        return None
    return text[start + len(BEGIN):end].strip("\n")


def rewrite(path: Path) -> bool:
    """Put the current table between the markers of ``path``; True when the file changed."""
    text = path.read_text(encoding="utf-8")
    if guide_table(text) is None:
        raise SystemExit(f"{path}: penanda {BEGIN!r} dan {END!r} tidak ditemukan")
    start, end = text.index(BEGIN) + len(BEGIN), text.index(END)
    new = f"{text[:start]}\n{registry_table()}\n{text[end:]}"
    if new == text:
        return False
    path.write_text(new, encoding="utf-8")
    return True


def main(argv: list[str]) -> int:
    """``python -m satudesa.load.keydocs GUIDE.md``: rewrite the guide's registry key table."""
    for name in argv or ["docs/panduan-operator.md"]:
        changed = rewrite(Path(name))
        sys.stdout.write(f"{name}: {'diperbarui' if changed else 'sudah sesuai'}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
