"""The officers' pages: dashboard, one form per content kind, uploads, history.

Every route takes the village from its URL and checks the officer against it
before touching anything (``auth.require_write``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required
from markupsafe import Markup
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from ..errors import ERROR, Problem
from ..inputs.yamlsafe import YamlProblem
from ..load.kinds import KINDS, Kind
from ..load.registry import Village
from . import fields, frontmatter
from .auth import REPLAY, account, require_write
from .checking import check_form, preview_form, preview_media, preview_saved
from .commits import _snapshot, add_files, author_of, delete_file, save_file
from .documents import (
    STATE_LABELS,
    digest,
    find_document,
    list_documents,
    new_document_path,
    status_of,
    village_root,
)
from .state import editor
from .store import Account
from .villages import all_villages, get_village
from .yamlblocks import flow_list, replace_in_front_matter

bp = Blueprint("views", __name__)

ACTIONS = ("simpan", "ajukan", "terbitkan", "tarik", "hapus")
TARGET = {"simpan": "draf", "ajukan": "diajukan", "terbitkan": "terbit", "tarik": "draf"}
DONE = {"simpan": "Disimpan sebagai draf.", "ajukan": "Diajukan untuk disetujui kepala desa.",
        "terbitkan": "Diterbitkan.", "tarik": "Ditarik dari situs; kini menjadi draf.",
        "hapus": "Dihapus. Berkas dapat dipulihkan dari riwayat."}
KEY_LINE = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)[ \t]*:")
MAX_PASTE = 1024 * 1024


def village_or_404(slug: str) -> tuple[Account, Village]:
    """The officer and the village, after checking the officer may edit it."""
    me = require_write(slug)
    village = get_village(editor().site_dir, slug)
    if village is None:
        abort(404)
    return me, village


def kind_or_404(name: str) -> Kind:
    """A Markdown kind from the URL."""
    kind = KINDS.get(name)
    if kind is None:
        abort(404)
    return kind


@bp.route("/")
@login_required
def home() -> Response | str:
    """Admin: every village; an officer: their own village."""
    me = account()
    if me.role != "admin":
        return redirect(url_for("views.dashboard", slug=me.village))
    return render_template("villages.html", villages=all_villages(editor().site_dir),
                           store=editor().store)


@bp.route("/<slug>/")
@login_required
def dashboard(slug: str) -> str:
    """Drafts, awaiting approval, recently published, and what ``flask check`` still finds."""
    me, village = village_or_404(slug)
    docs = list_documents(editor().site_dir, slug)
    problems: list[dict[str, Any]] = []
    if editor().publish_enabled:
        try:
            problems = editor().publisher.check(slug)
        except Exception as exc:  # noqa: BLE001 - the worker died: the dashboard still opens
            current_app.logger.warning("check failed: %s", exc)
    store = editor().store
    return render_template(
        "dashboard.html", village=village, me=me, kinds=KINDS, problems=problems[:50],
        drafts=[d for d in docs if d.status == "draf"],
        waiting=[d for d in docs if d.status == "diajukan"],
        published=[d for d in docs if d.status == "terbit"][:15],
        requires_approval=store.requires_approval(slug), labels=STATE_LABELS)


@bp.route("/<slug>/<kind_name>/")
@login_required
def listing(slug: str, kind_name: str) -> str:
    """Every document of one kind, with its state."""
    _, village = village_or_404(slug)
    kind = kind_or_404(kind_name)
    docs = [d for d in list_documents(editor().site_dir, slug) if d.kind == kind_name]
    return render_template("listing.html", village=village, kind=kind, docs=docs,
                           labels=STATE_LABELS)


# -- one document -------------------------------------------------------------------


def _field_problems(text: str, problems: list[Problem]) -> tuple[dict[str, list[Problem]],
                                                                 list[Problem]]:
    """Problems by form field (from their line), and those that belong to no field."""
    lines = text.split("\n")
    key_at: dict[int, str] = {}
    body_line = None
    if lines and lines[0].rstrip("\r") == "---":
        current = None
        for number, line in enumerate(lines[1:], start=2):
            if line.rstrip("\r") == "---":
                body_line = number + 1
                break
            match = KEY_LINE.match(line)
            if match:
                current = match.group(1)
            if current:
                key_at[number] = current
    by_field: dict[str, list[Problem]] = {}
    general = []
    for problem in problems:
        key = None
        if problem.line is not None:
            if body_line is not None and problem.line >= body_line:
                key = "body"
            else:
                key = key_at.get(problem.line)
        if key:
            by_field.setdefault(key, []).append(problem)
        else:
            general.append(problem)
    return by_field, general


def _form_values(specs: list[fields.FieldSpec], values: Mapping[str, Any], body: str
                 ) -> dict[str, Any]:
    shown = {spec.key: fields.to_form(values.get(spec.key), spec.widget) for spec in specs}
    shown["body"] = body
    return shown


def _render_form(village: Village, kind: Kind, name: str | None, values: dict[str, Any],
                 base_hash: str, text: str, status: str, problems: list[Problem],
                 preview: Markup | None, me: Account, conflict: str | None = None,
                 code: int = 200) -> tuple[str, int]:
    by_field, general = _field_problems(text, problems)
    specs = fields.specs(kind)
    requires = editor().store.requires_approval(village.slug)
    return render_template(
        "edit.html", village=village, kind=kind, name=name, specs=specs, values=values,
        base_hash=base_hash, status=status, status_label=STATE_LABELS[status],
        by_field=by_field, general=general, preview=preview, conflict=conflict,
        can_publish=me.can_publish(village.slug, requires), requires_approval=requires,
        has_errors=any(p.severity == ERROR for p in problems)), code


@bp.route("/<slug>/<kind_name>/baru", methods=["GET", "POST"])
@login_required
def new(slug: str, kind_name: str) -> Response | tuple[str, int]:
    """A new document of this kind."""
    me, village = village_or_404(slug)
    kind = kind_or_404(kind_name)
    if request.method == "POST":
        return save_document(slug, kind_name, None, request.form, request.files)
    specs = fields.specs(kind)
    values = _form_values(specs, {}, "")
    return _render_form(village, kind, None, values, "", "", "draf", [], None, me)


@bp.route("/<slug>/<kind_name>/<name>/ubah", methods=["GET", "POST"])
@login_required
def edit(slug: str, kind_name: str, name: str) -> Response | tuple[str, int]:
    """Edit one document; GET shows it with ``flask check``'s findings beside the fields."""
    me, village = village_or_404(slug)
    kind = kind_or_404(kind_name)
    if request.method == "POST":
        return save_document(slug, kind_name, name, request.form, request.files)
    path = find_document(editor().site_dir, slug, kind_name, name)
    if path is None:
        abort(404)
    raw = path.read_bytes()
    text = raw.decode("utf-8", errors="replace")
    try:
        values, body = frontmatter.split(text)
    except YamlProblem:
        values, body = {}, text
    problems, preview = check_form(village, kind, path, text)
    return _render_form(village, kind, name, _form_values(fields.specs(kind), values, body),
                        digest(raw), text, status_of(values), problems, preview, me)


def save_document(slug: str, kind_name: str, name: str | None, form: Mapping[str, str],
                  files: MultiDict[str, FileStorage] | None) -> Response | tuple[str, int]:
    """Apply one submitted form: write, commit, audit and (when it shows) publish."""
    me, village = village_or_404(slug)
    kind = kind_or_404(kind_name)
    action = form.get("action", "")
    if action not in ACTIONS:
        abort(400)
    ed = editor()
    specs = fields.specs(kind)
    submitted: dict[str, Any] = {key: form.get(key, "")
                                 for key in [s.key for s in specs] + ["body"]}
    requires = ed.store.requires_approval(slug)
    path = None
    text = ""
    raw = b""
    title = str(submitted.get("title") or "").strip() or "tanpa judul"
    if name is not None:
        path = find_document(ed.site_dir, slug, kind_name, name)
        if path is None:
            abort(404)
        raw = path.read_bytes()
        text = raw.decode("utf-8", errors="replace")
        if form.get("base_hash", "") != digest(raw):
            flash("Berkas ini telah diubah orang lain sejak Anda membukanya. Tidak ada yang "
                  "ditimpa: bandingkan kedua versi di bawah.", "error")
            return _render_form(village, kind, name, submitted, digest(raw), text,
                                status_of(frontmatter.split(text)[0]), [], None, me,
                                conflict=text, code=409)
    try:
        values = frontmatter.split(text)[0] if text else {}
    except YamlProblem:
        values = {}
    old_status = status_of(values) if path is not None else "draf"
    if action == "hapus":
        if path is None:
            abort(400)
        if old_status == "terbit" and not me.can_publish(slug, requires):
            abort(403)
        return _delete(me, village, kind, path, text)
    target = TARGET[action]
    publishing = target == "terbit" or (old_status == "terbit" and path is not None)
    if (target == "terbit" or action == "tarik") and not me.can_publish(slug, requires):
        abort(403)
    if action == "tarik" and old_status != "terbit":
        abort(400)
    problems_upload = _take_uploads(specs, village, files, submitted)
    if problems_upload:
        flash("Berkas tidak diunggah; tulisan belum disimpan. Perbaiki lalu simpan lagi.",
              "error")
        return _render_form(village, kind, name, submitted, form.get("base_hash", ""),
                            text, old_status, problems_upload, None, me, code=422)
    new_body = fields.normalise_newlines(submitted["body"])
    changed = fields.changes(specs, values, submitted)
    if path is None or target != old_status or (
            "status" in values and values["status"] != target):
        changed["status"] = target
        if target == "terbit" and "draft" in values:
            changed["draft"] = None
    # Lists of mappings (galeri photos) are written as a block of their own.
    photos = {key: changed.pop(key) for key in [s.key for s in specs if s.widget == "photos"]
              if key in changed}
    if path is None:
        path = new_document_path(ed.site_dir, slug, kind_name, title)
        fresh = {k: v for k, v in changed.items() if v is not None}
        candidate = _with_photos(frontmatter.new_document(fresh, new_body), photos)
    else:
        try:
            candidate = _with_photos(frontmatter.edit(text, changed, new_body), photos)
        except (YamlProblem, frontmatter.FrontMatterError) as exc:
            flash(f"Berkas tidak dapat diubah lewat formulir: {exc}. Tulisan belum "
                  "disimpan.", "error")
            return _render_form(village, kind, name, submitted,
                                form.get("base_hash", ""), text, old_status, [], None, me,
                                code=422)
    problems, preview = check_form(village, kind, path, candidate)
    errors = [p for p in problems if p.severity == ERROR]
    if target == "terbit" and errors:
        flash("Belum dapat diterbitkan: perbaiki galat di bawah. Tulisan belum disimpan.",
              "error")
        return _render_form(village, kind, name, submitted, form.get("base_hash", ""),
                            candidate, old_status, problems, preview, me, code=422)
    if candidate == text and name is not None:
        flash("Tidak ada perubahan.", "info")
    else:
        # Checked above without the lock; under it, the file must still be what was read.
        with ed.write_lock:
            if name is None:
                path = new_document_path(ed.site_dir, slug, kind_name, title)
            elif (now := path.read_bytes() if path.is_file() else b"") != raw:
                flash("Berkas ini baru saja diubah orang lain. Tidak ada yang ditimpa: "
                      "bandingkan kedua versi di bawah.", "error")
                now_text = now.decode("utf-8", errors="replace")
                return _render_form(village, kind, name, submitted, digest(now), now_text,
                                    old_status, [], None, me, conflict=now_text, code=409)
            rel = path.relative_to(ed.site_dir).as_posix()
            save_file(ed.site_dir, path, candidate.encode("utf-8"), me, f"{action}: {rel}")
        ed.store.audit(me.username, slug, action, rel)
        flash(DONE[action], "ok")
    if publishing:
        _publish(slug)
    return redirect(url_for("views.edit", slug=slug, kind_name=kind_name, name=path.stem))


def _with_photos(text: str, photos: dict[str, Any]) -> str:
    newline = "\r\n" if text.startswith("---\r\n") else "\n"
    for key, rows in photos.items():
        block = flow_list(key, rows, newline) if rows else ""
        text = replace_in_front_matter(text, key, block)
    return text


def _take_uploads(specs: list[fields.FieldSpec], village: Village,
                  files: MultiDict[str, FileStorage] | None,
                  submitted: dict[str, Any]) -> list[Problem]:
    """Store the files posted beside file keys; their paths go into the form."""
    if not files:
        return []
    from .uploads import UploadError, process_upload, store

    problems = []
    root = village_root(editor().site_dir, village.slug)
    for spec in specs:
        if not spec.upload:
            continue
        for item in files.getlist(f"{spec.key}_unggah"):
            if not item or not item.filename:
                continue
            try:
                upload = process_upload(item.read(), item.filename, spec.upload)
                rel = store(root, upload)
            except UploadError as exc:
                problems.append(Problem(spec.key, f"{item.filename}: {exc}"))
                continue
            me = account()
            add_files(editor().site_dir, [root / rel], me, f"unggah: {village.slug}/{rel}")
            editor().store.audit(me.username, village.slug, "unggah", f"{village.slug}/{rel}")
            if spec.widget == "photos":
                current = str(submitted.get(spec.key) or "").rstrip()
                submitted[spec.key] = (current + "\n" if current else "") + rel
            else:
                submitted[spec.key] = rel
    return problems


def _delete(me: Account, village: Village, kind: Kind, path: Path, text: str) -> Response:
    ed = editor()
    rel = path.relative_to(ed.site_dir).as_posix()
    try:
        was_published = status_of(frontmatter.split(text)[0]) == "terbit"
    except YamlProblem:
        was_published = True
    with ed.write_lock:
        delete_file(ed.site_dir, path, me, f"hapus: {rel}")
    ed.store.audit(me.username, village.slug, "hapus", rel)
    flash(DONE["hapus"], "ok")
    if was_published:
        _publish(village.slug)
    return redirect(url_for("views.dashboard", slug=village.slug))


def _publish(slug: str) -> None:
    """Rebuild the village's static site now; the officer is told how it went."""
    ed = editor()
    if not ed.publish_enabled:
        return
    try:
        result = ed.publisher.publish(slug)
    except Exception as exc:  # noqa: BLE001 - the worker's failure is reported, not raised
        current_app.logger.exception("publish failed")
        flash(f"Situs belum diperbarui: {exc}. Situs lama tetap tampil.", "error")
        return
    flash(result.message, "ok" if result.ok else "error")
    if result.ok:
        from .deploying import deploy_village

        for ok, message in deploy_village(ed.site_dir, ed.out_dir, slug):
            flash(message, "ok" if ok else "error")


def replay(target: str, form: dict[str, str]) -> Response | tuple[str, int]:
    """Save a form kept while the officer logged in again."""
    adapter = current_app.url_map.bind("")
    try:
        endpoint, args = adapter.match(target, method="POST")
    except HTTPException:
        abort(404)
    if endpoint == "views.edit":
        return save_document(args["slug"], args["kind_name"], args["name"], form, None)
    if endpoint == "views.new":
        return save_document(args["slug"], args["kind_name"], None, form, None)
    abort(404)


REPLAY.append(replay)


# -- history ------------------------------------------------------------------------

NAME_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9 _.-]{0,150}\Z")


def _document_path(slug: str, kind_name: str, name: str) -> Path:
    """An existing document, or where a deleted one was (a plain name, inside its folder)."""
    ed = editor()
    found = find_document(ed.site_dir, slug, kind_name, name)
    if found is not None:
        return found
    if not NAME_RE.match(name) or ".." in name:
        abort(404)
    folder = village_root(ed.site_dir, slug) / kind_name
    if folder.is_symlink():
        abort(404)
    return folder / f"{name}.md"


@bp.route("/<slug>/<kind_name>/<name>/riwayat")
@login_required
def history(slug: str, kind_name: str, name: str) -> str:
    """Every saved version of one file, with a restore button."""
    me, village = village_or_404(slug)
    kind = kind_or_404(kind_name)
    path = _document_path(slug, kind_name, name)
    from .history import History

    versions = History(editor().site_dir).log(path)
    if not versions and not path.exists():
        abort(404)
    shown = request.args.get("versi", "")
    content = None
    if shown:
        if shown not in {v.id for v in versions}:
            abort(404)
        content = History(editor().site_dir).read(path, shown).decode("utf-8", "replace")
    return render_template("history.html", village=village, kind=kind, name=name,
                           versions=versions, shown=shown, content=content,
                           exists=path.exists())


@bp.route("/<slug>/<kind_name>/<name>/pulihkan", methods=["POST"])
@login_required
def restore(slug: str, kind_name: str, name: str) -> Response:
    """Restore a version; the restore is itself a commit."""
    me, village = village_or_404(slug)
    kind_or_404(kind_name)
    path = _document_path(slug, kind_name, name)
    from .history import History

    version = request.form.get("versi", "")
    hist = History(editor().site_dir)
    if version not in {v.id for v in hist.log(path)}:
        abort(404)
    old = path.read_text("utf-8", "replace") if path.exists() else ""
    restored = hist.read(path, version).decode("utf-8", "replace")
    states = {status_of(frontmatter.split(t)[0]) for t in (old, restored) if t}
    if "terbit" in states and not me.can_publish(slug, editor().store.requires_approval(slug)):
        abort(403)
    with editor().write_lock:
        _snapshot(hist, path)
        hist.restore(path, version, author_of(me))
    rel = path.relative_to(editor().site_dir).as_posix()
    editor().store.audit(me.username, slug, "pulihkan", rel, version)
    flash("Versi lama dipulihkan (tersimpan sebagai versi baru).", "ok")
    if "terbit" in states:
        _publish(slug)
    return redirect(url_for("views.edit", slug=slug, kind_name=kind_name, name=name))


# -- uploads, paste, preview ----------------------------------------------------------


@bp.route("/<slug>/media/unggah", methods=["GET", "POST"])
@login_required
def upload(slug: str) -> str | tuple[str, int]:
    """Upload one file into ``content/<slug>/media/``."""
    me, village = village_or_404(slug)
    stored = None
    error = None
    if request.method == "POST":
        from .uploads import UploadError, process_upload, store

        item = request.files.get("file")
        if item is None or not item.filename:
            error = "Pilih berkas terlebih dahulu."
        else:
            try:
                result = process_upload(item.read(), item.filename, "media")
                with editor().write_lock:
                    stored = store(village_root(editor().site_dir, slug), result)
                    target = village_root(editor().site_dir, slug) / stored
                    add_files(editor().site_dir, [target], me, f"unggah: {slug}/{stored}")
                editor().store.audit(me.username, slug, "unggah", f"{slug}/{stored}")
            except UploadError as exc:
                error = str(exc)
    return render_template("upload.html", village=village, stored=stored,
                           error=error), (422 if error else 200)


@bp.route("/<slug>/tempel", methods=["POST"])
@login_required
def paste(slug: str) -> Response:
    """Clipboard HTML (Word, Google Docs) as clean Markdown, for editor.js."""
    village_or_404(slug)
    html = request.form.get("html", "")
    if len(html) > MAX_PASTE:
        abort(413)
    from .paste import html_to_markdown

    return jsonify(markdown=html_to_markdown(html))


@bp.route("/<slug>/pratinjau/isi", methods=["POST"])
@login_required
def preview_body(slug: str) -> Response:
    """The body alone, rendered by the real Markdown pipeline, for editor.js's quick look."""
    _, village = village_or_404(slug)
    kind = KINDS.get(request.form.get("kind", "halaman")) or KINDS["halaman"]
    body = fields.normalise_newlines(request.form.get("body", ""))
    text = frontmatter.new_document({"title": "Pratinjau", "date": "2000-01-01"}, body)
    path = village_root(editor().site_dir, slug) / kind.name / "pratinjau.md"
    problems, html = check_form(village, kind, path, text)
    return jsonify(html=str(html or ""),
                   problems=[p.format() for p in problems if p.line is not None])


def _preview_target(slug: str) -> tuple[Kind, str | None, Path]:
    """The kind, existing file name and path the posted form previews."""
    kind = kind_or_404(request.form.get("pratinjau_jenis", ""))
    name = request.form.get("pratinjau_nama") or None
    if name is not None:
        path = find_document(editor().site_dir, slug, kind.name, name)
        if path is None:
            abort(404)
        return kind, name, path
    from .pagepreview import NEW_NAME

    return kind, None, village_root(editor().site_dir, slug) / kind.name / f"{NEW_NAME}.md"


@bp.route("/<slug>/pratinjau", methods=["POST"])
@login_required
def preview(slug: str) -> Response:
    """Pratinjau of the whole unsaved form: on to the page's own address (307 keeps the form)."""
    village_or_404(slug)
    _, _, path = _preview_target(slug)
    from .pagepreview import page_url

    kind_name = request.form.get("pratinjau_jenis", "")
    return redirect(url_for("views.preview_site", slug=slug,
                            rest=page_url(kind_name, path.stem)), code=307)


@bp.route("/<slug>/pratinjau/situs/", defaults={"rest": ""}, methods=["GET", "POST"])
@bp.route("/<slug>/pratinjau/situs/<path:rest>", methods=["GET", "POST"])
@login_required
def preview_site(slug: str, rest: str) -> Response | tuple[str, int]:
    """POST: the page of the unsaved form with the village's theme; GET: what it links to
    (its stylesheet and media, and the village's other pages as they are saved)."""
    _, village = village_or_404(slug)
    from .pagepreview import page_url

    if request.method == "GET":
        found = preview_media(village, rest)
        if found is None:
            if rest and not rest.endswith("/"):
                abort(404)
            # A link followed inside Pratinjau: that page as it is saved now.
            saved = preview_saved(village, rest)
            if saved.html is None:
                if saved.problems:
                    return render_template("preview_failed.html", village=village,
                                           kind=KINDS["halaman"], problems=saved.problems), 503
                abort(404)
            return Response(saved.html, mimetype="text/html")
        data, mimetype = found
        response = Response(data, mimetype=mimetype.split(";")[0])
        response.headers["Content-Type"] = mimetype
        response.headers["Cache-Control"] = "private, no-cache"
        return response
    kind, name, path = _preview_target(slug)
    if rest != page_url(kind.name, path.stem):
        abort(404)
    candidate = _candidate_text(kind, path if name else None, request.form)
    result = preview_form(village, kind, path, candidate)
    if result.html is None:
        return render_template("preview_failed.html", village=village, kind=kind,
                               problems=result.problems), 422
    return Response(result.html, mimetype="text/html")


def _candidate_text(kind: Kind, path: Path | None, form: Mapping[str, str]) -> str:
    """The file the form would save (its state left as it is), without writing it."""
    specs = fields.specs(kind)
    submitted: dict[str, Any] = {key: form.get(key, "")
                                 for key in [s.key for s in specs] + ["body"]}
    text = path.read_text("utf-8", "replace") if path is not None else ""
    try:
        values = frontmatter.split(text)[0] if text else {}
    except YamlProblem:
        values = {}
    changed = fields.changes(specs, values, submitted)
    photos = {key: changed.pop(key) for key in [s.key for s in specs if s.widget == "photos"]
              if key in changed}
    body = fields.normalise_newlines(submitted["body"])
    if path is None:
        fresh = {k: v for k, v in changed.items() if v is not None}
        return _with_photos(frontmatter.new_document(fresh, body), photos)
    try:
        return _with_photos(frontmatter.edit(text, changed, body), photos)
    except (YamlProblem, frontmatter.FrontMatterError):
        return text


@bp.app_context_processor
def _globals() -> dict[str, Any]:
    return {"current_user": current_user, "kinds": KINDS}
