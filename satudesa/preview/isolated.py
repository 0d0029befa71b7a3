"""Loading the site in a separate process: a crash costs one reload, never the server.

``flask run`` (and the officers' editor next) keep one loader process,
started from a fork server (a clean, single-threaded parent, so forking never
copies a lock held by a request thread). It loads the site and sends the
loaded :class:`~satudesa.load.model.Site` back; its caches (media verdicts, image
probes) live on between reloads. If it dies (a segfault in a C library such
as libyaml, the OOM killer) or overruns :data:`LOAD_TIMEOUT`, pebble replaces
it and the caller gets :class:`LoaderLost`; the server keeps serving.
"""

from __future__ import annotations

import atexit
import concurrent.futures
import multiprocessing
import os
import signal
import threading
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import TYPE_CHECKING

from satudesa.build.executor import _exit_detail
from satudesa.load.loader import load_site
from satudesa.load.model import Site

if TYPE_CHECKING:
    import pebble

LOAD_TIMEOUT = 600.0  # seconds: a whole regency loads in far less
# Test hook: the loader crashes (SIGSEGV, as libyaml did) while the site holds a file of
# this name. Read in the server process and passed along: never set outside tests.
CRASH_ENV = "SATUDESA_TEST_LOADER_CRASH"
_pool: pebble.ProcessPool | None = None
_pool_lock = threading.Lock()


class LoaderLost(Exception):
    """The loader process died or ran out of time; ``detail`` says how, in Indonesian."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


def _loader_pool() -> pebble.ProcessPool:
    # Imported on the preview's first load, not at app creation: `flask build` creates the
    # app but never loads through it (issue 17; a cost avoided, not a cycle).
    import pebble

    global _pool
    with _pool_lock:
        if _pool is None or not _pool.active:
            if _pool is not None:
                _pool.stop()  # broken: its threads and processes go
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(["satudesa.load.loader"])
            _pool = pebble.ProcessPool(max_workers=1, context=context)
            atexit.register(_pool.stop)
        return _pool


def _load(site_dir: Path, crash: str | None) -> Site:
    """``load_site`` in the loader process (the test hook first, see :data:`CRASH_ENV`)."""
    if crash and (site_dir / crash).exists():
        os.kill(os.getpid(), signal.SIGSEGV)
    return load_site(site_dir)


def load_site_isolated(site_dir: Path, timeout: float = LOAD_TIMEOUT) -> Site:
    """``load_site(site_dir)`` in the loader process.

    :raise LoaderLost: the process died (it is replaced for the next call) or timed out.
    """
    import pebble  # already imported by _loader_pool()

    future = _loader_pool().schedule(_load, args=[site_dir, os.environ.get(CRASH_ENV)],
                                     timeout=timeout)
    try:
        return future.result()
    except pebble.ProcessExpired as exc:
        raise LoaderLost(f"proses pemuat berhenti tiba-tiba ({_exit_detail(exc.exitcode)})"
                         ) from None
    except concurrent.futures.TimeoutError:
        raise LoaderLost(f"memuat situs melebihi {timeout:g} detik") from None
    except BrokenProcessPool:  # died before pebble saw it start: the next call starts anew
        raise LoaderLost("proses pemuat berhenti tiba-tiba") from None
