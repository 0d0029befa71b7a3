"""Incremental builds: only what changed is rendered, and the result equals a full build."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from sitefiles import VILLAGE, write_tree
from test_engine_equivalence import tree

from satudesa.build import manifest as mf
from satudesa.build.engine import build_fast

POST = """\
---
title: {title}
date: 2026-0{month}-03
tags: [{tag}]
---
{body}
"""


@pytest.fixture
def site_files(site_files):
    for number, tag in enumerate(["pertanian", "kesehatan", "pertanian"], 1):
        site_files[f"content/contoh/berita/kabar-{number}.md"] = POST.format(
            title=f"Kabar {number}", month=number + 3, tag=tag, body=f"Isi kabar {number}.")
    site_files["villages/lain.yml"] = VILLAGE.replace("Desa Contoh", "Desa Lain").replace(
        "2001", "2002")
    site_files["content/lain/halaman/profil.md"] = "---\ntitle: Profil Lain\n---\nHalo.\n"
    return site_files


def build(site: Path, **options) -> tuple:
    out = site / "build"
    result = build_fast(site, out, jobs=options.pop("jobs", 1), **options)
    assert result.ok(), [p.format() for p in result.report.errors]
    return result, out


def mtimes(out: Path) -> dict[str, int]:
    return {p.relative_to(out).as_posix(): p.stat().st_mtime_ns
            for p in out.rglob("*") if p.is_file()}


def fresh(site: Path, tmp_path: Path) -> dict[str, bytes]:
    """The tree a full build of ``site`` writes into an empty folder."""
    out = tmp_path / "fresh"
    assert build_fast(site, out, jobs=1).ok()
    return tree(out)


def test_nothing_changed_writes_nothing(site_tree: Path) -> None:
    first, out = build(site_tree)
    assert sorted(first.built) == ["contoh", "lain"]
    before = tree(out)
    again, _ = build(site_tree)
    assert (again.built, sorted(again.skipped), again.written, again.pages) == (
        [], ["contoh", "lain"], [], 0)
    assert tree(out) == before


def test_editing_one_berita_renders_only_its_outputs_and_lists(site_tree: Path,
                                                               tmp_path: Path) -> None:
    build(site_tree)
    build(site_tree)  # the second build leaves a spare tree: the steady state
    _, out = build(site_tree)
    before = mtimes(out)
    post = site_tree / "content/contoh/berita/kabar-2.md"
    post.write_text(post.read_text().replace("Isi kabar 2.", "Isi kabar 2, diperbaiki."))
    result, _ = build(site_tree)
    assert result.built == ["contoh"] and result.skipped == ["lain"]
    written = {path for path in result.written if path.startswith("contoh/")}
    assert "contoh/berita/kabar-2/index.html" in written
    assert "contoh/berita/index.html" in written  # the list that shows it
    # kesehatan has one post: no page of its own; the topics page lists the post by its
    # title, which the edit did not change.
    assert not (out / "contoh/berita/tag/kesehatan").exists()
    for untouched in ("contoh/layanan/sktm/index.html", "contoh/profil/index.html",
                      "contoh/berita/tag/index.html",
                      "contoh/berita/tag/pertanian/index.html", "contoh/kontak/index.html",
                      "contoh/berita/kabar-1/index.html"):
        assert untouched not in written
    after = mtimes(out)
    changed = {name for name in after if before.get(name) != after[name]}
    portal = {name for name in changed if not name.startswith(("contoh/", "lain/"))}
    # Derived files follow their pages: compressed copies of what was written, and the
    # search index (linked unchanged from the last build where its bytes did not change).
    derived = {n for n in changed - portal if n.endswith((".gz", ".br")) or "/pagefind/" in n}
    assert changed - portal - derived == written
    assert {n.rsplit(".", 1)[0] for n in derived if "/pagefind/" not in n} <= written
    assert not any(name.startswith("lain/") for name in changed)
    assert "Isi kabar 2, diperbaiki." in (out / "contoh/berita/kabar-2/index.html").read_text()
    assert tree(out) == fresh(site_tree, tmp_path)


def test_deleting_a_page_removes_its_output(site_tree: Path, tmp_path: Path) -> None:
    build(site_tree)
    build(site_tree)
    (site_tree / "content/contoh/berita/kabar-3.md").unlink()
    result, out = build(site_tree)
    assert result.built == ["contoh"]
    assert not (out / "contoh/berita/kabar-3").exists()
    assert "kabar-3" not in (out / "contoh/berita/index.html").read_text()
    assert tree(out) == fresh(site_tree, tmp_path)


def test_theme_change_rebuilds_everything(site_tree: Path) -> None:
    write_tree(site_tree, {"themes/default/static/catatan.txt": "versi 1"})
    first, out = build(site_tree)
    (site_tree / "themes/default/static/catatan.txt").write_text("versi 2")
    result, _ = build(site_tree)
    assert sorted(result.built) == ["contoh", "lain"]
    assert set(result.written) == set(first.written)
    assert (out / "contoh/static/catatan.txt").read_text() == "versi 2"


def test_force_rebuilds_everything(site_tree: Path) -> None:
    first, _ = build(site_tree)
    result, _ = build(site_tree, force=True)
    assert sorted(result.built) == ["contoh", "lain"]
    assert set(result.written) == set(first.written)


@pytest.mark.parametrize("damage", ["{not json", "", '{"format": 1}', None])
def test_corrupt_or_missing_manifest_means_a_full_build(site_tree: Path, damage) -> None:
    first, out = build(site_tree)
    manifest = site_tree / ".build.manifest.json"
    assert manifest.is_file()
    if damage is None:
        manifest.unlink()
    else:
        manifest.write_text(damage)
    result, _ = build(site_tree)
    assert sorted(result.built) == ["contoh", "lain"] and result.skipped == []
    assert set(result.written) == set(first.written)


def test_build_replaced_by_someone_else_means_a_full_build(site_tree: Path) -> None:
    first, out = build(site_tree)
    (out / "index.html").unlink()
    (out / "index.html").write_text("tangan lain")
    result, _ = build(site_tree)
    assert set(result.written) == set(first.written)


def test_parallel_incremental_build_equals_a_full_build(site_tree: Path, tmp_path: Path) -> None:
    build(site_tree, jobs=2)
    (site_tree / "content/lain/halaman/sejarah.md").write_text(
        "---\ntitle: Sejarah\nweight: 2\n---\nDulu.\n")
    os.remove(site_tree / "content/contoh/pengumuman/kerja-bakti.md")
    result, out = build(site_tree, jobs=2)
    assert sorted(result.built) == ["contoh", "lain"]
    assert (out / "lain/sejarah/index.html").is_file()
    assert tree(out) == fresh(site_tree, tmp_path)


def test_scheduled_post_is_published_once_its_time_comes(site_tree: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    write_tree(site_tree, {"content/contoh/berita/nanti.md": POST.format(
        title="Nanti", month=9, tag="x", body="Belum.").replace("2026-09-03",
                                                                 "2026-11-25T15:00:00+07:00")})
    _, out = build(site_tree)
    assert not (out / "contoh/berita/nanti").exists()
    monkeypatch.setenv("SATUDESA_NOW", "2026-11-25T15:30:00+07:00")
    result, _ = build(site_tree)
    assert "contoh" in result.built
    assert (out / "contoh/berita/nanti/index.html").is_file()


def test_touching_a_file_without_changing_it_rebuilds_nothing(site_tree: Path) -> None:
    build(site_tree)
    build(site_tree)
    os.utime(site_tree / "content/contoh/berita/kabar-1.md")  # a new mtime, same bytes
    result, _ = build(site_tree)
    assert result.built == [] and sorted(result.skipped) == ["contoh", "lain"]


def test_a_damaged_shard_means_its_village_is_rendered_again(site_tree: Path,
                                                             tmp_path: Path) -> None:
    build(site_tree)
    shards = site_tree / ".build.manifest.d"
    (contoh,) = shards.glob("contoh.*.json")
    contoh.write_text("{rusak")
    (site_tree / "content/contoh/halaman/profil.md").write_text(
        "---\ntitle: Profil Desa\nweight: 1\n---\nDiperbarui.\n")
    result, out = build(site_tree)
    assert result.built == ["contoh"]
    assert "contoh/kontak/index.html" in result.written  # nothing reused blindly
    assert tree(out) == fresh(site_tree, tmp_path)


def test_one_shard_per_village_is_kept(site_tree: Path) -> None:
    build(site_tree)
    for number in range(3):
        (site_tree / "content/contoh/halaman/profil.md").write_text(
            f"---\ntitle: Profil Desa\nweight: 1\n---\nVersi {number}.\n")
        build(site_tree)
    names = sorted(p.name.split(".")[0] for p in (site_tree / ".build.manifest.d").iterdir())
    assert names == ["contoh", "lain"]


def test_a_big_list_counts_by_its_contents_and_by_who_shows_it() -> None:
    from dataclasses import dataclass

    from satudesa.build.manifest import Fingerprint

    @dataclass
    class Item:
        title: str
        body: str

    fp = Fingerprint(outline=lambda v: ("item", v.title) if isinstance(v, Item) else None)
    plain = [("topik", f"berita/tag/{i}/", i) for i in range(20)]
    first = fp.of(plain)
    assert fp.of(list(plain)) == first  # same contents, another list: same digest
    changed = list(plain)
    changed[7] = ("topik", "berita/tag/7/", 8)
    assert fp.of(changed) != first
    items = [Item(f"judul {i}", f"isi {i}") for i in range(20)]
    linked = fp.of(items, shown=set())
    shown = fp.of(items, shown={id(items[3])})
    assert linked != shown  # the same list object, digested per route
    items[3].body = "isi baru"
    fresh = Fingerprint(outline=lambda v: ("item", v.title) if isinstance(v, Item) else None)
    assert fresh.of(items, shown=set()) == linked  # a body change does not touch a link
    assert fresh.of(items, shown={id(items[3])}) != shown


@pytest.mark.parametrize("pool_worker", [True, False])
def test_a_pool_worker_forgets_its_villages_images(site_tree: Path, monkeypatch,
                                                   pool_worker: bool) -> None:
    import io

    from PIL import Image

    from satudesa.build import engine
    from satudesa.images import variants as images
    from satudesa.inputs import media, sources

    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(buffer, "JPEG")
    write_tree(site_tree, {"content/contoh/media/panen.jpg": buffer.getvalue()})
    post = site_tree / "content/contoh/berita/kabar-1.md"
    post.write_text(post.read_text().replace("Isi kabar 1.", "![Panen](../media/panen.jpg)"))
    monkeypatch.setattr(sources, "SETTLED_NS", -10**18)  # remember verdicts at once
    images.forget()
    media.forget()
    real = engine.Context
    parent = -1 if pool_worker else os.getpid()
    monkeypatch.setattr(engine, "Context", lambda *a, **k: real(*a, **k, parent=parent))
    build(site_tree, jobs=1)
    remembered = bool(images._infos) or bool(media._verdicts)
    assert remembered is not pool_worker


def test_a_refreshed_spare_takes_linking_off_the_next_build(site_tree: Path, tmp_path: Path,
                                                           monkeypatch) -> None:
    import json

    from satudesa.build import publish
    from satudesa.build.engine import refresh_spare

    _, out = build(site_tree)  # cold: the spare is not a copy of build/ yet
    refresh_spare(out)
    spare = site_tree / ".build.spare"
    assert json.loads((site_tree / ".build.manifest.json").read_text())["changed"] == []
    assert tree(spare) == tree(out)
    page = "lain/profil/index.html"
    assert (spare / page).stat().st_ino == (out / page).stat().st_ino  # linked, not copied
    synced = []
    real = publish.sync_tree
    monkeypatch.setattr(publish, "sync_tree", lambda a, b: synced.append(b) or real(a, b))
    post = site_tree / "content/contoh/berita/kabar-1.md"
    post.write_text(post.read_text().replace("Isi kabar 1.", "Isi kabar 1, diperbaiki."))
    result, _ = build(site_tree)
    assert result.built == ["contoh"] and synced == []  # nothing carried had to be linked
    assert tree(out) == fresh(site_tree, tmp_path)
    refresh_spare(out)  # villages level again (the portal is rendered by every build)
    assert all(tree(spare / slug) == tree(out / slug) for slug in ("contoh", "lain"))
    post.write_text(post.read_text().replace("diperbaiki", "diperbaiki lagi"))
    synced.clear()
    result, _ = build(site_tree)
    assert result.built == ["contoh"] and synced == []  # the refreshed spare was trusted
    assert tree(out) == fresh(site_tree, tmp_path)


def test_bytecode_caches_do_not_count_as_a_code_change(site_tree: Path, monkeypatch,
                                                       tmp_path: Path) -> None:
    """A module imported for the first time (by ``flask run``, say) is not a new version."""
    package = tmp_path / "package"
    shutil.copytree(mf.PACKAGE, package, ignore=shutil.ignore_patterns(mf.BYTECODE))
    monkeypatch.setattr(mf, "PACKAGE", package)
    build(site_tree)
    cache = package / mf.BYTECODE
    cache.mkdir()
    (cache / "errors.cpython-311.pyc").write_bytes(b"\x00compiled")
    again, _ = build(site_tree)
    assert (again.built, sorted(again.skipped)) == ([], ["contoh", "lain"])
    (package / "errors.py").write_text((package / "errors.py").read_text() + "\n# new\n")
    changed, _ = build(site_tree)
    assert sorted(changed.built) == ["contoh", "lain"]
