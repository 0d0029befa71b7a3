"""The ``flask`` commands satudesa adds: one module per command family, imported on use."""

from __future__ import annotations

import click
from flask import Flask

from satudesa.cli.lazy import LazyGroup, Loader

# Each loader imports its command's module inside the function on purpose: not to
# break an import cycle, but so that `flask build` does not import the editor
# (about 120 ms) or deploy, and `flask check`/`flask run` not the build engine
# (issue 17: a one-edit `flask build` under 0.5 s, start-up included).


def _build() -> click.Command:
    from satudesa.cli.build import build_command

    return build_command


def _check() -> click.Command:
    from satudesa.cli.check import check_command

    return check_command


def _deploy() -> click.Command:
    from satudesa.cli.deploy import deploy_command

    return deploy_command


def _editor() -> click.Command:
    from satudesa.editor.cli import editor_cli

    return editor_cli


COMMANDS: dict[str, Loader] = {
    "build": _build, "check": _check, "deploy": _deploy, "editor": _editor,
}


def init_app(app: Flask) -> None:
    """Give ``app`` a command group that names every command and imports only the one run."""
    group = LazyGroup(app.cli.name, COMMANDS)
    group.commands.update(app.cli.commands)  # any a blueprint registered already
    app.cli = group
