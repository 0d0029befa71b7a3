"""Opening an officer's file: a regular file only, never a FIFO, a device or a socket.

A FIFO opened for reading blocks until someone writes to it, and a symlink to
``/dev/zero`` never ends: either stopped every build of a regency (issue 14).
Files are opened without blocking and checked on the descriptor (``fstat``, no
race with a swap) before a byte is read. A shared leaf: the inputs, the image
pipeline and the build's manifest all read officers' files through it.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path


class NotRegular(OSError):
    """A path that is a FIFO, a device, a socket or a folder: never read."""


def open_regular(path: Path | str) -> int:
    """A descriptor of the regular file at ``path`` (symlinks followed), or OSError.

    :raise NotRegular: anything but a regular file; ``ELOOP`` for a symlink loop.
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise NotRegular(errno.EINVAL, "bukan berkas biasa", os.fspath(path))
        os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return fd


def read_bytes(path: Path | str) -> bytes:
    """The bytes of a regular file (see :func:`open_regular`)."""
    with os.fdopen(open_regular(path), "rb") as handle:
        return handle.read()
