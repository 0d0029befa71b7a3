"""Responsive, privacy-safe images: a few widths as WebP with a JPEG (or PNG) fallback.

Every image a village publishes goes through Pillow: the original is re-saved
without its metadata (officers' phone photos carry GPS coordinates), and a few
narrower variants are made for phones. Variant names carry a hash of the source
bytes (``media/foto-640.1a2b3c4d5e.webp``), so hosts may cache them for a year.

Work is cached by content hash in ``<site>/.cache/images/``: an image is decoded
and resized once, however many builds, villages or preview reloads use it, and
the fast build deletes the entries of photos no village publishes any more
(:mod:`satudesa.imagecache`). The variants are ordinary
:class:`~satudesa.routes.Route` objects with ``produce``, so the preview and the
static build serve the same bytes.
"""

from __future__ import annotations

import hashlib
import io
import os
import posixpath
import re
import threading
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote

import jinja2
from markupsafe import Markup, escape
from PIL import Image, ImageOps
from PIL import __version__ as PILLOW_VERSION

from satudesa.links import quote_path, relative

if TYPE_CHECKING:
    from satudesa.model import Site, VillageSite
    from satudesa.site.sections import RouteTable

WIDTHS = (320, 640, 960, 1280)
FALLBACK_WIDTH = 640  # the <img src> for browsers without srcset
# The content column is at most 60rem wide (see style.css): phones get the full width.
SIZES = "(min-width: 60rem) 58rem, calc(100vw - 2rem)"
PROCESSED = (".jpg", ".jpeg", ".png", ".webp")
CACHE_DIR = Path(".cache") / "images"
MAX_PIXELS = 60_000_000  # a 60 MP photo is already more than any phone takes
WEBP_QUALITY = 72
JPEG_QUALITY = 78
ORIGINAL_QUALITY = 88
# Bump when _load_rgb, _encode or make_variants encode differently. With the
# settings above and Pillow's version it names the cache entries, so a new
# encoder never reuses an old encode (and the sweep deletes the old ones).
ENCODING = 1
ENCODER = hashlib.sha256(repr((ENCODING, PILLOW_VERSION, WIDTHS, WEBP_QUALITY, JPEG_QUALITY,
                               ORIGINAL_QUALITY)).encode()).hexdigest()


@dataclass(frozen=True)
class ImageInfo:
    """What the pages need to know about one source image, from its header and bytes."""

    path: Path
    digest: str  # sha256 of the source bytes, first 10 hex digits
    width: int  # after EXIF rotation
    height: int
    fallback: str  # "jpg" or "png" (images with transparency)
    source_format: str  # "jpeg", "png", "webp"

    @property
    def widths(self) -> tuple[int, ...]:
        """Variant widths: the standard ones below the original, plus the original if small."""
        below = tuple(w for w in WIDTHS if w < self.width)
        if self.width <= WIDTHS[-1]:
            return (*below, self.width)
        return below

    def height_at(self, width: int) -> int:
        """Height of the variant ``width`` wide."""
        return max(1, round(self.height * width / self.width))


_infos: dict[tuple[str, int, int], ImageInfo | None] = {}
_lock = threading.Lock()


def forget() -> None:
    """Drop what this process remembers of images (a build worker never loads one twice)."""
    with _lock:
        _infos.clear()


def probe(path: Path) -> ImageInfo | None:
    """Hash and measure ``path``; None when Pillow cannot read it as a photo format.

    Cached by path, size and modification time, so a preview reload costs a stat.
    """
    try:
        stat = path.stat()
    except OSError:
        return None
    key = (str(path), stat.st_size, stat.st_mtime_ns)
    with _lock:
        if key in _infos:
            return _infos[key]
    info = _read_info(path)
    with _lock:
        _infos[key] = info
    return info


def remember(path: Path, stat: os.stat_result, data: bytes, image: Image.Image) -> None:
    """Record what :func:`probe` would find, from an image the media check already opened.

    ``data`` are the bytes read after ``stat`` and ``image`` is open on them, within
    the media check's limits (at most 40 megapixels, below :data:`MAX_PIXELS`), so the
    answer is the one a fresh read would give, without reading or decoding twice.
    """
    key = (str(path), stat.st_size, stat.st_mtime_ns)
    with _lock:
        if key in _infos:  # known from an earlier load: nothing to read again
            return
    info = _info(path, data, image) if path.name.lower().endswith(PROCESSED) else None
    with _lock:
        _infos[key] = info


def _read_info(path: Path) -> ImageInfo | None:
    if not path.name.lower().endswith(PROCESSED):
        return None
    try:
        data = path.read_bytes()
        image = _open(data)
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError,
            Image.DecompressionBombWarning):
        return None
    with image:
        return _info(path, data, image)


def _info(path: Path, data: bytes, image: Image.Image) -> ImageInfo | None:
    """The info of an image open on ``data``; None when it is not a photo format we process."""
    try:
        fmt = (image.format or "").lower()
        if fmt not in ("jpeg", "png", "webp"):
            return None
        width, height = image.size
        if image.getexif().get(0x0112) in (5, 6, 7, 8):  # rotated a quarter turn
            width, height = height, width
        alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError,
            Image.DecompressionBombWarning):
        return None
    digest = hashlib.sha256(data).hexdigest()[:10]
    return ImageInfo(path, digest, width, height, "png" if alpha else "jpg", fmt)


def _open(data: bytes) -> Image.Image:
    """Open image bytes, refusing decompression bombs (a warning is an error here)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        image = Image.open(io.BytesIO(data))
        if image.width * image.height > MAX_PIXELS:
            raise Image.DecompressionBombError("gambar terlalu besar")
        return image


# -- names ---------------------------------------------------------------------


def variant_url(url: str, info: ImageInfo, width: int, ext: str) -> str:
    """Village URL of one variant: ``media/a b.jpg`` -> ``media/a b-640.<hash>.webp``."""
    stem = url.rsplit(".", 1)[0]
    return f"{stem}-{width}.{info.digest}.{ext}"


def cache_digest(digest: str) -> str:
    """The 10-hex-digit name of a source's entries in the cache: its digest and the encoder."""
    return hashlib.sha256(f"{ENCODER}\0{digest}".encode()).hexdigest()[:10]


def _cache_name(info: ImageInfo, width: int | None, ext: str) -> str:
    return f"{cache_digest(info.digest)}-{width or 'asli'}.{ext}"


# -- producing bytes -------------------------------------------------------------


def _load_rgb(info: ImageInfo, width: int | None) -> Image.Image:
    """The source decoded, upright, in RGB(A), and drafted near ``width`` for speed."""
    image = _open(info.path.read_bytes())
    if width and image.format == "JPEG":
        # Let the JPEG decoder downscale by a power of two first: much faster for big photos.
        image.draft("RGB", (width, info.height_at(width)))
    image = ImageOps.exif_transpose(image)
    mode = "RGBA" if info.fallback == "png" else "RGB"
    return image.convert(mode) if image.mode != mode else image


def _encode(image: Image.Image, ext: str, quality: int) -> bytes:
    """Encode without any metadata: Pillow writes EXIF, XMP or ICC only when asked."""
    out = io.BytesIO()
    if ext == "webp":
        image.save(out, "WEBP", quality=quality, method=4)
    elif ext == "png":
        image.save(out, "PNG", optimize=True)
    else:
        image.save(out, "JPEG", quality=quality, optimize=True, progressive=True)
    return out.getvalue()


def make_variant(info: ImageInfo, width: int | None, ext: str) -> bytes:
    """Encode one variant (``width`` None: the original size, metadata stripped)."""
    image = _load_rgb(info, width)
    if width and width < image.width:
        image = image.resize((width, info.height_at(width)), Image.Resampling.LANCZOS)
    return _encode(image, ext, _quality(width, ext))


def _quality(width: int | None, ext: str) -> int:
    if width is None:
        return ORIGINAL_QUALITY
    return WEBP_QUALITY if ext == "webp" else JPEG_QUALITY


def make_variants(info: ImageInfo) -> dict[tuple[int | None, str], bytes]:
    """Every published file of one image from a single decode: the original, then each width."""
    image = _load_rgb(info, None)
    made = {(None, original_ext(info)): _encode(image, original_ext(info), ORIGINAL_QUALITY)}
    for width in sorted(info.widths, reverse=True):
        if width < image.width:
            image = image.resize((width, info.height_at(width)), Image.Resampling.LANCZOS)
        for ext in ("webp", info.fallback):
            made[(width, ext)] = _encode(image, ext, _quality(width, ext))
    return made


def cached_variant(cache: Path, info: ImageInfo, width: int | None, ext: str) -> bytes:
    """A variant from the cache; on a miss the whole image is processed once and stored.

    Writes are atomic (temporary name, then rename), so parallel builds sharing the
    cache never read half a file.
    """
    target = cache / _cache_name(info, width, ext)
    try:
        return target.read_bytes()
    except FileNotFoundError:
        pass
    cache.mkdir(parents=True, exist_ok=True)
    made = make_variants(info)
    for (w, e), data in made.items():
        path = cache / _cache_name(info, w, e)
        temp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}")
        temp.write_bytes(data)
        os.replace(temp, path)
    return made.get((width, ext)) or make_variant(info, width, ext)


def original_ext(info: ImageInfo) -> str:
    """The published original keeps its format."""
    return {"jpeg": "jpg", "png": "png", "webp": "webp"}[info.source_format]


# -- routes ------------------------------------------------------------------------


def add_image_routes(site: Site, vs: VillageSite, table: RouteTable) -> None:
    """Claim every image asset of a village: its stripped original and its variants.

    Runs before the plain asset copy, so the first claim (ours) wins those URLs.
    Files Pillow cannot read are left to the plain asset copy.
    """
    from satudesa.site.sections import Route, add  # routes imports the section builders

    cache = site.site_dir / CACHE_DIR
    digests: dict[str, str] = {}
    for url, path in sorted(vs.assets.items()):
        info = probe(path)
        if info is None:
            continue
        digests[url] = info.digest
        add(table, Route(url, produce=partial(cached_variant, cache, info, None,
                                              original_ext(info)), in_sitemap=False))
        for width in info.widths:
            for ext in ("webp", info.fallback):
                add(table, Route(variant_url(url, info, width, ext),
                                 produce=partial(cached_variant, cache, info, width, ext),
                                 in_sitemap=False))
    # Pages name variants by the source's hash: the incremental build must see a
    # replaced photo as a change of the village, even when no page source changed.
    vs.data["gambar"] = digests


# -- markup ------------------------------------------------------------------------


def picture(info: ImageInfo, url: str, link: Callable[[str], str], alt: str,
            lazy: bool = True, sizes: str = SIZES, css_class: str = "",
            box: tuple[int, int] | None = None) -> Markup:
    """``<picture>`` with WebP and fallback ``srcset``, fixed width/height, lazy or eager.

    ``url`` is the village URL of the source (unquoted); ``link`` makes it relative.
    ``alt`` is plain text, or Markup that is already escaped. ``box`` (width, height)
    replaces the intrinsic size when the theme shows the image at a fixed size.
    """
    def srcset(ext: str) -> str:
        return ", ".join(f"{link(quote_path(variant_url(url, info, w, ext)))} {w}w"
                         for w in info.widths)

    fallback_width = max((w for w in info.widths if w <= FALLBACK_WIDTH),
                         default=info.widths[0])
    src = link(quote_path(variant_url(url, info, fallback_width, info.fallback)))
    width, height = box or (info.widths[-1], info.height_at(info.widths[-1]))
    attrs = [f'src="{escape(src)}"', f'srcset="{escape(srcset(info.fallback))}"',
             f'sizes="{escape(sizes)}"', f'width="{width}"', f'height="{height}"',
             f'alt="{escape(alt)}"']
    if css_class:
        attrs.append(f'class="{escape(css_class)}"')
    attrs.append('loading="lazy" decoding="async"' if lazy else 'fetchpriority="high"')
    return Markup(f'<picture><source type="image/webp" srcset="{escape(srcset("webp"))}" '
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


@jinja2.pass_context
def image_global(context: jinja2.runtime.Context, url: str, alt: str = "", lazy: bool = False,
                 sizes: str = SIZES, css_class: str = "cover", width: int | None = None,
                 height: int | None = None) -> Markup:
    """Jinja ``image(url, alt, lazy)``: the one way templates show a village image.

    ``width`` and ``height`` fix the displayed box (a 72×72 portrait); otherwise the
    image's own size is used.
    """
    box = (width, height) if width and height else None
    return cover(context["url"], context.get("vs"), url, alt, lazy, sizes, css_class, box)


def og_image(vs: VillageSite, url: str) -> str | None:
    """Village URL of the variant used for sharing (largest fallback, ≤ 1280 wide)."""
    info = image_info(vs, url)
    if info is None:
        return None
    return quote_path(variant_url(unquote(url), info, info.widths[-1], info.fallback))
