"""Nothing lost: a page whose source now has an error keeps its last good output.

A village is rebuilt as a whole, so a page skipped for an error would vanish
from the new build and break every link residents shared. The freezer calls
:func:`keep_last_good` after it wrote a village into staging: for each page
whose source file had an error this time, the previously published output (and
the files only it referred to, such as its images or an older stylesheet) is
linked into staging, unless the new build already wrote that URL. A page whose
source was deleted has no error, so it does disappear. See docs/security.md.

Engines (incremental or parallel) keep the same rule: an output whose source
has an error is never deleted or overwritten; only a removed source removes it.
"""

from __future__ import annotations

import os
import posixpath
import shutil
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from satudesa.errors import Report
from satudesa.links import slugify
from satudesa.load.kinds import KINDS, RESERVED


def failed_page_urls(report: Report, slug: str) -> list[str]:
    """Village-relative URLs of the pages of ``slug`` whose source had an error."""
    urls: set[str] = set()
    prefix = f"content/{slug}/"
    for problem in report.errors:
        if not problem.path.startswith(prefix) or not problem.path.endswith(".md"):
            continue
        parts = PurePosixPath(problem.path[len(prefix):]).parts
        if len(parts) != 2 or parts[0] not in KINDS:
            continue
        name = slugify(PurePosixPath(parts[1]).stem)
        if parts[0] == "halaman":
            if name not in RESERVED:  # a section introduction: its section is rebuilt anyway
                urls.add(f"{name}/")
        else:
            urls.add(f"{parts[0]}/{name}/")
    return sorted(urls)


def keep_last_good(report: Report, slug: str, published: Path, staging: Path) -> list[str]:
    """Link the last published output of ``slug``'s failed pages into ``staging``.

    ``published`` and ``staging`` are the village's folders (``build/<slug>``
    and its staging twin). Never overwrites a file the new build wrote.
    Returns the URLs kept.
    """
    kept = []
    if not published.is_dir():
        return kept
    for url in failed_page_urls(report, slug):
        dest = url + "index.html"
        if not (published / dest).is_file() or (staging / dest).exists():
            continue
        _link(published / dest, staging / dest)
        kept.append(url)
        for ref in _references((published / dest).read_text("utf-8", errors="replace")):
            target = _resolve(url, ref)
            if target is None or target.endswith((".html", "/")):
                continue  # other pages are the new build's business
            source = published / target
            if source.is_file() and not (staging / target).exists() and \
                    _inside(source, published):
                _link(source, staging / target)
    return kept


def _link(source: Path, dest: Path) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, dest)
    except OSError:
        shutil.copy2(source, dest)


def _inside(path: Path, root: Path) -> bool:
    return path.resolve().is_relative_to(root.resolve())


def _resolve(page_url: str, ref: str) -> str | None:
    """A relative reference from ``page_url`` as a village-relative file path, or None."""
    parts = urlsplit(ref)
    if parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/"):
        return None
    joined = posixpath.normpath(posixpath.join(page_url, unquote(parts.path)))
    if joined.startswith("..") or joined == ".":
        return None
    return joined + ("/" if parts.path.endswith("/") else "")


def _references(html: str) -> list[str]:
    collector = _Refs()
    collector.feed(html)
    return collector.refs


class _Refs(HTMLParser):
    """Collects ``href``, ``src`` and ``srcset`` values."""

    def __init__(self) -> None:
        super().__init__()
        self.refs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.refs.append(value)
            elif name == "srcset" and value:  # responsive images: every candidate
                self.refs.extend(c.split()[0] for c in value.split(",") if c.strip())
