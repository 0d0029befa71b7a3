"""The ``s3`` target: an S3-compatible bucket (MinIO, cloud object storage) through boto3.

S3 cannot choose an encoding per request, so each file is stored once:
``encoding: gzip`` (the default) stores a text file that has a ``.gz`` beside it
as those gzip bytes with ``Content-Encoding: gzip`` (every browser accepts gzip);
``encoding: identity`` stores the plain bytes and leaves compression to a CDN.
The ``.gz``/``.br`` files themselves are never uploaded. Hashed names get a
one-year ``immutable`` Cache-Control, everything else five minutes, as in the
nginx configuration (docs/deploy.md).

Objects go up in the waves :mod:`.plan` makes (assets, then files that reference
them, then pages in link order, then home pages and feeds), each wave finished
before the next starts, and deletes come last: a deploy killed at any point
leaves pages that only reference objects that exist.
"""

from __future__ import annotations

import mimetypes
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from satudesa.deploy.plan import (
    HASHED,
    Manifest,
    Scope,
    base_of,
    is_variant,
    load_manifest,
    make_plan,
    pause,
    save_manifest,
    scan,
)
from satudesa.deploy.target import DeployError, Outcome, Request
from satudesa.load.deploy_settings import env_name, secret_hint

LONG = "public, max-age=31536000, immutable"
SHORT = "public, max-age=300"
THREADS = 8
TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8",
    ".csv": "text/csv; charset=utf-8",
    ".ics": "text/calendar; charset=utf-8",
    ".svg": "image/svg+xml",
    ".webp": "image/webp",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".gif": "image/gif",
    ".ico": "image/x-icon",
    ".pdf": "application/pdf",
    ".wasm": "application/wasm",
    ".woff2": "font/woff2",
}
# Feeds are served as their own types so readers recognise them.
NAMED = {"feed.xml": "application/atom+xml", "feed.json": "application/feed+json"}


def content_type(key: str) -> str:
    """The Content-Type for a key: a fixed table first (the same on every machine)."""
    name = key.rsplit("/", 1)[-1]
    if name in NAMED:
        return NAMED[name]
    ext = os.path.splitext(name)[1].lower()
    if ext in TYPES:
        return TYPES[ext]
    return mimetypes.guess_type(name)[0] or "application/octet-stream"


def cache_control(key: str) -> str:
    """Long and immutable for content-hashed names, short for everything else."""
    return LONG if HASHED.search(key) else SHORT


def headers(key: str, gzipped: bool) -> dict[str, str]:
    """The object's metadata as boto3 ``put_object`` arguments."""
    extra = {"ContentType": content_type(key), "CacheControl": cache_control(key)}
    if gzipped:
        extra["ContentEncoding"] = "gzip"
    return extra


def client(request: Request) -> Any:
    """A boto3 S3 client; keys from ``SATUDESA_DEPLOY_<NAME>_*`` or the standard AWS_* variables."""
    import boto3
    from botocore.config import Config

    cfg = request.config
    key_id = os.environ.get(env_name(request.name, "ACCESS_KEY_ID"))
    secret = os.environ.get(env_name(request.name, "SECRET_ACCESS_KEY"))
    return boto3.session.Session().client(
        "s3", endpoint_url=cfg.get("endpoint_url"), region_name=cfg.get("region") or "us-east-1",
        aws_access_key_id=key_id or None, aws_secret_access_key=secret or None,
        config=Config(connect_timeout=10, read_timeout=60, retries={"max_attempts": 3},
                      s3={"addressing_style": "path"}, max_pool_connections=THREADS))


def explain(exc: Exception, request: Request) -> DeployError:
    """An Indonesian error for what boto3 raised."""
    from botocore.exceptions import (
        ClientError,
        EndpointConnectionError,
        NoCredentialsError,
        PartialCredentialsError,
    )

    cfg = request.config
    where = cfg.get("endpoint_url") or "S3"
    if isinstance(exc, (NoCredentialsError, PartialCredentialsError)):
        return DeployError(f"kunci akses untuk target '{request.name}' tidak ditemukan",
                           hint=secret_hint(request.name, "s3"))
    if isinstance(exc, EndpointConnectionError) or type(exc).__name__ in (
            "ConnectTimeoutError", "ReadTimeoutError", "ConnectionClosedError"):
        return DeployError(f"server {where} tidak dapat dihubungi",
                           hint="periksa endpoint_url di site.yml dan jaringan")
    if isinstance(exc, ClientError):
        code = str(exc.response.get("Error", {}).get("Code", ""))
        if code in ("NoSuchBucket", "404"):
            return DeployError(f"bucket '{cfg['bucket']}' tidak ada di {where}",
                               hint="buat bucket itu dulu atau periksa nama bucket di site.yml")
        if code in ("InvalidAccessKeyId", "SignatureDoesNotMatch", "AccessDenied", "403",
                    "InvalidClientTokenId", "AuthorizationHeaderMalformed"):
            return DeployError(f"akses ke bucket '{cfg['bucket']}' di {where} ditolak ({code})",
                               hint="periksa kunci akses: " + secret_hint(request.name, "s3"))
        return DeployError(f"server {where} menolak permintaan: {code}",
                           hint="lihat pesan server, atau coba lagi nanti")
    return DeployError(f"deploy ke {where} gagal: {exc}", hint="coba lagi nanti")


def uploadable(files: dict[str, str], gzip: bool) -> dict[str, str]:
    """The keys stored in the bucket: no ``.gz``/``.br``; a gzip-stored key hashes both bodies."""
    chosen: dict[str, str] = {}
    for key, digest in files.items():
        if is_variant(key) and base_of(key) in files:
            continue  # a copy of a file that is stored itself
        packed = files.get(key + ".gz") if gzip else None
        chosen[key] = f"{digest}+gzip:{packed}" if packed else digest
    return chosen


def deploy(request: Request, root: Path) -> Outcome:
    """Upload what changed, in waves, then delete what is gone."""
    from botocore.exceptions import BotoCoreError, ClientError

    gzip = request.config["encoding"] == "gzip"
    previous = load_manifest(request.manifest_path)
    if previous.extra.get("encoding") not in (None, request.config["encoding"]):
        previous.pending = sorted(previous.known())  # a new encoding: send everything again
    files = uploadable(scan(root), gzip)
    plan = make_plan(root, files, previous, Scope(request.villages, request.only))
    outcome = Outcome(len(plan.uploads), len(plan.deletes), plan.unchanged)
    if plan.is_empty():
        outcome.notes.append("Tidak ada perubahan.")
        return outcome
    s3 = client(request)
    bucket = request.config["bucket"]
    prefix = request.config["prefix"]
    try:
        s3.head_bucket(Bucket=bucket)
        previous.pending = sorted(set(previous.pending) | set(plan.uploads) | set(plan.deletes))
        save_manifest(request.manifest_path, previous)  # a kill from here on is remembered
        request.echo(f"Mengunggah {len(plan.uploads)} berkas ke {bucket}...")
        group_seen: set[str] = set()
        for group, keys in plan.waves:
            if group not in group_seen:
                pause(f"deploy-{group}")
                group_seen.add(group)
            _wave(keys, lambda key: _put(s3, bucket, prefix, root, key, gzip))
        pause("deploy-deletes")
        for start in range(0, len(plan.deletes), 1000):
            batch = [{"Key": prefix + key} for key in plan.deletes[start:start + 1000]]
            answer = s3.delete_objects(Bucket=bucket, Delete={"Objects": batch, "Quiet": True})
            if answer.get("Errors"):
                first = answer["Errors"][0]
                raise DeployError(f"gagal menghapus {first.get('Key')}: {first.get('Code')}",
                                  hint="periksa hak hapus kunci akses ini")
    except (BotoCoreError, ClientError) as exc:
        raise explain(exc, request) from None
    manifest: Manifest = plan.next_manifest(previous)
    manifest.extra["encoding"] = request.config["encoding"]
    save_manifest(request.manifest_path, manifest)
    return outcome


def _wave(keys: list[str], put: Callable[[str], None]) -> None:
    """Upload one wave in parallel; the first failure is raised after the wave stops."""
    with ThreadPoolExecutor(THREADS) as pool:
        for future in [pool.submit(put, key) for key in keys]:
            future.result()


def _put(s3: Any, bucket: str, prefix: str, root: Path, key: str, gzip: bool) -> None:
    """One object: the ``.gz`` bytes with Content-Encoding when stored gzipped."""
    packed = root / (key + ".gz")
    use_gzip = gzip and packed.is_file()
    body = (packed if use_gzip else root / key).read_bytes()
    s3.put_object(Bucket=bucket, Key=prefix + base_of(key), Body=body,
                  **headers(key, use_gzip))
