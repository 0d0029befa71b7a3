"""``create_app``: the editor's Flask app, its configuration and its parts."""

from __future__ import annotations

import atexit
import os
from pathlib import Path
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from . import admin, auth, tables, views, web
from .state import MAX_CONTENT_LENGTH, PACKAGE, Editor, default_site, secret_key
from .store import Store


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Create the editor app; ``config`` (tests, deploys) is merged last.

    Keys: ``SATUDESA_SITE`` (site folder), ``SATUDESA_OUT`` (static output, default
    ``<site>/build``), ``EDITOR_SECURE_COOKIES`` (behind TLS), ``EDITOR_PROXY`` (trust one
    proxy's X-Forwarded-* headers), ``EDITOR_PUBLISH`` (False: never start the build worker),
    ``EDITOR_CHECKS_INLINE`` (tests of other parts: check forms in this process, no worker),
    ``EDITOR_IDLE_SECONDS`` (a login ends after this long without a request).
    """
    app = Flask(__name__, static_folder=str(PACKAGE / "static"), static_url_path="/static",
                template_folder=str(PACKAGE / "templates"))
    site = str(default_site())
    app.config.from_mapping(
        SATUDESA_SITE=site,
        SATUDESA_OUT=os.environ.get("SATUDESA_OUT") or "",
        EDITOR_SECURE_COOKIES=os.environ.get("SATUDESA_EDITOR_SECURE") == "1",
        EDITOR_PROXY=os.environ.get("SATUDESA_EDITOR_PROXY") == "1",
        EDITOR_PUBLISH=True,
        EDITOR_CHECKS_INLINE=False,
        EDITOR_IDLE_SECONDS=8 * 3600,
        MAX_CONTENT_LENGTH=MAX_CONTENT_LENGTH,
        MAX_FORM_MEMORY_SIZE=2 * 1024 * 1024,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_NAME="satudesa_editor",
        PERMANENT_SESSION_LIFETIME=30 * 24 * 3600,
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
        WTF_CSRF_TIME_LIMIT=None,  # the session bounds it; a long text must stay saveable
        RATELIMIT_STORAGE_URI="memory://",
        RATELIMIT_HEADERS_ENABLED=False,
    )
    if config:
        app.config.from_mapping(config)
    site_dir = Path(app.config["SATUDESA_SITE"]).resolve()
    out_dir = Path(app.config["SATUDESA_OUT"] or site_dir / "build").resolve()
    data_dir = site_dir / ".editor"
    if "SECRET_KEY" not in (config or {}):
        app.config["SECRET_KEY"] = secret_key(data_dir)
    secure = bool(app.config["EDITOR_SECURE_COOKIES"])
    app.config["SESSION_COOKIE_SECURE"] = secure
    app.config["REMEMBER_COOKIE_SECURE"] = secure
    if app.config["EDITOR_PROXY"]:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)  # type: ignore
    state = Editor(site_dir=site_dir, out_dir=out_dir, store=Store(data_dir / "editor.db"),
                   publish_enabled=bool(app.config["EDITOR_PUBLISH"]),
                   checks_inline=bool(app.config["EDITOR_CHECKS_INLINE"]))
    app.extensions["satudesa.editor"] = state
    atexit.register(state.close)  # gunicorn and waitress: stop the build worker with us

    web.init_app(app)
    auth.init_app(app)
    app.register_blueprint(auth.bp)
    app.register_blueprint(admin.bp)
    app.register_blueprint(views.bp)
    app.register_blueprint(tables.bp)
    return app
