"""Writing officers' files: atomic, committed with the officer as author, nothing lost.

A file whose current bytes are not yet in the history (written by hand, or by
``git pull``, before the editor touched it) is committed as it is first, so the
version before the editor's change can always be restored.
"""

from __future__ import annotations

from pathlib import Path

from .history import History
from .store import Account

BEFORE = "satudesa <editor@satudesa>"


def author_of(me: Account) -> str:
    """``Name <name@village>`` as git wants it."""
    return f"{me.username} <{me.username}@{me.village or 'kabupaten'}>"


def _snapshot(history: History, path: Path) -> None:
    if not path.is_file():
        return
    versions = history.log(path, limit=1)
    if versions and history.read(path, versions[0].id) == path.read_bytes():
        return
    history.commit([path], BEFORE, f"Versi sebelum diubah lewat editor: {path.name}")


def save_file(site_dir: Path, path: Path, data: bytes, me: Account, message: str) -> str:
    """Write ``path`` atomically and commit it; returns the commit id."""
    history = History(site_dir)
    _snapshot(history, path)
    path.parent.mkdir(parents=True, exist_ok=True)
    return history.write(path, data, author_of(me), message)


def delete_file(site_dir: Path, path: Path, me: Account, message: str) -> str:
    """Delete ``path`` (its last version stays in the history) and commit."""
    history = History(site_dir)
    _snapshot(history, path)
    path.unlink()
    return history.commit([path], author_of(me), message)


def add_files(site_dir: Path, paths: list[Path], me: Account, message: str) -> str:
    """Commit new files (uploads) already written."""
    return History(site_dir).commit(paths, author_of(me), message)
