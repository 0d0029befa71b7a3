"""What every request of one editor app shares: the site, the database, the build worker."""

from __future__ import annotations

import os
import secrets
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flask import current_app

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
    checks_inline: bool = False  # tests only: forms checked in this process (checking.py)
    write_lock: threading.Lock = field(default_factory=threading.Lock)
    _publisher: Any = None
    _publisher_lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def publisher(self) -> Publisher:
        """The warm build and check workers, started on first use.

        Without publishing, only the check worker starts, when a form is first checked.
        """
        with self._publisher_lock:
            if self._publisher is None:
                from .publisher import Publisher

                publisher = Publisher(self.site_dir, self.out_dir)
                if self.publish_enabled:
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


def default_site() -> Path:
    """``SATUDESA_SITE`` or the repository root, as ``satudesa.default_site_dir`` (which
    the editor cannot import: the package root imports the CLI, which imports the editor)."""
    return Path(os.environ.get("SATUDESA_SITE") or PACKAGE.parent.parent)


def secret_key(folder: Path) -> str:
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


