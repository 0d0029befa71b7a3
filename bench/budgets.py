"""Weight of every village home, as Chromium downloads it, next to OpenSID's.

    python bench/budgets.py                 # build the demo, measure, write bench/budgets.json
    python bench/budgets.py --build build/  # measure an existing build
    python bench/budgets.py --theme kabupaten  # the demo in the kabupaten theme

Each home is loaded with a cold cache at 360×740, DPR 2, in Debian's Chromium (Playwright),
served pre-compressed by bench/serve.py as nginx or Caddy would; every response is
counted (requests) and its bytes on the wire summed (headers + encoded body). The
file-based budget figures (HTML+CSS+JS gzip, what tests/test_budgets.py asserts)
are printed beside them. OpenSID's figures come from docs/peers (v2410, fresh
install, measured the same way).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO / "bench"), str(REPO / "tests")]
from lighthouse import WORK, build_demo  # noqa: E402
from pageweight import measure, village_homes  # noqa: E402 - tests/pageweight.py
from serve import start  # noqa: E402
from theme_variants import THEMES, demo_site  # noqa: E402 - tests/theme_variants.py

OPENSID = {  # home page, Chromium mobile, cold cache (peers.md)
    "OpenSID natra, gzip on": {"requests": 68, "transferred_kib": 780},
    "OpenSID esensi, gzip on": {"requests": 48, "transferred_kib": 1208},
}


def weigh_in_chromium(base: str, paths: list[str]) -> dict[str, dict[str, int]]:
    """Requests and bytes on the wire for each path, each in a fresh (cold) context."""
    from playwright.sync_api import sync_playwright

    figures = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=shutil.which("chromium") or "/usr/bin/chromium")
        for path in paths:
            context = browser.new_context(viewport={"width": 360, "height": 740},
                                          device_scale_factor=2)
            page = context.new_page()
            responses = []
            page.on("requestfinished", lambda request, seen=responses: seen.append(request))
            page.goto(base + path, wait_until="networkidle")
            total = images = 0
            for request in responses:
                sizes = request.sizes()
                size = sizes["responseHeadersSize"] + sizes["responseBodySize"]
                total += size
                if request.resource_type == "image":
                    images += 1
            figures[path] = {"requests": len(responses), "requests_without_images":
                             len(responses) - images, "transferred_bytes": total}
            context.close()
        browser.close()
    return figures


def main() -> None:
    """Measure every village home and print it beside OpenSID."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", type=Path, help="an existing build (default: build the demo)")
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--theme", choices=THEMES, default="default")
    args = parser.parse_args()
    suffix = "" if args.theme == "default" else f"-{args.theme}"
    args.out = args.out or REPO / "bench" / f"budgets{suffix}.json"
    build = args.build or build_demo(WORK / f"budgets-build{suffix}",
                                     demo_site(args.theme, WORK))
    homes = village_homes(build)
    httpd, base = start(build)
    try:
        wire = weigh_in_chromium(base, [f"{h.parent.name}/" for h in homes])
    finally:
        httpd.shutdown()
    rows = []
    print(f"{'home page':<34}{'requests':>9}{'no img':>8}{'on wire':>10}{'HTML+CSS+JS gz':>16}")
    for home in homes:
        path = f"{home.parent.name}/"
        weight = measure(home, build)
        row = {"page": path, **wire[path], "html_css_js_gzip_bytes": weight.total_gz()}
        rows.append(row)
        print(f"{path:<34}{row['requests']:>9}{row['requests_without_images']:>8}"
              f"{row['transferred_bytes'] / 1024:>8.1f} K{weight.total_gz() / 1024:>14.1f} K")
    for name, figures in OPENSID.items():
        print(f"{name:<34}{figures['requests']:>9}{'':>8}{figures['transferred_kib']:>8} K")
    args.out.write_text(json.dumps({"homes": rows, "opensid": OPENSID}, indent=2) + "\n")
    print(f"written: {args.out.relative_to(REPO) if args.out.is_relative_to(REPO) else args.out}")


if __name__ == "__main__":
    main()
