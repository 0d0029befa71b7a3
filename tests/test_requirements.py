"""requirements.txt alone runs satudesa: every package its code imports is pinned there (#20).

An AST walk over satudesa/ and app.py: each third-party import must come from a
distribution pinned in requirements.txt, never from one only requirements-dev.txt
installs. `make runtime-check` proves the same for real in a fresh venv.
"""

from __future__ import annotations

import ast
import re
import sys
from importlib import metadata
from pathlib import Path

from sitefiles import REPO

PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?==[^=\s]+$")


def _name(dist: str) -> str:
    return re.sub(r"[-_.]+", "-", dist).lower()


def pins(path: Path) -> dict[str, str]:
    """Package name -> its pinned line, for every requirement line of ``path``."""
    found = {}
    for line in path.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if not line or line.startswith("-r "):
            continue
        match = PIN.match(line)
        assert match, f"{path.name}: '{line}' is not pinned as name==version"
        found[_name(match.group(1))] = line
    return found


def imported_modules() -> dict[str, str]:
    """Top-level module -> the first file importing it, over satudesa/ and app.py."""
    found: dict[str, str] = {}
    for path in sorted([*(REPO / "satudesa").rglob("*.py"), REPO / "app.py"]):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                found.setdefault(name.split(".")[0], str(path.relative_to(REPO)))
    return {module: where for module, where in found.items()
            if module not in sys.stdlib_module_names and module != "satudesa"}


def test_both_files_pin_every_package_once() -> None:
    runtime = pins(REPO / "requirements.txt")
    dev = pins(REPO / "requirements-dev.txt")
    assert "-r requirements.txt" in (REPO / "requirements-dev.txt").read_text().splitlines()
    assert not set(runtime) & set(dev), "a package is pinned in both files"
    assert {"pytest", "playwright", "ruff", "hypothesis"} <= set(dev)
    assert {"flask", "frozen-flask", "pyyaml", "cmarkgfm"} <= set(runtime)


def test_satudesa_imports_only_what_requirements_txt_pins() -> None:
    runtime = set(pins(REPO / "requirements.txt"))
    dev = set(pins(REPO / "requirements-dev.txt"))
    owners = metadata.packages_distributions()
    modules = imported_modules()
    assert {"flask", "yaml", "jinja2", "PIL"} <= set(modules)  # the walk sees real imports
    wrong = []
    for module, where in sorted(modules.items()):
        dists = {_name(d) for d in owners.get(module, [])}
        assert dists, f"{where} imports '{module}', which no installed distribution provides"
        if not dists & runtime:
            kind = "only in requirements-dev.txt" if dists & dev else "not pinned"
            wrong.append(f"{where}: import {module} ({', '.join(sorted(dists))}: {kind})")
    assert not wrong, "pin these in requirements.txt:\n" + "\n".join(wrong)
