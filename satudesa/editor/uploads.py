"""Officers' uploads: checked by their bytes, photos shrunk and stripped, stored safely.

A photo from a phone is 3-12 MB, carries the GPS position where it was taken
and is often stored sideways with an EXIF "rotate me" tag. ``process_upload``
reads the type from the bytes (``media.sniff``, plus HEIC/HEIF), refuses what
the site would refuse (SVG, HTML, files hiding markup, oversized files; bytes
after a photo's end are tolerated only without markup, because the photo is
encoded again and they are dropped: phones' "motion photos"), turns the photo
upright, shrinks it to at most ``MAX_SIDE`` pixels on its long side and encodes
it again from the pixels alone, so no EXIF, GPS, XMP or comment survives.
``store`` writes it under the village's ``media/`` folder only, never over an
existing file and never through a symbolic link.
"""

from __future__ import annotations

import io
import os
import re
import tempfile
import threading
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pillow_heif
from PIL import Image, ImageOps

from ..inputs import media
from ..load.content import slugify

MAX_SIDE = 1600
JPEG_QUALITY = 85
# A PNG without transparency that is still this large after shrinking is a photo:
# stored as JPEG, ~10x smaller.
PNG_PHOTO_BYTES = 1_500_000
MAX_NAME = 80  # characters of the slugged name, before the extension
# Photos decoded at once in this process: the editor's 8 threads must not hold eight
# full-size photos in memory on a small regency server.
PARALLEL_PHOTOS = 2
_DECODING = threading.BoundedSemaphore(PARALLEL_PHOTOS)

Accept = Literal["image", "document", "media"]
_PHOTO_TYPES = ("jpeg", "png", "webp", "gif", "avif", "heif")
_OFFICE = {".docx": "word/", ".xlsx": "xl/", ".pptx": "ppt/"}
_ODF = {".odt": b"application/vnd.oasis.opendocument.text",
        ".ods": b"application/vnd.oasis.opendocument.spreadsheet",
        ".odp": b"application/vnd.oasis.opendocument.presentation"}
_HEIF_BRANDS = (b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1")
_NAME = re.compile(r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.[a-z0-9]+\Z")
_FOLDER = re.compile(r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\Z")


class UploadError(Exception):
    """An upload refused: ``message`` says what is wrong, ``hint`` what to do (Indonesian)."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(f"{message} ({hint})")
        self.message = message
        self.hint = hint


@dataclass(frozen=True)
class Upload:
    """A checked upload ready to store: its slugged name, its bytes, 'image' or 'document'."""

    name: str
    data: bytes
    kind: Literal["image", "document"]


def process_upload(data: bytes, filename: str, accept: Accept) -> Upload:
    """Check and clean one uploaded file; ``accept`` is 'image', 'document' or 'media' (both).

    :raise UploadError: with an Indonesian message saying what to do.
    """
    found = _sniff(data)
    want_image = accept in ("image", "media")
    want_document = accept in ("document", "media")
    if found in _PHOTO_TYPES and want_image:
        return _photo(data, found, filename)
    if found == "pdf" and want_document:
        return _document(data, "pdf", ".pdf", filename)
    if found == "zip" and want_document:
        suffix = Path(filename).suffix.lower()
        return _document(data, "zip", suffix, filename)
    raise _refusal(found, accept)


def _sniff(data: bytes) -> str:
    head = data[:64]
    if head[4:8] == b"ftyp" and head[8:12] in _HEIF_BRANDS:
        return "heif"
    return media.sniff(head)


def _refusal(found: str, accept: Accept) -> UploadError:
    if found == "svg":
        return UploadError("berkas SVG tidak diterima karena dapat memuat skrip",
                           "ekspor gambar sebagai PNG atau JPG lalu unggah lagi")
    if found == "html":
        return UploadError("halaman web (HTML) tidak dapat diunggah",
                           "simpan isinya sebagai PDF, atau salin teksnya ke isi halaman")
    label = media.LABELS.get(found, "tidak dikenal") if found != "heif" else "HEIC"
    if accept == "image":
        return UploadError(f"berkas ini bukan foto atau gambar (terdeteksi: {label})",
                           "unggah foto JPG, PNG, WebP atau HEIC dari ponsel")
    if accept == "document":
        return UploadError(f"jenis dokumen ini tidak diterima (terdeteksi: {label})",
                           "unggah PDF (Simpan sebagai PDF), DOCX, XLSX atau ODT")
    return UploadError(f"jenis berkas ini tidak diterima (terdeteksi: {label})",
                       "unggah foto JPG, PNG, WebP atau HEIC, atau dokumen PDF")


def _too_big(size: int, limit: int, noun: str) -> UploadError:
    return UploadError(f"{noun} terlalu besar ({media._megabytes(size)}, batas "
                       f"{media._megabytes(limit)})",
                       "perkecil foto di ponsel lalu unggah lagi" if noun == "foto"
                       else "kompres berkas atau pecah menjadi beberapa bagian")


def _photo(data: bytes, kind: str, filename: str) -> Upload:
    """Open, turn upright, shrink and re-encode a photo; the output holds pixels only."""
    if len(data) > media.MAX_IMAGE_BYTES:
        raise _too_big(len(data), media.MAX_IMAGE_BYTES, "foto")
    refusal = media.check_bytes(kind, data)  # for HEIC: hidden markup only
    # Bytes after the image without markup (a Samsung "motion photo" carries its video
    # there) are dropped by the re-encoding below; markup anywhere was refused above.
    if refusal is not None and refusal != media.TRAILING:
        raise UploadError(refusal.message, refusal.hint)
    with _DECODING:  # a 40-megapixel photo takes ~160 MB while it is decoded
        image = _open(data, kind)
        try:
            image = ImageOps.exif_transpose(image)
            image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
            encoded, ext = _encode(image, kind)
        except (OSError, ValueError) as exc:
            raise UploadError("foto tidak dapat diproses",
                              "buka foto di ponsel, simpan ulang, lalu unggah lagi") from exc
        finally:
            image.close()
    return Upload(_name(filename, ext), encoded, "image")


def _open(data: bytes, kind: str) -> Image.Image:
    broken = UploadError("foto rusak atau tidak lengkap",
                         "buka foto di aplikasi galeri, simpan ulang, lalu unggah lagi")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            if kind == "heif":
                heif = pillow_heif.open_heif(data, convert_hdr_to_8bit=True)
                width, height = heif.size
                _check_pixels(width, height)
                image = heif.to_pillow()
            else:
                image = Image.open(io.BytesIO(data))
                _check_pixels(*image.size)
                if image.format == "JPEG":  # decode at a reduced scale: 4-8x less work
                    image.draft("RGB", (MAX_SIDE, MAX_SIDE))
                image.load()
    except UploadError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels() from None
    except (OSError, ValueError, SyntaxError, RuntimeError, EOFError):
        raise broken from None
    return image


def _check_pixels(width: int, height: int) -> None:
    if width * height > media.MAX_PIXELS:
        raise _too_many_pixels(width, height)


def _too_many_pixels(width: int = 0, height: int = 0) -> UploadError:
    size = f" ({width}×{height} piksel)" if width else ""
    return UploadError(f"foto terlalu besar{size}, batas {media.MAX_PIXELS // 1_000_000} "
                       "megapiksel", "perkecil foto lalu unggah lagi")


def _encode(image: Image.Image, kind: str) -> tuple[bytes, str]:
    """The image's pixels in a fresh file: JPEG stays JPEG, PNG stays PNG, and so on.

    HEIC and AVIF become JPEG (what every browser shows), GIF becomes PNG (its
    first frame), and a large PNG photo without transparency becomes JPEG.
    Only the colour profile is carried over.
    """
    icc = image.info.get("icc_profile")
    image.info = {key: image.info[key] for key in ("transparency",) if key in image.info}
    extra = {"icc_profile": icc} if icc else {}
    if kind == "png" or kind == "gif":
        if image.mode not in ("1", "L", "LA", "P", "RGB", "RGBA", "I", "I;16"):
            image = image.convert("RGBA")
        out = io.BytesIO()
        image.save(out, "PNG", optimize=True, **extra)
        opaque = not _has_alpha(image)
        if not (opaque and out.tell() > PNG_PHOTO_BYTES):
            return out.getvalue(), ".png"
    if kind == "webp":
        out = io.BytesIO()
        image.save(out, "WEBP", quality=JPEG_QUALITY, method=4, **extra)
        return out.getvalue(), ".webp"
    if image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    out = io.BytesIO()
    image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True, **extra)
    return out.getvalue(), ".jpg"


def _has_alpha(image: Image.Image) -> bool:
    if image.mode in ("RGBA", "LA"):
        return image.getchannel("A").getextrema()[0] < 255
    return image.mode == "P" and "transparency" in image.info


def _document(data: bytes, kind: str, suffix: str, filename: str) -> Upload:
    if len(data) > media.MAX_DOCUMENT_BYTES:
        raise _too_big(len(data), media.MAX_DOCUMENT_BYTES, "berkas")
    if kind == "zip" and not _office(data, suffix):
        raise UploadError("berkas ini bukan dokumen DOCX, XLSX atau ODT yang utuh",
                          "simpan ulang dokumen dari Word/LibreOffice, atau unggah sebagai PDF")
    refusal = media.check_bytes(kind, data)
    if refusal is not None:
        raise UploadError(refusal.message, refusal.hint)
    return Upload(_name(filename, suffix), data, "document")


def _office(data: bytes, suffix: str) -> bool:
    """A real Office Open XML or OpenDocument file of the type ``suffix`` says, no macros."""
    if suffix not in _OFFICE and suffix not in _ODF:
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            if any("vbaproject" in name.lower() or name.lower().startswith("basic/")
                   for name in names):
                return False
            if suffix in _ODF:
                return "mimetype" in names and archive.read("mimetype").strip() == _ODF[suffix]
            return "[Content_Types].xml" in names and any(
                name.startswith(_OFFICE[suffix]) for name in names)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError, RuntimeError):
        return False


def _name(filename: str, ext: str) -> str:
    """A slugged file name: ASCII lowercase and '-', the extension of the type found."""
    stem = Path(filename.replace("\\", "/").rsplit("/", 1)[-1]).stem
    slug = slugify(stem)[:MAX_NAME].strip("-")
    if slug == "halaman" and "halaman" not in stem.lower():  # slugify's name for nothing
        slug = "berkas"
    return f"{slug}{ext}"


# -- storing ------------------------------------------------------------------------------

def store(village_dir: Path, upload: Upload, folder: str = "") -> str:
    """Write ``upload`` under ``village_dir/media/`` (or its ``folder``); return its path.

    The name gets -2, -3 … when taken; the file appears whole or not at all (a
    temporary file in the same folder, fsync, then a hard link that refuses to
    replace anything, even a dangling symlink). ``media/`` and ``folder`` must
    be real folders inside the village. Returns e.g. ``"media/panen-raya.jpg"``.

    :raise UploadError: when the name is not slugged or the folder leads outside.
    """
    if not _NAME.match(upload.name) or len(upload.name) > MAX_NAME + 10:
        raise UploadError("nama berkas tidak sah", "unggah ulang berkasnya")
    if folder and not _FOLDER.match(folder):
        raise UploadError("nama folder tidak sah", "pilih folder media yang tersedia")
    root = village_dir.resolve(strict=True)
    target = _real_folder(root, root / "media")
    parts = ["media"]
    if folder:
        target = _real_folder(root, target / folder)
        parts.append(folder)
    name = _write_new(target, upload.name, upload.data)
    return "/".join([*parts, name])


def _real_folder(root: Path, folder: Path) -> Path:
    """``folder`` created when missing; refused when it is a link or not inside ``root``."""
    outside = UploadError("folder media mengarah ke luar folder desa",
                          "minta operator kabupaten memeriksa folder media desa ini")
    try:
        folder.mkdir(exist_ok=True)
    except FileExistsError:
        raise outside from None
    if folder.is_symlink() or not folder.is_dir():
        raise outside
    real = folder.resolve(strict=True)
    if real.parent != root and root not in real.parents:
        raise outside
    return real


def _write_new(folder: Path, name: str, data: bytes) -> str:
    """Write ``data`` as a new file in ``folder``; the first free of name, name-2, …"""
    stem, ext = name.rsplit(".", 1)
    fd, tmp = tempfile.mkstemp(prefix=".unggah-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        for number in range(1, 10_000):
            candidate = name if number == 1 else f"{stem}-{number}.{ext}"
            try:
                os.link(tmp, folder / candidate, follow_symlinks=False)
            except FileExistsError:
                continue
            _fsync_dir(folder)
            return candidate
        raise UploadError("terlalu banyak berkas dengan nama ini", "ganti nama berkas")
    finally:
        os.unlink(tmp)


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
