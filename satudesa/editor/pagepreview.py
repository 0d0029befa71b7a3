"""Pratinjau: the whole page of an unsaved form, as the resident will see it.

The village is loaded with the form's text in place of the file (a draft is
treated as published, a scheduled page as due), then the page's route from the
village's own route table is rendered by the real :class:`Renderer` with the
village's theme: the same template and the same bytes the static build writes.
Relative links in that page point beside it, so the editor serves the page
under ``/<slug>/pratinjau/situs/<its URL>`` and the stylesheet and media next to
it (:func:`preview_file`).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import Problem, Report
from ..images.variants import CACHE_DIR, cached_variant, original_ext, probe, published, variant_url
from ..inputs.media import sniff
from ..inputs.sources import village_files
from ..inputs.themes import resolve_theme
from ..links import slugify
from ..load.content import VillageLoader
from ..load.kinds import Kind
from ..load.kip import load_transparency
from ..load.loader import current_time, load_portal
from ..load.model import Page
from ..load.registry import Village
from ..render.renderer import Renderer
from ..site.route import RouteTable
from . import frontmatter

NEW_NAME = "pratinjau-tulisan-baru"  # the file name a new, unnamed document is previewed at
MEDIA_TYPES = {"jpeg": "image/jpeg", "png": "image/png", "webp": "image/webp",
               "gif": "image/gif", "avif": "image/avif", "pdf": "application/pdf"}
# The theme's own files (never an officer's): typed by their name.
STATIC_TYPES = {"css": "text/css; charset=utf-8", "svg": "image/svg+xml",
                "js": "text/javascript; charset=utf-8", "png": "image/png",
                "woff2": "font/woff2"}
_VARIANT = re.compile(r"(?P<stem>.+)-(?P<width>[0-9]{2,5})\.(?P<digest>[0-9a-f]+)\."
                      r"(?P<ext>webp|jpg|png|gif)\Z")
MAX_PARTS = 8


@dataclass(frozen=True)
class PagePreview:
    """What Pratinjau shows: the page's bytes (None when it would not load) and problems."""

    html: bytes | None
    url: str
    problems: list[Problem]


def page_url(kind_name: str, name: str) -> str:
    """The village URL a document of this kind and file name is published at."""
    slug = slugify(name)
    return f"{slug}/" if kind_name == "halaman" else f"{kind_name}/{slug}/"


def published_text(text: str) -> str:
    """``text`` with its state set to terbit, so a draft previews like the published page."""
    try:
        forced = frontmatter.edit(text, {"status": "terbit"}, None)
        if frontmatter.split(text)[0].get("draft") is not None:
            forced = frontmatter.edit(forced, {"draft": False}, None)
    except Exception:  # noqa: BLE001 - the loader reports what is wrong with it
        forced = text
    return forced.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


class _PreviewLoader(VillageLoader):
    """A village loader that reads ``text`` instead of the file at ``path``."""

    def __init__(self, village: Village, site_dir: Path, report: Report, now: dt.datetime,
                 path: Path, text: str) -> None:
        super().__init__(village, site_dir, report, now)
        self.target, self.text = path, text
        self.page: Page | None = None
        self.seen = False

    def read_page(self, path: Path, kind: Kind, text: str | None = None) -> Page | None:
        """The form's text at its own path; every other file as it is on disk."""
        if path == self.target:
            self.seen = True
            self.page = super().read_page(path, kind, text=self.text)
            return self.page
        return super().read_page(path, kind, text)


def render_page(site_dir: Path, village: Village, kind: Kind, path: Path,
                text: str) -> PagePreview:
    """Render the page ``text`` would publish at ``path`` with the village's theme."""
    report = Report()
    # Far in the future: a scheduled page previews like any other.
    now = current_time() + dt.timedelta(days=36500)
    site = load_portal(site_dir, Report(), now)
    url = page_url(kind.name, path.stem)
    loader = _PreviewLoader(village, site_dir, report, now, path, published_text(text))
    root = loader.root
    with village_files(root, site_dir, report):
        vs = loader.load()
        if not loader.seen:  # a new document: not on disk yet, added to its kind
            page = loader.read_page(path, kind)
            if page is not None and loader.render_body(page):
                vs.pages.setdefault(kind.name, []).insert(0, page)
        load_transparency(vs, site_dir, report, now)
    site.villages[village.slug] = vs
    site.registry.setdefault(village.slug, village)  # a village not yet live previews too
    page = loader.page
    problems = [p for p in report.problems if p.path.endswith(f"/{kind.name}/{path.name}")]
    if page is None or page.url != url:
        return PagePreview(None, url, problems or report.errors)
    renderer = Renderer(site)
    scope = renderer.village_scope(village.slug)
    route = scope.table.get(page.url)
    if route is None or not route.is_html:
        return PagePreview(None, url, problems)
    return PagePreview(renderer.render(scope, route), url, problems)


def render_saved(site_dir: Path, village: Village, url: str) -> PagePreview:
    """A page of the village as it is saved (what residents see now), for links in Pratinjau.

    Only pages rendered from a template are answered: the URL is looked up in the
    route table, never joined onto a path.
    """
    from ..load.content import load_village

    report = Report()
    site = load_portal(site_dir, Report())
    site.villages[village.slug] = load_village(village, site_dir, report, site.now)
    site.registry.setdefault(village.slug, village)
    renderer = Renderer(site)
    scope = renderer.village_scope(village.slug)
    route = scope.table.get(url)
    if route is None or not route.is_html:
        return PagePreview(None, url, [])
    return PagePreview(renderer.render(scope, route), url, [])


def _parts(rel: str) -> list[str] | None:
    parts = rel.split("/")
    if not 2 <= len(parts) <= MAX_PARTS or any(
            p in ("", ".", "..") or p.startswith(".") or "\\" in p or "\0" in p for p in parts):
        return None
    return parts


def _regular(folder: Path, parts: list[str]) -> Path | None:
    """``folder/parts…`` when every step is a real folder and the last a regular file."""
    current = folder
    if current.is_symlink() or not current.is_dir():
        return None
    for index, part in enumerate(parts):
        entries = {entry.name: entry for entry in current.iterdir()}
        entry = entries.get(part)
        if entry is None or entry.is_symlink():
            return None
        if index == len(parts) - 1:
            return entry if entry.is_file() else None
        if not entry.is_dir():
            return None
        current = entry
    return None


def preview_file(site_dir: Path, village: Village, rel: str) -> tuple[bytes, str] | None:
    """A file the previewed page links to, and its type; None for anything else.

    Images are decoded (probed, variants made) here, so the editor asks the check
    worker to run it (``checking.preview_media``).

    Only the village's stylesheet and theme files (``static/…``) and existing
    regular files under ``content/<slug>/media/`` or their generated image
    variants are served; the type of a media file is read from its bytes.
    """
    parts = _parts(rel)
    if parts is None:
        return None
    if parts[0] == "static":
        return _static(site_dir, village, rel)
    if parts[0] != "media":
        return None
    media = site_dir / "content" / village.slug / "media"
    found = _regular(media, parts[1:])
    if found is not None:
        info = probe(found)
        data = (cached_variant(site_dir / CACHE_DIR, info, None, original_ext(info))
                if info is not None else found.read_bytes())
    else:
        match = _VARIANT.match(parts[-1])
        if match is None:
            return None
        data = b""
        for ext in ("jpg", "jpeg", "png", "webp", "gif", "avif", "JPG", "JPEG", "PNG"):
            original = _regular(media, [*parts[1:-1], f"{match['stem']}.{ext}"])
            info = probe(original) if original is not None else None
            if info is None:
                continue
            url = "/".join([*parts[:-1], f"{match['stem']}.{ext}"])
            if variant_url(url, info, int(match["width"]), match["ext"]) == rel \
                    and (int(match["width"]), match["ext"]) in published(info):
                data = cached_variant(site_dir / CACHE_DIR, info, int(match["width"]),
                                      match["ext"])
                break
        if not data:
            return None
    kind = MEDIA_TYPES.get(sniff(data[:64]))
    return (data, kind) if kind else None


def _static(site_dir: Path, village: Village, rel: str) -> tuple[bytes, str] | None:
    site = load_portal(site_dir, Report())
    renderer = Renderer(site)
    table: RouteTable = {}
    theme = resolve_theme(renderer.theme_name(village), site_dir)
    renderer._stylesheet(theme, village.color, table)  # the same URLs the page links to
    route = table.get(rel)
    if route is None:
        return None
    data = renderer.render(renderer.portal_scope(), route)
    kind = STATIC_TYPES.get(rel.rsplit(".", 1)[-1])
    return (data, kind) if kind else None
