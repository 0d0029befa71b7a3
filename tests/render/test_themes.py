"""Template search order and theme errors."""

from __future__ import annotations

import pytest

from satudesa.errors import ThemeError
from satudesa.inputs.themes import BUILTIN_THEMES, resolve_theme


@pytest.fixture
def site_files(site_files):
    site_files["themes/kabupaten/templates/page.html"] = (
        '{% extends "!base/page.html" %}{% block main %}<p>TEMA KABUPATEN</p>'
        '{{ super() }}{% endblock %}')
    site_files["villages/contoh.yml"] += "theme: kabupaten\n"
    return site_files


def test_site_theme_overrides_and_extends_base(client) -> None:
    page = client.get("/contoh/profil/").get_data(as_text=True)
    assert "<p>TEMA KABUPATEN</p>" in page
    assert "Profil Desa" in page  # the base block still renders


def test_other_templates_fall_back_to_base(client) -> None:
    assert client.get("/contoh/layanan/").status_code == 200


def test_search_order(site_tree) -> None:
    theme = resolve_theme("kabupaten", site_tree)
    # A regency's own 'kabupaten' folder overrides the built-in theme of that name,
    # which extends the default theme (theme.yml 'extends: default').
    assert theme.folders == (site_tree / "themes/kabupaten", BUILTIN_THEMES / "kabupaten",
                             BUILTIN_THEMES / "default", BUILTIN_THEMES / "base")
    assert resolve_theme("kabupaten", site_tree / "nowhere").folders == (
        BUILTIN_THEMES / "kabupaten", BUILTIN_THEMES / "default", BUILTIN_THEMES / "base")
    assert resolve_theme("default", site_tree).folders == (
        BUILTIN_THEMES / "default", BUILTIN_THEMES / "base")


def test_unknown_theme_lists_available_ones(site_tree) -> None:
    with pytest.raises(ThemeError) as info:
        resolve_theme("ungu", site_tree)
    assert info.value.message == "tema 'ungu' tidak ditemukan"
    assert "base, default, kabupaten" in info.value.hint


def test_missing_template_names_every_folder(site_tree) -> None:
    from satudesa.load.loader import load_site
    from satudesa.render.renderer import Renderer
    renderer = Renderer(load_site(site_tree))
    env = renderer.env(resolve_theme("kabupaten", site_tree))
    with pytest.raises(ThemeError) as info:
        env.get_template("tidak-ada.html")
    assert info.value.message == "templat 'tidak-ada.html' tidak ditemukan di tema 'kabupaten'"
    assert str(site_tree / "themes/kabupaten/templates") in info.value.hint
    assert str(BUILTIN_THEMES / "base/templates") in info.value.hint


def test_extends_chain_of_any_length(tmp_path) -> None:
    """theme.yml ``extends:`` is followed: anak → induk → default → base."""
    for name, parent in (("anak", "induk"), ("induk", "default")):
        (tmp_path / "themes" / name).mkdir(parents=True)
        (tmp_path / "themes" / name / "theme.yml").write_text(f"extends: {parent}\n")
    theme = resolve_theme("anak", tmp_path)
    assert theme.folders == (tmp_path / "themes/anak", tmp_path / "themes/induk",
                             BUILTIN_THEMES / "default", BUILTIN_THEMES / "base")


def test_extends_loop_is_an_error(tmp_path) -> None:
    for name, parent in (("a", "b"), ("b", "a")):
        (tmp_path / "themes" / name).mkdir(parents=True)
        (tmp_path / "themes" / name / "theme.yml").write_text(f"extends: {parent}\n")
    with pytest.raises(ThemeError, match="mewarisi dirinya sendiri"):
        resolve_theme("a", tmp_path)
