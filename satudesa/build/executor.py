"""Where village builds run: a small executor interface with a local process pool behind it.

The engine hands an executor one picklable job per village and a worker
function that needs only the job and the per-worker context given to
:meth:`Executor.start`. Nothing else crosses the boundary, so the pool can be
replaced by a distributed one without touching loading or rendering:

* :class:`InlineExecutor` runs jobs in this process (one job, ``--jobs 1``);
* :class:`ProcessExecutor` starts ``jobs`` long-lived worker processes once;
  each takes village after village, biggest first, so large and small
  villages balance out (longest-processing-time-first scheduling);
* :class:`~satudesa.build.dask_executor.DaskExecutor` sends them to a Dask cluster
  (``flask build --scheduler tcp://HOST:8786``); see docs/scaling.md.

A job whose worker process died is not an error of the job: ``run`` yields a
:class:`WorkerLost` in its place and the engine decides whether to try again.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

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

    def run(self, worker: Callable[[J], R], jobs: Iterable[J]) -> Iterator[R | WorkerLost[J]]:
        """Yield ``worker(job)`` for each job, in completion order (or a :class:`WorkerLost`)."""

    def close(self) -> None:
        """Stop the workers."""


class InlineExecutor:
    """Runs every job in the calling process, one after another."""

    def start(self, init: Callable[[Any], None], context: Any) -> None:
        """Call ``init`` here."""
        init(context)

    def run(self, worker: Callable[[J], R], jobs: Iterable[J]) -> Iterator[R]:
        """Run jobs in order."""
        for job in jobs:
            yield worker(job)

    def close(self) -> None:
        """Nothing to stop."""


class ProcessExecutor:
    """A pool of long-lived worker processes on this machine."""

    def __init__(self, jobs: int) -> None:
        self.jobs = max(1, jobs)
        self._pool: Any = None

    def start(self, init: Callable[[Any], None], context: Any) -> None:
        """Fork the workers; they inherit the imported modules, so start-up is cheap."""
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
        mp = multiprocessing.get_context(method)
        self._pool = mp.Pool(self.jobs, initializer=init, initargs=(context,))

    def run(self, worker: Callable[[J], R], jobs: Iterable[J]) -> Iterator[R]:
        """One job at a time per worker (``chunksize=1``) so the pool stays balanced."""
        assert self._pool is not None, "start() first"
        yield from self._pool.imap_unordered(worker, jobs, chunksize=1)

    def close(self) -> None:
        """Let the workers finish and exit."""
        if self._pool is not None:
            self._pool.close()
            self._pool.join()
            self._pool = None


def default_jobs() -> int:
    """The number of cores (``os.cpu_count()``)."""
    return os.cpu_count() or 1


def choose_executor(jobs: int, work: int) -> Executor:
    """A process pool for real work, the calling process for one job or ``--jobs 1``."""
    if jobs <= 1 or work <= 1:
        return InlineExecutor()
    return ProcessExecutor(min(jobs, work))
