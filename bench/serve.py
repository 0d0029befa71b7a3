"""Serve a built site the way docs/deploy.md tells hosts to: pre-compressed, with cache headers.

    python bench/serve.py build/ --port 8765

Used by ``bench/lighthouse.py`` and ``bench/budgets.py`` so that measurements
see what residents get from nginx or Caddy (``.br``/``.gz`` beside each file),
not the uncompressed bytes of ``python -m http.server``.
"""

from __future__ import annotations

import argparse
import functools
import os
import re
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

HASHED = re.compile(r"\.[0-9a-f]{10}\.(css|js|webp|jpg|png)$")


class PrecompressedHandler(SimpleHTTPRequestHandler):
    """Static files; ``x.br`` or ``x.gz`` when the client accepts it and the file exists."""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib name
        return

    def send_head(self):  # type: ignore[no-untyped-def]
        """Pick the pre-compressed copy, then let the base class stream it."""
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # the base class redirects to the slash
            path = os.path.join(path, "index.html")
        accepted = self.headers.get("Accept-Encoding", "")
        for encoding, suffix in (("br", ".br"), ("gzip", ".gz")):
            if encoding in accepted and os.path.isfile(path + suffix):
                return self._send_file(path, path + suffix, encoding)
        if os.path.isfile(path):
            return self._send_file(path, path, None)
        return super().send_head()

    def _send_file(self, original: str, served: str, encoding: str | None):  # type: ignore[no-untyped-def]
        handle = open(served, "rb")  # noqa: SIM115 - the base class closes it
        size = os.fstat(handle.fileno()).st_size
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(original))
        if encoding:
            self.send_header("Content-Encoding", encoding)
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(size))
        immutable = HASHED.search(original)
        self.send_header("Cache-Control", "public, max-age=31536000, immutable" if immutable
                         else "public, max-age=300")
        self.end_headers()
        return handle


def start(folder: Path, port: int = 0) -> tuple[ThreadingHTTPServer, str]:
    """Serve ``folder`` from a daemon thread on 127.0.0.1; returns (server, base URL)."""
    handler = functools.partial(PrecompressedHandler, directory=str(folder))
    httpd = ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}/"


def main() -> None:
    """Serve a folder until interrupted."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    httpd, url = start(args.folder, args.port)
    print(f"Serving {args.folder} at {url}")
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        httpd.shutdown()


if __name__ == "__main__":
    main()
