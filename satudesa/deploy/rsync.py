"""The ``rsync`` target: a folder on a Linux host, over SSH, switched atomically.

Layout on the server under ``path``::

    releases/<UTC time>/        one complete tree per deploy
    releases/.incoming-<time>/  the tree being sent (renamed when complete)
    current -> releases/<time>  what the web server serves (``root <path>/current;``)

A deploy sends the tree into ``.incoming-<time>`` with ``rsync --checksum
--link-dest`` against the current release (unchanged files become hard links and
do not travel), renames it into ``releases/``, then points ``current`` at it with
a new symlink renamed over the old one: one ``rename(2)``, so readers see the old
or the new tree. ``--village`` starts from a hard-link copy of the current release
and sends that village's folder and the portal files that name it. The newest
``keep`` releases stay for ``--rollback``. Every remote step is a fixed command
with its paths quoted by :func:`shlex.quote`; locally only argument lists run.
"""

from __future__ import annotations

import datetime as dt
import os
import shlex
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from satudesa.deploy.plan import Scope, load_manifest, make_plan, pause, save_manifest, scan
from satudesa.deploy.target import DeployError, Outcome, Request
from satudesa.load.deploy_settings import env_name

INCOMING = ".incoming-"
TIMEOUT = 15  # seconds to connect
PERSIST = 60  # seconds a shared connection outlives a deploy that was killed


@dataclass(frozen=True)
class Remote:
    """How to reach the server: the ssh command and the target folder."""

    name: str
    host: str
    port: int
    user: str | None
    path: str
    key: str | None = None
    known_hosts: str | None = None
    control: str | None = None  # a private folder for the shared connection's socket

    @classmethod
    def from_request(cls, request: Request) -> Remote:
        """Settings from ``site.yml``, key paths from the environment."""
        cfg = request.config
        return cls(request.name, cfg["host"], cfg["port"], cfg.get("user"), cfg["path"],
                   os.environ.get(env_name(request.name, "SSH_KEY")) or None,
                   os.environ.get(env_name(request.name, "KNOWN_HOSTS")) or None)

    @property
    def destination(self) -> str:
        """``user@host`` (IPv6 addresses in brackets for rsync)."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{self.user}@{host}" if self.user else host

    def ssh(self) -> list[str]:
        """The ssh command line, without the destination."""
        cmd = ["ssh", "-p", str(self.port), "-o", "BatchMode=yes",
               "-o", f"ConnectTimeout={TIMEOUT}", "-o", "StrictHostKeyChecking=yes"]
        if self.key:
            cmd += ["-i", self.key, "-o", "IdentitiesOnly=yes"]
        if self.known_hosts:
            cmd += ["-o", f"UserKnownHostsFile={self.known_hosts}"]
        if self.control:
            cmd += ["-o", "ControlMaster=auto", "-o", f"ControlPath={self.control}/%C",
                    "-o", f"ControlPersist={PERSIST}"]
        return cmd

    @property
    def ssh_host(self) -> str:
        """``user@host`` as ssh takes it (no brackets)."""
        return self.destination.replace("[", "").replace("]", "")

    def run(self, script: str, stdin: str | None = None) -> str:
        """Run a fixed shell ``script`` on the server; its standard output."""
        try:
            result = subprocess.run([*self.ssh(), self.ssh_host, script], input=stdin,
                                    capture_output=True, text=True, check=False)
        except FileNotFoundError:
            raise DeployError("program ssh tidak terpasang di komputer ini",
                              hint="pasang dengan: apt-get install openssh-client rsync") \
                from None
        if result.returncode != 0:
            raise self.failure(result.returncode, result.stderr)
        return result.stdout

    def rsync(self, args: list[str]) -> None:
        """Run rsync with this server's ssh command."""
        cmd = ["rsync", "-e", shlex.join(self.ssh()), *args]
        try:
            result = subprocess.run(cmd, capture_output=True, text=True, check=False)
        except FileNotFoundError:
            raise DeployError("program rsync tidak terpasang di komputer ini",
                              hint="pasang dengan: apt-get install rsync openssh-client") \
                from None
        if result.returncode != 0:
            raise self.failure(result.returncode, result.stderr)

    def failure(self, code: int, stderr: str) -> DeployError:
        """An Indonesian error for what ssh or rsync said."""
        where = f"{self.destination}:{self.port}"
        text = stderr.strip()
        last = text.splitlines()[-1] if text else f"kode keluar {code}"
        if "Permission denied (" in text or "Too many authentication failures" in text:
            return DeployError(f"login ke server {where} ditolak",
                               hint=f"periksa user di site.yml dan kunci SSH di "
                                    f"{env_name(self.name, 'SSH_KEY')}; kunci publiknya harus "
                                    "ada di authorized_keys server")
        if "Host key verification failed" in text or "REMOTE HOST IDENTIFICATION" in text:
            return DeployError(f"kunci server {where} tidak dikenal atau berubah",
                               hint=f"pastikan servernya benar, lalu tambahkan kuncinya ke "
                                    f"known_hosts (ssh-keyscan -p {self.port} {self.host}) atau "
                                    f"ke berkas di {env_name(self.name, 'KNOWN_HOSTS')}")
        unreachable = ("Connection refused", "timed out", "Could not resolve",
                       "No route to host", "Network is unreachable", "Connection closed",
                       "Connection reset")
        if any(word in text for word in unreachable) or (code == 255 and not text):
            return DeployError(f"server {where} tidak dapat dihubungi ({last})",
                               hint="periksa host dan port di site.yml, jaringan, dan apakah "
                                    "sshd berjalan di server")
        if "rsync: command not found" in text or "rsync: not found" in text:
            return DeployError(f"rsync tidak terpasang di server {where}",
                               hint="pasang di server: apt-get install rsync")
        return DeployError(f"perintah di server {where} gagal: {last}",
                           hint="periksa hak tulis user ke folder path di site.yml")


@contextmanager
def connected(remote: Remote) -> Iterator[Remote]:
    """``remote`` with one SSH connection shared by every step (ssh's ControlMaster): a
    deploy logs in once, not once per step. The connection is closed at the end."""
    folder = tempfile.mkdtemp(prefix="satudesa-ssh-")  # mode 0700, a short socket path
    shared = replace(remote, control=folder)
    try:
        yield shared
    finally:
        subprocess.run([*shared.ssh(), "-O", "exit", shared.ssh_host], capture_output=True,
                       check=False)
        shutil.rmtree(folder, ignore_errors=True)


def release_name(now: dt.datetime | None = None) -> str:
    """``20261207T110512123456Z``: sorts in time order."""
    moment = now or dt.datetime.now(dt.UTC)
    return moment.strftime("%Y%m%dT%H%M%S%fZ")


def state(remote: Remote) -> tuple[str | None, list[str]]:
    """The release ``current`` points to, and every complete release, oldest first."""
    root = shlex.quote(remote.path)
    out = remote.run(f"mkdir -p {root}/releases && cd {root} && "
                     f"{{ readlink current || true; }} && echo ::: && ls -1A releases")
    link, _, listing = out.partition(":::\n")
    current = link.strip().rsplit("/", 1)[-1] or None
    names = sorted(n for n in listing.split() if n and not n.startswith("."))
    return current, names


def deploy(request: Request, root: Path) -> Outcome:
    """Send ``root`` as a new release and switch ``current`` to it."""
    with connected(Remote.from_request(request)) as remote:
        return _deploy(request, root, remote)


def _deploy(request: Request, root: Path, remote: Remote) -> Outcome:
    """:func:`deploy` over an open connection."""
    previous = load_manifest(request.manifest_path)
    scope = Scope(request.villages, request.only)
    files = scan(root)
    current, releases = state(remote)
    if request.only and current is None:
        raise DeployError(f"target '{request.name}' belum pernah menerima deploy lengkap",
                          hint="jalankan dulu tanpa --village")
    if current != previous.extra.get("current"):
        previous.files = dict(previous.extra.get("releases", {}).get(current, {}))
    plan = make_plan(root, files, previous, scope)
    outcome = Outcome(len(plan.uploads), len(plan.deletes), plan.unchanged)
    if plan.is_empty() and current is not None:
        outcome.notes.append(f"Tidak ada perubahan; '{current}' tetap dilayani.")
        return outcome
    new = release_name()
    incoming = f"{remote.path}/releases/{INCOMING}{new}"
    target = f"{remote.destination}:{incoming}/"
    request.echo(f"Mengirim {len(plan.uploads)} berkas berubah ke {remote.destination} "
                 f"(rilis {new})...")
    if request.only:
        quoted = shlex.quote(f"{remote.path}/releases/{current}")
        village = shlex.quote(f"{incoming}/{request.only}")
        remote.run(f"cp -al {quoted} {shlex.quote(incoming)}" +
                   ("" if (root / request.only).is_dir() else f" && rm -rf -- {village}"))
        if (root / request.only).is_dir():  # else: no longer published, its folder goes
            remote.rsync(["-rlpc", "--chmod=D755,F644", "--delete", f"{root}/{request.only}/",
                          f"{target}{request.only}/"])
        portal = sorted(k for k in plan.files if scope.village_of(k) is None)
        if portal:
            listing = "".join(k + "\n" for k in portal)
            list_file = request.state_dir / f"{request.name}.files"
            list_file.write_text(listing, encoding="utf-8")
            try:
                remote.rsync(["-rlpc", "--chmod=D755,F644", f"--files-from={list_file}",
                              f"{root}/", target])
            finally:
                list_file.unlink(missing_ok=True)
    else:
        link = [f"--link-dest={remote.path}/releases/{current}"] if current else []
        remote.rsync(["-rlpc", "--chmod=D755,F644", "--delete", *link, f"{root}/", target])
    pause("deploy-switch")
    kept, cleanup = prune([*releases, new], new, request.config["keep"])
    switch(remote, f"{INCOMING}{new}", new, then=cleanup)
    manifest = plan.next_manifest(previous)
    history = dict(previous.extra.get("releases", {}))
    history[new] = manifest.files
    manifest.extra = {"current": new, "releases": {n: history[n] for n in kept if n in history}}
    save_manifest(request.manifest_path, manifest)
    outcome.notes.append(f"Rilis {new} kini dilayani ({remote.path}/current).")
    return outcome


def switch(remote: Remote, incoming: str | None, release: str, then: str = "") -> None:
    """Point ``current`` at ``releases/<release>`` with one rename (after completing it);
    ``then`` is a further fixed command run in the same connection (pruning)."""
    root = shlex.quote(remote.path)
    done = shlex.quote(f"releases/{release}")
    steps = [f"cd {root}"]
    if incoming:
        steps.append(f"mv -T {shlex.quote('releases/' + incoming)} {done}")
    steps += [f"ln -sfn {done} .current.tmp", "mv -Tf .current.tmp current"]
    remote.run(" && ".join(steps) + (f" && {then}" if then else ""))


def prune(releases: list[str], current: str, keep: int) -> tuple[list[str], str]:
    """The releases kept (the newest ``keep``, and ``current``) and the command deleting the
    others and any unfinished upload, to run inside ``<path>``."""
    ordered = sorted(set(releases))
    kept = set(ordered[-keep:]) | {current}
    old = [n for n in ordered if n not in kept]
    script = (f"cd releases && for d in {shlex.quote(INCOMING)}*; do "
              'if [ -e "$d" ]; then rm -rf -- "$d"; fi; done')
    if old:
        script += " && rm -rf -- " + " ".join(shlex.quote(n) for n in old)
    return sorted(kept), script


def rollback(request: Request) -> Outcome:
    """Point ``current`` back at the release before it."""
    with connected(Remote.from_request(request)) as remote:
        return _rollback(request, remote)


def _rollback(request: Request, remote: Remote) -> Outcome:
    """:func:`rollback` over an open connection."""
    current, releases = state(remote)
    older = [n for n in releases if current is None or n < current]
    if not older:
        raise DeployError(f"tidak ada rilis sebelum '{current}' di {remote.destination}",
                          hint="rollback butuh paling sedikit dua deploy")
    target = older[-1]
    switch(remote, None, target)
    manifest = load_manifest(request.manifest_path)
    manifest.files = dict(manifest.extra.get("releases", {}).get(target, {}))
    manifest.pending = []
    manifest.extra["current"] = target
    save_manifest(request.manifest_path, manifest)
    outcome = Outcome()
    outcome.notes.append(f"Kembali ke rilis {target} (sebelumnya {current}); "
                         f"rilis {current} disimpan.")
    return outcome
