"""Steps that run on a finished output folder, after every page is written.

The build calls :func:`finish_village` once per freshly built village folder
and :func:`finish_portal` once for the portal, whichever engine wrote them.
Order matters: the search index is written first, so that its JavaScript and
JSON files are pre-compressed along with the pages.
"""

from __future__ import annotations

from pathlib import Path

from .compress import compress_tree
from .errors import BuildError
from .model import Site, VillageSite
from .search import index_village


def finish_village(site: Site, vs: VillageSite, folder: Path,
                   previous: Path | None = None) -> None:
    """Index one village's freshly written folder for search, then pre-compress it.

    ``previous`` is the village's last published folder, if any: unchanged files
    keep their compressed copies and index files from there.

    A failed index costs only the search (the pages are fine): it is reported as a
    warning and the build goes on.
    """
    try:
        index_village(folder, previous)
    except BuildError as exc:
        site.report.warning(f"content/{vs.village.slug}", exc.message, exc.hint)
    compress_tree(folder, previous=previous if previous and previous.is_dir() else None)


def finish_portal(site: Site, folder: Path) -> None:
    """Pre-compress the portal's own files at the root of the output.

    Village folders are skipped: each was compressed when it was built, and those
    carried over from an earlier build are hard links that must not be rewritten.
    """
    villages = tuple(folder / slug for slug in site.registry)
    compress_tree(folder, skip=villages)
