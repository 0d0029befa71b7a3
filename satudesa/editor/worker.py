"""The editor's worker process: ``python -m satudesa.editor.worker ROLE SITE OUT FD``.

Started and spoken to by :mod:`satudesa.editor.publisher` over the connected
socket ``FD`` (pickled tuples, ``multiprocessing.connection`` framing). ROLE
"build" imports the fast engine and compiles the site's templates before it
says it is ready; ROLE "check" loads villages as ``flask check`` does, checks
an officer's unsaved form and renders its Pratinjau page. Nothing
here runs in the editor's own process, so a crash here costs one request.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import traceback
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

READY = "siap"


def main(argv: list[str]) -> None:
    """Serve requests on the socket given in ``argv`` until told to stop."""
    role, site_dir, out_dir, fd = argv
    serve(Connection(int(fd)), role, Path(site_dir), Path(out_dir))


def serve(conn: Connection, role: str, site: Path, out: Path) -> None:
    """Warm up, say so, then answer requests until "stop" or the editor goes away."""
    if role == "build":
        warm(site, out)
    else:
        # Imported once, before any request: the loader, the renderer and the forms' check.
        from satudesa.editor import documents, pagepreview, tablechecks  # noqa: F401
    conn.send((READY,))
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        if request[0] == "stop":
            return
        try:
            if request[0] == "publish":
                conn.send(("ok", _build(site, out, request[1])))
                _refresh(out)  # off the critical path: the next build starts level
            elif request[0] == "check":
                conn.send(("ok", _check(site, request[1])))
            elif request[0] == "check_text":
                _crash_hook(site)
                conn.send(("ok", _check_text(site, *request[1:])))
            elif request[0] == "check_table":
                _crash_hook(site)
                conn.send(("ok", _check_table(site, *request[1:])))
            elif request[0] == "preview_file":
                _crash_hook(site)
                conn.send(("ok", _preview_file(site, *request[1:])))
            elif request[0] == "preview_saved":
                _crash_hook(site)
                conn.send(("ok", _preview_saved(site, *request[1:])))
            elif request[0] == "preview":
                _crash_hook(site)
                conn.send(("ok", _preview(site, *request[1:])))
            else:
                conn.send(("galat", f"permintaan tidak dikenal: {request[0]}"))
        except Exception as exc:  # noqa: BLE001 - the answer says what went wrong
            conn.send(("galat", traceback.format_exception_only(exc)[-1].strip()))


def warm(site_dir: Path, out: Path) -> int:
    """Import the engine and compile every template the site's themes use; the count.

    A site that cannot be loaded yet is reported by its first build, not here.
    """
    from satudesa.build.engine import EngineRenderer
    from satudesa.errors import Report
    from satudesa.inputs.themes import resolve_theme
    from satudesa.load.loader import load_portal

    compiled = 0
    try:
        site = load_portal(site_dir, Report())
        renderer = EngineRenderer(site)
        for name in sorted({renderer.theme_name(v) for v in site.registry.values()}):
            theme = resolve_theme(name, site_dir)
            env = renderer.env(theme)
            for folder in theme.template_dirs:
                for path in sorted(folder.rglob("*.html")):
                    env.get_template(path.relative_to(folder).as_posix())
                    compiled += 1
    except Exception:  # noqa: BLE001 - a broken site or theme fails its first build instead
        pass
    _refresh(out)
    return compiled


def _refresh(out: Path) -> None:
    from satudesa.build.engine import refresh_spare

    if out.is_dir():
        with contextlib.suppress(Exception):
            refresh_spare(out)


def _build(site_dir: Path, out: Path, slug: str) -> dict[str, Any]:
    from satudesa.build.engine import build_fast
    from satudesa.errors import ERROR, Report
    from satudesa.load.loader import load_portal

    portal = load_portal(site_dir, Report())
    if slug not in portal.registry:
        message = (f"Desa {slug} belum diaktifkan oleh admin kabupaten; tulisan tersimpan dan "
                   "tampil di situs setelah desa diaktifkan."
                   if slug in portal.unpublished else
                   f"Desa {slug} tidak terdaftar atau berkas villages/{slug}.yml bermasalah; "
                   "hubungi admin kabupaten.")
        return {"ok": False, "failed": True, "errors": [], "kept": [], "pages": 0,
                "seconds": 0.0, "message": message}
    result = build_fast(site_dir, out, [slug], jobs=1)
    errors = [p.format() for p in result.report.problems
              if p.severity == ERROR and _concerns(p.path, slug)]
    failed = slug in result.failed
    kept = [url for url in result.kept if url.startswith(f"{slug}/")]
    return {"ok": not failed and not errors and not kept, "failed": failed, "errors": errors,
            "kept": kept, "pages": result.pages, "seconds": result.seconds}


def _check(site_dir: Path, slug: str) -> list[dict[str, Any]]:
    from satudesa.errors import ERROR, Report
    from satudesa.load.content import load_village
    from satudesa.load.loader import load_portal
    from satudesa.load.registry import load_registry

    report = Report()
    site = load_portal(site_dir, report)
    village = site.registry.get(slug)
    if village is None and slug in site.unpublished:  # not live yet: check it all the same
        village = load_registry(site_dir, Report()).get(slug)
    if village is not None:
        load_village(village, site_dir, report, site.now)
    return [{"path": p.path, "line": p.line,
             "level": "galat" if p.severity == ERROR else "peringatan",
             "message": p.message + (f" ({p.hint})" if p.hint else "")}
            for p in report.problems if _concerns(p.path, slug)]


def _crash_hook(site_dir: Path) -> None:
    """Test hook: crash like libyaml did while the site holds the file ``CRASH_ENV`` names."""
    from satudesa.preview.isolated import CRASH_ENV

    crash = os.environ.get(CRASH_ENV)
    if crash and (site_dir / crash).exists():
        os.kill(os.getpid(), signal.SIGSEGV)


def _document(site_dir: Path, slug: str, kind_name: str, rel: str) -> tuple[Any, Any, Path]:
    """The village, kind and path of a form's document (``rel`` inside ``content/<slug>/``)."""
    from satudesa.editor.villages import get_village
    from satudesa.load.kinds import KINDS

    village = get_village(site_dir, slug)
    kind = KINDS.get(kind_name)
    path = site_dir / "content" / slug / rel
    if village is None or kind is None or path.parent.parent != site_dir / "content" / slug \
            or path.parent.name != kind_name or ".." in rel:
        raise ValueError(f"dokumen tidak dikenal: {slug}/{rel}")
    return village, kind, path


def _check_text(site_dir: Path, slug: str, kind_name: str, rel: str,
                text: str) -> tuple[list[Any], str | None]:
    """``documents.check_text`` for an unsaved form: problems and the body's HTML."""
    from satudesa.editor.documents import check_text

    village, kind, path = _document(site_dir, slug, kind_name, rel)
    problems, body = check_text(site_dir, village, kind, path, text)
    return problems, None if body is None else str(body)


def _check_table(site_dir: Path, slug: str, name: str, rel: str, text: str) -> list[Any]:
    """``tablechecks.check_table`` for a table form (``rel`` inside the site)."""
    from satudesa.editor.tablechecks import check_table, table_path
    from satudesa.editor.villages import get_village

    village = get_village(site_dir, slug)
    path = table_path(site_dir, slug, name, rel)
    if village is None or path is None:
        raise ValueError(f"tabel tidak dikenal: {rel}")
    return check_table(site_dir, village, name, path, text)


def _preview_file(site_dir: Path, slug: str, rel: str) -> tuple[bytes, str] | None:
    """``pagepreview.preview_file``: a file a Pratinjau page links to (images decoded here)."""
    from satudesa.editor.pagepreview import preview_file
    from satudesa.editor.villages import get_village

    village = get_village(site_dir, slug)
    return None if village is None else preview_file(site_dir, village, rel)


def _preview_saved(site_dir: Path, slug: str, url: str) -> Any:
    """``pagepreview.render_saved``: a saved page the Pratinjau links to."""
    from satudesa.editor.pagepreview import render_saved
    from satudesa.editor.villages import get_village

    village = get_village(site_dir, slug)
    if village is None:
        raise ValueError(f"desa tidak dikenal: {slug}")
    return render_saved(site_dir, village, url)


def _preview(site_dir: Path, slug: str, kind_name: str, rel: str, text: str) -> Any:
    """``pagepreview.render_page`` for an unsaved form."""
    from satudesa.editor.pagepreview import render_page

    village, kind, path = _document(site_dir, slug, kind_name, rel)
    return render_page(site_dir, village, kind, path, text)


def _concerns(path: str, slug: str) -> bool:
    """Whether a problem at ``path`` is this village's (or the whole site's) business."""
    return (path.startswith((f"content/{slug}/", f"villages/{slug}."))
            or not path.startswith(("content/", "villages/")))


if __name__ == "__main__":
    main(sys.argv[1:])
