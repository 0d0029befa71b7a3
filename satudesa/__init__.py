"""satudesa: one fast, light, static website per Indonesian village."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask

__version__ = "0.1.0"

_CHECKOUT = Path(__file__).resolve().parent.parent


def default_site_dir() -> Path:
    """``SATUDESA_SITE``, else the current folder when it is a site, else the source checkout."""
    chosen = os.environ.get("SATUDESA_SITE")
    if chosen:
        return Path(chosen)
    here = Path.cwd()
    if (here / "villages").is_dir() or (here / "site.yml").is_file():
        return here
    if (_CHECKOUT / "villages").is_dir():
        return _CHECKOUT  # running from a clone: the demo site
    return here


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Create the preview app (``flask run``, ``flask build`` …); ``config`` is merged last.

    Flask is imported here, not at package import, so the loader and the fast
    engine stay free of it.
    """
    from satudesa.app import make_app

    return make_app(default_site_dir(), config)
