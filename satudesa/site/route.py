"""One output of a site: a :class:`Route` per URL, collected in a route table."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from satudesa.load.model import Page, Site, VillageSite


@dataclass
class Route:
    """One output: a template with its context, a file copied as is, or produced bytes."""

    url: str
    template: str | None = None
    context: dict[str, Any] = field(default_factory=dict)
    file: Path | None = None
    produce: Callable[[], bytes] | None = None
    title: str = ""
    sources: tuple[Page, ...] = ()  # the pages this output shows (for incremental builds)
    absolute_links: bool = False  # 404 pages are served at any depth
    in_sitemap: bool = True

    @property
    def dest(self) -> str:
        """The file this URL is written to, relative to the site root."""
        if self.url == "" or self.url.endswith("/"):
            return self.url + "index.html"
        return self.url

    @property
    def is_html(self) -> bool:
        """True for pages rendered from a template."""
        return self.template is not None


RouteTable = dict[str, Route]


def add(table: RouteTable, route: Route) -> None:
    """Add a route; the first source to claim a URL keeps it (the loader reports clashes)."""
    table.setdefault(route.url, route)


# A section builder adds its routes for one village to the table.
SectionBuilder = Callable[[Site, VillageSite, RouteTable], None]


PER_PAGE = 10



def paginate(table: RouteTable, base: str, items: list[Page], template: str, title: str,
             **context: Any) -> None:
    """List pages: ``base`` for page 1, ``base/page/N/`` after it."""
    pages = max(1, math.ceil(len(items) / PER_PAGE))
    for number in range(1, pages + 1):
        url = base if number == 1 else f"{base}page/{number}/"
        chunk = items[(number - 1) * PER_PAGE: number * PER_PAGE]
        prev_url = None if number == 1 else (base if number == 2 else f"{base}page/{number - 1}/")
        next_url = f"{base}page/{number + 1}/" if number < pages else None
        add(table, Route(url, template, {
            "items": chunk, "page_number": number, "page_count": pages,
            "prev_url": prev_url, "next_url": next_url, **context,
        }, title=title if number == 1 else f"{title} (halaman {number})", sources=tuple(chunk)))
