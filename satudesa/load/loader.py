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

from satudesa.errors import Report
from satudesa.inputs import schema as s
from satudesa.inputs.sources import read_yaml
from satudesa.load.content import load_village
from satudesa.load.deploy_settings import DEPLOY
from satudesa.load.model import Site
from satudesa.load.portal_content import load_portal_content
from satudesa.load.regency import check_regency
from satudesa.load.registry import Village, load_registry


def _seconds(value: Any) -> int:
    """A time limit in whole seconds, at least 1."""
    number = s.integer(value)
    if number < 1:
        raise s.Invalid(f"batas waktu harus 1 detik atau lebih, bukan {number}",
                        "tulis jumlah detik, misalnya village_timeout: 120")
    return number


SETTINGS: s.Schema = {
    "title": s.Field(s.text),
    "base_url": s.Field(s.url),
    "kabupaten": s.Field(s.text),
    "theme": s.Field(s.slug_name),
    "lock_theme": s.Field(s.boolean),
    "footer_note": s.Field(s.text),  # e.g. the demo's "these villages are fictional"
    "logo": s.Field(s.text),  # the regency's logo, a path under the site folder
    "color": s.Field(s.hex_color),  # the regency's colour (the kabupaten theme)
    "village_timeout": s.Field(_seconds),  # the build's watchdog
    "deploy": s.Field(DEPLOY),  # publishing targets (docs/deploy.md); secrets from the environment
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


def warn_relative_urls(settings: dict[str, Any], registry: dict[str, Village],
                       report: Report) -> None:
    """One warning when some published village's sitemap and feed can only use relative URLs.

    Absolute URLs come from a village's ``domain`` or from ``base_url``; without
    both, search engines refuse the sitemap's entries. Nothing is said while
    ``site.yml`` has an error of its own: its settings were set aside, and that
    error comes first.
    """
    if settings.get("base_url") or any(p.path == "site.yml" for p in report.errors):
        return
    slugs = sorted(slug for slug, v in registry.items() if v.published and not v.domain)
    if not slugs:
        return
    where = (f"villages/{slugs[0]}.yml" if len(slugs) == 1
             else "berkas villages/ setiap desa tersebut")
    report.warning(
        "site.yml",
        f"base_url belum diisi dan {len(slugs)} desa belum memiliki domain "
        f"({_listing(slugs)}), sehingga sitemap.xml dan feed.xml desa tersebut memakai "
        "alamat relatif yang tidak diterima mesin pencari",
        "isi base_url, misalnya base_url: https://desa.namakabupaten.go.id/, "
        f"atau isi domain di {where}")


def _listing(names: list[str], limit: int = 5) -> str:
    """``a``, ``a dan b``, ``a, b, dan c``; past ``limit`` names, ``… dan N desa lainnya``."""
    parts = names[:limit] + ([f"{len(names) - limit} desa lainnya"] if len(names) > limit else [])
    if len(parts) <= 2:
        return " dan ".join(parts)
    return ", ".join(parts[:-1]) + ", dan " + parts[-1]


def load_portal(site_dir: Path, report: Report, now: dt.datetime | None = None) -> Site:
    """The site without any village's content: ``site.yml`` and the registry, checked."""
    settings = load_settings(site_dir, report)
    check_regency(site_dir, settings, report)
    registry = load_registry(site_dir, report)
    warn_relative_urls(settings, registry, report)
    site = Site(site_dir=site_dir, settings=settings, villages={}, report=report,
                now=now or current_time())
    for slug, village in registry.items():
        if village.published:
            site.registry[slug] = village
        else:
            site.unpublished.append(slug)
    konten = load_portal_content(site_dir, settings, registry, report, site.now)
    if konten is not None:
        site.portal_data["konten"] = konten
    return site


def load_site(site_dir: Path, only: Iterable[str] | None = None,
              now: dt.datetime | None = None) -> Site:
    """Load and check a site folder; ``only`` limits content loading to some villages."""
    site_dir = site_dir.resolve()
    report = Report()
    site = load_portal(site_dir, report, now)
    wanted = set(only) if only else None
    for slug, village in site.registry.items():
        if wanted is None or slug in wanted:
            site.villages[slug] = load_village(village, site_dir, report, site.now)
    return site
