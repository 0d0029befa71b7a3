"""Build progress for people: a bar on a terminal, one plain line per village otherwise."""

from __future__ import annotations

import sys
from typing import TextIO

from satudesa.build.engine import Outcome, Progress
from satudesa.build.summary import left_out
from satudesa.errors import Report

BAR = 30


def progress_reporter(stream: TextIO | None = None) -> Progress:
    """A progress callback writing to ``stream`` (standard error by default)."""
    out = stream or sys.stderr
    tty = out.isatty()

    def report(outcome: Outcome | None, done: int, total: int) -> None:
        if total == 0:
            return
        if tty:
            filled = BAR * done // total
            bar = "#" * filled + "." * (BAR - filled)
            out.write(f"\r[{bar}] {done}/{total} desa" + ("\n" if done == total else ""))
        elif outcome is not None:
            out.write(f"[{done}/{total}] {outcome.slug}: {village_line(outcome)}\n")
        out.flush()

    return report


def village_line(outcome: Outcome) -> str:
    """What happened to one village: built or failed, files written, pages left out."""
    if not outcome.ok:
        return "gagal (galatnya tertulis di bawah)"
    line = f"dibangun, {len(outcome.written)} berkas ditulis"
    dropped = len(left_out(Report(list(outcome.problems))))
    if dropped:
        line += f", {dropped} halaman tidak diterbitkan"
    return line
