"""Routes of the regency's own content (``content/_portal/``) at the portal root."""

from __future__ import annotations

from collections import defaultdict

from satudesa.load.model import Page, Site
from satudesa.site.images import add_image_routes
from satudesa.site.route import Route, RouteTable, add, paginate

HOME_BERITA = 3


def add_portal_content_routes(site: Site, table: RouteTable) -> None:
    """Halaman, berita (paginated) and layanan of the regency, their files, and home links."""

    vs = site.portal_data.get("konten")
    if vs is None:
        return
    halaman, berita, layanan = vs.of("halaman"), vs.of("berita"), vs.of("layanan")
    home = table.get("")
    if home is not None:
        home.context.update(portal_halaman=halaman, portal_berita=berita[:HOME_BERITA],
                            portal_layanan=_by_kategori(layanan))
    for page in halaman:
        add(table, Route(page.url, "portal_page.html", {"page": page}, title=page.title,
                         sources=(page,)))
    if berita:
        paginate(table, "berita/", berita, "portal_berita_list.html",
                 f"Berita {site.title}")
        for page in berita:
            add(table, Route(page.url, "portal_berita.html", {"page": page}, title=page.title,
                             sources=(page,)))
    if layanan:
        add(table, Route("layanan/", "portal_layanan_list.html",
                         {"groups": _by_kategori(layanan)}, title=f"Layanan {site.title}",
                         sources=tuple(layanan)))
        for page in layanan:
            add(table, Route(page.url, "portal_layanan.html", {"page": page}, title=page.title,
                             sources=(page,)))
    add_image_routes(site, vs, table)
    for url, path in sorted(vs.assets.items()):
        add(table, Route(url, file=path, in_sitemap=False))


def _by_kategori(pages: list[Page]) -> list[tuple[str, list[Page]]]:
    groups: dict[str, list[Page]] = defaultdict(list)
    for page in pages:
        groups[page.get("kategori") or "Lainnya"].append(page)
    return sorted(groups.items(), key=lambda g: (g[0] == "Lainnya", g[0].casefold()))
