"""Problems found in officers' files, and the exceptions that carry them.

Every problem names a file, a line (and column when known), what is wrong and
what to do, in Indonesian, so an officer can act on it without help. Loading
collects problems into a :class:`Report` instead of stopping at the first one.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field

ERROR = "error"
WARNING = "warning"

# Officers' text quoted in a message must not start a new line or drive the terminal.
_CONTROL = {code: f"\\x{code:02x}" for code in (*range(32), 127)} | {
    9: "\\t", 10: "\\n", 13: "\\r"}


@dataclass(frozen=True)
class Problem:
    """One finding: ``path:line:col: message (hint)``."""

    path: str
    message: str
    hint: str = ""
    line: int | None = None
    col: int | None = None
    severity: str = ERROR

    def format(self) -> str:
        """Render as the one-line form officers read."""
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.col is not None:
                where += f":{self.col}"
        label = "galat" if self.severity == ERROR else "peringatan"
        text = f"{where}: {label}: {self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return text.translate(_CONTROL)


@dataclass
class Report:
    """Collects problems while a site loads; nothing here raises."""

    problems: list[Problem] = field(default_factory=list)

    def error(self, path: str, message: str, hint: str = "", line: int | None = None,
              col: int | None = None) -> None:
        """Record an error: the file (or village) it belongs to is skipped."""
        self.problems.append(Problem(path, message, hint, line, col, ERROR))

    def warning(self, path: str, message: str, hint: str = "", line: int | None = None,
                col: int | None = None) -> None:
        """Record a warning: the build goes on, ``--strict`` makes it fail."""
        self.problems.append(Problem(path, message, hint, line, col, WARNING))

    def extend(self, problems: list[Problem]) -> None:
        """Record several problems."""
        self.problems.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        """Only the errors."""
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        """Only the warnings."""
        return [p for p in self.problems if p.severity == WARNING]

    def __iter__(self) -> Iterator[Problem]:
        return iter(sorted(self.problems, key=_sort_key))

    def summary(self, strict: bool = False) -> str:
        """One closing line in Indonesian, counting errors, warnings and files."""
        errors, warnings = len(self.errors), len(self.warnings)
        if strict:
            errors, warnings = errors + warnings, 0
        files = len({p.path for p in self.problems})
        if not errors and not warnings:
            return "Selesai: tidak ada masalah."
        return f"Selesai: {errors} galat, {warnings} peringatan di {files} berkas."

    def to_json(self, strict: bool = False) -> str:
        """The same findings for tooling (``--format json``); ``strict`` makes warnings errors."""
        found = [asdict(p) | ({"severity": ERROR} if strict else {}) for p in self]
        return json.dumps(found, ensure_ascii=False, indent=2)


def _sort_key(p: Problem) -> tuple[str, int, int]:
    return (p.path, p.line or 0, p.col or 0)


class DesaError(Exception):
    """Base of every satudesa error; the CLI prints it as one clean line, exit 1."""

    def __init__(self, message: str, path: str = "", line: int | None = None,
                 hint: str = "") -> None:
        self.path = path
        self.line = line
        self.hint = hint
        self.message = message
        super().__init__(message)

    def problem(self) -> Problem:
        """This error as a :class:`Problem`."""
        return Problem(self.path, self.message, self.hint, self.line)

    def format_message(self) -> str:
        """Render like a :class:`Problem` when a path is known."""
        if self.path:
            return self.problem().format()
        return self.message

    def line_for_officers(self) -> str:
        """``path:line: galat: message (hint)``, or ``galat: message`` without a path."""
        text = self.format_message()
        return text if self.path else f"galat: {text}"


class UsageMistake(DesaError):
    """A wrong option or argument found below the command line (the CLI exits 2)."""


class ConfigError(DesaError):
    """``site.yml`` or an app setting is wrong."""


class RegistryError(DesaError):
    """A ``villages/<slug>.yml`` entry is wrong."""


class ContentError(DesaError):
    """A content file cannot be read or does not follow its contract."""


class ThemeError(DesaError):
    """A theme or template cannot be found."""


class BuildError(DesaError):
    """Writing the static site failed."""
