"""``flask build --watch``: keep the published site current while officers save files.

One long-lived process: the imports, the compiled templates and the stat cache
stay warm, so a saved berita is published in a fraction of a second instead of
paying Python's start-up on every build (``bench/run.py`` measures the latency
from saving a file to the new page being in ``build/``). Change notices come
from the kernel (inotify, through watchdog). A burst of saves (an editor writing
a temporary file, then renaming it) is gathered until the folder has been quiet
for :data:`QUIET` seconds, then one incremental build runs and publishes.

Only the site's inputs are watched: ``site.yml``, ``villages/``, ``content/`` and
``themes/``. Code changes need a restart (the code version is part of every key,
so the next build after a restart rebuilds what they touch).
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from pathlib import Path

from watchdog.events import (
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer

from satudesa.inputs.sources import INPUT_FOLDERS, SETTINGS_FILE

QUIET = 0.03  # seconds without a new change before a build starts
EDITOR_LEFTOVERS = ("~", ".swp", ".swx", ".tmp", ".part")
# Only writes, creations, deletions and renames: subscribing to every open and read
# would wake the notice thread hundreds of times while a build reads its inputs.
CHANGES = [FileModifiedEvent, FileClosedEvent, FileCreatedEvent, FileDeletedEvent,
           FileMovedEvent, DirCreatedEvent, DirDeletedEvent, DirMovedEvent]


def relevant(path: str, site_dir: Path) -> str | None:
    """The site-relative path of a change that can alter the output, else None."""
    try:
        rel = Path(path).relative_to(site_dir)
    except ValueError:
        return None
    parts = rel.parts
    if not parts or any(part.startswith(".") for part in parts):
        return None  # .cache, .build.*, .git, editor lock files
    if parts == (SETTINGS_FILE,) or (parts[0] in INPUT_FOLDERS and len(parts) > 1):
        if parts[-1].endswith(EDITOR_LEFTOVERS):
            return None
        return rel.as_posix()
    return None


class _Collector(FileSystemEventHandler):
    """Puts the site-relative path of every relevant change on a queue."""

    def __init__(self, site_dir: Path, changes: queue.Queue[str]) -> None:
        self.site_dir = site_dir
        self.changes = changes

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write") or (
                event.is_directory and event.event_type == "modified"):
            return  # a folder's own mtime moves with every file saved in it
        for raw in (event.src_path, getattr(event, "dest_path", "")):
            path = raw.decode() if isinstance(raw, bytes) else raw
            rel = relevant(path, self.site_dir) if path else None
            if rel is not None:
                self.changes.put(rel)


def watch(site_dir: Path, build: Callable[[list[str]], None],
          stop: threading.Event | None = None,
          ready: Callable[[], None] | None = None) -> None:
    """Call ``build(changed paths)`` after every quiet burst of changes, until ``stop``.

    ``ready`` is called once the kernel watches are in place (and after every build):
    a change saved before that could go unseen.
    """
    stop = stop or threading.Event()
    changes: queue.Queue[str] = queue.Queue()
    collector = _Collector(site_dir, changes)
    observer = Observer()
    observer.schedule(collector, str(site_dir), recursive=False,  # site.yml
                      event_filter=CHANGES)
    for name in INPUT_FOLDERS:
        if (site_dir / name).is_dir():
            observer.schedule(collector, str(site_dir / name), recursive=True,
                              event_filter=CHANGES)
    observer.start()
    if ready:
        ready()
    try:
        while not stop.is_set():
            try:
                first = changes.get(timeout=0.2)
            except queue.Empty:
                continue
            seen = {first}
            while True:
                try:
                    seen.add(changes.get(timeout=QUIET))
                except queue.Empty:
                    break
            build(sorted(seen))
            if ready:
                ready()
    finally:
        observer.stop()
        observer.join()
