"""Real servers on 127.0.0.1 for the deploy tests: Debian's sshd (with rsync) and nginx, and
moto's standalone S3 server, each a separate process started here and stopped after.

``make test`` installs openssh-server, rsync, nginx and the Brotli static module
(``make deploy-tools``) and moto with the Python requirements.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import Result
from sitefiles import BASIC_FILES, REPO, write_tree

from satudesa import create_app
from satudesa.build.engine import build_fast

SSHD = shutil.which("sshd") or "/usr/sbin/sshd"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def free_port() -> int:
    """A TCP port nobody listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(args: list[str], log: Path, env: dict[str, str] | None = None) -> subprocess.Popen:
    """A server process whose output goes to ``log`` (a pipe nobody reads would fill and block
    the server once it has logged 64 KB)."""
    with open(log, "wb") as out:
        return subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT, env=env,
                                stdin=subprocess.DEVNULL)


def wait_for_port(port: int, proc: subprocess.Popen, what: str, log: Path,
                  timeout: float = 20) -> None:
    """Return once something accepts on ``port``; fail with the server's output if it died."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if proc.poll() is not None:
            out = log.read_text(encoding="utf-8", errors="replace")
            pytest.fail(f"{what} stopped (exit {proc.returncode}): {out}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    pytest.fail(f"{what} did not listen on port {port}")


def stop(proc: subprocess.Popen) -> None:
    """Stop a server this suite started (by its own process id)."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@dataclass
class SSHServer:
    """sshd on 127.0.0.1 accepting ``key`` for root; ``known_hosts`` trusts its host key."""

    port: int
    key: Path
    known_hosts: Path
    authorized: Path


@pytest.fixture(scope="session")
def sshd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SSHServer]:
    """Debian's sshd with its own host key and authorized_keys, on a free loopback port."""
    if not os.path.exists(SSHD) or not shutil.which("rsync"):
        pytest.fail("sshd or rsync missing: run 'make deploy-tools'")
    home = tmp_path_factory.mktemp("sshd")
    for name in ("host", "client"):
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f",
                        str(home / name)], check=True)
    authorized = home / "authorized_keys"
    authorized.write_bytes((home / "client.pub").read_bytes())
    port = free_port()
    (home / "sshd_config").write_text(textwrap.dedent(f"""\
        Port {port}
        ListenAddress 127.0.0.1
        HostKey {home / 'host'}
        PidFile {home / 'sshd.pid'}
        AuthorizedKeysFile {authorized}
        PubkeyAuthentication yes
        PasswordAuthentication no
        KbdInteractiveAuthentication no
        PermitRootLogin prohibit-password
        AllowUsers root
        StrictModes no
        UsePAM no
        """), encoding="utf-8")
    host_key = (home / "host.pub").read_text(encoding="utf-8").split()
    known = home / "known_hosts"
    known.write_text(f"[127.0.0.1]:{port} {host_key[0]} {host_key[1]}\n", encoding="utf-8")
    os.makedirs("/run/sshd", mode=0o755, exist_ok=True)  # sshd's privilege separation folder
    log = home / "sshd.log"
    proc = start_server([SSHD, "-D", "-e", "-f", str(home / "sshd_config")], log)
    try:
        wait_for_port(port, proc, "sshd", log)
        yield SSHServer(port, home / "client", known, authorized)
    finally:
        stop(proc)


def moto_server(folder: Path, checks_keys: bool = False) -> Iterator[str]:
    """moto's standalone S3-compatible server (``python -m moto.server``) as its own process;
    ``checks_keys`` makes it refuse every access key it does not know (its IAM check)."""
    port = free_port()
    log = folder / "moto.log"
    env = dict(os.environ, INITIAL_NO_AUTH_ACTION_COUNT="0") if checks_keys else None
    proc = start_server([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p",
                         str(port)], log, env)
    try:
        wait_for_port(port, proc, "moto server", log, timeout=60)
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(proc)


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """An S3-compatible server on 127.0.0.1 that accepts any key."""
    yield from moto_server(tmp_path_factory.mktemp("moto"))


@pytest.fixture
def s3_strict_server(tmp_path: Path) -> Iterator[str]:
    """An S3-compatible server on 127.0.0.1 that refuses unknown access keys."""
    yield from moto_server(tmp_path, checks_keys=True)


# -- a small site, built twice -------------------------------------------------------------

CHANGED_BERITA = """\
    ---
    title: Panen Raya
    date: 2026-03-03
    author: Siti
    tags: [pertanian]
    ---
    Warga memanen padi bersama, hasilnya naik dua kali lipat.
    """

NEW_BERITA = """\
    ---
    title: Jalan Desa Diperbaiki
    date: 2026-04-04
    ---
    Jalan desa diaspal sepanjang dua kilometer.
    """


def make_site(root: Path, deploy_yaml: str) -> Path:
    """The conftest's one-village site with a ``deploy:`` section, built into ``build/``."""
    files = dict(BASIC_FILES)
    files["site.yml"] = BASIC_FILES["site.yml"] + textwrap.dedent(deploy_yaml)
    site = write_tree(root, files)
    assert build_fast(site, site / "build", ()).ok(False)
    return site


def change_one_page(site: Path) -> None:
    """Edit one berita's text and rebuild (the page, its lists, feed and search index change)."""
    write_tree(site, {"content/contoh/berita/panen-raya.md": CHANGED_BERITA})
    assert build_fast(site, site / "build", ()).ok(False)


def add_and_remove_pages(site: Path) -> None:
    """Add a berita and delete the pengumuman, then rebuild."""
    write_tree(site, {"content/contoh/berita/jalan-desa.md": NEW_BERITA})
    (site / "content/contoh/pengumuman/kerja-bakti.md").unlink()
    assert build_fast(site, site / "build", ()).ok(False)


def invoke(site: Path, *args: str) -> Result:
    """``flask deploy ARGS`` in this process, for ``site``."""
    app = create_app({"TESTING": True, "SATUDESA_SITE": str(site)})
    return app.test_cli_runner().invoke(args=["deploy", *args])


def spawn(site: Path, env: dict[str, str], *args: str) -> subprocess.Popen:
    """``flask deploy ARGS`` as its own process group, so a test can kill it and its children."""
    return subprocess.Popen([sys.executable, "-m", "flask", "--app", str(REPO / "app.py"),
                             "deploy", "--site", str(site), *args],
                            env=dict(os.environ, **env), cwd=site, start_new_session=True,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def kill_at(proc: subprocess.Popen, marker: Path, timeout: float = 30) -> None:
    """Wait until the deploy reaches its pause point (``marker`` appears), then SIGKILL it."""
    end = time.monotonic() + timeout
    while not marker.exists():
        if proc.poll() is not None:
            pytest.fail(f"deploy ended before the pause: {proc.stdout.read()}")
        if time.monotonic() > end:
            os.killpg(proc.pid, signal.SIGKILL)
            pytest.fail("deploy never reached its pause point")
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    if proc.stdout:
        proc.stdout.close()
