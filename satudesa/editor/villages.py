"""The villages the editor works on: registry lookups and the ``published`` switch."""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import Report
from ..load.registry import SLUG_RE, Village, load_registry, read_village


def get_village(site_dir: Path, slug: str) -> Village | None:
    """The registered village ``slug`` (valid entry), or None."""
    if not SLUG_RE.fullmatch(slug):
        return None
    path = site_dir / "villages" / f"{slug}.yml"
    if path.is_symlink() or not path.is_file():
        return None
    return read_village(path, site_dir, Report())


def all_villages(site_dir: Path) -> list[Village]:
    """Every valid registered village, by name."""
    return sorted(load_registry(site_dir, Report()).values(), key=lambda v: v.name)


_PUBLISHED = re.compile(r"^published[ \t]*:[^\n#]*?(?=[ \t]*(#[^\n]*)?\r?$)", re.M)


def set_published(path: Path, value: bool) -> str:
    """The registry text with ``published`` set, every other byte kept."""
    data = path.read_bytes().decode("utf-8")
    word = "true" if value else "false"
    if _PUBLISHED.search(data):
        return _PUBLISHED.sub(f"published: {word}", data, count=1)
    newline = "\r\n" if "\r\n" in data else "\n"
    if data and not data.endswith("\n"):
        data += newline
    return data + f"published: {word}{newline}"
