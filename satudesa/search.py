"""Full-text search for each village with Pagefind, built into the static output.

Pagefind indexes the built HTML (only what is inside ``data-pagefind-body``) and
writes a ``pagefind/`` folder that works on any static host and offline. The
search page ``cari/`` lists every page, so it works without JavaScript; with
JavaScript it loads Pagefind's default UI, deferred, on that page only.
"""

from __future__ import annotations

import shutil
import subprocess
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


def _binary() -> str:
    """The Pagefind executable shipped by ``pagefind[bin]``, called directly.

    ``python -m pagefind`` would cost a Python start-up per village.
    """
    from pagefind.service import _must_get_executable

    return str(_must_get_executable().resolve())


def index_village(folder: Path, previous: Path | None = None) -> Path:
    """Index a built village folder with Pagefind; returns the ``pagefind/`` folder.

    Index files identical to those of ``previous`` (the last published folder) are
    linked from there, so an incremental build leaves them untouched.

    :raise BuildError: when Pagefind is missing or fails.
    """
    try:
        command = [_binary(), "--site", str(folder), "--silent"]
        done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT,
                              check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise BuildError(f"indeks pencarian gagal dibuat: {exc}",
                         hint="pasang paket pagefind[bin] dari requirements.txt") from exc
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()
        raise BuildError("indeks pencarian gagal dibuat: " + (detail[-1] if detail else
                                                                "pagefind berhenti"),
                         hint="pasang paket pagefind[bin] dari requirements.txt")
    out = folder / FOLDER
    prune(out)
    if previous is not None and (previous / FOLDER).is_dir():
        for path in out.rglob("*"):
            old = previous / FOLDER / path.relative_to(out)
            if path.is_file() and same_bytes(old, path):
                link_file(old, path)
    return out


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
