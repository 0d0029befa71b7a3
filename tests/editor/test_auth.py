"""Logging in: sessions, fixation, throttling, no user enumeration, argon2, cookies, CSP."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from satudesa.editor import create_app
from satudesa.editor.store import HASHER

from .conftest import PASSWORD, csrf_of, login


def test_login_then_dashboard(client: FlaskClient) -> None:
    assert client.get("/contoh/").status_code == 302  # not logged in
    response = login(client, "op")
    assert response.status_code == 302
    page = client.get("/contoh/")
    assert page.status_code == 200
    assert "Desa Contoh" in page.get_data(as_text=True)


def test_wrong_password_and_unknown_user_look_the_same(client: FlaskClient) -> None:
    wrong = login(client, "op", "salah-sekali-123")
    unknown = login(client, "tidak-ada", "salah-sekali-123")
    assert wrong.status_code == unknown.status_code == 200
    texts = [r.get_data(as_text=True) for r in (wrong, unknown)]
    assert "Nama pengguna atau kata sandi salah." in texts[0]
    strip = [t.replace("tidak-ada", "X").replace('value="op"', 'value="X"') for t in texts]
    import re
    strip = [re.sub(r'value="[^"]{20,}"', "", t) for t in strip]  # CSRF tokens differ
    assert strip[0] == strip[1]


def test_disabled_account_cannot_log_in(app: Flask, client: FlaskClient) -> None:
    app.extensions["satudesa.editor"].store.set_disabled("op")
    assert login(client, "op").status_code == 200
    assert client.get("/contoh/").status_code == 302


def test_login_is_throttled(client: FlaskClient) -> None:
    codes = [login(client, "op", f"salah-{n}-xxxxxx").status_code for n in range(12)]
    assert codes[:10] == [200] * 10
    assert codes[-1] == 429
    # the right password is refused too while throttled
    assert login(client, "op").status_code == 429


def test_throttle_per_username_across_addresses(app: Flask) -> None:
    codes = []
    for n in range(12):
        client = app.test_client()
        env = {"REMOTE_ADDR": f"10.0.0.{n}"}
        page = client.get("/login", environ_base=env)
        codes.append(client.post("/login", environ_base=env, data={
            "username": "kepala", "password": "salah-xxxxxxx",
            "csrf_token": csrf_of(page.get_data(as_text=True))}).status_code)
    assert codes[-1] == 429


def test_session_fixation_new_session_on_login(client: FlaskClient) -> None:
    client.get("/login")
    before = client.get_cookie("satudesa_editor")
    assert before is not None
    login(client, "op")
    after = client.get_cookie("satudesa_editor")
    assert after is not None and after.value != before.value
    # the cookie from before the login does not authenticate
    other = client.application.test_client()
    other.set_cookie("satudesa_editor", before.value)
    assert other.get("/contoh/").status_code == 302
    # and the pre-login CSRF token is gone from the new session
    from flask.sessions import SecureCookieSessionInterface
    serializer = SecureCookieSessionInterface().get_signing_serializer(client.application)
    old, new = serializer.loads(before.value), serializer.loads(after.value)
    assert old.get("csrf_token") != new.get("csrf_token")
    assert old.get("sid") != new.get("sid")


def test_password_reset_ends_sessions(app: Flask, client: FlaskClient) -> None:
    login(client, "op")
    assert client.get("/contoh/").status_code == 200
    app.extensions["satudesa.editor"].store.set_password("op", "kata-sandi-baru-1")
    assert client.get("/contoh/").status_code == 302


def test_cookie_flags(site) -> None:  # noqa: ANN001
    app = create_app({"TESTING": True, "SATUDESA_SITE": str(site), "EDITOR_PUBLISH": False,
                      "SECRET_KEY": "k", "EDITOR_SECURE_COOKIES": True, "EDITOR_PROXY": True})
    client = app.test_client()
    page = client.get("/login", headers={"X-Forwarded-Proto": "https"})
    cookie = page.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" in cookie


def test_cookie_without_tls_flag(client: FlaskClient) -> None:
    cookie = client.get("/login").headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie


def test_argon2_parameters(app: Flask) -> None:
    store = app.extensions["satudesa.editor"].store
    account = store.by_name("op")
    assert account is not None
    import sqlite3
    with sqlite3.connect(store.path) as db:
        stored = db.execute("SELECT hash FROM users WHERE username='op'").fetchone()[0]
    assert stored.startswith("$argon2id$v=19$m=65536,t=3,p=2$")
    assert HASHER.verify(stored, PASSWORD)
    assert PASSWORD not in stored


def test_csp_without_unsafe_inline(client: FlaskClient) -> None:
    for url in ("/login", "/contoh/"):
        csp = client.get(url).headers["Content-Security-Policy"]
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
        assert "script-src 'self'" in csp and "style-src 'self'" in csp
    login(client, "op")
    page = client.get("/contoh/berita/baru")
    html = page.get_data(as_text=True)
    assert "<script>" not in html and " style=" not in html and " onclick" not in html
    assert "unsafe-inline" not in page.headers["Content-Security-Policy"]


def test_open_redirect_refused(client: FlaskClient) -> None:
    page = client.get("/login?next=//evil.example/")
    response = client.post("/login?next=//evil.example/", data={
        "username": "op", "password": PASSWORD,
        "csrf_token": csrf_of(page.get_data(as_text=True))})
    assert response.status_code == 302
    assert "evil" not in response.headers["Location"]


def test_logout_needs_post_with_csrf(client: FlaskClient) -> None:
    login(client, "op")
    assert client.get("/logout", follow_redirects=True).status_code in (404, 405)
    assert client.post("/logout").status_code == 400  # no CSRF token
    assert client.get("/contoh/").status_code == 200
