"""Full-text search for each village with Pagefind, built into the static output.

Pagefind indexes the built HTML (only what is inside ``data-pagefind-body``) and
writes a ``pagefind/`` folder that works on any static host and offline. The
search page ``cari/`` lists every page, so it works without JavaScript; with
JavaScript it loads Pagefind's default UI, deferred, on that page only.

Only content pages carry ``data-pagefind-body`` (``layout.html``; list pages, the
home page, tag and year indexes and print sheets do not), and Pagefind is handed
exactly those files: the ~60% of a village's HTML that would not be indexed is
not even parsed. When every one of them reads the same to Pagefind as the page of
the last published index (:func:`search_view`: the page but its ``<head>``, title
kept), that index is linked instead of rebuilt.

Pagefind runs as one CLI process per village: its long-lived ``--service``, fed
the pages from memory, measured 16% more CPU (``bench/pagefind_speed.py``,
docs/scaling.md "Search index"): the cost is Pagefind building the index, not
parsing HTML or starting.
"""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Mapping
from importlib import metadata
from pathlib import Path, PurePosixPath
from typing import Any

from satudesa.build.compress import link_file, same_bytes
from satudesa.errors import BuildError

FOLDER = "pagefind"
# Files Pagefind writes that the search page never loads: its own form (cari.js)
# calls pagefind.js directly, so no ready-made UI (default, component, modular) and
# no highlight bundle: about 450 KB per village that no resident would download.
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-component-ui.js",
          "pagefind-component-ui.css", "pagefind-highlight.js", "pagefind-modular-ui.js",
          "pagefind-modular-ui.css")
TIMEOUT = 300  # seconds for the portal's index (every village's pages)
# and for one village's: well within the village's own limit (engine.VILLAGE_TIMEOUT),
# so a stuck Pagefind costs the village its search, not the whole village.
VILLAGE_TIMEOUT = 60
MARKER = b"data-pagefind-body"
# Folders of a village that hold no pages.
NO_PAGES = frozenset({FOLDER, "static", "media"})
# Paths Pagefind's glob can take literally; other pages are linked (see index_pages).
PLAIN_PATH = re.compile(r"[A-Za-z0-9._/-]+")
# Pagefind 1.5.2 finds no page at all through a glob of more than ~256 KB (about
# 4,000 pages: a portal of 60 villages); longer lists are linked instead.
GLOB_LIMIT = 100_000
HINT = "pasang paket pagefind[bin] dari requirements.txt"
HEAD = re.compile(rb"<head[\s>]")  # not <header>
ENTRY = "pagefind-entry.json"


def _binary() -> str:
    """The Pagefind executable shipped by ``pagefind[bin]``, called directly.

    ``python -m pagefind`` would cost a Python start-up per village.
    """
    from pagefind.service import _must_get_executable

    return str(_must_get_executable().resolve())


def searchable_pages(folder: Path, every_depth: bool = False) -> list[str]:
    """Folder-relative paths of the HTML pages that carry ``data-pagefind-body``, sorted.

    Search bundles, static files and media are skipped at the top (a village), or
    at every depth with hidden folders too (``every_depth``: the portal, whose
    village folders hold their own). A mention of the attribute in a page's text
    only costs Pagefind one more parse: Pagefind itself still looks for the
    attribute on an element.
    """
    found: list[str] = []
    top = os.fspath(folder)
    for root, dirs, files in os.walk(top):
        if every_depth:
            dirs[:] = sorted(d for d in dirs if d not in NO_PAGES and not d.startswith("."))
        elif root == top:
            dirs[:] = [d for d in dirs if d not in NO_PAGES]
        for name in files:
            if name.endswith(".html"):
                path = os.path.join(root, name)
                with open(path, "rb") as handle:
                    if MARKER in handle.read():
                        found.append(os.path.relpath(path, top).replace(os.sep, "/"))
    return sorted(found)


def _glob(pages: list[str]) -> str | None:
    """A Pagefind glob naming exactly ``pages``; None when it cannot (see :func:`index_pages`)."""
    if not pages or not all(PLAIN_PATH.fullmatch(p) for p in pages):
        return None
    glob = "{" + ",".join(pages) + "}"
    return glob if len(glob) <= GLOB_LIMIT else None


def index_pages(folder: Path, pages: list[str], output: Path,
                label: str = "indeks pencarian", timeout: float = TIMEOUT) -> None:
    """Run Pagefind on exactly ``pages`` (relative to ``folder``), writing into ``output``.

    The pages are named by a glob when one can name them (:func:`_glob`). Beyond
    :data:`GLOB_LIMIT` characters (a portal of ~50 villages), or for a path a
    glob cannot spell, they are linked into a private folder beside ``folder``
    in sorted order and Pagefind indexes that folder whole: the same paths, so
    the same URLs, and still no page without ``data-pagefind-body`` is parsed.

    :raise BuildError: when Pagefind is missing or fails.
    """
    glob = _glob(pages)
    if glob is not None or not pages:
        _run(folder, glob, output, label, timeout)
        return
    try:
        stage = Path(tempfile.mkdtemp(prefix=f".{folder.name}.pagefind-halaman-",
                                      dir=folder.parent))
    except OSError as exc:
        raise BuildError(f"{label} gagal dibuat: {exc}", hint=HINT) from exc
    try:
        for page in sorted(pages):
            target = stage / page
            target.parent.mkdir(parents=True, exist_ok=True)
            _link_or_copy(os.fspath(folder / page), os.fspath(target))
        _run(stage, None, output, label, timeout)
    except OSError as exc:
        raise BuildError(f"{label} gagal dibuat: {exc}", hint=HINT) from exc
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def index_village(folder: Path, previous: Path | None = None,
                  pages: Mapping[str, bytes] | Iterable[str] | None = None) -> Path:
    """Index a built village folder with Pagefind; returns the ``pagefind/`` folder.

    ``pages`` are the pages to index (those carrying ``data-pagefind-body``), as
    written in ``folder``: a mapping of folder-relative path to the HTML bytes the
    engine wrote (so they are not read again to compare), or the paths alone;
    they are looked for when not given. When what Pagefind reads of them
    (:func:`search_view`) is unchanged since ``previous`` (the last published
    folder), its index is linked as it is; otherwise index files identical to its
    own are linked from there, so an incremental build leaves them untouched.

    :raise BuildError: when Pagefind is missing or fails, or a page path leaves
        the folder.
    """
    if pages is None:
        pages = searchable_pages(folder)
    elif not isinstance(pages, Mapping):
        pages = list(pages)
    names = sorted(pages)
    for name in names:
        parts = PurePosixPath(name).parts
        if not parts or PurePosixPath(name).is_absolute() or ".." in parts:
            raise BuildError(f"indeks pencarian gagal dibuat: halaman {name!r} di luar "
                             "folder desa", hint=HINT)
    old = previous / FOLDER if previous is not None else None
    out = folder / FOLDER
    if old is not None and names and _unchanged(folder, previous, old, pages):
        shutil.rmtree(out, ignore_errors=True)  # compressed copies follow in compress_tree
        shutil.copytree(old, out, copy_function=_link_or_copy,
                        ignore=shutil.ignore_patterns("*.gz", "*.br"))
        prune(out)  # an index published before a pruning rule was added loses the files too
        return out
    index_pages(folder, names, out, timeout=VILLAGE_TIMEOUT)
    prune(out)
    if old is not None and old.is_dir():
        for path in out.rglob("*"):
            before = old / path.relative_to(out)
            if path.is_file() and same_bytes(before, path):
                link_file(before, path)
    return out


def _run(folder: Path, glob: str | None, output: Path | None = None,
         label: str = "indeks pencarian", timeout: float = TIMEOUT) -> None:
    """Run Pagefind over ``folder``, on the pages ``glob`` names (every page if None),
    writing into ``output`` (Pagefind's own ``pagefind/`` inside ``folder`` if None).

    The glob goes in a ``pagefind.json`` of a private working folder: a glob of
    thousands of pages would not fit in one command-line argument. ``label`` names
    the index in the error message. Pagefind is killed after ``timeout`` seconds,
    and when this process dies (:func:`_tied`): a build worker killed for its
    time limit leaves no Pagefind behind.
    """
    with tempfile.TemporaryDirectory(prefix="satudesa-pagefind-") as config:
        try:
            if glob is not None:
                with open(os.path.join(config, "pagefind.json"), "w",
                          encoding="utf-8") as handle:
                    json.dump({"glob": glob}, handle)
            command = [_binary(), "--site", os.path.abspath(folder), "--silent"]
            if output is not None:
                command[3:3] = ["--output-path", os.path.abspath(output)]
            done = subprocess.run(_tied(command), cwd=config, capture_output=True,
                                  text=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired as exc:
            raise BuildError(f"{label} gagal dibuat: pagefind tidak selesai dalam "
                             f"{timeout:g} detik", hint=HINT) from exc
        except OSError as exc:
            raise BuildError(f"{label} gagal dibuat: {exc}", hint=HINT) from exc
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()
        raise BuildError(f"{label} gagal dibuat: " + (detail[-1] if detail else
                                                       "pagefind berhenti"),
                         hint=HINT)


def _tied(command: list[str]) -> list[str]:
    """``command`` run through ``setpriv --pdeathsig KILL`` (util-linux) when there is one.

    The kernel then kills Pagefind when the process that started it dies, even by
    SIGKILL. ``preexec_fn`` could do it without the extra ``exec`` (0.4 ms), but
    is not safe in a process with threads (a Dask worker).
    """
    setpriv = _setpriv()
    return [setpriv, "--pdeathsig", "KILL", "--", *command] if setpriv else command


@functools.cache
def _setpriv() -> str | None:
    return shutil.which("setpriv") if sys.platform.startswith("linux") else None


def _unchanged(folder: Path, previous: Path, old: Path,
               pages: Mapping[str, bytes] | list[str]) -> bool:
    """True when ``old`` indexes exactly ``pages``, as Pagefind reads them, with this Pagefind.

    Pagefind's output depends only on what it reads of the pages (their
    :func:`search_view` and paths), its version and its options (fixed here).
    The old index counts its pages, and each page is the same file, or reads the
    same at the same path, so it was one of them: same count, same pages.
    """
    try:
        entry = json.loads((old / ENTRY).read_bytes())
        count = sum(lang["page_count"] for lang in entry["languages"].values())
        if entry["version"] != metadata.version("pagefind_bin") or count != len(pages):
            return False
    except (OSError, ValueError, KeyError, TypeError, AttributeError,
            metadata.PackageNotFoundError):
        return False
    for page in pages:
        before = previous / page
        if isinstance(pages, Mapping):
            html = pages[page]
        else:
            new = folder / page
            try:
                a, b = os.stat(new), os.stat(before)
            except OSError:
                return False
            if (a.st_ino, a.st_dev) == (b.st_ino, b.st_dev):
                continue  # the same file: linked from the previous build
            try:
                html = new.read_bytes()
            except OSError:
                return False
        try:
            old_html = before.read_bytes()
        except OSError:
            return False
        if html != old_html and search_view(html) != search_view(old_html):
            return False
    return True


def search_view(html: bytes) -> bytes:
    """The part of a page Pagefind's index depends on: the page without its ``<head>``
    but its ``<title>``.

    Pagefind skips ``<head>`` (its parser's removed elements) except the title, a
    fallback for the result's title. A change of the rest of the head (a new
    stylesheet fingerprint, a meta description, the JSON-LD) then re-indexes no
    village. A head that mentions ``data-pagefind`` (an attribute Pagefind reads
    anywhere) is kept whole, and so is a page whose head is not found.
    """
    found = HEAD.search(html)
    start = found.start() if found else -1
    end = html.find(b"</head>", start)
    if start < 0 or end < 0 or b"data-pagefind" in html[start:end]:
        return html
    title_start = html.find(b"<title", start, end)
    title_end = html.find(b"</title>", title_start, end)
    title = html[title_start:title_end + 8] if 0 <= title_start < title_end else b""
    return html[:start] + b"<head>" + title + html[end:]


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def prune(out: Path) -> None:
    """Delete the Pagefind bundles the search page never loads, and unused WebAssembly."""
    for name in UNUSED:
        (out / name).unlink(missing_ok=True)
    for extra in ("pagefind-component-ui", "pagefind-modular-ui"):
        shutil.rmtree(out / extra, ignore_errors=True)
    for name in unused_wasm(out):
        (out / name).unlink(missing_ok=True)


def needed_wasm(entry: dict[str, Any]) -> set[str] | None:
    """The ``wasm.<name>.pagefind`` files a browser may load for this ``pagefind-entry.json``.

    ``pagefind.js`` (1.5.2, ``PagefindInstance.init``) picks one entry of
    ``languages``: the page's ``<html lang>``, else its base language, else the
    language with the most pages. It then loads ``wasm.<entry.wasm>.pagefind``,
    or ``wasm.unknown.pagefind`` when the entry's ``wasm`` is null (a language
    without a stemmer). Pagefind writes the "unknown" file in every bundle, but
    with only ``lang="id"`` pages nothing ever asks for it. None when the entry
    is not what we expect: then every file is kept.
    """
    languages = entry.get("languages")
    if not isinstance(languages, dict) or not languages:
        return None
    names = set()
    for language in languages.values():
        if not isinstance(language, dict):
            return None
        wasm = language.get("wasm")
        if wasm is not None and not isinstance(wasm, str):
            return None
        names.add(f"wasm.{wasm or 'unknown'}.pagefind")
    return names


def unused_wasm(out: Path) -> list[str]:
    """The WebAssembly files of the bundle ``out`` that no language of its entry loads."""
    try:
        entry = json.loads((out / ENTRY).read_bytes())
    except (OSError, ValueError):
        return []
    needed = needed_wasm(entry) if isinstance(entry, dict) else None
    if needed is None:
        return []
    return sorted(path.name for path in out.glob("wasm.*.pagefind") if path.name not in needed)


# -- the search page -------------------------------------------------------------
