"""Full-page screenshots of the demo in both built-in themes, for docs/screenshots/.

    python bench/screenshots.py            # build both themes, write docs/screenshots/*.png

The home, a layanan, the APBDes page of the newest year and the portal, each at
360×740 (a phone) and 1366×768 (a laptop), in Debian's Chromium, served
pre-compressed as nginx would. PNGs are reduced to 256 colours to keep the
repository small. Not part of the tests (``make screenshots``).
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO / "bench"), str(REPO / "tests")]
from lighthouse import WORK, build_demo  # noqa: E402
from serve import start  # noqa: E402
from theme_variants import THEMES, demo_site  # noqa: E402 - tests/theme_variants.py

SIZES = ((360, 740), (1366, 768))
VILLAGE = "cibeureum-girang"


def pages(build: Path) -> dict[str, str]:
    """Name -> URL path of the pages the issue asks for."""
    layanan = sorted(p.parent.name for p in (build / VILLAGE / "layanan").glob("*/index.html")
                     if p.parent.name != "page")
    years = sorted(p.parent.name for p in (build / VILLAGE / "apbdes").glob("*/index.html"))
    return {"beranda": f"{VILLAGE}/", "layanan": f"{VILLAGE}/layanan/{layanan[0]}/",
            "apbdes": f"{VILLAGE}/apbdes/{years[-1]}/", "portal": ""}


def shoot(build: Path, theme: str, out: Path) -> list[Path]:
    """Screenshot every page at both sizes; the files written."""
    from PIL import Image
    from playwright.sync_api import sync_playwright

    httpd, base = start(build)
    written = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=shutil.which("chromium") or "/usr/bin/chromium")
            for width, height in SIZES:
                context = browser.new_context(viewport={"width": width, "height": height})
                page = context.new_page()
                for name, path in pages(build).items():
                    target = out / f"{theme}-{name}-{width}.png"
                    page.goto(base + path, wait_until="networkidle")
                    page.screenshot(path=str(target), full_page=True)
                    with Image.open(target) as image:
                        small = image.convert("RGB").quantize(256, method=Image.Quantize.MEDIANCUT)
                    small.save(target, optimize=True)
                    written.append(target)
                context.close()
            browser.close()
    finally:
        httpd.shutdown()
    return written


def main() -> None:
    """Build each theme's demo and screenshot it."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots")
    parser.add_argument("--theme", choices=THEMES, action="append")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for theme in args.theme or THEMES:
        build = build_demo(WORK / f"screenshots-{theme}", demo_site(theme, WORK))
        for path in shoot(build, theme, args.out):
            print(f"{path.relative_to(REPO)} ({path.stat().st_size // 1024} KB)", flush=True)


if __name__ == "__main__":
    main()
