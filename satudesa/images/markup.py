"""Picture markup: ``<picture>`` with a WebP ``srcset`` and one fallback for village images."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING
from urllib.parse import unquote

from markupsafe import Markup, escape

from satudesa.images.variants import SIZES, ImageInfo, probe, variant_url
from satudesa.links import quote_path, relative

if TYPE_CHECKING:
    from satudesa.load.model import VillageSite


def picture(info: ImageInfo, url: str, link: Callable[[str], str], alt: str,
            lazy: bool = True, sizes: str = SIZES, css_class: str = "",
            box: tuple[int, int] | None = None) -> Markup:
    """``<picture>`` with a WebP ``srcset`` and one fallback ``<img>``, fixed width/height,
    lazy or eager.

    ``url`` is the village URL of the source (unquoted); ``link`` makes it relative.
    ``alt`` is plain text, or Markup that is already escaped. ``box`` (width, height)
    replaces the intrinsic size when the theme shows the image at a fixed size.
    """
    webp = ", ".join(f"{link(quote_path(variant_url(url, info, w, 'webp')))} {w}w"
                     for w in info.widths)
    # One fallback file, the widest variant: every browser residents use takes WebP.
    fallback = info.fallback_width
    src = link(quote_path(variant_url(url, info, fallback, info.fallback)))
    width, height = box or (fallback, info.height_at(fallback))
    attrs = [f'src="{escape(src)}"', f'srcset="{escape(src)} {fallback}w"',
             f'sizes="{escape(sizes)}"', f'width="{width}"', f'height="{height}"',
             f'alt="{escape(alt)}"']
    if css_class:
        attrs.append(f'class="{escape(css_class)}"')
    attrs.append('loading="lazy" decoding="async"' if lazy else 'fetchpriority="high"')
    return Markup(f'<picture><source type="image/webp" srcset="{escape(webp)}" '
                  f'sizes="{escape(sizes)}"><img {" ".join(attrs)}></picture>')


def image_info(vs: VillageSite, url: str) -> ImageInfo | None:
    """Info of the image published at village URL ``url`` (quoted or not)."""
    path = vs.assets.get(unquote(url))
    return probe(path) if path is not None else None


_IMG = re.compile(r"<img\s[^>]*>")
_ATTR = re.compile(r'([a-zA-Z-]+)="([^"]*)"')


def responsive_body(html: str, page_url: str, vs: VillageSite) -> str:
    """Replace each local ``<img>`` of sanitised body HTML by a responsive ``<picture>``.

    Body images sit below the page title, so they load lazily. An ``<img>`` left
    without ``src`` (its file is missing or refused, which was warned) is removed;
    remote or unreadable images are left as they are.
    """
    here = page_url.rstrip("/") if page_url.endswith("/") else posixpath.dirname(page_url)

    def replace(match: re.Match[str]) -> str:
        attrs = dict(_ATTR.findall(match.group(0)))
        src = attrs.get("src", "")
        if not src:  # missing or refused (warned when loading): no broken-image icon
            return ""
        if ":" in src.split("/")[0] or src.startswith("/"):
            return match.group(0)
        target = posixpath.normpath(posixpath.join(here, unquote(src)))
        info = image_info(vs, target)
        if info is None:
            return match.group(0)
        alt = Markup(attrs.get("alt", ""))  # already escaped by nh3
        return str(picture(info, target, partial(relative, page_url), alt))

    return _IMG.sub(replace, html)


def cover(context_url: Callable[[str], str], vs: VillageSite | None, url: str, alt: str = "",
          lazy: bool = False, sizes: str = SIZES, css_class: str = "cover",
          box: tuple[int, int] | None = None) -> Markup:
    """Markup for a template image (cover, thumbnail, photo) given its village URL.

    A file Pillow cannot read (refused elsewhere, or a test stub) gets a plain ``<img>``.
    """
    if not url:
        return Markup("")
    info = image_info(vs, url) if vs is not None else None
    if info is not None:
        return picture(info, unquote(url), context_url, alt, lazy=lazy, sizes=sizes,
                       css_class=css_class, box=box)
    attrs = [f'class="{escape(css_class)}"'] if css_class else []
    attrs += [f'src="{escape(context_url(url))}"', f'alt="{escape(alt)}"']
    if box:
        attrs.append(f'width="{box[0]}" height="{box[1]}"')
    if lazy:
        attrs.append('loading="lazy"')
    return Markup(f"<img {' '.join(attrs)}>")


def og_image(vs: VillageSite, url: str) -> str | None:
    """Village URL of the variant used for sharing: the one fallback (JPEG or PNG)."""
    info = image_info(vs, url)
    if info is None:
        return None
    return quote_path(variant_url(unquote(url), info, info.fallback_width, info.fallback))
