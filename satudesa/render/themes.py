"""The Jinja loader over a theme's folders (see :mod:`satudesa.inputs.themes`)."""

from __future__ import annotations

import jinja2

from satudesa.errors import ThemeError
from satudesa.inputs.themes import BASE, BUILTIN_THEMES, Theme


class ThemeLoader(jinja2.BaseLoader):
    """Jinja loader over a theme's folders; a missing template names every folder searched."""

    def __init__(self, theme: Theme) -> None:
        self.theme = theme
        self.choice = jinja2.FileSystemLoader([str(d) for d in theme.template_dirs])
        self.base = jinja2.FileSystemLoader(str(BUILTIN_THEMES / BASE / "templates"))

    def get_source(self, environment: jinja2.Environment, template: str
                   ) -> tuple[str, str | None, object]:
        """Look in the theme's folders, or only in ``base`` for ``!base/…`` names."""
        try:
            if template.startswith("!base/"):
                return self.base.get_source(environment, template[len("!base/"):])
            return self.choice.get_source(environment, template)
        except jinja2.TemplateNotFound:
            searched = ", ".join(str(d) for d in self.theme.template_dirs)
            raise ThemeError(f"templat '{template}' tidak ditemukan di tema "
                             f"'{self.theme.name}'", hint=f"dicari di: {searched}") from None
