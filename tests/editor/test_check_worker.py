"""Forms are checked and previewed in the check worker: its crash costs one request only."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin

import pytest
from flask import Flask

from satudesa.editor import create_app
from satudesa.editor.state import Editor
from satudesa.preview.isolated import CRASH_ENV

from .conftest import form_of, login

TRIGGER = "crash-now"  # while the site holds this file, the test hook kills the worker


@pytest.fixture
def worker_app(site: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Flask]:
    """The editor with its real check worker (no build worker: nothing is published)."""
    monkeypatch.setenv(CRASH_ENV, TRIGGER)  # inherited by the worker process
    app = create_app({"TESTING": True, "SATUDESA_SITE": str(site), "EDITOR_PUBLISH": False,
                      "SECRET_KEY": "test-secret"})
    yield app
    app.extensions["satudesa.editor"].close()


def _checker_pid(app: Flask) -> int:
    state: Editor = app.extensions["satudesa.editor"]
    process = state.publisher._checker.process
    assert process is not None and process.poll() is None
    return process.pid


def test_form_check_runs_in_the_worker(site: Path, worker_app: Flask) -> None:
    client = worker_app.test_client()
    login(client, "op")
    values, html = form_of(client, "/contoh/berita/panen-raya/ubah")
    pid = _checker_pid(worker_app)
    assert pid != os.getpid()
    values.update(date="31 Februari 2026")
    response = client.post("/contoh/berita/panen-raya/ubah", data={**values, "action": "simpan"})
    assert response.status_code == 302  # a draft is always saved ...
    page = client.get("/contoh/berita/panen-raya/ubah").get_data(as_text=True)
    assert "date" in page and "Galat" in page  # ... with the worker's findings beside it
    assert _checker_pid(worker_app) == pid  # the same warm worker answered
    saved = client.get("/contoh/pratinjau/situs/")  # a link followed in Pratinjau
    assert saved.status_code == 200 and "Desa Contoh" in saved.get_data(as_text=True)
    # now a draft (just saved with an error): no longer among the saved pages
    assert client.get("/contoh/pratinjau/situs/berita/panen-raya/").status_code == 404
    assert _checker_pid(worker_app) == pid


def test_crash_during_save_costs_that_request_only(site: Path, worker_app: Flask) -> None:
    client = worker_app.test_client()
    login(client, "kepala")
    url = "/contoh/berita/panen-raya/ubah"
    values, _ = form_of(client, url)
    path = site / "content/contoh/berita/panen-raya.md"
    old = path.read_bytes()
    values["body"] = "Teks baru yang tidak boleh hilang."
    before = _checker_pid(worker_app)
    (site / TRIGGER).write_text("")
    response = client.post(url, data={**values, "action": "terbitkan"})
    text = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "pemeriksaan gagal" in text and "berhenti mendadak" in text and "sinyal 11" in text
    assert "Teks baru yang tidak boleh hilang." in text  # the form comes back with the text
    assert path.read_bytes() == old  # not published while unchecked
    (site / TRIGGER).unlink()
    # the next request works, with a fresh worker
    values, _ = form_of(client, url)
    assert _checker_pid(worker_app) != before
    values["body"] = "Teks baru yang tidak boleh hilang."
    assert client.post(url, data={**values, "action": "simpan"}).status_code == 302
    assert b"Teks baru yang tidak boleh hilang." in path.read_bytes()


def test_crash_during_preview_says_so(site: Path, worker_app: Flask) -> None:
    client = worker_app.test_client()
    login(client, "op")
    values, _ = form_of(client, "/contoh/berita/panen-raya/ubah")
    data = {**values, "action": "pratinjau"}
    target = client.post("/contoh/pratinjau", data=data).headers["Location"]
    (site / TRIGGER).write_text("")
    response = client.post(target, data=data)
    assert response.status_code == 422
    assert "pemeriksaan gagal" in response.get_data(as_text=True)
    (site / TRIGGER).unlink()
    again = client.post(target, data=data)
    assert again.status_code == 200 and "Panen" in again.get_data(as_text=True)


def test_sigkill_of_the_worker_between_requests(site: Path, worker_app: Flask) -> None:
    client = worker_app.test_client()
    login(client, "op")
    url = "/contoh/berita/panen-raya/ubah"
    form_of(client, url)
    pid = _checker_pid(worker_app)
    os.kill(pid, 9)
    values, html = form_of(client, url)  # replaced on the next call
    assert _checker_pid(worker_app) != pid
    assert "pemeriksaan gagal" not in html


def test_table_forms_are_checked_in_the_worker(site: Path, worker_app: Flask) -> None:
    from .test_tables_admin_cli import fields_of

    client = worker_app.test_client()
    login(client, "kepala")
    path = site / "villages/contoh.yml"
    before = path.read_bytes()
    form = fields_of(client.get("/contoh/kontak/ubah").get_data(as_text=True))
    form["email"] = "bukan surel"
    refused = client.post("/contoh/kontak/ubah", data=form)
    assert refused.status_code == 422 and "surel" in refused.get_data(as_text=True)
    pid = _checker_pid(worker_app)  # the worker found that error
    (site / TRIGGER).write_text("")
    form["email"] = "desa@contoh.desa.id"
    crashed = client.post("/contoh/kontak/ubah", data=form)
    assert crashed.status_code == 422
    assert "pemeriksaan gagal" in crashed.get_data(as_text=True)
    assert path.read_bytes() == before  # nothing written while unchecked
    (site / TRIGGER).unlink()
    assert client.post("/contoh/kontak/ubah", data=form).status_code == 302
    assert _checker_pid(worker_app) != pid
    assert b"desa@contoh.desa.id" in path.read_bytes()


def test_preview_media_is_decoded_in_the_worker(site: Path, worker_app: Flask) -> None:
    from .test_page_preview import photo

    photo(site)
    client = worker_app.test_client()
    login(client, "op")
    values, _ = form_of(client, "/contoh/berita/baru")
    values.update(title="Foto Sawah", date="2026-11-20", image="media/berita/sawah.jpg",
                  body="Isi.")
    data = {**values, "action": "pratinjau"}
    target = client.post("/contoh/pratinjau", data=data).headers["Location"]
    page = client.post(target, data=data).get_data(as_text=True)
    sources = re.findall(r'<img[^>]* src="([^"]+)"', page)
    assert sources
    image = client.get(urljoin(target, sources[0]))
    assert image.status_code == 200 and image.mimetype == "image/jpeg"
    pid = _checker_pid(worker_app)
    (site / TRIGGER).write_text("")
    assert client.get(urljoin(target, sources[0])).status_code == 404  # the worker died
    (site / TRIGGER).unlink()
    assert client.get(urljoin(target, sources[0])).status_code == 200
    assert _checker_pid(worker_app) != pid
