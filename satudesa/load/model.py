"""The loaded site: plain dataclasses that views and the freezer render from.

Nothing here reads files or imports Flask; :mod:`satudesa.content` fills
these in, and everything after loading only reads them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markupsafe import Markup

from satudesa.errors import Report
from satudesa.load.registry import Village


@dataclass
class Page:
    """One Markdown file of a village, validated and rendered to safe HTML.

    ``kind`` is the content folder it came from (``berita``, ``layanan`` …),
    ``url`` its village-relative address (``berita/panen-raya/``), ``fields``
    the validated keys beyond the generic ones (``persyaratan``, ``mulai`` …).
    ``body`` is sanitised HTML whose links are already relative to ``url``.
    """

    kind: str
    slug: str
    title: str
    url: str
    src_path: Path
    src_rel: str
    date: dt.datetime | None = None
    summary: str = ""
    author: str = ""
    tags: list[str] = field(default_factory=list)
    image: str = ""  # village-relative URL of the cover image, or ""
    weight: int = 0
    fields: dict[str, Any] = field(default_factory=dict)
    body: Markup = Markup("")
    source: str = ""  # Markdown body, kept until rendered
    body_line: int = 1

    def get(self, key: str, default: Any = None) -> Any:
        """A type-specific field, or ``default``."""
        return self.fields.get(key, default)


@dataclass
class VillageSite:
    """Everything one village publishes, loaded and checked.

    ``pages`` maps a content kind to its published pages in display order;
    ``assets`` maps an output URL to the source file copied there; ``data``
    holds the structured files (``perangkat``, ``apbdes`` …) by name.
    """

    village: Village
    root: Path
    pages: dict[str, list[Page]] = field(default_factory=dict)
    assets: dict[str, Path] = field(default_factory=dict)
    data: dict[str, Any] = field(default_factory=dict)
    intros: dict[str, Page] = field(default_factory=dict)  # halaman that introduce a section
    failed: bool = False
    scheduled: dt.datetime | None = None  # earliest future date held back (incremental builds)

    def of(self, kind: str) -> list[Page]:
        """Published pages of one kind (empty when there are none)."""
        return self.pages.get(kind, [])


@dataclass
class Site:
    """A site folder: portal settings, the registry and every village's content."""

    site_dir: Path
    settings: dict[str, Any]
    villages: dict[str, VillageSite]
    report: Report
    now: dt.datetime
    registry: dict[str, Village] = field(default_factory=dict)  # published villages
    unpublished: list[str] = field(default_factory=list)  # slugs with published: false

    @property
    def today(self) -> dt.date:
        """The build date (fixed by ``SATUDESA_NOW`` in tests)."""
        return self.now.date()

    @property
    def title(self) -> str:
        """Portal title."""
        return str(self.settings.get("title") or "Portal Desa")


def is_valid(page: Page, site: Site) -> bool:
    """An announcement still in force (no ``berlaku_sampai`` or not yet passed)."""
    until = page.get("berlaku_sampai")
    return until is None or until >= site.today
