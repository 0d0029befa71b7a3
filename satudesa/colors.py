"""WCAG contrast for a village's accent colour: pick readable text, darken links."""

from __future__ import annotations

AA = 4.5
WHITE = "#ffffff"
INK = "#111111"


def _channel(c: float) -> float:
    c /= 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def luminance(color: str) -> float:
    """Relative luminance of ``#rrggbb``."""
    r, g, b = (int(color[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio between two colours (1 to 21)."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def text_on(background: str) -> str:
    """White or near-black, whichever reads better on ``background``."""
    return WHITE if contrast(background, WHITE) >= contrast(background, INK) else INK


def darken_for_white(color: str) -> str:
    """``color`` darkened just enough to reach AA as text on white."""
    r, g, b = (int(color[i:i + 2], 16) for i in (1, 3, 5))
    for step in range(101):
        factor = 1 - step / 100
        candidate = "#{:02x}{:02x}{:02x}".format(*(round(c * factor) for c in (r, g, b)))
        if contrast(candidate, WHITE) >= AA:
            return candidate
    return INK


def palette(accent: str) -> dict[str, str]:
    """CSS custom properties for one village: accent, its text, and a link colour."""
    usable = darken_for_white(accent)
    return {"--accent": usable, "--on-accent": text_on(usable), "--link": usable}


def aa_problem(color: str) -> str | None:
    """Why ``color`` cannot be used as given (and what replaces it), or None when it reaches AA."""
    ratio = contrast(color, WHITE)
    if ratio >= AA:
        return None
    shown = f"{ratio:.1f}".replace(".", ",")
    return (f"warna '{color}' kurang kontras untuk teks di atas putih ({shown}:1, minimal "
            f"4,5:1); situs memakai '{darken_for_white(color)}'")
