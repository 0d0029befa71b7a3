"""Steps that run on a finished output folder, after every page is written.

The build calls :func:`finish_village` once per freshly built village folder
and :func:`finish_portal` once for the portal, whichever engine wrote them.
The fast engine compresses each page as it writes it and hands over the pages
to index; for the Frozen-Flask reference the folder is compressed here first
(the same pass finds the pages to index). Then Pagefind indexes them, then its
own files (JavaScript, JSON) are compressed.
Pagefind is not run beside the compression: on a busy core its idle threads spin
and cost more than the overlap saves.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from satudesa.build.compress import compress_tree
from satudesa.build.pagefind import FOLDER, MARKER, index_village
from satudesa.errors import BuildError
from satudesa.load.model import Site, VillageSite


def finish_village(site: Site, vs: VillageSite, folder: Path, previous: Path | None = None,
                   pages: Mapping[str, bytes] | None = None) -> None:
    """Pre-compress one village's freshly written folder and index it for search.

    ``previous`` is the village's last published folder, if any: unchanged files
    keep their compressed copies and index files from there.

    ``pages`` (the fast engine): the pages were compressed as they were written and
    these (folder-relative path: bytes) carry ``data-pagefind-body``; without it the
    folder is walked, read and compressed here (the Frozen-Flask reference).

    A failed index costs only the search (the pages are fine): it is reported as a
    warning and the build goes on.
    """
    if previous is not None and not previous.is_dir():
        previous = None
    found: Mapping[str, bytes] | list[str]
    if pages is None:
        found = []
        compress_tree(folder, skip=(folder / FOLDER,), previous=previous, find=(MARKER, found))
    else:
        found = pages
    try:
        index_village(folder, previous, found)
    except BuildError as exc:
        site.report.warning(f"content/{vs.village.slug}", exc.message, exc.hint)
    if (folder / FOLDER).is_dir():
        compress_tree(folder / FOLDER, previous=None if previous is None
                      else previous / FOLDER)


def finish_portal(site: Site, folder: Path) -> None:
    """Pre-compress the portal's own files at the root of the output.

    Village folders are skipped: each was compressed when it was built, and those
    carried over from an earlier build are hard links that must not be rewritten.
    """
    villages = tuple(folder / slug for slug in site.registry)
    compress_tree(folder, skip=villages)
