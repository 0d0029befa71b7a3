"""Each ``flask`` command imports only what it uses (issue 17: a one-edit build under 0.5 s)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent.parent

# Heavy packages a build never uses: the editor (flask-wtf, argon2, dulwich), deploy (boto3),
# the Dask cluster, Frozen-Flask and watchdog (only --engine frozen and --watch).
NOT_FOR_BUILD = ("satudesa.editor", "flask_wtf", "argon2", "dulwich", "satudesa.deploy",
                 "boto3", "dask", "distributed", "flask_frozen", "watchdog",
                 # imported when first used: the process pool (not for a one-village build,
                 # nor for the preview until it loads) and QR codes (service sheets only)
                 "pebble", "segno")


def _imported(*args: str) -> set[str]:
    """Every module ``flask --app app ARGS`` imports, from ``python -X importtime``."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("SATUDESA_SITE", None)
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "flask", "--app", "app",
                           *args], cwd=REPO, env=env, capture_output=True, text=True,
                          check=True)
    return {line.rsplit("|", 1)[1].strip() for line in done.stderr.splitlines()
            if line.startswith("import time:") and line.count("|") == 2}


def _heavy(modules: set[str], roots: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules if m.split(".")[0] in roots or m.startswith(roots))


def test_build_imports_neither_editor_nor_deploy() -> None:
    modules = _imported("build", "--help")
    assert "satudesa.build.engine" in modules  # the measurement sees the command's imports
    assert _heavy(modules, NOT_FOR_BUILD) == []


# `flask routes` loads the app as `flask run` does (`run --help` would not load it at all).
@pytest.mark.parametrize("args", [("check", "--help"), ("routes",)])
def test_check_and_the_app_import_no_build_engine(args: tuple[str, ...]) -> None:
    modules = _imported(*args)
    assert _heavy(modules, NOT_FOR_BUILD + ("satudesa.build.engine",)) == []


def test_help_still_lists_every_command() -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-m", "flask", "--app", "app", "--help"], cwd=REPO,
                          env=env, capture_output=True, text=True, check=True)
    listed = {line.split()[0] for line in done.stdout.split("Commands:")[1].splitlines()
              if line.strip()}
    assert {"build", "check", "deploy", "editor", "run"} <= listed
