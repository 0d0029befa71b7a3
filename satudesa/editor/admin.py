"""Admin kabupaten: villages on and off, approval per village, accounts and the audit log."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import login_required
from werkzeug.wrappers import Response

from .auth import require_admin
from .state import editor
from .store import ROLES, AccountError
from .views import _publish
from .villages import all_villages, get_village, set_published

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.route("/")
@login_required
def index() -> str:
    """Villages with their switches, and every account."""
    require_admin()
    ed = editor()
    return render_template("admin.html", villages=all_villages(ed.site_dir), store=ed.store,
                           users=ed.store.users(), roles=ROLES)


@bp.route("/desa/<slug>", methods=["POST"])
@login_required
def village(slug: str) -> Response:
    """Turn a village on or off (``published``) and set whether it needs approval."""
    me = require_admin()
    ed = editor()
    found = get_village(ed.site_dir, slug)
    if found is None:
        abort(404)
    what = request.form.get("action", "")
    if what in ("aktifkan", "nonaktifkan"):
        from .commits import save_file

        value = what == "aktifkan"
        with ed.write_lock:
            save_file(ed.site_dir, found.src_path,
                      set_published(found.src_path, value).encode("utf-8"), me,
                      f"{what}: villages/{slug}.yml")
        ed.store.audit(me.username, slug, what, f"villages/{slug}.yml")
        flash(f"{found.name} {'diaktifkan' if value else 'dinonaktifkan'}.", "ok")
        _publish(slug)
    elif what in ("wajib-persetujuan", "tanpa-persetujuan"):
        ed.store.set_requires_approval(slug, what == "wajib-persetujuan")
        ed.store.audit(me.username, slug, what)
        flash("Pengaturan persetujuan disimpan.", "ok")
    else:
        abort(400)
    return redirect(url_for("admin.index"))


@bp.route("/akun", methods=["POST"])
@login_required
def accounts() -> Response:
    """Create an account, disable or enable one, or set a new password."""
    me = require_admin()
    store = editor().store
    what = request.form.get("action", "")
    name = request.form.get("username", "").strip()
    password = request.form.get("password", "")
    try:
        if what == "tambah":
            village = request.form.get("village") or None
            if village is not None and get_village(editor().site_dir, village) is None:
                raise AccountError(f"desa '{village}' tidak terdaftar")
            store.add_user(name, password, request.form.get("role", ""), village)
            done = f"Akun '{name}' dibuat."
        elif what in ("nonaktifkan", "aktifkan"):
            if name == me.username:
                raise AccountError("akun Anda sendiri tidak dapat dinonaktifkan di sini")
            store.set_disabled(name, what == "nonaktifkan")
            done = f"Akun '{name}' {'dinonaktifkan' if what == 'nonaktifkan' else 'diaktifkan'}."
        elif what == "sandi":
            store.set_password(name, password)
            done = f"Kata sandi '{name}' diganti; sesinya berakhir."
        else:
            abort(400)
    except AccountError as exc:
        flash(f"Belum disimpan: {exc}.", "error")
        return redirect(url_for("admin.index"))
    store.audit(me.username, None, f"akun-{what}", None, name)
    flash(done, "ok")
    return redirect(url_for("admin.index"))


@bp.route("/audit")
@login_required
def audit() -> str:
    """Who did what, newest first."""
    require_admin()
    entries = editor().store.audit_log(limit=300, village=request.args.get("desa") or None)
    return render_template("audit.html", entries=entries,
                           when=lambda t: dt.datetime.fromtimestamp(t).strftime(
                               "%Y-%m-%d %H:%M:%S"))
