"""Finding a theme's folders: the site's own, then the built-in one, along ``extends:``.

A theme is a folder with ``templates/``, ``static/`` and a ``theme.yml`` whose
``extends:`` names its parent (``base`` when absent). For each theme in the chain
``<site>/themes/<name>/`` comes before the built-in ``satudesa/themes/<name>/``;
the chain always ends at the built-in ``base``. A template can extend the base one
explicitly as ``!base/page.html``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from satudesa.errors import ThemeError
from satudesa.inputs.yamlsafe import YamlProblem, load_yaml

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


MAX_CHAIN = 8  # themes extending themes: more than this is surely a loop


def resolve_theme(name: str, site_dir: Path) -> Theme:
    """The search folders for theme ``name``, following ``extends:`` down to ``base``.

    :raise ThemeError: when no folder holds a theme of that name, when ``extends``
        loops or names a missing theme, or when a ``theme.yml`` cannot be read.
    """
    folders: list[Path] = []
    seen: list[str] = []
    current: str | None = name
    while current is not None and current != BASE:
        if current in seen or len(seen) >= MAX_CHAIN:
            raise ThemeError(f"tema '{name}' mewarisi dirinya sendiri: "
                             + " → ".join([*seen, current]),
                             hint="perbaiki kunci 'extends' di theme.yml")
        seen.append(current)
        found = [c for c in (site_dir / "themes" / current, BUILTIN_THEMES / current)
                 if c.is_dir()]
        if not found:
            available = sorted({p.name for root in (site_dir / "themes", BUILTIN_THEMES)
                                if root.is_dir() for p in root.iterdir() if p.is_dir()})
            raise ThemeError(f"tema '{current}' tidak ditemukan",
                             hint="tema yang tersedia: " + ", ".join(available))
        folders += found
        current = _parent(found)
    folders += [c for c in (site_dir / "themes" / BASE,) if c.is_dir() and name == BASE]
    folders.append(BUILTIN_THEMES / BASE)
    return Theme(name, tuple(folders))


def _parent(folders: list[Path]) -> str:
    """The ``extends:`` of the first ``theme.yml`` among ``folders`` (``base`` without one)."""
    for folder in folders:
        meta = folder / "theme.yml"
        if not meta.is_file():
            continue
        try:
            data, _lines = load_yaml(meta.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, YamlProblem) as exc:
            raise ThemeError(f"{meta}: theme.yml tidak dapat dibaca ({exc})",
                             hint="periksa isi theme.yml") from None
        parent = data.get("extends") if isinstance(data, dict) else None
        return str(parent) if parent else BASE
    return BASE
