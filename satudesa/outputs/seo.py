"""Findability and sharing: description, Open Graph, Twitter card and JSON-LD for each page.

Templates call ``seo(description, title)`` once in ``layout.html``'s ``<head>``.
JSON-LD is a ``<script type="application/ld+json">`` data block: browsers never
execute it, so the CSP allows it, but officer text inside it is escaped so that
it can never close the element (``</`` becomes ``<\\/``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

import jinja2
from markupsafe import Markup

from satudesa.images.markup import og_image
from satudesa.load.model import Page, VillageSite
from satudesa.load.registry import Village

if TYPE_CHECKING:
    pass

DESCRIPTION_LENGTH = 160
_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.S)


@dataclass
class Meta:
    """What ``<head>`` shows for one page."""

    description: str
    title: str
    og_type: str = "website"
    image: str | None = None  # absolute URL
    json_ld: Markup = Markup("")

    @property
    def twitter_card(self) -> str:
        """A large card when there is an image to show."""
        return "summary_large_image" if self.image else "summary"


def shorten(text: str, limit: int = DESCRIPTION_LENGTH) -> str:
    """Collapse whitespace and cut at a word boundary, with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if text[limit - 1] != " ":  # the last word was cut: drop it
        cut = cut.rsplit(" ", 1)[0]
    cut = cut.rstrip(" ,;:.")
    return cut + "…"


def first_paragraph(page: Page) -> str:
    """Plain text of the first non-empty paragraph of a page body."""
    for match in _PARAGRAPH.finditer(str(page.body)):
        text = Markup(match.group(1)).striptags()
        if text.strip():
            return text
    return ""


def describe(page: Page | None, block: str, title: str, fallback: str) -> str:
    """``summary``, else a template's own description, else the first paragraph, else ``fallback``.

    A template's block that only repeats the title (``page.summary or page.title``)
    does not count as a description of its own.
    """
    block = block.strip()
    if page is not None:
        if page.summary:
            return shorten(page.summary)
        if block and block not in (page.title, title):
            return shorten(block)
        paragraph = first_paragraph(page)
        if paragraph:
            return shorten(paragraph)
    if block and block != title:
        return shorten(block)
    return shorten(fallback)


def dump_json_ld(data: dict[str, Any]) -> Markup:
    """A JSON-LD ``<script>`` whose text can never end the element or open a comment."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("</", "<\\/").replace("<!--", "<\\u0021--")
    return Markup(f'<script type="application/ld+json">{text}</script>')


def organization(village: Village, home: str | None, full: bool = False) -> dict[str, Any]:
    """The village as a schema.org ``GovernmentOrganization``."""
    org: dict[str, Any] = {"@type": "GovernmentOrganization", "name": village.name}
    if home:
        org["url"] = home
    if not full:
        return org
    kontak = village.kontak
    address: dict[str, Any] = {"@type": "PostalAddress", "addressLocality": village.kecamatan,
                               "addressRegion": village.provinsi or village.kabupaten,
                               "addressCountry": "ID"}
    if kontak.get("alamat"):
        address["streetAddress"] = kontak["alamat"]
    org.update({"address": address, "identifier": village.kode_wilayah,
                "areaServed": {"@type": "AdministrativeArea", "name": village.name}})
    if kontak.get("telepon"):
        org["telephone"] = kontak["telepon"]
    if kontak.get("email"):
        org["email"] = kontak["email"]
    same_as = [url for url in village.sosial.values() if url]
    if same_as:
        org["sameAs"] = same_as
    if village.koordinat:
        lat, lon = village.koordinat
        org["geo"] = {"@type": "GeoCoordinates", "latitude": lat, "longitude": lon}
    return org


def _iso(value: Any) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def page_json_ld(page: Page, village: Village, meta: Meta, url: str | None,
                 home: str | None) -> dict[str, Any] | None:
    """``NewsArticle``, ``GovernmentService`` or ``Event`` for the pages that are one."""
    org = organization(village, home)
    data: dict[str, Any]
    if page.kind == "berita" and page.date:
        data = {"@type": "NewsArticle", "headline": shorten(page.title, 110),
                "datePublished": _iso(page.date),
                "dateModified": _iso(page.get("updated") or page.date),
                "author": {"@type": "Person", "name": page.author} if page.author else org,
                "publisher": org}
    elif page.kind == "layanan":
        data = {"@type": "GovernmentService", "name": page.title, "provider": org,
                "areaServed": {"@type": "AdministrativeArea", "name": village.name},
                "serviceType": page.title}
        if village.kontak.get("alamat"):
            data["availableChannel"] = {
                "@type": "ServiceChannel", "name": f"Kantor {village.name}",
                "serviceLocation": {"@type": "Place", "name": f"Kantor {village.name}",
                                    "address": village.kontak["alamat"]}}
    elif page.kind == "agenda" and page.get("mulai"):
        location = page.get("lokasi") or village.name
        data = {"@type": "Event", "name": page.title, "startDate": _iso(page.get("mulai")),
                "eventStatus": "https://schema.org/EventScheduled",
                "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
                "location": {"@type": "Place", "name": location,
                             "address": {"@type": "PostalAddress", "addressLocality":
                                         village.name, "addressRegion": village.kabupaten,
                                         "addressCountry": "ID"}},
                "organizer": org}
        if page.get("selesai"):
            data["endDate"] = _iso(page.get("selesai"))
    else:
        return None
    data["description"] = meta.description
    if url:
        data["url"] = url
        if data["@type"] == "NewsArticle":
            data["mainEntityOfPage"] = url
    if meta.image:
        data["image"] = [meta.image]
    return data


def build_meta(context: Mapping[str, Any], block_description: str, block_title: str) -> Meta:
    """Everything ``<head>`` needs, from the template context of one page."""
    route = context["route"]
    village: Village | None = context.get("village")
    vs: VillageSite | None = context.get("vs")
    page = context.get("page")
    page = page if isinstance(page, Page) else None
    canonical: str | None = context.get("canonical")
    link = context["url"]
    title = block_title.strip() or route.title
    if village is not None:
        fallback = (f"{route.title} — situs resmi {village.name}, {village.kecamatan}, "
                    f"{village.kabupaten}.")
    else:
        fallback = f"{route.title}: daftar situs resmi desa dan kelurahan."
    meta = Meta(describe(page, block_description, route.title, fallback),
                page.title if page else title)
    if page is not None and page.kind == "berita":
        meta.og_type = "article"
    if canonical and vs is not None and page is not None and page.image:
        shared = og_image(vs, page.image)
        if shared:
            meta.image = urljoin(canonical, link(shared))
    if village is None:
        return meta
    home = urljoin(canonical, link("")) if canonical else None
    graph: list[dict[str, Any]] = []
    if route.url == "":
        graph.append(organization(village, home, full=True))
    if page is not None:
        data = page_json_ld(page, village, meta, canonical, home)
        if data:
            graph.append(data)
    if graph:
        payload = {"@context": "https://schema.org", **graph[0]} if len(graph) == 1 else \
            {"@context": "https://schema.org", "@graph": graph}
        meta.json_ld = dump_json_ld(payload)
    return meta


@jinja2.pass_context
def seo_global(context: jinja2.runtime.Context, description: str = "",
               title: str = "") -> Meta:
    """Jinja ``seo(self.description()|striptags, self.title()|striptags)``."""
    return build_meta(context, description, title)

