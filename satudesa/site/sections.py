"""What a village site publishes: one :class:`Route` per output URL.

The route table is built from the loaded model only. Views look a URL up here
and the freezer walks the whole table, so preview and build publish the same
set of pages by construction.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable

from satudesa.links import canonical_url, slugify
from satudesa.load.apbdes import BIDANG
from satudesa.load.kinds import KINDS
from satudesa.load.kip import CATEGORIES, public_list
from satudesa.load.model import Page, Site, VillageSite, is_valid
from satudesa.outputs import feeds, opendata, transparansi
from satudesa.outputs.ics import event_ics
from satudesa.site.hub_pages import add_hub_routes
from satudesa.site.images import add_image_routes
from satudesa.site.kelengkapan_pages import add_kelengkapan_routes
from satudesa.site.portal import portal_groups
from satudesa.site.portal_content_pages import add_portal_content_routes
from satudesa.site.route import Route, RouteTable, SectionBuilder, add, paginate
from satudesa.site.search import add_search_route
from satudesa.site.titles import dedupe_titles


def _home(site: Site, vs: VillageSite, table: RouteTable) -> None:
    notices = [p for p in vs.of("pengumuman") if is_valid(p, site)]
    notices.sort(key=lambda p: not p.get("darurat"))  # emergencies first, then newest
    events = upcoming(vs, site)
    add(table, Route("", "home.html", {
        "pengumuman": notices[:3], "berita": vs.of("berita")[:4], "agenda": events[:3],
        "layanan": vs.of("layanan")[:6],
    }, title="Beranda", sources=tuple(
        p for kind in ("berita", "pengumuman", "layanan", "agenda") for p in vs.of(kind))))


def _halaman(site: Site, vs: VillageSite, table: RouteTable) -> None:
    for page in vs.of("halaman"):
        add(table, Route(page.url, "page.html", {"page": page}, title=page.title,
                         sources=(page,)))


MIN_TAG_POSTS = 2  # a topic gets its own list page from this many posts (#17)


def _berita(site: Site, vs: VillageSite, table: RouteTable) -> None:
    posts = vs.of("berita")
    tags: dict[str, list[Page]] = defaultdict(list)
    labels: dict[str, str] = {}
    years: dict[int, list[Page]] = defaultdict(list)
    for post in posts:
        for tag in post.tags:
            tags[slugify(tag)].append(post)
            labels.setdefault(slugify(tag), tag)
        if post.date:
            years[post.date.year].append(post)

    def tag_url(tag: str) -> str:
        """A topic's own page, or the topics page that lists a topic of one post."""
        return f"berita/tag/{tag}/" if len(tags[tag]) >= MIN_TAG_POSTS else "berita/tag/"

    index = {
        "tag_index": [(labels[t], tag_url(t), len(p)) for t, p in sorted(tags.items())],
        "year_index": [(y, f"berita/arsip/{y}/", len(p))
                       for y, p in sorted(years.items(), reverse=True)],
    }
    paginate(table, "berita/", posts, "berita_list.html", "Berita", **index)
    for number, post in enumerate(posts):
        newer = posts[number - 1] if number > 0 else None
        older = posts[number + 1] if number + 1 < len(posts) else None
        add(table, Route(post.url, "berita.html", {
            "page": post, "newer": newer, "older": older,
            "tag_links": [(tag, tag_url(slugify(tag))) for tag in post.tags],
        }, title=post.title, sources=(post,)))
    if tags:
        own = [entry for entry in index["tag_index"] if entry[2] >= MIN_TAG_POSTS]
        single = [(labels[t], p[0]) for t, p in sorted(tags.items()) if len(p) < MIN_TAG_POSTS]
        add(table, Route("berita/tag/", "berita_index.html", {
            "show": "tag", "tag_own": own, "tag_single": single, **index,
        }, title="Topik berita"))
    if years:
        add(table, Route("berita/arsip/", "berita_index.html", {"show": "arsip", **index},
                         title="Arsip berita"))
    for tag, tagged in sorted(tags.items()):
        if len(tagged) >= MIN_TAG_POSTS:
            paginate(table, f"berita/tag/{tag}/", tagged, "berita_list.html",
                     f"Berita bertopik “{labels[tag]}”", tag=labels[tag], **index)
    for year, posts_of_year in sorted(years.items(), reverse=True):
        paginate(table, f"berita/arsip/{year}/", posts_of_year, "berita_list.html",
                 f"Arsip berita {year}", year=year, **index)


def _pengumuman(site: Site, vs: VillageSite, table: RouteTable) -> None:
    items = vs.of("pengumuman")
    current = [p for p in items if is_valid(p, site)]
    add(table, Route("pengumuman/", "pengumuman_list.html", {"items": current},
                     title="Pengumuman", sources=tuple(items)))
    for page in items:
        expired = not is_valid(page, site)
        add(table, Route(page.url, "pengumuman.html", {"page": page, "expired": expired},
                         title=page.title, sources=(page,), in_sitemap=not expired))


def _layanan(site: Site, vs: VillageSite, table: RouteTable) -> None:
    items = vs.of("layanan")
    groups: dict[str, list[Page]] = defaultdict(list)
    for page in items:
        groups[page.get("kategori") or ""].append(page)
    other = groups.pop("", None)
    if other:
        groups["Layanan lainnya"] = other
    by_letter: dict[str, list[Page]] = defaultdict(list)
    for page in sorted(items, key=lambda p: index_key(p.title)):
        by_letter[_letter(index_key(page.title))].append(page)
    add(table, Route("layanan/", "layanan_list.html", {
        "items": items, "groups": [(name, "k-" + slugify(name), pages)
                                   for name, pages in groups.items()],
        "by_letter": sorted(by_letter.items()),
    }, title="Layanan", sources=tuple(items)))
    for page in items:
        add(table, Route(page.url, "layanan.html", {"page": page}, title=page.title,
                         sources=(page,)))
        add(table, Route(f"{page.url}cetak/", "layanan_cetak.html", {"page": page},
                         title=f"{page.title} (cetak)", sources=(page,), in_sitemap=False))


_LETTER_PREFIX = re.compile(r"^(surat\s+)?(keterangan|pengantar|izin|permohonan)?\s*", re.I)


def index_key(title: str) -> str:
    """What a resident looks a service up by: 'Surat Keterangan Domisili' → 'domisili'."""
    key = _LETTER_PREFIX.sub("", title).strip()
    return (key or title).lower()


def _letter(key: str) -> str:
    """The A–Z index letter of a key ('#' for digits and symbols)."""
    first = slugify(key)[:1].upper()
    return first if first.isalpha() else "#"


def _agenda(site: Site, vs: VillageSite, table: RouteTable) -> None:
    items = vs.of("agenda")
    if not items:
        return
    coming = upcoming(vs, site)
    past = [p for p in reversed(items) if p not in coming]
    add(table, Route("agenda/", "agenda_list.html", {"upcoming": coming, "past": past},
                     title="Agenda", sources=tuple(items)))
    for page in items:
        add(table, Route(page.url, "agenda.html", {
            "page": page, "is_past": page not in coming, "ics": page.url + "acara.ics",
        }, title=page.title, sources=(page,)))
        add(table, Route(page.url + "acara.ics", produce=_ics(site, vs, page),
                         sources=(page,), in_sitemap=False))


def _ics(site: Site, vs: VillageSite, page: Page) -> Callable[[], bytes]:
    def produce() -> bytes:
        url = canonical_url(site, vs.village, page.url)
        uid = f"{vs.village.slug}-{page.slug}@{vs.village.domain or 'satudesa'}"
        stamp = page.get("updated") or page.date or page.fields["mulai"]
        return event_ics(page, uid, url, stamp)
    return produce


def upcoming(vs: VillageSite, site: Site) -> list[Page]:
    """Events not yet over (by ``selesai``, else ``mulai``), soonest first."""
    return [p for p in vs.of("agenda") if (p.get("selesai") or p.fields["mulai"]) >= site.now]


def _potensi(site: Site, vs: VillageSite, table: RouteTable) -> None:
    items = vs.of("potensi")
    if not items:
        return
    groups: dict[str, list[Page]] = defaultdict(list)
    for page in items:
        groups[page.get("kategori") or "Lainnya"].append(page)
    add(table, Route("potensi/", "potensi_list.html", {"groups": list(groups.items())},
                     title="Potensi Desa", sources=tuple(items)))
    for page in items:
        add(table, Route(page.url, "potensi.html", {"page": page}, title=page.title,
                         sources=(page,)))


def _dokumen(site: Site, vs: VillageSite, table: RouteTable) -> None:
    items = vs.of("dokumen")
    if not items:
        return
    groups = []
    for key, label in ((c.key, c.label) for c in CATEGORIES):
        of_kind = [p for p in items if p.get("kategori") == key]
        years: dict[int | None, list[Page]] = defaultdict(list)
        for page in of_kind:
            years[page.get("tahun") or (page.date.year if page.date else None)].append(page)
        if of_kind:
            groups.append((key, label, sorted(years.items(), key=lambda y: -(y[0] or 0))))
    add(table, Route("dokumen/", "dokumen_list.html", {"groups": groups},
                     title="Dokumen Publik", sources=tuple(items)))
    for page in items:
        add(table, Route(page.url, "dokumen.html", {"page": page}, title=page.title,
                         sources=(page,)))


def _listed_kinds(site: Site, vs: VillageSite, table: RouteTable) -> None:
    """Every kind without a builder of its own (galeri, and any new kind): a list page
    ``<kind>/`` from ``<kind>_list.html`` and a page per file from ``<kind>.html``."""
    for kind in KINDS.values():
        items = vs.of(kind.name)
        if kind.name in OWN_BUILDER or not items:
            continue
        add(table, Route(f"{kind.name}/", f"{kind.name}_list.html", {"items": items},
                         title=kind.label, sources=tuple(items)))
        for page in items:
            add(table, Route(page.url, f"{kind.name}.html", {"page": page}, title=page.title,
                             sources=(page,)))


def _perangkat(site: Site, vs: VillageSite, table: RouteTable) -> None:
    data = vs.data.get("perangkat")
    intro = vs.intros.get("perangkat")
    if (data is None or data.empty) and intro is None:
        return
    title = f"Perangkat {vs.village.jenis.title()}"
    if data is not None and data.bpd:
        title += " dan BPD"
    add(table, Route("perangkat/", "perangkat.html", {"perangkat": data, "page": intro},
                     title=title))


def _kontak(site: Site, vs: VillageSite, table: RouteTable) -> None:
    add(table, Route("kontak/", "kontak.html", {"page": vs.intros.get("kontak")},
                     title="Kontak dan Pengaduan"))


def _feeds(site: Site, vs: VillageSite, table: RouteTable) -> None:
    pages = [*vs.of("berita"), *(p for p in vs.of("pengumuman") if is_valid(p, site))]
    add(table, Route("feed.xml", produce=lambda: feeds.atom(site, vs, pages),
                     sources=tuple(pages), in_sitemap=False))
    # The table is complete when the sitemap is produced (rendering happens after routing).
    add(table, Route("sitemap.xml", produce=lambda: feeds.sitemap(site, vs, table),
                     in_sitemap=False))
    add(table, Route("robots.txt", produce=lambda: feeds.robots(site, vs.village),
                     in_sitemap=False))


def _apbdes(site: Site, vs: VillageSite, table: RouteTable) -> None:
    years = list(vs.data.get("apbdes", {}).values())
    if not years:
        return
    add(table, Route("apbdes/", "apbdes.html", {
        "years": years, "budget": years[0], "charts": transparansi.apbdes_charts(years[0]),
        "comparison": transparansi.comparison_chart(years) if len(years) > 1 else None,
        "page": vs.intros.get("apbdes"),
    }, title="APBDes"))
    village = vs.village
    for budget in years:
        base = f"apbdes/{budget.tahun}"
        add(table, Route(base + "/", "apbdes_tahun.html", {
            "budget": budget, "charts": transparansi.apbdes_charts(budget), "years": years,
            "bidang": BIDANG,
        }, title=f"APBDes {budget.tahun}"))
        add(table, Route(base + ".csv", produce=lambda b=budget: opendata.apbdes_csv(b),
                         in_sitemap=False))
        add(table, Route(base + ".json",
                         produce=lambda b=budget: opendata.apbdes_json(b, village),
                         in_sitemap=False))


def _statistik(site: Site, vs: VillageSite, table: RouteTable) -> None:
    stats = vs.data.get("statistik")
    if stats is None:
        return
    add(table, Route("statistik/", "statistik.html", {
        "stats": stats, "charts": transparansi.statistik_charts(stats),
        "page": vs.intros.get("statistik"),
    }, title="Statistik Penduduk"))
    add(table, Route("statistik.csv", produce=lambda: opendata.statistik_csv(stats),
                     in_sitemap=False))
    add(table, Route("statistik.json",
                     produce=lambda: opendata.statistik_json(stats, vs.village),
                     in_sitemap=False))


def _informasi_publik(site: Site, vs: VillageSite, table: RouteTable) -> None:
    add(table, Route("informasi-publik/", "informasi_publik.html", {
        "groups": public_list(vs), "categories": CATEGORIES,
        "page": vs.intros.get("informasi-publik"),
    }, title="Daftar Informasi Publik", sources=tuple(vs.of("dokumen"))))


def _not_found(site: Site, vs: VillageSite, table: RouteTable) -> None:
    add(table, Route("404.html", "404.html", title="Halaman tidak ditemukan",
                     absolute_links=True, in_sitemap=False))


def _assets(site: Site, vs: VillageSite, table: RouteTable) -> None:
    for url, path in sorted(vs.assets.items()):
        add(table, Route(url, file=path, in_sitemap=False))


# Order matters only for clashes: earlier builders win a URL.
# Kinds whose pages a builder above makes; every other kind is listed by _listed_kinds.
OWN_BUILDER = frozenset({"halaman", "berita", "pengumuman", "layanan", "agenda", "potensi",
                         "dokumen"})

SECTIONS: list[SectionBuilder] = [
    _home, _berita, _pengumuman, _layanan, _agenda, _potensi, _dokumen, _listed_kinds,
    _perangkat,
    _kontak, _apbdes, _statistik, _informasi_publik, _halaman, _not_found,
    add_image_routes,  # before _assets: images are published stripped, with variants
    _feeds, _assets,  # after every generated file: an officer's file never replaces one
    dedupe_titles,  # every page its own <title>
    add_search_route,  # last: it lists every page
]


def village_routes(site: Site, vs: VillageSite) -> RouteTable:
    """Every output of one village, keyed by URL."""
    table: RouteTable = {}
    for build in SECTIONS:
        build(site, vs, table)
    return table


def portal_routes(site: Site) -> RouteTable:
    """The regency portal at the root of ``build/``."""
    table: RouteTable = {}
    add(table, Route("", "portal.html", {"groups": portal_groups(site)}, title=site.title))
    add(table, Route("404.html", "portal_404.html", title="Halaman tidak ditemukan",
                     absolute_links=True, in_sitemap=False))
    add(table, Route("sitemap.xml", produce=lambda: feeds.sitemap_index(site),
                     in_sitemap=False))
    # The table is complete when the sitemap is produced (rendering happens after routing).
    add(table, Route("sitemap-portal.xml", produce=lambda: feeds.portal_sitemap(site, table),
                     in_sitemap=False))
    add(table, Route("robots.txt", produce=lambda: feeds.robots(site), in_sitemap=False))
    add_kelengkapan_routes(site, table)
    add_hub_routes(site, table)
    add_portal_content_routes(site, table)
    return table
