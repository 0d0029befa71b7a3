"""Rendering routes to bytes with Jinja, shared by the Flask views and the freezer.

One :class:`Renderer` per loaded site. It owns a Jinja environment per theme
and the per-village stylesheet (theme CSS plus the village's accent colour,
content-hashed). Because views and the static build both call
:meth:`Renderer.render`, preview and build produce the same bytes.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from satudesa.colors import palette
from satudesa.inputs.themes import DEFAULT, Theme, resolve_theme
from satudesa.links import canonical_url, portable, portable_links
from satudesa.load.model import Site, VillageSite
from satudesa.load.regency import logo_url, regency_logo, regency_variables
from satudesa.load.registry import DEFAULT_COLOR, Village
from satudesa.render import filters
from satudesa.render.fragments import MEMO_READS, FragmentMemo, Links
from satudesa.render.problems import page_problems
from satudesa.render.spacing import space_blocks
from satudesa.render.themes import ThemeLoader
from satudesa.site.menu import village_context
from satudesa.site.sections import Route, RouteTable, add, portal_routes, village_routes

# Compiled templates, kept between processes: a build or a rebuild of one village
# would otherwise spend most of its time compiling every template again.
BYTECODE_DIR = Path(".cache") / "jinja"

CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
       "object-src 'none'; base-uri 'none'; form-action 'self'")


@dataclass
class Scope:
    """Where a rendering happens: the portal (``vs`` None) or one village."""

    theme: Theme
    table: RouteTable
    css_url: str
    vs: VillageSite | None = None
    shared: dict[str, Any] = field(default_factory=dict)  # menu and notices, every page
    fragments: FragmentMemo | None = None  # layout parts rendered once per link class


class Renderer:
    """Renders any route of a loaded :class:`Site`."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self.preview = False  # the flask run preview: problems shown on the page
        self.portable = portable()  # flask build --portable: links name index.html
        self._envs: dict[str, jinja2.Environment] = {}
        self._scopes: dict[str, Scope] = {}

    # -- themes and environments ------------------------------------------------

    def theme_name(self, village: Village | None) -> str:
        """The village's theme unless the site locks it."""
        default = str(self.site.settings.get("theme") or DEFAULT)
        if village is None or self.site.settings.get("lock_theme") or not village.theme:
            return default
        return village.theme

    def env(self, theme: Theme) -> jinja2.Environment:
        """The Jinja environment of one theme (cached)."""
        env = self._envs.get(theme.name)
        if env is None:
            env = jinja2.Environment(loader=ThemeLoader(theme), autoescape=True,
                                     trim_blocks=True, lstrip_blocks=True,
                                     bytecode_cache=bytecode_cache(self.site.site_dir))
            filters.register(env)
            self._envs[theme.name] = env
        return env

    def _stylesheet(self, theme: Theme, color: str, table: RouteTable) -> str:
        """Add the hashed stylesheet and the theme's other static files to ``table``.

        ``style.css`` is the first one along the search order; a theme's ``theme.css``
        (its own layout over the stylesheet it extends) is appended to it.
        """
        files = theme.static_files()
        css_path = files.pop("style.css", None)
        css = css_path.read_bytes() if css_path else b""
        extra = files.pop("theme.css", None)
        if extra is not None:
            css += extra.read_bytes()
        variables = ";".join(f"{k}:{v}" for k, v in palette(color).items())
        css += f":root{{{variables};{regency_variables(self.site.settings)}}}\n".encode()
        logo = regency_logo(self.site.site_dir, self.site.settings)
        if logo is not None:
            add(table, Route(logo_url(logo), file=logo, in_sitemap=False))
        digest = hashlib.sha256(css).hexdigest()[:10]
        url = f"static/style.{digest}.css"
        add(table, Route(url, produce=lambda: css, in_sitemap=False))
        for name, path in files.items():
            add(table, Route(f"static/{name}", file=path, in_sitemap=False))
        return url

    # -- scopes -------------------------------------------------------------------

    def village_scope(self, slug: str) -> Scope:
        """Routes and theme of one village (cached)."""
        scope = self._scopes.get(slug)
        if scope is None:
            vs = self.site.villages[slug]
            theme = resolve_theme(self.theme_name(vs.village), self.site.site_dir)
            table = village_routes(self.site, vs)
            css_url = self._stylesheet(theme, vs.village.color, table)
            shared = village_context(self.site, vs)
            scope = self._scopes[slug] = Scope(theme, table, css_url, vs, shared,
                                               self.fragments(shared))
        return scope

    def portal_scope(self) -> Scope:
        """Routes and theme of the portal (cached)."""
        scope = self._scopes.get("")
        if scope is None:
            theme = resolve_theme(self.theme_name(None), self.site.site_dir)
            table = portal_routes(self.site)
            css_url = self._stylesheet(theme, DEFAULT_COLOR, table)
            scope = self._scopes[""] = Scope(theme, table, css_url,
                                             fragments=self.fragments({}))
        return scope

    def fragments(self, shared: dict[str, Any]) -> FragmentMemo:
        """The fragment memo of a scope, told the targets of its menu, notices and logo.

        ``regency_logo`` is made before any fragment renders, so its target is named here.
        """
        prefixes = ["", "cari/"]
        for entry in shared.get("menu", ()):
            prefixes += [entry.url, *(target for target, _label in entry.items)]
        targets = [notice.url for notice in shared.get("darurat", ())]
        logo = regency_logo(self.site.site_dir, self.site.settings)
        if logo is not None:
            targets.append(logo_url(logo))
        return FragmentMemo(targets, prefixes)

    # -- rendering ----------------------------------------------------------------

    def render(self, scope: Scope, route: Route, missing_url: str | None = None) -> bytes:
        """The bytes of one output (``missing_url``: the preview's 404 for that URL)."""
        if route.file is not None:
            return route.file.read_bytes()
        if route.produce is not None:
            return route.produce()
        assert route.template is not None
        template = self.env(scope.theme).get_template(route.template)
        context = self.context(scope, route)
        if self.preview:
            context["preview"] = True
            context["preview_problems"] = page_problems(self.site.report, scope.vs, route,
                                                        missing_url)
        html = template.render(context)
        if route.dest.endswith(".html"):
            html = space_blocks(html)
            if self.portable:
                html = portable_links(html)
        return html.encode()

    def context(self, scope: Scope, route: Route) -> dict[str, Any]:
        """Everything a template may use."""
        here = route.url
        root = None
        if route.absolute_links:
            # Served at any depth; in the preview a village lives under /<slug>/.
            root = f"/{scope.vs.village.slug}/" if self.preview and scope.vs else "/"
        url = Links(here, root)
        vs = scope.vs
        village = vs.village if vs else None
        logo = regency_logo(self.site.site_dir, self.site.settings)
        context: dict[str, Any] = {
            "regency_logo": url(logo_url(logo)) if logo is not None else None,
            "site": self.site, "vs": vs, "village": village, "route": route,
            "here": here, "url": url, "css_url": url(scope.css_url), "csp": CSP,
            "canonical": self.canonical(village, route), "today": self.site.today,
            "menu": [], "darurat": [], "fragments": scope.fragments,
            "canonical_for": lambda target: canonical_url(self.site, village, target),
        }
        context.update(scope.shared)
        context.update(route.context)
        if not MEMO_READS.isdisjoint(route.context):  # its own menu: its own fragments
            context["fragments"] = None
        return context

    def canonical(self, village: Village | None, route: Route) -> str | None:
        """The absolute URL of a page, from the village domain or the site's base URL."""
        return canonical_url(self.site, village, route.url)


def bytecode_cache(site_dir: Path) -> jinja2.BytecodeCache | None:
    """Jinja's compiled-template cache in ``<site>/.cache/jinja``; None if it cannot be made.

    Entries are checked against the template's source, so an edited template is
    compiled again; the cache only ever saves time.
    """
    folder = site_dir / BYTECODE_DIR
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(folder))

