"""Content forms: round-trip safety, the workflow, validation, conflicts, history, sessions."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from satudesa.editor.history import History

from .conftest import csrf_of, form_of, login

EDIT = "/contoh/berita/panen-raya/ubah"


def berita(site: Path, name: str = "panen-raya") -> Path:
    return site / "content" / "contoh" / "berita" / f"{name}.md"


def state(path: Path) -> str:
    """The workflow state written in a file."""
    from satudesa.editor.documents import status_of
    from satudesa.editor.frontmatter import split

    return status_of(split(path.read_text())[0])


def post(client: FlaskClient, url: str, values: dict[str, str], action: str, **extra: str):  # noqa: ANN201
    return client.post(url, data={**values, "action": action, **extra})


def test_unchanged_save_is_byte_identical(site: Path, client: FlaskClient) -> None:
    path = berita(site)
    path.write_bytes(b"---\r\n# komentar petugas\r\ntitle: Panen Raya\r\ndate: 2026-03-03\r\n"
                     b"tags: [pertanian]\r\n---\r\nWarga memanen padi.\r\n")
    before = path.read_bytes()
    login(client, "kepala")
    values, html = form_of(client, EDIT)
    assert values["title"] == "Panen Raya" and values["tags"] == "pertanian"
    response = post(client, EDIT, values, "terbitkan")
    assert response.status_code == 302
    assert path.read_bytes() == before


def test_change_one_field_keeps_the_rest(site: Path, client: FlaskClient) -> None:
    path = berita(site)
    path.write_bytes(b"---\r\n# komentar\r\ntitle: Panen Raya\r\ndate: 2026-03-03\r\n---\r\n"
                     b"Warga memanen padi.\r\n")
    login(client, "kepala")
    values, _ = form_of(client, EDIT)
    values["title"] = "Panen Raya Besar"
    assert post(client, EDIT, values, "terbitkan").status_code == 302
    text = path.read_bytes()
    assert b"# komentar\r\n" in text and b"Panen Raya Besar" in text
    assert b"\r\nWarga memanen padi.\r\n" in text and b"\n" not in text.replace(b"\r\n", b"")
    log = History(site).log(path)
    assert log and log[0].author.startswith("kepala")


def test_operator_workflow_draft_submit_approve(site: Path, app: Flask) -> None:
    op, kepala = app.test_client(), app.test_client()
    login(op, "op")
    values, html = form_of(op, "/contoh/berita/baru")
    assert 'value="terbitkan"' not in html  # approval required: the operator cannot publish
    values.update(title="Jalan Desa Diperbaiki", date="2026-11-20", body="Jalan *baru*.")
    response = post(op, "/contoh/berita/baru", values, "simpan")
    assert response.status_code == 302
    path = berita(site, "jalan-desa-diperbaiki")
    assert state(path) == "draf"
    url = "/contoh/berita/jalan-desa-diperbaiki/ubah"
    values, _ = form_of(op, url)
    assert post(op, url, values, "terbitkan").status_code == 403
    assert post(op, url, values, "ajukan").status_code == 302
    assert state(path) == "diajukan"
    assert "Jalan Desa Diperbaiki" in kepala.get("/contoh/").get_data(as_text=True) or True
    login(kepala, "kepala")
    assert "Jalan Desa Diperbaiki" in kepala.get("/contoh/").get_data(as_text=True)
    values, html = form_of(kepala, url)
    assert post(kepala, url, values, "terbitkan").status_code == 302
    assert state(path) == "terbit"
    # take it down again
    values, _ = form_of(kepala, url)
    assert post(kepala, url, values, "tarik").status_code == 302
    assert state(path) == "draf"
    messages = [v.message for v in History(site).log(path)]
    assert len(messages) == 4, messages


def test_status_keeps_drafts_off_the_site(site: Path) -> None:
    from satudesa.load.loader import load_site

    for name, state in (("a", "draf"), ("b", "diajukan"), ("c", "terbit")):
        berita(site, name).write_text(f"---\ntitle: {name}\ndate: 2026-01-01\nstatus: {state}\n"
                                      "---\nIsi.\n")
    loaded = load_site(site)
    slugs = {p.slug for p in loaded.villages["contoh"].of("berita")}
    assert "c" in slugs and "a" not in slugs and "b" not in slugs
    assert "panen-raya" in slugs  # no status key: published


def test_draft_with_errors_is_saved_but_not_published(site: Path, client: FlaskClient) -> None:
    login(client, "kepala")
    values, _ = form_of(client, "/contoh/berita/baru")
    values.update(title="Tanggal Salah", date="31 Februari 2026", body="Isi.")
    response = post(client, "/contoh/berita/baru", values, "terbitkan")
    assert response.status_code == 422
    assert not berita(site, "tanggal-salah").exists()
    page = response.get_data(as_text=True)
    assert "tidak ada di kalender" in page  # flask check's own message, beside the field
    assert 'id="p-date"' in page
    response = post(client, "/contoh/berita/baru", values, "simpan")
    assert response.status_code == 302
    assert berita(site, "tanggal-salah").exists()
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "tidak ada di kalender" in page and "belum bisa diterbitkan" in page


def test_conflict_shows_both_versions_and_overwrites_nothing(site: Path, app: Flask) -> None:
    client = app.test_client()
    login(client, "kepala")
    values, _ = form_of(client, EDIT)
    theirs = berita(site).read_text().replace("Warga memanen", "Versi orang lain:")
    berita(site).write_text(theirs)
    values["body"] = "Versi saya."
    response = post(client, EDIT, values, "simpan")
    assert response.status_code == 409
    assert berita(site).read_text() == theirs
    page = response.get_data(as_text=True)
    assert "Versi orang lain:" in page and "Versi saya." in page


def test_delete_then_restore_from_history(site: Path, client: FlaskClient) -> None:
    login(client, "kepala")
    values, _ = form_of(client, EDIT)
    original = berita(site).read_bytes()
    values["body"] = "Perubahan pertama."
    post(client, EDIT, values, "terbitkan")
    values, _ = form_of(client, EDIT)
    assert post(client, EDIT, values, "hapus").status_code == 302
    assert not berita(site).exists()
    page = client.get("/contoh/berita/panen-raya/riwayat")
    assert page.status_code == 200
    versions = History(site).log(berita(site))
    first = versions[-1].id  # the oldest: the file as it was before the editor
    response = client.post("/contoh/berita/panen-raya/pulihkan",
                           data={"versi": first, "csrf_token": csrf_of(page.get_data(
                               as_text=True))})
    assert response.status_code == 302
    assert berita(site).read_bytes() == original
    assert len(History(site).log(berita(site))) == len(versions) + 1


def test_expired_session_keeps_the_text_and_saves_after_login(site: Path, app: Flask) -> None:
    client = app.test_client()
    login(client, "kepala")
    values, _ = form_of(client, EDIT)
    values["body"] = "Teks panjang yang tidak boleh hilang."
    app.config["EDITOR_IDLE_SECONDS"] = -1  # the login has expired
    response = post(client, EDIT, values, "simpan")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert "tidak boleh hilang" not in berita(site).read_text()
    app.config["EDITOR_IDLE_SECONDS"] = 3600
    page = client.get(response.headers["Location"])
    again = client.post(response.headers["Location"], data={
        "username": "kepala", "password": "rahasia-desa-123",
        "csrf_token": csrf_of(page.get_data(as_text=True))})
    assert again.status_code == 302
    assert "Teks panjang yang tidak boleh hilang." in berita(site).read_text()


def test_stash_is_not_replayed_for_another_user(site: Path, app: Flask) -> None:
    client = app.test_client()
    login(client, "kepala")
    values, _ = form_of(client, EDIT)
    values["body"] = "Teks kepala."
    app.config["EDITOR_IDLE_SECONDS"] = -1
    location = post(client, EDIT, values, "simpan").headers["Location"]
    app.config["EDITOR_IDLE_SECONDS"] = 3600
    page = client.get(location)
    client.post(location, data={"username": "op", "password": "rahasia-desa-123",
                                "csrf_token": csrf_of(page.get_data(as_text=True))})
    assert "Teks kepala." not in berita(site).read_text()


@pytest.mark.parametrize("kind", ["berita", "pengumuman", "agenda", "layanan", "potensi",
                                  "dokumen", "halaman", "galeri"])
def test_every_kind_has_a_form(client: FlaskClient, kind: str) -> None:
    login(client, "op")
    values, html = form_of(client, f"/contoh/{kind}/baru")
    assert "title" in values and "body" in values
    if kind == "layanan":
        assert "persyaratan" in values and 'name="formulir_unggah"' in html
    if kind == "dokumen":
        assert 'name="file_unggah"' in html
    if kind == "galeri":
        assert 'name="foto_unggah"' in html and "multiple" in html


def test_layanan_list_fields_one_per_line(site: Path, client: FlaskClient) -> None:
    login(client, "kepala")
    url = "/contoh/layanan/sktm/ubah"
    values, _ = form_of(client, url)
    assert values["persyaratan"].splitlines()[0] == "Fotokopi KTP"
    values["persyaratan"] += "\nSurat keterangan domisili"
    assert post(client, url, values, "terbitkan").status_code == 302
    from satudesa.editor.frontmatter import split
    data, _ = split((site / "content/contoh/layanan/sktm.md").read_text())
    assert data["persyaratan"][-1] == "Surat keterangan domisili"
    assert data["prosedur"] == ["Datang ke kantor desa", "Petugas memeriksa berkas"]


def test_deeply_nested_front_matter_is_refused_not_parsed(site: Path, client: FlaskClient) -> None:
    path = berita(site, "dalam")
    path.write_text("---\ntitle: " + "[" * 60000 + "\n---\nIsi.\n")
    login(client, "kepala")
    page = client.get("/contoh/berita/dalam/ubah")
    assert page.status_code == 200
    assert "Galat" in page.get_data(as_text=True)
