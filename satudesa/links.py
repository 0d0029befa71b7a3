"""URLs inside a village site: every internal link is relative, made in this one place.

A village-relative URL has no leading slash: ``""`` is the home page,
``"berita/"`` a folder page (written as ``berita/index.html``), ``"feed.xml"``
a file. Relative links let ``build/<slug>/`` work both as a domain root and
under ``/<slug>/`` in the portal.
"""

from __future__ import annotations

import os
import re
import unicodedata
from typing import TYPE_CHECKING
from urllib.parse import quote

if TYPE_CHECKING:
    from satudesa.load.model import Site
    from satudesa.load.registry import Village


def relative(from_url: str, to_url: str) -> str:
    """The shortest relative link from the page at ``from_url`` to ``to_url``.

    >>> relative("berita/panen/", "layanan/")
    '../../layanan/'
    >>> relative("berita/", "berita/panen/")
    'panen/'
    """
    here = from_url.split("/")[:-1]  # the folder the page is served from
    path, _, fragment = to_url.partition("#")
    there = path.split("/")
    common = 0
    while common < min(len(here), len(there) - 1) and here[common] == there[common]:
        common += 1
    link = "../" * (len(here) - common) + "/".join(there[common:])
    if not link:
        link = "./"
    return f"{link}#{fragment}" if fragment else link


def quote_path(path: str) -> str:
    """Percent-encode a file path for use in a URL (spaces, Unicode)."""
    return quote(path, safe="/")


def absolute(base: str, url: str) -> str:
    """Join a village-relative URL onto an absolute base (``https://x.desa.id/``)."""
    return base.rstrip("/") + "/" + url


def slugify(name: str) -> str:
    """A URL-safe slug: ASCII lowercase letters, digits and '-'."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "halaman"


def canonical_url(site: Site, village: Village | None, url: str) -> str | None:
    """Absolute URL of ``url`` in ``village`` (or the portal), or None without a base."""
    if village is not None and village.domain:
        return absolute(f"https://{village.domain}/", url)
    base = site.settings.get("base_url")
    if not base:
        return None
    prefix = f"{village.slug}/" if village is not None else ""
    return absolute(str(base), prefix + url)


# -- portable copies (file://) -------------------------------------------------------

PORTABLE_ENV = "SATUDESA_PORTABLE"
# A relative link to a folder page: no scheme, not root-absolute, not only a fragment.
_FOLDER_LINK = re.compile(r'href="(?![a-zA-Z][a-zA-Z0-9+.-]*:|#|/)([^"?#]*/)((?:[?#][^"]*)?)"')


def portable() -> bool:
    """True for ``flask build --portable``: links name ``index.html`` for file:// copies.

    An environment variable, so the build's worker processes see the same choice."""
    return os.environ.get(PORTABLE_ENV) == "1"


def portable_links(html: str) -> str:
    """Point every relative folder link at its ``index.html``.

    Opened from a folder or a USB stick (``file://``), a browser shows a directory
    listing for ``berita/``; ``berita/index.html`` is the page.

    >>> portable_links('<a href="../berita/#x">b</a> <a href="https://x.id/">x</a>')
    '<a href="../berita/index.html#x">b</a> <a href="https://x.id/">x</a>'
    """
    return _FOLDER_LINK.sub(r'href="\1index.html\2"', html)
