"""The image section: every image asset published stripped, with its responsive variants."""

from __future__ import annotations

from functools import partial

from satudesa.images.variants import (
    CACHE_DIR,
    cached_variant,
    original_ext,
    probe,
    published,
    variant_url,
)
from satudesa.load.model import Site, VillageSite
from satudesa.site.route import Route, RouteTable, add


def add_image_routes(site: Site, vs: VillageSite, table: RouteTable) -> None:
    """Claim every image asset of a village: its stripped original and its variants.

    Runs before the plain asset copy, so the first claim (ours) wins those URLs.
    Files Pillow cannot read are left to the plain asset copy.
    """
    cache = site.site_dir / CACHE_DIR
    for url, path in sorted(vs.assets.items()):
        info = probe(path)
        if info is None:
            continue
        add(table, Route(url, produce=partial(cached_variant, cache, info, None,
                                              original_ext(info)), in_sitemap=False))
        for width, ext in published(info):
            add(table, Route(variant_url(url, info, width, ext),
                             produce=partial(cached_variant, cache, info, width, ext),
                             in_sitemap=False))
