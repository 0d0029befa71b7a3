"""The deployed folder served by Debian's nginx with docs/nginx/satudesa.conf, checked with curl.

The configuration is read from docs/ (and must appear verbatim in docs/deploy.md),
so the documented setup is the tested one. Only the lines that name the
production machine are rewritten: listen ports, certificates, /srv/satudesa and
the snippet path.
"""

from __future__ import annotations

import re
import subprocess
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.deploy.servers import (
    NGINX,
    REPO,
    SSHServer,
    free_port,
    invoke,
    make_site,
    start_server,
    stop,
    wait_for_port,
)

pytestmark = pytest.mark.deploy
DOCS = REPO / "docs"
CONF = DOCS / "nginx" / "satudesa.conf"
HEADERS = DOCS / "nginx" / "satudesa-headers.conf"
VILLAGE_HOST = "tanjungpurun.desa.id"
PORTAL_HOST = "desa.purwakartakab.go.id"


def test_docs_show_the_tested_configuration() -> None:
    text = (DOCS / "deploy.md").read_text(encoding="utf-8")
    for conf in (CONF, HEADERS):
        assert conf.read_text(encoding="utf-8") in text, f"{conf.name} differs in deploy.md"


def local_conf(srv: Path, port: int, redirect_port: int) -> str:
    """docs/nginx/satudesa.conf with the production-only lines rewritten for 127.0.0.1."""
    text = CONF.read_text(encoding="utf-8")
    rules = [
        (r"listen 443 ssl http2;", f"listen 127.0.0.1:{port};"),
        (r"listen 80;", f"listen 127.0.0.1:{redirect_port};"),
        (r"\n\s*ssl_certificate(_key)? [^\n]*;", ""),
        (r"/srv/satudesa/current/tanjung-purun;", f"{srv}/current/contoh;"),
        (r"/srv/satudesa/current;", f"{srv}/current;"),
        (r"snippets/satudesa-headers\.conf", str(HEADERS)),
    ]
    for pattern, replacement in rules:
        text, count = re.subn(pattern, replacement, text)
        assert count, f"docs/nginx/satudesa.conf no longer has {pattern!r}"
    return text


@dataclass
class Served:
    port: int
    build: Path


@pytest.fixture
def nginx(tmp_path: Path, sshd: SSHServer, monkeypatch: pytest.MonkeyPatch) -> Iterator[Served]:
    """The demo-sized site deployed with rsync, then Debian's nginx over ``current``."""
    monkeypatch.setenv("SATUDESA_DEPLOY_WEB_SSH_KEY", str(sshd.key))
    monkeypatch.setenv("SATUDESA_DEPLOY_WEB_KNOWN_HOSTS", str(sshd.known_hosts))
    srv = tmp_path / "srv"
    site = make_site(tmp_path / "site", f"""\
        deploy:
          web:
            type: rsync
            host: 127.0.0.1
            port: {sshd.port}
            user: root
            path: {srv}
        """)
    result = invoke(site, "web")
    assert result.exit_code == 0, result.output
    port, redirect = free_port(), free_port()
    run = tmp_path / "nginx"
    run.mkdir()
    (run / "site.conf").write_text(local_conf(srv, port, redirect), encoding="utf-8")
    (run / "nginx.conf").write_text(textwrap.dedent(f"""\
        user root;
        worker_processes 1;
        daemon off;
        pid {run}/nginx.pid;
        error_log {run}/error.log;
        events {{ worker_connections 64; }}
        http {{
            include /etc/nginx/mime.types;
            default_type application/octet-stream;
            access_log off;
            client_body_temp_path {run}/body;
            proxy_temp_path {run}/proxy;
            fastcgi_temp_path {run}/fastcgi;
            uwsgi_temp_path {run}/uwsgi;
            scgi_temp_path {run}/scgi;
            include {run}/site.conf;
        }}
        """), encoding="utf-8")
    log = run / "out.log"
    proc = start_server([NGINX, "-p", str(run), "-c", str(run / "nginx.conf")], log)
    try:
        wait_for_port(port, proc, "nginx", log)
        yield Served(port, site / "build")
    finally:
        stop(proc)


def curl(port: int, host: str, path: str, encoding: str | None = None,
         ) -> tuple[int, dict[str, str], bytes]:
    """Status, headers (lower-case names) and raw body, with curl."""
    args = ["curl", "-s", "-D", "-", "--max-time", "10", "-H", f"Host: {host}"]
    if encoding:
        args += ["-H", f"Accept-Encoding: {encoding}"]
    done = subprocess.run([*args, f"http://127.0.0.1:{port}{path}"], capture_output=True,
                          check=True)
    head, _, body = done.stdout.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return status, headers, body


def test_precompressed_copies_404_and_cache_headers(nginx: Served) -> None:
    build, port = nginx.build, nginx.port
    home = build / "contoh/index.html"
    # One copy, gzip (docs/scaling.md, "Compression"): a browser that also accepts br gets it.
    assert not list(build.rglob("*.br"))
    for encoding, suffix in (("gzip", ".gz"), ("gzip, deflate, br", ".gz"), ("br", ""),
                             (None, "")):
        status, headers, body = curl(port, VILLAGE_HOST, "/", encoding)
        assert status == 200
        assert headers.get("content-encoding") == (suffix[1:].replace("gz", "gzip") or None)
        assert body == Path(f"{home}{suffix}").read_bytes(), encoding
        assert headers["cache-control"] == "public, max-age=300"
        assert headers["content-type"] == "text/html; charset=utf-8"
        assert headers["vary"] == "Accept-Encoding"

    # A file under 1 KB has no copies: the plain file, whatever the browser accepts.
    status, headers, body = curl(port, VILLAGE_HOST, "/robots.txt", "br")
    assert status == 200 and "content-encoding" not in headers
    assert body == (build / "contoh/robots.txt").read_bytes()

    [css] = (build / "contoh/static").glob("style.*.css")
    status, headers, body = curl(port, VILLAGE_HOST, f"/static/{css.name}", "gzip")
    assert status == 200 and headers["content-encoding"] == "gzip"
    assert headers["cache-control"] == "public, max-age=31536000, immutable"
    assert body == Path(f"{css}.gz").read_bytes()

    status, headers, body = curl(port, VILLAGE_HOST, "/tidak-ada/", "gzip, deflate, br")
    assert status == 404
    assert body == (build / "contoh/404.html.gz").read_bytes()  # the village's own 404
    assert headers["cache-control"] == "public, max-age=300"

    status, headers, _ = curl(port, VILLAGE_HOST, "/cari/")
    assert status == 200 and "'wasm-unsafe-eval'" in headers["content-security-policy"]

    # The portal domain: villages under /<slug>/, the portal's 404 elsewhere.
    status, headers, body = curl(port, PORTAL_HOST, "/contoh/berita/", "gzip")
    assert status == 200
    assert body == (build / "contoh/berita/index.html.gz").read_bytes()
    status, _, body = curl(port, PORTAL_HOST, "/contoh/tidak-ada/")
    assert status == 404 and body == (build / "404.html").read_bytes()
    status, headers, _ = curl(port, PORTAL_HOST, "/contoh/cari/")
    assert status == 200 and "'wasm-unsafe-eval'" in headers["content-security-policy"]
