"""Publishing through the real build worker, and a deploy target in site.yml served at once."""

from __future__ import annotations

import zipfile
from pathlib import Path

from flask.testing import FlaskClient

from satudesa.editor import create_app

from .conftest import form_of, login


def test_publish_builds_and_deploys_the_village(site: Path, tmp_path: Path) -> None:
    (site / "site.yml").write_text('base_url: "https://desa.purwakartakab.go.id/"\n'
                                   "deploy:\n  arsip:\n    type: zip\n    path: unggah\n")
    out = tmp_path / "build"
    app = create_app({"TESTING": True, "SATUDESA_SITE": str(site), "SATUDESA_OUT": str(out),
                      "SECRET_KEY": "k"})
    try:
        client: FlaskClient = app.test_client()
        login(client, "kepala")
        url = "/contoh/berita/panen-raya/ubah"
        values, _ = form_of(client, url)
        values["title"] = "Panen Raya Bersama"
        response = client.post(url, data={**values, "action": "terbitkan"},
                               follow_redirects=True)
        page = response.get_data(as_text=True)
        assert "Terkirim ke &#39;arsip&#39;" in page or "Terkirim ke 'arsip'" in page, page[-3000:]
        built = out / "contoh/berita/panen-raya/index.html"
        assert "Panen Raya Bersama" in built.read_text()
        with zipfile.ZipFile(site / "unggah" / "contoh.zip") as archive:
            assert "Panen Raya Bersama" in archive.read("berita/panen-raya/index.html").decode()
        # tarik: gone from the static site at once
        values, _ = form_of(client, url)
        client.post(url, data={**values, "action": "tarik"})
        assert not built.exists()
    finally:
        app.extensions["satudesa.editor"].close()
