"""The ``site`` blueprint: the live preview of the portal and every village.

Views never read files: they look the URL up in the route table of the loaded
site and return what :class:`~satudesa.render.Renderer` renders, so the
preview and the static build are the same bytes.
"""

from __future__ import annotations

import mimetypes

from flask import Blueprint, Response, abort, current_app, redirect

from satudesa.preview.holder import current_renderer
from satudesa.render.renderer import Renderer, Scope

bp = Blueprint("site", __name__)


def _respond(renderer: Renderer, scope: Scope, path: str) -> Response:
    route = scope.table.get(path)
    if route is None:
        if path and not path.endswith("/") and path + "/" in scope.table:
            prefix = f"/{scope.vs.village.slug}/" if scope.vs else "/"
            return redirect(prefix + path + "/", code=308)  # type: ignore[return-value]
        missing = scope.table.get("404.html")
        if missing is None:
            abort(404)
        return Response(renderer.render(scope, missing, missing_url=path), status=404,
                        mimetype="text/html")
    mimetype = mimetypes.guess_type(route.dest)[0] or "application/octet-stream"
    if mimetype.startswith("text/") or mimetype in ("application/xml", "application/json"):
        mimetype += "; charset=utf-8"
    return Response(renderer.render(scope, route), mimetype=mimetype)


@bp.get("/", defaults={"path": ""})
@bp.get("/<path:path>")
def page(path: str) -> Response:
    """Serve a portal URL, or ``/<slug>/…`` from that village's route table."""
    renderer = current_renderer(current_app)
    slug, sep, rest = path.partition("/")
    if slug in renderer.site.villages:
        if not sep:
            return redirect(f"/{slug}/", code=308)  # type: ignore[return-value]
        return _respond(renderer, renderer.village_scope(slug), rest)
    return _respond(renderer, renderer.portal_scope(), path)
