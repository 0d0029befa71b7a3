"""The search page ``cari/``: Pagefind with JavaScript, an index of every page without."""

from __future__ import annotations

from satudesa.load.model import Site, VillageSite
from satudesa.site.route import Route, RouteTable, add

SECTION_LABELS = {
    "": "Beranda", "halaman": "Profil desa", "layanan": "Layanan", "berita": "Berita",
    "pengumuman": "Pengumuman", "agenda": "Agenda", "potensi": "Potensi desa",
    "dokumen": "Dokumen publik", "informasi-publik": "Informasi publik",
    "perangkat": "Perangkat desa", "apbdes": "APBDes", "statistik": "Statistik",
    "galeri": "Galeri", "kontak": "Kontak",
}


def page_index(table: RouteTable) -> list[tuple[str, list[tuple[str, str]]]]:
    """Every page a resident can read, as (section, [(title, url)]): search without JavaScript.

    Lists split over several pages (``…/page/2/``) are left out.
    """
    groups: dict[str, list[Route]] = {}
    for route in table.values():
        if not route.is_html or not route.in_sitemap or "/page/" in route.url:
            continue
        first = route.url.split("/")[0]
        key = first if first in SECTION_LABELS else "halaman"
        groups.setdefault(key, []).append(route)
    order = list(SECTION_LABELS)
    return [(SECTION_LABELS[key],
             [(r.title, r.url) for r in sorted(routes, key=lambda r: (r.url.count("/"), r.url))])
            for key, routes in sorted(groups.items(), key=lambda kv: order.index(kv[0]))]


def add_search_route(site: Site, vs: VillageSite, table: RouteTable) -> None:
    """The ``cari/`` page: Pagefind with JavaScript, an index of every page without.

    Runs last among the section builders, so that every page is already in ``table``.
    """
    add(table, Route("cari/", "cari.html", {"index": page_index(table)}, title="Cari",
                     in_sitemap=False))
