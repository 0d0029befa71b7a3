"""The image cache is swept: variants no published village uses go, nothing still needed does."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest
from PIL import Image
from sitefiles import BASIC_FILES, VILLAGE

from satudesa.build import imagecache
from satudesa.build.engine import EngineResult, build_fast
from satudesa.images import variants as images
from satudesa.images.variants import cache_digest

DAY_NS = 86_400 * 1_000_000_000


def photo(color: tuple[int, int, int], width: int = 800, height: int = 600) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), color).save(out, "JPEG")
    return out.getvalue()


POST = """\
---
title: {title}
date: 2026-03-03
image: ../media/{name}
---
Warga memanen padi bersama.
"""


@pytest.fixture
def site_files() -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = dict(BASIC_FILES)
    files["content/contoh/media/panen.jpg"] = photo((200, 100, 50))
    files["content/contoh/berita/panen-raya.md"] = POST.format(title="Panen Raya",
                                                                name="panen.jpg")
    files["villages/lain.yml"] = VILLAGE.replace("Desa Contoh", "Desa Lain").replace(
        "2001", "2002")
    files["content/lain/halaman/profil.md"] = "---\ntitle: Profil Lain\n---\nHalo.\n"
    files["content/lain/media/balai.jpg"] = photo((20, 80, 160))
    files["content/lain/berita/balai-desa.md"] = POST.format(title="Balai Desa",
                                                              name="balai.jpg")
    return files


def build(site: Path, *villages: str, force: bool = False) -> EngineResult:
    result = build_fast(site, site / "build", villages, jobs=1, force=force)
    assert result.ok(), [p.format() for p in result.report.errors]
    return result


def cache(site: Path) -> dict[str, int]:
    """Every cache entry's name and modification time."""
    folder = site / ".cache/images"
    return {p.name: p.stat().st_mtime_ns for p in folder.iterdir()} if folder.is_dir() else {}


def yesterday(site: Path) -> None:
    """Date every cache entry a day back, as if the last build was yesterday.

    A sweep keeps entries written since its build started (a concurrent writer may
    have made them), and tests run builds milliseconds apart.
    """
    for path in (site / ".cache/images").iterdir():
        mtime = path.stat().st_mtime_ns - DAY_NS
        os.utime(path, ns=(mtime, mtime))


def digest_of(out: Path, name: str) -> str:
    """The source digest in the published variant names of ``media/<name>``."""
    stem = name.rsplit(".", 1)[0]
    found = {p.name.split(".")[-2] for p in (out / "media").glob(f"{stem}-*.*.webp")}
    assert len(found) == 1, found
    return found.pop()


def entries_of(names: dict[str, int], digest: str) -> dict[str, int]:
    """The cache entries of the source whose digest is ``digest``."""
    prefix = cache_digest(digest) + "-"
    return {name: mtime for name, mtime in names.items() if name.startswith(prefix)}


def test_replacing_a_photo_sweeps_its_old_variants(site_tree: Path) -> None:
    build(site_tree)
    yesterday(site_tree)
    out = site_tree / "build"
    old = digest_of(out / "contoh", "panen.jpg")
    lain = entries_of(cache(site_tree), digest_of(out / "lain", "balai.jpg"))
    # original, 3 widths as WebP (320, 640, 800), the widest again as JPEG
    assert len(entries_of(cache(site_tree), old)) == 1 + 3 + 1
    (site_tree / "content/contoh/media/panen.jpg").write_bytes(photo((10, 160, 60)))
    result = build(site_tree)
    assert result.built == ["contoh"] and result.skipped == ["lain"]
    new = digest_of(out / "contoh", "panen.jpg")
    assert new != old
    after = cache(site_tree)
    assert entries_of(after, old) == {}
    assert sorted(result.swept) == sorted(f"{cache_digest(old)}-{size}.{ext}" for size, ext in (
        ("asli", "jpg"), ("320", "webp"), ("640", "webp"), ("800", "webp"), ("800", "jpg")))
    assert len(entries_of(after, new)) == 5
    assert {name: after.get(name) for name in lain} == lain  # the other village's: untouched
    published = out / f"contoh/media/panen-640.{new}.webp"
    entry = site_tree / f".cache/images/{cache_digest(new)}-640.webp"
    assert published.read_bytes() == entry.read_bytes()


def test_an_incremental_build_keeps_the_variants_of_skipped_villages(site_tree: Path) -> None:
    build(site_tree)
    yesterday(site_tree)
    out = site_tree / "build"
    contoh = entries_of(cache(site_tree), digest_of(out / "contoh", "panen.jpg"))
    old_lain = digest_of(out / "lain", "balai.jpg")
    # lain's photo changes, so this build sweeps; contoh is skipped, not even loaded.
    (site_tree / "content/lain/media/balai.jpg").write_bytes(photo((90, 90, 20)))
    result = build(site_tree)
    assert result.built == ["lain"] and result.skipped == ["contoh"]
    assert result.swept and all(name.startswith(cache_digest(old_lain)) for name in result.swept)
    after = cache(site_tree)
    assert {name: after.get(name) for name in contoh} == contoh  # there, not remade
    assert entries_of(after, old_lain) == {}


def test_a_village_build_sweeps_nothing(site_tree: Path) -> None:
    build(site_tree)
    yesterday(site_tree)
    out = site_tree / "build"
    before = cache(site_tree)
    old = digest_of(out / "contoh", "panen.jpg")
    old_lain = digest_of(out / "lain", "balai.jpg")
    (site_tree / "content/contoh/media/panen.jpg").write_bytes(photo((10, 160, 60)))
    (site_tree / "content/lain/media/balai.jpg").write_bytes(photo((90, 90, 20)))
    result = build(site_tree, "contoh")
    assert result.built == ["contoh"] and result.swept == []
    after = cache(site_tree)
    assert {name: after.get(name) for name in before} == before  # both villages' old ones
    # The next build of every village sweeps what neither village publishes any more.
    result = build(site_tree)
    assert result.built == ["lain"]
    assert {name[:10] for name in result.swept} == {cache_digest(old), cache_digest(old_lain)}
    assert entries_of(cache(site_tree), digest_of(out / "contoh", "panen.jpg"))


def test_a_build_where_a_village_failed_sweeps_nothing(site_tree: Path) -> None:
    build(site_tree)
    yesterday(site_tree)
    out = site_tree / "build"
    old = digest_of(out / "contoh", "panen.jpg")
    (site_tree / "content/contoh/media/panen.jpg").write_bytes(photo((10, 160, 60)))
    registry = site_tree / "villages/lain.yml"
    good = registry.read_text()
    registry.write_text(good.replace('kode_wilayah: "32.14.05.2002"', 'kode_wilayah: "1"'))
    result = build_fast(site_tree, out, jobs=1)
    assert result.failed == ["lain"] and result.built == ["contoh"]
    assert result.swept == [] and len(entries_of(cache(site_tree), old)) == 5
    registry.write_text(good)
    result = build(site_tree)
    assert result.swept and entries_of(cache(site_tree), old) == {}


def test_a_deleted_cache_entry_is_made_again(site_tree: Path) -> None:
    build(site_tree)
    out = site_tree / "build"
    digest = digest_of(out / "contoh", "panen.jpg")
    entry = site_tree / f".cache/images/{cache_digest(digest)}-640.webp"
    published = (out / f"contoh/media/panen-640.{digest}.webp").read_bytes()
    entry.unlink()
    result = build(site_tree, force=True)
    assert result.swept == []
    assert entry.read_bytes() == published
    assert (out / f"contoh/media/panen-640.{digest}.webp").read_bytes() == published
    # The whole folder too.
    for path in (site_tree / ".cache/images").iterdir():
        path.unlink()
    build(site_tree, force=True)
    assert entry.read_bytes() == published


def test_a_manifest_without_image_lists_sweeps_nothing(site_tree: Path) -> None:
    build(site_tree)
    yesterday(site_tree)
    out = site_tree / "build"
    old = digest_of(out / "contoh", "panen.jpg")
    manifest = site_tree / ".build.manifest.json"
    data = json.loads(manifest.read_text())
    for entry in data["villages"].values():  # as written before villages listed their images
        del entry["images"]
    manifest.write_text(json.dumps(data))
    (site_tree / "content/contoh/media/panen.jpg").write_bytes(photo((10, 160, 60)))
    result = build(site_tree)
    assert result.skipped == ["lain"] and result.swept == []  # lain's needs are unknown
    assert len(entries_of(cache(site_tree), old)) == 5
    result = build(site_tree, force=True)
    assert {name[:10] for name in result.swept} == {cache_digest(old)}


def backdate(path: Path, ns: int) -> None:
    os.utime(path, ns=(ns, ns))


def test_an_unchanged_cache_is_not_read_again(site_tree: Path) -> None:
    build(site_tree)
    yesterday(site_tree)
    folder = site_tree / ".cache/images"
    past = folder.stat().st_mtime_ns - DAY_NS
    backdate(folder, past)
    page = site_tree / "content/lain/halaman/profil.md"
    page.write_text(page.read_text() + "Lagi.\n")
    build(site_tree)  # sweeps, finds nothing, and records the folder as clean
    stray = folder / "abcdef0123-320.webp"
    stray.write_bytes(b"old")
    backdate(stray, past)
    backdate(folder, past)  # as if the stray entry had been there at the last sweep
    page.write_text(page.read_text() + "Lagi.\n")
    result = build(site_tree)
    assert result.built == ["lain"] and result.swept == [] and stray.exists()
    # Any entry added or removed changes the folder: the next build sweeps.
    (folder / "abcdef0123-640.webp").write_bytes(b"old")
    backdate(folder / "abcdef0123-640.webp", past)
    page.write_text(page.read_text() + "Lagi.\n")
    result = build(site_tree)
    assert sorted(result.swept) == ["abcdef0123-320.webp", "abcdef0123-640.webp"]
    # A photo dropped from a page leaves the folder as it was, yet its variants go.
    page.write_text(page.read_text() + "Lagi.\n")
    backdate(folder, past)
    build(site_tree)  # records the folder as clean again
    lain = site_tree / "build/lain"
    gone = digest_of(lain, "balai.jpg")
    (site_tree / "content/lain/berita/balai-desa.md").write_text(
        "---\ntitle: Balai Desa\ndate: 2026-03-03\n---\nTanpa foto.\n")
    (site_tree / "content/lain/media/balai.jpg").unlink()
    result = build(site_tree)
    assert {name[:10] for name in result.swept} == {cache_digest(gone)}
    assert entries_of(cache(site_tree), gone) == {}


def test_sweep_keeps_what_a_concurrent_writer_may_need(tmp_path: Path) -> None:
    folder = tmp_path / "images"
    folder.mkdir()
    now = folder.stat().st_mtime_ns
    old = now - DAY_NS
    files = {
        "0123456789-asli.jpg": old,  # marked
        "aaaaaaaaaa-320.webp": old,  # unmarked, old: deleted
        "bbbbbbbbbb-640.png": now,  # unmarked, written after the build started: kept
        ".cccccccccc-320.jpg.41.7": old,  # a dead writer's temporary file: deleted
        ".dddddddddd-320.jpg.42.7": old + DAY_NS - 60 * 1_000_000_000,  # a recent one: kept
        "notes.txt": old,  # not ours: kept
        "eeeeeeeeee-320.gif": old,  # not a name the cache uses: kept
    }
    for name, mtime in files.items():
        (folder / name).write_bytes(b"x")
        backdate(folder / name, mtime)
    removed, stamp = imagecache.sweep(folder, {"0123456789"}, since_ns=now - 1000)
    assert removed == [".cccccccccc-320.jpg.41.7", "aaaaaaaaaa-320.webp"]
    assert stamp is None  # something unmarked was kept: the next build looks again
    assert sorted(p.name for p in folder.iterdir()) == [
        ".dddddddddd-320.jpg.42.7", "0123456789-asli.jpg", "bbbbbbbbbb-640.png",
        "eeeeeeeeee-320.gif", "notes.txt"]
    (folder / ".dddddddddd-320.jpg.42.7").unlink()
    (folder / "bbbbbbbbbb-640.png").unlink()
    backdate(folder, old)
    assert imagecache.sweep(folder, {"0123456789"}, since_ns=now) == ([], [
        folder.stat().st_ino, old])
    assert imagecache.sweep(tmp_path / "none", set(), since_ns=now) == ([], [0, 0])


def test_a_new_encoder_does_not_reuse_old_encodes(site_tree: Path, monkeypatch) -> None:
    """Other quality settings (or another Pillow) make new entries; the old ones are swept."""
    build(site_tree)
    yesterday(site_tree)
    out = site_tree / "build"
    source = digest_of(out / "contoh", "panen.jpg")
    before = (out / f"contoh/media/panen-800.{source}.jpg").read_bytes()
    old = set(cache(site_tree))
    monkeypatch.setattr(images, "JPEG_QUALITY", 30)
    monkeypatch.setattr(images, "ENCODER", "another encoder")
    result = build(site_tree, force=True)
    after = (out / f"contoh/media/panen-800.{source}.jpg").read_bytes()
    assert after != before  # encoded anew at the new quality, same URL
    assert sorted(result.swept) == sorted(old)
    assert len(entries_of(cache(site_tree), source)) == 5
