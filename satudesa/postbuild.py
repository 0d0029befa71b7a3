"""Steps that run on a finished output folder, after every page is written.

The build calls :func:`finish_village` once per freshly built village folder
and :func:`finish_portal` once for the portal, whichever engine wrote them.
Search indexing and pre-compression plug in here.
"""

from __future__ import annotations

from pathlib import Path

from .model import Site, VillageSite


def finish_village(site: Site, vs: VillageSite, folder: Path) -> None:
    """Post-process one village's freshly written folder (nothing yet)."""


def finish_portal(site: Site, folder: Path) -> None:
    """Post-process the portal's own files at the root of the output (nothing yet)."""
