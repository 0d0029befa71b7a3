"""Pre-compressed copies: a ``.gz`` beside every text file of the output.

Hosts serve it directly (nginx ``gzip_static``, Caddy ``precompressed gzip``, the S3
target's ``Content-Encoding: gzip``; see docs/deploy.md), so no CPU is spent
compressing per request. Files under :data:`MIN_SIZE` get no copy: the host serves
the plain file, and a response that small fits one TCP segment either way.

There is no ``.br`` copy any more (issue 17, docs/scaling.md "Compression"):
Brotli 5 saved residents a median 178 bytes per page and not one round trip,
for twice gzip's CPU and one more file per text file; stale ``.br`` copies of
older builds are removed as any other stale file.
"""

from __future__ import annotations

import os
import shutil
from collections import OrderedDict
from pathlib import Path

import deflate

TEXT_SUFFIXES = frozenset({".html", ".css", ".js", ".xml", ".json", ".svg", ".txt", ".ics",
                           ".csv", ".webmanifest"})
# A body of 1 KB or less plus the response headers fits one TCP segment (1,460
# bytes) whether compressed or not, so compressing it saves the resident nothing.
MIN_SIZE = 1024

# Level measured on the benchmark villages' pages (bench/postbuild_speed.py, table
# in docs/deploy.md): gzip comes from libdeflate, whose level 6 is as small as
# zlib's 9 for less than half of zlib 6's CPU.
GZIP_LEVEL = 6
# The copies written beside a text file, in the order compress_bytes returns them.
COPIES = (".gz",)
# Copies older builds wrote and this one does not: removed wherever a file is compressed.
FORMER = (".br",)

# Files this large are remembered by content for the life of the process: Pagefind's
# engine (~40 KB, the same in every village) is compressed once per worker, not
# once per village. Least recently used entries go past SHARED_LIMIT bytes of text.
SHARED_MIN = 12 * 1024
SHARED_LIMIT = 4 * 1024 * 1024
_shared: OrderedDict[bytes, tuple[bytes, ...]] = OrderedDict()
_shared_bytes = 0


def compress_bytes(data: bytes) -> tuple[bytes, ...]:
    """The :data:`COPIES` of ``data`` (gzip without a timestamp: rebuilds are identical)."""
    global _shared_bytes
    if len(data) >= SHARED_MIN and (hit := _shared.get(data)) is not None:
        _shared.move_to_end(data)
        return hit
    packed = (bytes(deflate.gzip_compress(data, GZIP_LEVEL)),)  # mtime 0: reproducible
    if SHARED_MIN <= len(data) <= SHARED_LIMIT:
        _shared[data] = packed
        _shared_bytes += len(data)
        while _shared_bytes > SHARED_LIMIT:
            _shared_bytes -= len(_shared.popitem(last=False)[0])
    return packed


class Precompressor:
    """The copies of a village's outputs, written from the bytes as the engine writes each file.

    ``root`` is the folder being written (``fresh``: it was empty), ``previous`` the
    village's published folder. An output linked from ``previous`` unchanged takes
    its published copies (linked); a rendered output whose bytes equal the published
    file's takes them too (a ``--force`` build compresses nothing that did not
    change); any other text output of :data:`MIN_SIZE` or more is compressed from
    the bytes in memory, never read back. ``copies`` are the folder-relative names
    written or linked (the writer's prune keeps them), ``pages`` the HTML outputs
    holding ``marker`` with their bytes (what the search index reads).
    """

    def __init__(self, root: Path, previous: Path | None, fresh: bool,
                 marker: bytes = b"") -> None:
        self.root = os.fspath(root)
        self.previous = None if previous is None or not previous.is_dir() \
            else os.fspath(previous)
        self.fresh = fresh
        self.marker = marker
        self.copies: set[str] = set()
        self.pages: dict[str, bytes] = {}
        self.written_count = 0

    def written(self, dest: str, data: bytes) -> None:
        """``dest`` was just written with ``data``: take or make its copies."""
        if self.marker and dest.endswith(".html") and self.marker in data:
            self.pages[dest] = data
        if len(data) < MIN_SIZE or os.path.splitext(dest)[1].lower() not in TEXT_SUFFIXES:
            return
        if self._take_published(dest, data):
            return
        for suffix, packed in zip(COPIES, compress_bytes(data), strict=True):
            if len(packed) < len(data):
                self._put(dest + suffix, packed)
                self.written_count += 1

    def linked(self, dest: str) -> None:
        """``dest`` was linked unchanged from the published folder: so are its copies."""
        if os.path.splitext(dest)[1].lower() not in TEXT_SUFFIXES:
            return
        path = os.path.join(self.root, dest)
        data = None
        if self.marker and dest.endswith(".html"):
            data = _read(path)
            if self.marker in data:
                self.pages[dest] = data
        if os.path.getsize(path) < MIN_SIZE or self._take_published(dest, None):
            return
        # Published without its copies: made here, from the bytes already read if any.
        self.written(dest, data if data is not None else _read(path))

    def _take_published(self, dest: str, data: bytes | None) -> bool:
        """Link the published copies of ``dest`` when it has both and the same bytes."""
        if self.previous is None:
            return False
        old = os.path.join(self.previous, dest)
        copies = [old + suffix for suffix in COPIES]
        try:
            if data is not None and (os.path.getsize(old) != len(data) or _read(old) != data):
                return False
            if not all(os.path.isfile(c) for c in copies):
                return False
            for suffix, source in zip(COPIES, copies, strict=True):
                self._put(dest + suffix, source=source)
        except OSError:
            return False
        return True

    def _put(self, dest: str, data: bytes = b"", source: str | None = None) -> None:
        """Write (or hard-link from ``source``) one copy; never through an older file."""
        path = os.path.join(self.root, dest)
        vacate(path, self.fresh)
        if source is not None:
            _link_new(source, path)
        else:
            with open(path, "xb") as handle:
                handle.write(data)
        self.copies.add(dest)


def compress_file(path: Path) -> int:
    """Write ``path.gz`` when it is smaller; returns how many copies were written.

    A stale copy is removed when its compressed form would not be smaller, or when
    the file is now under :data:`MIN_SIZE`.
    """
    here, name = os.path.split(os.fspath(path))
    names = {n for n in _all_copies(name) if os.path.lexists(os.path.join(here, n))}
    if os.path.getsize(path) < MIN_SIZE:
        _drop_copies(here, name, names)
        return 0
    return _compress(here, name, names)


def compress_tree(folder: Path, skip: tuple[Path, ...] = (), previous: Path | None = None,
                  find: tuple[bytes, list[str]] | None = None) -> int:
    """Pre-compress every text file under ``folder`` except below ``skip`` folders.

    ``previous`` is the last published version of the folder: a file whose bytes did
    not change (the same inode, as the engine links unchanged outputs, or the same
    content) takes its compressed copies from there (linked, not recompressed), so
    an incremental build leaves them untouched. Returns how many copies were written.

    ``find`` is ``(marker, found)``: the folder-relative paths of the HTML files
    that contain ``marker`` are appended to ``found`` (the search index needs them,
    and every page is read here anyway).

    One directory listing per folder answers every "does the copy exist" question,
    and a file is read once at most.
    """
    skipped = {os.fspath(p) for p in skip}
    count = 0
    top = os.fspath(folder)
    pending = [(top, None if previous is None else os.fspath(previous))]
    while pending:
        here, old_here = pending.pop()
        with os.scandir(here) as listing:
            entries = list(listing)
        names = {entry.name for entry in entries}
        old_names: set[str] | None = None
        for entry in entries:
            name = entry.name
            if entry.is_dir(follow_symlinks=False):
                if entry.path not in skipped:
                    pending.append((entry.path, None if old_here is None
                                    else os.path.join(old_here, name)))
                continue
            if (os.path.splitext(name)[1].lower() not in TEXT_SUFFIXES
                    or not entry.is_file(follow_symlinks=False)):
                continue
            data = None
            if find is not None and name.endswith(".html"):
                data = _read(entry.path)
                if find[0] in data:
                    find[1].append(os.path.relpath(entry.path, top).replace(os.sep, "/"))
            stat = entry.stat(follow_symlinks=False)
            if stat.st_size < MIN_SIZE:
                _drop_copies(here, name, names)
                continue
            if old_here is not None:
                if old_names is None:
                    old_names = _listdir(old_here)
                if _reuse_compressed(old_here, old_names, here, names, name, stat, data):
                    continue
            count += _compress(here, name, names, data)
    return count


def _read(path: str) -> bytes:
    with open(path, "rb") as handle:
        return handle.read()


def _compress(here: str, name: str, names: set[str], data: bytes | None = None) -> int:
    """Compress ``here/name`` (its bytes, if read) beside itself; ``names``: the folder's."""
    if data is None:
        data = _read(os.path.join(here, name))
    written = 0
    for suffix, packed in zip(COPIES, compress_bytes(data), strict=True):
        copy = name + suffix
        if len(packed) < len(data):
            _write(os.path.join(here, copy), packed, replace=copy in names)
            written += 1
        elif copy in names:
            os.unlink(os.path.join(here, copy))
    _drop_copies(here, name, names, FORMER)
    return written


def _reuse_compressed(old_here: str, old_names: set[str], here: str, names: set[str],
                      name: str, stat: os.stat_result, data: bytes | None) -> bool:
    """Link the previous tree's copies of ``name`` when its bytes did not change."""
    copies = tuple(name + suffix for suffix in COPIES)
    if name not in old_names or not all(c in old_names for c in copies):
        return False
    old = os.path.join(old_here, name)
    try:
        old_stat = os.stat(old, follow_symlinks=False)
        same = (old_stat.st_ino == stat.st_ino and old_stat.st_dev == stat.st_dev) or (
            old_stat.st_size == stat.st_size
            and _read(old) == (data if data is not None else _read(os.path.join(here, name))))
    except OSError:
        return False
    if not same:
        return False
    for copy in copies:
        source, target = os.path.join(old_here, copy), os.path.join(here, copy)
        if copy in names:
            link_file(Path(source), Path(target))
        else:
            _link_new(source, target)
    _drop_copies(here, name, names, FORMER)
    return True


def _all_copies(name: str) -> tuple[str, ...]:
    return tuple(name + suffix for suffix in (*COPIES, *FORMER))


def _drop_copies(here: str, name: str, names: set[str],
                 suffixes: tuple[str, ...] = (*COPIES, *FORMER)) -> None:
    for suffix in suffixes:
        if name + suffix in names:
            os.unlink(os.path.join(here, name + suffix))


def _listdir(folder: str) -> set[str]:
    try:
        return set(os.listdir(folder))
    except OSError:
        return set()


def vacate(path: str, fresh: bool) -> None:
    """Remove the file at ``path`` unless the tree is ``fresh`` (nothing can be there).

    A new output is never written through an older file: in a spare tree that file
    may be a hard link to the published one.
    """
    if not fresh:
        try:
            os.unlink(path)
        except FileNotFoundError:
            pass


def _write(path: str, data: bytes, replace: bool) -> None:
    """Write a new file (a new inode even when ``replace``: files are never written through)."""
    if not replace:
        try:
            with open(path, "xb") as handle:
                handle.write(data)
            return
        except FileExistsError:
            pass
    temp = os.path.join(os.path.dirname(path), f".{os.path.basename(path)}.tmp")
    with open(temp, "wb") as handle:
        handle.write(data)
    os.replace(temp, path)


def _link_new(source: str, target: str) -> None:
    """Hard-link ``source`` at ``target``, where nothing is yet (a copy across file systems)."""
    try:
        os.link(source, target)
    except FileExistsError:
        link_file(Path(source), Path(target))
    except OSError:
        shutil.copy2(source, target)


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
