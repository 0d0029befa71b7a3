"""QR codes as inline SVG (segno), for the printable service sheets."""

from __future__ import annotations

from markupsafe import Markup


def qr_svg(data: str, scale: int = 4, title: str = "") -> Markup:
    """An inline ``<svg>`` QR code of ``data`` (error correction M); safe to embed."""
    # segno is imported on the first QR code, not with the renderer: a one-edit build that
    # renders no service sheet skips its ~25 ms import (issue 17; a cost, not a cycle).
    import segno

    # A fixed mask: choosing the "best" of eight is 5x slower in pure Python and every
    # mask scans; this code sits on every printable service sheet.
    code = segno.make(data, error="m", micro=False, mask=0)
    return Markup(code.svg_inline(scale=scale, border=2, title=title or None,
                                  svgclass="qr", lineclass=None))
