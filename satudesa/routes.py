"""What a village site publishes: one :class:`Route` per output URL.

The route table is built from the loaded model only. Views look a URL up here
and the freezer walks the whole table, so preview and build publish the same
set of pages by construction.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .content import slugify
from .model import Page, Site, VillageSite

PER_PAGE = 10


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
# A section builder adds its routes for one village to the table.
SectionBuilder = Callable[[Site, VillageSite, RouteTable], None]


def add(table: RouteTable, route: Route) -> None:
    """Add a route; the first source to claim a URL keeps it (the loader reports clashes)."""
    table.setdefault(route.url, route)


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


def _home(site: Site, vs: VillageSite, table: RouteTable) -> None:
    add(table, Route("", "home.html", title="Beranda", sources=tuple(
        p for kind in ("berita", "pengumuman", "layanan", "agenda") for p in vs.of(kind))))


def _halaman(site: Site, vs: VillageSite, table: RouteTable) -> None:
    for page in vs.of("halaman"):
        add(table, Route(page.url, "page.html", {"page": page}, title=page.title,
                         sources=(page,)))


def _berita(site: Site, vs: VillageSite, table: RouteTable) -> None:
    posts = vs.of("berita")
    paginate(table, "berita/", posts, "berita_list.html", "Berita")
    tags: dict[str, list[Page]] = defaultdict(list)
    years: dict[int, list[Page]] = defaultdict(list)
    for index, post in enumerate(posts):
        newer = posts[index - 1] if index > 0 else None
        older = posts[index + 1] if index + 1 < len(posts) else None
        add(table, Route(post.url, "berita.html", {"page": post, "newer": newer,
                                                   "older": older},
                         title=post.title, sources=(post,)))
        for tag in post.tags:
            tags[slugify(tag)].append(post)
        if post.date:
            years[post.date.year].append(post)
    for tag, tagged in sorted(tags.items()):
        label = tagged[0].tags[[slugify(t) for t in tagged[0].tags].index(tag)]
        paginate(table, f"berita/tag/{tag}/", tagged, "berita_list.html",
                 f"Berita bertopik “{label}”", tag=label)
    for year, posts_of_year in sorted(years.items(), reverse=True):
        paginate(table, f"berita/arsip/{year}/", posts_of_year, "berita_list.html",
                 f"Arsip berita {year}", year=year)


def _pengumuman(site: Site, vs: VillageSite, table: RouteTable) -> None:
    items = vs.of("pengumuman")
    current = [p for p in items if is_valid(p, site)]
    add(table, Route("pengumuman/", "pengumuman_list.html", {"items": current},
                     title="Pengumuman", sources=tuple(items)))
    for page in items:
        add(table, Route(page.url, "pengumuman.html",
                         {"page": page, "expired": not is_valid(page, site)},
                         title=page.title, sources=(page,)))


def _layanan(site: Site, vs: VillageSite, table: RouteTable) -> None:
    items = vs.of("layanan")
    add(table, Route("layanan/", "layanan_list.html", {"items": items}, title="Layanan",
                     sources=tuple(items)))
    for page in items:
        add(table, Route(page.url, "layanan.html", {"page": page}, title=page.title,
                         sources=(page,)))


def _kontak(site: Site, vs: VillageSite, table: RouteTable) -> None:
    add(table, Route("kontak/", "kontak.html", {"page": vs.intros.get("kontak")},
                     title="Kontak dan Pengaduan"))


def _not_found(site: Site, vs: VillageSite, table: RouteTable) -> None:
    add(table, Route("404.html", "404.html", title="Halaman tidak ditemukan",
                     absolute_links=True, in_sitemap=False))


def _assets(site: Site, vs: VillageSite, table: RouteTable) -> None:
    for url, path in sorted(vs.assets.items()):
        add(table, Route(url, file=path, in_sitemap=False))


def is_valid(page: Page, site: Site) -> bool:
    """An announcement still in force (no ``berlaku_sampai`` or not yet passed)."""
    until = page.get("berlaku_sampai")
    return until is None or until >= site.today


# Order matters only for clashes: earlier builders win a URL.
SECTIONS: list[SectionBuilder] = [
    _home, _berita, _pengumuman, _layanan, _kontak, _halaman, _not_found, _assets,
]


def village_routes(site: Site, vs: VillageSite) -> RouteTable:
    """Every output of one village, keyed by URL."""
    table: RouteTable = {}
    for build in SECTIONS:
        build(site, vs, table)
    return table


def portal_routes(site: Site) -> RouteTable:
    """The regency portal at the root of ``build/``."""
    table: RouteTable = {}
    add(table, Route("", "portal.html", title=site.title))
    add(table, Route("404.html", "portal_404.html", title="Halaman tidak ditemukan",
                     absolute_links=True, in_sitemap=False))
    return table
