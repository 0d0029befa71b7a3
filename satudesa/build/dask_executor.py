"""Village builds on a Dask cluster: the :class:`~satudesa.build.executor.Executor` interface
over ``dask.distributed``.

``flask build --scheduler tcp://HOST:8786`` (or ``SATUDESA_SCHEDULER``) connects a
:class:`DaskExecutor` to a running ``dask scheduler``. Loading and rendering do
not change: each task runs the engine's worker function on one village (or a
batch of very small ones) and returns what it returns locally. What the cluster
must provide:

* the site folder and the output folder at the same paths on every worker
  (NFS or similar; a plain folder on one machine): workers write into the
  staging tree beside ``build/`` and the manifest shard folder, and the client
  swaps the tree in, exactly as a local build does;
* workers with one thread each (``dask worker --nthreads 1 --nworkers N``):
  the engine keeps per-process state (the build's context, compiled templates);
* the same satudesa code and Python packages on the workers (and the scheduler,
  which unpickles the tasks).

The build's context is sent once per worker by a worker plugin, which also
compiles the templates there. A task whose worker dies is re-run by the
scheduler; that re-run finds the attempt marker its first run left in the shared
folder and reports the village lost instead of building it, so the engine alone
decides about the one retry (:class:`~satudesa.build.executor.WorkerLost`), whatever
the scheduler's ``allowed-failures`` setting.
"""

from __future__ import annotations

import logging
import os
import resource
import shutil
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import CancelledError
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import distributed
from distributed.diagnostics.plugin import WorkerPlugin

from satudesa.build import publish
from satudesa.build.executor import WorkerLost
from satudesa.errors import DesaError

J = TypeVar("J")
R = TypeVar("R")

CONNECT_TIMEOUT = 5.0  # seconds to reach the scheduler before giving up (exit 2)
WORKER_WAIT = 30.0  # seconds to wait for a first worker to join
SMALL = 16  # a village with fewer input files is batched with other small ones ...
BATCH_FILES = 64  # ... into tasks of about this many input files,
BATCH_MAX = 16  # ... and at most this many villages
BATCH_WHEN = 4  # only when there are more tasks than this many per worker thread


class ClusterUnusable(DesaError):
    """The cluster cannot take this build (unreachable, no worker, wrong set-up): exit 2."""

    exit_code = 2


class ClusterLost(DesaError):
    """The connection to the scheduler broke during the build (exit 1, build/ unchanged)."""


@dataclass
class WorkerStats:
    """What one worker process did in this build."""

    villages: int = 0
    busy: float = 0.0  # seconds spent in the worker function
    rss_kb: int = 0  # peak resident memory of the worker process


@dataclass
class _Batch:
    """What one task returns: its results, the worker that ran it, how long they took."""

    address: str
    results: list[Any] = field(default_factory=list)
    seconds: float = 0.0
    rss_kb: int = 0
    lost: bool = False  # a re-run of a task whose first worker died: nothing built
    missing: str = ""  # the shared folder this worker cannot see


class _Setup(WorkerPlugin):
    """Carries one build's context to every worker; ``activate`` calls ``init`` once."""

    idempotent = False

    def __init__(self, name: str, init: Callable[[Any], None], context: Any) -> None:
        self.name = name
        self.init = init
        self.context = context

    def setup(self, worker: distributed.Worker) -> None:
        """Set up as soon as the worker joins (compiled templates ready before a task)."""
        self.activate()

    def activate(self) -> None:
        """Make this build's context the process's current one (once per build and process)."""
        global _ACTIVE
        if _ACTIVE != self.name:
            self.init(self.context)
            _ACTIVE = self.name


_ACTIVE: str | None = None  # the plugin whose context this worker process holds


def _run_batch(plugin: str, worker: Callable[[J], R], jobs: list[J], marker: str) -> _Batch:
    """Run ``worker`` on each job (in a Dask worker), once per task key."""
    here = distributed.get_worker()
    folder = os.path.dirname(marker)
    if not os.path.isdir(folder):
        return _Batch(here.address, missing=folder)
    try:
        os.close(os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644))
    except FileExistsError:
        return _Batch(here.address, lost=True)  # the scheduler re-runs a task whose worker died
    setup = here.plugins[plugin]
    assert isinstance(setup, _Setup)
    setup.activate()
    batch = _Batch(here.address)
    start = time.perf_counter()
    for job in jobs:
        batch.results.append(worker(job))
    batch.seconds = time.perf_counter() - start
    batch.rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return batch


def plan_tasks(jobs: list[J], threads: int) -> list[list[J]]:
    """Jobs grouped into tasks, biggest first: very small villages share a task.

    Batching only pays when there are many more tasks than threads; otherwise
    every job is its own task (a retry isolates each village).
    """
    ordered = sorted(jobs, key=lambda j: -getattr(j, "weight", 0))
    if len(ordered) <= BATCH_WHEN * max(1, threads):
        return [[job] for job in ordered]
    tasks: list[list[J]] = []
    batch: list[J] = []
    files = 0
    for job in ordered:
        weight = getattr(job, "weight", 0)
        if weight >= SMALL:
            tasks.append([job])
            continue
        batch.append(job)
        files += weight
        if files >= BATCH_FILES or len(batch) >= BATCH_MAX:
            tasks.append(batch)
            batch, files = [], 0
    if batch:
        tasks.append(batch)
    return tasks


class DaskExecutor:
    """Runs jobs as tasks on a Dask cluster; the client keeps publishing to itself."""

    def __init__(self, address: str, out: Path, debug: bool = False) -> None:
        if not debug:
            _quiet_dask_logs()
        self.address = address
        self.debug = debug
        self.attempts = publish.sibling(out.resolve(), "dask")
        self.stats: dict[str, WorkerStats] = {}
        self.seconds = 0.0
        self._plugin: str | None = None
        try:
            self.client = distributed.Client(address, timeout=CONNECT_TIMEOUT,
                                             set_as_default=False)
        except (OSError, TimeoutError, ValueError) as exc:
            raise ClusterUnusable(
                f"penjadwal Dask '{address}' tidak dapat dihubungi dalam "
                f"{CONNECT_TIMEOUT:.0f} detik; build/ tidak diubah "
                "(periksa alamat --scheduler atau SATUDESA_SCHEDULER, misalnya "
                "tcp://10.0.0.5:8786, dan bahwa 'dask scheduler' berjalan)") from exc
        try:
            self.client.wait_for_workers(1, timeout=WORKER_WAIT)
            workers = self.client.scheduler_info(n_workers=-1)["workers"]
        except (OSError, TimeoutError) as exc:
            self.shutdown()
            raise ClusterUnusable(
                f"penjadwal Dask '{address}' tidak punya pekerja setelah {WORKER_WAIT:.0f} "
                "detik; build/ tidak diubah (jalankan 'dask worker "
                f"{address} --nthreads 1' di setiap mesin)") from exc
        threaded = sorted(a for a, w in workers.items() if w.get("nthreads", 1) > 1)
        if threaded:
            self.shutdown()
            raise ClusterUnusable(
                f"pekerja Dask {threaded[0]} memakai lebih dari satu thread; build/ tidak "
                "diubah (jalankan pekerja dengan 'dask worker --nthreads 1 --nworkers N')")
        self.jobs = sum(w.get("nthreads", 1) for w in workers.values()) or 1

    # -- the Executor interface --------------------------------------------------------

    def start(self, init: Callable[[Any], None], context: Any) -> None:
        """Send ``context`` to every worker, present and future, through a worker plugin."""
        name = f"satudesa-{uuid.uuid4().hex}"
        (self.attempts / name).mkdir(parents=True)
        self._plugin = name
        try:
            self.client.register_plugin(_Setup(name, init, context), name=name)
        except Exception as exc:
            if self.debug:
                raise
            raise ClusterUnusable(
                f"pekerja Dask tidak dapat menyiapkan pembangunan ({type(exc).__name__}: "
                f"{_detail(exc)}); build/ tidak diubah (penjadwal dan setiap pekerja harus "
                "memakai kode satudesa dan paket Python yang sama, misalnya "
                "PYTHONPATH=/srv/satudesa)") from exc

    enforces_timeout = False  # a running Dask task cannot be stopped: no time limit here

    def run(self, worker: Callable[[J], R], jobs: Iterable[J],
            timeout: float | None = None) -> Iterator[R | WorkerLost[J]]:
        """Submit the tasks biggest first; yield results as they finish (``timeout``: unused)."""
        plugin = self._plugin
        assert plugin is not None, "start() first"
        tasks = plan_tasks(list(jobs), self.jobs)
        futures: dict[distributed.Future, list[J]] = {}
        for rank, task in enumerate(tasks):
            key = f"{plugin}-{getattr(task[0], 'slug', 'tugas')}-{uuid.uuid4().hex[:8]}"
            marker = os.fspath(self.attempts / plugin / key)
            future = self.client.submit(_run_batch, plugin, worker, task, marker, key=key,
                                        pure=False, priority=len(tasks) - rank)
            futures[future] = task
        start = time.perf_counter()
        try:
            for future in distributed.as_completed(futures, loop=self.client.loop):
                yield from self._results(future, futures.pop(future))
        except (OSError, CancelledError) as exc:  # the scheduler went away: futures cancelled
            raise ClusterLost(f"sambungan ke penjadwal Dask '{self.address}' terputus di "
                              "tengah pembangunan; build/ tidak diubah (periksa penjadwal dan "
                              "jaringan, lalu bangun ulang)") from exc
        finally:
            self.seconds += time.perf_counter() - start
            for future in futures:
                future.cancel()

    def close(self) -> None:
        """Forget this build on the workers (the connection stays for the next build)."""
        if self._plugin is not None:
            try:
                self.client.unregister_worker_plugin(self._plugin)
            except (OSError, ValueError):
                pass  # the scheduler is gone: there is nothing left to forget
            shutil.rmtree(self.attempts / self._plugin, ignore_errors=True)
            self._plugin = None

    # -- the rest ------------------------------------------------------------------------

    def shutdown(self) -> None:
        """Close the connection to the scheduler (the cluster keeps running)."""
        self.close()
        self.client.close()
        try:
            self.attempts.rmdir()
        except OSError:
            pass  # another build's markers are still there, or it never existed

    def __enter__(self) -> DaskExecutor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown()

    def _results(self, future: distributed.Future, task: list[J]
                 ) -> Iterator[R | WorkerLost[J]]:
        try:
            batch: _Batch = future.result()
        except distributed.KilledWorker as exc:
            detail = f"pekerja {_worker_of(exc)} mati"
            yield from (WorkerLost(job, detail=detail) for job in task)
            return
        except CancelledError:
            raise  # the connection is lost: told by run()
        except Exception as exc:
            if self.debug:
                raise  # the worker function's own error, with its traceback
            raise ClusterLost(
                f"tugas gagal di klaster Dask ({type(exc).__name__}: {_detail(exc)}); build/ "
                "tidak diubah (penjadwal dan setiap pekerja harus memakai kode satudesa dan "
                "paket Python yang sama, misalnya PYTHONPATH=/srv/satudesa)") from exc
        if batch.missing:
            raise ClusterLost(f"pekerja Dask {batch.address} tidak melihat folder "
                              f"{batch.missing}; build/ tidak diubah (folder situs dan folder "
                              "hasil harus dibagi ke semua pekerja, misalnya lewat NFS, pada "
                              "path yang sama)")
        if batch.lost:
            detail = f"pekerja mati; penjadwal mengulangnya di {batch.address}"
            yield from (WorkerLost(job, detail=detail) for job in task)
            return
        stats = self.stats.setdefault(batch.address, WorkerStats())
        stats.villages += len(batch.results)
        stats.busy += batch.seconds
        stats.rss_kb = max(stats.rss_kb, batch.rss_kb)
        yield from batch.results

    def summary(self) -> list[str]:
        """Per-worker throughput, one Indonesian line each (for the end of a build)."""
        lines = []
        for address, stats in sorted(self.stats.items()):
            rate = stats.villages / stats.busy if stats.busy else 0.0
            lines.append(f"Pekerja {address}: {stats.villages} desa dalam {stats.busy:.2f} "
                         f"detik kerja ({rate:.2f} desa/detik), memori puncak "
                         f"{stats.rss_kb // 1024} MB.")
        if self.stats:
            total = sum(s.villages for s in self.stats.values())
            rate = total / self.seconds if self.seconds else 0.0
            lines.append(f"Klaster Dask {self.address}: {len(self.stats)} pekerja, {total} desa "
                         f"dalam {self.seconds:.2f} detik ({rate:.2f} desa/detik).")
        return lines


def _quiet_dask_logs() -> None:
    """Keep Dask's log lines (a lost connection's tracebacks) out of operators' output.

    Our own one-line errors say what happened; ``--debug`` leaves Dask's logs on.
    """
    for name in list(logging.root.manager.loggerDict):
        if name == "distributed" or name.startswith("distributed."):
            logging.getLogger(name).setLevel(logging.CRITICAL)
    for handler in logging.getLogger("distributed").handlers:
        handler.setLevel(logging.CRITICAL)


def _detail(exc: BaseException, limit: int = 160) -> str:
    """An exception's text on one line, cut at ``limit`` characters."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _worker_of(exc: distributed.KilledWorker) -> str:
    last = getattr(exc, "last_worker", None)
    return str(getattr(last, "address", "") or "?")
