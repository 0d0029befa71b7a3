"""Where village builds run: a small executor interface with a local process pool behind it.

The engine hands an executor one picklable job per village and a worker
function that needs only the job and the per-worker context given to
:meth:`Executor.start`. Nothing else crosses the boundary, so the pool can be
replaced by a distributed one without touching loading or rendering:

* :class:`InlineExecutor` runs jobs in this process (one job, ``--jobs 1``);
* :class:`ProcessExecutor` starts ``jobs`` worker processes (pebble's
  ``ProcessPool``, forked); each takes village after village, biggest first,
  so large and small villages balance out (longest-processing-time-first);
* :class:`~satudesa.build.dask_executor.DaskExecutor` sends them to a Dask cluster
  (``flask build --scheduler tcp://HOST:8786``); see docs/scaling.md.

The contract every executor keeps (issue 14): ``run`` yields, for every job,
either the worker's result or a :class:`WorkerLost` naming the job, never
nothing and never an endless wait.

* A worker process that dies (SIGKILL from the OOM killer, a segfault, a lost
  cluster node) yields ``WorkerLost(job)``; the executor replaces the worker
  and goes on with the other jobs.
* A job running longer than ``timeout`` seconds has its worker killed and
  yields ``WorkerLost(job, timed_out=True)``. An executor that cannot kill a
  job says so in ``enforces_timeout`` (False): the engine documents the limit
  as best effort for it.

What to do with a lost job is the engine's rule, written once for every
executor (``engine._Build.render_villages`` and ``retry_lost``): a lost village is run once more
(``run`` again with the lost jobs); lost again, or over its time, it keeps its
last good version and the build exits 1.
"""

from __future__ import annotations

import concurrent.futures
import multiprocessing
import os
import signal
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

if TYPE_CHECKING:
    import pebble

J = TypeVar("J")
R = TypeVar("R")

# The Dask scheduler to build on (``tcp://HOST:PORT``) when ``--scheduler`` is not given.
SCHEDULER_ENV = "SATUDESA_SCHEDULER"


@dataclass
class WorkerLost(Generic[J]):
    """A job whose worker died (``timed_out`` False) or was killed for running too long."""

    job: J
    timed_out: bool = False
    detail: str = ""  # what is known: 'sinyal 9', 'pekerja tcp://10.0.0.7:4000 mati'


class Executor(Protocol):
    """Runs ``worker(job)`` for every job and yields results as they finish."""

    def start(self, init: Callable[[Any], None], context: Any) -> None:
        """Prepare the workers: each calls ``init(context)`` once before its first job."""

    def run(self, worker: Callable[[J], R], jobs: Iterable[J],
            timeout: float | None = None) -> Iterator[R | WorkerLost[J]]:
        """Yield ``worker(job)`` or a :class:`WorkerLost` for each job, in completion order."""

    def close(self) -> None:
        """Stop the workers."""


class _Overtime(BaseException):
    """Raised in the job by the alarm of :class:`InlineExecutor` (passes ``except Exception``)."""


class InlineExecutor:
    """Runs every job in the calling process, one after another.

    The time limit is an interval timer, so it holds only on the main thread and
    only while Python code runs (a C call ends first); ``enforces_timeout`` says so.
    """

    jobs = 1

    def start(self, init: Callable[[Any], None], context: Any) -> None:
        """Call ``init`` here."""
        init(context)

    @property
    def enforces_timeout(self) -> bool:
        """An alarm can be set only on the main thread."""
        return threading.current_thread() is threading.main_thread()

    def run(self, worker: Callable[[J], R], jobs: Iterable[J],
            timeout: float | None = None) -> Iterator[R | WorkerLost[J]]:
        """Run jobs in order; one over ``timeout`` is interrupted and reported lost."""
        for job in jobs:
            if not timeout or not self.enforces_timeout:
                yield worker(job)
                continue
            previous = signal.signal(signal.SIGALRM, _alarm)
            signal.setitimer(signal.ITIMER_REAL, timeout)
            try:
                result: R | WorkerLost[J] = worker(job)
            except _Overtime:
                result = WorkerLost(job, timed_out=True)
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
                signal.signal(signal.SIGALRM, previous)
            yield result

    def close(self) -> None:
        """Nothing to stop."""


def _alarm(_signum: int, _frame: Any) -> None:
    raise _Overtime


class ProcessExecutor:
    """A pool of worker processes on this machine; a dead or overdue worker is replaced."""

    enforces_timeout = True

    def __init__(self, jobs: int) -> None:
        self.jobs = max(1, jobs)
        self._pool: pebble.ProcessPool | None = None
        self._init: tuple[Callable[[Any], None], Any] | None = None

    def start(self, init: Callable[[Any], None], context: Any) -> None:
        """Fork the workers; they inherit the imported modules, so start-up is cheap."""
        # pebble is imported when a pool starts, not with this module: a one-village build
        # runs in-process and skips its ~20 ms import (issue 17; a cost, not a cycle).
        import pebble

        self._init = (init, context)
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
        self._pool = pebble.ProcessPool(max_workers=self.jobs, initializer=init,
                                        initargs=[context],
                                        context=multiprocessing.get_context(method))

    def run(self, worker: Callable[[J], R], jobs: Iterable[J],
            timeout: float | None = None) -> Iterator[R | WorkerLost[J]]:
        """Queue every job (in the order given); yield each as it finishes or is lost.

        A worker that dies before pebble saw it take its job breaks the whole pool
        (``BrokenProcessPool``: which job it held is unknown): every job not done
        is then reported lost, and the next ``run`` starts a fresh pool.
        """
        import pebble  # already imported by start()

        assert self._init is not None, "start() first"
        if self._pool is None or not self._pool.active:
            self.start(*self._init)
        assert self._pool is not None
        futures = {self._pool.schedule(worker, args=[job], timeout=timeout): job
                   for job in jobs}
        for future in concurrent.futures.as_completed(futures):
            job = futures[future]
            try:
                yield future.result()
            except concurrent.futures.TimeoutError:
                yield WorkerLost(job, timed_out=True)
            except pebble.ProcessExpired as exc:
                yield WorkerLost(job, detail=_exit_detail(exc.exitcode))
            except BrokenProcessPool:
                yield WorkerLost(job, detail="kumpulan proses pembangun rusak")

    def close(self) -> None:
        """Let the workers finish and exit."""
        if self._pool is not None:
            if self._pool.active:
                self._pool.close()
            else:
                self._pool.stop()
            self._pool.join()
            self._pool = None


def _exit_detail(code: int | None) -> str:
    """An exit status as officers read it: 'sinyal 9 (SIGKILL)' or 'kode keluar 1'."""
    if code is None:
        return "tanpa kode keluar"
    if code < 0:
        try:
            return f"sinyal {-code} ({signal.Signals(-code).name})"
        except ValueError:
            return f"sinyal {-code}"
    return f"kode keluar {code}"


def default_jobs() -> int:
    """The number of cores (``os.cpu_count()``)."""
    return os.cpu_count() or 1


def choose_executor(jobs: int, work: int) -> Executor:
    """A process pool for real work, the calling process for one job or ``--jobs 1``."""
    if jobs <= 1 or work <= 1:
        return InlineExecutor()
    return ProcessExecutor(min(jobs, work))
