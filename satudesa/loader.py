"""Loading a whole site folder: settings, registry, then each village's content.

This is phase one of the build (see docs/internals.md): everything is read and
checked before anything is rendered. Never imports Flask.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from . import schema as s
from .content import load_village
from .errors import Report
from .model import Site
from .registry import load_registry
from .sources import read_yaml

SETTINGS: s.Schema = {
    "title": s.Field(s.text),
    "base_url": s.Field(s.url),
    "kabupaten": s.Field(s.text),
    "theme": s.Field(s.slug_name),
    "lock_theme": s.Field(s.boolean),
    "footer_note": s.Field(s.text),  # e.g. the demo's "these villages are fictional"
}


def current_time() -> dt.datetime:
    """Now, or the fixed instant in ``SATUDESA_NOW`` (ISO) for reproducible builds."""
    fixed = os.environ.get("SATUDESA_NOW")
    if fixed:
        value = dt.datetime.fromisoformat(fixed)
        return value if value.tzinfo else value.replace(tzinfo=dt.timezone(dt.timedelta(hours=7)))
    return dt.datetime.now(dt.timezone(dt.timedelta(hours=7)))


def load_settings(site_dir: Path, report: Report) -> dict[str, Any]:
    """Read ``site.yml`` (optional); invalid keys are reported and ignored."""
    path = site_dir / "site.yml"
    if not path.is_file():
        return {}
    parsed = read_yaml(path, "site.yml", report, limit=100_000)
    if parsed is None:
        return {}
    data, lines = parsed
    return s.check_mapping(data or {}, SETTINGS, "site.yml", lines, report) or {}


def load_site(site_dir: Path, only: Iterable[str] | None = None,
              now: dt.datetime | None = None) -> Site:
    """Load and check a site folder; ``only`` limits content loading to some villages."""
    site_dir = site_dir.resolve()
    report = Report()
    settings = load_settings(site_dir, report)
    registry = load_registry(site_dir, report)
    wanted = set(only) if only else None
    now = now or current_time()
    site = Site(site_dir=site_dir, settings=settings, villages={}, report=report, now=now)
    for slug, village in registry.items():
        if not village.published:
            site.unpublished.append(slug)
            continue
        site.registry[slug] = village
        if wanted is not None and slug not in wanted:
            continue
        site.villages[slug] = load_village(village, site_dir, report, now)
    return site
