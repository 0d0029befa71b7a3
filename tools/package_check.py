#!/usr/bin/env python3
"""Prove that ``pip install .`` gives a working satudesa that builds the site it is run in.

Installs the package (hatchling, from pyproject.toml) into a fresh venv in a
temporary folder, copies the demo site (villages/, content/, site.yml) next
to it, runs ``flask --app satudesa build`` there and compares the output with
a build by this checkout, file by file. Also checks that installing wrote
nothing into the source tree. Run by ``make package-check``; not part of
``make test`` (it installs packages). Uses only the standard library.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
NOW = "2026-12-01T10:00:00+07:00"


def digests(root: Path) -> dict[str, str]:
    """SHA-256 of every file under ``root`` by relative path."""
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def git_status() -> str:
    """``git status --porcelain`` of the checkout (what installing may have written)."""
    return subprocess.run(["git", "status", "--porcelain", "--ignored=no"], cwd=REPO,
                          capture_output=True, text=True, check=True).stdout


def main() -> int:
    """Install, build in a copy of the demo, compare; exit 1 on any difference."""
    before = git_status()
    env = {**os.environ, "SATUDESA_NOW": NOW}
    env.pop("SATUDESA_SITE", None)
    with tempfile.TemporaryDirectory(prefix="satudesa-package-") as tmp:
        work = Path(tmp)
        venv = work / "venv"
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin/pip"), "install", "--quiet", str(REPO)], check=True)
        site = work / "site"
        site.mkdir()
        for name in ("villages", "content"):
            shutil.copytree(REPO / name, site / name)
        shutil.copy2(REPO / "site.yml", site / "site.yml")
        subprocess.run([str(venv / "bin/flask"), "--app", "satudesa", "build"], cwd=site,
                       env=env, check=True)
        reference = work / "reference"
        subprocess.run([sys.executable, "-m", "flask", "--app", "app", "build", "--out",
                        str(reference)], cwd=REPO, env=env, check=True)
        installed, expected = digests(site / "build"), digests(reference)
    if installed != expected:
        differ = sorted(set(installed.items()) ^ set(expected.items()))
        print(f"package-check: {len(differ)} files differ, e.g. {differ[:3]}")  # noqa: T201
        return 1
    if git_status() != before:
        print("package-check: installing wrote into the source tree")  # noqa: T201
        return 1
    print(f"package-check: the installed copy built {len(installed)} files, "  # noqa: T201
          "identical to this checkout's build")
    return 0


if __name__ == "__main__":
    sys.exit(main())
