"""The Dask executor against the local pool: one regency's corpus, paired cold builds.

    python bench/dask_speed.py --wilayah 32.14                 # Purwakarta, 192 villages
    python bench/dask_speed.py --wilayah 32.14 --limit 48      # its first 48 (a busy machine)

The corpus comes from ``bench/corpus.py`` (in ``bench/.work/``). A
``LocalCluster`` of ``--workers`` processes with one thread each is started
once, on loopback, and warmed by a one-village build (workers are long-lived
on a real cluster). Then each round builds the corpus cold twice, once with
``flask build --jobs N`` and once with ``flask build --scheduler``, the order
alternating between rounds, and prints both times and their ratio. A machine
shared with other work is noisy: only the ratios of one round mean much.
CPU seconds are counted too: the build's process tree for the local pool, the
worker processes (``psutil``) plus the client for Dask.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))
import corpus  # noqa: E402 - bench scripts are run as files
from run import NOW, WORK, clean, compile_code, flask_build  # noqa: E402


def worker_cpu() -> float:
    """CPU seconds of this (worker) process and its finished children (Pagefind) so far."""
    import psutil

    times = psutil.Process().cpu_times()
    return times.user + times.system + times.children_user + times.children_system


def worker_rss() -> int:
    """Peak resident memory of this (worker) process, in KB."""
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def hashes(root: Path) -> dict[str, str]:
    """Every file under ``root`` by relative path, as a SHA-256 of its bytes."""
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wilayah", default="32.14")
    parser.add_argument("--limit", type=int, default=0, help="only the area's first N villages")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2, help="Dask workers, and --jobs")
    args = parser.parse_args()
    os.environ["SATUDESA_NOW"] = NOW  # the Dask workers inherit it, as the builds do
    sys.path.insert(0, str(REPO))  # ... and this path, to import satudesa
    from distributed import Client, LocalCluster

    area, found = corpus.places(args.wilayah)
    if args.limit:
        found = found[:args.limit]
    site = WORK / f"corpus-{args.wilayah}-{len(found)}"
    if not (site / ".complete").is_file():
        corpus.write(found, area, site, corpus.SEED)
        (site / ".complete").touch()
    compile_code()
    subset = f"the first {len(found)}" if args.limit else f"all {len(found)}"
    print(f"# local pool vs Dask: {area}, {subset} villages, {args.workers} workers, "
          f"{os.cpu_count()} cores, {time.strftime('%Y-%m-%d %H:%M')}")
    outs = {"local": WORK / "out-local", "dask": WORK / "out-dask"}
    with LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True,
                      host="127.0.0.1", dashboard_address="127.0.0.1:0") as cluster, \
            Client(cluster) as client:
        address = cluster.scheduler_address
        warm = WORK / "out-warm"
        clean(warm)
        first = sorted(p.stem for p in (site / "villages").glob("*.yml"))[0]
        flask_build(site, warm, "--scheduler", address, "--village", first)
        rows: list[tuple[float, float, float, float]] = []
        rss = {"local": 0, "dask": 0}
        for round_ in range(args.rounds):
            order = ["local", "dask"] if round_ % 2 == 0 else ["dask", "local"]
            seconds: dict[str, float] = {}
            cpu: dict[str, float] = {}
            for kind in order:
                clean(outs[kind])
                if kind == "local":
                    run, stats = flask_build(site, outs[kind], "--jobs", str(args.workers))
                    cpu[kind] = run.cpu_seconds
                    rss[kind] = max(rss[kind], int(stats.get("peak_rss_kb", 0)))
                else:
                    before = sum(client.run(worker_cpu).values())
                    run, stats = flask_build(site, outs[kind], "--scheduler", address)
                    cpu[kind] = sum(client.run(worker_cpu).values()) - before + run.cpu_seconds
                    rss[kind] = max(rss[kind], *client.run(worker_rss).values())
                if run.returncode != 0:
                    sys.exit(f"bench: {kind} build failed:\n{run.output[-3000:]}")
                seconds[kind] = run.seconds
                print(f"round {round_ + 1} {kind:5}  {run.seconds:7.2f} s wall  "
                      f"{cpu[kind]:7.2f} s CPU  engine {stats.get('seconds', 0):.2f} s",
                      flush=True)
            rows.append((seconds["local"], seconds["dask"], cpu["local"], cpu["dask"]))
        same = hashes(outs["local"]) == hashes(outs["dask"])
    print()
    print("| round | local pool s | Dask s | Dask / local (wall) | Dask / local (CPU) |")
    print("|---|---:|---:|---:|---:|")
    for i, (local, dask, local_cpu, dask_cpu) in enumerate(rows, 1):
        print(f"| {i} | {local:.2f} | {dask:.2f} | {dask / local:.3f} | "
              f"{dask_cpu / local_cpu:.3f} |")
    wall = statistics.median(d / loc for loc, d, _, _ in rows)
    print(f"\nmedian Dask / local pool: {wall:.3f}x wall (target <= 1.10x "
          f"{'ok' if wall <= 1.10 else 'MISSED'})")
    print(f"peak RSS per worker: local pool {rss['local'] // 1024} MB, "
          f"Dask {rss['dask'] // 1024} MB")
    print(f"outputs byte-identical: {'yes' if same else 'NO'}")


if __name__ == "__main__":
    main()
