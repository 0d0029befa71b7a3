"""A form's check in the editor's process vs. in the check worker: median of N calls.

    python bench/editor_check.py [--site DIR] [--village SLUG] [--page NAME] [--runs 20]

Checks one berita of the village's (its own text, unsaved) with
``documents.check_text`` in this process (as the editor did before) and with
``Publisher.check_text`` (the warm check worker, as the editor does now), and
the whole-page Pratinjau both ways. Ratios are against the in-process run.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from satudesa.editor.documents import check_text  # noqa: E402
from satudesa.editor.pagepreview import render_page  # noqa: E402
from satudesa.editor.publisher import Publisher  # noqa: E402
from satudesa.editor.villages import get_village  # noqa: E402
from satudesa.load.kinds import KINDS  # noqa: E402


def median_ms(call, runs: int) -> float:  # noqa: ANN001
    """Median wall time of ``runs`` calls after one warm-up, in milliseconds."""
    call()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    """Print the four medians and the ratios."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--site", type=Path, default=ROOT)
    parser.add_argument("--village", default="tanjung-purun")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--page", default="jalan-titian-danau-rawah", help="a berita's name")
    args = parser.parse_args()
    site = args.site.resolve()
    village = get_village(site, args.village)
    assert village is not None, args.village
    kind = KINDS["berita"]
    path = (site / "content" / args.village / "berita" / f"{args.page}.md")
    text = path.read_text("utf-8")
    rel = path.relative_to(site / "content" / args.village).as_posix()
    with Publisher(site, site / "build") as publisher:
        rows = [
            ("check, in-process (before)", lambda: check_text(site, village, kind, path, text)),
            ("check, check worker (now)",
             lambda: publisher.check_text(args.village, "berita", rel, text)),
            ("page preview, in-process", lambda: render_page(site, village, kind, path, text)),
            ("page preview, check worker (now)",
             lambda: publisher.preview(args.village, "berita", rel, text)),
        ]
        results = [(name, median_ms(call, args.runs)) for name, call in rows]
    print(f"{path.relative_to(site)}, median of {args.runs} calls")
    for index, (name, ms) in enumerate(results):
        base = results[index - index % 2][1]
        print(f"  {name:34} {ms:8.1f} ms   x{ms / base:.2f}")


if __name__ == "__main__":
    main()
