"""What a build did: the result both engines return, for the summary and the exit status."""

from __future__ import annotations

import traceback
from dataclasses import dataclass, field

from satudesa.build.summary import build_summary
from satudesa.errors import Report
from satudesa.load.model import Site


@dataclass
class BuildResult:
    """What a build did, for the summary line and the exit status."""

    built: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # unchanged: published as they were
    kept: list[str] = field(default_factory=list)  # '<slug>/<url>' kept at its last good output
    pages: int = 0
    seconds: float = 0.0
    report: Report = field(default_factory=Report)

    def ok(self, strict: bool = False) -> bool:
        """True when nothing failed (and, with ``strict``, nothing warned)."""
        if self.failed or self.report.errors:
            return False
        return not (strict and self.report.warnings)

    def summary(self) -> str:
        """The closing lines in Indonesian (see :mod:`satudesa.build.summary`)."""
        return "\n".join(build_summary(self))


def broken_villages(site: Site) -> set[str]:
    """Slugs whose registry entry had an error this time."""
    return {p.path.removeprefix("villages/").removesuffix(".yml")
            for p in site.report.errors if p.path.startswith("villages/")}


def report_crash(report: Report, slug: str, exc: BaseException) -> None:
    """Record that village ``slug`` could not be built (the same words in both engines)."""
    detail = traceback.format_exception_only(exc)[-1].strip()
    report.error(f"content/{slug}", f"desa gagal dibangun: {detail}",
                 "jalankan dengan --debug untuk melihat rinciannya")


def report_unknown(report: Report, only: list[str] | tuple[str, ...], site: Site) -> None:
    """Record every ``--village`` that is not a valid registry entry."""
    for slug in only:
        if slug not in site.registry:
            report.error(f"villages/{slug}.yml", f"desa '{slug}' tidak ada atau tidak valid",
                         "periksa nama desa pada --village")
