"""Pre-compressed copies: a ``.gz`` and a ``.br`` beside every text file of the output.

Hosts serve them directly (nginx ``gzip_static``/``brotli_static``, Caddy
``precompressed``; see docs/deploy.md), so no CPU is spent compressing per request
and the best levels can be used once, at build time.
"""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import brotli

TEXT_SUFFIXES = frozenset({".html", ".css", ".js", ".xml", ".json", ".svg", ".txt", ".ics",
                           ".csv", ".webmanifest"})
MIN_SIZE = 256  # below this the headers cost more than compression saves


def compress_bytes(data: bytes) -> tuple[bytes, bytes]:
    """(gzip, brotli) of ``data`` at their best levels; gzip without a timestamp."""
    return gzip.compress(data, compresslevel=9, mtime=0), brotli.compress(
        data, mode=brotli.MODE_TEXT, quality=11)


def _write(path: Path, data: bytes) -> None:
    temp = path.with_name(f".{path.name}.tmp")
    temp.write_bytes(data)
    os.replace(temp, path)


def compress_file(path: Path) -> int:
    """Write ``path.gz`` and ``path.br`` when they are smaller; returns how many were written.

    A stale copy is removed when its compressed form would not be smaller.
    """
    data = path.read_bytes()
    written = 0
    for suffix, packed in zip((".gz", ".br"), compress_bytes(data), strict=True):
        target = path.with_name(path.name + suffix)
        if len(data) >= MIN_SIZE and len(packed) < len(data):
            _write(target, packed)
            written += 1
        elif target.exists():
            target.unlink()
    return written


def compress_tree(folder: Path, skip: tuple[Path, ...] = ()) -> int:
    """Pre-compress every text file under ``folder`` except below ``skip`` folders."""
    count = 0
    for root, dirs, files in os.walk(folder):
        here = Path(root)
        dirs[:] = [d for d in dirs if here / d not in skip]
        for name in files:
            path = here / name
            if path.suffix.lower() in TEXT_SUFFIXES and not path.is_symlink():
                count += compress_file(path)
    return count
