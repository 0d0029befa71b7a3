"""Per-file cost of Markdown engines on the benchmark corpus (same process, same files).

    python bench/markdown_engines.py --villages 10

Prints each engine's mean cost per file and its ratio to cmark-gfm, so the
choice recorded in docs/internals.md can be re-checked on any machine.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import cmarkgfm
import markdown
import nh3

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from satudesa.load.content import split_front_matter  # noqa: E402
from satudesa.load.markup import render_markdown  # noqa: E402

# shared/ sits beside the repository; SATUDESA_SHARED points elsewhere (e.g. from a worktree).
_REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("SATUDESA_SHARED") or _REPO.parent / "shared")
GENERATOR = SHARED / "bench" / "gen_corpus.py"


def bodies(villages: int) -> list[str]:
    """Markdown bodies of a generated corpus."""
    out = Path(tempfile.mkdtemp()) / "corpus"
    subprocess.run([sys.executable, str(GENERATOR), "--villages", str(villages), "--out", str(out),
                    "--format", "plain"], check=True, capture_output=True)
    return [split_front_matter(p.read_text())[1] for p in sorted(out.rglob("*.md"))]


def per_file(render, texts: list[str], rounds: int = 3) -> float:
    """Best-of-``rounds`` mean seconds per file."""
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for text in texts:
            render(text)
        best = min(best, (time.perf_counter() - start) / len(texts))
    return best


def main() -> None:
    """Measure and print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--villages", type=int, default=10)
    args = parser.parse_args()
    texts = bodies(args.villages)
    md = markdown.Markdown(extensions=["extra"])
    engines = {
        "cmark-gfm": lambda t: cmarkgfm.github_flavored_markdown_to_html(t),
        "nh3 sanitise (of cmark output)": None,
        "satudesa pipeline (cmark-gfm + nh3 + links)": lambda t: render_markdown(t),
        "Python-Markdown (extra)": lambda t: md.reset().convert(t),
    }
    rendered = [cmarkgfm.github_flavored_markdown_to_html(t) for t in texts]
    results = {}
    for name, fn in engines.items():
        if fn is None:
            results[name] = per_file(nh3.clean, rendered)
        else:
            results[name] = per_file(fn, texts)
    base = results["cmark-gfm"]
    print(f"{len(texts)} files")
    for name, seconds in results.items():
        print(f"{name:46s} {seconds * 1000:7.3f} ms/file  {seconds / base:6.1f}x cmark-gfm")


if __name__ == "__main__":
    main()
