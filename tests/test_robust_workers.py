"""Issue 14, item 2 and the watchdog: a lost or slow worker costs one village, never the build.

Real ``flask build`` processes; the worker of village ``x`` pauses at the
engine's test hook (``SATUDESA_TEST_PAUSE=village@x:...``) and writes its pid,
and the test kills that very process with SIGKILL, as the OOM killer would.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest
from robust_site import flask, flask_popen, mk


def wait_for_pid(marker: Path, process, not_pid: int | None = None, limit: float = 60) -> int:
    """The pid written by the paused worker (another than ``not_pid``)."""
    deadline = time.monotonic() + limit
    while True:
        assert process.poll() is None, process.stdout.read()
        assert time.monotonic() < deadline, "the worker never reached the pause"
        if marker.exists() and (text := marker.read_text()):
            pid = int(text)
            if pid != not_pid:
                return pid
        time.sleep(0.05)


def finish(process, limit: float = 90) -> tuple[int, str]:
    try:
        output, _ = process.communicate(timeout=limit)
    except BaseException:
        os.killpg(process.pid, signal.SIGKILL)
        raise
    return process.returncode, output


@pytest.fixture
def built(tmp_path: Path) -> Path:
    """``mk`` built once; then both villages changed, so both are rebuilt next time."""
    site = mk(tmp_path)
    done = flask(site, "build", "--jobs", "2")
    assert done.returncode == 0, done.stderr
    for slug in ("x", "y"):
        path = site / f"content/{slug}/berita/panen.md"
        path.write_text(path.read_text().replace("memanen padi", "memanen jagung"))
    return site


def body(site: Path, slug: str) -> str:
    return (site / f"build/{slug}/berita/panen/index.html").read_text()


def test_a_killed_worker_is_retried_once_and_the_build_succeeds(built: Path) -> None:
    marker = built.parent / "paused"
    process = flask_popen(built, "build", "--jobs", "2",
                          env={"SATUDESA_TEST_PAUSE": f"village@x:2:{marker}"})
    first = wait_for_pid(marker, process)
    assert first != process.pid
    os.kill(first, signal.SIGKILL)
    code, output = finish(process)
    assert code == 0, output
    assert ("content/x: peringatan: proses pembangun desa ini berhenti tiba-tiba "
            "(sinyal 9 (SIGKILL)); desa dibangun ulang dan berhasil") in output
    assert "jagung" in body(built, "x") and "jagung" in body(built, "y")


def test_a_worker_killed_twice_keeps_the_last_good_village(built: Path) -> None:
    marker = built.parent / "paused"
    process = flask_popen(built, "build", "--jobs", "2",
                          env={"SATUDESA_TEST_PAUSE": f"village@x:30:{marker}"})
    first = wait_for_pid(marker, process)
    os.kill(first, signal.SIGKILL)
    second = wait_for_pid(marker, process, not_pid=first)
    os.kill(second, signal.SIGKILL)
    code, output = finish(process)
    assert code == 1, output
    assert "content/x: galat: proses pembangun desa ini berhenti tiba-tiba dua kali" in output
    assert "x: gagal; versi terbit sebelumnya dipertahankan." in output
    assert "padi" in body(built, "x")  # the last good version
    assert "jagung" in body(built, "y")
    # The lock is released: the next build runs at once and publishes x.
    done = flask(built, "build", "--jobs", "2", timeout=60)
    assert done.returncode == 0, done.stderr
    assert "jagung" in body(built, "x")


@pytest.mark.parametrize("jobs", ["2", "1"])
def test_the_watchdog_stops_a_slow_village_and_publishes_the_others(
        built: Path, jobs: str) -> None:
    marker = built.parent / "paused"
    start = time.monotonic()
    done = flask(built, "build", "--jobs", jobs, "--village-timeout", "3", timeout=60,
                 env={"SATUDESA_TEST_PAUSE": f"village@x:300:{marker}"})
    assert time.monotonic() - start < 45  # far below the 300 s pause
    assert done.returncode == 1, done.stderr
    assert ("content/x: galat: desa ini dihentikan: pembangunannya melebihi 3 detik"
            in done.stderr)
    assert "padi" in body(built, "x")
    assert "jagung" in body(built, "y")


def test_the_time_limit_can_be_set_in_site_yml(built: Path) -> None:
    marker = built.parent / "paused"
    settings = built / "site.yml"
    settings.write_text(settings.read_text() + "village_timeout: 2\n")
    done = flask(built, "build", "--jobs", "2", timeout=60,
                 env={"SATUDESA_TEST_PAUSE": f"village@y:300:{marker}"})
    assert done.returncode == 1, done.stderr
    assert "content/y: galat: desa ini dihentikan: pembangunannya melebihi 2 detik" in done.stderr
    assert "jagung" in body(built, "x") and "padi" in body(built, "y")


def _noop(_context: object) -> None:
    """The per-worker set-up of the executor tests."""


def _die_on_boom(job: str) -> str:
    """A worker that dies at once (before pebble may have seen it take the job) on 'boom'."""
    if job == "boom":
        os.kill(os.getpid(), signal.SIGKILL)
    return job


@pytest.mark.parametrize("attempt", range(4))
def test_every_job_yields_a_result_or_a_loss_and_the_pool_recovers(attempt: int) -> None:
    from satudesa.build.executor import ProcessExecutor, WorkerLost

    executor = ProcessExecutor(2)
    executor.start(_noop, None)
    try:
        outcomes = list(executor.run(_die_on_boom, ["a", "boom", "b"], timeout=30))
        assert len(outcomes) == 3
        lost = {o.job for o in outcomes if isinstance(o, WorkerLost)}
        done = {o for o in outcomes if not isinstance(o, WorkerLost)}
        assert "boom" in lost and lost | done == {"a", "boom", "b"}
        assert list(executor.run(_die_on_boom, ["c"], timeout=30)) == ["c"]  # a fresh pool
    finally:
        executor.close()


def test_a_broken_pool_reports_every_unfinished_job_lost_and_is_replaced() -> None:
    """pebble's race: a worker dying before its job is acknowledged breaks the whole pool.

    That moment cannot be hit on demand with real processes, so the broken pool is a
    stand-in whose futures fail as pebble's do; the replacement pool is real.
    """
    import concurrent.futures
    from concurrent.futures.process import BrokenProcessPool

    from satudesa.build.executor import ProcessExecutor, WorkerLost

    class Broken:
        active = False

        def schedule(self, _worker, args, timeout=None):
            future: concurrent.futures.Future = concurrent.futures.Future()
            future.set_exception(BrokenProcessPool("All workers expired"))
            return future

        def stop(self) -> None:
            pass

        def join(self) -> None:
            pass

    executor = ProcessExecutor(2)
    executor.start(_noop, None)
    real = executor._pool
    real.close()
    real.join()
    executor._pool = Broken()  # type: ignore[assignment]
    executor._pool.active = True  # broken while this run's jobs are queued
    try:
        outcomes = list(executor.run(_die_on_boom, ["a", "b"]))
        assert all(isinstance(o, WorkerLost) for o in outcomes)
        assert {o.job for o in outcomes} == {"a", "b"}
        executor._pool.active = False
        assert sorted(executor.run(_die_on_boom, ["a", "b"])) == ["a", "b"]  # a fresh pool
    finally:
        executor.close()
