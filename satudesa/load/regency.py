"""The regency's own look on every village site: its logo and colour from ``site.yml``.

``logo`` is a path under the site folder (``media/logo-kabupaten.png``), checked like
any image officers publish; every village publishes a copy as
``static/logo-kabupaten.<ext>``, so a village works as a domain of its own.
``color`` is the regency's colour; a village's own ``color`` stays its accent.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from satudesa.colors import palette
from satudesa.errors import Report
from satudesa.inputs.media import check_media
from satudesa.inputs.sources import safe_join

DEFAULT_REGENCY_COLOR = "#243b53"
LOGO_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp")


def check_regency(site_dir: Path, settings: dict[str, Any], report: Report) -> None:
    """Warn (once, at load) when ``site.yml``'s logo cannot be published; it is then left out."""
    ref = settings.get("logo")
    if not ref:
        return
    path, problem = _resolve(site_dir, str(ref))
    if path is None:
        report.warning("site.yml", f"'logo': {problem}; situs diterbitkan tanpa logo kabupaten",
                       "letakkan berkas PNG, JPG atau WebP di folder situs, misalnya "
                       "logo: media/logo-kabupaten.png")


def regency_logo(site_dir: Path, settings: dict[str, Any]) -> Path | None:
    """The logo file to publish, or None (none set, or refused: see :func:`check_regency`)."""
    ref = settings.get("logo")
    return _resolve(site_dir, str(ref))[0] if ref else None


@lru_cache(maxsize=64)
def _resolve(site_dir: Path, ref: str) -> tuple[Path | None, str]:
    path = safe_join(site_dir, ref)
    if path is None or not path.is_file():
        return None, f"berkas '{ref}' tidak ditemukan"
    if not path.name.lower().endswith(LOGO_SUFFIXES):
        return None, f"'{ref}' bukan berkas PNG, JPG atau WebP"
    refusal = check_media(path, image=True)
    if refusal is not None:
        return None, f"berkas '{ref}' ditolak: {refusal.message}"
    return path, ""


def logo_url(path: Path) -> str:
    """Where each village (and the portal) publishes the regency's logo."""
    return "static/logo-kabupaten" + path.suffix.lower()


def regency_variables(settings: dict[str, Any]) -> str:
    """CSS custom properties of the regency colour: ``--regency`` and ``--on-regency``."""
    colours = palette(str(settings.get("color") or DEFAULT_REGENCY_COLOR))
    return f"--regency:{colours['--accent']};--on-regency:{colours['--on-accent']}"
