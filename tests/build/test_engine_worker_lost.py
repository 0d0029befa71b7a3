"""The engine's rule for a worker process that dies: one retry, then the last good version."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sitefiles import hashes, second_village, write_tree

from satudesa.build import publish
from satudesa.build.engine import Job, build_fast
from satudesa.build.executor import InlineExecutor, WorkerLost
from satudesa.errors import ERROR, WARNING


class Dying(InlineExecutor):
    """Runs jobs here, but 'loses' the worker of ``slug`` the first ``times`` times.

    Before each loss it leaves the village half-written in the new tree, as a
    killed worker would.
    """

    def __init__(self, slug: str, times: int, spare: Path) -> None:
        self.slug, self.times, self.spare = slug, times, spare
        self.runs: list[list[str]] = []

    def run(self, worker: Callable[[Any], Any], jobs: Iterable[Job],
            timeout: float | None = None) -> Iterator[Any]:
        jobs = list(jobs)
        self.runs.append([job.slug for job in jobs])
        for job in jobs:
            if job.slug == self.slug and self.times:
                self.times -= 1
                folder = self.spare / job.slug
                folder.mkdir(parents=True, exist_ok=True)
                (folder / "index.html").write_text("setengah ditulis")
                yield WorkerLost(job, detail="uji: proses dihentikan")
                continue
            yield worker(job)


@pytest.fixture
def site_files(site_files):
    return second_village(site_files)


def edit(site: Path) -> None:
    for slug in ("contoh", "lain"):
        profil = site / f"content/{slug}/halaman/profil.md"
        profil.write_text(profil.read_text() + "\nDiperbarui.\n")


def test_lost_once_is_retried_once_and_warned(site_tree: Path, tmp_path: Path) -> None:
    out = site_tree / "build"
    assert build_fast(site_tree, out).ok()
    edit(site_tree)
    dying = Dying("contoh", 1, publish.sibling(out, "spare"))
    result = build_fast(site_tree, out, executor=dying)
    assert result.ok()
    assert dying.runs == [["contoh", "lain"], ["contoh"]]
    assert sorted(result.built) == ["contoh", "lain"] and not result.failed
    warnings = [p for p in result.report.problems if p.severity == WARNING]
    assert [(p.path, p.message) for p in warnings] == [(
        "content/contoh", "proses pembangun desa ini berhenti tiba-tiba (uji: proses "
        "dihentikan); desa dibangun ulang dan berhasil")]
    assert build_fast(site_tree, tmp_path / "fresh").ok()
    assert hashes(out) == hashes(tmp_path / "fresh")


def test_lost_twice_keeps_the_last_good_version_and_fails(site_tree: Path) -> None:
    out = site_tree / "build"
    assert build_fast(site_tree, out).ok()
    published = hashes(out / "contoh")
    edit(site_tree)
    dying = Dying("contoh", 2, publish.sibling(out, "spare"))
    result = build_fast(site_tree, out, executor=dying)
    assert not result.ok()
    assert dying.runs == [["contoh", "lain"], ["contoh"]]  # one retry, no more
    assert result.failed == ["contoh"] and result.built == ["lain"]
    errors = [p for p in result.report.problems if p.severity == ERROR]
    assert [(p.path, p.message) for p in errors] == [(
        "content/contoh", "proses pembangun desa ini berhenti tiba-tiba dua kali (uji: proses "
        "dihentikan)")]
    assert hashes(out / "contoh") == published  # not the half-written attempt
    assert "Diperbarui" in (out / "lain/profil/index.html").read_text()
    # The next build tries the village again, and it is published then.
    again = build_fast(site_tree, out)
    assert again.ok() and again.built == ["contoh"]
    assert "Diperbarui" in (out / "contoh/profil/index.html").read_text()


def test_lost_twice_on_a_first_build_publishes_the_others(site_tree: Path) -> None:
    out = site_tree / "build"
    result = build_fast(site_tree, out, executor=Dying("lain", 2, publish.sibling(out, "spare")))
    assert result.failed == ["lain"] and result.built == ["contoh"]
    assert (out / "contoh/index.html").is_file()
    assert not (out / "lain").exists()


def test_a_retry_that_fails_for_its_content_is_not_called_a_success(site_tree: Path) -> None:
    out = site_tree / "build"
    write_tree(site_tree, {"themes/retak/templates/home.html": "{{ 1 // 0 }}"})
    with open(site_tree / "villages/lain.yml", "a") as entry:
        entry.write("theme: retak\n")
    result = build_fast(site_tree, out, executor=Dying("lain", 1, publish.sibling(out, "spare")))
    assert result.failed == ["lain"] and result.built == ["contoh"]
    messages = [p.message for p in result.report.problems if p.path == "content/lain"]
    assert "proses pembangun desa ini berhenti tiba-tiba (uji: proses dihentikan); desa " \
        "dibangun ulang" in messages
    assert any(m.startswith("desa gagal dibangun: ZeroDivisionError") for m in messages)
    assert not any("berhasil" in m for m in messages)
