"""The build manifest: content hashes of every output's inputs, for incremental builds.

Two levels of keys decide what a rebuild may skip:

* a **village key** hashes every input file of a village (its registry entry and
  every file under ``content/<slug>/``), the theme it uses, the code version
  (satudesa's own source and pinned requirements), ``site.yml`` and the build
  date. An unchanged key means the whole published folder can be carried over
  without loading a single Markdown file;
* an **output key** per file hashes what one route shows: the route itself, the
  loaded pages it lists or shows (their rendered fields, not their files, so a
  link that changes target is seen), the village-wide context every page shares
  (registry entry, menu, emergency notices, the outline of all page titles and
  URLs) and the theme/code key. A changed village re-renders only the outputs
  whose key changed.

A village's content folder is first compared by its *stat signature* (every
file's name, size, inode, mtime and ctime): when it equals the last build's, the
content digest recorded then is reused and not one file is read. Otherwise every
file is hashed again (a ``touch`` costs a reload, never a rebuild). Files changed
within the last two seconds make the signature "racy" and are never trusted
this way (as git does). Code, theme and registry files are hashed once and
remembered with their size and mtime, so an unchanged file costs one ``stat``.

The manifest lives beside the output folder: a small main file (village keys,
signatures, problems, the digests of each village's images, which the image
cache sweep keeps) and one shard per village holding its output keys
(``.build.manifest.d/<slug>.<digest>.json``, named by content, written before
the main file that names it). It names the published tree by its portal
page's inode and mtime; any doubt (missing, corrupt, another format, a tree
replaced by someone else, a missing shard) means a full build, never a wrong one.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import os
import stat
import time
from pathlib import Path
from typing import Any

from satudesa.build import publish
from satudesa.regular import open_regular

FORMAT = 2
PACKAGE = Path(__file__).resolve().parent.parent  # the satudesa package
BYTECODE = "__pycache__"
RACY_NS = 2_000_000_000  # files changed this recently are re-hashed next time (as git does)
BIG = 16  # lists and dicts this long are digested once per fingerprint if they hold plain data


def new_hash() -> Any:
    """The hash used everywhere in the manifest."""
    return hashlib.blake2b(digest_size=16)


def file_digest(path: Path | str) -> str | None:
    """Hex digest of one file's bytes, or None when it cannot be read."""
    try:
        with os.fdopen(open_regular(path), "rb") as handle:
            return hashlib.file_digest(handle, new_hash).hexdigest()
    except OSError:  # unreadable, or not a regular file (a FIFO would block for ever)
        return None


class FileIndex:
    """Content digests of input files, reusing the last build's digest when stat agrees."""

    def __init__(self, previous: dict[str, list[Any]] | None = None) -> None:
        self.previous = previous or {}
        self.current: dict[str, list[Any]] = {}
        self.now_ns = time.time_ns()

    def digest(self, path: Path | str) -> str | None:
        """Hex digest of one file's bytes, or None when it cannot be read."""
        key = os.fspath(path)
        known = self.current.get(key)
        if known is not None:
            return str(known[2])
        try:
            stat = os.stat(key)
        except OSError:
            return None
        old = self.previous.get(key)
        if old is not None and old[0] == stat.st_size and old[1] == stat.st_mtime_ns:
            digest = str(old[2])
        else:
            read = file_digest(key)
            if read is None:
                return None
            digest = read
        racy = self.now_ns - stat.st_mtime_ns < RACY_NS
        self.current[key] = [-1 if racy else stat.st_size, stat.st_mtime_ns, digest]
        return digest

    def tree(self, root: Path | str, hasher: Any, prefix: str = "") -> int:
        """Feed every file under ``root`` (sorted, with its relative path) to ``hasher``.

        Python's bytecode caches are left out: they appear when a module is first
        imported (``flask run`` imports modules ``flask build`` does not), and
        counting them would turn that into a full rebuild.
        """
        count = 0
        try:
            entries = sorted(os.scandir(root), key=lambda e: e.name)
        except OSError:
            return 0
        for entry in entries:
            name = prefix + entry.name
            if entry.name == BYTECODE:
                continue
            if entry.is_dir():
                count += self.tree(entry.path, hasher, name + "/")
            else:
                hasher.update(f"{name}\0{self.digest(entry.path)}\0".encode())
                count += 1
        return count


def content_signature(root: Path | str, now_ns: int) -> tuple[str | None, list[str]]:
    """The stat signature of every file under ``root`` and the files' paths, sorted.

    The signature is None when a file changed too recently to be trusted (racy).
    """
    h = new_hash()
    paths: list[str] = []
    racy = False
    stack = [(os.fspath(root), "")]
    while stack:
        folder, prefix = stack.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            continue
        subdirs = []
        for entry in entries:
            # Nothing is followed: a symlink counts by its target's name, a FIFO or a
            # device by its stat alone (the loader warns about them and never opens them).
            try:
                st = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            if stat.S_ISDIR(st.st_mode):
                subdirs.append((entry.path, prefix + entry.name + "/"))
                continue
            if stat.S_ISREG(st.st_mode) or stat.S_ISLNK(st.st_mode):
                paths.append(entry.path)  # a special file counts by its stat only
            h.update(f"{prefix}{entry.name}\0{st.st_size}\0{st.st_ino}\0{st.st_mtime_ns}"
                     f"\0{st.st_ctime_ns}\0".encode())
            if now_ns - max(st.st_mtime_ns, st.st_ctime_ns) < RACY_NS:
                racy = True
        stack.extend(reversed(subdirs))
    return (None if racy else h.hexdigest()), paths


def content_digest(root: Path | str, paths: list[str]) -> str:
    """Digest of the bytes of ``paths`` (files under ``root``) with their relative names."""
    h = new_hash()
    start = len(os.fspath(root)) + 1
    for path in paths:
        try:
            link = os.readlink(path)  # a symlink: its target's name (the target is hashed
        except OSError:  # itself if it is in the village; the loader refuses the rest)
            link = None
        digest = f"-> {link}" if link is not None else file_digest(path) or "unreadable"
        h.update(f"{path[start:]}\0{digest}\0{_links(path)}\0".encode())
    return h.hexdigest()


def _links(path: str) -> int:
    """A file's link count when above 1: a hard link made or removed elsewhere changes
    whether the loader accepts the file (sources.village_files), not its bytes."""
    try:
        count = os.lstat(path).st_nlink
    except OSError:
        return 0
    return count if count > 1 else 1


def code_key(index: FileIndex) -> str:
    """The code version: satudesa's source files and the pinned requirements."""
    h = new_hash()
    h.update(f"format {FORMAT}\0".encode())
    index.tree(PACKAGE, h)
    requirements = PACKAGE.parent / "requirements.txt"
    if requirements.is_file():
        h.update(str(index.digest(requirements)).encode())
    return h.hexdigest()


def folders_key(index: FileIndex, folders: tuple[Path, ...]) -> str:
    """Digest of every file in a theme's folders (templates and static files)."""
    h = new_hash()
    for folder in folders:
        h.update(f"{folder}\0".encode())
        index.tree(folder, h)
    return h.hexdigest()


def combine(*parts: Any) -> str:
    """One key from several strings (or None)."""
    h = new_hash()
    for part in parts:
        h.update(f"{part}\0".encode())
    return h.hexdigest()


# -- fingerprints of loaded values (for output keys) -----------------------------


class Fingerprint:
    """Stable digests of loaded values: pages, villages, lists and plain data.

    ``outline`` (a function of a value, or None) picks what of a value counts
    when it is not in the ``shown`` set of :meth:`of`: the engine uses it so a
    page that is only linked to counts by its title and URL, not its body.
    """

    def __init__(self, outline: Any = None) -> None:
        self._memo: dict[int, tuple[Any, bytes]] = {}
        self._outlines: dict[int, tuple[Any, bytes]] = {}
        self._outline = outline
        self._shown: set[int] | None = None
        self._plain: dict[int, tuple[Any, bytes]] = {}  # big containers of plain data
        self._saw_dataclass = False

    def of(self, *values: Any, shown: set[int] | None = None) -> str:
        """Hex digest of ``values``; dataclasses outside ``shown`` count by their outline."""
        self._shown = shown
        h = new_hash()
        for value in values:
            if type(value) is str:  # most of a route's fields: as _feed would, without a call
                h.update(b"s%d:%s" % (len(value), value.encode("utf-8", "surrogatepass")))
            else:
                self._feed(h, value, 0)
        self._shown = None
        return h.hexdigest()

    def _feed(self, h: Any, value: Any, depth: int) -> None:
        # The exact types that make up most of a route (strings, short tuples and lists of
        # them, ints, bools, None) are hashed here without the isinstance chain below and
        # without one call per item: ~half of the calls of an output key. Same bytes fed.
        kind = type(value)
        if depth < 40:
            if kind is str:
                h.update(b"s%d:%s" % (len(value), value.encode("utf-8", "surrogatepass")))
                return
            if (kind is tuple or kind is list) and len(value) < BIG:
                h.update(b"l%d[" % len(value))
                for item in value:
                    if type(item) is str:
                        h.update(b"s%d:%s" % (len(item), item.encode("utf-8", "surrogatepass")))
                    else:
                        self._feed(h, item, depth + 1)
                h.update(b"]")
                return
            if kind is int or kind is bool or value is None:
                h.update(f"{kind.__name__}:{value!r};".encode())
                return
        if depth > 40:
            h.update(b"deep")
            return
        if isinstance(value, str):
            h.update(b"s%d:" % len(value))
            h.update(value.encode("utf-8", "surrogatepass"))
        elif value is None or isinstance(value, bool | int | float):
            h.update(f"{type(value).__name__}:{value!r};".encode())
        elif isinstance(value, bytes):
            h.update(b"b%d:" % len(value) + value)
        elif isinstance(value, dt.date | dt.time):
            h.update(f"t:{value.isoformat()};".encode())
        elif isinstance(value, Path):
            h.update(f"p:{value};".encode())
        elif isinstance(value, list | tuple | dict) and len(value) >= BIG:
            h.update(self._container(value, depth))
        elif isinstance(value, list | tuple):
            h.update(b"l%d[" % len(value))
            for item in value:
                self._feed(h, item, depth + 1)
            h.update(b"]")
        elif isinstance(value, dict):
            h.update(b"d%d{" % len(value))
            for key in sorted(value, key=repr):
                self._feed(h, key, depth + 1)
                self._feed(h, value[key], depth + 1)
            h.update(b"}")
        elif isinstance(value, set | frozenset):
            self._feed(h, sorted(value, key=repr), depth + 1)
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            self._saw_dataclass = True
            if self._shown is not None and self._outline is not None and \
                    id(value) not in self._shown:
                outline = self._outline(value)
                if outline is not None:
                    h.update(self._outlined(value, outline, depth))
                    return
            h.update(self._dataclass(value, depth))
        else:
            # Unknown objects may repr with their address: the output is then always
            # rebuilt, which is slow but never wrong.
            h.update(f"r:{type(value).__qualname__}:{value!r};".encode())

    def _container(self, value: Any, depth: int) -> bytes:
        """A big list or dict as one digest, remembered while it holds no dataclass.

        Dataclasses count fully or by their outline depending on the route (``shown``),
        so a container holding one is digested again for every route. Plain data (the
        topic index every list page shows) is digested once per village.
        """
        memo = self._plain.get(id(value))
        if memo is not None and memo[0] is value:
            return memo[1]
        outer, self._saw_dataclass = self._saw_dataclass, False
        inner = new_hash()
        if isinstance(value, dict):
            inner.update(b"d%d{" % len(value))
            for key in sorted(value, key=repr):
                self._feed(inner, key, depth + 1)
                self._feed(inner, value[key], depth + 1)
        else:
            inner.update(b"l%d[" % len(value))
            for item in value:
                self._feed(inner, item, depth + 1)
        digest = b"c:" + inner.digest()
        if not self._saw_dataclass:
            self._plain[id(value)] = (value, digest)
        self._saw_dataclass = outer or self._saw_dataclass
        return digest

    def _outlined(self, value: Any, outline: Any, depth: int) -> bytes:
        memo = self._outlines.get(id(value))
        if memo is not None and memo[0] is value:
            return memo[1]
        inner = new_hash()
        self._feed(inner, outline, depth + 1)
        digest = b"ol:" + inner.digest()
        self._outlines[id(value)] = (value, digest)
        return digest

    def _dataclass(self, value: Any, depth: int) -> bytes:
        memo = self._memo.get(id(value))
        if memo is not None and memo[0] is value:
            return memo[1]
        inner = new_hash()
        inner.update(type(value).__qualname__.encode())
        for item in dataclasses.fields(value):
            inner.update(item.name.encode())
            self._feed(inner, getattr(value, item.name), depth + 1)
        digest = b"dc:" + inner.digest()
        self._memo[id(value)] = (value, digest)
        return digest


# -- the manifest file -------------------------------------------------------------


@dataclasses.dataclass
class Manifest:
    """What the last build published: per village its keys, per output its key (in shards)."""

    villages: dict[str, dict[str, Any]] = dataclasses.field(default_factory=dict)
    files: dict[str, list[Any]] = dataclasses.field(default_factory=dict)
    portal: str = ""
    live: list[int] | None = None  # identity of build/index.html
    spare: list[int] | None = None  # identity of .build.spare/index.html
    changed: list[str] | None = None  # villages that differ between build/ and the spare
    # The image cache folder as the last sweep left it when it found nothing to delete
    # (see imagecache.py); None when unknown.
    image_cache: list[int] | None = None
    valid: bool = False

    @classmethod
    def load(cls, path: Path, out: Path) -> Manifest:
        """Read the manifest of ``out``; an empty, invalid one when anything is off."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("format") != FORMAT:
                return cls()
            manifest = cls(villages=dict(data["villages"]), files=dict(data["files"]),
                           portal=str(data["portal"]), live=data["live"], spare=data["spare"],
                           changed=data["changed"], image_cache=data.get("image_cache"))
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return cls()
        manifest.valid = manifest.live is not None and \
            manifest.live == publish.identity(out / "index.html")
        if not manifest.valid:
            return cls(files=manifest.files)  # stat cache is still a good hint
        return manifest

    def trusts_spare(self, spare: Path) -> bool:
        """Whether ``spare`` is the spare tree this manifest recorded (by its portal page)."""
        return (self.valid and spare.is_dir() and self.spare is not None
                and self.spare == publish.identity(spare / "index.html"))

    def save(self, path: Path) -> Path:
        """Write to a temporary file beside ``path``; the caller renames it into place."""
        tmp = path.with_name(path.name + ".tmp")
        data = {"format": FORMAT, "villages": self.villages, "files": self.files,
                "portal": self.portal, "live": self.live, "spare": self.spare,
                "changed": self.changed, "image_cache": self.image_cache}
        tmp.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")),
                       encoding="utf-8")
        return tmp


def shard_folder(manifest_path: Path) -> Path:
    """Where the per-village shards of a manifest live (``.build.manifest.d``)."""
    return manifest_path.with_name(manifest_path.name.removesuffix(".json") + ".d")


def save_shard(folder: Path, slug: str, outputs: dict[str, str]) -> str:
    """Write a village's output keys as a shard named by its content; returns the name."""
    data = json.dumps(outputs, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    name = f"{slug}.{combine(data)[:16]}.json"
    path = folder / name
    if not path.is_file():
        folder.mkdir(exist_ok=True)
        tmp = folder / f".{name}.{os.getpid()}.tmp"
        tmp.write_text(data, encoding="utf-8")
        os.replace(tmp, path)
    return name


def load_shard(folder: Path, name: str | None) -> dict[str, str] | None:
    """A village's output keys, or None when the shard is missing or damaged."""
    if not name:
        return None
    try:
        data = json.loads((folder / name).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        return None
    return data


def prune_shards(folder: Path, keep: set[str]) -> None:
    """Delete the shards no village of the published manifest names."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if entry.name not in keep:
            try:
                os.unlink(entry.path)
            except OSError:
                pass
