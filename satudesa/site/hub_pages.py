"""The portal hub's routes: kecamatan pages, the regency feeds, news on the home page."""

from __future__ import annotations

from satudesa.load.model import Site
from satudesa.outputs.hub_feeds import portal_atom, portal_json
from satudesa.regency.hub import HOME_LIMIT, Hub, kecamatan_list, make_hub, site_news
from satudesa.site.route import Route, RouteTable, add


def portal_hub(site: Site) -> Hub:
    """What the build gathered (``portal_data['hub']``), or, in the preview, the loaded site's."""
    hub = site.portal_data.get("hub")
    if hub is None:
        hub = site.portal_data["hub"] = make_hub(site, site_news(site))
    return hub


def add_hub_routes(site: Site, table: RouteTable) -> None:
    """``kecamatan/``, ``kecamatan/<slug>/``, ``pengumuman/``, ``cari/``, ``feed.xml``,
    ``feed.json``; the newest news on the home page."""
    hub = portal_hub(site)
    home = table.get("")
    if home is not None:
        home.context.update(berita=hub.berita[:HOME_LIMIT],
                            pengumuman=hub.pengumuman[:HOME_LIMIT],
                            pengumuman_total=len(hub.pengumuman))
    # Always there (even empty): a published copy never outlives the notices it lists.
    add(table, Route("pengumuman/", "portal_pengumuman_list.html",
                     {"pengumuman": hub.pengumuman}, title="Pengumuman desa yang berlaku"))
    groups = kecamatan_list(site)
    add(table, Route("kecamatan/", "portal_kecamatan_list.html", {"groups": groups},
                     title="Daftar kecamatan"))
    for group in groups:
        local = hub.of_villages({v.slug for v in group.villages})
        add(table, Route(f"kecamatan/{group.slug}/", "portal_kecamatan.html", {
            "group": group, "berita": local.berita[:HOME_LIMIT],
            "pengumuman": local.pengumuman, "pengumuman_total": len(local.pengumuman),
        }, title=f"{group.name}, {group.kabupaten}"))
    add(table, Route("cari/", "portal_cari.html", {"groups": groups}, title="Cari",
                     in_sitemap=False))
    add(table, Route("feed.xml", produce=lambda: portal_atom(site, hub), in_sitemap=False))
    add(table, Route("feed.json", produce=lambda: portal_json(site, hub), in_sitemap=False))
