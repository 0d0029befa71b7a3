"""Sweeping the image cache: variants no published village uses any more are deleted.

``<site>/.cache/images/`` holds every variant
:func:`~satudesa.images.cached_variant` ever made, named
``<digest>-<width|asli>.<ext>`` by :func:`~satudesa.images.cache_digest` (the
source's hash and the encoder settings). When officers replace or
delete photos the old variants would stay forever, so the fast build sweeps the
cache (mark and sweep, not age):

* **Mark.** Each village's manifest entry records the cache digests of the images it
  publishes (``images``). A rebuilt village records what its worker loaded; a
  village skipped as unchanged, carried over by a ``--village`` build, or kept
  at its last good version after a failure keeps the list of the build that
  published it. The union over the manifest is therefore what the next build
  of any village needs while its photos stay as they are, including villages no
  worker touched this time. Working from "used in this build" alone would delete
  the variants of every village an incremental build skipped.
* **Sweep** (:func:`sweep`), only after a build that covered every village
  (no ``--village``), where no village failed, and whose manifest entries all
  carry the list (a manifest from before this rule has none: nothing is swept
  until every village has been rebuilt once). A failed village's worker may have
  made variants of photos the manifest does not know yet. The sweep runs in the
  planning process after every worker has finished, just before the new tree
  is swapped in, so no worker of the same build is still reading the cache.

An age rule ("last used" marks) was not chosen: a village nobody edits for a year
is skipped by every build and would lose its variants, and the next theme change
would then re-encode every photo of the regency.

The sweep can never make a build wrong: the cache is addressed by content, a
worker that finds an entry missing makes it again (``cached_variant`` reads a
file or encodes it, and a file unlinked after it was opened is still read
whole), and the published tree holds its own copy of every variant (a web
server never reads the cache). It never deletes
what a concurrent writer (a preview, another build of the same site into
another ``--out``) may have just made: entries written after this build
started are kept, and so are temporary files younger than :data:`TEMP_GRACE`
(a writer renames its temporary file into place milliseconds after creating
it, and would fail if it vanished in between). Files whose names the cache
never uses are left alone.

A sweep reads the whole folder: about 40 ms for the 19,000 entries of 100
bench villages, 80 ms for 57,000 (phone photos give nine entries each), so it
is skipped when it cannot find anything. A sweep that deleted and kept nothing
records the folder's inode and modification time in the manifest
(``image_cache``); while the folder is unchanged (no entry added or removed by
anyone) and no digest left the marked set, the next build checks one ``stat``.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

# What cached_variant names its entries: <10 hex digits>-<width or "asli">.<ext>
ENTRY = re.compile(r"([0-9a-f]{10})-(?:asli|[1-9][0-9]*)\.(?:webp|jpg|png)")
# Its temporary files: .<entry>.<pid>.<thread id>
TEMP = re.compile(r"\.([0-9a-f]{10})-(?:asli|[1-9][0-9]*)\.(?:webp|jpg|png)\.[0-9]+\.[0-9]+")
TEMP_GRACE = 3600 * 1_000_000_000  # a temporary file this old belongs to a dead process
RACY_NS = 2_000_000_000  # folder times this recent may not show a change made right after
# File times come from the kernel's coarse clock, up to a tick behind time.time_ns():
# "written after the build started" allows for that.
CLOCK_SLACK_NS = 50_000_000


def live_digests(entries: Mapping[str, Mapping[str, Any]]) -> set[str] | None:
    """The image digests the villages of a manifest publish; None when one entry lacks them."""
    live: set[str] = set()
    for entry in entries.values():
        digests = entry.get("images")
        if not isinstance(digests, list):
            return None
        live.update(str(d) for d in digests)
    return live


def folder_stamp(cache: Path) -> list[int]:
    """The cache folder's inode and modification time: any entry added or removed changes it.

    ``[0, 0]`` when the folder does not exist.
    """
    try:
        st = os.stat(cache)
    except OSError:
        return [0, 0]
    return [st.st_ino, st.st_mtime_ns]


def still_clean(cache: Path, recorded: list[int] | None, before: set[str] | None,
                live: set[str]) -> bool:
    """Whether a sweep would find nothing: the folder is as the last complete sweep found it
    (``recorded``, when the digests marked then were ``before``) and no digest was unmarked."""
    return (recorded is not None and before is not None and before <= live
            and folder_stamp(cache) == recorded)


def sweep(cache: Path, live: Iterable[str], since_ns: int) -> tuple[list[str], list[int] | None]:
    """Delete the entries of ``cache`` whose digest is not in ``live``.

    Entries modified at or after ``since_ns`` (the build's start) are kept: a
    concurrent writer may have made them for sources this build did not see.
    Returns the names deleted and, when the folder held nothing to delete or keep
    and did not change meanwhile, its :func:`folder_stamp` for :func:`still_clean`
    (None otherwise: the next sweep runs and, finding nothing, records it).
    """
    marked = set(live)
    before = folder_stamp(cache)
    removed: list[str] = []
    complete = True
    now = time.time_ns()
    try:
        entries = list(os.scandir(cache))
    except OSError:
        entries = []
    for entry in entries:
        name = entry.name
        match = ENTRY.fullmatch(name)
        temp = None if match else TEMP.fullmatch(name)
        if match is None and temp is None:
            continue  # not ours
        if match is not None and match.group(1) in marked:
            continue
        try:
            mtime = entry.stat(follow_symlinks=False).st_mtime_ns
        except OSError:
            continue
        if mtime >= since_ns or (temp is not None and now - mtime < TEMP_GRACE):
            complete = False
            continue
        try:
            os.unlink(entry.path)
        except FileNotFoundError:
            pass
        except OSError:
            complete = False
            continue
        removed.append(name)
    # A change made within the folder's time granularity of ``before`` would not show.
    settled = before == [0, 0] or now - before[1] >= RACY_NS
    clean = complete and not removed and settled and folder_stamp(cache) == before
    return sorted(removed), before if clean else None
