"""The regency's own content: ``content/_portal/`` (halaman, berita, layanan).

It is loaded like a village's content (same front matter, same checks, same
safe Markdown) for a stand-in :class:`Village` named after the portal, and
published at the portal root: ``<halaman>/``, ``berita/…``, ``layanan/…``.
A halaman whose address is a village's or one of the portal's own pages is
refused. Never imports Flask.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path
from typing import Any

from satudesa.errors import Report
from satudesa.load.content import load_village
from satudesa.load.registry import Village

FOLDER = "_portal"
KINDS = ("halaman", "berita", "layanan")
# Top-level addresses of the portal's generated pages (a halaman may not take them).
PORTAL_PAGES = frozenset({"kecamatan", "kelengkapan", "cari", "berita", "layanan", "media",
                          "pengumuman", "halaman",
                          "static", "pagefind", "feed.xml", "feed.json", "sitemap.xml",
                          "sitemap-portal.xml", "robots.txt", "404.html"})


def stand_in(site_dir: Path, settings: dict[str, Any], registry: dict[str, Village]) -> Village:
    """The portal as a 'village': its title, its kabupaten, the registry's main province."""
    provinces = Counter(v.kode_wilayah[:2] for v in registry.values())
    province = provinces.most_common(1)[0][0] if provinces else "32"
    return Village(slug=FOLDER, name=str(settings.get("title") or "Portal Desa"),
                   kode_wilayah=f"{province}.01.01.2001", kecamatan="",
                   kabupaten=str(settings.get("kabupaten") or ""), src_path=site_dir / "site.yml")


def load_portal_content(site_dir: Path, settings: dict[str, Any], registry: dict[str, Village],
                        report: Report, now: dt.datetime) -> Any:
    """The loaded ``content/_portal/`` (a VillageSite), or None when the folder is absent."""
    root = site_dir / "content" / FOLDER
    if not root.is_dir():
        return None
    vs = load_village(stand_in(site_dir, settings, registry), site_dir, report, now)
    for kind in sorted(k for k, pages in vs.pages.items() if pages and k not in KINDS):
        report.warning(f"content/{FOLDER}/{kind}",
                       f"portal hanya menerbitkan {', '.join(KINDS)}; isi {kind}/ diabaikan",
                       "pindahkan ke folder desa yang bersangkutan")
    taken = set(registry) | PORTAL_PAGES
    kept = []
    for page in vs.of("halaman"):
        first = page.url.split("/", 1)[0]
        if first in taken:
            owner = f"desa {first}" if first in registry else "halaman portal"
            report.error(f"content/{FOLDER}/{page.src_rel}",
                         f"alamat '{page.url}' sudah dipakai oleh {owner}",
                         "ganti nama berkas halaman ini")
            continue
        kept.append(page)
    vs.pages["halaman"] = kept
    return vs
