"""What pebble's pool (a lost worker is noticed, a slow village is stopped) costs a build.

    python bench/executor_overhead.py --villages 40

Builds one generated corpus (``shared/bench/gen_corpus.py``) from scratch
(``--force``) with the engine's :class:`ProcessExecutor` and with the plain
``multiprocessing.Pool`` it replaced (kept here as the baseline), alternately,
three times each on the same machine, and prints the best times and their ratio.
"""

from __future__ import annotations

import argparse
import multiprocessing
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from satudesa.build.engine import build_fast  # noqa: E402
from satudesa.build.executor import ProcessExecutor  # noqa: E402


class PoolExecutor:
    """The executor before issue 14: ``multiprocessing.Pool`` (never returns a lost task)."""

    def __init__(self, jobs: int) -> None:
        self.jobs = jobs
        self._pool: Any = None

    def start(self, init: Callable[[Any], None], context: Any) -> None:
        self._pool = multiprocessing.get_context("fork").Pool(
            self.jobs, initializer=init, initargs=(context,))

    def run(self, worker: Callable[[Any], Any], jobs: Iterable[Any],
            timeout: float | None = None) -> Iterator[Any]:
        yield from self._pool.imap_unordered(worker, jobs, chunksize=1)

    def close(self) -> None:
        self._pool.close()
        self._pool.join()


def _shared() -> Path:
    for base in (ROOT.parent / "shared", ROOT.parent.parent / "shared"):
        if (base / "bench/gen_corpus.py").is_file():
            return base
    raise SystemExit("shared/bench/gen_corpus.py not found")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--villages", type=int, default=40)
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="satudesa-executor-"))
    try:
        site = work / "site"
        subprocess.run([sys.executable, str(_shared() / "bench/gen_corpus.py"), "--villages",
                        str(args.villages), "--out", str(site)], check=True,
                       stdout=subprocess.DEVNULL)
        times: dict[str, list[float]] = {"multiprocessing.Pool": [], "pebble ProcessPool": []}
        for _ in range(3):
            for name, make in (("multiprocessing.Pool", PoolExecutor),
                               ("pebble ProcessPool", ProcessExecutor)):
                start = time.perf_counter()
                result = build_fast(site, work / "build", jobs=args.jobs, force=True,
                                    executor=make(args.jobs))
                times[name].append(time.perf_counter() - start)
                assert len(result.built) == args.villages, result.failed
        base = min(times["multiprocessing.Pool"])
        for name, values in times.items():
            print(f"{name:22} best {min(values):6.2f} s  ratio {min(values) / base:.2f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
