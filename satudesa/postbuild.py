"""Steps that run on a finished output folder, after every page is written.

The build calls :func:`finish_village` once per freshly built village folder
and :func:`finish_portal` once for the portal, whichever engine wrote them.
Pagefind runs in its own process while the pages are compressed; its own files
(JavaScript, JSON) are compressed once it is done.
"""

from __future__ import annotations

from pathlib import Path

from .compress import compress_tree
from .errors import BuildError
from .model import Site, VillageSite
from .search import FOLDER, Indexing, start_index


def finish_village(site: Site, vs: VillageSite, folder: Path,
                   previous: Path | None = None) -> None:
    """Index one village's freshly written folder for search and pre-compress it.

    ``previous`` is the village's last published folder, if any: unchanged files
    keep their compressed copies and index files from there.

    A failed index costs only the search (the pages are fine): it is reported as a
    warning and the build goes on.
    """
    if previous is not None and not previous.is_dir():
        previous = None
    indexing: Indexing | None = None
    try:
        indexing = start_index(folder, previous)
    except BuildError as exc:
        _warn(site, vs, exc)
    try:
        compress_tree(folder, skip=(folder / FOLDER,), previous=previous)
    finally:
        if indexing is not None:
            try:
                indexing.wait()
            except BuildError as exc:
                _warn(site, vs, exc)
    if (folder / FOLDER).is_dir():
        compress_tree(folder / FOLDER, previous=None if previous is None
                      else previous / FOLDER)


def _warn(site: Site, vs: VillageSite, exc: BuildError) -> None:
    site.report.warning(f"content/{vs.village.slug}", exc.message, exc.hint)


def finish_portal(site: Site, folder: Path) -> None:
    """Pre-compress the portal's own files at the root of the output.

    Village folders are skipped: each was compressed when it was built, and those
    carried over from an earlier build are hard links that must not be rewritten.
    """
    villages = tuple(folder / slug for slug in site.registry)
    compress_tree(folder, skip=villages)
