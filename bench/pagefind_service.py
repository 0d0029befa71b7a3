"""The rejected alternative to one Pagefind CLI run per village, kept for the bench.

``bench/pagefind_speed.py`` measures it against ``satudesa.build.pagefind`` (see
docs/scaling.md, "Search index"): per village it costs more CPU than the CLI, so
the build does not use it. It was built as a module of the build, so it is
written as one:

One long-lived ``pagefind --service`` process per build worker, spoken to directly.

Starting the Pagefind CLI once per village costs a process start and the writing
of ~1 MB of UI bundles the search page never loads. The service (the backend of
Pagefind's own Python and Node APIs) is started once per worker process, lazily,
and keeps serving village after village: one in-memory index each, pages handed
over from memory, files handed back in memory.

The protocol (Pagefind 1.5.2, ``pagefind_bin``'s ``--service``): every message is
base64-encoded JSON followed by a comma, on stdin for requests and stdout for
responses; a response carries the ``message_id`` of its request. The ``pagefind``
package's asyncio client polls for responses every 100 ms (seconds per village
at one request per page), so this module speaks the same protocol synchronously,
one request at a time (which also fixes the order pages enter an index: the
output is deterministic). No asyncio, no threads.

Robustness:

* every call has a deadline (:data:`CALL_TIMEOUT`): a hung service is killed,
  the call raises :class:`ServiceError`, the next call starts a fresh one;
* the service exits when its stdin closes, so a worker that dies (even SIGKILL)
  takes its service with it; a forked child drops its copies of the parent's
  pipes (``os.register_at_fork``) so it never keeps the parent's service alive;
* one service per (process, thread): Dask workers run jobs in threads;
* closed at interpreter exit (``atexit``); pool workers that skip ``atexit``
  close its stdin by exiting.
"""

from __future__ import annotations

import atexit
import base64
import contextlib
import fcntl
import json
import os
import selectors
import shutil
import subprocess
import threading
import time
from collections.abc import Iterable, Mapping
from pathlib import Path, PurePosixPath
from typing import Any

from satudesa.build.pagefind import ENTRY, UNUSED, needed_wasm

UNUSED_FOLDERS = ("pagefind-component-ui", "pagefind-modular-ui", "playground")

CALL_TIMEOUT = 60.0  # seconds for one request; a village's job has 120 s in all
READ_CHUNK = 1 << 20
PIPE_SIZE = 1 << 20  # Linux's default /proc/sys/fs/pipe-max-size


class ServiceError(Exception):
    """The Pagefind service failed, hung or answered with an error."""


class Service:
    """One ``pagefind --service`` process and its pipes."""

    def __init__(self, binary: str) -> None:
        try:
            self.process = subprocess.Popen(  # noqa: S603 (a fixed argument list)
                [binary, "--service"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL, close_fds=True)
        except OSError as exc:
            raise ServiceError(f"pagefind tidak dapat dijalankan: {exc}") from exc
        assert self.process.stdin is not None and self.process.stdout is not None
        self._in, self._out = self.process.stdin.fileno(), self.process.stdout.fileno()
        os.set_blocking(self._in, False)
        for fd in (self._in, self._out):  # fewer wake-ups for a megabyte of files
            with contextlib.suppress(OSError, AttributeError):
                fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, PIPE_SIZE)
        self._buffer = bytearray()
        self._scanned = 0  # bytes of the buffer known to hold no comma
        self._next_id = 0

    @property
    def alive(self) -> bool:
        """True while the process runs."""
        return self.process.poll() is None

    def call(self, payload: dict[str, Any], timeout: float | None = None) -> dict[str, Any]:
        """Send one request and return its response's payload (see :meth:`exchange`)."""
        return self.exchange([payload], timeout)[0]

    def exchange(self, payloads: list[dict[str, Any]],
                 timeout: float | None = None) -> list[dict[str, Any]]:
        """Send requests, all at once, and return their responses' payloads in order.

        The service handles one request after another in the order received, so
        a batch costs one round trip and pages enter an index in the order sent.

        :raise ServiceError: on an error response, a dead service or no answer within
            ``timeout`` seconds (:data:`CALL_TIMEOUT`) for the batch (the service is
            then killed).
        """
        first = self._next_id + 1
        data = bytearray()
        for payload in payloads:
            self._next_id += 1
            message = {"message_id": self._next_id, "payload": payload}
            data += base64.b64encode(json.dumps(message).encode("utf-8")) + b","
        deadline = time.monotonic() + (CALL_TIMEOUT if timeout is None else timeout)
        answers: dict[int, dict[str, Any]] = {}
        try:
            self._talk(memoryview(bytes(data)), deadline, answers, first)
        except ServiceError:
            self.kill()
            raise
        results = [answers[first + n] for n in range(len(payloads))]
        for answer in results:
            if answer.get("type") == "Error":
                raise ServiceError(f"pagefind: {answer.get('message', 'galat tanpa pesan')}")
        return results

    def _talk(self, view: memoryview, deadline: float, answers: dict[int, dict[str, Any]],
              first: int) -> None:
        """Write ``view`` while reading responses, until every message is answered."""
        with selectors.DefaultSelector() as selector:
            selector.register(self._out, selectors.EVENT_READ)
            if view:
                selector.register(self._in, selectors.EVENT_WRITE)
            while len(answers) <= self._next_id - first:
                events = selector.select(_left(deadline))
                if not events:
                    raise ServiceError("pagefind tidak menjawab (batas waktu habis)")
                for key, _mask in events:
                    if key.fd == self._in:
                        try:
                            view = view[os.write(self._in, view):]
                        except BlockingIOError:
                            continue
                        except OSError as exc:  # BrokenPipeError: the service is gone
                            raise ServiceError(f"pagefind berhenti: {exc}") from exc
                        if not view:
                            selector.unregister(self._in)
                    else:
                        chunk = os.read(self._out, READ_CHUNK)
                        if not chunk:
                            raise ServiceError("pagefind berhenti tanpa jawaban")
                        self._buffer += chunk
                        self._parse(answers, first)

    def _parse(self, answers: dict[int, dict[str, Any]], first: int) -> None:
        """Move every complete response out of the buffer into ``answers``.

        Only the bytes not yet searched are searched for the comma: a response of
        files arrives in many pipe-sized chunks.
        """
        while (end := self._buffer.find(b",", self._scanned)) >= 0:
            raw = bytes(self._buffer[:end])
            del self._buffer[:end + 1]
            self._scanned = 0
            try:
                decoded = json.loads(base64.b64decode(raw))
            except ValueError as exc:
                raise ServiceError(f"jawaban pagefind tidak terbaca: {exc}") from exc
            if not isinstance(decoded, dict):
                raise ServiceError("jawaban pagefind tidak terbaca")
            number = decoded.get("message_id")
            payload = decoded.get("payload")
            if not isinstance(payload, dict):
                raise ServiceError("jawaban pagefind tidak terbaca")
            if number is None:  # a request it could not read: ours are well formed
                raise ServiceError(f"pagefind: {payload.get('message', 'pesan tak terbaca')}")
            if isinstance(number, int) and first <= number <= self._next_id:
                answers[number] = payload
        self._scanned = len(self._buffer)

    def close(self) -> None:
        """Close stdin (the service exits on end of input) and wait for it briefly."""
        try:
            self.process.stdin.close()  # type: ignore[union-attr]
            self.process.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            self.kill()
        finally:
            self.process.stdout.close()  # type: ignore[union-attr]

    def kill(self) -> None:
        """Stop the process at once."""
        self.process.kill()
        self.process.wait()
        for pipe in (self.process.stdin, self.process.stdout):
            if pipe is not None:
                pipe.close()

    def drop(self) -> None:
        """Close this process's copies of the pipes, leaving the service to its owner."""
        for pipe in (self.process.stdin, self.process.stdout):
            if pipe is not None:
                pipe.close()


def _left(deadline: float) -> float:
    return max(0.0, deadline - time.monotonic())


# -- one service per worker -----------------------------------------------------------

_services: dict[int, Service] = {}  # by thread id, for this process only
_lock = threading.Lock()
_forgotten: list[Service] = []  # a parent's services, kept so their Popen never warns


def service(binary: str) -> Service:
    """This thread's service, started on first use (and again after a failure)."""
    key = threading.get_ident()
    with _lock:
        current = _services.get(key)
        if current is not None and current.alive:
            return current
        if current is not None:
            current.kill()
        current = _services[key] = Service(binary)
        return current


def close_all() -> None:
    """Close every service of this process."""
    with _lock:
        services = list(_services.values())
        _services.clear()
    for one in services:
        one.close()


def _forget_after_fork() -> None:
    """In a forked child: drop the parent's services (its pipes would keep them alive)."""
    global _lock
    _lock = threading.Lock()
    for one in _services.values():
        one.drop()
        _forgotten.append(one)
    _services.clear()


os.register_at_fork(after_in_child=_forget_after_fork)
atexit.register(close_all)


def build_index(binary: str, pages: Iterable[tuple[str, bytes]],
                timeout: float | None = None) -> dict[str, str]:
    """Index ``pages`` ((site-relative path, HTML), in order) and return the index files.

    Returns {bundle-relative path: base64 content} for every file Pagefind would
    write, UI bundles included: the caller decodes only what it publishes. Three
    round trips: a new index; every page and the files at once; the index dropped.

    :raise ServiceError: when the service fails; the index is dropped either way.
    """
    worker = service(binary)
    created = worker.call({"type": "NewIndex", "config": None}, timeout)
    index = created.get("index_id")
    if created.get("type") != "NewIndex" or not isinstance(index, int):
        raise ServiceError("pagefind tidak membuat indeks")
    try:
        batch: list[dict[str, Any]] = [
            {"type": "AddFile", "index_id": index, "file_path": path, "url": None,
             "file_contents": html.decode("utf-8", "replace")} for path, html in pages]
        batch.append({"type": "GetFiles", "index_id": index})
        files = worker.exchange(batch, timeout)[-1].get("files")
        if not isinstance(files, list):
            raise ServiceError("pagefind tidak mengirim berkas indeks")
        return {f["path"]: f["content"] for f in files}
    finally:
        if worker.alive:
            worker.call({"type": "DeleteIndex", "index_id": index}, timeout)


# -- what the build would publish -------------------------------------------------

def published(files: Mapping[str, str]) -> list[tuple[str, bytes]]:
    """The index files the search page can load, decoded from the service's base64.

    No UI bundle, no unused WebAssembly (:func:`needed_wasm`); sorted by path.
    """
    needed = None
    if ENTRY in files:
        try:
            data = json.loads(base64.b64decode(files[ENTRY]))
            needed = needed_wasm(data) if isinstance(data, dict) else None
        except ValueError:
            needed = None
    kept = []
    for path in sorted(files):
        if path.split("/", 1)[0] in UNUSED + UNUSED_FOLDERS:
            continue
        if needed is not None and path.startswith("wasm.") and path not in needed:
            continue
        kept.append((path, base64.b64decode(files[path])))
    return kept


def _write_bundle(out: Path, files: list[tuple[str, bytes]], old: Path | None) -> None:
    """Write ``files`` as ``out`` (replacing it); a file the same as in ``old`` is linked.

    Written beside ``out`` and renamed into place, so a failure leaves no half index.
    """
    fresh = out.with_name(f".{out.name}-baru")
    shutil.rmtree(fresh, ignore_errors=True)
    made: set[Path] = set()
    try:
        for path, content in files:
            if PurePosixPath(path).is_absolute() or ".." in PurePosixPath(path).parts:
                raise ServiceError(f"berkas {path!r} di luar folder pagefind")
            target = fresh / path
            if target.parent not in made:
                target.parent.mkdir(parents=True, exist_ok=True)
                made.add(target.parent)
            before = old / path if old is not None else None
            if before is not None and _same_content(before, content):
                try:
                    os.link(before, target)
                    continue
                except OSError:
                    pass
            target.write_bytes(content)
        shutil.rmtree(out, ignore_errors=True)
        os.replace(fresh, out)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise


def _same_content(path: Path, content: bytes) -> bool:
    """True when the file at ``path`` holds exactly ``content``."""
    try:
        if os.stat(path).st_size != len(content):
            return False
        return path.read_bytes() == content
    except OSError:
        return False


def index_village(folder: Path, pages: dict[str, bytes], binary: str) -> Path:
    """Index ``pages`` (folder-relative path: HTML) from memory into ``folder/pagefind``."""
    files = build_index(binary, sorted(pages.items()))
    out = folder / "pagefind"
    _write_bundle(out, published(files), None)
    return out
