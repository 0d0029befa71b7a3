"""Layered fixtures: a site tree on disk -> an app -> its test client and CLI runner.

Tests run at a fixed instant (``SATUDESA_NOW``) so publication rules are
reproducible; the demo site is built once per session (``demo_build``).
"""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from werkzeug.test import Client

from satudesa import create_app

NOW = "2026-11-25T12:00:00+07:00"
os.environ["SATUDESA_NOW"] = NOW
# The portal-wide search index costs about a second per build: only the tests that are
# about it (tests/test_portal_search.py) and the demo build turn it on.
NO_PORTAL_INDEX = "SATUDESA_NO_PORTAL_INDEX"
os.environ[NO_PORTAL_INDEX] = "1"
REPO = Path(__file__).resolve().parent.parent

# Fixture villages are examples: ``contoh: true`` (their names are not the real
# villages' names of these codes, see satudesa/regency/kodecheck.py).
VILLAGE = """\
name: "Desa Contoh"
kode_wilayah: "32.14.05.2001"
kecamatan: "Kecamatan Uji"
kabupaten: "Kabupaten Purwakarta"
color: "#1d5e3a"
contoh: true
kontak:
  alamat: "Jl. Raya Contoh No. 1"
  whatsapp: "081234567890"
"""

# What `flask check` notes for a site whose only village is VILLAGE.
CONTOH_NOTE = ("villages/: catatan: desa contoh tidak dicocokkan dengan daftar Kepmendagri "
               "2025: contoh (jangan terbitkan desa contoh di situs publik; kode desa nyata: "
               "contoh 32.14.05.2001 = Sukatani)")

BASIC_FILES = {
    # A real site has base_url (or a domain per village): without both, every check warns.
    "site.yml": 'base_url: "https://desa.purwakartakab.go.id/"\n',
    "villages/contoh.yml": VILLAGE,
    "content/contoh/halaman/profil.md": """\
        ---
        title: Profil Desa
        weight: 1
        ---
        Desa Contoh terletak di kaki gunung. Lihat [layanan SKTM](../layanan/sktm.md).
        """,
    "content/contoh/berita/panen-raya.md": """\
        ---
        title: Panen Raya
        date: 2026-03-03
        author: Siti
        tags: [pertanian]
        ---
        Warga memanen padi bersama.
        """,
    "content/contoh/layanan/sktm.md": """\
        ---
        title: Surat Keterangan Tidak Mampu
        persyaratan: [Fotokopi KTP, Fotokopi KK, Surat pengantar RT/RW]
        prosedur: [Datang ke kantor desa, Petugas memeriksa berkas]
        waktu: 1 hari kerja
        biaya: Gratis
        produk: Surat Keterangan Tidak Mampu
        ---
        """,
    "content/contoh/pengumuman/kerja-bakti.md": """\
        ---
        title: Kerja Bakti
        date: 2026-11-01
        berlaku_sampai: 2026-12-31
        ---
        Kerja bakti setiap Minggu.
        """,
}


def without_notes(output: str) -> list[str]:
    """Output lines minus notes (``catatan``, e.g. the one about example villages)."""
    return [line for line in output.splitlines() if ": catatan: " not in line]


def write_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write ``files`` (path -> text, dedented, or bytes) under ``root``."""
    for name, body in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(body, bytes):
            path.write_bytes(body)
        else:
            path.write_text(textwrap.dedent(body), encoding="utf-8")
    return root


@pytest.fixture
def site_files() -> dict[str, str | bytes]:
    """The files of the minimal site; override or extend in a test module."""
    return dict(BASIC_FILES)


@pytest.fixture
def site_tree(tmp_path: Path, site_files: dict[str, str | bytes]) -> Path:
    """A small, valid site folder on disk."""
    return write_tree(tmp_path / "site", site_files)


@pytest.fixture
def app(site_tree: Path) -> Flask:
    """The preview app over ``site_tree``."""
    return create_app({"TESTING": True, "SATUDESA_SITE": str(site_tree)})


@pytest.fixture
def client(app: Flask) -> Client:
    """Flask test client."""
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    """Flask CLI runner."""
    return app.test_cli_runner()


@pytest.fixture(scope="session")
def demo_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's demo site, built once into a temporary folder."""
    out = tmp_path_factory.mktemp("demo") / "build"
    demo_app = create_app({"TESTING": True, "SATUDESA_SITE": str(REPO)})
    os.environ.pop(NO_PORTAL_INDEX)  # the demo is built as it is published: /cari/ works
    try:
        result = demo_app.test_cli_runner().invoke(args=["build", "--out", str(out)])
    finally:
        os.environ[NO_PORTAL_INDEX] = "1"
    assert result.exit_code == 0, result.output
    return out
