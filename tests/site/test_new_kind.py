"""docs/internals.md's how-to, followed: a new content type is one Kind plus its templates."""

from __future__ import annotations

import pytest

from satudesa.inputs import schema as s
from satudesa.load.kinds import KINDS, Kind


@pytest.fixture
def site_files(site_files):
    site_files["content/contoh/pelatihan/menjahit.md"] = """\
        ---
        title: Pelatihan Menjahit
        date: 2026-03-10
        tempat: Balai Desa
        ---
        Pelatihan menjahit untuk ibu-ibu PKK.
        """
    site_files["themes/default/templates/pelatihan_list.html"] = (
        '{% extends "layout.html" %}{% block main %}<h1>Pelatihan</h1>'
        '{% for p in items %}<a href="{{ url(p.url) }}">{{ p.title }}</a>{% endfor %}'
        '{% endblock %}')
    site_files["themes/default/templates/pelatihan.html"] = (
        '{% extends "layout.html" %}{% block main %}<h1>{{ page.title }}</h1>'
        '<p class="tempat">{{ page.get("tempat") }}</p>{{ page.body }}{% endblock %}')
    return site_files


@pytest.fixture(autouse=True)
def pelatihan(monkeypatch) -> Kind:
    """The one registration the how-to asks for (in load/kinds.py, KINDS)."""
    kind = Kind("pelatihan", "Pelatihan", menu="Pelatihan",
                schema={"tempat": s.Field(s.text, required=True)})
    monkeypatch.setitem(KINDS, "pelatihan", kind)
    return kind


def test_a_new_kind_gets_its_pages_menu_and_search_entry(client) -> None:
    page = client.get("/contoh/pelatihan/menjahit/").get_data(as_text=True)
    assert '<p class="tempat">Balai Desa</p>' in page
    listing = client.get("/contoh/pelatihan/").get_data(as_text=True)
    assert "Pelatihan Menjahit" in listing
    home = client.get("/contoh/").get_data(as_text=True)
    assert 'href="pelatihan/"' in home  # its own menu entry
    search = client.get("/contoh/cari/").get_data(as_text=True)
    assert "Pelatihan Menjahit" in search


def test_a_new_kind_validates_its_own_keys(site_tree, runner) -> None:
    (site_tree / "content/contoh/pelatihan/menjahit.md").write_text(
        "---\ntitle: Pelatihan Menjahit\ndate: 2026-03-10\n---\nIsi.\n")
    result = runner.invoke(args=["check"])
    assert result.exit_code == 1
    assert "content/contoh/pelatihan/menjahit.md" in result.output
    assert "tempat" in result.output
