"""Issue 14: the preview server loads the site in a separate process and outlives its crash.

A real crash: the loader process kills itself with SIGSEGV (the test hook
``SATUDESA_TEST_LOADER_CRASH``), as libyaml did on deep nesting. The server
(here the Flask app behind ``flask run``, driven by its test client) keeps
serving the last good site and says why in the terminal.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from robust_site import mk

from satudesa import create_app
from satudesa.preview import isolated


@pytest.fixture
def preview(tmp_path: Path):
    site = mk(tmp_path)
    app = create_app({"TESTING": True, "SATUDESA_SITE": str(site), "SATUDESA_ISOLATE": True})
    return site, app.test_client()


def _touch(site: Path, text: str) -> None:
    page = site / "content/x/berita/panen.md"
    page.write_text(page.read_text() + text)
    os.utime(page, ns=(1, os.stat(page).st_mtime_ns + 10**9))


def test_the_preview_survives_a_crashing_loader(preview, monkeypatch, capsys) -> None:
    site, client = preview
    assert "memanen padi" in client.get("/x/berita/panen/").get_data(as_text=True)
    (site / "mogok").write_text("")
    monkeypatch.setenv(isolated.CRASH_ENV, "mogok")
    _touch(site, "\nPerubahan pertama.\n")
    response = client.get("/x/berita/panen/")
    assert response.status_code == 200  # the last good site, still served
    assert "Perubahan pertama" not in response.get_data(as_text=True)
    err = capsys.readouterr().err
    # pebble names the signal, or (when the loader died before it saw the job start)
    # only that the pool broke: either way, the same line and the server lives on.
    assert ("content/: galat: pratinjau tidak dapat memuat situs: proses pemuat berhenti "
            "tiba-tiba") in err
    (site / "mogok").unlink()
    _touch(site, "\nPerubahan kedua.\n")
    assert "Perubahan kedua" in client.get("/x/berita/panen/").get_data(as_text=True)


def test_a_crash_before_any_load_serves_an_empty_site(preview, monkeypatch) -> None:
    site, client = preview
    (site / "mogok").write_text("")
    monkeypatch.setenv(isolated.CRASH_ENV, "mogok")
    assert client.get("/x/").status_code == 404
    assert client.get("/").status_code == 200
    monkeypatch.delenv(isolated.CRASH_ENV)
    _touch(site, "\nPulih.\n")
    assert client.get("/x/").status_code == 200
