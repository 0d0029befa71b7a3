"""A Pagefind that fails, hangs or outlives its worker costs one village its search,
never the build: a warning, a time limit, and no process left behind."""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from satudesa.build import pagefind
from satudesa.build.pagefind import FOLDER, index_village
from satudesa.errors import BuildError

PAGE = ('<!doctype html><html lang="id"><head><title>Panen</title></head><body>'
        "<main data-pagefind-body><h1>Panen raya</h1><p>Gabah kering.</p></main></body></html>")


def fake_pagefind(tmp_path: Path, body: str) -> Path:
    """An executable standing in for Pagefind (``PAGEFIND_BINARY_PATH``)."""
    script = tmp_path / "pagefind-palsu"
    script.write_text("#!/bin/sh\n" + body + "\n")
    script.chmod(0o755)
    return script


def village(tmp_path: Path) -> Path:
    folder = tmp_path / "desa"
    (folder / "berita/panen").mkdir(parents=True)
    (folder / "berita/panen/index.html").write_text(PAGE)
    return folder


def alive(pid: int) -> bool:
    """Whether ``ps`` still lists the process (a zombie counts as gone)."""
    done = subprocess.run(["ps", "-o", "stat=", "-p", str(pid)], capture_output=True,
                          text=True, check=False)
    return done.returncode == 0 and not done.stdout.strip().startswith("Z")


def test_a_failing_pagefind_is_a_warning_and_the_village_is_published(
        runner, site_tree: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(fake_pagefind(
        tmp_path, 'echo "Error: indeks rusak" >&2\nexit 1')))
    result = runner.invoke(args=["build"])
    assert result.exit_code == 0, result.output
    assert "indeks pencarian gagal dibuat: Error: indeks rusak" in result.output
    built = site_tree / "build" / "contoh"
    assert (built / "berita/panen-raya/index.html").is_file()
    assert not (built / FOLDER).exists()


def test_a_hung_pagefind_is_stopped_at_its_time_limit(tmp_path: Path, monkeypatch) -> None:
    pid_file = tmp_path / "pid"
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(fake_pagefind(
        tmp_path, f"echo $$ > {pid_file}\nexec sleep 60")))
    monkeypatch.setattr(pagefind, "VILLAGE_TIMEOUT", 1)
    start = time.monotonic()
    with pytest.raises(BuildError, match="tidak selesai dalam 1 detik"):
        index_village(village(tmp_path), None, ["berita/panen/index.html"])
    assert time.monotonic() - start < 10
    assert not alive(int(pid_file.read_text()))


def _index_in_worker(folder: Path) -> None:
    index_village(folder, None, ["berita/panen/index.html"])


def test_a_killed_worker_leaves_no_pagefind_behind(tmp_path: Path, monkeypatch) -> None:
    """The engine kills a worker past its village's time limit (SIGKILL): its Pagefind
    dies with it, even one that would never end."""
    pid_file = tmp_path / "pid"
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(fake_pagefind(
        tmp_path, f"echo $$ > {pid_file}.tmp\nmv {pid_file}.tmp {pid_file}\nexec sleep 60")))
    worker = multiprocessing.get_context("fork").Process(target=_index_in_worker,
                                                          args=(village(tmp_path),))
    worker.start()
    deadline = time.monotonic() + 20
    while not pid_file.is_file() and time.monotonic() < deadline:
        time.sleep(0.05)
    pid = int(pid_file.read_text())
    assert alive(pid)
    os.kill(worker.pid, signal.SIGKILL)
    worker.join()
    while alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not alive(pid), f"pagefind {pid} outlived its worker"
