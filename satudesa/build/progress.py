"""Build progress for people: a bar on a terminal, one plain line per village otherwise."""

from __future__ import annotations

import sys
from typing import TextIO

from satudesa.build.engine import Outcome, Progress

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
            end = "\n" if done == total else ""
            out.write(f"\r[{bar}] {done}/{total} desa{end}")
        elif outcome is not None:
            state = "dibangun" if outcome.ok else "gagal"
            out.write(f"[{done}/{total}] {outcome.slug}: {state}, "
                      f"{len(outcome.written)} berkas ditulis\n")
        out.flush()

    return report
