"""Whether the portal-wide search index would come out the same: a digest of what it reads.

``flask build`` re-indexes the whole portal after publishing whenever the
portal's ``index.html`` changed, which every ``--force`` build does, though
not one page reads differently to Pagefind (0.9 s of the 2.2 s of CPU of a
10-village ``--force``; docs/scaling.md, "--force with a warm cache").

The portal index reads the same pages as the village indexes plus the
portal's own. Each village's index is relinked unchanged when what Pagefind
reads of its pages is unchanged (:func:`pagefind.index_village`), and
otherwise rebuilt, so the village's ``pagefind-entry.json`` (which names its
index by content hash, with Pagefind's version) stands for its pages. The
key is those entries, by village, plus the path and
:func:`pagefind.search_view` of every portal page outside the village
folders. A village without an entry (its index failed) gives no key: the
portal is indexed as before.

The key is kept beside ``build/`` (``.build.portal-search``) with the
identity of the index it describes: any other index (a ``--watch`` refresh, a
build that did not index) no longer matches it, so the next build indexes.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path

from satudesa.build import publish
from satudesa.build.pagefind import ENTRY, FOLDER, MARKER, NO_PAGES, search_view


def search_key(out: Path, villages: Iterable[str]) -> str | None:
    """The digest of what the portal index of ``out`` would read; None: cannot tell."""
    h = hashlib.blake2b(digest_size=20)
    slugs = set(villages)
    top = os.fspath(out)
    try:
        names = sorted(e.name for e in os.scandir(top) if e.is_dir(follow_symlinks=False))
    except OSError:
        return None
    for name in names:
        if name in slugs:
            try:
                with open(os.path.join(top, name, FOLDER, ENTRY), "rb") as handle:
                    entry = handle.read()
            except OSError:
                return None
            h.update(b"v%d:%s%d:%s" % (len(name), name.encode(), len(entry), entry))
    for root, dirs, files in os.walk(top):
        if root == top:
            dirs[:] = [d for d in dirs if d not in slugs]
        dirs[:] = sorted(d for d in dirs if d not in NO_PAGES and not d.startswith("."))
        for name in sorted(files):
            if not name.endswith(".html"):
                continue
            path = os.path.join(root, name)
            try:
                with open(path, "rb") as handle:
                    html = handle.read()
            except OSError:
                return None
            if MARKER in html:
                rel = os.path.relpath(path, top).replace(os.sep, "/").encode()
                view = search_view(html)
                h.update(b"p%d:%s%d:%s" % (len(rel), rel, len(view), view))
    return h.hexdigest()


def _path(out: Path) -> Path:
    return publish.sibling(out, "portal-search")


def _index_identity(out: Path) -> list[int] | None:
    return publish.identity(out / FOLDER / ENTRY)


def unchanged(out: Path, key: str | None) -> bool:
    """True when the published portal index was made from pages reading as ``key``."""
    if key is None:
        return False
    try:
        stored = json.loads(_path(out).read_text())
    except (OSError, ValueError):
        return False
    current = _index_identity(out)
    return isinstance(stored, dict) and current is not None and \
        stored.get("key") == key and stored.get("index") == current


def remember(out: Path, key: str | None) -> None:
    """Record that the published portal index was made from pages reading as ``key``."""
    target = _path(out)
    current = _index_identity(out)
    try:
        if key is None or current is None:
            target.unlink(missing_ok=True)
            return
        temp = target.with_name(target.name + ".tmp")
        temp.write_text(json.dumps({"key": key, "index": current}))
        os.replace(temp, target)
    except OSError:
        pass  # the next build indexes the portal again
