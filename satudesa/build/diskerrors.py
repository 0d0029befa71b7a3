"""Writing the output failed: disk full, read-only or not allowed, told in Indonesian.

The published tree is never touched before the final exchange (publish.py),
so such a failure loses nothing; the operator needs to know which path, why,
and what to do, not an English errno text or a traceback.
"""

from __future__ import annotations

import errno
from pathlib import Path

from satudesa.errors import BuildError

_UNCHANGED = "situs yang sudah terbit tidak berubah"
_CAUSES = {
    errno.ENOSPC: ("disk penuh", "kosongkan ruang di disk itu, misalnya dengan menghapus "
                   f"cadangan lama, lalu bangun lagi; {_UNCHANGED}"),
    errno.EDQUOT: ("kuota disk habis", "minta kuota lebih besar atau kosongkan ruang, lalu "
                   f"bangun lagi; {_UNCHANGED}"),
    errno.EROFS: ("disk hanya dapat dibaca (read-only)", "pasang ulang disk itu dengan izin "
                  f"tulis, atau pilih folder lain dengan --out; {_UNCHANGED}"),
    errno.EACCES: ("tidak ada izin menulis", "periksa pemilik dan izin folder hasil, atau "
                   f"pilih folder lain dengan --out; {_UNCHANGED}"),
    errno.EPERM: ("tidak ada izin menulis", "periksa pemilik dan izin folder hasil, atau "
                  f"pilih folder lain dengan --out; {_UNCHANGED}"),
    errno.EIO: ("kesalahan baca/tulis disk", f"periksa disk server itu; {_UNCHANGED}"),
}


def disk_problem(exc: BaseException, folder: Path | str | None = None
                 ) -> tuple[str, str] | None:
    """(message, hint) for an OSError of the disk; None for any other error.

    The message names the file when the error does, else ``folder`` (a write
    to an open file carries no name).
    """
    if not isinstance(exc, OSError) or exc.errno not in _CAUSES:
        return None
    cause, hint = _CAUSES[exc.errno]
    if exc.filename or exc.filename2:
        return f"{cause}: tidak dapat menulis {exc.filename or exc.filename2}", hint
    return (f"{cause}: tidak dapat menulis di {folder}" if folder else cause), hint


def output_error(exc: OSError, out: Path) -> BuildError | None:
    """The one-line error for a failed write under ``out``; None when it is not a disk error."""
    found = disk_problem(exc, out.parent)
    if found is None:
        return None
    message, hint = found
    return BuildError(f"pembangunan dihentikan: {message}", path=str(out), hint=hint)
