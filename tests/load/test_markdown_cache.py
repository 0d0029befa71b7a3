"""Rendered Markdown kept in the derived-output cache: the same bytes, calls and problems.

A build keeps nh3's output with a slot per filtered attribute; every render,
a hit or a miss, replays the rewriter's calls in nh3's order. These tests pin a
render from the cache to a fresh ``nh3.clean`` (the reference of
test_markup_cleaner.py) and a whole village's load to the one without a cache:
the same HTML, the same rewriter and ``refused`` calls, the same problems.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from test_markup_cleaner import bodies, recorder, reference
from test_properties import SETTINGS

from satudesa import derived
from satudesa.errors import Report
from satudesa.images import variants as images
from satudesa.inputs import media
from satudesa.load import markup
from satudesa.load.content import load_village
from satudesa.load.loader import load_portal
from satudesa.load.markup import render_markdown

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    site = tmp_path_factory.mktemp("cache")
    derived.use(site)
    yield site / derived.FOLDER / "markdown"
    derived.use(None)


@pytest.fixture(scope="module")
def shared_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One cache for every example Hypothesis tries (each body is its own entry)."""
    site = tmp_path_factory.mktemp("shared")
    derived.use(site)
    yield site / derived.FOLDER / "markdown"
    derived.use(None)


def no_cmark(monkeypatch: pytest.MonkeyPatch) -> None:
    """From now on a render that parses Markdown fails the test: it must be a hit."""
    monkeypatch.setattr(markup.cmark, "markdown_to_html",
                        lambda *a: pytest.fail("parsed again: not a cache hit"))


@SETTINGS
@given(body=bodies)
def test_a_miss_and_a_hit_give_what_a_fresh_clean_gives(shared_cache: Path,
                                                         body: str) -> None:
    expected_calls: list[tuple[str, str, str]] = []
    expected = reference(body, recorder(expected_calls))
    for _ in range(2):  # the first render stores, the second finds
        calls: list[tuple[str, str, str]] = []
        assert render_markdown(body, recorder(calls)) == expected
        assert calls == expected_calls


def test_the_second_render_is_a_hit_and_replays_every_call(
        cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    body = ("# Judul\n\n[a](x.md \"judul\") ![foto](media/drop.jpg) "
            "<a href=\"javascript:alert(1)\">b</a> ![c](file:///C:/foto.jpg)\n\n"
            "| h |\n|---|\n| <abbr title='&amp;\u00a0\"'>t</abbr> |\n")
    first_calls: list[tuple[str, str, str]] = []
    first_refused: list[tuple[str, str]] = []
    first = render_markdown(body, recorder(first_calls),
                            lambda tag, value: first_refused.append((tag, value)))
    assert len(list(cache.iterdir())) == 1
    no_cmark(monkeypatch)
    calls: list[tuple[str, str, str]] = []
    refused: list[tuple[str, str]] = []
    assert render_markdown(body, recorder(calls),
                           lambda tag, value: refused.append((tag, value))) == first
    assert calls == first_calls and refused == first_refused
    assert refused == [("a", "javascript:alert(1)"), ("img", "file:///C:/foto.jpg")]
    assert '<img alt="foto">' in first  # the dropped src took its attribute with it
    assert '<h2>Judul</h2>' in first and 'aria-label="Tabel 1"' in first


def test_a_rewriter_that_fails_drops_the_value_on_a_hit_too(
        cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(tag: str, attr: str, value: str) -> str:
        raise ValueError(value)

    first = render_markdown("[a](b) <abbr title=t>c</abbr>", broken)
    no_cmark(monkeypatch)
    assert render_markdown("[a](b) <abbr title=t>c</abbr>", broken) == first
    assert first == "<p><a>a</a> <abbr>c</abbr></p>\n"


def test_a_damaged_or_foreign_entry_is_rendered_again(
        cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = render_markdown("[a](b)", recorder([]))
    (entry,) = cache.iterdir()
    derived.put("markdown", entry.name, b"[not, json")
    assert render_markdown("[a](b)", recorder([])) == first
    derived.put("markdown", entry.name, b'[[["a", "href", "b"]], []]\n<p>no slot</p>')
    calls: list[tuple[str, str, str]] = []
    assert render_markdown("[a](b)", recorder(calls)) == first
    assert calls == [("a", "href", "b")]
    entry.write_bytes(b"garbage")
    assert render_markdown("[a](b)", recorder([])) == first


def test_another_code_version_is_another_entry(cache: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    render_markdown("[a](b)", recorder([]))
    monkeypatch.setattr(markup, "_code_key", "another version")
    render_markdown("[a](b)", recorder([]))
    assert len(list(cache.iterdir())) == 2


def test_nothing_is_stored_without_a_build(tmp_path: Path) -> None:
    assert not derived.enabled()
    render_markdown("[a](b)", recorder([]))
    assert not (tmp_path / derived.FOLDER).exists()


def load_all(site_dir: Path) -> tuple[list[str], dict[str, list[tuple[str, str]]],
                                       dict[str, dict[str, Path]]]:
    """Every village's problems, page bodies and assets, loaded as a build worker does."""
    media.forget()
    images.forget()
    report = Report()
    site = load_portal(site_dir, report)
    bodies_by_village: dict[str, list[tuple[str, str]]] = {}
    assets: dict[str, dict[str, Path]] = {}
    for slug, village in sorted(site.registry.items()):
        vs = load_village(village, site_dir, report, site.now)
        bodies_by_village[slug] = [(p.url, str(p.body)) for pages in vs.pages.values()
                                   for p in pages]
        assets[slug] = dict(vs.assets)
    return [p.format() for p in report.problems], bodies_by_village, assets


def test_a_village_loads_the_same_from_the_cache(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """The demo site plus a page of every kind of link: problems, bodies and assets agree."""
    site_dir = tmp_path / "site"
    site_dir.mkdir()
    for name in ("site.yml", "villages", "content"):
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, site_dir / name)
        else:
            shutil.copy(source, site_dir / name)
    slug = sorted(p.stem for p in (site_dir / "villages").glob("*.yml"))[0]
    (site_dir / "content" / slug / "berita" / "tautan.md").write_text(
        "---\ntitle: Tautan\ndate: 2026-01-05\n---\n"
        "[hilang](media/tidak-ada.jpg) ![luar](https://contoh.id/a.jpg) "
        "[draf](berita/tidak-ada.md) <a href=\"javascript:x\">j</a> ![lokal](C:\\foto.jpg) "
        "[bagian](../layanan/) [anchor](#atas) [rusak](//[x)\n", encoding="utf-8")
    monkeypatch.setenv("SATUDESA_NOW", "2026-11-25T12:00:00+07:00")
    without = load_all(site_dir)
    derived.use(site_dir)
    try:
        stored = load_all(site_dir)
        assert list((site_dir / derived.FOLDER / "markdown").iterdir())
        no_cmark(monkeypatch)
        found = load_all(site_dir)
    finally:
        derived.use(None)
    assert stored == without
    assert found == without
    assert any("tidak-ada.jpg" in p for p in without[0])  # the page's problems are there


DROPS = ["", "a", "b", "a b", "a e", "b 4", "3 4", "a b 3 4 e", "x", "x y q"]


@pytest.mark.parametrize("drop", DROPS)
def test_dropped_attributes_leave_the_others_where_nh3_leaves_them(cache: Path,
                                                                    drop: str) -> None:
    """nh3 removes dropped attributes last first with ``swap_remove``: the order it leaves."""
    body = ('<img src=a alt=b width=3 height=4 title=e> <a href=x title=y>z</a> '
            '<abbr title=q>w</abbr>')
    gone = set(drop.split())

    def rewrite(tag: str, attr: str, value: str) -> str | None:
        return None if value in gone else value + '&"<'

    expected = reference(body, rewrite)
    assert render_markdown(body, rewrite) == expected  # recorded
    assert render_markdown(body, rewrite) == expected  # found


def test_without_readable_sources_nothing_is_cached(cache: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(markup, "_code_key", "")  # what code_key() gives then
    assert render_markdown("[a](b)", recorder([])) == '<p><a href="../b?&quot;&amp;&lt;&gt;' \
        '&nbsp;">a</a></p>\n'
    assert not cache.exists()
