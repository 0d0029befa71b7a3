"""The second built-in theme: the regency's logo and colour on every village, its own layout."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image
from sitefiles import write_tree

from satudesa import create_app


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGBA", (64, 64), (250, 196, 40, 255)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def site_files(site_files):
    return {**site_files, "media/logo-kabupaten.png": _png(),
            "site.yml": site_files["site.yml"] + 'theme: kabupaten\nlock_theme: true\n'
                                                 'logo: "media/logo-kabupaten.png"\n'
                                                 'color: "#164e63"\n'}


def test_site_yml_chooses_the_kabupaten_theme_for_every_village(client, site_tree: Path
                                                                 ) -> None:
    entry = site_tree / "villages/contoh.yml"
    entry.write_text(entry.read_text().replace('color: "#1d5e3a"', 'color: "#7c2d12"')
                     + "theme: default\n")  # locked: the theme is the regency's
    home = client.get("/contoh/").get_data(as_text=True)
    assert 'class="kab-strip"' in home and "Pemerintah Kabupaten Purwakarta" in home
    assert '<img class="kab-logo" src="static/logo-kabupaten.png"' in home
    assert client.get("/contoh/static/logo-kabupaten.png").data == (
        site_tree / "media/logo-kabupaten.png").read_bytes()
    assert 'class="kab-hero"' in home  # its own home layout, not only other colours
    css_url = home.split('rel="stylesheet" href="')[1].split('"')[0]
    css = client.get("/contoh/" + css_url).get_data(as_text=True)
    assert ".kab-strip{" in css and ".menu-box>summary{" in css  # theme.css after style.css
    assert "--accent:#7c2d12" in css  # the village keeps its accent colour
    assert "--regency:#164e63" in css  # and the regency's colour runs across villages
    portal = client.get("/").get_data(as_text=True)
    assert '<img class="brand-logo" src="static/logo-kabupaten.png"' in portal


def test_a_missing_regency_logo_is_left_out_with_a_warning(site_tree: Path) -> None:
    from satudesa.load.loader import load_site

    (site_tree / "media/logo-kabupaten.png").unlink()
    site = load_site(site_tree)
    assert [p.format() for p in site.report if p.path == "site.yml"] == [
        "site.yml: peringatan: 'logo': berkas 'media/logo-kabupaten.png' tidak ditemukan; "
        "situs diterbitkan tanpa logo kabupaten (letakkan berkas PNG, JPG atau WebP di folder "
        "situs, misalnya logo: media/logo-kabupaten.png)"]
    client = create_app({"TESTING": True, "SATUDESA_SITE": str(site_tree)}).test_client()
    home = client.get("/contoh/").get_data(as_text=True)
    assert "kab-logo" not in home and 'class="kab-strip"' in home


def test_a_logo_outside_the_site_folder_is_refused(site_tree: Path) -> None:
    from satudesa.load.loader import load_site

    write_tree(site_tree.parent, {"luar.png": _png()})
    (site_tree / "site.yml").write_text('theme: kabupaten\nlogo: "../luar.png"\n')
    problems = [p.format() for p in load_site(site_tree).report if p.path == "site.yml"]
    assert problems and "tidak ditemukan" in problems[0]
