"""A content-addressed cache of derived outputs, shared by builds, workers and processes.

What a build derives from bytes it already has (a QR code from its text, a media
verdict from a file's bytes) is stored under ``<site>/.cache/derived/<kind>/``
by a key that hashes those bytes together with the version of the code that
derives them, so a ``--force`` build, a fresh worker or a new machine that
shares the site folder computes none of them again. Image variants have their
own cache (``.cache/images``, swept by what villages publish); compressed copies
are taken from the published tree, which already holds them (see
docs/scaling.md, "Derived-output cache").

A shared leaf: every stage may use it, it imports none. Safe by construction:

* entries are written to a temporary file and renamed into place
  (``os.replace``), so parallel workers never read half an entry;
* every entry carries a digest of its payload: a damaged or foreign file is a
  miss, and the value is computed again and rewritten; no error of the cache
  (unwritable, full disk, missing folder) ever fails a build;
* the folder is bounded: :func:`sweep` deletes the least recently used entries
  once it holds more than :data:`LIMIT_BYTES` (a hit refreshes an entry's
  modification time at most once a day).

The process uses the cache only once a build calls :func:`use` with the site
folder; until then (the preview, tests of single functions) nothing is stored.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

FOLDER = Path(".cache") / "derived"
MAGIC = b"sdc1"
DIGEST = 16
LIMIT_BYTES = 256 * 1024 * 1024  # ~300,000 QR codes or media verdicts
TOUCH_AFTER_S = 86_400  # a hit refreshes the entry's mtime (its "last used") once a day
TEMP_GRACE_S = 3_600  # a temporary file older than this was left by a killed writer

_root: str | None = None


def use(site_dir: Path | None) -> None:
    """Store and find entries under ``site_dir``'s cache folder from now on (None: never)."""
    global _root
    _root = None if site_dir is None else os.fspath(site_dir / FOLDER)


@contextlib.contextmanager
def using(site_dir: Path) -> Iterator[None]:
    """Use ``site_dir``'s cache inside the block, then whatever was in use before."""
    global _root
    before = _root
    use(site_dir)
    try:
        yield
    finally:
        _root = before


def enabled() -> bool:
    """Whether this process stores and finds entries (a build called :func:`use`)."""
    return _root is not None


def root() -> Path | None:
    """The cache folder in use, if any."""
    return None if _root is None else Path(_root)


def key(*parts: str | bytes) -> str:
    """The hex key of ``parts`` (content plus the deriving code's version), unambiguous."""
    h = hashlib.blake2b(digest_size=20)
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        h.update(b"%d:" % len(data))
        h.update(data)
    return h.hexdigest()


def _check(payload: bytes) -> bytes:
    return hashlib.blake2b(payload, digest_size=DIGEST).digest()


def get(kind: str, name: str) -> bytes | None:
    """The payload stored for ``name`` (a :func:`key`), or None: missing, damaged, no cache."""
    if _root is None:
        return None
    path = os.path.join(_root, kind, name)
    try:
        with open(path, "rb") as handle:
            data = handle.read()
            old = os.fstat(handle.fileno()).st_mtime
    except OSError:
        return None
    head = len(MAGIC) + DIGEST
    payload = data[head:]
    if data[:len(MAGIC)] != MAGIC or data[len(MAGIC):head] != _check(payload):
        return None
    if time.time() - old > TOUCH_AFTER_S:
        try:
            os.utime(path)
        except OSError:
            pass
    return payload


def put(kind: str, name: str, payload: bytes) -> None:
    """Store ``payload`` for ``name``, atomically; any failure is ignored (a later miss)."""
    if _root is None:
        return
    folder = os.path.join(_root, kind)
    temp = os.path.join(folder, f".{name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        try:
            handle = open(temp, "wb")
        except FileNotFoundError:
            os.makedirs(folder, exist_ok=True)
            handle = open(temp, "wb")
        with handle:
            handle.write(MAGIC + _check(payload) + payload)
        os.replace(temp, os.path.join(folder, name))
    except OSError:
        try:
            os.unlink(temp)
        except OSError:
            pass


def sweep(folder: Path, limit: int | None = None) -> int:
    """Bound the cache ``folder``: least recently used entries go until it holds 3/4 of ``limit``.

    ``limit`` defaults to :data:`LIMIT_BYTES`. Temporary files of writers killed
    long ago go too. Entries a build is using may be deleted: it then finds a
    miss and computes them again. Returns how many files were deleted.
    """
    entries: list[tuple[float, int, str]] = []
    stale: list[str] = []
    now = time.time()
    try:
        kinds = [e.path for e in os.scandir(folder) if e.is_dir(follow_symlinks=False)]
    except OSError:
        return 0
    for kind in kinds:
        try:
            listing = list(os.scandir(kind))
        except OSError:
            continue
        for entry in listing:
            try:
                st = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            if entry.name.startswith("."):
                if now - st.st_mtime > TEMP_GRACE_S:
                    stale.append(entry.path)
                continue
            entries.append((st.st_mtime, st.st_size, entry.path))
    limit = LIMIT_BYTES if limit is None else limit
    total = sum(size for _, size, _ in entries)
    doomed = stale
    if total > limit:
        entries.sort()
        for _mtime, size, path in entries:
            if total <= limit * 3 // 4:
                break
            doomed.append(path)
            total -= size
    removed = 0
    for path in doomed:
        try:
            os.unlink(path)
            removed += 1
        except OSError:
            pass
    return removed
