"""Drafts: a file that says it is not ready is never published, even when it is broken.

An officer hides a page (one showing a resident's NIK, say) by adding
``draft: true``; if the same edit leaves a typo elsewhere, the full parse
fails, and a failed page keeps its last published version (keep.py): the
page the officer meant to hide would stay online. So whether a file is a
draft is read first, by a tolerant line scan that needs no valid YAML, and a
draft's problems are reported as warnings: nothing of it is published or kept.

A file is a draft when a top-level line says ``draft: true`` (yes, on, ya) or
``status: draf`` / ``diajukan`` (the editor's workflow: draf, diajukan, terbit;
only ``terbit`` or no status publishes). This holds for Markdown pages and for
the data files (``apbdes/<tahun>.yml``, ``statistik.yml``, ``perangkat.yml``).
"""

from __future__ import annotations

import contextlib
import dataclasses
import re
from collections.abc import Iterator
from pathlib import Path

from satudesa.errors import WARNING, Report
from satudesa.regular import read_bytes

STATUSES = ("draf", "diajukan", "terbit")
PUBLISHED = "terbit"
_DRAFT_LINE = re.compile(
    r"""^(?:draft[ \t]*:[ \t]*["']?(?:true|yes|on|y|ya)["']?"""
    r"""|status[ \t]*:[ \t]*["']?(?:draf|draft|diajukan)["']?)[ \t]*(?:\#.*)?$""",
    re.IGNORECASE | re.MULTILINE)
SCAN_LINES = 500  # a front matter is never longer; the scan stays cheap on any file


def says_draft(text: str, front_matter: bool) -> bool:
    """Whether ``text`` declares itself a draft (see the module docstring), without parsing.

    ``front_matter``: only the block after a first line '---' counts (up to the
    next '---', or :data:`SCAN_LINES` lines when it is never closed).
    """
    if front_matter:
        lines = text.split("\n", SCAN_LINES + 1)
        if not lines or lines[0].rstrip() != "---":
            return False
        head = []
        for line in lines[1:SCAN_LINES + 1]:
            if line.rstrip() == "---":
                break
            head.append(line)
        text = "\n".join(head)
    return _DRAFT_LINE.search(text) is not None


def file_says_draft(path: Path, limit: int = 1_000_000) -> bool:
    """:func:`says_draft` of a data file (a whole YAML file); False when it cannot be read."""
    try:
        raw = read_bytes(path)
    except OSError:
        return False
    return says_draft(raw[:limit].decode("utf-8", errors="replace"), front_matter=False)


@contextlib.contextmanager
def as_draft(report: Report, shown: str) -> Iterator[Report]:
    """A report for loading a draft; its problems reach ``report`` as warnings, saying so."""
    mine = Report()
    try:
        yield mine
    finally:
        for problem in mine.problems:
            note = "draf, tidak diterbitkan: " if problem.path == shown else ""
            report.extend([dataclasses.replace(problem, severity=WARNING,
                                               message=note + problem.message)])
