"""Every save is a commit: the site's git history, written with dulwich.

Which repository: when ``site_dir`` is the root of a git repository (a ``.git``
folder, or a ``.git`` file of a ``git worktree``), the editor commits there;
otherwise it initialises one at ``site_dir``. It never walks up into an
enclosing repository: the editor writes only inside the site, and a site kept
inside a larger repository gets a repository of its own (list the site folder in
the outer repository's ``.gitignore``, or make the site the repository root).

A commit holds exactly the paths it is given, on top of the current HEAD: what
someone else staged in the index is neither committed nor disturbed, and the
index entries of the committed paths are updated so ``git status`` stays clean.
HEAD moves by compare-and-swap, retried when another process (``git commit``
from a terminal) got there first, and commits from the editor's threads are
serialised by one lock per repository.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import stat
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from dulwich.errors import NotGitRepository, NotTreeError
from dulwich.index import index_entry_from_stat
from dulwich.object_store import commit_tree_changes, tree_lookup_path
from dulwich.objects import Blob, Commit, Tree
from dulwich.repo import Repo

AUTHOR = re.compile(r"[^<>\n\r\x00]+ <[^<>\n\r\x00 ]+>\Z")
PLAIN_NAME = re.compile(r"[^<>@\n\r\x00]+\Z")
VERSION = re.compile(r"[0-9a-f]{40}\Z")
MAX_LOG = 200
_RETRIES = 20

_locks: dict[str, threading.Lock] = {}
_locks_guard = threading.Lock()


class HistoryError(Exception):
    """A history request that cannot be met; the message is in Indonesian."""


@dataclass(frozen=True)
class Version:
    """One commit that touched a file: its id, author ("Nama <user@desa>"), time, message."""

    id: str
    author: str
    time: dt.datetime
    message: str


def atomic_write(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` whole or not at all: temp file, fsync, rename, fsync dir.

    A new file gets mode 0644; an existing one keeps its mode. A symbolic link
    at ``path`` is replaced by the file, never written through.
    """
    folder = path.parent
    try:
        mode = stat.S_IMODE(path.lstat().st_mode) if not path.is_symlink() else 0o644
    except FileNotFoundError:
        mode = 0o644
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name[:40]}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    _fsync_dir(folder)


class History:
    """The git history of one site folder (see the module's docstring for which repository)."""

    def __init__(self, site_dir: Path) -> None:
        self.root = Path(site_dir).resolve(strict=True)
        try:
            repo = Repo(str(self.root))
        except NotGitRepository:
            repo = Repo.init(str(self.root))
        repo.close()
        self._lock = _lock_for(self.root)

    def _repo(self) -> Repo:
        return Repo(str(self.root))

    def _relative(self, path: Path) -> bytes:
        """``path`` as a tree path; refused when it leads outside the site or into .git."""
        full = path if path.is_absolute() else self.root / path
        parent = full.parent.resolve()
        try:
            relative = (parent / full.name).relative_to(self.root)
        except ValueError:
            raise HistoryError(f"berkas di luar folder situs: {path}") from None
        parts = relative.parts
        if not parts or parts[0] == ".git" or ".." in parts or full.name in ("", ".", ".."):
            raise HistoryError(f"berkas tidak dapat dicatat di riwayat: {path}")
        return "/".join(parts).encode("utf-8")

    def commit(self, paths: list[Path], author: str, message: str) -> str:
        """Commit the current content of ``paths`` (a missing file is a deletion).

        Returns the new commit's id, or HEAD's when nothing changed.

        :raise HistoryError: for a path outside the site.
        ``author`` is "Nama <user@desa>" or a bare user name ("siti" is recorded
        as "siti <siti@satudesa>").

        :raise ValueError: for an author with a line break or stray ``<``, ``>``.
        """
        names = [self._relative(path) for path in paths]
        with self._lock:
            return self._commit(names, _author(author), message)

    def write(self, path: Path, data: bytes, author: str, message: str) -> str:
        """``atomic_write`` then ``commit``, under the lock: concurrent saves of one file
        each land in their own commit with their own content."""
        name = self._relative(path)
        with self._lock:
            atomic_write(self.root / name.decode("utf-8"), data)
            return self._commit([name], _author(author), message)

    def _commit(self, names: list[bytes], author: bytes, message: str) -> str:
        with self._repo() as repo:
            for _ in range(_RETRIES):
                chain, head = repo.refs.follow(b"HEAD")
                base = repo[head].tree if head else None
                changes = [self._change(repo, name) for name in names]
                if base is None:
                    empty = Tree()
                    repo.object_store.add_object(empty)
                    base = empty.id
                tree = commit_tree_changes(repo.object_store, base, changes)
                if head is not None and tree == repo[head].tree:
                    self._update_index(repo, names)
                    return head.decode("ascii")
                commit = Commit()
                commit.tree = tree
                commit.parents = [head] if head else []
                commit.author = commit.committer = author
                commit.author_time = commit.commit_time = int(time.time())
                commit.author_timezone = commit.commit_timezone = 0
                commit.encoding = b"UTF-8"
                commit.message = _message(message)
                repo.object_store.add_object(commit)
                target = chain[-1]
                moved = (repo.refs.set_if_equals(target, head, commit.id, message=b"commit")
                         if head else repo.refs.add_if_new(target, commit.id))
                if moved:
                    self._update_index(repo, names)
                    return commit.id.decode("ascii")
                time.sleep(0.01)  # another process moved HEAD: apply ours on top of it
        raise HistoryError("riwayat sedang dipakai proses lain; coba simpan lagi")

    def _change(self, repo: Repo, name: bytes) -> tuple[bytes, int | None, bytes | None]:
        full = self.root / name.decode("utf-8")
        try:
            info = full.lstat()
        except FileNotFoundError:
            return name, None, None
        if stat.S_ISLNK(info.st_mode):
            blob = Blob.from_string(os.fsencode(os.readlink(full)))
            mode = stat.S_IFLNK
        elif stat.S_ISREG(info.st_mode):
            blob = Blob.from_string(full.read_bytes())
            mode = 0o100755 if info.st_mode & 0o111 else 0o100644
        else:
            raise HistoryError(f"bukan berkas biasa: {name.decode('utf-8', 'replace')}")
        repo.object_store.add_object(blob)
        return name, mode, blob.id

    def _update_index(self, repo: Repo, names: list[bytes]) -> None:
        """Bring the committed paths' index entries in line with HEAD; leave the rest."""
        index = repo.open_index()
        head_tree = repo[repo.head()].tree
        for name in names:
            try:
                mode, sha = tree_lookup_path(repo.__getitem__, head_tree, name)
            except (KeyError, NotTreeError):
                if name in index:
                    del index[name]
                continue
            try:
                info = os.lstat(self.root / name.decode("utf-8"))
            except FileNotFoundError:
                continue
            index[name] = index_entry_from_stat(info, sha, mode)
        index.write()

    def log(self, path: Path, limit: int = MAX_LOG) -> list[Version]:
        """The commits that changed ``path``, newest first (at most ``limit``).

        Follows first parents, comparing the file's blob id in each commit with its
        parent's: three object reads a commit, where a full tree diff would read
        every changed folder.
        """
        name = self._relative(path)
        with self._repo() as repo:
            try:
                commit = repo[repo.head()]
            except KeyError:
                return []
            versions: list[Version] = []
            here = _blob_id(repo, commit.tree, name)
            while len(versions) < limit:
                parent = repo[commit.parents[0]] if commit.parents else None
                before = _blob_id(repo, parent.tree, name) if parent is not None else None
                if here != before:
                    versions.append(_version(commit))
                if parent is None:
                    break
                commit, here = parent, before
            return versions

    def read(self, path: Path, version: str) -> bytes:
        """The bytes of ``path`` as committed in ``version``.

        :raise HistoryError: when the version or the file in it does not exist.
        """
        name = self._relative(path)
        if not VERSION.match(version):
            raise HistoryError("versi tidak dikenal")
        with self._repo() as repo:
            try:
                commit = repo[version.encode("ascii")]
            except KeyError:
                raise HistoryError("versi tidak ditemukan di riwayat") from None
            if not isinstance(commit, Commit):
                raise HistoryError("versi tidak dikenal")
            try:
                mode, sha = tree_lookup_path(repo.__getitem__, commit.tree, name)
            except (KeyError, NotTreeError):
                raise HistoryError("berkas belum ada pada versi ini") from None
            if not stat.S_ISREG(mode):
                raise HistoryError("versi ini bukan berkas biasa")
            return repo[sha].data

    def restore(self, path: Path, version: str, author: str) -> str:
        """Write ``path`` back as it was in ``version`` and commit that; return the commit id."""
        name = self._relative(path)
        data = self.read(path, version)
        shown = name.decode("utf-8")
        with self._lock:
            full = self.root / shown
            full.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(full, data)
            return self._commit([name], _author(author),
                                f"Pulihkan {shown} ke versi {version[:10]}")


def _blob_id(repo: Repo, tree: bytes, name: bytes) -> tuple[int, bytes] | None:
    try:
        return tree_lookup_path(repo.__getitem__, tree, name)
    except (KeyError, NotTreeError):
        return None


def _version(commit: Commit) -> Version:
    return Version(id=commit.id.decode("ascii"),
                   author=commit.author.decode("utf-8", "replace"),
                   time=dt.datetime.fromtimestamp(commit.author_time, dt.UTC),
                   message=commit.message.decode("utf-8", "replace").rstrip("\n"))


def _lock_for(root: Path) -> threading.Lock:
    with _locks_guard:
        return _locks.setdefault(str(root), threading.Lock())


def _author(author: str) -> bytes:
    """``Nama <user@desa>`` as given; a bare user name gets an address: ``siti <siti@satudesa>``."""
    author = author.strip()
    if AUTHOR.match(author):
        return author.encode("utf-8")
    if author and PLAIN_NAME.match(author):
        local = re.sub(r"[^a-z0-9._-]+", "-", author.lower()).strip("-.") or "editor"
        return f"{author} <{local}@satudesa>".encode()
    raise ValueError(f"penulis harus ditulis 'Nama <pengguna@desa>' atau nama pengguna: "
                     f"{author!r}")


def _message(message: str) -> bytes:
    text = message.replace("\r\n", "\n").replace("\x00", "").strip() or "Perubahan"
    return text.encode("utf-8") + b"\n"


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
