"""The first edit after a cold build: the spare tree is levelled in the background first."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from test_engine_equivalence import tree
from test_engine_incremental import build, fresh, site_files  # noqa: F401 - the fixture

from satudesa.build import publish, spare


def wait_for(pid: int) -> None:
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0


def test_a_cold_build_leaves_a_refresh_that_levels_the_spare(site_tree: Path, tmp_path: Path,
                                                             monkeypatch) -> None:
    _, out = build(site_tree)  # cold: build/ was renamed into place, there is no spare
    assert spare.needs_refresh(out)
    pid = spare.start_refresh(out)
    assert pid is not None
    wait_for(pid)
    manifest = json.loads((site_tree / ".build.manifest.json").read_text())
    assert manifest["changed"] == []
    assert tree(site_tree / ".build.spare") == tree(out)
    assert not spare.needs_refresh(out) and spare.start_refresh(out) is None
    synced = []
    real = publish.sync_tree
    monkeypatch.setattr(publish, "sync_tree", lambda a, b: synced.append(b) or real(a, b))
    post = site_tree / "content/contoh/berita/kabar-1.md"
    post.write_text(post.read_text().replace("Isi kabar 1.", "Isi kabar 1, diperbaiki."))
    result, _ = build(site_tree)
    assert result.built == ["contoh"] and synced == []  # the first edit linked nothing
    assert tree(out) == fresh(site_tree, tmp_path)
    assert not spare.needs_refresh(out)  # an ordinary edit leaves a trusted spare


def test_a_force_build_also_leaves_an_untrusted_spare_to_refresh(site_tree: Path) -> None:
    _, out = build(site_tree)
    post = site_tree / "content/contoh/berita/kabar-1.md"
    post.write_text(post.read_text() + "\nRalat.\n")
    build(site_tree)  # an edit: the previous tree becomes a spare the manifest vouches for
    assert not spare.needs_refresh(out)
    build(site_tree, force=True)
    assert spare.needs_refresh(out)


def test_nothing_to_refresh_without_a_published_build(tmp_path: Path) -> None:
    assert not spare.needs_refresh(tmp_path / "build")
    assert spare.start_refresh(tmp_path / "build") is None


def test_flask_build_starts_the_refresh_and_a_build_meanwhile_waits(runner, site_tree: Path,
                                                                    tmp_path: Path) -> None:
    out = site_tree / "build"
    result = runner.invoke(args=["build", "--out", str(out), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    manifest = site_tree / ".build.manifest.json"
    deadline = time.monotonic() + 60
    while json.loads(manifest.read_text())["changed"] != []:  # the detached refresh
        assert time.monotonic() < deadline, "the spare was never refreshed"
        time.sleep(0.05)
    with publish.locked(out):  # the refresh has let go of the build lock
        assert tree(site_tree / ".build.spare") == tree(out)
    post = site_tree / "content/contoh/berita/kabar-2.md"
    post.write_text(post.read_text() + "\nRalat.\n")
    again = runner.invoke(args=["build", "--out", str(out), "--jobs", "1"])
    assert again.exit_code == 0, again.output
    assert tree(out) == fresh(site_tree, tmp_path)
