"""The ``flask`` commands satudesa adds: one module per command family."""

from __future__ import annotations

from flask import Flask

from satudesa.cli.build import build_command, check_command
from satudesa.cli.deploy import deploy_command
from satudesa.editor.cli import editor_cli


def init_app(app: Flask) -> None:
    """Register the commands on ``app``."""
    app.cli.add_command(build_command)
    app.cli.add_command(check_command)
    app.cli.add_command(deploy_command)
    app.cli.add_command(editor_cli)
