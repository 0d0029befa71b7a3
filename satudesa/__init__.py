"""satudesa: one fast, light, static website per Indonesian village."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # loading (satudesa.loader and below) must not import Flask
    from flask import Flask

__version__ = "0.1.0"


def default_site_dir() -> Path:
    """``SATUDESA_SITE`` or the repository root (the demo site)."""
    return Path(os.environ.get("SATUDESA_SITE") or Path(__file__).resolve().parent.parent)


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Create the preview app; ``config`` (tests) is merged last."""
    from flask import Flask

    app = Flask(__name__, static_folder=None)
    app.config.from_mapping(
        SATUDESA_SITE=str(default_site_dir()),
        SATUDESA_RELOAD=True,
    )
    if config:
        app.config.from_mapping(config)
    from . import cli, preview, views

    site_dir = Path(app.config["SATUDESA_SITE"]).resolve()
    app.extensions["satudesa"] = preview.SiteHolder(site_dir, bool(app.config["SATUDESA_RELOAD"]))
    app.register_blueprint(views.bp)
    cli.init_app(app)
    return app
