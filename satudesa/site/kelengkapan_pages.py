"""The portal's ``/kelengkapan/`` page and its pre-sorted variants.

Sorting needs no JavaScript: every sortable column heading links to a variant
built with the table in that order (``kelengkapan/urut/<kolom>/``).
"""

from __future__ import annotations

from satudesa.load.model import Site
from satudesa.regency.kelengkapan import ITEMS, SORTS, site_rows, sort_rows, totals
from satudesa.site.route import Route, RouteTable, add

BASE = "kelengkapan/"
DEFAULT_SORT = "kecamatan"
# Every order puts the villages most behind first; aria-sort says which way that is.
DIRECTION = {"desa": "ascending", "kecamatan": "ascending", "skor": "ascending",
             "berita": "ascending", "pengumuman": "ascending", "galat": "descending",
             "peringatan": "descending", "bobot": "descending"}
TITLE = "Kelengkapan situs desa"


def sort_url(key: str) -> str:
    """The portal URL of the table sorted by ``key``."""
    return BASE if key == DEFAULT_SORT else f"{BASE}urut/{key}/"


def add_kelengkapan_routes(site: Site, table: RouteTable) -> None:
    """``kelengkapan/`` (by kecamatan) and one page per other sort order."""
    rows = site.portal_data.get("kelengkapan")
    if rows is None:  # the preview: computed from the loaded site and the last build
        rows = site_rows(site, site.site_dir / "build")
    sums = totals(rows)
    links = {key: sort_url(key) for key in SORTS}
    for key, (label, _) in SORTS.items():
        add(table, Route(sort_url(key), "kelengkapan.html", {
            "rows": sort_rows(rows, key), "totals": sums, "sort": key, "sorts": SORTS,
            "sort_links": links, "direction": DIRECTION, "butir": ITEMS,
            "year": site.today.year,
        }, title=TITLE if key == DEFAULT_SORT else f"{TITLE}, urut menurut {label.lower()}",
            in_sitemap=key == DEFAULT_SORT))
