"""``flask build --watch``: a saved file is published without running the command again."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sitefiles import NOW, REPO

from satudesa.build.watch import relevant


@pytest.mark.parametrize(("path", "expected"), [
    ("content/contoh/berita/panen.md", "content/contoh/berita/panen.md"),
    ("villages/contoh.yml", "villages/contoh.yml"),
    ("site.yml", "site.yml"),
    ("themes/default/static/style.css", "themes/default/static/style.css"),
    ("content/contoh/berita/.panen.md.swp", None),
    ("content/contoh/berita/panen.md~", None),
    (".cache/jinja/abc", None),
    (".build.spare/contoh/index.html", None),
    ("build/contoh/index.html", None),
    ("README.md", None),
    ("content", None),
])
def test_only_changes_to_inputs_count(tmp_path: Path, path: str, expected: str | None) -> None:
    assert relevant(str(tmp_path / path), tmp_path) == expected
    assert relevant("/elsewhere/site.yml", tmp_path) is None


def _reader(process: subprocess.Popen) -> queue.Queue[str | None]:
    """The process's output lines on a queue (None at the end), so waits can time out."""
    lines: queue.Queue[str | None] = queue.Queue()

    def pump() -> None:
        assert process.stdout is not None
        with process.stdout:
            for line in process.stdout:
                lines.put(line)
        lines.put(None)

    threading.Thread(target=pump, daemon=True).start()
    return lines


def _lines_until(lines: queue.Queue[str | None], prefix: str, seen: list[str]) -> str:
    while True:
        try:
            line = lines.get(timeout=120)
        except queue.Empty:
            raise AssertionError(f"no line starting with {prefix!r}: {''.join(seen)}") from None
        if line is None:
            raise AssertionError(f"output ended before {prefix!r}: {''.join(seen)}")
        seen.append(line)
        if line.startswith(prefix):
            return line


def test_a_saved_berita_is_published_by_the_running_watcher(site_tree: Path) -> None:
    out = site_tree / "build"
    env = {**os.environ, "SATUDESA_NOW": NOW}
    process = subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", str(REPO / "app.py"), "build", "--site",
         str(site_tree), "--watch", "--jobs", "1"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env, cwd=REPO)
    seen: list[str] = []
    lines = _reader(process)
    try:
        assert _lines_until(lines, "Dibangun", seen).startswith("Dibangun 1 desa")
        _lines_until(lines, "Memantau perubahan", seen)
        page = out / "contoh/berita/panen-raya/index.html"
        assert "Padi dijemur" not in page.read_text()
        post = site_tree / "content/contoh/berita/panen-raya.md"
        post.write_text(post.read_text() + "\nPadi dijemur di halaman balai desa.\n")
        assert _lines_until(lines, "Berubah:", seen).strip() == \
            "Berubah: content/contoh/berita/panen-raya.md"
        summary = _lines_until(lines, "Dibangun", seen)
        assert summary.startswith("Dibangun 1 desa, gagal 0;")
        assert "Padi dijemur di halaman balai desa." in page.read_text()
        _lines_until(lines, "Memantau perubahan", seen)
        # The cache and the output are written by the build itself: they never start one.
        time.sleep(0.5)
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=60)
    rest = []
    while (line := lines.get(timeout=10)) is not None:
        rest.append(line)
    assert process.returncode == 0, "".join(seen + rest)
    assert rest[-1].strip() == "Berhenti memantau."
    assert not any(line.startswith("Berubah:") for line in rest)


def test_watch_needs_the_fast_engine(runner) -> None:
    result = runner.invoke(args=["build", "--engine", "frozen", "--watch"])
    assert result.exit_code == 2
    assert "--watch hanya tersedia dengan --engine fast" in result.output


def test_a_failed_build_does_not_stop_the_watcher(site_tree: Path, monkeypatch, capsys) -> None:
    from satudesa.build.result import BuildResult
    from satudesa.cli import build as cli

    calls = []

    def failing_build(*args, **kwargs):
        calls.append(args)
        raise OSError(28, "No space left on device")

    def two_changes(site_dir, build, stop=None, ready=None):
        build(["content/contoh/berita/panen-raya.md"])
        build(["content/contoh/berita/panen-raya.md"])
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "build_fast", failing_build)
    # _watch imports watchdog's wrapper on use (flask build stays light), so patch it there.
    monkeypatch.setattr("satudesa.build.watch.watch", two_changes)
    monkeypatch.setattr(cli, "refresh_spare", lambda out: None)
    first = BuildResult()
    last = cli._watch(site_tree, site_tree / "build", (), 1, False, False, first)
    assert last is first and len(calls) == 2
    out, err = capsys.readouterr()
    # A disk error is told in Indonesian with the path (issue 14), not as errno text.
    assert err.splitlines() == [
        f"{site_tree / 'build'}: galat: pembangunan dihentikan: disk penuh: tidak dapat menulis "
        f"di {site_tree} (kosongkan ruang di disk itu, misalnya dengan menghapus cadangan lama, "
        "lalu bangun lagi; situs yang sudah terbit tidak berubah)"] * 2
    assert out.splitlines()[-1] == "Berhenti memantau."
