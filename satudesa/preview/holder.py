"""The loaded site behind the Flask app, reloaded when an officer saves a file.

The fingerprint is the size and modification time of every file in the site
folder's ``site.yml``, ``villages/``, ``content/`` and ``themes/``: cheap enough
to check on each preview request, so edits show on the next reload without a
restart. The freezer turns the check off.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import click
from flask import Flask

from satudesa.errors import Report
from satudesa.inputs.sources import INPUT_FOLDERS, SETTINGS_FILE
from satudesa.load.loader import current_time, load_site
from satudesa.load.model import Site
from satudesa.preview.isolated import LoaderLost, load_site_isolated
from satudesa.render.renderer import Renderer

WATCHED = (SETTINGS_FILE, *INPUT_FOLDERS)


def fingerprint(site_dir: Path) -> int:
    """A hash of every watched file's path, size and mtime."""
    entries = []
    for name in WATCHED:
        top = site_dir / name
        if top.is_file():
            stat = top.stat()
            entries.append((name, stat.st_size, stat.st_mtime_ns))
            continue
        for folder, _dirs, files in os.walk(top):
            for file in files:
                try:
                    stat = os.stat(os.path.join(folder, file))
                except OSError:
                    continue
                entries.append((os.path.join(folder, file), stat.st_size, stat.st_mtime_ns))
    return hash(tuple(sorted(entries)))


class SiteHolder:
    """Keeps one :class:`Renderer` and replaces it when the site folder changes."""

    def __init__(self, site_dir: Path, watch: bool, isolate: bool = False) -> None:
        self.site_dir = site_dir
        self.watch = watch
        self.isolate = isolate  # load in the loader process (see isolated.py)
        self._lock = threading.Lock()
        self._renderer: Renderer | None = None
        self._stamp: int | None = None
        self._told: set[str] = set()  # problems already printed in the terminal

    def get(self) -> Renderer:
        """The current renderer, reloading the site first if a file changed."""
        with self._lock:
            stamp = fingerprint(self.site_dir) if self.watch or self._renderer is None else None
            if self._renderer is None or (self.watch and stamp != self._stamp):
                site = self._load()
                if site is not None:
                    self._renderer = Renderer(site)
                    self._renderer.preview = True  # problems shown on the page
                    if self.watch:
                        self._tell(site.report)
                self._stamp = stamp  # a file that crashed the loader is not tried again
            assert self._renderer is not None
            return self._renderer

    def _load(self) -> Site | None:
        """The site loaded afresh; None (told) when the loader process died with a version."""
        if not self.isolate:
            return load_site(self.site_dir)
        try:
            return load_site_isolated(self.site_dir)
        except LoaderLost as exc:
            report = Report()
            report.error("content/", f"pratinjau tidak dapat memuat situs: {exc.detail}",
                         "jalankan 'flask check' untuk menemukan berkas penyebabnya; "
                         "pratinjau tetap menampilkan versi sebelumnya")
            click.echo(report.problems[0].format(), err=True)
            if self._renderer is not None:
                return None
            return Site(site_dir=self.site_dir, settings={}, villages={}, report=report,
                        now=current_time())

    def _tell(self, report: Report) -> None:
        """Print new problems and the summary in the ``flask run`` terminal when they change.

        A page with an error is not served (404): without this, an officer who broke
        a page in the preview would have nothing saying why.
        """
        lines = [problem.format() for problem in report]
        if set(lines) == self._told:
            return
        for line in lines:
            if line not in self._told:
                click.echo(line, err=True)
        click.echo(report.summary(), err=True)
        self._told = set(lines)

    def set(self, renderer: Renderer) -> None:
        """Use an already loaded site (the freezer loads once, then renders)."""
        with self._lock:
            self._renderer = renderer
            self.watch = False


def current_renderer(app: Flask) -> Renderer:
    """The renderer of ``app``'s site."""
    holder: SiteHolder = app.extensions["satudesa"]
    return holder.get()
