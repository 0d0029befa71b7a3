"""Helpers of the tests/test_robust_*.py files: the two-village site 'mk' and real processes.

``mk`` is the site of issue 14: villages ``x`` and ``y``, each with a profile
page and a news item. Commands run as real ``flask`` processes with a timeout, so
a hang fails the test instead of stopping the suite.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sitefiles import REPO, VILLAGE, write_tree


def village_yml(name: str, number: int) -> str:
    """A valid registry entry with its own kode wilayah."""
    return VILLAGE.replace("Desa Contoh", name).replace("2001", str(2000 + number))


def mk(root: Path, extra: dict[str, str | bytes] | None = None) -> Path:
    """The two-village site (x, y) under ``root/site``, plus ``extra`` files."""
    files: dict[str, str | bytes] = {
        "site.yml": 'base_url: "https://desa.example.go.id/"\n',
    }
    for number, slug in enumerate(("x", "y"), 1):
        files[f"villages/{slug}.yml"] = village_yml(f"Desa {slug.upper()}", number)
        files[f"content/{slug}/halaman/profil.md"] = (
            f"---\ntitle: Profil {slug}\n---\nDesa {slug} di kaki gunung.\n")
        files[f"content/{slug}/berita/panen.md"] = (
            f"---\ntitle: Panen {slug}\ndate: 2026-03-03\n---\nWarga {slug} memanen padi.\n")
    files.update(extra or {})
    return write_tree(root / "site", files)


def flask(site: Path, *args: str, timeout: float = 120, env: dict[str, str] | None = None
          ) -> subprocess.CompletedProcess[str]:
    """Run ``flask <args> --site site`` in a real process; a hang raises TimeoutExpired."""
    return subprocess.run(
        [sys.executable, "-m", "flask", "--app", str(REPO / "app.py"), *args,
         "--site", str(site)], env={**os.environ, **(env or {})}, cwd=site,
        capture_output=True, text=True, timeout=timeout, check=False)


def flask_popen(site: Path, *args: str, env: dict[str, str] | None = None
                ) -> subprocess.Popen[str]:
    """Start ``flask <args> --site site`` in its own process group (stop it with killpg)."""
    return subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", str(REPO / "app.py"), *args,
         "--site", str(site)], env={**os.environ, **(env or {})}, cwd=site,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
