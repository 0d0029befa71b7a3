"""Paired ``flask build --force`` with a warm derived-output cache: a commit against this checkout.

    python bench/force_speed.py --base main --villages 10 --rounds 3

Each checkout builds the bench corpus (a sample of ``--villages``) cold once
into its own folder of one tmpfs (``bench/run.py``'s ``OutputFS``), untimed:
that fills the site's caches (``.cache/images``, ``.cache/derived``) and the
published tree. Then each round times one ``--force`` build per checkout into
its own output folder, alternating which goes first, and prints wall time and
CPU (``wait4``: the command and the processes it waited for), then the median
ratio new/base. Both checkouts share the site folder, so both find the same
caches; entries one writes and the other does not read cost it nothing.
The ``--base`` tree is exported once by ``bench/ab.py``'s ``export``.

With ``--cold``, after the ``--force`` rounds, as many rounds time one cold
build per checkout into a new folder with the derived-output cache moved aside
first (``bench/run.py``'s ``derived_aside``, a rename), so it computes and
stores every entry: what a cache costs the build that fills it.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ab import build, export  # noqa: E402
from run import (  # noqa: E402
    REPO,
    WORK,
    OutputFS,
    compile_code,
    corpus,
    derived_aside,
    derived_cleanup,
    find_shared,
    sample_site,
)


def compile_tree(checkout: Path) -> None:
    """Bytecode for an exported tree, as :func:`run.compile_code` does for this one."""
    import compileall

    compileall.compile_dir(checkout / "satudesa", quiet=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="main", help="the commit to compare against")
    parser.add_argument("--villages", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--cold", action="store_true",
                        help="also time cold builds with the derived-output cache moved aside")
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    full = corpus(find_shared(), 100, "plain")
    site = sample_site(full, args.villages) if args.villages < 100 else full
    checkouts = {"base": export(args.base), "new": REPO}
    compile_code()
    compile_tree(checkouts["base"])
    runs: dict[str, list[tuple[float, float]]] = {"base": [], "new": []}
    colds: dict[str, list[tuple[float, float]]] = {"base": [], "new": []}
    with OutputFS("tmpfs") as fs:
        print(f"# paired --force builds, warm caches, {args.villages} villages, --jobs "
              f"{args.jobs}, base {args.base}; output file system: {fs.describe()}")
        outs = {name: fs.fresh(f"force-{name}") for name in checkouts}
        for name, checkout in checkouts.items():
            wall, cpu = build(checkout, site, outs[name], args.jobs)
            print(f"{name:<5} cold   wall {wall:6.2f} s  cpu {cpu:6.2f} s (untimed warm-up)",
                  flush=True)
        for number in range(args.rounds):
            order = ("base", "new") if number % 2 == 0 else ("new", "base")
            for name in order:
                result = build(checkouts[name], site, outs[name], args.jobs, "--force")
                runs[name].append(result)
                print(f"{name:<5} --force wall {result[0]:6.2f} s  cpu {result[1]:6.2f} s",
                      flush=True)
        for number in range(args.rounds if args.cold else 0):  # after every --force round
            order = ("base", "new") if number % 2 == 0 else ("new", "base")
            for name in order:
                derived_aside(site)
                result = build(checkouts[name], site, fs.fresh(f"cold-{name}"), args.jobs)
                colds[name].append(result)
                print(f"{name:<5} cold, derived cache aside: wall {result[0]:6.2f} s  cpu "
                      f"{result[1]:6.2f} s", flush=True)
        derived_cleanup(site)
    base, new = runs["base"], runs["new"]

    def median(values: list[tuple[float, float]], index: int) -> float:
        return statistics.median(v[index] for v in values)

    if args.cold:
        print(f"cold new/base: cpu {median(colds['new'], 1) / median(colds['base'], 1):.3f}x "
              f"(medians: base cpu {median(colds['base'], 1):.2f} s, new cpu "
              f"{median(colds['new'], 1):.2f} s)")

    print(f"--force new/base: wall {median(new, 0) / median(base, 0):.3f}x, cpu "
          f"{median(new, 1) / median(base, 1):.3f}x (medians: base cpu {median(base, 1):.2f} s,"
          f" new cpu {median(new, 1):.2f} s)")


if __name__ == "__main__":
    main()
