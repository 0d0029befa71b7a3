"""The regency portal as a hub: every village's latest berita and active pengumuman.

:func:`village_news` is plain JSON, like the kelengkapan facts: the fast engine's
worker computes it after loading a village and keeps it in the manifest, so the
portal's home, kecamatan pages and regency feeds are rendered from the entries
of every village without loading any of them again. Never imports Flask.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from satudesa.load.content import slugify
from satudesa.load.model import Page, Site, VillageSite
from satudesa.load.registry import Village

PER_VILLAGE = 10  # newest berita and pengumuman kept per village
HOME_LIMIT = 10  # berita on the portal home and a kecamatan page
FEED_LIMIT = 50  # entries of the regency feeds


def _valid(page: Page, today: dt.date) -> bool:
    until = page.get("berlaku_sampai")
    return until is None or until >= today


def _item(page: Page) -> dict[str, Any]:
    return {"title": page.title, "url": page.url,
            "date": page.date.isoformat() if page.date else None,
            "summary": page.summary, "author": page.author,
            "until": page.get("berlaku_sampai").isoformat() if page.get("berlaku_sampai")
            else None, "darurat": bool(page.get("darurat"))}


def village_news(vs: VillageSite, today: dt.date) -> dict[str, list[dict[str, Any]]]:
    """The newest berita and the pengumuman in force of one village, as JSON."""
    notices = [p for p in vs.of("pengumuman") if _valid(p, today)]
    return {"berita": [_item(p) for p in vs.of("berita")[:PER_VILLAGE]],
            "pengumuman": [_item(p) for p in notices[:PER_VILLAGE]]}


@dataclass(frozen=True)
class Kabar:
    """One berita or pengumuman of a village, as the portal lists it."""

    kind: str  # 'berita' or 'pengumuman'
    village: Village
    title: str
    url: str  # portal-relative: '<slug>/berita/<post>/'
    page_url: str  # village-relative, for canonical URLs
    date: dt.datetime | None
    summary: str
    author: str
    until: dt.date | None
    darurat: bool
    portal: bool = False  # the regency's own berita (content/_portal/), at the portal root


def _kabar(kind: str, village: Village, item: dict[str, Any]) -> Kabar:
    return Kabar(kind, village, item["title"], f"{village.slug}/{item['url']}", item["url"],
                 dt.datetime.fromisoformat(item["date"]) if item.get("date") else None,
                 item.get("summary") or "", item.get("author") or "",
                 dt.date.fromisoformat(item["until"]) if item.get("until") else None,
                 bool(item.get("darurat")))


def _newest(items: list[Kabar]) -> list[Kabar]:
    far = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
    return sorted(items, key=lambda k: (k.date or far, k.village.slug, k.url), reverse=True)


@dataclass
class Hub:
    """Everything the portal aggregates, newest first."""

    berita: list[Kabar]
    pengumuman: list[Kabar]  # in force at build time; emergencies first

    def of_villages(self, slugs: set[str]) -> Hub:
        """Only the items of these villages (a kecamatan page)."""
        return Hub([k for k in self.berita if k.village.slug in slugs],
                   [k for k in self.pengumuman if k.village.slug in slugs])


def make_hub(site: Site, news: dict[str, dict[str, Any] | None]) -> Hub:
    """Gather the JSON news of every published village into one :class:`Hub`."""
    berita: list[Kabar] = []
    pengumuman: list[Kabar] = []
    konten = site.portal_data.get("konten")
    if konten is not None:  # the regency's own berita join the villages'
        berita += [Kabar("berita", konten.village, p.title, p.url, p.url, p.date, p.summary,
                         p.author, None, False, portal=True) for p in konten.of("berita")]
    for slug, village in site.registry.items():
        found = news.get(slug) or {}
        berita += [_kabar("berita", village, item) for item in found.get("berita", [])]
        pengumuman += [_kabar("pengumuman", village, item)
                       for item in found.get("pengumuman", [])
                       if not item.get("until")
                       or dt.date.fromisoformat(item["until"]) >= site.today]
    notices = _newest(pengumuman)
    notices.sort(key=lambda k: not k.darurat)  # stable: emergencies first, then newest
    return Hub(_newest(berita), notices)


def site_news(site: Site) -> dict[str, dict[str, Any] | None]:
    """News of every published village of a loaded site (one not loaded is loaded here)."""
    from satudesa.errors import Report
    from satudesa.load.content import load_village

    found: dict[str, dict[str, Any] | None] = {}
    for slug, village in site.registry.items():
        vs = site.villages.get(slug)
        if vs is None:
            vs = load_village(village, site.site_dir, Report(), site.now)
        found[slug] = village_news(vs, site.today)
    return found


# -- kecamatan ------------------------------------------------------------------------


@dataclass
class Kecamatan:
    """One kecamatan of the portal and its published villages."""

    slug: str
    name: str
    kabupaten: str
    villages: list[Village]


_PREFIX = re.compile(r"^(kecamatan|kec\.|distrik)\s+", re.I)
_REGION = re.compile(r"^(kabupaten|kab\.|kota)\s+", re.I)


def kecamatan_list(site: Site) -> list[Kecamatan]:
    """Published villages grouped by kecamatan; a name shared by two kabupaten gets both."""
    groups: dict[tuple[str, str], list[Village]] = {}
    for village in site.registry.values():
        groups.setdefault((village.kabupaten, village.kecamatan), []).append(village)
    names = [kec for _, kec in groups]
    found = []
    for (kabupaten, kecamatan), villages in groups.items():
        base = slugify(_PREFIX.sub("", kecamatan))
        region = slugify(_REGION.sub("", kabupaten))
        slug = base if names.count(kecamatan) == 1 else f"{base}-{region}"
        found.append(Kecamatan(slug, kecamatan, kabupaten,
                               sorted(villages, key=lambda v: v.name.casefold())))
    return sorted(found, key=lambda k: (k.name.casefold(), k.kabupaten.casefold()))
