"""The fast engine writes exactly what a Frozen-Flask freeze of the same app writes."""

from __future__ import annotations

from pathlib import Path

import pytest
from sitefiles import REPO

from satudesa import create_app


def tree(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` by relative path."""
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


def build(site: Path, out: Path, *extra: str) -> None:
    app = create_app({"TESTING": True, "SATUDESA_SITE": str(site)})
    result = app.test_cli_runner().invoke(args=["build", "--out", str(out), *extra])
    assert result.exit_code == 0, result.output


@pytest.mark.slow
def test_demo_fast_build_is_byte_identical_to_frozen_flask(tmp_path: Path) -> None:
    build(REPO, tmp_path / "frozen", "--engine", "frozen")
    build(REPO, tmp_path / "fast", "--engine", "fast", "--jobs", "2")
    frozen, fast = tree(tmp_path / "frozen"), tree(tmp_path / "fast")
    assert len(frozen) > 100
    assert sorted(fast) == sorted(frozen)
    different = [name for name in frozen if frozen[name] != fast[name]]
    assert different == []


def test_small_site_fast_build_equals_frozen_flask(site_tree: Path, tmp_path: Path) -> None:
    build(site_tree, tmp_path / "frozen", "--engine", "frozen")
    build(site_tree, tmp_path / "fast", "--jobs", "1")
    assert tree(tmp_path / "fast") == tree(tmp_path / "frozen")
