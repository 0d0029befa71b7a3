"""``flask deploy`` to an S3-compatible bucket: moto's standalone server on 127.0.0.1."""

from __future__ import annotations

import gzip
import posixpath
import uuid
from pathlib import Path
from typing import Any

import boto3
import pytest
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from satudesa.deploy.plan import scan
from tests.deploy.servers import (
    add_and_remove_pages,
    change_one_page,
    free_port,
    invoke,
    kill_at,
    make_site,
    spawn,
)

pytestmark = pytest.mark.deploy
KEYS = {"SATUDESA_DEPLOY_BUCKET_ACCESS_KEY_ID": "satudesa-test",
        "SATUDESA_DEPLOY_BUCKET_SECRET_ACCESS_KEY": "satudesa-test-secret",
        "AWS_EC2_METADATA_DISABLED": "true"}


@pytest.fixture
def s3_env(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    for name, value in KEYS.items():
        monkeypatch.setenv(name, value)
    return dict(KEYS)


def bucket_site(tmp_path: Path, endpoint: str, bucket: str, encoding: str = "gzip") -> Path:
    return make_site(tmp_path / "site", f"""\
        deploy:
          bucket:
            type: s3
            bucket: {bucket}
            prefix: kab/
            endpoint_url: {endpoint}
            encoding: {encoding}
        """)


def new_bucket(endpoint: str) -> tuple[Any, str]:
    s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1",
                      aws_access_key_id=KEYS["SATUDESA_DEPLOY_BUCKET_ACCESS_KEY_ID"],
                      aws_secret_access_key=KEYS["SATUDESA_DEPLOY_BUCKET_SECRET_ACCESS_KEY"])
    name = f"desa-{uuid.uuid4().hex[:12]}"
    s3.create_bucket(Bucket=name)
    return s3, name


def objects(s3: Any, bucket: str) -> dict[str, dict[str, Any]]:
    """Every object under ``kab/``: key -> head_object answer plus its decoded body."""
    found: dict[str, dict[str, Any]] = {}
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix="kab/"):
        for item in page.get("Contents", []):
            got = s3.get_object(Bucket=bucket, Key=item["Key"])
            body = got["Body"].read()
            if got.get("ContentEncoding") == "gzip":
                body = gzip.decompress(body)
            found[item["Key"].removeprefix("kab/")] = {**got, "body": body}
    return found


def missing_links(stored: dict[str, dict[str, Any]]) -> list[str]:
    """Relative links of every stored page whose target object does not exist."""
    broken = []
    for key, obj in stored.items():
        if not key.endswith(".html"):
            continue
        tree = HTMLParser(obj["body"].decode("utf-8"))
        for node in tree.css("[href], [src]"):
            link = (node.attributes.get("href") or node.attributes.get("src") or "")
            link = link.split("#", 1)[0].split("?", 1)[0]
            if not link or link.startswith("/") or ":" in link.split("/", 1)[0]:
                continue
            target = posixpath.normpath(posixpath.join(posixpath.dirname(key), link))
            if link.endswith("/") or target == ".":
                target = "index.html" if target == "." else f"{target}/index.html"
            if target not in stored:
                broken.append(f"{key} -> {link}")
    return broken


def test_objects_have_types_encodings_and_cache(tmp_path: Path, s3_server: str,
                                                s3_env: dict[str, str]) -> None:
    s3, bucket = new_bucket(s3_server)
    site = bucket_site(tmp_path, s3_server, bucket)
    first = invoke(site, "bucket")
    assert first.exit_code == 0, first.output
    build = scan(site / "build")
    stored = objects(s3, bucket)
    plain = {k for k in build if not k.endswith((".gz", ".br"))}
    assert set(stored) == plain
    for key, obj in stored.items():
        assert obj["body"] == (site / "build" / key).read_bytes(), key
        assert (obj.get("ContentEncoding") == "gzip") == (key + ".gz" in build), key
    page = stored["contoh/index.html"]
    assert page["ContentType"] == "text/html; charset=utf-8"
    assert page["CacheControl"] == "public, max-age=300"
    [css] = [k for k in stored if k.startswith("contoh/static/style.")]
    assert stored[css]["ContentType"] == "text/css; charset=utf-8"
    assert stored[css]["CacheControl"] == "public, max-age=31536000, immutable"
    assert stored["contoh/feed.xml"]["ContentType"] == "application/atom+xml"
    assert stored["robots.txt"]["ContentType"] == "text/plain; charset=utf-8"
    assert missing_links(stored) == []
    without_css = {k: v for k, v in stored.items() if k != css}
    assert f"contoh/index.html -> {css.removeprefix('contoh/')}" in missing_links(without_css)

    same = invoke(site, "bucket")
    assert same.exit_code == 0 and "Tidak ada perubahan" in same.output

    change_one_page(site)
    before, after = uploadable_plain(build), uploadable_plain(scan(site / "build"))
    changed = {k for k, v in after.items() if before.get(k) != v}
    removed = before.keys() - after.keys()  # e.g. Pagefind fragments, named by their content
    second = invoke(site, "bucket")
    assert second.exit_code == 0, second.output
    assert f"Mengunggah {len(changed)} berkas" in second.output
    assert f"{len(changed)} berkas dikirim, {len(removed)} dihapus" in second.output
    assert 0 < len(changed) < len(plain) // 2

    add_and_remove_pages(site)
    third = invoke(site, "bucket")
    assert third.exit_code == 0, third.output
    stored = objects(s3, bucket)
    assert "contoh/pengumuman/kerja-bakti/index.html" not in stored
    assert set(stored) == {k for k in scan(site / "build") if not k.endswith((".gz", ".br"))}


def uploadable_plain(files: dict[str, str]) -> dict[str, str]:
    """Plain keys and the hash of what is stored (gzip bytes where a .gz exists)."""
    return {k: files.get(k + ".gz", v) for k, v in files.items()
            if not k.endswith((".gz", ".br"))}


def test_one_village(tmp_path: Path, s3_server: str, s3_env: dict[str, str]) -> None:
    s3, bucket = new_bucket(s3_server)
    site = bucket_site(tmp_path, s3_server, bucket)
    assert invoke(site, "bucket").exit_code == 0
    before = objects(s3, bucket)
    add_and_remove_pages(site)
    result = invoke(site, "bucket", "--village", "contoh")
    assert result.exit_code == 0, result.output
    stored = objects(s3, bucket)
    build = site / "build"
    village = {k for k in scan(build) if k.startswith("contoh/") and not k.endswith((".gz", ".br"))}
    assert {k for k in stored if k.startswith("contoh/")} == village
    assert stored["index.html"]["body"] == (build / "index.html").read_bytes()  # names contoh/
    assert stored["robots.txt"]["ETag"] == before["robots.txt"]["ETag"]
    assert missing_links(stored) == []


def test_identity_encoding_stores_plain_bytes(tmp_path: Path, s3_server: str,
                                              s3_env: dict[str, str]) -> None:
    s3, bucket = new_bucket(s3_server)
    site = bucket_site(tmp_path, s3_server, bucket, encoding="identity")
    assert invoke(site, "bucket").exit_code == 0
    got = s3.get_object(Bucket=bucket, Key="kab/contoh/index.html")
    assert "ContentEncoding" not in got
    assert got["Body"].read() == (site / "build/contoh/index.html").read_bytes()


@pytest.mark.parametrize("point", ["deploy-pages", "deploy-homes", "deploy-deletes"])
def test_killed_deploy_never_serves_a_broken_link(tmp_path: Path, s3_server: str,
                                                  s3_env: dict[str, str], point: str) -> None:
    s3, bucket = new_bucket(s3_server)
    site = bucket_site(tmp_path, s3_server, bucket)
    assert invoke(site, "bucket").exit_code == 0
    add_and_remove_pages(site)
    change_one_page(site)
    marker = tmp_path / "paused"
    proc = spawn(site, {**s3_env, "SATUDESA_TEST_PAUSE": f"{point}:60:{marker}"}, "bucket")
    kill_at(proc, marker)
    stored = objects(s3, bucket)
    assert missing_links(stored) == []
    if point == "deploy-deletes":  # everything new is up, nothing old deleted yet
        assert "contoh/berita/jalan-desa/index.html" in stored
        assert "contoh/pengumuman/kerja-bakti/index.html" in stored
    again = invoke(site, "bucket")
    assert again.exit_code == 0, again.output
    stored = objects(s3, bucket)
    assert missing_links(stored) == []
    assert set(stored) == {k for k in scan(site / "build") if not k.endswith((".gz", ".br"))}
    for key, obj in stored.items():
        assert obj["body"] == (site / "build" / key).read_bytes(), key


def test_bucket_errors(tmp_path: Path, s3_server: str, s3_env: dict[str, str],
                       monkeypatch: pytest.MonkeyPatch) -> None:
    site = bucket_site(tmp_path, s3_server, "tidak-ada-bucket")
    gone = invoke(site, "bucket")
    assert gone.exit_code == 1 and "bucket 'tidak-ada-bucket' tidak ada" in gone.output

    closed = bucket_site(tmp_path / "closed", f"http://127.0.0.1:{free_port()}", "desa")
    unreachable = invoke(closed, "bucket")
    assert unreachable.exit_code == 1 and "tidak dapat dihubungi" in unreachable.output

    for name in KEYS:
        if "KEY" in name:
            monkeypatch.delenv(name)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    nokey = invoke(site, "bucket")
    assert nokey.exit_code == 1 and "kunci akses" in nokey.output
    assert "AWS_ACCESS_KEY_ID" in nokey.output


def test_refused_key(tmp_path: Path, s3_strict_server: str, s3_env: dict[str, str]) -> None:
    site = bucket_site(tmp_path, s3_strict_server, "desa")
    refused = invoke(site, "bucket")
    assert refused.exit_code == 1, refused.output
    assert "akses ke bucket 'desa'" in refused.output and "ditolak" in refused.output
    assert "SATUDESA_DEPLOY_BUCKET_SECRET_ACCESS_KEY" in refused.output
