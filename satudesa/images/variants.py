"""Responsive, privacy-safe images: a few widths as WebP with a JPEG (or PNG) fallback.

Every image a village publishes goes through Pillow: the original is re-saved
without its metadata (officers' phone photos carry GPS coordinates), reduced by a
power of two when it is much larger than any screen needs (a 4000x3000 phone photo
is published at 2000x1500), and a few narrower WebP variants are made for phones,
plus one JPEG (or PNG) at the widest of them for browsers without WebP and for
link previews. All come from one decode at the reduced scale, each variant that
decode divided by a whole number (``Image.reduce``, a box average: a 2000-wide
decode gives 1000, 667 and 334), which costs a fraction of a Lanczos resize.
Variant names carry a hash of the source bytes (``media/foto-667.1a2b3c4d5e.webp``),
so hosts may cache them for a year. The choices and their figures are in
docs/scaling.md ("Photos").

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
import threading
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps
from PIL import __version__ as PILLOW_VERSION

from satudesa.regular import read_bytes

# The widths phones ask for, in device pixels: thumbnails (<= 288 at DPR 3) and the
# two-column gallery at DPR 2 (324), the gallery at DPR 3 (486-556) and the content
# column at DPR 2 (656), the content column at DPR 2.6-3 (984-1140, served a little
# under). A photo's variants are its decode divided by the whole number nearest to
# decode width / target: a 2000-wide decode gives 334, 667 and 1000; a small image
# is resized to the targets themselves (ImageInfo.widths, docs/scaling.md).
TARGETS = (320, 640, 960)
# The content column is at most 60rem wide (see style.css): phones get the full width.
SIZES = "(min-width: 60rem) 58rem, calc(100vw - 2rem)"
# Every raster format media.py accepts: each is re-encoded without metadata (a GIF as
# its first frame, without comments; an AVIF as AVIF), never copied as it came.
PROCESSED = (".jpg", ".jpeg", ".png", ".webp", ".gif", ".avif")
CACHE_DIR = Path(".cache") / "images"
MAX_PIXELS = 60_000_000  # a 60 MP photo is already more than any phone takes
ORIGINAL_MIN_EDGE = 1600  # the published original is reduced, but keeps this long side
WEBP_QUALITY = 72
# libwebp's effort: 2 costs 60% less CPU than 4 for ~5% more bytes (docs/scaling.md).
WEBP_METHOD = 2
JPEG_QUALITY = 78
ORIGINAL_QUALITY = 85
# Bump when _load_rgb, _encode or make_variants encode differently. With the
# settings above and Pillow's version it names the cache entries, so a new
# encoder never reuses an old encode (and the sweep deletes the old ones).
# 2: decode once at a reduced scale (JPEG draft mode); the original is reduced too.
# 3: GIF and AVIF re-encoded too; image.info emptied before saving (issue 14).
# 4: widths by whole-number reduction, WebP method 2, one fallback (issue 17).
ENCODING = 4
ENCODER = hashlib.sha256(repr((ENCODING, PILLOW_VERSION, TARGETS, WEBP_QUALITY, WEBP_METHOD,
                               JPEG_QUALITY, ORIGINAL_QUALITY, ORIGINAL_MIN_EDGE)
                              ).encode()).hexdigest()


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
    def reduction(self) -> int:
        """The power of two (at most 8) the source's sides are divided by when decoded.

        The published original keeps a long side of at least :data:`ORIGINAL_MIN_EDGE`
        and a width of at least the widest target, so a 12-megapixel phone photo
        (4000x3000) is decoded and published at 2000x1500: what a JPEG decoder
        produces at half scale for almost the price of reading the file.
        """
        factor = 1
        while factor < 8:
            larger = factor * 2
            if (max(self.width, self.height) / larger < ORIGINAL_MIN_EDGE
                    or self.width / larger < TARGETS[-1]):
                break
            factor = larger
        return factor

    @property
    def decoded(self) -> tuple[int, int]:
        """Size of the decode every file is made from (sides divided and rounded up)."""
        factor = self.reduction
        return -(-self.width // factor), -(-self.height // factor)

    @property
    def by_division(self) -> bool:
        """Whether the variants are the decode divided by whole numbers (a photo wider
        than :data:`ORIGINAL_MIN_EDGE`, where a Lanczos resize would cost more than all
        the rest) rather than Lanczos resizes to the targets (an image already made
        small, where a resize costs little and whole divisors would leave gaps: a
        1200-wide image divides into 1200 and 600, too far apart)."""
        return self.reduction > 1 or self.width > ORIGINAL_MIN_EDGE

    @property
    def divisors(self) -> tuple[int, ...]:
        """Whole numbers the decode is divided by, one per variant, widest variant first."""
        if not self.by_division:
            return ()
        width = self.decoded[0]
        return tuple(sorted({max(1, int(width / target + 0.5)) for target in TARGETS}))

    @property
    def widths(self) -> tuple[int, ...]:
        """Variant widths, narrowest first (a small image has one: its own width).

        A small image gets the targets up to 80% of its width and the widest target
        or its own width, whichever is narrower (800 wide: 320, 640, 800).
        """
        width = self.decoded[0]
        if self.by_division:
            return tuple(sorted({-(-width // k) for k in self.divisors}))
        return tuple(sorted({t for t in TARGETS if t <= 0.8 * width}
                            | {min(width, TARGETS[-1])}))

    @property
    def fallback_width(self) -> int:
        """Width of the one JPEG (or PNG) variant: the widest."""
        return self.widths[-1]

    def divisor(self, width: int) -> int:
        """The divisor that makes the variant ``width`` wide."""
        decoded = self.decoded[0]
        return next(k for k in self.divisors if -(-decoded // k) == width)

    def height_at(self, width: int) -> int:
        """Height of the variant ``width`` wide (exact for a published width)."""
        if self.by_division and width in self.widths:
            return -(-self.decoded[1] // self.divisor(width))
        return max(1, round(self.height * width / self.width))


# What ImageInfo holds besides the path: digest, width, height, fallback, source format.
Facts = tuple[str, int, int, str, str]


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


def remember(path: Path, stat: os.stat_result, data: bytes, image: Image.Image
             ) -> Facts | None:
    """Record what :func:`probe` would find, from an image the media check already opened.

    ``data`` are the bytes read after ``stat`` and ``image`` is open on them, within
    the media check's limits (at most 40 megapixels, below :data:`MAX_PIXELS`), so the
    answer is the one a fresh read would give, without reading or decoding twice.
    Returns the image's :func:`facts` (taken from what is known when it is).
    """
    key = (str(path), stat.st_size, stat.st_mtime_ns)
    with _lock:
        known = _infos.get(key)
    if known is not None:  # known from an earlier load: nothing to compute again
        return _facts_of(known)
    found = facts(data, image)
    remember_facts(path, stat, found)
    return found


def facts(data: bytes, image: Image.Image) -> Facts | None:
    """What :func:`remember` records of an image open on ``data``, without its path.

    Plain values, so the media check can keep them with its verdict in the
    derived-output cache and hand them to :func:`remember_facts` on a hit,
    without opening the image again. None: not a photo format we process.
    """
    info = _info(Path(), data, image)
    return None if info is None else _facts_of(info)


def _facts_of(info: ImageInfo) -> Facts:
    return info.digest, info.width, info.height, info.fallback, info.source_format


def remember_facts(path: Path, stat: os.stat_result, found: Facts | None) -> None:
    """Record what :func:`probe` would find from :func:`facts` of the bytes read after ``stat``."""
    key = (str(path), stat.st_size, stat.st_mtime_ns)
    info = ImageInfo(path, *found) if found is not None and \
        path.name.lower().endswith(PROCESSED) else None
    with _lock:
        _infos.setdefault(key, info)


def image_digests(assets: Mapping[str, Path]) -> dict[str, str]:
    """Source digest of every readable image among a village's assets, by URL.

    Pages name variants by the source's hash, so the incremental build counts a
    replaced photo as a change of the village even when no page source changed.
    """
    found = {url: probe(path) for url, path in sorted(assets.items())}
    return {url: info.digest for url, info in found.items() if info is not None}


def _read_info(path: Path) -> ImageInfo | None:
    if not path.name.lower().endswith(PROCESSED):
        return None
    try:
        data = read_bytes(path)
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
        if fmt not in ("jpeg", "png", "webp", "gif", "avif"):
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


def _load_rgb(info: ImageInfo) -> Image.Image:
    """The source decoded once, upright, in RGB(A), divided by :attr:`ImageInfo.reduction`.

    A JPEG is decoded at the reduced scale directly (Pillow's draft mode, DCT scaling);
    other formats are decoded whole and box-reduced. Every variant is made from this.
    """
    image = _open(read_bytes(info.path))
    factor = info.reduction
    if factor > 1 and image.format == "JPEG":
        image.draft("RGB", (image.width // factor, image.height // factor))
    if image.getexif().get(0x0112, 1) != 1:  # untouched otherwise: a copy costs 2-3 ms
        image = ImageOps.exif_transpose(image)
    mode = "RGBA" if info.fallback == "png" else "RGB"
    image = image.convert(mode) if image.mode != mode else image
    if factor > 1 and image.width > -(-info.width // factor):  # not scaled by a decoder
        image = image.reduce(factor)  # sides divided and rounded up, as draft mode does
    return image


def _encode(image: Image.Image, ext: str, quality: int) -> bytes:
    """Encode without any metadata.

    Pillow writes EXIF, XMP or ICC only when asked, except what an encoder takes
    from ``image.info`` (a GIF's comment), so that is emptied first. A JPEG is
    baseline with standard Huffman tables: a quarter of a progressive, optimised
    encode's CPU for ~8% more bytes, in files few residents open (docs/scaling.md).
    """
    out = io.BytesIO()
    image.info = {}
    if ext == "avif":
        image.save(out, "AVIF", quality=quality)
    elif ext == "gif":
        image.save(out, "GIF", optimize=True)
    elif ext == "webp":
        image.save(out, "WEBP", quality=quality, method=WEBP_METHOD)
    elif ext == "png":
        image.save(out, "PNG", optimize=True)
    else:
        image.save(out, "JPEG", quality=quality)
    return out.getvalue()


def published(info: ImageInfo) -> tuple[tuple[int, str], ...]:
    """The (width, extension) of every variant pages name: each width as WebP, and the
    widest in the fallback format too (``<img src>`` and link previews)."""
    return (*((width, "webp") for width in info.widths), (info.fallback_width, info.fallback))


def make_variant(info: ImageInfo, width: int | None, ext: str) -> bytes:
    """Encode one variant (``width`` None: the original, metadata stripped).

    The same bytes as :func:`make_variants` gives, whichever way a variant is asked for.
    """
    made = make_variants(info)
    if (width, ext) in made:
        return made[(width, ext)]
    image = _load_rgb(info)  # a format no page names (e.g. WebP of a small original)
    if width and width < image.width:
        image = image.resize((width, info.height_at(width)), Image.Resampling.LANCZOS)
    return _encode(image, ext, _quality(width, ext))


def _quality(width: int | None, ext: str) -> int:
    if width is None:
        return ORIGINAL_QUALITY
    return WEBP_QUALITY if ext == "webp" else JPEG_QUALITY


def make_variants(info: ImageInfo) -> dict[tuple[int | None, str], bytes]:
    """Every published file of one image from a single decode: the original, then each width.

    For a photo (:attr:`ImageInfo.by_division`) each variant is the decode
    box-averaged by a whole number (``Image.reduce``), from the widest variant made
    so far whose divisor divides it (334 from 667); for a small image each width is
    a Lanczos resize of the previous one.
    """
    image = _load_rgb(info)
    made = {(None, original_ext(info)): _encode(image, original_ext(info), ORIGINAL_QUALITY)}
    reduced = {1: image}
    variant = image
    for width in sorted(info.widths, reverse=True):
        if info.by_division:
            k = info.divisor(width)
            base = max(d for d in reduced if k % d == 0)
            variant = reduced[base].reduce(k // base) if k > base else reduced[base]
            reduced[k] = variant
        elif width < variant.width:
            variant = variant.resize((width, info.height_at(width)), Image.Resampling.LANCZOS)
        made[(width, "webp")] = _encode(variant, "webp", WEBP_QUALITY)
        if width == info.fallback_width:
            # For link previews and the browsers without WebP (about none).
            made[(width, info.fallback)] = _encode(variant, info.fallback, JPEG_QUALITY)
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


def decoded_before(cache: Path, data: bytes, fmt: str) -> bool:
    """Whether the image of ``data`` was decoded whole before: its stripped original is cached.

    Variants are made from a full decode (:func:`make_variants`), so the entry
    proves the bytes decode; keyed by their digest, it outlives any process.
    """
    ext = _ORIGINAL_EXT.get(fmt.lower())
    if ext is None:
        return False
    digest = hashlib.sha256(data).hexdigest()[:10]
    return (cache / f"{cache_digest(digest)}-asli.{ext}").is_file()


_ORIGINAL_EXT = {"jpeg": "jpg", "png": "png", "webp": "webp", "gif": "gif", "avif": "avif"}


def original_ext(info: ImageInfo) -> str:
    """The published original keeps its format."""
    return _ORIGINAL_EXT[info.source_format]
