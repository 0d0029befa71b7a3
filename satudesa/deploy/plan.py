"""What a deploy sends: the built tree's content hashes against the last deploy's manifest.

A manifest (``<site>/.deploy/<target>.json``) records every published file's
SHA-256. Before anything is sent, the files about to change are written into it
as *pending*: a deploy killed part-way leaves them there, so the next deploy
sends them again or deletes them, and nothing an interrupted deploy wrote is
forgotten. Uploads come in waves: leaf assets, files that reference assets
(CSS, JS, the Pagefind entry), pages in link order (a page after the new pages it
links to), then the home pages and feeds; deletes come last.
"""

from __future__ import annotations

import hashlib
import json
import os
import posixpath
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PAUSE_ENV = "SATUDESA_TEST_PAUSE"  # the build engine's test hook, same format
VARIANTS = (".gz", ".br")
HASHED = re.compile(r"\.[0-9a-f]{10}\.(css|js|webp|jpe?g|png)$")
REFERENCING = (".css", ".js", "pagefind-entry.json")
LISTINGS = (".xml", "feed.json", "robots.txt")
_LINK = re.compile(rb"""(?:href|src)\s*=\s*["']([^"'#?]+)""", re.I)
MANIFEST_VERSION = 1


def pause(point: str) -> None:
    """``SATUDESA_TEST_PAUSE=<point>:<seconds>:<marker file>`` stops here so a test can kill."""
    spec = os.environ.get(PAUSE_ENV, "")
    if spec.startswith(point + ":"):
        _point, seconds, marker = spec.split(":", 2)
        Path(marker).touch()
        time.sleep(float(seconds))


def file_hash(path: Path | str) -> str:
    """SHA-256 of a file's bytes, hex."""
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def scan(root: Path) -> dict[str, str]:
    """Every file under ``root``: relative POSIX path -> SHA-256 (symlinks are not followed)."""
    found: dict[str, str] = {}
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        rel = os.path.relpath(folder, root)
        for name in sorted(files):
            path = os.path.join(folder, name)
            if os.path.islink(path):
                continue
            key = name if rel == "." else f"{rel}/{name}".replace(os.sep, "/")
            found[key] = file_hash(path)
    return found


def is_variant(key: str) -> bool:
    """``x.gz`` / ``x.br``: a pre-compressed copy of ``x``."""
    return key.endswith(VARIANTS)


def base_of(key: str) -> str:
    """The file a variant is a copy of (the key itself otherwise)."""
    return key[:-3] if is_variant(key) else key


# -- the manifest -------------------------------------------------------------------------


@dataclass
class Manifest:
    """What the target holds, as far as this computer knows."""

    files: dict[str, str] = field(default_factory=dict)
    pending: list[str] = field(default_factory=list)  # keys an unfinished deploy may have changed
    extra: dict[str, Any] = field(default_factory=dict)  # per target type (releases, zips)

    def known(self) -> set[str]:
        """Every key that may exist on the target."""
        return set(self.files) | set(self.pending)


def load_manifest(path: Path) -> Manifest:
    """The manifest at ``path``; an empty one when missing or unreadable (everything is sent)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Manifest()
    if not isinstance(data, dict) or data.get("version") != MANIFEST_VERSION:
        return Manifest()
    return Manifest(dict(data.get("files", {})), list(data.get("pending", [])),
                    dict(data.get("extra", {})))


def save_manifest(path: Path, manifest: Manifest) -> None:
    """Write the manifest atomically (a new file renamed over the old one)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    body = {"version": MANIFEST_VERSION, "files": dict(sorted(manifest.files.items())),
            "pending": sorted(set(manifest.pending)), "extra": manifest.extra}
    tmp.write_text(json.dumps(body, ensure_ascii=False, indent=0), encoding="utf-8")
    os.replace(tmp, path)


# -- scope: the whole tree, or one village and the portal files that name it --------------


@dataclass(frozen=True)
class Scope:
    """Which keys a deploy may touch: all, or one village's folder and the portal's references."""

    villages: frozenset[str]
    only: str | None = None

    def village_of(self, key: str) -> str | None:
        """The village folder ``key`` lies in, or None for a portal file."""
        head = key.split("/", 1)[0]
        return head if "/" in key and head in self.villages else None

    def may_delete(self, key: str) -> bool:
        """Deletes stay inside the village being deployed (everything, without ``--village``)."""
        return self.only is None or key.startswith(self.only + "/")

    def select(self, root: Path, files: dict[str, str]) -> dict[str, str]:
        """The files of ``files`` in scope; portal files count when they link to the village."""
        if self.only is None:
            return dict(files)
        needle = f"{self.only}/".encode()
        chosen: dict[str, str] = {}
        for key, digest in files.items():
            owner = self.village_of(key)
            if owner == self.only:
                chosen[key] = digest
            elif owner is None and not is_variant(key) and \
                    needle in (root / key).read_bytes():
                chosen[key] = digest
                for suffix in VARIANTS:
                    if key + suffix in files:
                        chosen[key + suffix] = files[key + suffix]
        return chosen


# -- the plan -----------------------------------------------------------------------------


@dataclass
class Plan:
    """Uploads in waves (each wave may go in parallel; a wave starts after the last ends)."""

    waves: list[tuple[str, list[str]]]  # (group, keys)
    deletes: list[str]
    files: dict[str, str]  # the files in scope, as they will be on the target
    unchanged: int

    @property
    def uploads(self) -> list[str]:
        """Every key to send, in order."""
        return [key for _group, keys in self.waves for key in keys]

    def is_empty(self) -> bool:
        """Nothing to send and nothing to delete."""
        return not self.deletes and not any(keys for _group, keys in self.waves)

    def next_manifest(self, previous: Manifest) -> Manifest:
        """The manifest once this plan has run: entries out of scope are kept as they were."""
        gone = set(self.deletes)
        files = {k: v for k, v in previous.files.items() if k not in gone}
        files.update(self.files)
        pending = [k for k in previous.pending if k not in self.files and k not in gone]
        return Manifest(files, pending, dict(previous.extra))


def make_plan(root: Path, files: dict[str, str], previous: Manifest, scope: Scope,
              keep: Iterable[str] = ()) -> Plan:
    """Compare ``files`` (a :func:`scan` of ``root``) with the last deploy, in ``scope``.

    ``keep`` lists keys to send even when unchanged (e.g. after a rollback).
    """
    chosen = scope.select(root, files)
    if scope.only and not any(scope.village_of(k) == scope.only for k in files):
        # The village is no longer built: the portal pages that linked to it changed, and
        # no longer name it; send every changed portal file so none points at the gone folder.
        chosen.update({k: v for k, v in files.items()
                       if scope.village_of(k) is None and previous.files.get(k) != v})
    unsure = set(previous.pending) | set(keep)
    send = sorted(k for k, v in chosen.items() if previous.files.get(k) != v or k in unsure)
    deletes = sorted(k for k in previous.known() if k not in files and scope.may_delete(k))
    existing = set(previous.files) - set(previous.pending) - set(send)
    waves = order(root, send, existing, scope)
    return Plan(waves, deletes, chosen, len(chosen) - len(send))


def is_home(key: str, scope: Scope) -> bool:
    """The portal's and each village's ``index.html`` (and their copies)."""
    base = base_of(key)
    if base == "index.html":
        return True
    head, _, rest = base.partition("/")
    return rest == "index.html" and head in scope.villages


def group_of(key: str) -> str:
    """``assets``, ``referencing`` (CSS/JS/Pagefind entry), ``pages`` or ``homes``."""
    base = base_of(key)
    if base.endswith(".html"):
        return "pages"
    if base.endswith(LISTINGS):
        return "homes"
    if base.endswith(REFERENCING) and not HASHED.search(base):
        return "referencing"
    return "assets"


GROUPS = ("assets", "referencing", "pages", "homes")


def order(root: Path, send: list[str], existing: set[str],
          scope: Scope) -> list[tuple[str, list[str]]]:
    """Waves: assets, referencing files, pages level by level, then homes and feeds."""
    by_group: dict[str, list[str]] = {g: [] for g in GROUPS}
    homes: list[str] = []
    portal_home: list[str] = []
    for key in send:
        if is_home(key, scope):
            (portal_home if "/" not in key else homes).append(key)
        else:
            by_group[group_of(key)].append(key)
    waves: list[tuple[str, list[str]]] = [("assets", by_group["assets"]),
                                          ("referencing", by_group["referencing"])]
    waves += [("pages", level) for level in _page_levels(root, by_group["pages"], existing)]
    waves += [("homes", by_group["homes"] + homes), ("portal", portal_home)]
    return [(group, keys) for group, keys in waves if keys]


def page_links(key: str, body: bytes) -> set[str]:
    """The keys an HTML page at ``key`` links to by relative ``href``/``src``."""
    found: set[str] = set()
    folder = posixpath.dirname(key)
    for match in _LINK.finditer(body):
        link = match.group(1).decode("utf-8", "replace").strip()
        if not link or link.startswith(("/", "data:")) or re.match(r"[a-z][a-z0-9+.-]*:", link,
                                                                   re.I):
            continue
        target = posixpath.normpath(posixpath.join(folder, link))
        if target.startswith("../") or target == "..":
            continue
        if link.endswith("/") or target == ".":
            target = "index.html" if target == "." else target + "/index.html"
        found.add(target)
    return found


def _page_levels(root: Path, pages: list[str], existing: set[str]) -> list[list[str]]:
    """Pages in levels: a page comes after the new pages it links to (cycles broken by name)."""
    plain = {base_of(k) for k in pages}
    needs: dict[str, set[str]] = {}
    for page in sorted(plain):
        path = root / page
        links = page_links(page, path.read_bytes()) if path.is_file() else set()
        needs[page] = {t for t in links if t in plain and t != page and t not in existing}
    levels: list[list[str]] = []
    done: set[str] = set()
    while len(done) < len(needs):
        ready = sorted(p for p, deps in needs.items() if p not in done and deps <= done)
        if not ready:  # a cycle of new pages: send the first by name, then carry on
            ready = [min(p for p in needs if p not in done)]
        done.update(ready)
        levels.append(ready)
    variants = {k for k in pages if is_variant(k)}
    return [sorted({v for v in variants if base_of(v) in level} | set(level))
            for level in levels]
