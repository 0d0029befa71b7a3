"""QR codes as inline SVG (segno), for the printable service sheets."""

from __future__ import annotations

from importlib import metadata

from markupsafe import Markup

from satudesa import derived

# Bump when qr_svg draws differently; with segno's version it names the cached codes.
FORMAT = 1
_version: str | None = None


def _segno_version() -> str:
    """segno's installed version, read once per process (its import costs ~25 ms)."""
    global _version
    if _version is None:
        try:
            _version = metadata.version("segno")
        except metadata.PackageNotFoundError:
            _version = "?"
    return _version


def qr_svg(data: str, scale: int = 4, title: str = "") -> Markup:
    """An inline ``<svg>`` QR code of ``data`` (error correction M); safe to embed.

    Codes are kept in the derived-output cache (:mod:`satudesa.derived`) by their
    text, size, title and segno's version: a ``--force`` build draws none again.
    """
    name = derived.key("qr", str(FORMAT), _segno_version(), data, str(scale), title)
    cached = derived.get("qr", name)
    if cached is not None:
        try:
            return Markup(cached.decode("utf-8"))
        except UnicodeDecodeError:
            pass
    svg = _draw(data, scale, title)
    derived.put("qr", name, svg.encode("utf-8"))
    return Markup(svg)


def _draw(data: str, scale: int, title: str) -> str:
    # segno is imported on the first QR code, not with the renderer: a one-edit build that
    # renders no service sheet skips its ~25 ms import (issue 17; a cost, not a cycle).
    import segno

    # A fixed mask: choosing the "best" of eight is 5x slower in pure Python and every
    # mask scans; this code sits on every printable service sheet.
    code = segno.make(data, error="m", micro=False, mask=0)
    return str(code.svg_inline(scale=scale, border=2, title=title or None,
                               svgclass="qr", lineclass=None))
