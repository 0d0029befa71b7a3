"""Hostile images for issue 14, made with Pillow plus byte surgery (tests and the corpus).

``python tests/hostile_images.py`` rewrites the corpus copies in
``tests/data/hostile/robust/gambar/media/``; the tests make larger ones at run time.
"""

from __future__ import annotations

import io
import struct
import sys
import zlib
from pathlib import Path

from PIL import Image

GPS = {1: "S", 2: (6.0, 12.0, 30.0), 3: "E", 4: (106.0, 49.0, 10.0)}
SECRET = "KAMERA-RAHASIA"


def _photo(size: tuple[int, int]) -> Image.Image:
    image = Image.new("RGB", size, (30, 120, 60))
    for x in range(0, size[0], 4):
        for y in range(0, size[1], 3):
            image.putpixel((x, y), (x % 256, y % 256, 90))
    return image


def progressive_jpeg(scans: int, size: tuple[int, int] = (64, 48)) -> bytes:
    """A valid progressive JPEG whose first scan is repeated until it has ``scans`` scans."""
    out = io.BytesIO()
    _photo(size).save(out, "JPEG", progressive=True, quality=80)
    data = out.getvalue()
    first = data.index(b"\xff\xda")
    second = data.index(b"\xff\xda", first + 2)
    scan = data[first:second]
    have = data.count(b"\xff\xda")
    return data[:second] + scan * max(0, scans - have) + data[second:]


def exif_with_gps() -> bytes:
    """EXIF naming a camera and a GPS position (what a phone photo carries)."""
    exif = Image.Exif()
    exif[0x010F] = SECRET
    exif[0x8825] = GPS
    return exif.tobytes()


def avif_with_gps(size: tuple[int, int] = (96, 64)) -> bytes:
    """A real AVIF with GPS and camera EXIF (Pillow 13 writes AVIF)."""
    out = io.BytesIO()
    _photo(size).save(out, "AVIF", exif=exif_with_gps(), quality=60)
    return out.getvalue()


def avif_claiming(width: int, height: int) -> bytes:
    """A small AVIF whose 'ispe' box claims ``width`` x ``height`` pixels (8000x8000 passed)."""
    data = bytearray(avif_with_gps())
    at = data.index(b"ispe")
    data[at + 8:at + 16] = struct.pack(">II", width, height)
    return bytes(data)


def gif_with_comment() -> bytes:
    """A GIF carrying a comment extension (kept by a plain copy)."""
    out = io.BytesIO()
    Image.new("P", (24, 16), 3).save(out, "GIF", comment=f"{SECRET}: lokasi -6.2,106.8".encode())
    return out.getvalue()


def corrupt_png() -> bytes:
    """A PNG with a valid header and valid chunk CRCs whose pixel data is garbage."""
    out = io.BytesIO()
    _photo((120, 90)).save(out, "PNG")
    data = bytearray(out.getvalue())
    at = data.index(b"IDAT")
    length = struct.unpack(">I", data[at - 4:at])[0]
    for i in range(at + 4 + 16, at + 4 + length - 4):
        data[i] = (data[i] * 7 + 13) & 0xFF
    data[at + 4 + length:at + 8 + length] = struct.pack(
        ">I", zlib.crc32(bytes(data[at:at + 4 + length])) & 0xFFFFFFFF)
    return bytes(data)


CORPUS = {
    "progresif.jpg": lambda: progressive_jpeg(150),
    "gps.avif": avif_with_gps,
    "besar.avif": lambda: avif_claiming(8000, 8000),
    "komentar.gif": gif_with_comment,
    "rusak.png": corrupt_png,
}


if __name__ == "__main__":
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else
                  Path(__file__).parent / "data/hostile/robust/gambar/media")
    for name, make in CORPUS.items():
        (folder / name).write_bytes(make())
