"""Paired cold builds: an earlier commit against this checkout, interleaved, same file system.

    python bench/ab.py --base HEAD~1 --villages 30 --rounds 2

For a change that alters what is built (pages dropped, files merged), the
per-build figures of ``bench/run.py`` cannot say what the change itself saved:
the machine's load moves between runs. This builds the same corpus cold with
the ``--base`` commit (exported with ``git archive`` into ``bench/.work/``) and
with this checkout, alternating which goes first each round, into one tmpfs
(``bench/run.py``'s ``OutputFS``), and prints files, HTML pages, wall time and
CPU (``wait4``: the command and the processes it waited for) with the ratios.
``bench/paired_commits.py`` does the same for the small demo site (one process,
no caches); this one times the bench corpus with every cache warm, as
``bench/run.py`` does.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import NOW, REPO, WORK, OutputFS, corpus, count_files, find_shared  # noqa: E402


def export(rev: str) -> Path:
    """The tree of ``rev`` in bench/.work/ab-<commit>/ (exported once)."""
    commit = subprocess.run(["git", "-C", str(REPO), "rev-parse", rev], capture_output=True,
                            text=True, check=True).stdout.strip()
    folder = WORK / f"ab-{commit[:12]}"
    if not (folder / ".complete").is_file():
        folder.mkdir(parents=True, exist_ok=True)
        archive = subprocess.Popen(["git", "-C", str(REPO), "archive", commit],
                                   stdout=subprocess.PIPE)
        subprocess.run(["tar", "-x", "-C", str(folder)], stdin=archive.stdout, check=True)
        archive.wait()
        (folder / ".complete").touch()
    return folder


def build(checkout: Path, site: Path, out: Path, jobs: int, *extra: str) -> tuple[float, float]:
    """Wall and CPU seconds (``wait4``: the command and what it waited for) of one
    ``flask build`` of ``checkout``."""
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", str(checkout / "app.py"), "build", "--site",
         str(site), "--out", str(out), "--jobs", str(jobs), *extra],
        env={**os.environ, "SATUDESA_NOW": NOW}, cwd=checkout,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _pid, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        sys.exit(f"bench: the build of {checkout} failed")
    return wall, usage.ru_utime + usage.ru_stime


def cold(checkout: Path, site: Path, out: Path, jobs: int) -> tuple[float, float, int, int]:
    """Wall seconds, CPU seconds, files and HTML pages of one cold ``flask build``."""
    wall, cpu = build(checkout, site, out, jobs)
    return wall, cpu, count_files(out), count_files(out, ".html")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="HEAD~1", help="the commit to compare against")
    parser.add_argument("--villages", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    site = corpus(find_shared(), args.villages, "plain")
    checkouts = {"base": export(args.base), "new": REPO}
    runs: dict[str, list[tuple[float, float, int, int]]] = {"base": [], "new": []}
    with OutputFS("tmpfs") as fs:
        print(f"# paired cold builds, {args.villages} villages, --jobs {args.jobs}, base "
              f"{args.base}; output file system: {fs.describe()}")
        for number in range(args.rounds):
            order = ("base", "new") if number % 2 == 0 else ("new", "base")
            for name in order:
                result = cold(checkouts[name], site, fs.fresh(f"out-{name}"), args.jobs)
                runs[name].append(result)
                print(f"{name:<5} wall {result[0]:6.2f} s  cpu {result[1]:6.2f} s  "
                      f"files {result[2]}  html {result[3]}", flush=True)
    base, new = runs["base"], runs["new"]

    def ratio(index: int) -> float:
        return statistics.median(r[index] for r in new) / statistics.median(r[index] for r in base)

    print(f"new/base: wall {ratio(0):.2f}x, cpu {ratio(1):.2f}x, files {new[0][2]}/{base[0][2]}"
          f" = {ratio(2):.3f}, html {new[0][3]}/{base[0][3]} = {ratio(3):.3f}")


if __name__ == "__main__":
    main()
