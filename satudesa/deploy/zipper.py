"""The ``zip`` target: one archive per village for cPanel-style hosting.

``build/<slug>/`` becomes ``<path>/<slug>.zip`` (unpack it in the domain's web
root); the portal's own files become ``<path>/_portal.zip``. Archives are
deterministic: entries sorted, every timestamp 1980-01-01, fixed permissions,
so the same tree always gives the same bytes. Only villages whose files changed
since the last deploy are rewritten, each into a new file renamed over the old
one; archives of villages no longer built are deleted last.
"""

from __future__ import annotations

import hashlib
import os
import zipfile
from pathlib import Path

from satudesa.deploy.plan import Scope, load_manifest, pause, save_manifest, scan
from satudesa.deploy.target import DeployError, Outcome, Request

PORTAL = "_portal"  # not a valid village slug, so it cannot clash
FIXED_TIME = (1980, 1, 1, 0, 0, 0)
# Already compressed: stored as they are (compressing them again costs CPU and saves nothing).
STORED = (".gz", ".br", ".webp", ".jpg", ".jpeg", ".png", ".gif", ".pdf", ".woff2", ".zip",
          ".pf_fragment", ".pf_index", ".pf_meta", ".pagefind")


def groups(files: dict[str, str], scope: Scope, precompressed: bool) -> dict[str, dict[str, str]]:
    """Archive name -> (path inside the archive -> hash)."""
    found: dict[str, dict[str, str]] = {}
    for key, digest in files.items():
        if not precompressed and key.endswith((".gz", ".br")) and key[:-3] in files:
            continue
        village = scope.village_of(key)
        name, inner = (village, key.split("/", 1)[1]) if village else (PORTAL, key)
        found.setdefault(name, {})[inner] = digest
    return found


def digest_of(entries: dict[str, str]) -> str:
    """One hash for an archive's whole content."""
    h = hashlib.sha256()
    for inner in sorted(entries):
        h.update(f"{inner}\0{entries[inner]}\n".encode())
    return h.hexdigest()


def write_zip(source: Path, entries: list[str], target: Path) -> None:
    """A deterministic archive of ``entries`` (relative to ``source``), atomically at ``target``."""
    tmp = target.with_name(f".{target.name}.tmp")
    with zipfile.ZipFile(tmp, "w") as archive:
        for inner in sorted(entries):
            info = zipfile.ZipInfo(inner, date_time=FIXED_TIME)
            info.create_system = 3  # Unix, so the permissions below are read
            info.external_attr = 0o100644 << 16
            packed = not inner.endswith(STORED)
            info.compress_type = zipfile.ZIP_DEFLATED if packed else zipfile.ZIP_STORED
            archive.writestr(info, (source / inner).read_bytes(), compresslevel=6)
    os.replace(tmp, target)


def destination(request: Request) -> Path:
    """The folder for the archives: ``path`` from site.yml, relative to the site folder."""
    folder = Path(os.path.expanduser(request.config["path"]))
    return folder if folder.is_absolute() else request.site_dir / folder


def deploy(request: Request, root: Path) -> Outcome:
    """Rewrite the archives whose villages changed; delete those of villages gone."""
    scope = Scope(request.villages, request.only)
    out = destination(request)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DeployError(f"folder '{out}' tidak dapat dibuat: {exc.strerror}",
                          hint="periksa path target zip di site.yml") from None
    previous = load_manifest(request.manifest_path)
    made: dict[str, str] = dict(previous.extra.get("zips", {}))
    wanted = groups(scan(root), scope, request.config["precompressed"])
    if request.only:
        wanted = {request.only: wanted.get(request.only, {})}
    outcome = Outcome(unit="arsip ditulis")
    for name, entries in sorted(wanted.items()):
        target = out / f"{name}.zip"
        digest = digest_of(entries)
        if made.get(name) == digest and target.is_file():
            outcome.unchanged += 1
            continue
        source = root if name == PORTAL else root / name
        write_zip(source, list(entries), target)
        made[name] = digest
        outcome.uploaded += 1
        request.echo(f"Ditulis: {target}")
    pause("deploy-deletes")
    if not request.only:
        for name in sorted(set(made) - set(wanted)):
            (out / f"{name}.zip").unlink(missing_ok=True)
            del made[name]
            outcome.deleted += 1
    previous.extra["zips"] = made
    save_manifest(request.manifest_path, previous)
    outcome.notes.append(f"Arsip zip ada di {out} (satu per desa, _portal.zip untuk portal).")
    return outcome
