"""Which loading problems belong to a page: shown on that page in the preview only."""

from __future__ import annotations

from satudesa.errors import Report
from satudesa.load.model import VillageSite
from satudesa.site.route import Route


def page_problems(report: Report, vs: VillageSite | None, route: Route,
                  missing_url: str | None = None) -> list[str]:
    """Problem lines about the files behind ``route`` (or behind a URL that is missing).

    A page's own Markdown files; the registry entry on the home page; for a page not
    served (``missing_url``), the file that would have made it, so the preview says
    why it is a 404 instead of a bare "not found".
    """
    if vs is None:
        return []
    slug = vs.village.slug
    files = {f"content/{slug}/{page.src_rel}" for page in route.sources
             if getattr(page, "src_rel", None)}
    if route.url == "" and missing_url is None:
        files.add(f"villages/{slug}.yml")
    if missing_url:
        stem = missing_url.strip("/")
        files |= {f"content/{slug}/{stem}.md", f"content/{slug}/halaman/{stem}.md"}
    return [problem.format() for problem in report if problem.path in files]
