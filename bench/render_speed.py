"""Template rendering CPU per village, by template: an earlier commit against this checkout.

    python bench/render_speed.py --base main --villages 10 --rounds 3

Only ``Renderer.render`` is timed (``time.process_time``), for every page of
every village of the bench corpus's first ``--villages`` villages, with the
site loaded and each village's routes planned beforehand (not timed). Each
round runs the ``--base`` commit (exported by ``bench/ab.py``'s ``export``) and
this checkout in separate processes, alternating which goes first, and the
figures are medians over rounds: milliseconds per village for each template
and in total, and the ratio new/base. No file is written; builds and Pagefind
are ``bench/ab.py``'s business.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ab import export  # noqa: E402
from run import NOW, REPO, corpus, find_shared  # noqa: E402


def measure(site_dir: Path, villages: int) -> dict[str, float]:
    """CPU seconds of Renderer.render per template over the site's first villages."""
    from satudesa.load.loader import load_site
    from satudesa.render.renderer import Renderer

    site = load_site(site_dir)
    slugs = sorted(site.villages)[:villages]
    renderer = Renderer(site)
    scopes = [renderer.village_scope(slug) for slug in slugs]  # routes planned, not timed
    renderer.render(scopes[0], next(r for r in scopes[0].table.values() if r.is_html))
    totals: dict[str, float] = defaultdict(float)
    for scope in scopes:
        for route in scope.table.values():
            if not route.is_html:
                continue
            start = time.process_time()
            renderer.render(scope, route)
            totals[str(route.template)] += time.process_time() - start
    return {name: seconds / len(slugs) for name, seconds in totals.items()}


def run_checkout(checkout: Path, site: Path, villages: int) -> dict[str, float]:
    """``measure`` in a fresh process importing ``checkout``'s satudesa."""
    code = (f"import sys, json; sys.path[:0] = [{str(checkout)!r}, {str(REPO / 'bench')!r}]; "
            "from render_speed import measure; "
            f"print(json.dumps(measure(__import__('pathlib').Path({str(site)!r}), {villages})))")
    out = subprocess.run([sys.executable, "-c", code], cwd=checkout, check=True,
                         capture_output=True, text=True, env={**os.environ, "SATUDESA_NOW": NOW})
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="main", help="the commit to compare against")
    parser.add_argument("--villages", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--site", type=Path, help="a site folder (default: the bench corpus)")
    args = parser.parse_args()
    site = args.site or corpus(find_shared(), max(args.villages, 10), "plain")
    checkouts = {"base": export(args.base), "new": REPO}
    runs: dict[str, list[dict[str, float]]] = {"base": [], "new": []}
    for number in range(args.rounds):
        for name in (("base", "new") if number % 2 == 0 else ("new", "base")):
            runs[name].append(run_checkout(checkouts[name], site, args.villages))

    def median(name: str, template: str | None) -> float:
        return statistics.median(
            (sum(r.values()) if template is None else r.get(template, 0.0)) * 1000
            for r in runs[name])

    templates = sorted({t for r in runs["base"] + runs["new"] for t in r},
                       key=lambda t: -median("base", t))
    print(f"# Renderer.render CPU, ms per village, {args.villages} villages, median of "
          f"{args.rounds} rounds; base {args.base}")
    print(f"{'template':<26}{'base':>9}{'new':>9}{'new/base':>10}")
    for template in [*templates, None]:
        base, new = median("base", template), median("new", template)
        ratio = f"{new / base:.2f}" if base else "-"
        print(f"{template or 'total':<26}{base:9.1f}{new:9.1f}{ratio:>10}")


if __name__ == "__main__":
    main()
