"""``flask editor``: serve the editor and manage accounts from the command line."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask.cli import AppGroup

from .state import default_site
from .store import AccountError, Store

editor_cli = AppGroup("editor", help="Editor desa: jalankan dan kelola akun.")
SITE = click.option("--site", "site_dir", type=click.Path(file_okay=False, path_type=Path),
                    default=None, help="Folder situs (bawaan: SATUDESA_SITE atau folder ini).")


def _store(site_dir: Path | None) -> Store:
    folder = (site_dir or default_site()).resolve()
    if not folder.is_dir():
        raise click.ClickException(f"folder situs '{folder}' tidak ada")
    return Store(folder / ".editor" / "editor.db")


def _password(confirm: bool = True) -> str:
    """From standard input when it is not a terminal (one line), else asked twice."""
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt("Kata sandi", hide_input=True, confirmation_prompt=confirm)


@editor_cli.command("serve")
@SITE
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              default=None, help="Folder hasil situs statis (bawaan: <situs>/build).")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5001, type=int, show_default=True)
def serve(site_dir: Path | None, out_dir: Path | None, host: str, port: int) -> None:
    """Jalankan editor untuk uji coba (waitress, satu proses dengan 8 thread)."""
    import signal

    import waitress

    from .app import create_app

    config = {"SATUDESA_SITE": str((site_dir or default_site()).resolve())}
    if out_dir is not None:
        config["SATUDESA_OUT"] = str(out_dir.resolve())
    app = create_app(config)
    # SIGTERM (systemd, tests) ends like Ctrl+C, so the build worker is stopped too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    click.echo(f"Editor berjalan di http://{host}:{port}/ (Ctrl+C untuk berhenti)")
    try:
        waitress.serve(app, host=host, port=port, threads=8, ident="satudesa-editor")
    finally:
        app.extensions["satudesa.editor"].close()


@editor_cli.command("add-user")
@click.argument("name")
@click.option("--role", type=click.Choice(["operator", "kepala", "admin"]), required=True)
@click.option("--village", "village", default=None, metavar="SLUG")
@SITE
def add_user(name: str, role: str, village: str | None, site_dir: Path | None) -> None:
    """Tambah akun; kata sandi dibaca dari stdin bila bukan terminal."""
    folder = (site_dir or default_site()).resolve()
    if village is not None and not (folder / "villages" / f"{village}.yml").is_file():
        raise click.ClickException(f"desa '{village}' tidak terdaftar di villages/")
    store = _store(site_dir)
    try:
        store.add_user(name, _password(), role, village)
    except AccountError as exc:
        raise click.ClickException(str(exc)) from None
    store.audit("cli", village, "tambah-akun", None, f"{name} ({role})")
    click.echo(f"Akun '{name}' ({role}) dibuat.")


@editor_cli.command("disable-user")
@click.argument("name")
@SITE
def disable_user(name: str, site_dir: Path | None) -> None:
    """Nonaktifkan akun; sesinya langsung berakhir."""
    store = _store(site_dir)
    try:
        store.set_disabled(name, True)
    except AccountError as exc:
        raise click.ClickException(str(exc)) from None
    store.audit("cli", None, "nonaktifkan-akun", None, name)
    click.echo(f"Akun '{name}' dinonaktifkan.")


@editor_cli.command("reset-password")
@click.argument("name")
@SITE
def reset_password(name: str, site_dir: Path | None) -> None:
    """Ganti kata sandi akun; sesinya langsung berakhir."""
    store = _store(site_dir)
    try:
        store.set_password(name, _password())
    except AccountError as exc:
        raise click.ClickException(str(exc)) from None
    store.audit("cli", None, "ganti-sandi", None, name)
    click.echo(f"Kata sandi '{name}' diganti.")
