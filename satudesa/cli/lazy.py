"""A command group that imports each command's module only when that command runs.

``flask build`` should not pay for the editor (flask-wtf, argon2, dulwich …) or
for deploy; ``flask check`` and ``flask run`` should not pay for the build engine.
This is click's "Lazily Loading Subcommands" pattern on Flask's app group:
:meth:`list_commands` names every command without importing it, and
:meth:`get_command` imports the one asked for. ``flask --help`` asks for every
command's short help, so it imports them all; that is the one place it is paid.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import click
from flask.cli import AppGroup

Loader = Callable[[], click.Command]


class LazyGroup(AppGroup):
    """Flask's app group whose commands in ``lazy`` are imported on first use."""

    def __init__(self, name: str | None, lazy: Mapping[str, Loader]) -> None:
        super().__init__(name)
        self.lazy = dict(lazy)

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Every command's name, the lazy ones without importing them."""
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """The command ``cmd_name``, importing its module now if it is a lazy one."""
        if cmd_name not in self.commands and cmd_name in self.lazy:
            self.add_command(self.lazy[cmd_name](), cmd_name)
        return super().get_command(ctx, cmd_name)
