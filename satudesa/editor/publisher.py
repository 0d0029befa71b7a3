"""Publishing from the editor: one warm build process beside it, one for checks.

A click on *Terbitkan* must reach the static site within a second, and a crash
in the build (libyaml overflowing its stack on a hostile file, say) must cost
that build, never the editor. So the editor never builds in its own process:
``Publisher`` keeps a worker process (``python -m satudesa.editor.worker``)
that has imported the engine and compiled the templates, and asks it over a
socket to run the fast engine for one village, incrementally,
exactly as ``flask build --village SLUG --jobs 1`` does (same output lock, same
atomic swap, the last good site kept when a page or village fails). ``flask
check`` for one village runs in a second worker of its own, so checks never
wait behind a build or kill the warm one.

A worker that dies (a signal, a segfault) makes that call return a failure in
Indonesian and is replaced on the next call; one that takes longer than the
timeout is killed. Calls from several threads are served one at a time per
worker.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import Problem
from .worker import READY

if TYPE_CHECKING:
    from .pagepreview import PagePreview

PUBLISH_TIMEOUT = 120.0  # seconds; a first build of a large village takes a few
CHECK_TIMEOUT = 60.0
START_TIMEOUT = 60.0
# The folder holding the satudesa package, for the worker's import path.
_PACKAGE_ROOT = str(Path(__file__).resolve().parents[2])


@dataclass(frozen=True)
class PublishResult:
    """A publish's outcome: ``ok``, an Indonesian message for the officer, wall seconds."""

    ok: bool
    message: str
    seconds: float


class WorkerFailed(Exception):
    """The worker died or was killed; the message is in Indonesian."""


class WorkerDied(WorkerFailed):
    """The worker's process ended (a signal, a segfault, the OOM killer)."""


class _Worker:
    """One child process serving requests over a pipe; replaced when it dies."""

    def __init__(self, role: str, site_dir: Path, out_dir: Path) -> None:
        self.role, self.site_dir, self.out_dir = role, site_dir, out_dir
        self.noun = "proses pembangun" if role == "build" else "proses pemeriksa"
        self.task = "pembangunan" if role == "build" else "pemeriksaan"
        self.lock = threading.Lock()
        self.process: subprocess.Popen[bytes] | None = None
        self.conn: Connection | None = None

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def start(self) -> None:
        """Start the process and wait until it has warmed up (call with ``lock`` held).

        A plain ``python -m satudesa.editor.worker``, not multiprocessing: its
        spawn start method would import the editor's ``__main__`` again, and a
        fork of a process with threads can inherit a held lock.
        """
        self.stop()
        ours, theirs = socket.socketpair()
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(
            [_PACKAGE_ROOT, *filter(None, [env.get("PYTHONPATH")])])
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "satudesa.editor.worker", self.role, str(self.site_dir),
                 str(self.out_dir), str(theirs.fileno())],
                pass_fds=[theirs.fileno()], stdin=subprocess.DEVNULL, env=env,
                cwd=str(self.site_dir))
        except OSError as exc:  # the site folder vanished, no processes left …
            ours.close()
            raise WorkerFailed(f"{self.noun} tidak dapat dimulai: {exc.strerror}") from None
        finally:
            theirs.close()
        self.conn = Connection(ours.detach())
        try:
            reply = self._receive(START_TIMEOUT)
        except WorkerFailed:
            self.stop()
            raise
        if reply != (READY,):
            self.stop()
            raise WorkerFailed(f"{self.noun} tidak dapat dimulai")

    def call(self, request: tuple[Any, ...], timeout: float, retry: bool = False) -> Any:
        """Send ``request``, wait for the answer; a fresh process when the last one died.

        With ``retry`` (checks: they change nothing), a worker found dead during the
        call is replaced and asked once more: one killed while idle costs no request.
        """
        with self.lock:
            for attempt in (1, 2):
                if not self.alive():
                    self.start()
                assert self.conn is not None
                try:
                    try:
                        self.conn.send(request)
                    except (OSError, ValueError):
                        self.stop()
                        raise WorkerDied(f"{self.noun} berhenti mendadak") from None
                    return self._receive(timeout)
                except WorkerDied:
                    if not retry or attempt == 2:
                        raise
            raise AssertionError("unreachable")

    def _receive(self, timeout: float) -> Any:
        assert self.conn is not None
        try:
            if not self.conn.poll(timeout):
                self.stop()
                raise WorkerFailed(f"{self.task} melebihi {timeout:g} detik dan dihentikan")
            return self.conn.recv()
        except (EOFError, OSError):
            code = self._reap()
            detail = f" (sinyal {-code})" if code is not None and code < 0 else ""
            raise WorkerDied(f"{self.noun} berhenti mendadak{detail}") from None

    def _reap(self) -> int | None:
        process = self.process
        if process is None:
            return None
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(5)
        code = process.returncode
        self.stop()
        return code

    def stop(self) -> None:
        """Kill the process if it runs, close the pipe."""
        if self.conn is not None:
            with contextlib.suppress(OSError):
                self.conn.close()
        if self.process is not None:
            if self.process.poll() is None:
                self.process.kill()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(5)
        self.process = None
        self.conn = None


class Publisher:
    """The editor's build and check workers for one site and one output folder."""

    def __init__(self, site_dir: Path, out_dir: Path, timeout: float = PUBLISH_TIMEOUT,
                 check_timeout: float = CHECK_TIMEOUT) -> None:
        self.site_dir = Path(site_dir).resolve()
        self.out_dir = Path(out_dir).resolve()
        self.timeout = timeout
        self.check_timeout = check_timeout
        self._builder = _Worker("build", self.site_dir, self.out_dir)
        self._checker = _Worker("check", self.site_dir, self.out_dir)

    def __enter__(self) -> Publisher:
        self.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def start(self) -> None:
        """Start both workers and wait until they are warm (templates compiled)."""
        for worker in (self._builder, self._checker):
            with worker.lock:
                if not worker.alive():
                    worker.start()

    def publish(self, slug: str) -> PublishResult:
        """Build ``slug`` into the output folder, incrementally; never raises for a failure."""
        started = time.perf_counter()
        try:
            reply = self._builder.call(("publish", slug), self.timeout)
        except WorkerFailed as exc:
            return PublishResult(False, f"Gagal menerbitkan: {exc}. Situs tetap versi "
                                 "terbit sebelumnya; coba terbitkan lagi.",
                                 time.perf_counter() - started)
        seconds = time.perf_counter() - started
        if reply[0] != "ok":
            return PublishResult(False, f"Gagal menerbitkan: {reply[1]}. Situs tetap versi "
                                 "terbit sebelumnya.", seconds)
        return PublishResult(reply[1]["ok"], _publish_message(slug, reply[1], seconds), seconds)

    def check(self, slug: str) -> list[dict[str, Any]]:
        """``flask check``'s findings for one village: path, line, level, message.

        ``level`` is "galat" or "peringatan"; ``message`` carries the hint in
        brackets, as the command line prints it. A crashed check is one "galat".
        """
        try:
            reply = self._checker.call(("check", slug), self.check_timeout, retry=True)
        except WorkerFailed as exc:
            return [{"path": "", "line": None, "level": "galat",
                     "message": f"pemeriksaan gagal: {exc} (coba lagi; bila berulang, periksa "
                                "berkas yang terakhir diubah)"}]
        if reply[0] != "ok":
            return [{"path": "", "line": None, "level": "galat",
                     "message": f"pemeriksaan gagal: {reply[1]}"}]
        return list(reply[1])

    def check_text(self, slug: str, kind_name: str, rel: str, text: str
                   ) -> tuple[list[Problem], str | None]:
        """``flask check``'s findings for an unsaved form, and its body's HTML (or None).

        ``rel`` is the document's path inside ``content/<slug>/``. The loader runs in
        the check worker; a crash there is one Indonesian "galat", never the editor's.
        """
        try:
            reply = self._checker.call(("check_text", slug, kind_name, rel, text),
                                       self.check_timeout, retry=True)
        except WorkerFailed as exc:
            return [_failed(slug, rel, str(exc))], None
        if reply[0] != "ok":
            return [_failed(slug, rel, str(reply[1]))], None
        return reply[1]

    def check_table(self, slug: str, name: str, rel: str, text: str) -> list[Problem]:
        """``flask check``'s findings for a table form's unsaved text (``rel`` in the site)."""
        try:
            reply = self._checker.call(("check_table", slug, name, rel, text),
                                       self.check_timeout, retry=True)
        except WorkerFailed as exc:
            return [_failed(slug, rel, str(exc), site=True)]
        if reply[0] != "ok":
            return [_failed(slug, rel, str(reply[1]), site=True)]
        return list(reply[1])

    def preview_file(self, slug: str, rel: str) -> tuple[bytes, str] | None:
        """A file a Pratinjau page links to and its type, or None (also when the worker died)."""
        try:
            reply = self._checker.call(("preview_file", slug, rel), self.check_timeout,
                                       retry=True)
        except WorkerFailed:
            return None
        return reply[1] if reply[0] == "ok" else None

    def preview_saved(self, slug: str, url: str) -> PagePreview:
        """A saved page of the village (a link followed inside Pratinjau), in the check worker."""
        from .pagepreview import PagePreview

        try:
            reply = self._checker.call(("preview_saved", slug, url), self.check_timeout,
                                       retry=True)
        except WorkerFailed as exc:
            return PagePreview(None, url, [_failed(slug, url, str(exc))])
        if reply[0] != "ok":
            return PagePreview(None, url, [_failed(slug, url, str(reply[1]))])
        return reply[1]

    def preview(self, slug: str, kind_name: str, rel: str, text: str) -> PagePreview:
        """The Pratinjau page of an unsaved form, rendered in the check worker."""
        from .pagepreview import PagePreview, page_url

        url = page_url(kind_name, Path(rel).stem)
        try:
            reply = self._checker.call(("preview", slug, kind_name, rel, text),
                                       self.check_timeout, retry=True)
        except WorkerFailed as exc:
            return PagePreview(None, url, [_failed(slug, rel, str(exc))])
        if reply[0] != "ok":
            return PagePreview(None, url, [_failed(slug, rel, str(reply[1]))])
        return reply[1]

    def close(self) -> None:
        """Stop both workers."""
        for worker in (self._builder, self._checker):
            with worker.lock:
                if worker.alive() and worker.conn is not None and worker.process is not None:
                    with contextlib.suppress(OSError, ValueError):
                        worker.conn.send(("stop",))
                    with contextlib.suppress(subprocess.TimeoutExpired):
                        worker.process.wait(2)
                worker.stop()


def _failed(slug: str, rel: str, why: str, site: bool = False) -> Problem:
    """The one error a form gets when its check could not run."""
    return Problem(rel if site else f"content/{slug}/{rel}", f"pemeriksaan gagal: {why}",
                   "tulisan Anda masih ada di formulir; coba lagi sebentar lagi. Bila "
                   "terulang, simpan sebagai draf dan hubungi admin kabupaten")


def _publish_message(slug: str, summary: dict[str, Any], seconds: float) -> str:
    shown = f"{seconds:.1f}".replace(".", ",")
    if "message" in summary:
        return str(summary["message"])
    if summary["ok"]:
        return f"Terbit dalam {shown} detik."
    first = summary["errors"][0] if summary["errors"] else ""
    if summary["failed"]:
        return (f"Desa {slug} gagal dibangun; situs tetap versi terbit sebelumnya. {first}"
                ).strip()
    return f"Sebagian halaman bermasalah dan tetap versi sebelumnya. {first}".strip()
