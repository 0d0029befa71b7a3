"""Pratinjau: the whole page of an unsaved form, rendered by the real renderer, with its media."""

from __future__ import annotations

import io
import re
from pathlib import Path

from flask.testing import FlaskClient
from PIL import Image
from selectolax.lexbor import LexborHTMLParser

from satudesa.editor.web import CSP

from .conftest import form_of, login


def photo(site: Path, village: str = "contoh", name: str = "sawah.jpg") -> Path:
    """A real JPEG under content/<village>/media/berita/."""
    folder = site / "content" / village / "media" / "berita"
    folder.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    Image.new("RGB", (1000, 700), (40, 140, 60)).save(buffer, "JPEG")
    (folder / name).write_bytes(buffer.getvalue())
    return folder / name


def preview(client: FlaskClient, values: dict[str, str]):  # noqa: ANN201
    """Post the form to Pratinjau, then again to where its 307 sends it (as browsers do)."""
    data = {**values, "action": "pratinjau"}
    first = client.post("/contoh/pratinjau", data=data)
    assert first.status_code == 307, first.status_code
    return client.post(first.headers["Location"], data=data)


def test_draft_berita_with_photo_previews_as_the_page(site: Path, client: FlaskClient) -> None:
    photo(site)
    login(client, "op")
    values, html = form_of(client, "/contoh/berita/baru")
    assert 'formaction="/contoh/pratinjau"' in html
    values.update(title="Sawah Hijau Belum Terbit", date="2026-11-20",
                  image="media/berita/sawah.jpg",
                  body="Padi **tumbuh** subur.\n\n![Sawah](../media/berita/sawah.jpg)\n")
    response = preview(client, values)
    assert response.status_code == 200, response.get_data(as_text=True)[:2000]
    assert response.request.path == "/contoh/pratinjau/situs/berita/pratinjau-tulisan-baru/"
    assert response.headers["Content-Security-Policy"] == CSP  # the editor's, no unsafe-inline
    page = response.get_data(as_text=True)
    tree = LexborHTMLParser(page)
    assert "Sawah Hijau Belum Terbit" in tree.css_first("h1").text()
    assert "tumbuh" in tree.css_first("main").text()
    inline = [s for s in tree.css("script") if not s.attributes.get("src")
              and s.attributes.get("type") != "application/ld+json"]  # data, never run
    assert not tree.css("style") and not inline
    assert not re.search(r"\sstyle=", page)  # nothing the editor's CSP would block
    assert tree.css("img") and (tree.css("picture") or tree.css("img[srcset]"))
    # every image, source and stylesheet the page links to is served by the editor
    base = response.request.path
    urls = [n.attributes["src"] for n in tree.css("img")]
    urls += [part.strip().split(" ")[0] for n in tree.css("source, img[srcset]")
             for part in (n.attributes.get("srcset") or "").split(",") if part.strip()]
    urls += [n.attributes["href"] for n in tree.css('link[rel="stylesheet"]')]
    assert len(urls) >= 3
    from urllib.parse import urljoin

    for url in urls:
        got = client.get(urljoin(base, url))
        assert got.status_code == 200, url
        if url.endswith(".css"):
            assert got.mimetype == "text/css"
        else:
            assert got.mimetype in ("image/jpeg", "image/webp"), (url, got.mimetype)
            assert got.mimetype == Image.open(io.BytesIO(got.data)).get_format_mimetype()
    # nothing was written: the preview saves nothing
    assert not (site / "content" / "contoh" / "berita" / "sawah-hijau-belum-terbit.md").exists()


def test_existing_draft_previews_unsaved_changes(site: Path, client: FlaskClient) -> None:
    path = site / "content" / "contoh" / "berita" / "rapat.md"
    path.write_text("---\ntitle: Rapat Desa\ndate: 2026-02-02\nstatus: draf\n---\nLama.\n")
    login(client, "op")
    values, _ = form_of(client, "/contoh/berita/rapat/ubah")
    values["body"] = "Isi yang *belum* disimpan."
    response = preview(client, values)
    assert response.status_code == 200
    assert response.request.path == "/contoh/pratinjau/situs/berita/rapat/"
    assert "belum" in response.get_data(as_text=True)
    assert "Lama." in path.read_text()  # unchanged on disk


def test_broken_form_says_why_in_indonesian(site: Path, client: FlaskClient) -> None:
    login(client, "op")
    values, _ = form_of(client, "/contoh/berita/baru")
    values.update(title="Tanpa Tanggal", date="bukan tanggal", body="Isi.")
    response = preview(client, values)
    assert response.status_code == 422
    assert "Pratinjau belum dapat ditampilkan" in response.get_data(as_text=True)


def test_other_villages_media_and_traversal_are_refused(site: Path, client: FlaskClient) -> None:
    photo(site, "lain", "rahasia.jpg")
    photo(site, "contoh", "sawah.jpg")
    (site / "content" / "contoh" / "berita" / "catatan.md").write_text("x")
    login(client, "op")
    ok = client.get("/contoh/pratinjau/situs/media/berita/sawah.jpg")
    assert ok.status_code == 200 and ok.mimetype == "image/jpeg"
    # another village: refused like every route of it (404, no hint that it exists)
    assert client.get("/lain/pratinjau/situs/media/berita/rahasia.jpg").status_code == 404
    for bad in ("media/../../lain/media/berita/rahasia.jpg",
                "media/..%2f..%2flain/media/berita/rahasia.jpg",
                "media/%2e%2e/berita/catatan.md", "berita/catatan.md",
                "media/berita/tidak-ada.jpg", "../../../../etc/passwd",
                "media/berita/sawah-640.0000000000.webp"):
        assert client.get(f"/contoh/pratinjau/situs/{bad}").status_code == 404, bad


def test_symlink_out_of_media_is_not_followed(site: Path, client: FlaskClient) -> None:
    secret = photo(site, "lain", "rahasia.jpg")
    media = site / "content" / "contoh" / "media"
    media.mkdir(parents=True, exist_ok=True)
    (media / "tautan.jpg").symlink_to(secret)
    (media / "folder").symlink_to(secret.parent, target_is_directory=True)
    login(client, "op")
    assert client.get("/contoh/pratinjau/situs/media/tautan.jpg").status_code == 404
    assert client.get("/contoh/pratinjau/situs/media/folder/rahasia.jpg").status_code == 404


def test_preview_media_needs_a_login(site: Path, client: FlaskClient) -> None:
    photo(site)
    response = client.get("/contoh/pratinjau/situs/media/berita/sawah.jpg")
    assert response.status_code in (302, 401)


def test_links_in_the_preview_open_the_saved_pages(site: Path, client: FlaskClient) -> None:
    login(client, "op")
    home = client.get("/contoh/pratinjau/situs/")
    assert home.status_code == 200 and "Panen Raya" in home.get_data(as_text=True)
    assert client.get("/contoh/pratinjau/situs/berita/panen-raya/").status_code == 200
    assert client.get("/contoh/pratinjau/situs/berita/tidak-ada/").status_code == 404
    assert client.get("/contoh/pratinjau/situs/feed.xml").status_code == 404  # pages only
    assert client.get("/lain/pratinjau/situs/").status_code == 404
    assert client.get("/lain/pratinjau/situs/berita/rahasia/").status_code == 404
