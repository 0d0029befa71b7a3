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
REPO = Path(__file__).resolve().parent.parent

VILLAGE = """\
name: "Desa Contoh"
kode_wilayah: "32.14.05.2001"
kecamatan: "Kecamatan Uji"
kabupaten: "Kabupaten Purwakarta"
color: "#1d5e3a"
kontak:
  alamat: "Jl. Raya Contoh No. 1"
  whatsapp: "081234567890"
"""

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
    result = demo_app.test_cli_runner().invoke(args=["build", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="session")
def kabupaten_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo as a regency runs it with the kabupaten theme, built once."""
    from theme_variants import demo_site

    root = tmp_path_factory.mktemp("kabupaten")
    site = demo_site("kabupaten", root)
    out = root / "build"
    demo_app = create_app({"TESTING": True, "SATUDESA_SITE": str(site)})
    result = demo_app.test_cli_runner().invoke(args=["build", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out
