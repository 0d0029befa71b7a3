"""The repository's demo as a regency would run it with the ``kabupaten`` theme.

Shared by the tests (both themes are checked) and by bench/screenshots.py. The
demo's own ``site.yml`` uses the default theme; this copy sets the regency's
``theme``, ``lock_theme``, ``logo`` and ``color`` (the demo logo is
``media/logo-kabupaten.png``, drawn for the demo).
"""

from __future__ import annotations

import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
THEMES = ("default", "kabupaten")
REGENCY = ('theme: kabupaten\nlock_theme: true\nlogo: "media/logo-kabupaten.png"\n'
           'color: "#164e63"\n')


def demo_site(theme: str, dest: Path) -> Path:
    """The demo site folder for ``theme``: the repository itself, or a copy under ``dest``."""
    if theme == "default":
        return REPO
    site = dest / f"demo-{theme}"
    if site.exists():
        shutil.rmtree(site)
    site.mkdir(parents=True)
    for name in ("villages", "content", "media"):
        shutil.copytree(REPO / name, site / name)
    text = (REPO / "site.yml").read_text(encoding="utf-8")
    (site / "site.yml").write_text(text + REGENCY, encoding="utf-8")
    return site
