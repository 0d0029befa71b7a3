"""``flask check``'s own rules for the table forms' unsaved text (no Flask: the worker runs it).

One function per table file, by name: perangkat, apbdes, statistik and the
registry (kontak). Each parses the candidate text and reports what the loader
would say about it at ``path``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..errors import Problem, Report
from ..inputs import schema as s
from ..inputs.sources import display_path
from ..inputs.yamlsafe import YamlProblem, load_yaml
from ..load import perangkat as perangkat_module
from ..load.apbdes import check_apbdes
from ..load.content import VillageLoader
from ..load.loader import current_time
from ..load.registry import SCHEMA as REGISTRY_SCHEMA
from ..load.registry import Village
from ..load.statistik import check_statistik


def _parse(text: str, shown: str, report: Report) -> tuple[Any, Any] | None:
    try:
        return load_yaml(text)
    except YamlProblem as exc:
        report.error(shown, exc.message, exc.hint, line=exc.line, col=exc.col)
        return None


def _perangkat(site_dir: Path, village: Village, path: Path, text: str, report: Report) -> None:
    loader = VillageLoader(village, site_dir, report, current_time())
    shown = display_path(path, site_dir)
    parsed = _parse(text, shown, report)
    if parsed is None:
        return
    data, lines = parsed
    top = s.check_mapping(data or {}, perangkat_module.TOP, shown, lines, report)
    for key in ("perangkat", "bpd"):
        for index, item in enumerate((top or {}).get(key) or []):
            perangkat_module._person(loader, path, shown, lines, key, index, item)


def _apbdes(site_dir: Path, village: Village, path: Path, text: str, report: Report) -> None:
    shown = display_path(path, site_dir)
    parsed = _parse(text, shown, report)
    if parsed is not None:
        check_apbdes(parsed[0], int(path.stem), shown, parsed[1], report)


def _statistik(site_dir: Path, village: Village, path: Path, text: str, report: Report) -> None:
    shown = display_path(path, site_dir)
    parsed = _parse(text, shown, report)
    if parsed is not None:
        check_statistik(parsed[0], shown, parsed[1], report)


def _registry(site_dir: Path, village: Village, path: Path, text: str, report: Report) -> None:
    shown = display_path(path, site_dir)
    parsed = _parse(text, shown, report)
    if parsed is not None:
        s.check_mapping(parsed[0], REGISTRY_SCHEMA, shown, parsed[1], report)


CHECKS: dict[str, Callable[[Path, Village, Path, str, Report], None]] = {
    "perangkat": _perangkat, "apbdes": _apbdes, "statistik": _statistik, "registry": _registry}


def check_table(site_dir: Path, village: Village, name: str, path: Path,
                text: str) -> list[Problem]:
    """What ``flask check`` says about table ``name``'s unsaved ``text`` at ``path``."""
    report = Report()
    CHECKS[name](site_dir, village, path, text, report)
    return report.problems


def table_path(site_dir: Path, slug: str, name: str, rel: str) -> Path | None:
    """``site_dir/rel`` when ``rel`` is where table ``name`` of village ``slug`` lives."""
    fixed = {"perangkat": f"content/{slug}/perangkat.yml",
             "statistik": f"content/{slug}/statistik.yml", "registry": f"villages/{slug}.yml"}
    if name == "apbdes":
        ok = re.fullmatch(rf"content/{re.escape(slug)}/apbdes/(19|20)\d\d\.yml", rel) is not None
    else:
        ok = rel == fixed.get(name)
    return site_dir / rel if ok else None
