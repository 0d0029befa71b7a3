"""What every satudesa command shares: the --site option, usage errors, clean error lines."""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import IO, Any

import click
from flask import current_app

from satudesa.errors import DesaError, Report, UsageMistake


class UsageProblem(click.UsageError):
    """A wrong option or argument (exit 2), told in one Indonesian line.

    click frames a usage error in English ("Usage: …", "Try … for help.",
    "Error: …"); officers read ``galat: message`` and where to find help.
    """

    def show(self, file: IO[Any] | None = None) -> None:
        """``galat: message (lihat: flask <command> --help)`` on standard error."""
        where = f"flask {self.ctx.info_name}" if self.ctx is not None else "flask"
        click.echo(f"galat: {self.format_message()} (lihat: {where} --help)", file=file,
                   err=True)


class _Shown(click.ClickException):
    """A :class:`DesaError` that reached the command line: one Indonesian line, exit 1."""

    def __init__(self, error: DesaError) -> None:
        super().__init__(error.message)
        self.error = error
        self.exit_code = getattr(error, "exit_code", 1)  # 2: the cluster could not be used

    def show(self, file: IO[Any] | None = None) -> None:
        """Not click's English ``Error:`` frame."""
        click.echo(self.error.line_for_officers(), file=file, err=True)


class Command(click.Command):
    """A satudesa command: a :class:`DesaError` it raises is printed as one line."""

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; turn a satudesa error into a clean exit 1."""
        try:
            return super().invoke(ctx)
        except UsageMistake as error:
            raise UsageProblem(error.message, ctx) from None
        except DesaError as error:
            raise _Shown(error) from None


class Group(click.Group):
    """A command group whose subcommands print satudesa errors as :class:`Command` does."""

    command_class = Command


SITE_OPTION = click.option("--site", "site_dir", type=click.Path(file_okay=False, path_type=Path),
                           help="Folder situs (bawaan: SATUDESA_SITE atau folder ini).")


def resolve_site(option: Path | None) -> Path:
    if option is not None:
        if not option.is_dir():
            raise UsageProblem(f"folder situs '{option}' tidak ada "
                                   "(periksa nilai --site)")
        return option.resolve()
    return Path(current_app.config["SATUDESA_SITE"]).resolve()


def check_villages(folder: Path, villages: tuple[str, ...]) -> None:
    """A ``--village`` with no registry file is a usage error (exit 2), caught before building."""
    known = sorted(path.stem for path in (folder / "villages").glob("*.yml"))
    for slug in villages:
        if slug in known:
            continue  # registered: an invalid entry is reported by the build (exit 1)
        near = difflib.get_close_matches(slug, known, n=1)
        hint = (f"maksud Anda '{near[0]}'?" if near else
                f"desa yang ada: {', '.join(known)}" if len(known) <= 10 else
                "nama desa adalah nama berkasnya di villages/, tanpa '.yml'")
        raise UsageProblem(f"desa '{slug}' tidak terdaftar di villages/ ({hint})")


def print_report(report: Report, strict: bool) -> None:
    """Every problem, one line each, then the summary (to standard error)."""
    for problem in report:
        line = problem.format()
        if strict:
            line = line.replace(": peringatan: ", ": galat: ", 1)
        click.echo(line, err=True)
