"""Machine-readable outputs: the Atom feed and sitemap of a village, and the portal's
sitemap index and robots.txt.

Only what is published appears: drafts and future items are never loaded, and
expired announcements and routes marked ``in_sitemap=False`` are left out here.
Absolute URLs come from :func:`satudesa.links.canonical_url`; without a base URL
the links stay relative to the file (valid in Atom through ``xml:base``).
"""

from __future__ import annotations

import datetime as dt
from xml.sax.saxutils import escape, quoteattr

from satudesa.links import canonical_url
from satudesa.load.model import Page, Site, VillageSite
from satudesa.load.registry import Village
from satudesa.xmltext import xml_clean

ATOM_LIMIT = 30


def _when(value: dt.datetime) -> str:
    return value.isoformat(timespec="seconds")


def _href(site: Site, village: Village | None, url: str) -> str:
    """Absolute URL when a base is known, else the URL relative to the site root."""
    return canonical_url(site, village, url) or url


def _entry_id(site: Site, village: Village, url: str) -> str:
    return canonical_url(site, village, url) or f"urn:satudesa:{village.slug}:{url}"


def atom(site: Site, vs: VillageSite, pages: list[Page]) -> bytes:
    """The village's Atom 1.0 feed of ``pages`` (berita and announcements in force)."""
    village = vs.village
    items = sorted(pages, key=lambda p: (p.date or site.now, p.url), reverse=True)
    items = items[:ATOM_LIMIT]
    updated = max((_updated(p) for p in items), default=site.now)
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="id">',
        f"<title>{escape(f'Berita dan Pengumuman {village.name}')}</title>",
        f"<subtitle>{escape(f'{village.kecamatan}, {village.kabupaten}')}</subtitle>",
        f"<id>{escape(_entry_id(site, village, 'feed.xml'))}</id>",
        f"<link rel=\"self\" type=\"application/atom+xml\" "
        f"href={quoteattr(_href(site, village, 'feed.xml'))}/>",
        f"<link rel=\"alternate\" type=\"text/html\" href={quoteattr(_href(site, village, ''))}/>",
        f"<updated>{_when(updated)}</updated>",
        f"<author><name>{escape(f'Pemerintah {village.name}')}</name></author>",
        "<generator>satudesa</generator>",
    ]
    for page in items:
        link = _href(site, village, page.url)
        label = "Berita" if page.kind == "berita" else "Pengumuman"
        out += [
            "<entry>",
            f"<title>{escape(page.title)}</title>",
            f"<id>{escape(_entry_id(site, village, page.url))}</id>",
            f"<link rel=\"alternate\" type=\"text/html\" href={quoteattr(link)}/>",
            f"<published>{_when(page.date or site.now)}</published>",
            f"<updated>{_when(_updated(page))}</updated>",
            f"<author><name>{escape(page.author or f'Pemerintah {village.name}')}</name></author>",
            f"<category term={quoteattr(page.kind)} label={quoteattr(label)}/>",
        ]
        if page.summary:
            out.append(f"<summary>{escape(page.summary)}</summary>")
        out.append(f"<content type=\"html\" xml:base={quoteattr(link)}>"
                   f"{escape(str(page.body))}</content>")
        out.append("</entry>")
    out.append("</feed>")
    return _document(out)


def _updated(page: Page) -> dt.datetime:
    updated = page.get("updated")
    date = page.date
    if updated and date:
        return max(updated, date)
    return updated or date or dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def sitemap(site: Site, vs: VillageSite, routes: dict) -> bytes:
    """``sitemap.xml`` of a village: every HTML page meant for search engines."""
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for url in sorted(routes):
        route = routes[url]
        if not route.is_html or not route.in_sitemap:
            continue
        out.append(f"<url><loc>{escape(_href(site, vs.village, url))}</loc>")
        dates = [_updated(p) for p in route.sources if p.date or p.get("updated")]
        if dates:
            out.append(f"<lastmod>{max(dates).date().isoformat()}</lastmod>")
        out.append("</url>")
    out.append("</urlset>")
    return _document(out)


def portal_sitemap(site: Site) -> bytes:
    """``sitemap-portal.xml``: the portal's own pages."""
    loc = _href(site, None, "")
    return _document(['<?xml version="1.0" encoding="utf-8"?>',
                      '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
                      f"<url><loc>{escape(loc or './')}</loc></url>", "</urlset>"])


def _document(lines: list[str]) -> bytes:
    """An XML document's bytes, without a character XML 1.0 forbids (see xmltext.py)."""
    return xml_clean("\n".join(lines) + "\n").encode()


def sitemap_index(site: Site) -> bytes:
    """``build/sitemap.xml``: the portal's sitemap and every published village's."""
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
           f"<sitemap><loc>{escape(_href(site, None, 'sitemap-portal.xml'))}</loc></sitemap>"]
    for slug in sorted(site.registry):
        loc = canonical_url(site, site.registry[slug], "sitemap.xml") \
            or f"{slug}/sitemap.xml"
        out.append(f"<sitemap><loc>{escape(loc)}</loc></sitemap>")
    out.append("</sitemapindex>")
    return _document(out)


def robots(site: Site, village: Village | None = None) -> bytes:
    """``robots.txt``: allow everything and point to the sitemap when its URL is absolute."""
    text = "User-agent: *\nAllow: /\n"
    where = canonical_url(site, village, "sitemap.xml")
    if where:
        text += f"Sitemap: {where}\n"
    return text.encode()
