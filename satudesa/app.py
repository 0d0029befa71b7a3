"""The preview application: the Flask app behind ``flask run`` and the CLI commands."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask

from satudesa import cli
from satudesa.preview import views
from satudesa.preview.holder import SiteHolder


def make_app(site_dir: Path, config: dict[str, Any] | None = None) -> Flask:
    """A Flask app previewing ``site_dir``; ``config`` (tests) is merged last."""
    app = Flask("satudesa", static_folder=None)
    app.config.from_mapping(SATUDESA_SITE=str(site_dir), SATUDESA_RELOAD=True)
    if config:
        app.config.from_mapping(config)
    folder = Path(app.config["SATUDESA_SITE"]).resolve()
    # The preview loads in a loader process, so a crash cannot take the server down;
    # tests load in-process unless they ask (the CLI commands never use the holder).
    isolate = app.config.get("SATUDESA_ISOLATE", not app.testing)
    app.extensions["satudesa"] = SiteHolder(folder, bool(app.config["SATUDESA_RELOAD"]),
                                            isolate=bool(isolate))
    app.register_blueprint(views.bp)
    cli.init_app(app)
    return app
