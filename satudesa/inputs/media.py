"""Checking officers' media files by their bytes, never by their names.

A file is published only when its content is one of the types we serve and
agrees with its extension: a page of HTML renamed ``foto.jpg`` or a JPEG with
an HTML page hidden in it (a polyglot) would otherwise reach the site as an
"image". We do not serve SVG from officers at all: an SVG is a document that
can carry scripts, and sanitising it safely is harder than asking for a PNG.
See docs/security.md.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import struct
import threading
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, features
from PIL import __version__ as PILLOW_VERSION

from satudesa import derived
from satudesa.images import variants as images
from satudesa.inputs.sources import settled, stamp
from satudesa.regular import read_bytes

MAX_IMAGE_BYTES = 10_000_000
MAX_DOCUMENT_BYTES = 20_000_000
MAX_PIXELS = 40_000_000  # a 10 MB PNG can hold a 2-gigapixel "decompression bomb"
# Progressive scans in one JPEG: cameras and encoders write about 10. Each scan makes the
# decoder pass over the whole image again: 165,000 scans in 9.8 MB took 420 s to decode.
MAX_JPEG_SCANS = 100

IMAGE_TYPES = {"jpeg": "JPEG", "png": "PNG", "webp": "WebP", "gif": "GIF", "avif": "AVIF"}
# extension -> the type its bytes must have
EXPECTED = {
    ".jpg": "jpeg", ".jpeg": "jpeg", ".png": "png", ".webp": "webp", ".gif": "gif",
    ".avif": "avif", ".pdf": "pdf",
    ".docx": "zip", ".xlsx": "zip", ".pptx": "zip", ".odt": "zip", ".ods": "zip",
    ".odp": "zip", ".doc": "ole", ".xls": "ole", ".ppt": "ole",
    ".txt": "text", ".csv": "text",
}
LABELS = {**IMAGE_TYPES, "pdf": "PDF", "zip": "dokumen Office/ODF", "ole": "dokumen Office lama",
          "text": "teks", "html": "HTML", "svg": "SVG", "unknown": "tidak dikenal"}

# Markup a browser could run if it ever treated the file as a page. Searched in the
# lower-cased bytes (see _active): the matches of re.IGNORECASE, 2.5x faster.
_ACTIVE = re.compile(rb"<\s*(?:script|html|body|iframe|svg|object|embed|\?php)\b"
                     rb"|<!doctype\s+html|javascript:")
_PDF_ACTIVE = re.compile(rb"/(?:JavaScript|JS|Launch|EmbeddedFile|RichMedia)\b")

MAX_VERDICTS = 100_000
# Bump when the content checks decide differently: with Pillow's version and the limits it
# keys the verdicts kept in the derived-output cache (satudesa.derived) by the file's bytes.
# 2: an accepted image's verdict holds what the pages need of it (images.facts).
CHECKS = 2
CHECKS_KEY = repr((CHECKS, PILLOW_VERSION, MAX_PIXELS, MAX_JPEG_SCANS))

ALLOWED_HINT = ("gunakan JPG, PNG, WebP atau GIF untuk gambar; "
                "PDF, DOCX, XLSX atau ODT untuk dokumen")


@dataclass(frozen=True)
class Refusal:
    """Why a media file is not published: an Indonesian message and what to do."""

    message: str
    hint: str


# A file that vanished or cannot be read between the lookup and the check.
UNREADABLE = Refusal("berkas tidak dapat dibaca", "periksa izin berkas")
# Bytes after the image's end (no markup: that is refused first), e.g. the video of a
# phone's "motion photo". Served as is, they would travel with the image.
TRAILING = Refusal("ada data lain tersembunyi di belakang gambar",
                   "buka gambar di aplikasi pengolah foto lalu simpan ulang")


def sniff(head: bytes) -> str:
    """The type of a file from its first bytes: 'jpeg', 'png', … or 'unknown'."""
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if head[4:8] == b"ftyp" and head[8:12] in (b"avif", b"avis"):
        return "avif"
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith((b"<svg", b"<?xml")) and b"<svg" in start:
        return "svg"
    if start.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<script")):
        return "html"
    if b"\x00" not in head:
        return "text"
    return "unknown"


_verdicts: dict[tuple[str, bool, int, int, int, int, int], Refusal | None] = {}
_verdicts_lock = threading.Lock()


def forget() -> None:
    """Drop the remembered verdicts (a build worker never loads a village twice)."""
    with _verdicts_lock:
        _verdicts.clear()


def check_media(path: Path, image: bool = False, cache: Path | None = None) -> Refusal | None:
    """None when ``path`` may be published; else why not.

    ``cache`` is the site's image cache: an image whose stripped original is
    there has been decoded whole before, so its bytes need no second decode.

    ``image`` is True when the file is shown with ``<img>`` (it must then be a
    raster image). Reads the whole file: 10 MB at most for images.

    The verdict is remembered for this process, keyed by the file's identity,
    size, modification and change times, once the file has settled (the
    "racy git" rule: its change time is more than ``sources.SETTLED_NS`` old, so a
    rewrite, even one that restores size and modification time, changes the
    key). Reloading a village then costs a ``stat`` per file, not a read.
    """
    suffix = path.suffix.lower()
    if suffix == ".svg":
        return Refusal("berkas SVG tidak diterima karena dapat memuat skrip",
                       "ekspor gambar sebagai PNG atau JPG")
    expected = EXPECTED.get(suffix)
    if expected is None or (image and expected not in IMAGE_TYPES):
        kind = "gambar" if image else "berkas"
        return Refusal(f"jenis {kind} '{suffix or path.name}' tidak diizinkan",
                       "gunakan JPG, PNG atau WebP" if image else ALLOWED_HINT)
    try:
        stat = path.stat()
    except OSError:
        return UNREADABLE
    key = _verdict_key(path, image, stat)
    with _verdicts_lock:
        if key in _verdicts:
            return _verdicts[key]
    verdict = _check_file(path, stat, expected, cache)
    if settled(stat) and _restat_key(path, image) == key:  # not written meanwhile
        with _verdicts_lock:
            if len(_verdicts) >= MAX_VERDICTS:
                _verdicts.clear()
            _verdicts[key] = verdict
    return verdict


def _verdict_key(path: Path, image: bool,
                 stat: os.stat_result) -> tuple[str, bool, int, int, int, int, int]:
    return (os.fspath(path), image, *stamp(stat))


def _restat_key(path: Path, image: bool) -> tuple[str, bool, int, int, int, int, int] | None:
    try:
        return _verdict_key(path, image, path.stat())
    except OSError:
        return None


def _check_file(path: Path, stat: os.stat_result, expected: str,
                cache: Path | None = None) -> Refusal | None:
    """The size, signature and content checks of a file whose type its name allows."""
    size = stat.st_size
    limit = MAX_IMAGE_BYTES if expected in IMAGE_TYPES else MAX_DOCUMENT_BYTES
    if size > limit:
        noun = "gambar" if expected in IMAGE_TYPES else "berkas"
        return Refusal(f"{noun} terlalu besar ({_megabytes(size)}, batas {_megabytes(limit)})",
                       "perkecil ukuran gambar (misalnya lebar 1600 piksel) lalu simpan ulang"
                       if expected in IMAGE_TYPES else "kompres berkas atau pecah menjadi "
                       "beberapa bagian")
    try:
        data = read_bytes(path)
    except OSError:
        return UNREADABLE
    found = sniff(data[:64])
    if found != expected:
        return Refusal(f"isi berkas bukan {LABELS[expected]} seperti namanya "
                       f"(terdeteksi: {LABELS[found]})",
                       "unggah ulang berkas aslinya; jangan hanya mengganti nama berkas")
    # The image is opened once: what the pages need from it is recorded on the way,
    # and kept with the verdict, so a verdict from the cache needs no second opening.
    seen: list[images.Facts | None] = []

    def opened(image: Image.Image) -> None:
        seen.append(images.remember(path, stat, data, image))

    name = derived.key("media", CHECKS_KEY, expected,
                       str(features.check("avif")) if expected == "avif" else "",
                       hashlib.sha256(data).digest())
    found = _stored_verdict(name)
    if found is not None:
        refusal, stored = found
        if refusal is not None or expected not in IMAGE_TYPES:
            return refusal
        if stored is not None:
            images.remember_facts(path, stat, stored[0])
            return None
        if _reopen(data, opened):
            return None
    verdict = _check_content(expected, data, opened, cache)
    derived.put("media", name, _verdict_payload(verdict, seen[-1:]))
    return verdict


# An accepted image's entry: this byte, then its facts as JSON (a refusal holds a NUL).
_FACTS = b"\x01"


def _verdict_payload(verdict: Refusal | None, seen: list[images.Facts | None]) -> bytes:
    """The derived-cache entry of a verdict (with the facts of an accepted image)."""
    if verdict is not None:
        return f"{verdict.message}\0{verdict.hint}".encode()
    return _FACTS + json.dumps(seen[0]).encode() if seen else b""


def _stored_verdict(name: str
                    ) -> tuple[Refusal | None, tuple[images.Facts | None] | None] | None:
    """The verdict the derived-output cache holds for ``name``, and an accepted image's facts.

    None: no (readable) entry. The facts come as a 1-tuple (they may be None
    themselves: an image format the variants do not process), or None when the
    entry holds none.
    """
    payload = derived.get("media", name)
    if payload is None:
        return None
    if not payload:
        return None, None
    if payload.startswith(_FACTS):
        try:
            stored = json.loads(payload[1:])
        except ValueError:
            return None
        if stored is None:
            return None, (None,)
        if (isinstance(stored, list) and len(stored) == 5
                and [type(v) for v in stored] == [str, int, int, str, str]):
            return None, (tuple(stored),)  # type: ignore[arg-type]
        return None
    message, sep, hint = payload.decode("utf-8", "replace").partition("\0")
    return (Refusal(message, hint), None) if sep else None


def _reopen(data: bytes, opened: Callable[[Image.Image], None]) -> bool:
    """Open an image already accepted (its header only) so the pages learn its size."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                opened(image)
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        return False
    return True


def check_bytes(kind: str, data: bytes) -> Refusal | None:
    """The content checks of ``check_media`` on bytes already read as ``kind`` (by ``sniff``)."""
    return _check_content(kind, data)


def _active(data: bytes) -> bool:
    """Whether ``data`` holds markup a browser could run (ASCII case ignored).

    ``bytes.lower()`` folds only ASCII letters, exactly as ``re.IGNORECASE`` does
    for a bytes pattern, and ``\\s`` and ``\\b`` see the same classes either way.
    """
    return _ACTIVE.search(data.lower()) is not None


def _check_content(kind: str, data: bytes,
                   opened: Callable[[Image.Image], None] | None = None,
                   cache: Path | None = None) -> Refusal | None:
    """Refuse files that are also something else (polyglots) or carry active content.

    ``opened`` sees the image of an accepted raster file, still open.
    """
    polyglot = Refusal("berkas memuat kode HTML atau skrip tersembunyi",
                       "buka berkas di aplikasi aslinya lalu simpan atau ekspor ulang")
    if kind == "pdf":
        if _PDF_ACTIVE.search(data):
            return Refusal("PDF memuat JavaScript, tindakan otomatis atau lampiran",
                           "cetak ulang dokumen ke PDF (Simpan sebagai PDF) lalu unggah lagi")
        return polyglot if _active(data[:1024]) else None
    if kind in ("zip", "ole"):
        return polyglot if _active(data[:1024]) else None
    if _active(data):
        return polyglot
    if kind not in IMAGE_TYPES:
        return None
    if kind == "gif" and data[6:8] == b"/*":
        return polyglot  # GIF header that is also the start of a JavaScript comment
    if kind == "jpeg" and (scans := _jpeg_walk(data)[1]) > MAX_JPEG_SCANS:
        return Refusal(f"JPEG ini terdiri dari {scans} lapisan progresif (batas "
                       f"{MAX_JPEG_SCANS}); membukanya akan memakan waktu sangat lama",
                       "buka gambar di aplikasi pengolah foto lalu simpan ulang sebagai JPG "
                       "biasa")
    end = _image_end(kind, data)
    if end is not None and data[end:].strip(b"\x00\r\n"):
        return TRAILING
    return _check_pixels(kind, data, opened, cache)


def _check_pixels(kind: str, data: bytes,
                  opened: Callable[[Image.Image], None] | None = None,
                  cache: Path | None = None) -> Refusal | None:
    """Refuse decompression bombs (from the header), then images whose data is broken.

    The whole image is decoded once (a JPEG at 1/8 scale: every byte of its data
    is still read), so a valid header in front of corrupt data is refused here
    instead of being published as a broken picture. The verdict is remembered
    by this process (see :func:`check_media`) and, by the bytes' digest, by the
    image cache: an image whose variants were made was decoded whole then.
    """
    if kind == "avif" and not features.check("avif"):
        return Refusal("Pillow di server ini tidak dapat membaca AVIF, jadi datanya (termasuk "
                       "lokasi GPS) tidak dapat dibersihkan", "simpan gambar sebagai JPG")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
    except Image.DecompressionBombError:
        return Refusal(f"gambar terlalu besar (lebih dari {MAX_PIXELS // 1_000_000} megapiksel)",
                       "perkecil ukuran gambar (misalnya lebar 1600 piksel) lalu simpan ulang")
    except (OSError, ValueError, SyntaxError):
        return Refusal("gambar rusak atau tidak lengkap",
                       "buka gambar di aplikasi pengolah foto lalu simpan ulang")
    with image:
        width, height = image.size
        if width * height > MAX_PIXELS:
            return Refusal(f"gambar terlalu besar ({width}×{height} piksel, batas "
                           f"{MAX_PIXELS // 1_000_000} megapiksel)",
                           "perkecil ukuran gambar (misalnya lebar 1600 piksel) lalu simpan "
                           "ulang")
        known = cache is not None and images.decoded_before(cache, data, image.format or "")
        if not known and not _decodes(data):
            return Refusal("gambar rusak: datanya tidak dapat dibaca sampai habis",
                           "buka gambar di aplikasi pengolah foto lalu simpan ulang, atau "
                           "unggah lagi berkas aslinya")
        if opened is not None:
            opened(image)
    return None


def _decodes(data: bytes) -> bool:
    """Whether the whole image decodes (its first frame; a JPEG at 1/8 scale, which still
    reads every byte of its data). A separate image: loading changes what it reports."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                if image.format == "JPEG":
                    image.draft("RGB", (max(1, image.width // 8), max(1, image.height // 8)))
                image.load()
    except (OSError, ValueError, SyntaxError, EOFError, Image.DecompressionBombError):
        return False
    return True


def _image_end(kind: str, data: bytes) -> int | None:
    """Offset just after the image's last byte, when the format tells it."""
    if kind == "png":
        return _png_end(data)
    if kind == "jpeg":
        return _jpeg_walk(data)[0]
    if kind == "webp" and len(data) >= 8:
        size = struct.unpack("<I", data[4:8])[0]
        return 8 + size + (size & 1)
    return None


def _png_end(data: bytes) -> int | None:
    pos = 8
    while pos + 8 <= len(data):
        length, name = struct.unpack(">I4s", data[pos:pos + 8])
        pos += 12 + length
        if name == b"IEND":
            return pos
    return None


def _jpeg_walk(data: bytes) -> tuple[int | None, int]:
    """Walk the JPEG segments and entropy-coded scans to the end-of-image marker.

    Returns the offset after it (None when the walk cannot reach it) and the
    number of scans (start-of-scan segments) passed on the way.
    """
    pos = 2
    size = len(data)
    scans = 0
    while pos + 4 <= size:
        if data[pos] != 0xFF:
            return None, scans
        marker = data[pos + 1]
        if marker == 0xD9:
            return pos + 2, scans
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:
            pos += 2
            continue
        length = struct.unpack(">H", data[pos + 2:pos + 4])[0]
        pos += 2 + length
        if marker == 0xDA:  # start of scan: skip entropy-coded data to the next marker
            scans += 1
            while True:
                pos = data.find(b"\xff", pos)
                if pos < 0 or pos + 1 >= size:
                    return None, scans
                follower = data[pos + 1]
                if follower != 0x00 and not 0xD0 <= follower <= 0xD7:
                    break
                pos += 2
    return None, scans


def _megabytes(size: int) -> str:
    """'10,5 MB', rounded up: a file just over a limit never reads as the limit itself."""
    return f"{-(-size // 100_000) / 10:.1f} MB".replace(".", ",")
