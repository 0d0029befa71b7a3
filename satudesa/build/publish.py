"""Publishing a build atomically: private trees next to the output, exchanged in one step.

Readers (a web server, an rsync to the host) only ever see ``build/`` whole:
the build writes into a private tree beside it and then exchanges the two
directories with Linux ``renameat2(RENAME_EXCHANGE)``, one atomic system call.
Where that call is missing (other kernels, some file systems) two renames are
used instead; a build killed between them leaves ``.build.old`` behind, which
:func:`recover` renames back before anything else happens.

Files are never opened for writing once they exist: a new version is always a
new file (a new inode), so a tree may share files with ``build/`` by hard links
without any write reaching the published copy.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

AT_FDCWD = -100
RENAME_EXCHANGE = 2


def sibling(out: Path, role: str) -> Path:
    """A private path beside ``out``: ``.build.<role>``."""
    return out.with_name(f".{out.name}.{role}")


def _renameat2() -> ctypes._CFuncPtr | None:  # type: ignore[name-defined]
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        func = libc.renameat2
    except (OSError, AttributeError):
        return None
    func.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                     ctypes.c_uint]
    func.restype = ctypes.c_int
    return func


_RENAMEAT2 = _renameat2()


def exchange(a: Path, b: Path) -> bool:
    """Swap two existing directories atomically; False when the system cannot."""
    if _RENAMEAT2 is None or os.environ.get("SATUDESA_NO_EXCHANGE"):
        return False
    if _RENAMEAT2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(a))


def swap_in(staging: Path, out: Path) -> None:
    """Publish ``staging`` as ``out``; afterwards ``staging`` holds the previous tree (if any).

    Readers see the old tree or the new one, never a mix.
    """
    if not out.exists():
        os.replace(staging, out)
        return
    if exchange(staging, out):
        return
    old = sibling(out, "old")
    os.replace(out, old)  # a kill between these two renames is undone by recover()
    os.replace(staging, out)
    os.replace(old, staging)


def recover(out: Path) -> None:
    """Undo a two-rename swap that was cut short: ``out`` missing but ``.out.old`` present."""
    old = sibling(out, "old")
    if old.is_dir():
        if not out.exists():
            os.replace(old, out)
        else:
            remove_tree(old)


@contextmanager
def locked(out: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``out``'s build while the block runs (one build at a time)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(sibling(out, "lock"), "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _link_file(src: str, target: str) -> None:
    """Hard-link one file (a copy when the link is refused, e.g. across devices)."""
    try:
        os.link(src, target, follow_symlinks=False)
    except OSError:
        shutil.copy2(src, target, follow_symlinks=False)


def link_tree(src: Path | str, dest: Path | str) -> int:
    """Recreate folder ``src`` at ``dest`` with hard links (copies across devices); file count."""
    count = 0
    os.mkdir(dest)
    with os.scandir(src) as entries:
        for entry in entries:
            target = os.path.join(dest, entry.name)
            if entry.is_dir(follow_symlinks=False):
                count += link_tree(entry.path, target)
                continue
            _link_file(entry.path, target)
            count += 1
    return count


def sync_tree(src: Path | str, dest: Path | str) -> int:
    """Make ``dest`` a hard-link mirror of ``src``, touching only entries that differ.

    Cheaper than deleting and re-linking a whole folder: folders are kept, and a
    file already sharing its inode with ``src`` costs one ``lstat``. Returns the
    number of files (re)linked.
    """
    if os.path.islink(dest) or not os.path.isdir(dest):
        remove_tree(dest)
        return link_tree(src, dest)
    wanted = {entry.name: entry for entry in os.scandir(src)}
    for entry in os.scandir(dest):
        source = wanted.get(entry.name)
        if source is None or source.is_dir(follow_symlinks=False) != \
                entry.is_dir(follow_symlinks=False):
            remove_tree(entry.path)
    count = 0
    for name, source in wanted.items():
        target = os.path.join(dest, name)
        if source.is_dir(follow_symlinks=False):
            count += sync_tree(source.path, target)
            continue
        try:
            if os.lstat(target).st_ino == source.inode():
                continue
            os.unlink(target)
        except FileNotFoundError:
            pass
        _link_file(source.path, target)
        count += 1
    return count


def remove_tree(path: Path | str) -> None:
    """Delete a folder (or file) if present."""
    try:
        shutil.rmtree(path)
    except NotADirectoryError:
        os.unlink(path)
    except FileNotFoundError:
        pass


def identity(path: Path) -> list[int] | None:
    """Inode, size and modification time of a file: changes whenever the file is replaced."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return [stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns]


def write_new(path: Path, data: bytes) -> None:
    """Write ``data`` as a new file at ``path`` (never through an existing hard link)."""
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
    with open(path, "xb") as handle:
        handle.write(data)
