"""Per-village search index, CPU: one Pagefind CLI run per village against one service.

    taskset -c 0 python bench/pagefind_speed.py --site bench/.work/out-satudesa-root --villages 20

``--site`` is a built output folder (``flask build``; its villages' pages are read,
never written). For each village, in turn, so machine noise hits both alike:

* "cli": the build's ``index_village``: Pagefind's CLI on the village's pages (a
  glob in a ``pagefind.json``), writing every bundle, then :func:`prune`;
* "service": the alternative measured against it (``bench/pagefind_service.py``):
  the pages, in memory as the engine would hand them over, indexed by this
  process's long-lived ``pagefind --service``, only the published files written.

Each side writes into its own empty folder. CPU is this process's
``process_time`` plus the Pagefind process's: ``wait4`` for the CLI
(``RUSAGE_CHILDREN``), ``/proc/<pid>/stat`` for the long-lived service. The
service's start-up (once per worker) is counted in its first village. The pages
are read before timing (the engine hands them over from memory).
Medians and totals in milliseconds per village; ``--rounds`` repeats the whole
interleaved pass. Both indexes of each village are compared: same files, and the
same page records (URL, title, text) in every fragment.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import resource
import shutil
import statistics
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import pagefind_service  # noqa: E402  (bench/pagefind_service.py)

from satudesa.build.pagefind import (  # noqa: E402
    FOLDER,
    _binary,
    index_village,
    searchable_pages,
)

TICK = os.sysconf("SC_CLK_TCK")


def children_cpu() -> float:
    """CPU seconds of waited-for children."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def service_cpu() -> float:
    """CPU seconds of this thread's Pagefind service so far (0 when none runs)."""
    one = pagefind_service._services.get(__import__("threading").get_ident())
    if one is None or not one.alive:
        return 0.0
    fields = Path(f"/proc/{one.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def cpu() -> tuple[float, float]:
    """CPU seconds of this process, and of its waited-for children and live service."""
    return time.process_time(), children_cpu() + service_cpu()


def cli(village: Path, pages: dict[str, bytes], out: Path) -> None:
    """The build's way: one CLI run over the written pages, every bundle written, pruned.

    The pages are read where they were built and the bundle moved to ``out``
    (a rename, outside the timing's interest: both write one bundle per village).
    """
    index_village(village, None, pages)
    os.replace(village / FOLDER, out / FOLDER)


def service(pages: dict[str, bytes], out: Path) -> None:
    """The alternative: pages from memory to this process's service."""
    pagefind_service.index_village(out, pages, _binary())


def records(bundle: Path) -> dict[str, tuple[str, str]]:
    """url -> (title, text) of every page in a bundle."""
    found = {}
    for fragment in (bundle / "fragment").iterdir():
        data = json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd"))
        found[data["url"]] = (data["meta"].get("title", ""), data["content"])
    return found


def kinds(bundle: Path) -> list[str]:
    """The bundle's files, named without their content hashes (the page order sets those)."""
    return sorted(re.sub(r"id_[0-9a-f]+", "id_*", str(p.relative_to(bundle)))
                  for p in bundle.rglob("*") if p.is_file())


def main() -> None:
    """Run the comparison and print a table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=REPO / "bench/.work/out-satudesa-root")
    parser.add_argument("--villages", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--tmp", default="/dev/shm" if os.path.isdir("/dev/shm") else None,
                        help="where both write their indexes (default: tmpfs /dev/shm)")
    args = parser.parse_args()
    villages = sorted(p for p in args.site.iterdir()
                      if (p / "index.html").is_file() and (p / "profil").is_dir())
    villages = villages[:args.villages]
    times: dict[str, list[float]] = {"cli": [], "service": []}
    own: dict[str, list[float]] = {"cli": [], "service": []}
    mismatches = 0
    with tempfile.TemporaryDirectory(prefix="pagefind-speed-", dir=args.tmp) as tmp:
        loaded = []
        for village in villages:  # a copy of the built village, without its index
            copy = Path(tmp, "site", village.name)
            shutil.copytree(village, copy, ignore=shutil.ignore_patterns(
                FOLDER, "*.gz", "*.br"))
            pages = searchable_pages(copy)
            loaded.append((copy, {p: (copy / p).read_bytes() for p in pages}))
        os.sync()
        for round_ in range(args.rounds):
            for village, contents in loaded:
                a, b = Path(tmp, "cli", village.name), Path(tmp, "service", village.name)
                for path in (a, b):
                    shutil.rmtree(path, ignore_errors=True)
                    path.mkdir(parents=True)
                order = (("cli", partial(cli, village, contents, a)),
                         ("service", partial(service, contents, b)))
                for name, run in order if round_ % 2 == 0 else order[::-1]:
                    before = cpu()
                    run()
                    after = cpu()
                    times[name].append(after[0] + after[1] - before[0] - before[1])
                    own[name].append(after[0] - before[0])
                if kinds(a / FOLDER) != kinds(b / FOLDER) \
                        or records(a / FOLDER) != records(b / FOLDER):
                    mismatches += 1
                    print(f"differs: {village.name}")
    pages_per = statistics.mean(len(c) for _v, c in loaded)
    print(f"{len(loaded)} villages x {args.rounds} rounds, {pages_per:.0f} indexed pages "
          f"per village on average; CPU ms per village (this process + Pagefind's)")
    print(f"{'way':<10}{'median':>10}{'mean':>10}{'python':>10}{'pagefind':>10}{'total s':>10}")
    for name, values in times.items():
        python = statistics.mean(own[name])
        print(f"{name:<10}{statistics.median(values) * 1000:>10.1f}"
              f"{statistics.mean(values) * 1000:>10.1f}{python * 1000:>10.1f}"
              f"{(statistics.mean(values) - python) * 1000:>10.1f}{sum(values):>10.2f}")
    ratio = sum(times["service"]) / sum(times["cli"])
    print(f"service / cli = {ratio:.2f}; indexes that differ in files or records: {mismatches}")
    pagefind_service.close_all()
    print(f"binary: {_binary()}")


if __name__ == "__main__":
    main()
