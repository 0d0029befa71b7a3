"""What every deploy target takes and returns: the request, the outcome, the error."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from satudesa.errors import DesaError


class DeployError(DesaError):
    """Publishing failed (exit 1); the target keeps what it served before."""

    def format_message(self) -> str:
        """``message (what to do)``, also without a file path."""
        if self.hint and not self.path:
            return f"{self.message} ({self.hint})"
        return super().format_message()


@dataclass
class Request:
    """One ``flask deploy`` run."""

    site_dir: Path
    build_dir: Path
    name: str
    config: dict[str, Any]
    villages: frozenset[str]
    only: str | None = None
    rollback: bool = False
    echo: Callable[[str], None] = print  # noqa: T201 - the CLI passes click.echo

    @property
    def state_dir(self) -> Path:
        """``<site>/.deploy``: manifests and locks, never published."""
        return self.site_dir / ".deploy"

    @property
    def manifest_path(self) -> Path:
        """This target's manifest."""
        return self.state_dir / f"{self.name}.json"


@dataclass
class Outcome:
    """What a deploy did, for the closing line."""

    uploaded: int = 0
    deleted: int = 0
    unchanged: int = 0
    notes: list[str] = field(default_factory=list)
    unit: str = "berkas dikirim"

    def summary(self) -> str:
        """One Indonesian line."""
        return (f"Selesai: {self.uploaded} {self.unit}, {self.deleted} dihapus, "
                f"{self.unchanged} tidak berubah.")
