"""Logging in and out, sessions, throttling, and the role checks every route makes."""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length

from .state import editor
from .store import Account

bp = Blueprint("auth", __name__)
login_manager = LoginManager()
limiter = Limiter(key_func=get_remote_address, default_limits=[])
LOGIN_LIMIT = "10 per minute;50 per hour"
FAILED = "Nama pengguna atau kata sandi salah."
# Saves a form kept over an expired login: (target URL, fields) -> response. Set by views.
REPLAY: list[Callable[[str, dict[str, str]], Any]] = []


class User(UserMixin):
    """A logged-in officer; the id carries the account's generation so a reset ends sessions."""

    def __init__(self, account: Account) -> None:
        self.account = account

    def get_id(self) -> str:
        """``<id>:<generation>``."""
        return f"{self.account.id}:{self.account.generation}"


class LoginForm(FlaskForm):
    """``/login``: username and password."""

    username = StringField("Nama pengguna", validators=[DataRequired(), Length(max=100)])
    password = PasswordField("Kata sandi", validators=[DataRequired(), Length(max=1024)])


def account() -> Account:
    """The logged-in officer's account (routes are login-protected)."""
    return current_user.account  # type: ignore[union-attr]


def require_write(slug: str) -> Account:
    """The officer, if they may edit ``slug``; 404 otherwise (no hint which villages exist)."""
    if not current_user.is_authenticated:
        abort(401)
    me = account()
    if not me.can_write(slug):
        abort(404)
    return me


def require_admin() -> Account:
    """The officer, if admin kabupaten."""
    if not current_user.is_authenticated:
        abort(401)
    me = account()
    if me.role != "admin":
        abort(403)
    return me


def _load_user(user_id: str) -> User | None:
    try:
        number, generation = (int(part) for part in user_id.split(":"))
    except ValueError:
        return None
    found = editor().store.by_id(number)
    if found is None or found.disabled or found.generation != generation:
        return None
    return User(found)


def _unauthorised() -> Response:
    """Not logged in: a posted form is kept server-side for the same officer, then login."""
    target = request.path
    if request.method == "POST" and session.get("last_user") and request.form:
        form = {key: value for key, value in request.form.items() if key != "csrf_token"}
        token = editor().store.stash(int(session["last_user"]), target, form)
        flash("Sesi Anda berakhir. Tulisan Anda aman: masuk lagi, lalu tulisan disimpan.",
              "info")
        return redirect(url_for("auth.login", next=target, simpan=token))
    if request.accept_mimetypes.best == "application/json" or request.path.endswith("/tempel"):
        abort(401)
    flash("Silakan masuk dahulu.", "info")
    return redirect(url_for("auth.login", next=target))


def _idle_check() -> None:
    """A login ends after EDITOR_IDLE_SECONDS without a request (the CSRF token stays)."""
    if not current_user.is_authenticated:
        return
    now = time.time()
    seen = session.get("seen", now)
    if now - seen > current_app.config["EDITOR_IDLE_SECONDS"]:
        logout_user()
        return
    session["seen"] = now


def safe_next(target: str | None) -> str | None:
    """A redirect target on this site only."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") \
            or "\\" in target:
        return None
    return target


def init_app(app: Flask) -> None:
    """Register Flask-Login and Flask-Limiter."""
    login_manager.init_app(app)
    login_manager.user_loader(_load_user)
    login_manager.unauthorized_handler(_unauthorised)
    login_manager.session_protection = "basic"
    limiter.init_app(app)
    app.before_request(_idle_check)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(LOGIN_LIMIT, methods=["POST"])
@limiter.limit(LOGIN_LIMIT, methods=["POST"],
               key_func=lambda: "user:" + (request.form.get("username") or "").strip().lower())
def login() -> str | Response:
    """The login form; a new session on success (no fixation)."""
    form = LoginForm()
    next_url = safe_next(request.args.get("next"))
    stash = request.args.get("simpan", "")
    if form.validate_on_submit():
        found = editor().store.authenticate(form.username.data.strip(), form.password.data)
        if found is None:
            flash(FAILED, "error")
            return render_template("login.html", form=form), 200
        previous = session.get("last_user")
        session.clear()  # drop everything from before, CSRF token included: a new session
        login_user(User(found))
        session["seen"] = time.time()
        session["last_user"] = found.id
        session["sid"] = secrets.token_hex(16)
        session.permanent = True
        editor().store.audit(found.username, found.village, "masuk")
        if stash and previous == found.id:
            kept = editor().store.unstash(stash, found.id)
            if kept is not None and REPLAY:
                return REPLAY[0](*kept)
        if next_url:
            return redirect(next_url)
        return redirect(url_for("views.home"))
    return render_template("login.html", form=form)


@bp.route("/logout", methods=["POST"])
def logout() -> Response:
    """Log out and forget the session."""
    if current_user.is_authenticated:
        editor().store.audit(account().username, account().village, "keluar")
    logout_user()
    session.clear()
    flash("Anda telah keluar.", "info")
    return redirect(url_for("auth.login"))
