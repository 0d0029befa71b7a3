"""Every page of a village its own ``<title>``."""

from __future__ import annotations

from satudesa.load.model import Site, VillageSite
from satudesa.site.route import RouteTable
from satudesa.site.search import section_labels


def dedupe_titles(site: Site, vs: VillageSite, table: RouteTable) -> None:
    """Give every page of a village its own ``<title>``: when two share one (an agenda
    item and its photo album), the later ones name their section: "… (Galeri)"."""
    labels = section_labels()
    seen: set[str] = set()
    for route in table.values():
        if not route.is_html or not route.in_sitemap:
            continue
        if route.title in seen:
            first = route.url.split("/")[0]
            label = labels.get(first, labels["halaman"])
            route.title = f"{route.title} ({label})"
        seen.add(route.title)
