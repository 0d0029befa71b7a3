"""The shared layout rendered once per village and link class (issue 17): same bytes as per page."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markupsafe import Markup
from PIL import Image
from sitefiles import second_village, write_tree
from types_site import FILES

from satudesa import create_app
from satudesa.links import relative
from satudesa.load.loader import load_site
from satudesa.render.fragments import FragmentMemo, Links
from satudesa.render.renderer import Renderer

SEGMENT = st.sampled_from(["berita", "layanan", "a", "b", "page", "2", "tag"])
FOLDER_URL = st.lists(SEGMENT, max_size=4).map(lambda parts: "".join(p + "/" for p in parts))
URL = st.one_of(FOLDER_URL, FOLDER_URL.map(lambda u: u + "f.webp"),
                FOLDER_URL.map(lambda u: u + "#x"))


@given(st.lists(FOLDER_URL, max_size=6), st.lists(URL, max_size=4), URL, URL)
def test_pages_of_one_link_class_get_the_same_links_and_current_marks(
        menu: list[str], media: list[str], one: str, other: str) -> None:
    memo = FragmentMemo(media, menu)
    for target in media + menu:
        assert Links(one)(target) == relative(one, target)
    if memo.link_class(Links(one)) != memo.link_class(Links(other)):
        return
    for target in [*menu, *media]:
        assert relative(one, target) == relative(other, target)
        assert (one == target) == (other == target)
    for prefix in menu:
        assert bool(prefix and one.startswith(prefix)) == bool(prefix and other.startswith(prefix))


def _site_files() -> dict[str, str | bytes]:
    files = second_village(dict(FILES))
    files["content/contoh/pengumuman/banjir.md"] = (
        "---\ntitle: Banjir di Dusun Hilir\ndate: 2026-11-20\ndarurat: true\n---\nMengungsi.\n")
    return files


def _render_all(site_dir: Path, memo: bool, preview: bool = False) -> dict[str, bytes]:
    renderer = Renderer(load_site(site_dir))
    renderer.preview = preview
    pages: dict[str, bytes] = {}
    for slug in [*sorted(renderer.site.villages), ""]:
        scope = renderer.village_scope(slug) if slug else renderer.portal_scope()
        if not memo:
            scope.fragments = None
        for url, route in scope.table.items():
            if route.is_html:
                pages[f"{slug}/{url}"] = renderer.render(scope, route)
    return pages


@pytest.mark.parametrize("preview", [False, True])
@pytest.mark.parametrize("theme", ["default", "kabupaten"])
def test_every_page_is_the_same_as_rendered_on_its_own(tmp_path: Path, theme: str,
                                                        preview: bool) -> None:
    files = _site_files()
    files["site.yml"] = str(files["site.yml"]) + f"theme: {theme}\nlock_theme: true\n"
    if theme == "kabupaten":  # the regency's logo: a link made before any fragment renders
        logo = io.BytesIO()
        Image.new("RGB", (64, 64), (22, 78, 99)).save(logo, "PNG")
        files["media/logo-kabupaten.png"] = logo.getvalue()
        files["site.yml"] += 'logo: "media/logo-kabupaten.png"\n'
    site_dir = write_tree(tmp_path / "site", files)
    memoised = _render_all(site_dir, memo=True, preview=preview)
    alone = _render_all(site_dir, memo=False, preview=preview)
    assert memoised == alone
    assert len(memoised) > 40
    html = memoised["contoh/berita/"].decode()
    assert '<a href="./" aria-current="page">Berita</a>' in html  # the page's own mark
    assert "Banjir di Dusun Hilir" in html and "Banjir di Dusun Hilir" not in (
        memoised["lain/"].decode())  # one village's menu and notices never reach another
    if theme == "kabupaten":
        assert '<img class="kab-logo" src="../../static/logo-kabupaten.png"' in (
            memoised["contoh/berita/posyandu/"].decode())


def test_a_theme_block_that_reads_the_page_renders_per_page(tmp_path: Path) -> None:
    files = _site_files()
    files["themes/default/templates/layout.html"] = (
        '{% extends "!base/layout.html" %}'
        '{% block nav %}<p class="judul">{{ route.title }}</p>{{ super() }}{% endblock %}'
        '{% block footer %}{% call memo("footer") %}<footer>{{ url("kontak/") }}</footer>'
        '{% endcall %}{% endblock %}')
    site_dir = write_tree(tmp_path / "site", files)
    pages = _render_all(site_dir, memo=True)
    assert pages == _render_all(site_dir, memo=False)
    assert '<p class="judul">Kontak dan Pengaduan</p>' in pages["contoh/kontak/"].decode()
    assert '<p class="judul">Layanan</p>' in pages["contoh/layanan/"].decode()
    # The theme's own memoised footer (a name the base layout uses too) is its own.
    assert "<footer>../kontak/</footer>" in pages["contoh/layanan/"].decode()


def test_a_theme_may_memoise_a_block_that_holds_memoised_ones(tmp_path: Path) -> None:
    files = _site_files()
    files["themes/default/templates/layout.html"] = (
        '{% extends "!base/layout.html" %}'
        '{% block header %}{% call memo("kepala") %}<header>{{ self.brand() }}{{ self.nav() }}'
        '<a href="{{ url("layanan/domisili/") }}">Domisili</a></header>{% endcall %}'
        '{{ self.subnav() }}{% endblock %}')
    site_dir = write_tree(tmp_path / "site", files)
    pages = _render_all(site_dir, memo=True)
    assert pages == _render_all(site_dir, memo=False)
    html = pages["contoh/berita/"].decode()
    assert '<a href="../layanan/domisili/">Domisili</a></header>' in html


def test_a_page_that_sets_a_name_the_layout_reads_renders_its_own_fragments() -> None:
    memo = FragmentMemo([], [""])
    calls: list[str] = []

    def render() -> str:
        calls.append("render")
        return "<nav>x</nav>"

    assert memo.fragment("nav", None, Links("a/"), render) == Markup("<nav>x</nav>")
    assert memo.fragment("nav", None, Links("b/"), render) == Markup("<nav>x</nav>")
    assert calls == ["render"]  # same class: rendered once
    from jinja2 import Environment

    from satudesa.render.filters import register
    env = Environment(autoescape=True)
    register(env)
    template = env.from_string('{% set here = "x/" %}'
                               '{% call memo("nav") %}{{ here }}{% endcall %}')
    assert template.render(fragments=memo, url=Links("a/"), here="a/") == "x/"


def test_preview_shows_a_menu_edit_on_the_next_request(tmp_path: Path) -> None:
    site_dir = write_tree(tmp_path / "site", _site_files())
    client = create_app({"TESTING": True, "SATUDESA_SITE": str(site_dir)}).test_client()
    assert "Profil Desa" in client.get("/contoh/layanan/").get_data(as_text=True)
    profil = next((site_dir / "content/contoh/halaman").glob("*.md"))
    text = profil.read_text(encoding="utf-8")
    profil.write_text(text.replace("Profil Desa", "Sejarah Kampung"), encoding="utf-8")
    stat = profil.stat()
    os.utime(profil, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    html = client.get("/contoh/layanan/").get_data(as_text=True)
    assert "Sejarah Kampung" in html and "Profil Desa" not in html
