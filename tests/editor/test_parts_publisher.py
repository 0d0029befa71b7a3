"""The publisher: real incremental builds in a warm worker, crashes and hangs survived.

Runs on a copy of the demo site in a temporary folder. Times are printed (run
with -s to see them), never asserted: bench/editor_publish.py measures them.
"""

from __future__ import annotations

import os
import shutil
import signal
import statistics
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from satudesa.editor.publisher import Publisher, PublishResult

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
SLUG = "bakau-jaya"
BERITA = f"content/{SLUG}/berita/harga-lada-membaik.md"
PAGE = f"{SLUG}/berita/harga-lada-membaik/index.html"
TITLE = "Harga Lada Membaik, Petani Sumber Rejo Mulai Tambah Tanaman"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("situs")
    shutil.copy2(ROOT / "site.yml", folder / "site.yml")
    for name in ("villages", "content"):
        shutil.copytree(ROOT / name, folder / name)
    return folder


@pytest.fixture(scope="module")
def publisher(site: Path) -> Iterator[Publisher]:
    with Publisher(site, site / "build") as started:
        yield started


def retitle(site: Path, title: str) -> None:
    path = site / BERITA
    text = path.read_text(encoding="utf-8")
    start = text.index('title: "') + len('title: "')
    end = text.index('"', start)
    path.write_text(text[:start] + title + text[end:], encoding="utf-8")


def published(site: Path) -> str:
    return (site / "build" / PAGE).read_text(encoding="utf-8")


def worker_pid(publisher: Publisher) -> int:
    process = publisher._builder.process
    assert process is not None
    return process.pid


def test_publish_edits_reach_the_static_site(site: Path, publisher: Publisher) -> None:
    first = publisher.publish(SLUG)
    assert first.ok, first.message
    assert TITLE in published(site)
    times = []
    for number in range(3):
        retitle(site, f"Harga Lada Membaik, edisi {number}")
        result = publisher.publish(SLUG)
        assert isinstance(result, PublishResult)
        assert result.ok, result.message
        assert result.message.startswith("Terbit dalam ")
        assert f"Harga Lada Membaik, edisi {number}" in published(site)
        times.append(result.seconds)
    print(f"\npublish after one edit: median {statistics.median(times):.3f} s, "  # noqa: T201
          f"max {max(times):.3f} s (first, cold: {first.seconds:.3f} s)")
    retitle(site, TITLE)
    assert publisher.publish(SLUG).ok


def test_check_reports_problems_with_lines(site: Path, publisher: Publisher) -> None:
    assert [p for p in publisher.check(SLUG) if p["level"] == "galat"] == []
    path = site / BERITA
    good = path.read_text(encoding="utf-8")
    path.write_text(good.replace("date: 2025-04-24", "date: 2025-02-31"), encoding="utf-8")
    try:
        problems = publisher.check(SLUG)
        (problem,) = [p for p in problems if p["level"] == "galat"]
        assert problem["path"] == BERITA and problem["line"] == 3
        assert "kalender" in problem["message"] and "(" in problem["message"]
        assert set(problem) == {"path", "line", "level", "message"}
        # another village's check does not see it
        assert not [p for p in publisher.check("tanjung-purun") if BERITA in p["path"]]
        # publishing refuses the broken page and keeps its last good version
        before = published(site)
        result = publisher.publish(SLUG)
        assert not result.ok
        assert "kalender" in result.message
        assert published(site) == before
    finally:
        path.write_text(good, encoding="utf-8")
    assert publisher.publish(SLUG).ok


def test_unknown_village_fails_cleanly(publisher: Publisher) -> None:
    result = publisher.publish("tidak-ada")
    assert not result.ok and "Desa tidak-ada tidak terdaftar" in result.message


def test_village_not_switched_on_is_not_published(site: Path, publisher: Publisher) -> None:
    registry = site / "villages" / "tanjung-purun.yml"
    text = registry.read_text(encoding="utf-8")
    page = site / "content/tanjung-purun/berita/jalan-titian-danau-rawah.md"
    good = page.read_text(encoding="utf-8")
    registry.write_text(text + "published: false\n", encoding="utf-8")
    page.write_text(good.replace("\ndate: ", "\ndate: 2025-02-31\nx: ", 1), encoding="utf-8")
    try:
        result = publisher.publish("tanjung-purun")
        assert not result.ok and "belum diaktifkan oleh admin kabupaten" in result.message
        # its content is still checked, so it can be made ready before it goes live
        problems = publisher.check("tanjung-purun")
        assert any(p["path"].endswith("jalan-titian-danau-rawah.md") and p["level"] == "galat"
                   for p in problems), problems
    finally:
        registry.write_text(text, encoding="utf-8")
        page.write_text(good, encoding="utf-8")


def test_worker_killed_mid_build_recovers(site: Path, publisher: Publisher) -> None:
    extra = site / f"content/{SLUG}/berita"
    sample = (site / BERITA).read_text(encoding="utf-8")
    for number in range(300):  # enough pages that the build is still running when killed
        (extra / f"tambahan-{number}.md").write_text(
            sample.replace(TITLE, f"Berita tambahan {number}"), encoding="utf-8")
    before = published(site)
    old_pid = worker_pid(publisher)
    outcome: list[PublishResult] = []
    thread = threading.Thread(target=lambda: outcome.append(publisher.publish(SLUG)))
    thread.start()
    time.sleep(0.4)
    os.kill(old_pid, signal.SIGKILL)
    thread.join(60)
    (result,) = outcome
    assert not result.ok
    assert "berhenti mendadak" in result.message and "sinyal 9" in result.message
    assert published(site) == before  # the last good site is still served
    for number in range(300):
        (extra / f"tambahan-{number}.md").unlink()
    retitle(site, "Sesudah proses dibunuh")
    again = publisher.publish(SLUG)  # a fresh worker
    assert again.ok, again.message
    assert worker_pid(publisher) != old_pid
    assert "Sesudah proses dibunuh" in published(site)
    assert not (site / "build" / f"{SLUG}/berita/tambahan-0").exists()
    retitle(site, TITLE)


def test_libyaml_crash_costs_one_build(site: Path, publisher: Publisher) -> None:
    bomb = site / f"content/{SLUG}/berita/bom-yaml.md"
    bomb.write_text("---\ntitle: " + "[" * 50_000 + "\n---\nisi\n", encoding="utf-8")
    try:
        result = publisher.publish(SLUG)
        assert not result.ok  # a segfault today; a clean YAML error once yamlsafe bounds it
        problems = publisher.check(SLUG)
        assert any(p["level"] == "galat" for p in problems)
    finally:
        bomb.unlink()
    retitle(site, "Sesudah bom YAML")
    again = publisher.publish(SLUG)
    assert again.ok, again.message
    assert "Sesudah bom YAML" in published(site)
    retitle(site, TITLE)


def test_hung_build_is_killed(site: Path, publisher: Publisher) -> None:
    hasty = Publisher(site, site / "build", timeout=0.01)  # its worker starts on first use
    try:
        retitle(site, "Terlalu lama")
        result = hasty.publish(SLUG)
        assert not result.ok and "melebihi 0.01 detik" in result.message
        assert hasty._builder.process is None  # killed, not left running
    finally:
        hasty.close()
    assert publisher.publish(SLUG).ok  # the output lock was released with the killed build
    assert "Terlalu lama" in published(site)
    retitle(site, TITLE)


def test_threads_are_served_one_at_a_time(site: Path, publisher: Publisher) -> None:
    results: list[PublishResult] = []
    lock = threading.Lock()

    def one(number: int) -> None:
        result = publisher.publish("tanjung-purun" if number == 0 else SLUG)
        with lock:
            results.append(result)

    threads = [threading.Thread(target=one, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert len(results) == 4 and all(r.ok for r in results), [r.message for r in results]
    assert (site / "build/tanjung-purun/index.html").is_file()


def test_missing_site_is_a_failure_not_an_exception(tmp_path: Path) -> None:
    gone = tmp_path / "hilang"
    gone.mkdir()
    publisher = Publisher(gone, gone / "build")
    gone.rmdir()
    try:
        result = publisher.publish("desa")
        assert not result.ok and "tidak dapat dimulai" in result.message
        assert publisher.check("desa")[0]["level"] == "galat"
    finally:
        publisher.close()


def test_worker_warms_every_template(site: Path) -> None:
    from satudesa.editor.worker import warm

    assert warm(site, site / "build") > 20  # the base theme's templates, compiled


def test_close_stops_the_workers(site: Path) -> None:
    started = Publisher(site, site / "build")
    started.start()
    processes = [started._builder.process, started._checker.process]
    started.close()
    assert all(p is not None and p.poll() is not None for p in processes)
