"""The search page ``cari/``: Pagefind with JavaScript, an index of every page without."""

from __future__ import annotations

from satudesa.load.kinds import KINDS
from satudesa.load.model import Site, VillageSite
from satudesa.site.route import Route, RouteTable, add

# The sections that are not content kinds, and where they stand among the kinds.
_BUILT_IN = {"": "Beranda", "informasi-publik": "Informasi publik",
             "perangkat": "Perangkat desa", "apbdes": "APBDes", "statistik": "Statistik",
             "kontak": "Kontak"}
_ORDER = ("", "halaman", "layanan", "berita", "pengumuman", "agenda", "potensi", "dokumen",
          "informasi-publik", "perangkat", "apbdes", "statistik", "galeri", "kontak")


def section_labels() -> dict[str, str]:
    """Group headings of the no-JavaScript index, in order; a kind not in _ORDER comes
    just before "kontak"."""
    labels = {**_BUILT_IN, **{kind.name: kind.search or kind.label for kind in KINDS.values()}}
    return dict(sorted(labels.items(), key=lambda item: _ORDER.index(item[0])
                       if item[0] in _ORDER else len(_ORDER) - 1.5))


def page_index(table: RouteTable) -> list[tuple[str, list[tuple[str, str]]]]:
    """Every page a resident can read, as (section, [(title, url)]): search without JavaScript.

    Lists split over several pages (``…/page/2/``) are left out.
    """
    labels = section_labels()
    groups: dict[str, list[Route]] = {}
    for route in table.values():
        if not route.is_html or not route.in_sitemap or "/page/" in route.url:
            continue
        first = route.url.split("/")[0]
        key = first if first in labels else "halaman"
        groups.setdefault(key, []).append(route)
    order = list(labels)
    return [(labels[key],
             [(r.title, r.url) for r in sorted(routes, key=lambda r: (r.url.count("/"), r.url))])
            for key, routes in sorted(groups.items(), key=lambda kv: order.index(kv[0]))]


def add_search_route(site: Site, vs: VillageSite, table: RouteTable) -> None:
    """The ``cari/`` page: Pagefind with JavaScript, an index of every page without.

    Runs last among the section builders, so that every page is already in ``table``.
    """
    add(table, Route("cari/", "cari.html", {"index": page_index(table)}, title="Cari",
                     in_sitemap=False))
