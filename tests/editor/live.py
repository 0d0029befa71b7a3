"""The real editor under waitress in a subprocess on 127.0.0.1 (``flask editor serve``)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def free_port() -> int:
    """A port the system says is free now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def live_editor(site: Path, out: Path) -> Iterator[str]:
    """Start ``flask editor serve`` for ``site``; yield its base URL; stop it."""
    port = free_port()
    env = {**os.environ, "SATUDESA_EDITOR_SECRET": "live-test-secret", "PYTHONUNBUFFERED": "1"}
    log = open(site.parent / f"editor-{port}.log", "wb")  # noqa: SIM115 - closed below
    process = subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "app", "editor", "serve", "--site", str(site),
         "--out", str(out), "--host", "127.0.0.1", "--port", str(port)],
        cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(url + "login", timeout=2).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    log.flush()
                    raise RuntimeError("editor did not start: " + (
                        site.parent / f"editor-{port}.log").read_text()[-2000:]) from None
                time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
