"""The closing lines of ``flask build``: what was built, what was unchanged, what was left out.

Both engines fill the same :class:`~satudesa.preview.freeze.BuildResult`, so both print
the same summary. Words keep one meaning each: *tidak berubah* (unchanged since
the last build, published as it was), *gagal* (a village that could not be
built; its last good version stays) and *tidak diterbitkan* (a page or file
left out of this build, each one named with its first problem).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from satudesa.errors import Problem, Report
from satudesa.load.strays import IGNORED_FOLDER, NOT_READ

if TYPE_CHECKING:
    from satudesa.build.result import BuildResult

# A problem on one of these names an unknown key: its value is not shown anywhere.
UNKNOWN_KEY = "kunci tidak dikenal"


def left_out(report: Report) -> list[Problem]:
    """The first problem of every content file or folder this build did not publish.

    That is a file under ``content/<slug>/`` with an error (its page is not
    published; keep.py may keep the last good version online), a file the loader
    never reads, or a content folder no registry entry claims. A whole village
    that failed is counted by the build as ``gagal`` instead.
    """
    first: dict[str, Problem] = {}
    for problem in report:  # sorted by path and line
        if problem.path in first or not problem.path.startswith("content/"):
            continue
        in_village = problem.path.count("/") >= 2
        if (problem.severity == "error" and in_village) or \
                problem.message.startswith((NOT_READ, IGNORED_FOLDER)):
            first[problem.path] = problem
    return list(first.values())


def _where(problem: Problem) -> str:
    """``path:line (message)``: where the officer looks, and why it was left out."""
    where = problem.path if problem.line is None else f"{problem.path}:{problem.line}"
    return f"{where} ({problem.message})"


def build_summary(result: BuildResult) -> list[str]:
    """The summary lines of a build, in Indonesian."""
    unchanged = len(result.skipped)
    published = len(result.built) + unchanged
    head = f"Dibangun {published} desa"
    if unchanged:
        head += f" ({unchanged} tidak berubah)"
    head += f", gagal {len(result.failed)}"
    if result.failed:
        head += f" ({', '.join(sorted(result.failed))})"
    dropped = left_out(result.report)
    folders = [p for p in dropped if p.message.startswith(IGNORED_FOLDER)]
    pages = [p for p in dropped if p not in folders]
    groups = [(f"{len(found)} {noun}", found) for noun, found in (
        ("halaman tidak diterbitkan", pages), ("folder diabaikan", folders)) if found]
    if not groups:
        lines = [head + "; semua halaman diterbitkan."]
    elif len(dropped) == 1:
        lines = [f"{head}; {groups[0][0]}: {_where(dropped[0])}"]
    else:
        lines = []
        for label, found in groups:
            lines.append(f"{head}; {label}:" if not lines else f"{label}:")
            lines += [f"  {_where(p)}" for p in found]
    rate = result.pages / result.seconds if result.seconds else 0.0
    lines.append(f"{result.pages} berkas ditulis dalam {result.seconds:.2f} detik "
                 f"({rate:.0f} berkas/detik).")
    warnings = result.report.warnings
    if warnings:
        unknown = sum(1 for p in warnings if UNKNOWN_KEY in p.message)
        line = f"{len(warnings)} peringatan"
        if unknown:
            line += (f", {unknown} di antaranya kunci tidak dikenal: nilainya tidak tampil "
                     "di situs")
        lines.append(line + " (baca baris 'peringatan' di atas, atau jalankan 'flask check')")
    return lines
