"""IDOR across villages, CSRF on every POST, path traversal, static files, upload limits."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from .conftest import LAIN, csrf_of, login

LAIN_REGISTRY = LAIN

# Every route under a village, with the method it takes.
VILLAGE_ROUTES = [
    ("GET", "/{v}/"),
    ("GET", "/{v}/berita/"),
    ("GET", "/{v}/perangkat/ubah"),
    ("POST", "/{v}/perangkat/ubah"),
    ("GET", "/{v}/kontak/ubah"),
    ("POST", "/{v}/kontak/ubah"),
    ("GET", "/{v}/statistik/ubah"),
    ("POST", "/{v}/statistik/ubah"),
    ("GET", "/{v}/apbdes/"),
    ("GET", "/{v}/apbdes/2026/ubah"),
    ("POST", "/{v}/apbdes/2026/ubah"),
    ("GET", "/{v}/berita/baru"),
    ("POST", "/{v}/berita/baru"),
    ("GET", "/{v}/berita/{n}/ubah"),
    ("POST", "/{v}/berita/{n}/ubah"),
    ("GET", "/{v}/berita/{n}/riwayat"),
    ("POST", "/{v}/berita/{n}/pulihkan"),
    ("GET", "/{v}/media/unggah"),
    ("POST", "/{v}/media/unggah"),
    ("POST", "/{v}/tempel"),
    ("POST", "/{v}/pratinjau"),
    ("POST", "/{v}/pratinjau/isi"),
    ("POST", "/{v}/pratinjau/situs/berita/{n}/"),
    ("GET", "/{v}/pratinjau/situs/media/berita/foto.jpg"),
]
POST_ROUTES = [url for method, url in VILLAGE_ROUTES if method == "POST"] + [
    "/login", "/logout", "/admin/desa/{v}", "/admin/akun"]


def _token(client: FlaskClient) -> str:
    return csrf_of(client.get("/contoh/berita/baru").get_data(as_text=True))


@pytest.mark.parametrize(("method", "url"), VILLAGE_ROUTES)
def test_idor_other_village_is_not_found(site: Path, app: Flask, method: str, url: str) -> None:
    client = app.test_client()
    login(client, "op")  # operator of 'contoh'
    token = _token(client)
    target = url.format(v="lain", n="rahasia")
    before = (site / "content/lain/berita/rahasia.md").read_bytes()
    if method == "GET":
        response = client.get(target)
    else:
        response = client.post(target, data={
            "csrf_token": token, "action": "hapus", "title": "x", "body": "x", "versi": "x",
            "html": "<b>x</b>", "file": (io.BytesIO(b"%PDF-1.4\n"), "a.pdf")},
            content_type="multipart/form-data")
    assert response.status_code == 404, (target, response.status_code)
    assert "Rahasia Lain" not in response.get_data(as_text=True)
    assert (site / "content/lain/berita/rahasia.md").read_bytes() == before
    assert not (site / "content/lain/media").exists()
    assert not (site / "content/lain/perangkat.yml").exists()
    assert (site / "villages/lain.yml").read_text() == LAIN_REGISTRY


def test_portal_slug_is_admin_only(app: Flask) -> None:
    client = app.test_client()
    login(client, "kepala")
    assert client.get("/_portal/").status_code == 404


def test_admin_pages_refuse_officers(app: Flask) -> None:
    client = app.test_client()
    login(client, "kepala")
    assert client.get("/admin/").status_code == 403
    assert client.get("/admin/audit").status_code == 403
    response = client.post("/admin/desa/contoh", data={"csrf_token": _token(client),
                                                        "action": "tanpa-persetujuan"})
    assert response.status_code == 403
    assert app.extensions["satudesa.editor"].store.requires_approval("contoh")


@pytest.mark.parametrize("url", POST_ROUTES)
def test_csrf_required_on_every_post(site: Path, app: Flask, url: str) -> None:
    client = app.test_client()
    login(client, "admin")
    target = url.format(v="contoh", n="panen-raya")
    before = (site / "content/contoh/berita/panen-raya.md").read_bytes()
    response = client.post(target, data={"action": "hapus", "title": "x", "body": "x",
                                         "username": "op", "password": "x", "html": "x"})
    assert response.status_code == 400, (target, response.status_code)
    assert (site / "content/contoh/berita/panen-raya.md").read_bytes() == before
    # a token from another session is refused too
    other = app.test_client()
    foreign = csrf_of(other.get("/login").get_data(as_text=True))
    response = client.post(target, data={"csrf_token": foreign, "action": "hapus"})
    assert response.status_code == 400


@pytest.mark.parametrize("url", [
    "/contoh/berita/..%2F..%2F..%2Fvillages%2Fcontoh/ubah",
    "/contoh/berita/%2E%2E/ubah",
    "/contoh/..%2Fberita/panen-raya/ubah",
    "/contoh/berita/panen-raya%00/ubah",
    "/contoh/media/panen-raya/ubah",
    "/contoh/berita/..%2Fhalaman%2Fprofil/riwayat",
    "/..%2Flain/berita/rahasia/ubah",
    "/contoh/berita/.git/riwayat",
])
def test_path_traversal_in_names(app: Flask, url: str) -> None:
    client = app.test_client()
    login(client, "op")
    assert client.get(url).status_code in (404, 400)


def test_restore_refuses_traversal_name(site: Path, app: Flask) -> None:
    client = app.test_client()
    login(client, "op")
    response = client.post("/contoh/berita/..%2F..%2Fsite/pulihkan",
                           data={"csrf_token": _token(client), "versi": "HEAD"})
    assert response.status_code == 404


@pytest.mark.parametrize("url", [
    "/static/../__init__.py", "/static/%2e%2e/__init__.py", "/static/..%2f__init__.py",
    "/static/%2e%2e/templates/base.html", "/static//etc/passwd", "/static/../../app.py",
    "/contoh/media/../../villages/contoh.yml",
])
def test_no_files_outside_the_static_folder(client: FlaskClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code in (404, 400, 302, 308)
    body = response.get_data(as_text=True)
    response.close()
    assert "create_app" not in body and "root:" not in body and "kode_wilayah" not in body


def test_static_css_is_served(client: FlaskClient) -> None:
    response = client.get("/static/editor.css")
    assert response.status_code == 200 and response.mimetype == "text/css"
    response.close()


def test_oversized_request_refused(app: Flask) -> None:
    app.config["MAX_CONTENT_LENGTH"] = 1024 * 1024
    client = app.test_client()
    login(client, "op")
    from werkzeug.test import EnvironBuilder

    builder = EnvironBuilder(path="/contoh/media/unggah", method="POST", data={
        "csrf_token": _token(client), "file": (io.BytesIO(b"\xff" * 2_000_000), "besar.jpg")})
    environ = builder.get_environ()  # a large body is spooled to a temporary file
    try:
        response = client.open(environ)
    finally:
        environ["wsgi.input"].close()
        builder.close()
    assert response.status_code == 413


def test_polyglot_upload_refused(site: Path, app: Flask) -> None:
    client = app.test_client()
    login(client, "op")
    # a GIF header followed by HTML and script: an image to a sniffer, a page to a browser
    polyglot = b"GIF89a/*\x00\x00<html><script>alert(1)</script></html>*/=1;"
    response = client.post("/contoh/media/unggah", data={
        "csrf_token": _token(client), "file": (io.BytesIO(polyglot), "foto.gif")},
        content_type="multipart/form-data")
    assert response.status_code == 422
    media = site / "content/contoh/media"
    assert not media.exists() or not any(media.iterdir())


def test_svg_upload_refused_with_message(site: Path, app: Flask) -> None:
    client = app.test_client()
    login(client, "op")
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    response = client.post("/contoh/media/unggah", data={
        "csrf_token": _token(client), "file": (io.BytesIO(svg), "logo.svg")},
        content_type="multipart/form-data")
    assert response.status_code == 422
    assert "SVG" in response.get_data(as_text=True)


def test_upload_name_traversal_lands_in_media(site: Path, app: Flask) -> None:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "green").save(buffer, "JPEG")
    client = app.test_client()
    login(client, "op")
    response = client.post("/contoh/media/unggah", data={
        "csrf_token": _token(client),
        "file": (io.BytesIO(buffer.getvalue()), "../../../villages/lain.jpg")},
        content_type="multipart/form-data")
    assert response.status_code == 200
    stored = list((site / "content/contoh/media").iterdir())
    assert len(stored) == 1 and stored[0].suffix == ".jpg"
    assert not (site / "villages/lain.jpg").exists()


def test_no_safe_filter_on_officer_input(site: Path, app: Flask) -> None:
    client = app.test_client()
    login(client, "kepala")
    (site / "content/contoh/berita/xss.md").write_text(
        '---\ntitle: "<script>alert(1)</script>"\ndate: 2026-01-01\n---\n'
        "<img src=x onerror=alert(1)>\n")
    html = client.get("/contoh/berita/xss/ubah").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html
    assert "onerror=alert" not in html.replace("&lt;img src=x onerror=alert(1)&gt;", "")
    templates = Path(__file__).resolve().parents[2] / "satudesa/editor/templates"
    for template in templates.glob("*.html"):
        assert "|safe" not in template.read_text().replace(" ", "")
