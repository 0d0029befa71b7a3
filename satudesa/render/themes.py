"""Finding templates and static files: site theme, then built-in theme, then ``base``.

The search order is one documented list (docs/internals.md): ``<site>/themes/<name>/``,
the built-in ``themes/<name>/`` shipped with satudesa, then the built-in
``themes/base/``. A template can extend the base one explicitly as ``!base/page.html``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import jinja2

from satudesa.errors import ThemeError

BUILTIN_THEMES = Path(__file__).resolve().parent.parent / "themes"
BASE = "base"
DEFAULT = "default"


@dataclass(frozen=True)
class Theme:
    """A resolved theme: the folders searched, in order, for templates and static files."""

    name: str
    folders: tuple[Path, ...]

    @cached_property
    def template_dirs(self) -> list[Path]:
        """Existing ``templates/`` folders in search order."""
        return [f / "templates" for f in self.folders if (f / "templates").is_dir()]

    def static_file(self, name: str) -> Path | None:
        """The first ``static/<name>`` along the search order."""
        for folder in self.folders:
            candidate = folder / "static" / name
            if candidate.is_file():
                return candidate
        return None

    def static_files(self) -> dict[str, Path]:
        """Every static file name to its winning source, earlier folders first."""
        found: dict[str, Path] = {}
        for folder in reversed(self.folders):
            static = folder / "static"
            if static.is_dir():
                for path in sorted(static.rglob("*")):
                    if path.is_file():
                        found[path.relative_to(static).as_posix()] = path
        return found


def resolve_theme(name: str, site_dir: Path) -> Theme:
    """The search folders for theme ``name``.

    :raise ThemeError: when no folder holds a theme of that name.
    """
    candidates = [site_dir / "themes" / name, BUILTIN_THEMES / name]
    folders = [c for c in candidates if c.is_dir()]
    if not folders and name != BASE:
        available = sorted({p.name for root in (site_dir / "themes", BUILTIN_THEMES)
                            if root.is_dir() for p in root.iterdir() if p.is_dir()})
        raise ThemeError(f"tema '{name}' tidak ditemukan",
                         hint="tema yang tersedia: " + ", ".join(available))
    # A built-in theme may extend another built-in one (theme.yml 'extends: default'):
    # the kabupaten theme reuses the default stylesheet and adds its own layout.
    parent = _extends(BUILTIN_THEMES / name)
    while parent and parent != BASE and (BUILTIN_THEMES / parent) not in folders:
        folders.append(BUILTIN_THEMES / parent)
        parent = _extends(BUILTIN_THEMES / parent)
    base = BUILTIN_THEMES / BASE
    if base not in folders:
        folders.append(base)
    return Theme(name, tuple(folders))


def _extends(folder: Path) -> str:
    """The ``extends:`` line of a built-in theme's theme.yml ('' when none)."""
    try:
        text = (folder / "theme.yml").read_text(encoding="utf-8")
    except OSError:
        return ""
    for line in text.splitlines():
        key, _, value = line.partition(":")
        if key.strip() == "extends":
            return value.strip().strip("'\"")
    return ""


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
