"""``flask villages import KODE`` and ``flask report``: Kominfo's commands for a regency."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from satudesa.cli.options import SITE_OPTION, Command, Group, UsageProblem, resolve_site
from satudesa.errors import Report
from satudesa.load.content import load_village
from satudesa.load.loader import load_site
from satudesa.load.registry import load_registry
from satudesa.regency import wilayah
from satudesa.regency.importer import import_villages
from satudesa.regency.kelengkapan import site_rows, totals
from satudesa.regency.report_format import as_csv, as_json, as_table


@click.group("villages", cls=Group)
def villages_group() -> None:
    """Kelola registri desa (villages/) dari daftar kode Kepmendagri."""


@villages_group.command("import")
@click.argument("kode")
@SITE_OPTION
@with_appcontext
def import_command(kode: str, site_dir: Path | None) -> None:
    """Buat villages/<slug>.yml untuk setiap desa/kelurahan di bawah KODE (mis. 32.14)."""
    folder = resolve_site(site_dir)
    prefix = wilayah.normalize_prefix(kode)
    if prefix is None:
        raise UsageProblem(f"'{kode}' bukan kode wilayah (tulis misalnya 32 untuk provinsi, "
                           "32.14 untuk kabupaten, 32.14.05 untuk kecamatan)")
    name = wilayah.name_of(prefix)
    if name is None:
        raise UsageProblem(f"kode {prefix} tidak ada dalam daftar Kepmendagri 2025 "
                           "(periksa kodenya)")
    result = import_villages(folder, prefix)
    click.echo(f"{name} ({prefix}): {len(result.added) + len(result.existing)} desa/kelurahan "
               "dalam daftar Kepmendagri 2025.")
    if result.added:
        click.echo(f"Ditambahkan {len(result.added)} berkas (published: false):")
        for slug, desa in result.added:
            title = "Kelurahan" if desa.jenis == "kelurahan" else "Desa"
            click.echo(f"  villages/{slug}.yml  {desa.kode}  {title} {desa.nama} "
                       f"(Kecamatan {desa.kecamatan})")
    else:
        click.echo("Tidak ada desa baru: semua sudah terdaftar.")
    if result.existing:
        click.echo(f"Sudah terdaftar sebelumnya, tidak diubah: {len(result.existing)}.")
    if result.gone:
        click.echo(f"Terdaftar di villages/ tetapi tidak ada lagi dalam daftar "
                   f"({len(result.gone)}; mungkin dimekarkan, digabung atau kodenya berubah):")
        for slug, kode_, label in result.gone:
            click.echo(f"  villages/{slug}.yml  {kode_}  {label}")
    click.echo("Ubah published menjadi true bila situs desa siap, lalu jalankan flask check.")


@click.command("report", cls=Command)
@SITE_OPTION
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              default=None, help="Folder hasil build untuk bobot beranda (bawaan: build/).")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table",
              help="table untuk dibaca, csv untuk lembar kerja, json untuk alat lain.")
@with_appcontext
def report_command(site_dir: Path | None, out_dir: Path | None, fmt: str) -> None:
    """Laporan kelengkapan setiap desa: butir wajib, kebaruan, masalah dan bobot beranda."""
    folder = resolve_site(site_dir)
    site = load_site(folder)
    everyone = load_registry(folder, Report())  # unpublished villages are reported too
    for slug in site.unpublished:
        if slug in everyone:
            site.villages[slug] = load_village(everyone[slug], folder, site.report, site.now)
    rows = site_rows(site, out_dir or folder / "build", villages=everyone)
    if fmt == "csv":
        click.echo(as_csv(rows), nl=False)
    elif fmt == "json":
        click.echo(as_json(rows, totals(rows), site.today))
    else:
        click.echo(as_table(rows, totals(rows), site.today.year))

