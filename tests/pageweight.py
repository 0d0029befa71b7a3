"""Page weight of a built site, measured from its files: what a phone downloads, images aside.

Shared by ``tests/test_budgets.py`` (the budgets as assertions) and
``bench/budgets.py`` (the same figures as a table).
"""

from __future__ import annotations

import gzip
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from selectolax.lexbor import LexborHTMLParser as HTMLParser

PAGE_BUDGET = 50 * 1024  # HTML + CSS + JS, gzip, any page
HOME_BUDGET = 30 * 1024  # the village home
HOME_REQUESTS = 4  # images aside
SCRIPT_BUDGET = 5 * 1024  # optional JavaScript, gzip, per page
SKIP_DIRS = {"pagefind", "static", "media"}


@dataclass
class PageWeight:
    """One page and what loading it costs, images aside."""

    path: Path
    html_gz: int
    css: list[Path] = field(default_factory=list)
    scripts: list[tuple[Path, bool]] = field(default_factory=list)  # (file, deferred)
    icons: list[str] = field(default_factory=list)
    remote: list[str] = field(default_factory=list)  # resources from another origin

    def total_gz(self) -> int:
        """HTML + CSS + JS bytes after gzip."""
        return self.html_gz + sum(gz_size(p) for p in self.css) + sum(
            gz_size(p) for p, _ in self.scripts)

    def requests(self) -> int:
        """The page, its stylesheets, scripts and icon: every request but images."""
        return 1 + len(self.css) + len(self.scripts) + len(self.icons)


def gz_size(path: Path) -> int:
    """Size after gzip: the pre-compressed copy when the build wrote one."""
    packed = path.with_name(path.name + ".gz")
    if packed.is_file():
        return packed.stat().st_size
    return len(gzip.compress(path.read_bytes(), 9))


def is_remote(url: str) -> bool:
    """A URL that would load from another origin (scheme or protocol-relative)."""
    parts = urlsplit(url.strip())
    return bool(parts.netloc) or parts.scheme not in ("", "data")


def _local(page: Path, url: str, root: Path) -> Path:
    path = unquote(urlsplit(url).path)
    if path.startswith("/"):  # 404 pages link from the site root
        return (root / path.lstrip("/")).resolve()
    return (page.parent / path).resolve()


def measure(page: Path, build: Path) -> PageWeight:
    """Weigh one built HTML page and the files it makes the browser load."""
    parts = page.relative_to(build).parts
    root = build / parts[0] if len(parts) > 1 else build
    tree = HTMLParser(page.read_text(encoding="utf-8"))
    weight = PageWeight(page, gz_size(page))
    for link in tree.css("link[href]"):
        rel = (link.attributes.get("rel") or "").lower().split()
        href = link.attributes["href"] or ""
        if not {"stylesheet", "icon", "preload", "modulepreload", "manifest"} & set(rel):
            continue  # canonical, alternate: not loaded by the browser
        if is_remote(href):
            weight.remote.append(href)
        elif "stylesheet" in rel:
            weight.css.append(_local(page, href, root))
        elif "icon" in rel:
            weight.icons.append(href)
    for script in tree.css("script[src]"):
        src = script.attributes["src"] or ""
        if is_remote(src):
            weight.remote.append(src)
        else:
            deferred = "defer" in script.attributes or "async" in script.attributes or \
                script.attributes.get("type") == "module"
            weight.scripts.append((_local(page, src, root), deferred))
    for node in tree.css("img[src], source[srcset], img[srcset], iframe[src], video, audio"):
        for attr in ("src", "srcset"):
            for candidate in (node.attributes.get(attr) or "").split(","):
                url = candidate.strip().split(" ")[0]
                if url and is_remote(url):
                    weight.remote.append(url)
    return weight


def village_pages(build: Path) -> list[Path]:
    """Every HTML page of every village folder, and the portal's."""
    pages = []
    for page in sorted(build.rglob("*.html")):
        parts = page.relative_to(build).parts
        if len(parts) > 1 and parts[1] in SKIP_DIRS:
            continue
        pages.append(page)
    return pages


def village_homes(build: Path) -> list[Path]:
    """``<slug>/index.html`` for every village in the build (a folder with its own sitemap;
    the portal's own pages, such as ``kelengkapan/``, have none)."""
    return sorted(p / "index.html" for p in build.iterdir()
                  if p.is_dir() and (p / "index.html").is_file() and p.name not in SKIP_DIRS
                  and (p / "sitemap.xml").is_file())


FONT_FACE = re.compile(r"@font-face|@import|url\(\s*['\"]?(https?:)?//", re.I)
