"""After a publish, send the village to every deploy target ``site.yml`` names.

So "published" means residents can see it, where the regency deploys to another
host (``flask deploy``'s own code, one village only). A failed deploy is
reported; the local site is already up to date.
"""

from __future__ import annotations

from pathlib import Path

from ..deploy import deploy
from ..deploy.target import DeployError, Request
from ..errors import Report, UsageMistake
from ..load.loader import load_settings


def deploy_village(site_dir: Path, out_dir: Path, slug: str) -> list[tuple[bool, str]]:
    """Deploy ``slug`` to each target; (ok, Indonesian message) per target."""
    settings = load_settings(site_dir, Report())
    targets = settings.get("deploy") or {}
    villages = frozenset(p.stem for p in (site_dir / "villages").glob("*.yml"))
    results = []
    for name, config in targets.items():
        request = Request(site_dir=site_dir, build_dir=out_dir, name=name, config=config,
                          villages=villages, only=slug, echo=lambda _line: None)
        try:
            outcome = deploy(request)
        except (DeployError, UsageMistake, OSError) as exc:
            results.append((False, f"Belum terkirim ke '{name}': {exc}. Situs di server "
                                   "editor sudah diperbarui; coba terbitkan lagi nanti."))
            continue
        results.append((True, f"Terkirim ke '{name}': {outcome.summary()}"))
    return results
