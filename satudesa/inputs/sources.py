"""Reading officers' files: stay inside the village folder, bound sizes, decode text.

Every file the loader opens comes through here, so the rules that keep a
hostile or careless file from leaking out of its village live in one place.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import time
from collections.abc import Iterator
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from satudesa import regular
from satudesa.errors import Report
from satudesa.inputs.yamlsafe import Lines, YamlProblem, load_yaml
from satudesa.regular import NotRegular
from satudesa.xmltext import first_invalid, xml_clean

# A file whose inode changed longer ago than this may be remembered by its stamp: any
# later write sets a newer change time, which no tool can set back (git's "racy" rule).
SETTLED_NS = 2_000_000_000
MAX_MARKDOWN_BYTES = 1_000_000
# What a site folder holds: the inputs a preview or a watcher follows.
SETTINGS_FILE = "site.yml"
INPUT_FOLDERS = ("villages", "content", "themes")
MAX_MEDIA_BYTES = 10_000_000
_RESAVE = "simpan ulang berkas sebagai UTF-8 (Notepad: Simpan Sebagai > Pengodean UTF-8)"


def display_path(path: Path, site_dir: Path) -> str:
    """The path officers see in messages: relative to the site folder, with '/'."""
    try:
        return path.relative_to(site_dir).as_posix()
    except ValueError:
        return path.as_posix()


def is_inside(path: Path, root: Path) -> bool:
    """True when ``path`` (symlinks resolved) stays inside ``root``."""
    try:
        real = path.resolve(strict=False)
        return real == root.resolve() or real.is_relative_to(root.resolve())
    except (OSError, RuntimeError):
        return False


def safe_join(root: Path, ref: str) -> Path | None:
    """Resolve an officer-written relative reference under ``root``, or None if it leaves it.

    Refuses absolute paths, backslashes, percent-encoded dots, NUL bytes and
    anything whose normalised form climbs out of ``root`` (symlinks included).
    """
    parts = _parts(ref)
    if parts is None:
        return None
    candidate = root.joinpath(*parts) if parts else root
    if parts and _walk(root, parts) is not None:
        return candidate  # no symlink below root: it cannot lead out (the common case, cheap)
    return candidate if is_inside(candidate, root) else None


def exists(path: Path) -> bool:
    """``path.exists()`` for a path an officer named: any error means "not there".

    ``Path.exists`` raises on a name the system refuses, such as one longer
    than 255 bytes (``ENAMETOOLONG``); such a file cannot exist, and one
    officer's typo must not stop the whole build.
    """
    try:
        os.stat(path)
    except (OSError, ValueError):
        return False
    return True


def is_file(path: Path) -> bool:
    """``path.is_file()`` for a path an officer named: any error means "not a file"."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


def _parts(ref: str) -> list[str] | None:
    """The components of a relative reference; None for what ``safe_join`` refuses outright."""
    if not ref or "\\" in ref or "\x00" in ref or "%" in ref:
        return None
    if ref.startswith("/") or (len(ref) > 1 and ref[1] == ":"):
        return None
    parts = [p for p in ref.split("/") if p not in ("", ".")]
    if any(p == ".." for p in parts):
        return None
    return parts


def _walk(root: Path, parts: list[str]) -> bool | None:
    """Whether ``root/parts`` exists, when no component below ``root`` is a symlink.

    Without a symlink (and with no ``..``, which ``_parts`` refused) the resolved
    path is the resolved root plus ``parts``: inside by construction, so the
    ``realpath`` of ``is_inside`` can be skipped. None means "undecided" (a
    symlink, or an error other than a missing component): make the full check.
    """
    path = os.fspath(root)
    for part in parts:
        path = os.path.join(path, part)
        try:
            mode = os.lstat(path).st_mode
        except (FileNotFoundError, NotADirectoryError):
            return False  # nothing further down exists, so no symlink either
        except OSError:
            return None
        if stat.S_ISLNK(mode):
            return None
    return True


def why_unreadable(exc: OSError) -> tuple[str, str]:
    """An OSError while reading an officer's file, in Indonesian: (problem, what to do)."""
    if isinstance(exc, NotRegular):
        return ("ini bukan berkas biasa (FIFO, perangkat atau soket)",
                "ganti dengan berkas biasa")
    if exc.errno == errno.ELOOP:
        return ("tautan simbolik berputar (menunjuk ke dirinya sendiri)",
                "ganti dengan berkas asli")
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "berkas tidak dapat dibaca: tidak ada izin", "periksa izin berkas"
    if exc.errno == errno.ENOENT:
        return "berkas hilang saat dibaca", "simpan berkasnya lagi"
    return "berkas tidak dapat dibaca", "periksa izin berkas dan disknya"


def read_text(path: Path, shown: str, report: Report,
              limit: int = MAX_MARKDOWN_BYTES) -> str | None:
    """Read a UTF-8 text file; fall back to Windows-1252 with a warning.

    Returns None (after recording an error) for oversized, unreadable or
    special files (FIFOs, devices: never opened for reading), and for files
    :func:`refused` (hard links out of the village).
    """
    try:
        fd = regular.open_regular(path)
    except OSError as exc:
        report.error(shown, *why_unreadable(exc))
        return None
    with os.fdopen(fd, "rb") as handle:
        st = os.fstat(handle.fileno())
        if (st.st_dev, st.st_ino) in _REFUSED.get():
            return None  # reported where the village's files were checked
        if st.st_size > limit:
            report.error(shown, f"berkas terlalu besar ({_size(st.st_size)}, batas "
                         f"{_size(limit)})",
                         "pecah menjadi beberapa halaman atau pindahkan lampiran ke media/")
            return None
        try:
            raw = handle.read(limit + 1)
        except OSError as exc:  # this file only
            report.error(shown, *why_unreadable(exc))
            return None
    if len(raw) > limit:  # grew since the stat
        report.error(shown, f"berkas terlalu besar (batas {_size(limit)})",
                     "pecah menjadi beberapa halaman atau pindahkan lampiran ke media/")
        return None
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):  # Notepad's "Unicode"
        report.warning(shown, "berkas disimpan sebagai UTF-16", _RESAVE, line=1)
        text = raw.decode("utf-16", errors="replace")
        return _printable(text.replace("\r\n", "\n").replace("\r", "\n"), shown, report)
    if b"\x00" in raw:
        report.error(shown, "berkas ini bukan teks (mungkin dokumen Word atau gambar)",
                     "salin isinya ke berkas teks biasa, lalu simpan sebagai UTF-8",
                     line=raw[: raw.index(b"\x00")].count(b"\n") + 1)
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        text = raw.decode("cp1252", errors="replace")
        report.warning(shown, "berkas bukan UTF-8; dibaca sebagai Windows-1252", _RESAVE,
                       line=line)
    return _printable(text.replace("\r\n", "\n").replace("\r", "\n"), shown, report)


def _printable(text: str, shown: str, report: Report) -> str:
    """``text`` without control characters, which break XML (the feed) and are never meant.

    Word's Shift+Enter writes a vertical tab; it becomes a space, with a warning.
    """
    index = first_invalid(text)
    if index is None:
        return text
    report.warning(shown, "berkas memuat karakter kendali yang tidak terlihat (misalnya dari "
                   "Shift+Enter di Word); diganti spasi atau dihapus",
                   "ketik ulang baris ini, atau tempel sebagai teks biasa (Ctrl+Shift+V)",
                   line=text.count("\n", 0, index) + 1)
    return xml_clean(text)


def _size(count: int) -> str:
    """A byte count as officers read it: '1,2 MB' or '200 KB'.

    Rounded up, so a file just over a limit never reads as the limit itself.
    """
    if count >= 1_000_000:
        return f"{-(-count // 100_000) / 10:.1f} MB".replace(".", ",")
    return f"{-(-count // 1000)} KB"


def list_files(folder: Path, suffix: str, root: Path, report: Report,
               site_dir: Path) -> list[Path]:
    """Sorted files with ``suffix`` directly in ``folder``; symlinks out of ``root`` refused."""
    if not folder.is_dir():
        return []
    found = []
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        if not entry.name.endswith(suffix) or entry.name.startswith("."):
            continue
        path = Path(entry.path)
        if entry.is_symlink() and not is_inside(path, root):
            report.error(display_path(path, site_dir),
                         "tautan simbolik menunjuk ke luar folder desa",
                         "ganti dengan berkas asli di dalam folder desa")
            continue
        if entry.is_file():
            found.append(path)
        elif entry.is_dir():
            report.warning(display_path(path, site_dir), "ini folder, bukan berkas, jadi diabaikan",
                           f"ganti nama folder ini agar tidak berakhiran '{suffix}'")
        elif entry.is_symlink():
            report.warning(display_path(path, site_dir),
                           "tautan simbolik rusak: berkas tujuannya tidak ada, jadi diabaikan",
                           "ganti dengan berkas asli di dalam folder desa")
    return found


def read_yaml(path: Path, shown: str, report: Report,
              limit: int = MAX_MARKDOWN_BYTES) -> tuple[Any, Lines] | None:
    """Read and parse one officer YAML file; None (problem recorded) when it cannot be used."""
    text = read_text(path, shown, report, limit=limit)
    if text is None:
        return None
    try:
        return load_yaml(text)
    except YamlProblem as exc:
        report.error(shown, exc.message, exc.hint, line=exc.line, col=exc.col)
        return None


def stamp(st: os.stat_result) -> tuple[int, int, int, int, int]:
    """A file version's identity: device, inode, size, modification and change times."""
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def settled(st: os.stat_result) -> bool:
    """Whether the file has not changed for :data:`SETTLED_NS` (its stamp can be trusted)."""
    return time.time_ns() - max(st.st_mtime_ns, st.st_ctime_ns) > SETTLED_NS


# -- what a village folder may hold: regular files and folders ----------------------

HARD_LINK = ("berkas ini tautan keras (hard link) yang juga muncul di luar folder desa ini; "
             "tidak dibaca dan tidak diterbitkan")
HARD_LINK_HINT = "salin berkasnya ke folder desa (cp tanpa -l), jangan ditautkan"
Inode = tuple[int, int]
# The inodes the village being loaded refuses (hard links out of it): set by village_files.
_REFUSED: ContextVar[frozenset[Inode]] = ContextVar("refused_inodes", default=frozenset())


def refused(path: Path | str) -> bool:
    """Whether ``path`` is a file the village being loaded refused (see :func:`village_files`)."""
    known = _REFUSED.get()
    if not known:
        return False
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return False
    return (st.st_dev, st.st_ino) in known


@contextlib.contextmanager
def village_files(root: Path, site_dir: Path, report: Report) -> Iterator[frozenset[Inode]]:
    """Check every entry under a village folder, and refuse its outside hard links meanwhile.

    Only regular files and folders belong there. A FIFO, a device, a socket, a
    symlink loop or a symlink to such a thing is a warning at its path and is
    never followed or opened. A regular file with more links than the folder
    holds (a hard link to a file elsewhere, perhaps another village's) is an
    error, and :func:`read_text` and :func:`refused` refuse it while the
    ``with`` block loads the village.
    """
    refusing = frozenset(_scan(root, site_dir, report))
    token = _REFUSED.set(refusing)
    try:
        yield refusing
    finally:
        _REFUSED.reset(token)


_KINDS = ((stat.S_ISFIFO, "FIFO (pipa bernama)"), (stat.S_ISCHR, "perangkat karakter"),
          (stat.S_ISBLK, "perangkat blok"), (stat.S_ISSOCK, "soket"))


def special_kind(mode: int) -> str | None:
    """What a special file is, in Indonesian; None for a regular file, folder or symlink."""
    for test, name in _KINDS:
        if test(mode):
            return name
    return None


def _scan(root: Path, site_dir: Path, report: Report) -> set[Inode]:
    """Warn about special entries under ``root``; the inodes of outside hard links."""
    links: dict[Inode, tuple[int, str]] = {}  # inode -> (link count, first path)
    seen: dict[Inode, int] = {}
    stack = [os.fspath(root)]
    while stack:
        folder = stack.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            continue
        for entry in entries:
            try:
                st = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            mode = st.st_mode
            if stat.S_ISDIR(mode):
                stack.append(entry.path)
            elif stat.S_ISREG(mode):
                if st.st_nlink > 1:  # the usual file has one name: nothing to count
                    inode = (st.st_dev, st.st_ino)
                    seen[inode] = seen.get(inode, 0) + 1
                    links.setdefault(inode, (st.st_nlink, entry.path))
            elif stat.S_ISLNK(mode):
                _check_symlink(entry.path, display_path(Path(entry.path), site_dir), report)
            else:
                report.warning(display_path(Path(entry.path), site_dir),
                               f"berkas khusus diabaikan: {special_kind(mode)}",
                               "folder desa hanya boleh berisi berkas dan folder biasa; "
                               "hapus berkas ini")
    outside = {inode for inode, (count, _path) in links.items() if count > seen[inode]}
    for inode in sorted(outside, key=lambda i: links[i][1]):
        report.error(display_path(Path(links[inode][1]), site_dir), HARD_LINK, HARD_LINK_HINT)
    return outside


def _check_symlink(path: str, shown: str, report: Report) -> None:
    """A symlink's target is looked at (``stat``), never opened: loops and specials warned."""
    try:
        st = os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            report.warning(shown, "tautan simbolik berputar (menunjuk ke dirinya sendiri) "
                           "diabaikan", "hapus tautan ini; ganti dengan berkas asli")
        return  # a broken link: reported where it is used
    kind = special_kind(st.st_mode)
    if kind is not None:
        report.warning(shown, f"tautan simbolik ke berkas khusus diabaikan: {kind}",
                       "hapus tautan ini; ganti dengan berkas asli di dalam folder desa")
