"""Layered fixtures: a site tree on disk -> an app -> its test client and CLI runner.

Tests run at a fixed instant (``SATUDESA_NOW``) so publication rules are
reproducible; the demo site is built once per session (``demo_build``).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from sitefiles import BASIC_FILES, NO_PORTAL_INDEX, NOW, REPO, write_tree
from werkzeug.test import Client

from satudesa import create_app

os.environ["SATUDESA_NOW"] = NOW
# The portal-wide search index costs about a second per build: only the tests that are
# about it (tests/test_portal_search.py) and the demo build turn it on.
os.environ[NO_PORTAL_INDEX] = "1"


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
    return build_as_published(REPO, out)


def build_as_published(site: Path, out: Path) -> Path:
    """Build ``site`` into ``out`` with everything a published site has (the portal-wide
    search index included, which the rest of the suite leaves out)."""
    demo_app = create_app({"TESTING": True, "SATUDESA_SITE": str(site)})
    os.environ.pop(NO_PORTAL_INDEX)  # built as it is published: /cari/ works
    try:
        result = demo_app.test_cli_runner().invoke(args=["build", "--out", str(out)])
    finally:
        os.environ[NO_PORTAL_INDEX] = "1"
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="session")
def kabupaten_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo as a regency runs it with the kabupaten theme, built once."""
    from theme_variants import demo_site

    root = tmp_path_factory.mktemp("kabupaten")
    site = demo_site("kabupaten", root)
    return build_as_published(site, root / "build")
