"""Builds on a real Dask cluster on loopback: same bytes as the local pool, incremental,
a killed worker's village retried once, an unreachable scheduler refused (exit 2)."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from distributed import Client, KilledWorker, LocalCluster
from sitefiles import NO_PORTAL_INDEX, REPO, hashes, second_village, write_tree

from satudesa.build.dask_executor import DaskExecutor, _Batch, plan_tasks
from satudesa.build.engine import PAUSE_ENV, Job
from satudesa.build.executor import WorkerLost

pytestmark = pytest.mark.slow


def flask_build(site: Path, *args: str, env: dict[str, str] | None = None,
                wait: bool = True) -> subprocess.Popen[str]:
    """``flask build`` of ``site`` in a subprocess (output in ``.stdout`` once finished)."""
    # Built as the demo_build it is compared with: the portal-wide search index included
    # (the suite turns it off by default; an empty value turns it on).
    process = subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", str(REPO / "app.py"), "build", "--site",
         str(site), *args], env={**os.environ, NO_PORTAL_INDEX: "", **(env or {})}, cwd=site,
        text=True,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if wait:
        process.output, _ = process.communicate(timeout=180)  # type: ignore[attr-defined]
    return process


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def local_cluster() -> LocalCluster:
    return LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                        dashboard_address="127.0.0.1:0")


@pytest.fixture(scope="module")
def cluster() -> Iterator[LocalCluster]:
    """Two worker processes and a scheduler on loopback, for the whole module."""
    with local_cluster() as running:
        yield running


@pytest.fixture
def site_files(site_files):
    return second_village(site_files)


def test_demo_on_a_local_cluster_is_byte_identical_to_the_local_pool(
        cluster: LocalCluster, demo_build: Path, tmp_path: Path) -> None:
    out = tmp_path / "build"
    result = flask_build(REPO, "--out", str(out), "--scheduler", cluster.scheduler_address)
    assert result.returncode == 0, result.output  # type: ignore[attr-defined]
    assert hashes(out) == hashes(demo_build)
    lines = result.output.splitlines()  # type: ignore[attr-defined]
    assert "Dibangun 3 desa, gagal 0; semua halaman diterbitkan." in lines
    # After the summary: one line per worker that built villages, the cluster's total.
    workers = [line for line in lines if line.startswith("Pekerja ")]
    assert 1 <= len(workers) <= 2 and lines[-2 - len(workers):-2] == workers, lines
    for line in workers:
        assert re.fullmatch(r"Pekerja tcp://127\.0\.0\.1:\d+: \d desa dalam [\d.]+ detik "
                            r"kerja \([\d.]+ desa/detik\), memori puncak \d+ MB\.", line)
    assert sum(int(line.split(": ")[1].split()[0]) for line in workers) == 3
    assert re.fullmatch(rf"Klaster Dask {cluster.scheduler_address}: {len(workers)} pekerja, "
                        r"3 desa dalam [\d.]+ detik \([\d.]+ desa/detik\)\.", lines[-2])
    assert lines[-1] == "Selesai: tidak ada masalah."
    assert not (tmp_path / ".build.dask").exists()


def test_incremental_edit_rebuilds_only_that_village(cluster: LocalCluster, site_tree: Path,
                                                     tmp_path: Path) -> None:
    address = cluster.scheduler_address
    first = flask_build(site_tree, env={"SATUDESA_SCHEDULER": address})
    assert first.returncode == 0, first.output  # type: ignore[attr-defined]
    lain = hashes(site_tree / "build/lain")
    profil = site_tree / "content/contoh/halaman/profil.md"
    profil.write_text(profil.read_text().replace("kaki gunung", "tepi sungai"))
    again = flask_build(site_tree, "--scheduler", address)
    assert again.returncode == 0, again.output  # type: ignore[attr-defined]
    assert "Dibangun 2 desa (1 tidak berubah), gagal 0" in again.output  # type: ignore
    assert "[1/1] contoh: dibangun" in again.output  # type: ignore[attr-defined]
    assert "tepi sungai" in (site_tree / "build/contoh/profil/index.html").read_text()
    assert hashes(site_tree / "build/lain") == lain
    fresh = flask_build(site_tree, "--out", str(tmp_path / "fresh"), "--jobs", "2")
    assert fresh.returncode == 0, fresh.output  # type: ignore[attr-defined]
    assert hashes(site_tree / "build") == hashes(tmp_path / "fresh")


def test_a_worker_killed_mid_village_is_retried_and_build_never_partial(
        demo_build: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    marker = tmp_path / "paused"
    monkeypatch.setenv(PAUSE_ENV, f"writing:3:{marker}")  # inherited by the worker processes
    out = tmp_path / "build"
    shutil.copytree(demo_build, out)  # an older published tree, not made by this engine
    (out / "lama.txt").write_text("terbitan lama")
    published = hashes(out)
    with local_cluster() as slow, Client(slow, set_as_default=False) as client:
        pids = set(client.run(os.getpid).values())
        build = flask_build(REPO, "--out", str(out), "--scheduler", slow.scheduler_address,
                            wait=False)
        deadline = time.monotonic() + 120
        while not marker.exists() or not marker.read_text():
            assert build.poll() is None, build.stdout.read()  # type: ignore[union-attr]
            assert time.monotonic() < deadline, "no village reached the pause"
            time.sleep(0.02)
        victim = int(marker.read_text())
        assert victim in pids  # a worker process, not the build's
        os.kill(victim, signal.SIGKILL)
        assert hashes(out) == published  # untouched while villages are still building
        output, _ = build.communicate(timeout=180)
    assert build.returncode == 0, output
    retried = [line for line in output.splitlines()
               if "proses pembangun desa ini berhenti tiba-tiba" in line]
    assert len(retried) == 1, output
    assert retried[0].startswith("content/") and ": peringatan: " in retried[0]
    assert "desa dibangun ulang dan berhasil" in retried[0]
    assert "Dibangun 3 desa, gagal 0; semua halaman diterbitkan." in output
    assert hashes(out) == hashes(demo_build)  # complete and correct; lama.txt gone


def test_dask_commands_build_the_demo_and_a_lost_scheduler_leaves_build_untouched(
        demo_build: Path, tmp_path: Path) -> None:
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    dask = str(Path(sys.executable).with_name("dask"))
    marker = tmp_path / "paused"
    env = {**os.environ, "PYTHONPATH": str(REPO), PAUSE_ENV: f"writing:2:{marker}"}
    logs = tmp_path / "logs"
    logs.mkdir()
    started: dict[str, subprocess.Popen[bytes]] = {}
    try:
        for name, args in [("scheduler", ["scheduler", "--host", "127.0.0.1", "--port",
                                          str(port), "--no-dashboard"]),
                           ("worker", ["worker", address, "--host", "127.0.0.1", "--nworkers",
                                       "2", "--nthreads", "1", "--no-dashboard"])]:
            with open(logs / name, "wb") as log:
                started[name] = subprocess.Popen([dask, *args], env=env, cwd=tmp_path,
                                                 stdout=log, stderr=subprocess.STDOUT,
                                                 start_new_session=True)
        with Client(address, timeout=60, set_as_default=False) as client:
            client.wait_for_workers(2, timeout=120)
        out = tmp_path / "build"
        result = flask_build(REPO, "--out", str(out), "--scheduler", address)
        assert result.returncode == 0, result.output  # type: ignore[attr-defined]
        assert hashes(out) == hashes(demo_build)
        # The scheduler dies while a worker is half-way through a village.
        marker.unlink()
        build = flask_build(REPO, "--out", str(out), "--scheduler", address, "--force",
                            wait=False)
        deadline = time.monotonic() + 120
        while not marker.exists():
            assert build.poll() is None, build.stdout.read()  # type: ignore[union-attr]
            assert time.monotonic() < deadline, "no village reached the pause"
            time.sleep(0.02)
        started["scheduler"].kill()
        output, _ = build.communicate(timeout=120)
        assert build.returncode == 1, output
        assert output.strip() == (
            f"galat: sambungan ke penjadwal Dask '{address}' terputus di tengah pembangunan; "
            "build/ tidak diubah (periksa penjadwal dan jaringan, lalu bangun ulang)")
        assert hashes(out) == hashes(demo_build)
    finally:  # each command with its worker processes (a worker waits long for a dead scheduler)
        for process in started.values():
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=30)


def test_unreachable_scheduler_exits_2_and_leaves_build_untouched(site_tree: Path) -> None:
    write_tree(site_tree, {"build/index.html": "lama"})
    before = hashes(site_tree)
    address = f"tcp://127.0.0.1:{free_port()}"
    result = flask_build(site_tree, env={"SATUDESA_SCHEDULER": address})
    assert result.returncode == 2, result.output  # type: ignore[attr-defined]
    assert result.output.strip() == (  # type: ignore[attr-defined]
        f"galat: penjadwal Dask '{address}' tidak dapat dihubungi dalam 5 detik; build/ "
        "tidak diubah (periksa alamat --scheduler atau SATUDESA_SCHEDULER, misalnya "
        "tcp://10.0.0.5:8786, dan bahwa 'dask scheduler' berjalan)")
    assert hashes(site_tree) == before


def test_small_villages_are_batched_after_the_big_ones() -> None:
    jobs = [Job(f"d{i}", "", None, weight) for i, weight in
            enumerate([3, 80, 5, 120, 2, 60, 4, 90, 1, 70])]
    assert [[j.slug for j in task] for task in plan_tasks(jobs, threads=2)] == [
        ["d3"], ["d7"], ["d1"], ["d9"], ["d5"], ["d2", "d6", "d0", "d4", "d8"]]
    # Few jobs per thread: every village is its own task (a retry isolates each one).
    assert [len(task) for task in plan_tasks(jobs, threads=4)] == [1] * 10


class Done:
    """A finished future: its result, or the exception it raises."""

    def __init__(self, value: object) -> None:
        self.value = value

    def result(self) -> object:
        if isinstance(self.value, BaseException):
            raise self.value
        return self.value


def test_a_lost_task_yields_worker_lost_for_each_of_its_villages() -> None:
    executor = DaskExecutor.__new__(DaskExecutor)  # no cluster needed to read results
    executor.debug, executor.stats = False, {}
    jobs = [Job("a", "", None, 3), Job("b", "", None, 2)]
    worker = SimpleNamespace(address="tcp://10.0.0.7:4000")
    # The scheduler gave up on the task (allowed-failures 0): Dask's own KilledWorker.
    killed = KilledWorker("k", last_worker=worker, allowed_failures=0)  # type: ignore[arg-type]
    lost = list(executor._results(Done(killed), jobs))  # type: ignore[arg-type]
    assert [(w.job.slug, w.detail) for w in lost] == [
        ("a", "pekerja tcp://10.0.0.7:4000 mati"), ("b", "pekerja tcp://10.0.0.7:4000 mati")]
    assert all(isinstance(w, WorkerLost) for w in lost)
    # The scheduler re-ran it: the re-run found its first attempt's marker and built nothing.
    rerun = _Batch("tcp://10.0.0.8:4000", lost=True)
    assert [w.detail for w in executor._results(Done(rerun), jobs)] == [  # type: ignore[arg-type]
        "pekerja mati; penjadwal mengulangnya di tcp://10.0.0.8:4000"] * 2
    assert executor.stats == {}
    done = _Batch("tcp://10.0.0.8:4000", results=["A", "B"], seconds=2.0, rss_kb=90 * 1024)
    assert list(executor._results(Done(done), jobs)) == ["A", "B"]  # type: ignore[arg-type]
    executor.address, executor.seconds = "tcp://10.0.0.1:8786", 4.0
    assert executor.summary() == [
        "Pekerja tcp://10.0.0.8:4000: 2 desa dalam 2.00 detik kerja (1.00 desa/detik), "
        "memori puncak 90 MB.",
        "Klaster Dask tcp://10.0.0.1:8786: 1 pekerja, 2 desa dalam 4.00 detik (0.50 desa/detik)."]
