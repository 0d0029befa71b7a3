"""One output of a site: a :class:`Route` per URL, collected in a route table."""

from __future__ import annotations

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
