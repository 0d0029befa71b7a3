"""``safe_join`` skips ``realpath`` when no symlink is on the way, with the same verdicts.

The reference below is ``safe_join`` as it was (a full ``realpath`` check for
every reference). Every reference built from the components of a tree full of
symlinks (inside, outside, dangling, looping, through a file) must get the
same answer, and the same ``exists()`` afterwards, from the fast version.
"""

from __future__ import annotations

import itertools
import os
from pathlib import Path

import pytest

from satudesa.inputs.sources import is_inside, safe_join

COMPONENTS = ["media", "a.jpg", "berita", "in", "out", "dangling", "loop", "x", "", ".",
              "..", "file-out.jpg", "deep", "chain"]


def reference(root: Path, ref: str) -> Path | None:
    """safe_join before the fast path: realpath for every reference."""
    if not ref or "\\" in ref or "\x00" in ref or "%" in ref:
        return None
    if ref.startswith("/") or (len(ref) > 1 and ref[1] == ":"):
        return None
    parts = [p for p in ref.split("/") if p not in ("", ".")]
    if any(p == ".." for p in parts):
        return None
    candidate = root.joinpath(*parts) if parts else root
    return candidate if is_inside(candidate, root) else None


def hostile_tree(base: Path) -> Path:
    """A village folder with every kind of symlink, and a secret beside it."""
    (base / "outside").mkdir()
    (base / "outside" / "secret.txt").write_text("rahasia")
    real = base / "real"
    (real / "media" / "deep").mkdir(parents=True)
    (real / "berita").mkdir()
    (real / "media" / "a.jpg").write_bytes(b"\xff\xd8")
    (real / "a.jpg").write_bytes(b"\xff\xd8")
    os.symlink("media", real / "in")  # inside
    os.symlink(base / "outside", real / "out")  # outside, absolute
    os.symlink("../../outside/secret.txt", real / "media" / "file-out.jpg")  # outside, relative
    os.symlink("nowhere", real / "dangling")
    os.symlink("loop", real / "loop")
    os.symlink("../out", real / "media" / "chain")  # a link to a link that leaves
    os.symlink("../in/deep", real / "media" / "deep" / "x")  # inside, through another link
    os.symlink("real", base / "root")  # the village folder itself is a link
    return real


@pytest.mark.parametrize("via_link", [False, True])
def test_fast_and_full_checks_agree_on_every_reference(tmp_path: Path, via_link: bool) -> None:
    real = hostile_tree(tmp_path)
    root = tmp_path / "root" if via_link else real
    refs = ["/".join(combo) for depth in (1, 2, 3)
            for combo in itertools.product(COMPONENTS, repeat=depth)]
    refs += ["/media/a.jpg", "c:/x", "media\\a.jpg", "%2e%2e/x", "media/a.jpg\x00", "a" * 300]
    leaks = []
    for ref in refs:
        fast, full = safe_join(root, ref), reference(root, ref)
        assert fast == full, ref
        if fast is not None:
            assert _exists(fast) == _exists(full), ref
            assert is_inside(fast, root), ref
            leaks += [ref] if b"rahasia" in _read(fast) else []
    assert leaks == []


def test_links_out_are_refused_and_links_in_followed(tmp_path: Path) -> None:
    root = hostile_tree(tmp_path)
    assert safe_join(root, "media/a.jpg") == root / "media" / "a.jpg"
    assert safe_join(root, "in/a.jpg") == root / "in" / "a.jpg"
    assert safe_join(root, "media/deep/x") == root / "media" / "deep" / "x"
    assert safe_join(root, "missing/dir/a.jpg") == root / "missing" / "dir" / "a.jpg"
    for ref in ("out/secret.txt", "media/file-out.jpg", "media/chain/secret.txt", "loop/x",
                "../outside/secret.txt", "media/../../outside/secret.txt", "/etc/passwd"):
        assert safe_join(root, ref) is None, ref


def _exists(path: Path) -> bool | str:
    try:
        return path.exists()
    except OSError as exc:  # a name too long for the file system
        return exc.__class__.__name__


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes() if path.is_file() else b""
    except OSError:
        return b""
