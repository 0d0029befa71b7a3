"""``flask check``: validate every village and its content without building."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask.cli import with_appcontext

from satudesa.cli.options import SITE_OPTION, Command, print_report, resolve_site
from satudesa.load.keydocs import registry_table
from satudesa.load.loader import load_site


@click.command("check", cls=Command)
@SITE_OPTION
@click.option("--strict", is_flag=True, help="Peringatan dihitung sebagai galat.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              help="Bentuk keluaran: teks untuk petugas, json untuk alat lain.")
@click.option("--keys", is_flag=True,
              help="Tampilkan tabel semua kunci villages/<slug>.yml, lalu selesai.")
@with_appcontext
def check_command(site_dir: Path | None, strict: bool, fmt: str, keys: bool) -> None:
    """Periksa semua desa dan konten tanpa membangun situs."""
    if keys:
        click.echo(registry_table())
        return
    site = load_site(resolve_site(site_dir))
    report = site.report
    if fmt == "json":
        click.echo(report.to_json(strict))
    else:
        print_report(report, strict)
        click.echo(report.summary(strict))
    failing = report.errors or (strict and report.warnings)
    sys.exit(1 if failing else 0)
