"""Full-text search for each village with Pagefind, built into the static output.

Pagefind indexes the built HTML (only what is inside ``data-pagefind-body``) and
writes a ``pagefind/`` folder that works on any static host and offline. The
search page ``cari/`` lists every page, so it works without JavaScript; with
JavaScript it loads Pagefind's default UI, deferred, on that page only.

Only content pages carry ``data-pagefind-body`` (``layout.html``; list pages, the
home page, tag and year indexes and print sheets do not), and Pagefind is handed
exactly those files: the ~60% of a village's HTML that would not be indexed is
not even parsed.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .compress import link_file, same_bytes
from .errors import BuildError

if TYPE_CHECKING:
    from .model import Site, VillageSite
    from .routes import Route, RouteTable

FOLDER = "pagefind"
# Files Pagefind writes that the default UI never loads (component, modular and
# highlight bundles): about 300 KB per village that no resident would download.
UNUSED = ("pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js",
          "pagefind-modular-ui.js", "pagefind-modular-ui.css")
TIMEOUT = 300
MARKER = b"data-pagefind-body"
# Folders of a village that hold no pages.
NO_PAGES = frozenset({FOLDER, "static", "media"})
# Paths Pagefind's glob can take literally; anything else falls back to every page.
PLAIN_PATH = re.compile(r"[A-Za-z0-9._/-]+")
HINT = "pasang paket pagefind[bin] dari requirements.txt"


def _binary() -> str:
    """The Pagefind executable shipped by ``pagefind[bin]``, called directly.

    ``python -m pagefind`` would cost a Python start-up per village.
    """
    from pagefind.service import _must_get_executable

    return str(_must_get_executable().resolve())


def searchable_pages(folder: Path) -> list[str]:
    """Folder-relative paths of the HTML pages that carry ``data-pagefind-body``, sorted.

    A mention of the attribute in a page's text only costs Pagefind one more parse:
    Pagefind itself still looks for the attribute on an element.
    """
    found: list[str] = []
    top = os.fspath(folder)
    for root, dirs, files in os.walk(top):
        if root == top:
            dirs[:] = [d for d in dirs if d not in NO_PAGES]
        for name in files:
            if name.endswith(".html"):
                path = os.path.join(root, name)
                with open(path, "rb") as handle:
                    if MARKER in handle.read():
                        found.append(os.path.relpath(path, top).replace(os.sep, "/"))
    return sorted(found)


def _glob(pages: list[str]) -> str | None:
    """A Pagefind glob naming exactly ``pages``; None (every page) when it cannot."""
    if not pages or not all(PLAIN_PATH.fullmatch(p) for p in pages):
        return None
    return "{" + ",".join(pages) + "}"


@dataclass
class Indexing:
    """A Pagefind run under way over one village folder (see :func:`start_index`)."""

    folder: Path
    previous: Path | None
    process: subprocess.Popen[str]
    config: tempfile.TemporaryDirectory[str]

    def wait(self) -> Path:
        """Wait for Pagefind, prune its output, link unchanged files; the ``pagefind/`` folder.

        :raise BuildError: when Pagefind fails.
        """
        try:
            out, err = self.process.communicate(timeout=TIMEOUT)
        except subprocess.TimeoutExpired as exc:
            self.process.kill()
            self.process.communicate()
            raise BuildError(f"indeks pencarian gagal dibuat: {exc}", hint=HINT) from exc
        finally:
            self.config.cleanup()
        if self.process.returncode != 0:
            detail = (err or out).strip().splitlines()
            raise BuildError("indeks pencarian gagal dibuat: " + (detail[-1] if detail else
                                                                    "pagefind berhenti"),
                             hint=HINT)
        bundle = self.folder / FOLDER
        prune(bundle)
        if self.previous is not None and (self.previous / FOLDER).is_dir():
            for path in bundle.rglob("*"):
                old = self.previous / FOLDER / path.relative_to(bundle)
                if path.is_file() and same_bytes(old, path):
                    link_file(old, path)
        return bundle


def start_index(folder: Path, previous: Path | None = None) -> Indexing:
    """Start Pagefind over a built village folder's content pages; ``wait()`` for it.

    Pagefind runs in its own process, so the caller can compress the pages meanwhile.
    Its options go in a ``pagefind.json`` of a private working folder: a glob of
    thousands of pages would not fit in one command-line argument.

    :raise BuildError: when Pagefind cannot be started.
    """
    config = tempfile.TemporaryDirectory(prefix="satudesa-pagefind-")
    glob = _glob(searchable_pages(folder))
    try:
        if glob is not None:
            with open(os.path.join(config.name, "pagefind.json"), "w",
                      encoding="utf-8") as handle:
                json.dump({"glob": glob}, handle)
        command = [_binary(), "--site", os.path.abspath(folder), "--silent"]
        process = subprocess.Popen(command, cwd=config.name, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True)
    except OSError as exc:
        config.cleanup()
        raise BuildError(f"indeks pencarian gagal dibuat: {exc}", hint=HINT) from exc
    return Indexing(folder, previous, process, config)


def index_village(folder: Path, previous: Path | None = None) -> Path:
    """Index a built village folder with Pagefind; returns the ``pagefind/`` folder.

    Index files identical to those of ``previous`` (the last published folder) are
    linked from there, so an incremental build leaves them untouched.

    :raise BuildError: when Pagefind is missing or fails.
    """
    return start_index(folder, previous).wait()


def prune(out: Path) -> None:
    """Delete the Pagefind bundles the default UI never loads."""
    for name in UNUSED:
        (out / name).unlink(missing_ok=True)
    for extra in ("pagefind-component-ui", "pagefind-modular-ui"):
        shutil.rmtree(out / extra, ignore_errors=True)


# -- the search page -------------------------------------------------------------

SECTION_LABELS = {
    "": "Beranda", "halaman": "Profil desa", "layanan": "Layanan", "berita": "Berita",
    "pengumuman": "Pengumuman", "agenda": "Agenda", "potensi": "Potensi desa",
    "dokumen": "Dokumen publik", "informasi-publik": "Informasi publik",
    "perangkat": "Perangkat desa", "apbdes": "APBDes", "statistik": "Statistik",
    "galeri": "Galeri", "kontak": "Kontak",
}


def page_index(table: RouteTable) -> list[tuple[str, list[tuple[str, str]]]]:
    """Every page a resident can read, as (section, [(title, url)]): search without JavaScript.

    Lists split over several pages (``…/page/2/``) are left out.
    """
    groups: dict[str, list[Route]] = {}
    for route in table.values():
        if not route.is_html or not route.in_sitemap or "/page/" in route.url:
            continue
        first = route.url.split("/")[0]
        key = first if first in SECTION_LABELS else "halaman"
        groups.setdefault(key, []).append(route)
    order = list(SECTION_LABELS)
    return [(SECTION_LABELS[key],
             [(r.title, r.url) for r in sorted(routes, key=lambda r: (r.url.count("/"), r.url))])
            for key, routes in sorted(groups.items(), key=lambda kv: order.index(kv[0]))]


def add_search_route(site: Site, vs: VillageSite, table: RouteTable) -> None:
    """The ``cari/`` page: Pagefind with JavaScript, an index of every page without.

    Runs last among the section builders, so that every page is already in ``table``.
    """
    from .routes import Route, add  # routes imports the section builders

    add(table, Route("cari/", "cari.html", {"index": page_index(table)}, title="Cari",
                     in_sitemap=False))
