"""Editor fixtures: a small site with two villages and four accounts, and a client helper.

Hashing with the production argon2 parameters costs ~0.1 s, so the accounts are
made once per session in a template site that every test copies.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sitefiles import BASIC_FILES, VILLAGE, write_tree

from satudesa.editor import create_app
from satudesa.editor.store import Store

PASSWORD = "rahasia-desa-123"
USERS = {  # name: (role, village)
    "op": ("operator", "contoh"),
    "kepala": ("kepala", "contoh"),
    "admin": ("admin", None),
    "oplain": ("operator", "lain"),
}
LAIN = VILLAGE.replace("Desa Contoh", "Desa Lain").replace("32.14.05.2001", "32.14.05.2002")
FILES = {
    **BASIC_FILES,
    "villages/lain.yml": LAIN,
    "content/lain/berita/rahasia.md": "---\ntitle: Rahasia Lain\ndate: 2026-01-01\n---\nIsi.\n",
}


@pytest.fixture(scope="session")
def template_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site with accounts, made once."""
    root = write_tree(tmp_path_factory.mktemp("editor") / "site", FILES)
    store = Store(root / ".editor" / "editor.db")
    for name, (role, village) in USERS.items():
        store.add_user(name, PASSWORD, role, village)
    (root / ".editor" / "secret_key").write_text("x" * 64)
    return root


@pytest.fixture
def site(template_site: Path, tmp_path: Path) -> Path:
    """A private copy of the template site."""
    target = tmp_path / "site"
    shutil.copytree(template_site, target)
    return target


@pytest.fixture
def app(site: Path) -> Flask:
    """The editor over ``site`` without worker processes (forms checked in-process, for speed;
    tests/editor/test_check_worker.py covers the check worker)."""
    return create_app({"TESTING": True, "SATUDESA_SITE": str(site), "EDITOR_PUBLISH": False,
                       "EDITOR_CHECKS_INLINE": True, "SECRET_KEY": "test-secret"})


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A test client (cookies kept)."""
    return app.test_client()


def csrf_of(html: str) -> str:
    """The CSRF token in a page."""
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html) or \
        re.search(r'value="([^"]+)"[^>]*name="csrf_token"', html)
    assert match, "no CSRF token on the page"
    return match.group(1)


def login(client: FlaskClient, name: str, password: str = PASSWORD) -> object:
    """Log in through the real form."""
    page = client.get("/login")
    return client.post("/login", data={"username": name, "password": password,
                                       "csrf_token": csrf_of(page.get_data(as_text=True))})


def form_of(client: FlaskClient, url: str) -> tuple[dict[str, str], str]:
    """The fields of the editor form at ``url`` (text inputs, textareas, hidden) and the page."""
    from selectolax.lexbor import LexborHTMLParser as HTMLParser

    page = client.get(url)
    assert page.status_code == 200, page.status_code
    html = page.get_data(as_text=True)
    tree = HTMLParser(html)
    form = tree.css_first("form.editor-form")
    values: dict[str, str] = {}
    for node in form.css("input, textarea"):
        name = node.attributes.get("name")
        kind = node.attributes.get("type") or ""
        if not name or kind == "file":
            continue
        if kind == "checkbox":
            if "checked" in node.attributes:
                values[name] = node.attributes.get("value") or "on"
            continue
        if node.tag == "textarea":
            text = node.text(deep=True)
            values[name] = text[1:] if text.startswith("\n") else text
        else:
            values[name] = node.attributes.get("value") or ""
    return values, html
