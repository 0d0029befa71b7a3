"""The village search index: pages handed over in memory, re-indexed only when what
Pagefind reads of them changed, and the same index for the same pages."""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
from pathlib import Path

import pytest

from satudesa.build import pagefind, portal_search
from satudesa.build.pagefind import FOLDER, index_village, search_view, searchable_pages
from satudesa.errors import BuildError

run = pagefind._run
HEAD = ('<head>\n<meta charset="utf-8">\n<title>{title}</title>\n'
        '<meta name="description" content="{desc}">\n'
        '<link rel="stylesheet" href="../static/style.{css}.css">\n</head>')


def page(title: str, body: str, css: str = "ae192ed4af", desc: str = "Ringkas") -> str:
    """A village page the way the layout writes it: Pagefind reads only <main>."""
    return (f'<!doctype html>\n<html lang="id">\n{HEAD.format(title=title, desc=desc, css=css)}'
            f'\n<body>\n<header><nav><a href="../">Beranda</a></nav></header>\n'
            f"<main data-pagefind-body>\n<h1>{title}</h1>\n<p>{body}</p>\n</main>\n"
            "<footer>Desa Contoh</footer>\n</body>\n</html>\n")


PAGES = {
    "berita/panen-raya/index.html": ("Panen Raya", "Gabah kering giling dari sawah desa."),
    "berita/kerja-bakti/index.html": ("Kerja Bakti", "Membersihkan saluran air bersama."),
    "layanan/sktm/index.html": ("Surat Keterangan Tidak Mampu", "Bawa KTP dan KK ke kantor."),
    "profil/index.html": ("Profil Desa", "Desa agraris di kaki gunung."),
}


def write_village(folder: Path, **kwargs: str) -> dict[str, bytes]:
    """Write the village's pages (and a list page that is not indexed); their bytes."""
    written = {}
    for path, (title, body) in PAGES.items():
        html = page(title, body, **kwargs).encode()
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_bytes(html)
        written[path] = html
    (folder / "index.html").write_text("<!doctype html><html lang='id'><main>Beranda</main>")
    return written


def bundle(folder: Path) -> dict[str, str]:
    """Every file of the village's index: relative path -> sha256 of its bytes."""
    out = folder / FOLDER
    return {str(p.relative_to(out)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(out.rglob("*")) if p.is_file()}


@pytest.fixture
def published(tmp_path: Path) -> Path:
    """A village as the last build published it, with its index."""
    folder = tmp_path / "live" / "contoh"
    index_village(folder, None, write_village(folder))
    return folder


def test_pages_in_memory_give_the_index_of_the_pages_on_disk(published: Path,
                                                             tmp_path: Path) -> None:
    as_paths = tmp_path / "paths" / "contoh"
    write_village(as_paths)
    index_village(as_paths)  # looked for on disk
    assert searchable_pages(as_paths) == sorted(PAGES)
    assert bundle(as_paths) == bundle(published)
    assert any(name.startswith("fragment/") for name in bundle(published))


def test_the_same_pages_give_the_same_index_every_build(published: Path,
                                                        tmp_path: Path) -> None:
    again = tmp_path / "again" / "contoh"
    index_village(again, None, write_village(again))
    assert bundle(again) == bundle(published)


def test_a_new_stylesheet_keeps_the_published_index(published: Path, tmp_path: Path,
                                                    monkeypatch) -> None:
    """Only the head changed: Pagefind would write the same index, so it is linked."""
    again = tmp_path / "new" / "contoh"
    pages = write_village(again, css="0123456789", desc="Ringkasan baru")
    assert all(html != (published / path).read_bytes() for path, html in pages.items())
    with monkeypatch.context() as patch:
        patch.setattr(pagefind, "_run", lambda *args: pytest.fail("Pagefind ran"))
        index_village(again, published, pages)
    for name in bundle(published):
        assert (again / FOLDER / name).samefile(published / FOLDER / name), name
    # and that is what Pagefind would have written: the premise, checked on this version
    fresh = tmp_path / "fresh" / "contoh"
    index_village(fresh, None, write_village(fresh, css="0123456789", desc="Ringkasan baru"))
    assert bundle(fresh) == bundle(published)


def test_pages_given_as_paths_are_compared_the_same_way(published: Path,
                                                        tmp_path: Path) -> None:
    again = tmp_path / "new" / "contoh"
    write_village(again, css="0123456789")
    index_village(again, published, sorted(PAGES))
    assert (again / FOLDER / "pagefind-entry.json").samefile(
        published / FOLDER / "pagefind-entry.json")


@pytest.mark.parametrize("change", ["body", "title"])
def test_a_change_pagefind_reads_rebuilds_the_index(published: Path, tmp_path: Path,
                                                    change: str, monkeypatch) -> None:
    runs = []
    monkeypatch.setattr(pagefind, "_run", lambda *args: runs.append(args) or run(*args))
    again = tmp_path / "new" / "contoh"
    pages = write_village(again)
    path = "berita/panen-raya/index.html"
    old = "Gabah kering giling" if change == "body" else "<title>Panen Raya</title>"
    new = "Gabah basah" if change == "body" else "<title>Panen Raya 2026</title>"
    pages[path] = pages[path].replace(old.encode(), new.encode())
    (again / path).write_bytes(pages[path])
    index_village(again, published, pages)
    assert len(runs) == 1
    if change == "body":
        assert not (again / FOLDER / "pagefind-entry.json").samefile(
            published / FOLDER / "pagefind-entry.json")
        assert bundle(again) != bundle(published)


def test_a_page_gone_rebuilds_the_index(published: Path, tmp_path: Path) -> None:
    again = tmp_path / "new" / "contoh"
    pages = write_village(again)
    shutil.rmtree(again / "profil")
    del pages["profil/index.html"]
    index_village(again, published, pages)
    assert bundle(again) != bundle(published)


def test_search_view_keeps_the_title_and_everything_after_the_head() -> None:
    html = page("Panen Raya", "Gabah.").encode()
    view = search_view(html)
    assert b"<title>Panen Raya</title>" in view
    assert b"stylesheet" not in view and b"description" not in view
    assert view.endswith(html[html.index(b"</head>"):])
    assert view == search_view(page("Panen Raya", "Gabah.", css="ffff", desc="lain").encode())


def test_a_head_pagefind_reads_is_compared_whole() -> None:
    html = page("A", "B").encode().replace(
        b'<meta name="description"', b'<meta data-pagefind-meta="image:content" name="d"')
    assert search_view(html) == html
    assert search_view(b"<p>no head</p>") == b"<p>no head</p>"
    no_head = b"<html><header><title>x</title></header></head><main>y</main>"
    assert search_view(no_head) == no_head  # <header> is no <head>


@pytest.mark.parametrize("bad", ["../other/index.html", "/etc/passwd", ""])
def test_a_page_outside_the_village_is_refused(tmp_path: Path, bad: str) -> None:
    with pytest.raises(BuildError, match="di luar folder desa"):
        index_village(tmp_path, None, {bad: b"<main data-pagefind-body>x</main>"})
    assert not (tmp_path / FOLDER).exists()


def records(bundle: Path) -> dict[str, tuple[str, str]]:
    """url -> (title, text) of every page of an index."""
    found = {}
    for fragment in (bundle / "fragment").iterdir():
        data = json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd"))
        found[data["url"]] = (data["meta"].get("title", ""), data["content"])
    return found


def test_too_many_pages_for_a_glob_are_linked_and_indexed_alike(
        published: Path, tmp_path: Path, monkeypatch) -> None:
    """Pagefind finds nothing through a glob of ~4,000 pages (a portal of 60 villages)."""
    monkeypatch.setattr(pagefind, "GLOB_LIMIT", 40)
    again = tmp_path / "linked" / "contoh"
    index_village(again, None, write_village(again))
    assert records(again / FOLDER) == records(published / FOLDER)
    assert len(records(again / FOLDER)) == len(PAGES)
    assert sorted(p.name for p in again.parent.iterdir()) == ["contoh"]  # no folder left


def test_a_path_a_glob_cannot_spell_is_indexed_exactly(tmp_path: Path) -> None:
    village = tmp_path / "desa"
    pages = write_village(village)
    odd = "berita/panen{raya},2/index.html"
    (village / odd).parent.mkdir(parents=True)
    (village / odd).write_text(page("Panen Kedua", "Gabah lagi."))
    (village / "berita/daftar/index.html").parent.mkdir(parents=True)
    (village / "berita/daftar/index.html").write_text(page("Daftar", "Semua berita."))
    index_village(village, None, [*pages, odd])  # not the list page
    urls = set(records(village / FOLDER))
    assert "/berita/panen{raya},2/" in urls and "/berita/daftar/" not in urls
    assert len(urls) == len(PAGES) + 1


def test_the_portal_index_covers_every_village_past_the_glob_limit(
        tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(pagefind, "GLOB_LIMIT", 200)
    out = tmp_path / "build"
    out.mkdir()
    (out / "index.html").write_text(page("Portal Kabupaten", "Semua desa."))
    for slug in ("desa-a", "desa-b", "desa-c"):
        write_village(out / slug)
        index_village(out / slug)
    assert portal_search.index_portal(out) == 1 + 3 * len(PAGES)
    urls = set(records(out / FOLDER))
    assert {"/", "/desa-a/profil/", "/desa-c/layanan/sktm/"} <= urls
    assert len(urls) == 1 + 3 * len(PAGES)
    assert not any(p.name.startswith(".") for p in tmp_path.iterdir())  # nothing left beside
