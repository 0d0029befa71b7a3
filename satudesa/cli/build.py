"""``flask build``: parse arguments, call the engine."""

from __future__ import annotations

import os
import sys
import traceback
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from satudesa.build import portal_search
from satudesa.build.diskerrors import output_error
from satudesa.build.engine import build_fast, refresh_spare
from satudesa.build.executor import SCHEDULER_ENV
from satudesa.build.progress import progress_reporter
from satudesa.build.result import BuildResult
from satudesa.build.spare import start_refresh
from satudesa.cli.options import (
    SITE_OPTION,
    Command,
    UsageProblem,
    check_villages,
    print_report,
    resolve_site,
)
from satudesa.links import PORTABLE_ENV


@click.command("build", cls=Command)
@SITE_OPTION
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              default=None, help="Folder hasil (bawaan: build/ di folder situs).")
@click.option("--village", "villages", multiple=True, metavar="SLUG",
              help="Bangun desa ini saja (boleh diulang).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Jumlah proses pembangun (bawaan: jumlah inti CPU).")
@click.option("--force", is_flag=True, help="Bangun ulang semuanya, abaikan manifest.")
@click.option("--engine", type=click.Choice(["fast", "frozen"]), default="fast",
              help="fast: paralel dan bertahap; frozen: Frozen-Flask (pembanding).")
@click.option("--strict", is_flag=True, help="Peringatan dihitung sebagai galat.")
@click.option("--watch", is_flag=True,
              help="Setelah membangun, pantau perubahan dan terbitkan ulang segera.")
@click.option("--scheduler", metavar="tcp://HOST:PORT", default=None,
              help="Bangun di klaster Dask dengan penjadwal ini (bawaan: SATUDESA_SCHEDULER; "
                   "tanpa keduanya: di mesin ini).")
@click.option("--debug", is_flag=True, help="Tampilkan traceback bila terjadi kesalahan.")
@click.option("--village-timeout", type=click.IntRange(min=1), default=None, metavar="DETIK",
              help="Batas waktu membangun satu desa (bawaan: village_timeout di site.yml, "
                   "atau 120); desa yang melewatinya dihentikan dan versi terbitnya dipertahankan.")
@click.option("--portable", is_flag=True,
              help="Tautan berakhiran index.html, agar salinan di flashdisk bisa dibuka "
                   "langsung dari folder (file://).")
@with_appcontext
def build_command(site_dir: Path | None, out_dir: Path | None, villages: tuple[str, ...],
                  jobs: int | None, force: bool, engine: str, strict: bool, watch: bool,
                  scheduler: str | None, debug: bool, village_timeout: int | None,
                  portable: bool) -> None:
    """Bangun portal dan situs setiap desa menjadi HTML statis."""
    before = os.environ.get(PORTABLE_ENV)
    os.environ[PORTABLE_ENV] = "1" if portable else "0"
    try:
        _build(site_dir, out_dir, villages, jobs, force, engine, strict, watch, scheduler,
               debug, village_timeout)
    finally:  # the choice is this build's only (tests run many builds in one process)
        if before is None:
            os.environ.pop(PORTABLE_ENV, None)
        else:
            os.environ[PORTABLE_ENV] = before


def _build(site_dir: Path | None, out_dir: Path | None, villages: tuple[str, ...],
           jobs: int | None, force: bool, engine: str, strict: bool, watch: bool,
           scheduler: str | None, debug: bool, village_timeout: int | None) -> None:
    """The build command's work, with the link style already chosen."""
    folder = resolve_site(site_dir)
    check_villages(folder, villages)
    out = out_dir or folder / "build"
    address = scheduler or os.environ.get(SCHEDULER_ENV) or None
    result: BuildResult
    if engine == "frozen":
        if watch:
            raise UsageProblem("--watch hanya tersedia dengan --engine fast")
        if scheduler:
            raise UsageProblem("--scheduler hanya tersedia dengan --engine fast")
        # Imported here, not at the top: only --engine frozen needs Frozen-Flask (a cost
        # avoided on every fast build, not an import cycle).
        from satudesa.preview.freeze import build_site

        app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
        try:
            result = build_site(app, folder, out, villages, debug=debug)
        except OSError as exc:
            raise _disk_error(exc, out, debug) from None
        _print_result(result, strict)
    else:
        try:
            result = _build_fast(folder, out, villages, jobs, force, debug, address, strict,
                                 village_timeout, portal_index=True)
        except OSError as exc:  # the output's disk: one Indonesian line, nothing lost
            raise _disk_error(exc, out, debug) from None
        if not watch:  # --watch levels the spare itself, between builds
            start_refresh(out)  # after a cold or --force build: the first edit stays fast
    if watch:
        result = _watch(folder, out, villages, jobs, strict, debug, result, address,
                        village_timeout)
    sys.exit(0 if result.ok(strict) else 1)


def _disk_error(exc: OSError, out: Path, debug: bool) -> Exception:
    """A disk error writing ``out`` as one Indonesian line; anything else as it was."""
    error = None if debug else output_error(exc, out)
    return error if error is not None else exc


def _build_fast(folder: Path, out: Path, villages: tuple[str, ...], jobs: int | None,
                force: bool, debug: bool, address: str | None, strict: bool,
                village_timeout: int | None = None, portal_index: bool = False) -> BuildResult:
    """One fast build, here or on the Dask cluster at ``address``; prints its result.

    ``portal_index``: rebuild the portal's search index after publishing (a one-shot
    build; the watcher and the editor debounce it instead).
    """
    if not address:
        result = build_fast(folder, out, villages, jobs=jobs, force=force, debug=debug,
                            progress=progress_reporter(), village_timeout=village_timeout,
                            portal_index=portal_index)
        _print_result(result, strict)
        return result
    from satudesa.build.dask_executor import DaskExecutor  # Dask is imported only here

    with DaskExecutor(address, out, debug) as cluster:
        result = build_fast(folder, out, villages, jobs=jobs, force=force, debug=debug,
                            progress=progress_reporter(), executor=cluster,
                            village_timeout=village_timeout, portal_index=portal_index)
        _print_result(result, strict, cluster.summary())
    return result


def _print_result(result: BuildResult, strict: bool, workers: list[str] | None = None) -> None:
    """A build's problems, kept pages, summary line (and per-worker lines) and verdict."""
    print_report(result.report, strict)
    for slug in result.failed:
        click.echo(f"{slug}: gagal; versi terbit sebelumnya dipertahankan.", err=True)
    for url in result.kept:
        click.echo(f"{url}: halaman bermasalah; versi terbit sebelumnya dipertahankan.", err=True)
    click.echo(result.summary())
    if result.portal_pages:
        click.echo(f"Indeks pencarian portal: {result.portal_pages} halaman dalam "
                   f"{result.portal_seconds:.2f} detik (sesudah terbit).")
    for line in workers or ():
        click.echo(line)
    click.echo(result.report.summary(strict))


def _watch(folder: Path, out: Path, villages: tuple[str, ...], jobs: int | None,
           strict: bool, debug: bool, first: BuildResult, address: str | None = None,
           village_timeout: int | None = None) -> BuildResult:
    """Rebuild after every change until Ctrl+C; returns the last build's result."""
    # watchdog is imported only with --watch: a cost a one-shot build avoids, not a cycle.
    from satudesa.build.watch import watch

    last = first
    refresh_spare(out)
    indexer = portal_search.Debounced(out, report=click.echo)  # off the publishing path

    def rebuild(changed: list[str]) -> None:
        nonlocal last
        shown = ", ".join(changed[:3]) + (f" dan {len(changed) - 3} lainnya"
                                          if len(changed) > 3 else "")
        click.echo(f"Berubah: {shown}")
        try:
            last = _build_fast(folder, out, villages, jobs, False, debug, address, strict,
                               village_timeout)
            refresh_spare(out)  # while waiting: the next build starts from a level spare
            if portal_search.enabled():
                indexer.request()
        except Exception as exc:  # noqa: BLE001 - the watcher outlives one failed build
            if debug:
                raise
            disk = output_error(exc, out) if isinstance(exc, OSError) else None
            if disk is not None:
                click.echo(disk.line_for_officers(), err=True)
                return
            detail = traceback.format_exception_only(exc)[-1].strip()
            click.echo(f"galat: pembangunan gagal: {detail} (build/ tetap versi terbit "
                       "sebelumnya; perbaiki lalu simpan lagi, atau jalankan dengan --debug)",
                       err=True)

    try:
        watch(folder, rebuild, ready=lambda: click.echo(WAITING))
    except KeyboardInterrupt:
        click.echo("Berhenti memantau.")
    finally:
        indexer.close()
    return last


WAITING = "Memantau perubahan (Ctrl+C untuk berhenti)..."

