"""The regency's feeds: ``/feed.xml`` (Atom 1.0) and ``/feed.json`` (JSON Feed 1.1).

Both list the newest berita and the pengumuman in force of every published
village, newest first. Entries carry the summary and a link to the village
page (the full text stays in each village's own feed), so the regency's main
website can embed ``feed.json`` without fetching anything else.
"""

from __future__ import annotations

import datetime as dt
import json
from xml.sax.saxutils import escape, quoteattr

from satudesa.links import canonical_url as canonical
from satudesa.load.model import Site
from satudesa.regency.hub import FEED_LIMIT, Hub, Kabar

LABEL = {"berita": "Berita", "pengumuman": "Pengumuman"}
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def _entries(site: Site, hub: Hub) -> list[Kabar]:
    items = sorted([*hub.berita, *hub.pengumuman],
                   key=lambda k: (k.date or EPOCH, k.village.slug, k.url), reverse=True)
    return items[:FEED_LIMIT]


def _link(site: Site, item: Kabar) -> str:
    return canonical(site, None if item.portal else item.village, item.page_url) or item.url


def _portal(site: Site, url: str) -> str:
    return canonical(site, None, url) or url


def _id(site: Site, item: Kabar) -> str:
    return canonical(site, None if item.portal else item.village, item.page_url) or \
        f"urn:satudesa:{item.village.slug}:{item.page_url}"


def _stamp(value: dt.datetime | None, site: Site) -> str:
    return (value or site.now).isoformat(timespec="seconds")


def portal_atom(site: Site, hub: Hub) -> bytes:
    """Atom 1.0 feed of the whole regency."""
    items = _entries(site, hub)
    updated = max((k.date for k in items if k.date), default=site.now)
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="id">',
        f"<title>{escape(f'Berita dan Pengumuman Desa: {site.title}')}</title>",
        f"<id>{escape(canonical(site, None, 'feed.xml') or 'urn:satudesa:portal:feed')}</id>",
        f"<link rel=\"self\" type=\"application/atom+xml\" "
        f"href={quoteattr(_portal(site, 'feed.xml'))}/>",
        f"<link rel=\"alternate\" type=\"text/html\" href={quoteattr(_portal(site, ''))}/>",
        f"<updated>{_stamp(updated, site)}</updated>",
        f"<author><name>{escape(site.title)}</name></author>",
        "<generator>satudesa</generator>",
    ]
    for item in items:
        out += [
            "<entry>",
            f"<title>{escape(f'{item.title} ({item.village.name})')}</title>",
            f"<id>{escape(_id(site, item))}</id>",
            f"<link rel=\"alternate\" type=\"text/html\" href={quoteattr(_link(site, item))}/>",
            f"<published>{_stamp(item.date, site)}</published>",
            f"<updated>{_stamp(item.date, site)}</updated>",
            f"<author><name>{escape(item.author or f'Pemerintah {item.village.name}')}"
            "</name></author>",
            f"<category term={quoteattr(item.kind)} label={quoteattr(LABEL[item.kind])}/>",
            f"<summary>{escape(item.summary or item.title)}</summary>",
            "</entry>",
        ]
    out.append("</feed>")
    return ("\n".join(out) + "\n").encode()


def portal_json(site: Site, hub: Hub) -> bytes:
    """JSON Feed 1.1 of the whole regency (https://www.jsonfeed.org/version/1.1/)."""
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": f"Berita dan Pengumuman Desa: {site.title}",
        "home_page_url": _portal(site, ""),
        "feed_url": _portal(site, "feed.json"),
        "language": "id",
        "authors": [{"name": site.title}],
        "items": [{
            "id": _id(site, item),
            "url": _link(site, item),
            "title": item.title,
            "content_text": item.summary or item.title,
            "summary": item.summary or item.title,
            "date_published": _stamp(item.date, site),
            "authors": [{"name": item.author or f"Pemerintah {item.village.name}"}],
            "tags": [item.kind, item.village.name, item.village.kecamatan],
            "_satudesa": {"desa": item.village.slug, "kode_wilayah": item.village.kode_wilayah,
                          "jenis": item.kind, "darurat": item.darurat,
                          "berlaku_sampai": item.until.isoformat() if item.until else None},
        } for item in _entries(site, hub)],
    }
    return (json.dumps(feed, ensure_ascii=False, indent=1) + "\n").encode()
