"""Pre-compressed copies: a ``.gz`` and a ``.br`` beside every text file of the output.

Hosts serve them directly (nginx ``gzip_static``/``brotli_static``, Caddy
``precompressed``; see docs/deploy.md), so no CPU is spent compressing per request
and the best levels can be used once, at build time.
"""

from __future__ import annotations

import gzip
import os
import shutil
from pathlib import Path

import brotli

TEXT_SUFFIXES = frozenset({".html", ".css", ".js", ".xml", ".json", ".svg", ".txt", ".ics",
                           ".csv", ".webmanifest"})
MIN_SIZE = 256  # below this the headers cost more than compression saves


# Brotli 7, not 11: measured on the demo's berita pages, quality 11 costs 6.4 ms a
# page against 0.46 ms for files only ~9% smaller (still smaller than gzip -9); at
# 16,000 pages a regency build spent most of its time here.
BROTLI_QUALITY = 7


def compress_bytes(data: bytes) -> tuple[bytes, bytes]:
    """(gzip, brotli) of ``data``; gzip without a timestamp so rebuilds are identical."""
    return gzip.compress(data, compresslevel=9, mtime=0), brotli.compress(
        data, mode=brotli.MODE_TEXT, quality=BROTLI_QUALITY)


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


def compress_tree(folder: Path, skip: tuple[Path, ...] = (), previous: Path | None = None
                  ) -> int:
    """Pre-compress every text file under ``folder`` except below ``skip`` folders.

    ``previous`` is the last published version of the folder: a file whose bytes did
    not change takes its compressed copies from there (linked, not recompressed), so
    an incremental build leaves them untouched. Returns how many copies were written.
    """
    count = 0
    for root, dirs, files in os.walk(folder):
        here = Path(root)
        dirs[:] = [d for d in dirs if here / d not in skip]
        for name in files:
            path = here / name
            if path.suffix.lower() not in TEXT_SUFFIXES or path.is_symlink():
                continue
            old = previous / path.relative_to(folder) if previous is not None else None
            if old is None or not _reuse_compressed(old, path):
                count += compress_file(path)
    return count


def _reuse_compressed(old: Path, path: Path) -> bool:
    """Link ``old``'s .gz and .br beside ``path`` when both files hold the same bytes."""
    if not same_bytes(old, path):
        return False
    copies = [old.with_name(old.name + suffix) for suffix in (".gz", ".br")]
    if not all(c.is_file() for c in copies) and path.stat().st_size >= MIN_SIZE:
        return False
    for copy in copies:
        target = path.with_name(copy.name)
        if copy.is_file():
            link_file(copy, target)
        else:
            target.unlink(missing_ok=True)
    return True


def same_bytes(a: Path, b: Path) -> bool:
    """True when both are files with identical content."""
    try:
        return a.stat().st_size == b.stat().st_size and a.read_bytes() == b.read_bytes()
    except OSError:
        return False


def link_file(source: Path, target: Path) -> None:
    """Put ``source`` at ``target`` by a hard link (a copy across file systems), atomically.

    Published files are never written through, only replaced, so sharing an inode
    with the previous build is safe.
    """
    temp = target.with_name(f".{target.name}.link")
    temp.unlink(missing_ok=True)
    try:
        os.link(source, temp)
    except OSError:
        shutil.copy2(source, temp)
    os.replace(temp, target)
