"""The village editor: officers publish from a phone browser (issue 15).

``create_app`` builds a Flask WSGI app over the same files as the static site:
``content/<slug>/`` stays the single source of truth, every save is a git
commit, and publishing rebuilds one village in a warm worker process.
"""

from __future__ import annotations

import atexit
import os
import secrets
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flask import Flask, current_app
from werkzeug.middleware.proxy_fix import ProxyFix

from .. import default_site_dir
from .store import Store

if TYPE_CHECKING:
    from .publisher import Publisher

PACKAGE = Path(__file__).resolve().parent
# Longest form an officer may post (a long berita is ~50 KB; uploads have their own limit).
MAX_CONTENT_LENGTH = 40 * 1024 * 1024


@dataclass
class Editor:
    """What every request of one editor app shares."""

    site_dir: Path
    out_dir: Path
    store: Store
    publish_enabled: bool = True
    write_lock: threading.Lock = field(default_factory=threading.Lock)
    _publisher: Any = None
    _publisher_lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def publisher(self) -> Publisher:
        """The warm build worker, started on first use."""
        with self._publisher_lock:
            if self._publisher is None:
                from .publisher import Publisher

                publisher = Publisher(self.site_dir, self.out_dir)
                publisher.start()
                self._publisher = publisher
            return self._publisher

    def close(self) -> None:
        """Stop the build worker."""
        with self._publisher_lock:
            if self._publisher is not None:
                self._publisher.close()
                self._publisher = None


def editor() -> Editor:
    """The current app's :class:`Editor`."""
    return current_app.extensions["satudesa.editor"]


def _secret_key(folder: Path) -> str:
    """The signing key: ``SATUDESA_EDITOR_SECRET`` or a random one kept beside the database."""
    if os.environ.get("SATUDESA_EDITOR_SECRET"):
        return os.environ["SATUDESA_EDITOR_SECRET"]
    path = folder / "secret_key"
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
    return path.read_text().strip()


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Create the editor app; ``config`` (tests, deploys) is merged last.

    Keys: ``SATUDESA_SITE`` (site folder), ``SATUDESA_OUT`` (static output, default
    ``<site>/build``), ``EDITOR_SECURE_COOKIES`` (behind TLS), ``EDITOR_PROXY`` (trust one
    proxy's X-Forwarded-* headers), ``EDITOR_PUBLISH`` (False: never start the worker),
    ``EDITOR_IDLE_SECONDS`` (a login ends after this long without a request).
    """
    app = Flask(__name__, static_folder=str(PACKAGE / "static"), static_url_path="/static",
                template_folder=str(PACKAGE / "templates"))
    site = os.environ.get("SATUDESA_SITE") or str(default_site_dir())
    app.config.from_mapping(
        SATUDESA_SITE=site,
        SATUDESA_OUT=os.environ.get("SATUDESA_OUT") or "",
        EDITOR_SECURE_COOKIES=os.environ.get("SATUDESA_EDITOR_SECURE") == "1",
        EDITOR_PROXY=os.environ.get("SATUDESA_EDITOR_PROXY") == "1",
        EDITOR_PUBLISH=True,
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
        app.config["SECRET_KEY"] = _secret_key(data_dir)
    secure = bool(app.config["EDITOR_SECURE_COOKIES"])
    app.config["SESSION_COOKIE_SECURE"] = secure
    app.config["REMEMBER_COOKIE_SECURE"] = secure
    if app.config["EDITOR_PROXY"]:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)  # type: ignore
    state = Editor(site_dir=site_dir, out_dir=out_dir, store=Store(data_dir / "editor.db"),
                   publish_enabled=bool(app.config["EDITOR_PUBLISH"]))
    app.extensions["satudesa.editor"] = state
    atexit.register(state.close)  # gunicorn and waitress: stop the build worker with us

    from . import admin, auth, cli, tables, views, web

    web.init_app(app)
    auth.init_app(app)
    app.register_blueprint(auth.bp)
    app.register_blueprint(admin.bp)
    app.register_blueprint(views.bp)
    app.register_blueprint(tables.bp)
    cli.init_app(app)
    return app
