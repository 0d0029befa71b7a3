"""The village editor: officers publish from a phone browser (issue 15).

``create_app`` builds a Flask WSGI app over the same files as the static site:
``content/<slug>/`` stays the single source of truth, every save is a git
commit, and publishing rebuilds one village in a warm worker process.
"""

from __future__ import annotations

from .app import create_app

__all__ = ["create_app"]
