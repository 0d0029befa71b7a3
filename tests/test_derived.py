"""The derived-output cache: by content, atomic, verified, bounded, and never in the way."""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from satudesa import derived


@pytest.fixture
def cache(tmp_path: Path) -> Iterator[Path]:
    derived.use(tmp_path)
    yield tmp_path / derived.FOLDER
    derived.use(None)


def test_round_trip_by_key(cache: Path) -> None:
    name = derived.key("qr", "1", "https://contoh.desa.id/")
    assert derived.get("qr", name) is None
    derived.put("qr", name, b"<svg/>")
    assert derived.get("qr", name) == b"<svg/>"
    assert [p.name for p in (cache / "qr").iterdir()] == [name]  # no temporary file left


def test_keys_are_unambiguous() -> None:
    assert derived.key("ab", "c") != derived.key("a", "bc")
    assert derived.key("a", b"b") == derived.key("a", "b")
    assert derived.key("x", "1") != derived.key("x", "2")  # the code version counts


def test_no_site_means_nothing_is_stored(tmp_path: Path) -> None:
    derived.use(None)
    derived.put("qr", "k", b"data")
    assert derived.get("qr", "k") is None
    assert not any(tmp_path.iterdir())


@pytest.mark.parametrize("damage", [
    lambda data: data[:-1],  # cut short
    lambda data: data[:-1] + bytes([data[-1] ^ 1]),  # one bit flipped
    lambda data: b"",  # emptied
    lambda data: b"not a cache entry at all",
])
def test_a_damaged_entry_is_a_miss_and_is_rewritten(cache: Path, damage) -> None:
    derived.put("media", "k", b"payload")
    path = cache / "media" / "k"
    path.write_bytes(damage(path.read_bytes()))
    assert derived.get("media", "k") is None
    derived.put("media", "k", b"payload")
    assert derived.get("media", "k") == b"payload"


def test_an_unwritable_cache_never_fails(tmp_path: Path) -> None:
    (tmp_path / ".cache").write_text("a file where the folder should be")
    derived.use(tmp_path)
    try:
        derived.put("qr", "k", b"data")  # no exception
        assert derived.get("qr", "k") is None
    finally:
        derived.use(None)


def _writer(site: str, worker: int) -> None:
    derived.use(Path(site))
    for round_ in range(200):
        derived.put("qr", f"k{round_ % 5}", b"%d" % (round_ % 5) * 5000)


def test_parallel_writers_never_leave_half_an_entry(tmp_path: Path) -> None:
    context = multiprocessing.get_context("fork")
    workers = [context.Process(target=_writer, args=(str(tmp_path), n)) for n in range(3)]
    for worker in workers:
        worker.start()
    derived.use(tmp_path)
    try:
        seen = 0
        while any(w.is_alive() for w in workers):
            for n in range(5):
                got = derived.get("qr", f"k{n}")
                if got is not None:
                    assert got == b"%d" % n * 5000
                    seen += 1
        for worker in workers:
            worker.join()
            assert worker.exitcode == 0
        assert all(derived.get("qr", f"k{n}") == b"%d" % n * 5000 for n in range(5))
        assert not [p for p in (tmp_path / derived.FOLDER / "qr").iterdir()
                    if p.name.startswith(".")]
    finally:
        derived.use(None)


def test_sweep_keeps_the_folder_bounded_dropping_least_recently_used(cache: Path) -> None:
    now = time.time()
    for n in range(10):
        derived.put("qr", f"k{n}", b"x" * 1000)
        os.utime(cache / "qr" / f"k{n}", (now - 1000 + n, now - 1000 + n))
    old_temp = cache / "qr" / ".k0.123.4.tmp"
    old_temp.write_bytes(b"left by a killed writer")
    os.utime(old_temp, (now - 2 * derived.TEMP_GRACE_S,) * 2)
    new_temp = cache / "qr" / ".k1.123.4.tmp"
    new_temp.write_bytes(b"being written")
    size = (cache / "qr" / "k0").stat().st_size
    assert derived.sweep(cache, limit=size * 20) == 1  # under the bound: only the old temp
    assert not old_temp.exists() and new_temp.exists()
    assert derived.sweep(cache, limit=size * 8) == 4  # down to 3/4 of 8 entries
    assert sorted(p.name for p in (cache / "qr").iterdir() if not p.name.startswith(".")) \
        == [f"k{n}" for n in range(4, 10)]


def test_a_hit_refreshes_an_old_entry_so_the_sweep_keeps_it(cache: Path) -> None:
    derived.put("qr", "dipakai", b"x" * 1000)
    derived.put("qr", "lama", b"x" * 1000)
    long_ago = time.time() - 2 * derived.TOUCH_AFTER_S
    for name in ("dipakai", "lama"):
        os.utime(cache / "qr" / name, (long_ago, long_ago))
    assert derived.get("qr", "dipakai") is not None
    size = (cache / "qr" / "lama").stat().st_size
    derived.sweep(cache, limit=size + size // 2)
    assert sorted(p.name for p in (cache / "qr").iterdir()) == ["dipakai"]
