"""Which pages of a built site the browser tests visit."""

from __future__ import annotations

from pathlib import Path

from sitefiles import REPO

from satudesa.load.loader import load_site
from satudesa.site.sections import village_routes

SKIP = {"pagefind", "static", "media"}  # folders of the built portal that are no village


def page_types(build: Path) -> list[str]:
    """One URL per template of every village, plus the portal and its 404 page.

    Taken from the route table of the demo, so a berita post, a topic page and an
    archive page each count as their own kind (folder depth alone cannot tell them
    apart), and a new template is tested as soon as the demo uses it."""
    site = load_site(REPO)
    urls = ["", "404.html"]
    for slug in village_slugs(build):
        seen: set[tuple[str, object]] = set()
        for url, route in sorted(village_routes(site, site.villages[slug]).items()):
            kind = (route.template or "", route.context.get("show"))
            if route.absolute_links:  # the 404 page is written for the village's own domain
                continue
            if route.template and route.dest.endswith(".html") and kind not in seen:
                assert (build / slug / route.dest).is_file(), route.dest
                seen.add(kind)
                urls.append(f"{slug}/{url}")
    return urls


def village_slugs(build: Path) -> list[str]:
    """Every village folder of the build."""
    return sorted(p.name for p in build.iterdir()
                  if p.is_dir() and p.name not in SKIP and (p / "index.html").is_file())
