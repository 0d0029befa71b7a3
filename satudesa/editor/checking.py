"""A form's check and Pratinjau, run where a crash cannot take the editor down.

The loader (libyaml, Markdown, Pillow) runs on an officer's unsaved text in
the warm check worker (:mod:`satudesa.editor.publisher`). A worker that dies
makes the form show one Indonesian error and is replaced on the next call; the
editor keeps serving. ``EDITOR_CHECKS_INLINE`` (tests of other parts only) runs
the same functions in the editor's own process instead.
"""

from __future__ import annotations

from pathlib import Path

from markupsafe import Markup

from ..errors import Problem
from ..load.kinds import Kind
from ..load.registry import Village
from .documents import check_text, village_root
from .pagepreview import PagePreview, preview_file, render_page, render_saved
from .state import editor
from .tablechecks import check_table


def _rel(village: Village, path: Path) -> str:
    return path.relative_to(village_root(editor().site_dir, village.slug)).as_posix()


def check_form(village: Village, kind: Kind, path: Path, text: str
               ) -> tuple[list[Problem], Markup | None]:
    """``flask check``'s findings for ``text`` as if published at ``path``, and its body."""
    ed = editor()
    if ed.checks_inline:
        return check_text(ed.site_dir, village, kind, path, text)
    problems, body = ed.publisher.check_text(village.slug, kind.name, _rel(village, path), text)
    # The body was rendered and sanitised by the same pipeline, in our own worker.
    return problems, None if body is None else Markup(body)  # noqa: S704


def preview_form(village: Village, kind: Kind, path: Path, text: str) -> PagePreview:
    """The Pratinjau page of ``text`` at ``path`` (see :mod:`.pagepreview`)."""
    ed = editor()
    if ed.checks_inline:
        return render_page(ed.site_dir, village, kind, path, text)
    return ed.publisher.preview(village.slug, kind.name, _rel(village, path), text)


def preview_media(village: Village, rel: str) -> tuple[bytes, str] | None:
    """A file a Pratinjau page links to, and its type (images decoded in the worker)."""
    ed = editor()
    if ed.checks_inline:
        return preview_file(ed.site_dir, village, rel)
    return ed.publisher.preview_file(village.slug, rel)


def preview_saved(village: Village, url: str) -> PagePreview:
    """A saved page of the village, for a link followed inside Pratinjau."""
    ed = editor()
    if ed.checks_inline:
        return render_saved(ed.site_dir, village, url)
    return ed.publisher.preview_saved(village.slug, url)


def check_table_form(name: str, village: Village, path: Path, text: str) -> list[Problem]:
    """``flask check``'s findings for a table form's unsaved text (see :mod:`.tablechecks`)."""
    ed = editor()
    if ed.checks_inline:
        return check_table(ed.site_dir, village, name, path, text)
    rel = path.relative_to(ed.site_dir).as_posix()
    return ed.publisher.check_table(village.slug, name, rel, text)
