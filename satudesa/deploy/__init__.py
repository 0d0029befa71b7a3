"""``flask deploy``: publish the built tree to a target from ``site.yml``'s ``deploy:`` section.

Targets: ``rsync`` (a folder on a Linux host over SSH, release folders and a
switched ``current`` symlink), ``s3`` (an S3-compatible bucket through boto3) and
``zip`` (one archive per village for cPanel-style hosting). Every target sends
only what changed since its last deploy, by content hash (:mod:`.plan`). The
deploy works on a hard-link snapshot of ``build/`` taken under the build lock,
so a build finishing meanwhile cannot mix two versions into one upload.
Never imports Flask.
"""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from satudesa.build import publish
from satudesa.deploy import rsync, s3, zipper
from satudesa.deploy.target import DeployError, Outcome, Request
from satudesa.errors import UsageMistake


def deploy(request: Request) -> Outcome:
    """Publish (or roll back) one target; raises :class:`DeployError` on failure."""
    kind = request.config["type"]
    with _target_lock(request):
        if request.rollback:
            if kind != "rsync":
                raise UsageMistake(f"--rollback hanya untuk target rsync; target "
                                   f"'{request.name}' bertipe {kind}")
            return rsync.rollback(request)
        with snapshot(request.build_dir, request.name) as root:
            if kind == "rsync":
                    return rsync.deploy(request, root)
            if kind == "s3":
                    return s3.deploy(request, root)
            return zipper.deploy(request, root)


@contextmanager
def _target_lock(request: Request) -> Iterator[None]:
    """One deploy per target at a time on this computer."""
    request.state_dir.mkdir(parents=True, exist_ok=True)
    with open(request.state_dir / f"{request.name}.lock", "a+b") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise DeployError(f"target '{request.name}' sedang dipakai deploy lain",
                              hint="tunggu sampai deploy itu selesai") from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextmanager
def snapshot(build_dir: Path, name: str) -> Iterator[Path]:
    """A hard-link copy of ``build_dir`` taken under the build lock (build files are never
    rewritten in place, so the links stay this version while builds go on)."""
    if not (build_dir / "index.html").is_file():
        raise DeployError(f"hasil build tidak ditemukan di '{build_dir}'",
                          hint="jalankan 'flask build' dulu, atau beri --out ke folder hasil "
                               "build")
    snap = publish.sibling(build_dir, f"deploy-{name}")
    publish.remove_tree(snap)  # left by a killed deploy
    with publish.locked(build_dir):
        publish.link_tree(build_dir, snap)
    try:
        yield snap
    finally:
        publish.remove_tree(snap)
