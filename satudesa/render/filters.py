"""Jinja filters and the per-village context every template sees."""

from __future__ import annotations

import re
from urllib.parse import quote

import jinja2
from markupsafe import Markup

from satudesa.dates import jam, tanggal
from satudesa.images.markup import SIZES, cover
from satudesa.money import persen, rupiah, rupiah_short
from satudesa.outputs.qr import qr_svg
from satudesa.outputs.seo import seo_global
from satudesa.regency.kelengkapan import kb
from satudesa.render.fragments import memo_global


def angka(number: int) -> str:
    """'1.234' (Indonesian thousands separator)."""
    return f"{int(number):,}".replace(",", ".")


def harga(amount: int, satuan: str = "") -> str:
    """'Rp25.000 / kg', or 'Rp25.000 per bungkus' when the unit already says 'per'."""
    if not satuan:
        return rupiah(amount)
    joiner = " " if satuan.lower().startswith("per ") else " / "
    return rupiah(amount) + joiner + satuan


def initials(name: str) -> str:
    """Up to two initials of a person's name, titles such as 'H.' and 'S.Pd.' skipped."""
    words = [w for w in re.split(r"[\s,]+", name) if w and not w.endswith(".")]
    return "".join(w[0].upper() for w in words[:2]) or "?"


def ponsel(number: str) -> str:
    """A normalised 628… number as residents dial it: '0812-3456-7890'."""
    local = "0" + number[2:] if number.startswith("62") else number
    return "-".join(local[i:i + 4] for i in range(0, len(local), 4))


def wa_link(number: str, message: str = "") -> str:
    """A wa.me link with an optional prefilled message."""
    link = f"https://wa.me/{number}"
    return f"{link}?text={quote(message)}" if message else link


def osm_link(coords: tuple[float, float], zoom: int = 17) -> str:
    """An OpenStreetMap link centred on ``coords`` with a marker."""
    lat, lon = coords
    return f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map={zoom}/{lat}/{lon}"


def ukuran(size: int) -> str:
    """A file size as residents read it: '820 KB', '1,4 MB'."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / (1024 * 1024):.1f} MB".replace(".", ",")


def share_links(url: str, title: str) -> list[tuple[str, str]]:
    """Plain share links (no third-party scripts): (label, href) for WhatsApp, Facebook,
    X and Telegram."""
    u, t = quote(url, safe=""), quote(title, safe="")
    return [
        ("WhatsApp", f"https://wa.me/?text={quote(f'{title} {url}', safe='')}"),
        ("Facebook", f"https://www.facebook.com/sharer/sharer.php?u={u}"),
        ("X", f"https://x.com/intent/post?url={u}&text={t}"),
        ("Telegram", f"https://t.me/share/url?url={u}&text={t}"),
    ]


@jinja2.pass_context
def image_global(context: jinja2.runtime.Context, url: str, alt: str = "", lazy: bool = False,
                 sizes: str = SIZES, css_class: str = "cover", width: int | None = None,
                 height: int | None = None) -> Markup:
    """Jinja ``image(url, alt, lazy)``: the one way templates show a village image.

    ``width`` and ``height`` fix the displayed box (a 72×72 portrait); otherwise the
    image's own size is used.
    """
    box = (width, height) if width and height else None
    return cover(context["url"], context.get("vs"), url, alt, lazy, sizes, css_class, box)


def register(env: jinja2.Environment) -> None:
    """Add satudesa's filters to a Jinja environment."""
    env.filters.update(kb=kb, tanggal=tanggal, jam=jam, rupiah=rupiah, initials=initials,
                       wa_link=wa_link, osm_link=osm_link, ukuran=ukuran, harga=harga,
                       ponsel=ponsel, qr_svg=qr_svg, share_links=share_links,
                       rupiah_short=rupiah_short, persen=persen, angka=angka)
    env.globals.update(image=image_global, seo=seo_global, memo=memo_global)

