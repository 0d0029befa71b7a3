"""Paired, interleaved cold builds of the demo by two commits: is one slower?

    python bench/paired_commits.py be3977d HEAD --rounds 5
    python bench/paired_commits.py main HEAD --edit --rounds 20   # one-edit rebuilds

Each commit is checked out into a temporary git worktree; both build the demo
cold (no image or bytecode cache, ``-j 1``) into fresh folders on a tmpfs when
one can be mounted (root), else into fresh folders of a temporary directory,
alternating which goes first. CPU seconds (user + system of the build process)
are the figure contention moves least; wall seconds are printed too. Both use
this checkout's virtualenv, so a commit needing other packages is out of scope.

``--edit`` times the other case issue 17 sets a target for: every later
one-edit ``flask build`` (a new command each time, Python start-up included).
Each commit builds its demo once cold (untimed) and once after a first edit
(untimed: it waits for the detached spare refresh), then each round appends a
sentence to one berita in its own worktree and rebuilds into the same output.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
NOW = "2026-12-01T10:00:00+07:00"


def mount_tmpfs(folder: Path) -> bool:
    """Mount a tmpfs on ``folder``; False when that is not allowed here."""
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2g", "tmpfs", str(folder)],
                          capture_output=True)
    return done.returncode == 0


def build(tree: Path, out: Path, keep_cache: bool = False) -> tuple[float, float]:
    """Cold demo build of ``tree`` into ``out``: (cpu seconds, wall seconds)."""
    if not keep_cache:
        shutil.rmtree(tree / ".cache", ignore_errors=True)
    env = {**os.environ, "SATUDESA_NOW": NOW}
    env.pop("SATUDESA_SITE", None)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "flask", "--app", "app", "build", "--out", str(out),
                    "-j", "1"], cwd=tree, env=env, check=True, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return cpu, wall


def edit_build(tree: Path, out: Path, round_: int) -> tuple[float, float]:
    """Append a sentence to one demo berita of ``tree``, rebuild into ``out``: (cpu, wall)."""
    village = sorted(p for p in (tree / "content").iterdir() if (p / "berita").is_dir())[0]
    post = sorted((village / "berita").glob("*.md"))[0]
    with open(post, "a", encoding="utf-8") as handle:
        handle.write(f"\nRalat {round_}: satu kalimat diperbaiki.\n")
    return build(tree, out, keep_cache=True)


def main() -> None:
    """Build both commits ``--rounds`` times each, interleaved; print medians and ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base")
    parser.add_argument("head")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--edit", action="store_true",
                        help="time one-edit rebuilds instead of cold builds")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="satudesa-paired-") as tmp:
        work = Path(tmp)
        trees = {}
        for label, rev in (("base", args.base), ("head", args.head)):
            trees[label] = work / label
            subprocess.run(["git", "worktree", "add", "--detach", "-q", str(trees[label]), rev],
                           cwd=REPO, check=True)
        outs = work / "out"
        outs.mkdir()
        mounted = mount_tmpfs(outs)
        print(f"output on {'tmpfs' if mounted else 'fresh folders of ' + tmp}")
        cpu: dict[str, list[float]] = {"base": [], "head": []}
        wall: dict[str, list[float]] = {"base": [], "head": []}
        try:
            if args.edit:
                for label in trees:  # untimed: the cold build, then the first edit
                    build(trees[label], outs / label)
                    edit_build(trees[label], outs / label, 0)
            for round_ in range(args.rounds):
                order = ["base", "head"] if round_ % 2 == 0 else ["head", "base"]
                for label in order:
                    if args.edit:
                        c, w = edit_build(trees[label], outs / label, round_ + 1)
                    else:
                        out = outs / f"{label}{round_}"
                        c, w = build(trees[label], out)
                        shutil.rmtree(out)
                    cpu[label].append(c)
                    wall[label].append(w)
        finally:
            if mounted:
                subprocess.run(["umount", str(outs)], check=False)
            for tree in trees.values():
                subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=REPO,
                               check=False)
    for label, rev in (("base", args.base), ("head", args.head)):
        print(f"{label} {rev}: cpu median {statistics.median(cpu[label]):.2f} s, "
              f"wall median {statistics.median(wall[label]):.2f} s")
    print(f"head/base: cpu {statistics.median(cpu['head']) / statistics.median(cpu['base']):.3f}x, "
          f"wall {statistics.median(wall['head']) / statistics.median(wall['base']):.3f}x "
          f"({args.rounds} interleaved pairs{', one-edit rebuilds' if args.edit else ''})")


if __name__ == "__main__":
    main()
