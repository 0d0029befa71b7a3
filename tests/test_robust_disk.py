"""Issue 14, item 14: a full or read-only output disk is told in Indonesian and loses nothing.

Real disks: a tiny tmpfs mounted for the test (the tests run as root; without
the right to mount, these tests are skipped), filled up or remounted
read-only. Also: after a first build in which a village failed, the portal
and the sitemap index do not link to it.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from robust_site import flask, mk


@pytest.fixture
def disk(tmp_path: Path):
    """A 20 MB tmpfs at ``tmp_path/disk``; unmounted afterwards."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=20m", "tmpfs", str(mount)],
                          capture_output=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def fill(mount: Path) -> None:
    """Leave no free byte on the tmpfs."""
    with open(mount / "pengisi", "wb") as handle:
        try:
            while True:
                handle.write(b"\0" * 65536)
        except OSError:
            pass
    subprocess.run(["sync"], check=False)


def _no_english(text: str) -> None:
    assert "Traceback" not in text and "Errno" not in text and "No space left" not in text
    assert "Read-only file system" not in text


def test_a_full_disk_on_the_first_build_is_told_in_indonesian(tmp_path: Path, disk: Path) -> None:
    site = mk(tmp_path)
    fill(disk)
    done = flask(site, "build", "--out", str(disk / "build"), timeout=90)
    assert done.returncode == 1
    assert "disk penuh: tidak dapat menulis" in done.stderr, done.stderr
    assert "situs yang sudah terbit tidak berubah" in done.stderr
    _no_english(done.stdout + done.stderr)


def test_a_full_disk_keeps_the_published_tree(tmp_path: Path, disk: Path) -> None:
    site = mk(tmp_path)
    out = disk / "build"
    assert flask(site, "build", "--out", str(out), timeout=90).returncode == 0
    before = tree(out)
    page = site / "content/x/berita/panen.md"
    page.write_text(page.read_text() + "\nTambahan " * 2000)
    fill(disk)
    done = flask(site, "build", "--out", str(out), "--force", timeout=90)
    assert done.returncode == 1
    assert "disk penuh" in done.stderr, done.stderr
    _no_english(done.stdout + done.stderr)
    assert tree(out) == before
    (disk / "pengisi").unlink()
    again = flask(site, "build", "--out", str(out), timeout=90)
    assert again.returncode == 0, again.stderr
    assert "Tambahan" in (out / "x/berita/panen/index.html").read_text()


def test_a_read_only_disk_is_told_in_indonesian(tmp_path: Path, disk: Path) -> None:
    site = mk(tmp_path)
    out = disk / "build"
    assert flask(site, "build", "--out", str(out), timeout=90).returncode == 0
    before = tree(out)
    page = site / "content/x/berita/panen.md"
    page.write_text(page.read_text() + "\nBaru.\n")
    subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
    done = flask(site, "build", "--out", str(out), timeout=90)
    assert done.returncode == 1
    assert (f"{out}: galat: pembangunan dihentikan: disk hanya dapat dibaca (read-only): "
            "tidak dapat menulis") in done.stderr, done.stderr
    _no_english(done.stdout + done.stderr)
    assert tree(out) == before


def test_a_village_never_published_is_not_linked(tmp_path: Path) -> None:
    site = mk(tmp_path)
    marker = tmp_path / "paused"
    done = flask(site, "build", "--jobs", "2", "--village-timeout", "2", timeout=90,
                 env={"SATUDESA_TEST_PAUSE": f"village@y:120:{marker}"})
    assert done.returncode == 1, done.stderr
    out = site / "build"
    assert not (out / "y").exists() and (out / "x/index.html").is_file()
    portal = (out / "index.html").read_text()
    assert 'href="x/"' in portal and 'href="y/"' not in portal
    index = (out / "sitemap.xml").read_text()
    assert "x/sitemap.xml" in index and "y/sitemap.xml" not in index
    # Once y builds, it is listed.
    assert flask(site, "build", timeout=90).returncode == 0
    assert 'href="y/"' in (out / "index.html").read_text()
