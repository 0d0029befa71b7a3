#!/usr/bin/env python3
"""Prove that requirements.txt alone builds the demo and serves the preview.

Creates a fresh venv in a temporary folder, installs only requirements.txt,
builds the demo into a temporary folder, starts `flask run` on 127.0.0.1,
fetches the portal and a village home, stops it, and prints the figures
(install and build seconds, venv size). Run by `make runtime-check`; not part
of `make test` (it installs packages). Uses only the standard library.

Usage (from the repository root): python3 tools/runtime_check.py [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def folder_mb(path: Path) -> float:
    """Disk use of ``path`` in MiB (blocks, like du -sh), hard links counted once."""
    seen: set[tuple[int, int]] = set()
    total = 0
    for root, _dirs, files in os.walk(path):
        for name in files:
            st = os.lstat(os.path.join(root, name))
            if (st.st_dev, st.st_ino) not in seen:
                seen.add((st.st_dev, st.st_ino))
                total += st.st_blocks * 512
    return total / 2**20


def free_port() -> int:
    """A TCP port on loopback nobody listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run(args: list[str], **kwargs: object) -> float:
    """Run ``args`` (failing loudly); returns the seconds it took."""
    start = time.perf_counter()
    subprocess.run(args, check=True, **kwargs)  # type: ignore[call-overload]
    return time.perf_counter() - start


def fetch(url: str, deadline: float) -> bytes:
    """GET ``url``, retrying until the server is up or ``deadline`` passes."""
    while True:
        try:
            with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback
                return response.read()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def main() -> int:
    """Install, build, serve, report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="satudesa-runtime-"))
    venv = work / "venv"
    try:
        shutil.rmtree(venv, ignore_errors=True)
        print(f"==> fresh venv in {venv}, requirements.txt only")
        seconds = run([sys.executable, "-m", "venv", str(venv)])
        py = str(venv / "bin/python")
        seconds += run([py, "-m", "pip", "install", "--quiet", "-r",
                        str(REPO / "requirements.txt")])
        size = folder_mb(venv)
        print(f"==> installed in {seconds:.1f} s; venv {size:.0f} MiB")
        out = work / "build"
        flask = [str(venv / "bin/flask"), "--app", str(REPO / "app.py")]
        env = {**os.environ, "SATUDESA_SITE": str(REPO)}
        built = run([*flask, "build", "--out", str(out), "--force"], env=env, cwd=work)
        assert (out / "index.html").is_file(), "no portal in the build"
        print(f"==> demo built in {built:.1f} s")
        port = free_port()
        server = subprocess.Popen([*flask, "run", "--host", "127.0.0.1", "--port", str(port)],
                                  env=env, cwd=work)
        try:
            deadline = time.monotonic() + 60
            portal = fetch(f"http://127.0.0.1:{port}/", deadline)
            village = sorted(p.stem for p in (REPO / "villages").glob("*.yml"))[0]
            home = fetch(f"http://127.0.0.1:{port}/{village}/", deadline)
            assert b"<html" in portal and b"<html" in home, "the preview served no page"
        finally:
            server.terminate()
            server.wait(timeout=30)
        print(f"==> preview served / and /{village}/ on 127.0.0.1:{port}")
        print(f"OK: requirements.txt alone builds and previews; venv {size:.0f} MiB")
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
