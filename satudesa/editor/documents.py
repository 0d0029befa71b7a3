"""Where a village's content files are, and what ``flask check`` says about one of them.

Names from URLs are never joined onto a path: a document is found by listing
its folder and comparing names, so ``..``, slashes or symlinks lead nowhere.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup

from ..errors import Problem, Report
from ..inputs.sources import display_path
from ..inputs.yamlsafe import YamlProblem
from ..load.content import VillageLoader, slugify
from ..load.kinds import KINDS, Kind
from ..load.loader import current_time
from ..load.registry import Village
from . import frontmatter

SLUG_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
STATES = ("draf", "diajukan", "terbit")
STATE_LABELS = {"draf": "Draf", "diajukan": "Menunggu persetujuan", "terbit": "Terbit"}


@dataclass(frozen=True)
class DocInfo:
    """One content file as the dashboard lists it."""

    kind: str
    name: str
    title: str
    status: str
    mtime: float


def village_root(site_dir: Path, slug: str) -> Path:
    """``content/<slug>/``."""
    return site_dir / "content" / slug


def find_document(site_dir: Path, slug: str, kind: str, name: str) -> Path | None:
    """The Markdown file ``name`` of ``kind`` in the village, found by listing; or None."""
    if kind not in KINDS or not SLUG_RE.match(slug):
        return None
    folder = village_root(site_dir, slug) / kind
    if folder.is_symlink() or not folder.is_dir():
        return None
    for path in folder.iterdir():
        if path.suffix == ".md" and path.stem == name and not path.is_symlink() \
                and path.is_file():
            return path
    return None


def new_document_path(site_dir: Path, slug: str, kind: str, title: str) -> Path:
    """A free file name for a new document, slugged from its title."""
    folder = village_root(site_dir, slug) / kind
    base = slugify(title)[:60].strip("-") or kind
    candidate, number = base, 2
    while (folder / f"{candidate}.md").exists():
        candidate, number = f"{base}-{number}", number + 1
    return folder / f"{candidate}.md"


def digest(data: bytes) -> str:
    """The hash a form carries to detect a file changed by someone else."""
    return hashlib.sha256(data).hexdigest()


def status_of(values: dict[str, Any]) -> str:
    """draf, diajukan or terbit: ``status``, else ``draft: true``, else terbit."""
    status = str(values.get("status") or "").strip().lower()
    if status in STATES:
        return status
    if values.get("draft") is True or str(values.get("draft")).lower() in ("true", "ya", "yes"):
        return "draf"
    return "terbit"


def list_documents(site_dir: Path, slug: str) -> list[DocInfo]:
    """Every Markdown document of the village with its state, newest change first."""
    result = []
    root = village_root(site_dir, slug)
    for kind in KINDS:
        folder = root / kind
        if folder.is_symlink() or not folder.is_dir():
            continue
        for path in folder.glob("*.md"):
            if path.is_symlink() or not path.is_file():
                continue
            try:
                text = path.read_text(encoding="utf-8", errors="replace")
                values, _ = frontmatter.split(text)
            except (OSError, YamlProblem):  # a broken file is still listed, to open and fix
                values = {}
            result.append(DocInfo(kind, path.stem, str(values.get("title") or path.stem),
                                  status_of(values), path.stat().st_mtime))
    result.sort(key=lambda doc: doc.mtime, reverse=True)
    return result


def check_text(site_dir: Path, village: Village, kind: Kind, path: Path,
               text: str) -> tuple[list[Problem], Markup | None]:
    """``flask check``'s own findings for ``text`` as if it were published at ``path``.

    Also returns the body rendered by the real Markdown pipeline (for Pratinjau),
    or None when the page would not load.
    """
    report = Report()
    # Far in the future: a scheduled page is checked and previewed like any other.
    loader = VillageLoader(village, site_dir, report, current_time() + dt.timedelta(days=36500))
    root = loader.root
    for name in KINDS:  # links to sibling pages resolve as they will when published
        folder = root / name
        if folder.is_dir():
            for other in folder.glob("*.md"):
                url = slugify(other.stem) + "/" if name == "halaman" else \
                    f"{name}/{slugify(other.stem)}/"
                loader._by_source[f"{name}/{other.name}"] = url
    shown = display_path(path, site_dir)
    try:
        forced = frontmatter.edit(text, {"status": "terbit"}, None)
        values, _ = frontmatter.split(text)
        if values.get("draft") is not None:
            forced = frontmatter.edit(forced, {"draft": False}, None)
    except YamlProblem as exc:  # refused before libyaml parses it for the loader
        return [Problem(shown, exc.message, exc.hint, exc.line, exc.col)], None
    except frontmatter.FrontMatterError:  # the loader says why
        forced = text
    # As sources.read_text hands files to the loader: no BOM, LF line endings.
    forced = forced.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    page = loader.read_page(path, kind, text=forced)
    body = None
    if page is not None:
        loader.render_body(page)
        body = page.body
    problems = [p for p in report.problems if p.path == shown] or report.problems
    return problems, body
