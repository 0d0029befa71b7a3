"""Admin kabupaten: villages on and off, approval per village, accounts and the audit log."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import login_required
from werkzeug.wrappers import Response

from .auth import require_admin
from .state import editor
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
                           users=ed.store.users())


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


@bp.route("/audit")
@login_required
def audit() -> str:
    """Who did what, newest first."""
    require_admin()
    entries = editor().store.audit_log(limit=300, village=request.args.get("desa") or None)
    return render_template("audit.html", entries=entries,
                           when=lambda t: dt.datetime.fromtimestamp(t).strftime(
                               "%Y-%m-%d %H:%M:%S"))
