"""``flask deploy`` to a folder over SSH: a real sshd and rsync on 127.0.0.1."""

from __future__ import annotations

import os
import subprocess
import threading
import time
from pathlib import Path

import pytest

from satudesa.build.engine import build_fast
from satudesa.deploy.plan import scan
from tests.deploy.servers import (
    SSHServer,
    add_and_remove_pages,
    change_one_page,
    free_port,
    invoke,
    kill_at,
    make_site,
    spawn,
)

pytestmark = pytest.mark.deploy


def rsync_site(tmp_path: Path, sshd: SSHServer, keep: int = 3, port: int | None = None) -> Path:
    return make_site(tmp_path / "site", f"""\
        deploy:
          web:
            type: rsync
            host: 127.0.0.1
            port: {port or sshd.port}
            user: root
            path: {tmp_path / 'srv'}
            keep: {keep}
        """)


@pytest.fixture
def ssh_env(sshd: SSHServer, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    env = {"SATUDESA_DEPLOY_WEB_SSH_KEY": str(sshd.key),
           "SATUDESA_DEPLOY_WEB_KNOWN_HOSTS": str(sshd.known_hosts)}
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return env


def releases(srv: Path) -> list[str]:
    return sorted(p.name for p in (srv / "releases").iterdir())


def served(srv: Path) -> dict[str, str]:
    """The tree ``current`` points to, read through one resolution of the link."""
    return scan(Path(os.path.realpath(srv / "current")))


def test_deploy_switches_current_and_sends_only_changes(tmp_path: Path, sshd: SSHServer,
                                                        ssh_env: dict[str, str]) -> None:
    site = rsync_site(tmp_path, sshd)
    srv = tmp_path / "srv"
    first = invoke(site, "web")
    assert first.exit_code == 0, first.output
    assert (srv / "current").is_symlink()
    assert served(srv) == scan(site / "build")
    [r1] = releases(srv)
    assert os.readlink(srv / "current") == f"releases/{r1}"

    again = invoke(site, "web")
    assert again.exit_code == 0, again.output
    assert "Tidak ada perubahan" in again.output
    assert releases(srv) == [r1]

    change_one_page(site)
    v2 = scan(site / "build")
    second = invoke(site, "web")
    assert second.exit_code == 0, second.output
    r1, r2 = releases(srv)
    assert served(srv) == v2
    old, new = scan(srv / "releases" / r1), v2
    changed = {k for k in new if old.get(k) != new[k]}
    assert f"Mengirim {len(changed)} berkas berubah" in second.output
    assert 0 < len(changed) < len(new) // 2
    # --link-dest: every unchanged file of the new release is the old release's inode.
    for key in new.keys() & old.keys():
        same = os.stat(srv / "releases" / r1 / key).st_ino == \
            os.stat(srv / "releases" / r2 / key).st_ino
        assert same == (key not in changed), key


def test_rollback_and_keep(tmp_path: Path, sshd: SSHServer, ssh_env: dict[str, str]) -> None:
    site = rsync_site(tmp_path, sshd, keep=2)
    srv = tmp_path / "srv"
    assert invoke(site, "web").exit_code == 0
    v1 = scan(site / "build")
    change_one_page(site)
    assert invoke(site, "web").exit_code == 0
    v2 = scan(site / "build")
    r1, r2 = releases(srv)

    back = invoke(site, "web", "--rollback")
    assert back.exit_code == 0, back.output
    assert f"Kembali ke rilis {r1}" in back.output
    assert served(srv) == v1 and releases(srv) == [r1, r2]
    deeper = invoke(site, "web", "--rollback")
    assert deeper.exit_code == 1 and "tidak ada rilis sebelum" in deeper.output

    # Deploying again after a rollback makes a new release of the current build.
    again = invoke(site, "web")
    assert again.exit_code == 0, again.output
    assert served(srv) == v2
    add_and_remove_pages(site)
    assert invoke(site, "web").exit_code == 0
    assert served(srv) == scan(site / "build")
    assert len(releases(srv)) == 2  # keep: 2
    assert not (srv / "current" / "contoh/pengumuman/kerja-bakti/index.html").exists()


def test_village_deploy_keeps_the_rest(tmp_path: Path, sshd: SSHServer,
                                       ssh_env: dict[str, str]) -> None:
    site = rsync_site(tmp_path, sshd)
    srv = tmp_path / "srv"
    early = invoke(site, "web", "--village", "contoh")
    assert early.exit_code == 1 and "tanpa --village" in early.output
    assert invoke(site, "web").exit_code == 0
    before = served(srv)
    add_and_remove_pages(site)
    (site / "build" / "robots.txt").unlink()  # a portal change that does not name the village
    result = invoke(site, "web", "--village", "contoh")
    assert result.exit_code == 0, result.output
    after = served(srv)
    build = scan(site / "build")
    assert {k: v for k, v in after.items() if k.startswith("contoh/")} == \
        {k: v for k, v in build.items() if k.startswith("contoh/")}
    assert after["robots.txt"] == before["robots.txt"]  # outside the village: untouched
    assert after["index.html"] == build["index.html"]  # the portal home links to the village

    # A village no longer published: its folder goes from the new release, the rest stays.
    registry = site / "villages/contoh.yml"
    registry.write_text(registry.read_text(encoding="utf-8") + "published: false\n",
                        encoding="utf-8")
    assert build_fast(site, site / "build", ()).ok(False)
    gone = invoke(site, "web", "--village", "contoh")
    assert gone.exit_code == 0, gone.output
    last = served(srv)
    assert not any(k.startswith("contoh/") for k in last)
    assert last["robots.txt"] == before["robots.txt"]
    assert last["index.html"] == scan(site / "build")["index.html"]  # no link to the gone village


def test_killed_deploy_serves_old_or_new(tmp_path: Path, sshd: SSHServer,
                                         ssh_env: dict[str, str]) -> None:
    site = rsync_site(tmp_path, sshd)
    srv = tmp_path / "srv"
    assert invoke(site, "web").exit_code == 0
    old = scan(site / "build")
    add_and_remove_pages(site)
    new = scan(site / "build")
    seen: list[dict[str, str]] = []
    stop = threading.Event()

    def watch() -> None:
        while not stop.is_set():
            seen.append(served(srv))
            time.sleep(0.02)

    reader = threading.Thread(target=watch)
    reader.start()
    try:
        marker = tmp_path / "paused"
        proc = spawn(site, {**ssh_env, "SATUDESA_TEST_PAUSE": f"deploy-switch:60:{marker}"},
                     "web")
        kill_at(proc, marker)
        assert served(srv) == old
        assert any(p.name.startswith(".incoming-") for p in (srv / "releases").iterdir())
        result = invoke(site, "web")
        assert result.exit_code == 0, result.output
    finally:
        stop.set()
        reader.join()
    assert served(srv) == new
    assert not any(p.name.startswith(".") for p in (srv / "releases").iterdir())
    assert seen and all(tree in (old, new) for tree in seen)
    assert seen[0] == old


def test_operator_errors(tmp_path: Path, sshd: SSHServer, ssh_env: dict[str, str],
                         monkeypatch: pytest.MonkeyPatch) -> None:
    site = rsync_site(tmp_path, sshd)
    unknown = invoke(site, "wbe")
    assert unknown.exit_code == 2
    assert "target 'wbe' tidak ada" in unknown.output and "maksud Anda 'web'" in unknown.output
    assert invoke(site).exit_code == 2

    other = tmp_path / "other"  # a key the server does not know
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(other)], check=True)
    monkeypatch.setenv("SATUDESA_DEPLOY_WEB_SSH_KEY", str(other))
    denied = invoke(site, "web")
    assert denied.exit_code == 1
    assert "ditolak" in denied.output and "SATUDESA_DEPLOY_WEB_SSH_KEY" in denied.output

    closed = rsync_site(tmp_path / "closed", sshd, port=free_port())
    unreachable = invoke(closed, "web")
    assert unreachable.exit_code == 1
    assert "tidak dapat dihubungi" in unreachable.output
