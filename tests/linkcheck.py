"""Find every internal href/src in a built tree that does not resolve to a file."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from selectolax.lexbor import LexborHTMLParser as HTMLParser

ATTRS = (("a", "href"), ("link", "href"), ("img", "src"), ("script", "src"),
         ("source", "src"), ("source", "srcset"), ("img", "srcset"))


def _targets(node_value: str, attr: str) -> list[str]:
    if attr == "srcset":
        return [part.strip().split(" ")[0] for part in node_value.split(",") if part.strip()]
    return [node_value]


def site_root(page: Path, build: Path) -> Path:
    """The folder a root-absolute link ('/x') resolves from: the village folder or build/."""
    rel = page.relative_to(build).parts
    return build / rel[0] if len(rel) > 1 else build


def broken_links(build: Path) -> list[str]:
    """``file: link`` for every internal link in ``build`` that has no file behind it."""
    broken = []
    for page in sorted(build.rglob("*.html")):
        tree = HTMLParser(page.read_text(encoding="utf-8"))
        for tag, attr in ATTRS:
            for node in tree.css(f"{tag}[{attr}]"):
                for link in _targets(node.attributes.get(attr) or "", attr):
                    parts = urlsplit(link)
                    if parts.scheme or parts.netloc or not parts.path:
                        continue
                    path = unquote(parts.path)
                    base = site_root(page, build) if path.startswith("/") else page.parent
                    target = (base / path.lstrip("/")).resolve()
                    if path.endswith("/"):
                        target = target / "index.html"
                    if not target.is_file():
                        broken.append(f"{page.relative_to(build)}: {link}")
    return broken
