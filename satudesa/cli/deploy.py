"""The ``flask deploy`` command: read the target from ``site.yml``, call :mod:`satudesa.deploy`."""

from __future__ import annotations

import difflib
from pathlib import Path

import click
from flask.cli import with_appcontext

from satudesa.cli.options import (
    SITE_OPTION,
    Command,
    UsageProblem,
    check_villages,
    print_report,
    resolve_site,
)
from satudesa.deploy import deploy
from satudesa.deploy.target import DeployError, Request
from satudesa.errors import Report
from satudesa.load.loader import load_settings


@click.command("deploy", cls=Command)
@click.argument("target", required=False, metavar="TARGET")
@SITE_OPTION
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              default=None, help="Folder hasil build yang diterbitkan (bawaan: build/ di "
                                 "folder situs).")
@click.option("--village", metavar="SLUG",
              help="Terbitkan desa ini saja (dan halaman portal yang menautnya).")
@click.option("--rollback", is_flag=True,
              help="Kembalikan target rsync ke rilis sebelumnya.")
@with_appcontext
def deploy_command(target: str | None, site_dir: Path | None, out_dir: Path | None,
                   village: str | None, rollback: bool) -> None:
    """Terbitkan hasil build ke target di bagian deploy: site.yml."""
    folder = resolve_site(site_dir)
    report = Report()
    settings = load_settings(folder, report)
    if any(p.path == "site.yml" for p in report.errors):
        print_report(report, strict=False)
        raise DeployError("site.yml bermasalah, deploy dibatalkan",
                          hint="perbaiki galat di atas lalu jalankan lagi")
    targets: dict = settings.get("deploy", {})
    name = _target(target, targets)
    if village and rollback:
        raise UsageProblem("--village dan --rollback tidak dapat dipakai bersamaan "
                           "(rollback mengembalikan seluruh situs)")
    if village:
        check_villages(folder, (village,))
    request = Request(site_dir=folder, build_dir=(out_dir or folder / "build").resolve(),
                      name=name, config=targets[name],
                      villages=frozenset(p.stem for p in (folder / "villages").glob("*.yml")),
                      only=village, rollback=rollback, echo=click.echo)
    outcome = deploy(request)
    for note in outcome.notes:
        click.echo(note)
    if not rollback:
        click.echo(outcome.summary())


def _target(target: str | None, targets: dict) -> str:
    """The target's name, or a usage error (exit 2) naming the ones in ``site.yml``."""
    known = sorted(targets)
    if not known:
        raise UsageProblem("site.yml belum punya bagian deploy: (lihat docs/deploy.md, "
                           "contoh: deploy: {produksi: {type: rsync, host: ..., path: ...}})")
    if target is None:
        raise UsageProblem(f"sebutkan targetnya: {', '.join(known)}")
    if target in targets:
        return target
    near = difflib.get_close_matches(target, known, n=1)
    hint = f"maksud Anda '{near[0]}'?" if near else f"target yang ada: {', '.join(known)}"
    raise UsageProblem(f"target '{target}' tidak ada di deploy: site.yml ({hint})")
