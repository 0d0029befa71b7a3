"""Which ``srcset`` width Debian's Chromium loads, per image slot, phone and variant set.

    python bench/srcset_pick.py

``bench/photos.py`` counts the bytes a phone loads per image by the rule "the
narrowest candidate at least as wide as the slot in device pixels, else the widest".
This script checks that rule in the browser residents' phones run (Chromium, through
Playwright, viewport and device pixel ratio emulated): for each of the theme's
``sizes`` values and each phone it reads ``currentSrc`` of a ``<picture>`` whose
WebP candidates are the old widths (encoder 3) and the new ones (a 2000-wide decode
divided by 2, 3 and 6), and prints both beside what the rule predicts. No image is
downloaded: every request is answered with an empty 404 from a route handler.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from satudesa.images.markup import SIZES  # noqa: E402

SETS = {"old": (320, 640, 960, 1280), "new": (334, 667, 1000)}
# (name, sizes attribute) as the templates write them (themes/base, site/portal.py)
SLOTS = (("cover", SIZES),
         ("home hero", "(min-width: 60rem) 28rem, (min-width: 48rem) 46vw, calc(100vw - 2rem)"),
         ("potensi list", "(min-width: 60rem) 28rem, (min-width: 40rem) 45vw, calc(100vw - 4rem)"),
         ("gallery", "(min-width: 60rem) 14rem, 45vw"),
         ("thumbnail", "6rem"),
         ("portrait", "72px"))
PHONES = ((360, 2.0), (360, 3.0), (412, 2.0), (412, 2.625), (412, 3.0))
CHROMIUM = "/usr/bin/chromium"


def slot_width(sizes: str, viewport: int) -> float:
    """CSS px of the last (phone) entry of a ``sizes`` value, for these simple forms."""
    last = sizes.split(",")[-1].strip()
    if match := re.fullmatch(r"calc\(100vw - (\d+)rem\)", last):
        return viewport - 16 * int(match[1])
    if match := re.fullmatch(r"(\d+)vw", last):
        return viewport * int(match[1]) / 100
    if match := re.fullmatch(r"(\d+)rem", last):
        return 16 * int(match[1])
    if match := re.fullmatch(r"(\d+)px", last):
        return int(match[1])
    raise ValueError(sizes)


def predicted(widths: tuple[int, ...], need: float) -> int:
    """The rule bench/photos.py uses."""
    return min((w for w in widths if w >= need), default=max(widths))


def main() -> None:
    from playwright.sync_api import sync_playwright

    html = "<!doctype html><body>" + "".join(
        f'<picture><source type="image/webp" sizes="{sizes}" srcset="'
        + ", ".join(f"/{name}/{w}.webp {w}w" for w in widths)
        + f'"><img id="{name}-{index}" src="/x.jpg" width="10" height="10" alt=""></picture>'
        for name, widths in SETS.items() for index, (_, sizes) in enumerate(SLOTS))
    mismatches = 0
    print(f"{'slot':<13} {'phone':<9} {'need':>5}  old: got (rule)   new: got (rule)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM)
        for viewport, dpr in PHONES:
            context = browser.new_context(viewport={"width": viewport, "height": 740},
                                          device_scale_factor=dpr)
            page = context.new_page()
            page.route("**/*", lambda route: route.fulfill(
                status=200, content_type="text/html", body=html)
                if route.request.url.endswith("/") else route.fulfill(status=404, body=b""))
            page.goto("http://photos.test/")
            got = page.evaluate("Object.fromEntries([...document.images].map("
                                "i => [i.id, i.currentSrc.split('/').pop()]))")
            for index, (slot, sizes) in enumerate(SLOTS):
                need = slot_width(sizes, viewport) * dpr
                cells = []
                for name, widths in SETS.items():
                    loaded = int(got[f"{name}-{index}"].split(".")[0])
                    rule = predicted(widths, need)
                    mismatches += loaded != rule
                    cells.append(f"{loaded:>5} ({rule:>4})")
                print(f"{slot:<13} {viewport}@{dpr:<5g} {need:5.0f}  " + "   ".join(cells))
            context.close()
        browser.close()
    print(f"\n{mismatches} choices differ from the rule")


if __name__ == "__main__":
    main()
