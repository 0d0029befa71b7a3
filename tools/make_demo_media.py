#!/usr/bin/env python3
"""Generate the placeholder images and PDFs that the demo content refers to.

The demo villages have no real photos or scanned documents. This script scans
every village's content for media references (front matter `image`, `file`,
`formulir`, `foto`, gallery `foto[].file`, and Markdown links/images in the
body), and writes a small illustrative file for each one that is missing:

* photos (800x533 JPEG): a flat, caption-free landscape whose motif follows
  keywords in the file name (river, sea and mangrove, orchard, village hall...)
  tinted with the village colour;
* officials' photos (300x400 JPEG): a neutral silhouette in a khaki uniform;
* PDFs: a valid one-page A4 PDF that names the village and the document and
  says it is a fictional sample.

Output is deterministic, so re-running it does not change committed files.

Usage (from the repository root):

    .venv/bin/python tools/make_demo_media.py [--site DIR] [--force]
"""

from __future__ import annotations

import argparse
import hashlib
import math
import os
import random
import re
import sys

import yaml
from PIL import Image, ImageDraw, ImageFilter

PHOTO_SIZE = (800, 533)
PORTRAIT_SIZE = (300, 400)
PHOTO_MAX = 40_000
HERO_SIZE = (1200, 600)  # the home page's photo (registry key `foto`)
HERO_MAX = 120_000
PORTRAIT_MAX = 20_000
MEDIA_EXT = (".jpg", ".jpeg", ".png", ".pdf")
LINK_RE = re.compile(r"\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")


# --------------------------------------------------------------------------
# scanning
# --------------------------------------------------------------------------
def split_front_matter(text: str):
    if not text.startswith("---"):
        return {}, text
    end = text.find("\n---", 3)
    if end < 0:
        return {}, text
    meta = yaml.safe_load(text[3:end]) or {}
    body = text[end + 4 :]
    return meta, body


def collect_refs(site: str):
    """Yield (village_slug, abs_path, context dict) for every referenced media file."""
    for vfile in sorted(os.listdir(os.path.join(site, "villages"))):
        if not vfile.endswith(".yml"):
            continue
        slug = vfile[:-4]
        with open(os.path.join(site, "villages", vfile), encoding="utf-8") as f:
            village = yaml.safe_load(f) or {}
        root = os.path.join(site, "content", slug)
        if not os.path.isdir(root):
            continue
        ctx_v = {"slug": slug, "village": village}
        foto = village.get("foto")
        if isinstance(foto, str) and foto.lower().endswith((".jpg", ".jpeg")):
            yield (slug, os.path.normpath(os.path.join(root, foto)),
                   dict(ctx_v, kind="hero", title=village.get("name", "")))

        def emit(rel_base, ref, ctx, root=root, slug=slug, ctx_v=ctx_v):
            if not isinstance(ref, str) or not ref.lower().endswith(MEDIA_EXT):
                return None
            if "://" in ref or ref.startswith("/"):
                return None
            path = os.path.normpath(os.path.join(rel_base, ref))
            if not path.startswith(os.path.normpath(root) + os.sep):
                return None
            return (slug, path, dict(ctx_v, **ctx))

        perangkat = os.path.join(root, "perangkat.yml")
        if os.path.exists(perangkat):
            with open(perangkat, encoding="utf-8") as f:
                data = yaml.safe_load(f) or {}
            for group in data.values():
                for person in group or []:
                    r = emit(
                        root,
                        person.get("foto"),
                        {"kind": "portrait", "title": person.get("nama", "")},
                    )
                    if r:
                        yield r

        for dirpath, _dirs, files in os.walk(root):
            for fn in sorted(files):
                if not fn.endswith(".md"):
                    continue
                full = os.path.join(dirpath, fn)
                with open(full, encoding="utf-8") as f:
                    meta, body = split_front_matter(f.read())
                section = os.path.relpath(dirpath, root).split(os.sep)[0]
                base_ctx = {
                    "title": meta.get("title", ""),
                    "nomor": meta.get("nomor", ""),
                    "summary": meta.get("summary", ""),
                    "tahun": meta.get("tahun", ""),
                    "section": section,
                }
                for key in ("image", "file", "formulir"):
                    r = emit(root, meta.get(key), dict(base_ctx, kind=key))
                    if r:
                        yield r
                for item in meta.get("foto") or []:
                    if isinstance(item, dict):
                        r = emit(
                            root,
                            item.get("file"),
                            dict(base_ctx, kind="image", caption=item.get("caption", "")),
                        )
                        if r:
                            yield r
                for ref in LINK_RE.findall(body):
                    r = emit(dirpath, ref, dict(base_ctx, kind="inline"))
                    if r:
                        yield r


# --------------------------------------------------------------------------
# images
# --------------------------------------------------------------------------
def hex_rgb(h: str):
    h = h.lstrip("#")
    return tuple(int(h[i : i + 2], 16) for i in (0, 2, 4))


def mix(a, b, t):
    return tuple(int(round(a[i] + (b[i] - a[i]) * t)) for i in range(3))


MOTIFS = [
    (
        "sea",
        (
            "mangrove",
            "pantai",
            "rob",
            "tambak",
            "amplang",
            "ikan-asin",
            "titian-mangrove",
            "menara",
            "tanam-mangrove",
            "festival-mangrove",
        ),
    ),
    (
        "river",
        ("sungai", "banjir", "susur", "titian", "posko", "siaga", "dermaga", "salai", "jukung"),
    ),
    ("fall", ("curug",)),
    ("road", ("jalan", "pipa", "pamsimas")),
    ("orchard", ("manggis", "lada", "kebun", "kopi", "aren", "madu", "galam", "panen")),
    (
        "hall",
        (
            "posyandu",
            "pelatihan",
            "musdes",
            "baliho",
            "mpa",
            "simping",
            "dodol",
            "anyam",
            "purun",
            "rotan",
            "sate",
            "hut",
            "upacara",
            "sortir",
            "timbang",
            "saring",
        ),
    ),
]


def pick_motif(name: str):
    for motif, words in MOTIFS:
        if any(w in name for w in words):
            return motif
    return "hills"


def draw_photo(path: str, accent, rng: random.Random, motif: str) -> Image.Image:
    w, h = PHOTO_SIZE
    img = Image.new("RGB", (w, h))
    d = ImageDraw.Draw(img)
    morning = rng.random() < 0.5
    sky_top = (104, 160, 214) if morning else (236, 170, 120)
    sky_bottom = (214, 232, 244) if morning else (250, 222, 170)
    horizon = int(h * rng.uniform(0.42, 0.55))
    for y in range(horizon):
        d.line([(0, y), (w, y)], fill=mix(sky_top, sky_bottom, y / horizon))
    sx, sy = rng.randint(90, w - 90), rng.randint(50, horizon - 60)
    d.ellipse(
        [sx - 34, sy - 34, sx + 34, sy + 34], fill=(255, 244, 205) if morning else (255, 226, 150)
    )
    for _ in range(rng.randint(1, 3)):
        cx, cy = rng.randint(0, w), rng.randint(30, max(40, horizon - 80))
        for dx, r in ((-30, 22), (0, 30), (32, 20)):
            d.ellipse([cx + dx - r, cy - r, cx + dx + r, cy + r], fill=(250, 250, 252))

    green = (88, 140, 80)
    base = mix(green, accent, 0.35)
    # far and near hills
    for layer, (lift, shade) in enumerate(((60, 0.55), (25, 0.3), (-10, 0.0))):
        col = mix(base, (200, 220, 230), shade)
        amp, freq, phase = rng.uniform(14, 38), rng.uniform(1.2, 3.0), rng.uniform(0, 6.28)
        pts = [(0, h)]
        for x in range(0, w + 1, 20):
            y = horizon - lift + amp * math.sin(phase + freq * x / w * math.pi) + layer * 18
            pts.append((x, y))
        pts.append((w, h))
        d.polygon(pts, fill=col)
    ground_top = horizon + 30

    if motif in ("sea", "river"):
        water = (70, 130, 170) if motif == "sea" else (122, 112, 84)
        top = horizon + (10 if motif == "sea" else 60)
        if motif == "sea":
            d.rectangle([0, horizon - 4, w, h], fill=mix(water, (180, 210, 230), 0.2))
        else:
            d.polygon([(0, top + 40), (w, top), (w, h - 60), (0, h - 20)], fill=water)
        for _ in range(26):
            x, y = rng.randint(0, w), rng.randint(top + 10, h - 10)
            d.line(
                [(x, y), (x + rng.randint(20, 60), y)],
                fill=mix(water, (255, 255, 255), 0.35),
                width=2,
            )
        if motif == "sea":
            for _ in range(rng.randint(4, 7)):  # mangrove clumps
                cx, cy = rng.randint(0, w), rng.randint(horizon + 40, h - 40)
                for k in range(5):
                    d.line([(cx - 20 + k * 10, cy + 30), (cx, cy)], fill=(90, 70, 50), width=3)
                for dx, dy, r in ((-28, -6, 30), (0, -22, 36), (28, -4, 30)):
                    d.ellipse(
                        [cx + dx - r, cy + dy - r, cx + dx + r, cy + dy + r],
                        fill=mix((46, 110, 60), accent, 0.2),
                    )
            if "titian" in path or rng.random() < 0.6:
                y = h - 120
                d.rectangle([0, y, w, y + 14], fill=(140, 100, 60))
                for x in range(20, w, 60):
                    d.rectangle([x, y, x + 6, y + 70], fill=(110, 80, 50))
        else:  # stilt houses along the bank
            for i in range(rng.randint(3, 5)):
                x = 40 + i * rng.randint(120, 170)
                y = top + 20 - i * 6
                col = mix(accent, (240, 230, 210), rng.uniform(0.3, 0.7))
                d.rectangle([x, y - 50, x + 80, y], fill=col)
                d.polygon(
                    [(x - 10, y - 50), (x + 40, y - 85), (x + 90, y - 50)], fill=(120, 60, 40)
                )
                for k in range(4):
                    d.rectangle([x + 5 + k * 22, y, x + 10 + k * 22, y + 30], fill=(90, 70, 50))
            for _ in range(2):  # boats
                bx, by = rng.randint(50, w - 150), rng.randint(h - 150, h - 60)
                d.polygon(
                    [(bx, by), (bx + 120, by), (bx + 100, by + 18), (bx + 20, by + 18)],
                    fill=(80, 50, 30),
                )
    elif motif == "orchard":
        field = mix(base, (150, 180, 90), 0.4)
        d.rectangle([0, ground_top, w, h], fill=field)
        fruit = {
            "manggis": (90, 30, 70),
            "lada": (180, 40, 30),
            "kopi": (170, 30, 30),
            "aren": (120, 80, 40),
            "madu": (210, 150, 40),
            "galam": (210, 150, 40),
        }
        fcol = next((c for k, c in fruit.items() if k in path), (200, 120, 40))
        for row in range(3):
            y = ground_top + 40 + row * 110
            for x in range(-20 + row * 30, w + 40, 140 - row * 10):
                r = 42 + row * 12
                d.rectangle([x - 5, y, x + 5, y + r], fill=(100, 75, 50))
                d.ellipse([x - r, y - r, x + r, y + r * 0.6], fill=mix((50, 110, 55), accent, 0.15))
                for _ in range(6):
                    fx, fy = x + rng.randint(-r + 10, r - 10), y + rng.randint(-r + 10, 0)
                    d.ellipse([fx - 6, fy - 6, fx + 6, fy + 6], fill=fcol)
    elif motif == "road":
        d.rectangle([0, ground_top, w, h], fill=mix(base, (160, 190, 110), 0.3))
        d.polygon(
            [(w * 0.45, ground_top), (w * 0.55, ground_top), (w * 0.85, h), (w * 0.15, h)],
            fill=(170, 170, 165),
        )
        for y in range(ground_top + 20, h, 50):
            t = (y - ground_top) / (h - ground_top)
            d.rectangle(
                [w / 2 - 2 - 3 * t, y, w / 2 + 2 + 3 * t, y + 20 * (0.4 + t)], fill=(245, 245, 240)
            )
        if "pipa" in path or "pamsimas" in path:
            d.rectangle([w * 0.05, h - 70, w * 0.4, h - 58], fill=(40, 110, 200))
            d.rectangle(
                [w * 0.6, ground_top + 30, w * 0.78, ground_top + 110], fill=(200, 200, 195)
            )
    elif motif == "fall":
        d.rectangle([0, ground_top, w, h], fill=mix(base, (90, 120, 70), 0.3))
        d.polygon(
            [(w * 0.3, horizon - 120), (w * 0.7, horizon - 120), (w * 0.75, h), (w * 0.25, h)],
            fill=(110, 100, 90),
        )
        d.rectangle([w * 0.44, horizon - 110, w * 0.56, h - 80], fill=(225, 240, 250))
        d.ellipse([w * 0.25, h - 120, w * 0.75, h - 20], fill=(120, 180, 200))
    elif motif == "hall":
        d.rectangle([0, ground_top, w, h], fill=mix(base, (170, 190, 120), 0.35))
        x0, y0 = w * 0.22, ground_top - 40
        wall = mix(accent, (250, 245, 235), 0.8)
        d.rectangle([x0, y0, x0 + 420, y0 + 170], fill=wall)
        d.polygon([(x0 - 30, y0), (x0 + 210, y0 - 110), (x0 + 450, y0)], fill=accent)
        for k in range(4):
            d.rectangle(
                [x0 + 30 + k * 100, y0 + 50, x0 + 80 + k * 100, y0 + 110], fill=(120, 160, 190)
            )
        d.rectangle([x0 + 185, y0 + 80, x0 + 235, y0 + 170], fill=(110, 80, 50))
        fx = x0 + 470
        d.rectangle([fx, y0 - 120, fx + 4, y0 + 170], fill=(90, 90, 90))
        d.rectangle([fx + 4, y0 - 120, fx + 64, y0 - 100], fill=(206, 17, 38))
        d.rectangle([fx + 4, y0 - 100, fx + 64, y0 - 80], fill=(255, 255, 255))
        for _ in range(rng.randint(6, 10)):  # people
            px = rng.randint(30, w - 30)
            py = rng.randint(min(int(y0) + 178, h - 66), h - 56)
            col = rng.choice(
                [(200, 80, 70), (60, 110, 170), (230, 180, 60), (90, 150, 90), (150, 90, 160)]
            )
            d.rounded_rectangle([px - 16, py, px + 16, py + 50], radius=12, fill=col)
            d.ellipse([px - 11, py - 24, px + 11, py - 2], fill=(150, 105, 75))
    else:
        d.rectangle([0, ground_top, w, h], fill=mix(base, (140, 180, 90), 0.3))
        for y in range(ground_top + 20, h, 28):  # sawah terraces
            d.line(
                [(0, y), (w, y + rng.randint(-10, 10))],
                fill=mix(base, (200, 220, 120), 0.5),
                width=3,
            )
    return img


def draw_portrait(accent, rng: random.Random) -> Image.Image:
    w, h = PORTRAIT_SIZE
    img = Image.new("RGB", (w, h))
    d = ImageDraw.Draw(img)
    top, bottom = mix(accent, (255, 255, 255), 0.75), mix(accent, (255, 255, 255), 0.55)
    for y in range(h):
        d.line([(0, y), (w, y)], fill=mix(top, bottom, y / h))
    skin = rng.choice([(198, 150, 112), (172, 124, 88), (150, 105, 75), (210, 165, 125)])
    khaki = (176, 156, 108)
    d.rounded_rectangle([40, 270, 260, 460], radius=70, fill=khaki)  # shoulders (uniform)
    d.polygon([(130, 270), (150, 320), (170, 270)], fill=(245, 245, 240))  # collar
    d.rectangle([190, 320, 235, 332], fill=(40, 40, 40))  # name tag
    d.rectangle([143, 235, 157, 280], fill=skin)  # neck
    d.ellipse([95, 110, 205, 250], fill=skin)  # head
    d.chord([92, 100, 208, 200], 180, 360, fill=(35, 30, 30))  # hair / peci
    return img


def _ridge(rng: random.Random, w: int, base: float, amp: float, rough: int = 4):
    """A smooth random ridge line: a few sine waves summed."""
    waves = [(rng.uniform(0.6, 3.5) * (k + 1), rng.uniform(0, 6.28), amp / (k + 1))
             for k in range(rough)]
    return [base + sum(a * math.sin(p + f * x / w * math.pi) for f, p, a in waves)
            for x in range(w + 1)]


def _fill_below(img: Image.Image, ridge, top_col, bottom_col, bottom: int) -> None:
    """Fill under ``ridge`` with a vertical gradient (haze at the top, colour below)."""
    w = img.width
    layer = Image.new("RGB", (w, img.height))
    d = ImageDraw.Draw(layer)
    lo = int(min(ridge))
    for y in range(lo, bottom):
        d.line([(0, y), (w, y)], fill=mix(top_col, bottom_col, (y - lo) / max(1, bottom - lo)))
    mask = Image.new("L", img.size, 0)
    ImageDraw.Draw(mask).polygon([(0, bottom)] + [(x, ridge[x]) for x in range(w + 1)]
                                 + [(w, bottom)], fill=255)
    img.paste(layer, (0, 0), mask)


def draw_hero(accent, rng: random.Random, motif: str) -> Image.Image:
    """A wide landscape for a village's home page: sky, hazy hills, then fields,
    river or mangrove coast, with houses and trees; painterly, not noisy."""
    w, h = HERO_SIZE
    img = Image.new("RGB", (w, h))
    d = ImageDraw.Draw(img)
    horizon = int(h * 0.48)
    sky_top, sky_low = (92, 148, 206), (236, 232, 214)
    for y in range(h):
        d.line([(0, y), (w, y)], fill=mix(sky_top, sky_low, min(1, y / horizon)))
    glow = Image.new("L", img.size, 0)
    sx, sy = int(w * rng.uniform(0.6, 0.8)), int(horizon * 0.45)
    ImageDraw.Draw(glow).ellipse([sx - 160, sy - 160, sx + 160, sy + 160], fill=150)
    img.paste((255, 246, 214), (0, 0), glow.filter(ImageFilter.GaussianBlur(70)))
    d.ellipse([sx - 30, sy - 30, sx + 30, sy + 30], fill=(255, 250, 230))
    clouds = Image.new("L", img.size, 0)
    cd = ImageDraw.Draw(clouds)
    for _ in range(5):
        cx, cy = rng.randint(0, w), rng.randint(30, horizon - 120)
        for k in range(6):
            r = rng.randint(18, 42)
            ox = cx + k * rng.randint(18, 30)
            cd.ellipse([ox - r * 1.6, cy - r * 0.7, ox + r * 1.6, cy + r * 0.7], fill=200)
    img.paste((255, 255, 255), (0, 0), clouds.filter(ImageFilter.GaussianBlur(10)))
    green = mix((70, 128, 72), accent, 0.2)
    far = [(170, 190, 205), (140, 170, 170), (96, 138, 104)]
    for i, col in enumerate(far):  # mountains fading into haze
        ridge = _ridge(rng, w, horizon - 90 + i * 40, 55 - i * 12)
        _fill_below(img, ridge, mix(col, sky_low, 0.35), col, h)
    if motif == "sea":  # a calm estuary with mangrove banks and a boardwalk
        water_top = horizon + 40
        for y in range(water_top, h):
            t = (y - water_top) / (h - water_top)
            d.line([(0, y), (w, y)], fill=mix((150, 190, 205), (52, 104, 128), t))
        for _ in range(90):
            x, y = rng.randint(0, w), rng.randint(water_top + 5, h - 5)
            d.line([(x, y), (x + rng.randint(10, 50), y)], fill=(190, 215, 225), width=1)
        for side in (0, 1):
            ridge = _ridge(rng, w, water_top - 8 + side * 150, 14)
            band = Image.new("L", img.size, 0)
            bd = ImageDraw.Draw(band)
            x0, x1 = (0, int(w * 0.45)) if side == 0 else (int(w * 0.62), w)
            for x in range(x0, x1, 14):
                r = rng.randint(22, 40)
                y = ridge[x] - (0 if side == 0 else 0)
                bd.ellipse([x - r, y - r, x + r, y + r * 0.5], fill=255)
            dark = mix((38, 92, 52), accent, 0.15)
            img.paste(dark, (0, 0), band.filter(ImageFilter.GaussianBlur(2)))
        y = h - 110
        d.polygon([(w * 0.35, y), (w, y - 50), (w, y - 36), (w * 0.35, y + 10)], fill=(138, 98, 62))
        for x in range(int(w * 0.37), w, 46):
            t = (x - w * 0.35) / (w * 0.65)
            d.line([(x, y - 50 * t + 8), (x, y - 50 * t + 60)], fill=(96, 70, 46), width=4)
    elif motif == "river":  # a brown river with stilt houses on the far bank
        bank = horizon + 70
        _fill_below(img, _ridge(rng, w, horizon + 30, 6), (120, 150, 90), green, h)
        river = [(0, bank + 20), (w, bank - 10), (w, h - 120), (0, h - 40)]
        d.polygon(river, fill=(128, 112, 82))
        for _ in range(70):
            x, y = rng.randint(0, w), rng.randint(bank + 10, h - 60)
            d.line([(x, y), (x + rng.randint(14, 60), y)], fill=(160, 146, 112))
        for i in range(7):
            x = 30 + i * 165 + rng.randint(-20, 20)
            y = bank + 8 - i * 4
            wall = mix(accent, (238, 226, 204), rng.uniform(0.45, 0.8))
            d.rectangle([x, y - 48, x + 92, y], fill=wall)
            d.polygon([(x - 10, y - 48), (x + 46, y - 86), (x + 102, y - 48)],
                      fill=rng.choice([(128, 62, 40), (96, 96, 104), (150, 80, 50)]))
            d.rectangle([x + 38, y - 30, x + 56, y], fill=(92, 66, 44))
            for k in range(5):
                d.line([(x + 4 + k * 21, y), (x + 4 + k * 21, y + 26)], fill=(82, 62, 44), width=3)
        for _ in range(3):
            bx, by = rng.randint(60, w - 220), rng.randint(h - 170, h - 90)
            d.polygon([(bx, by), (bx + 170, by - 6), (bx + 150, by + 16), (bx + 18, by + 18)],
                      fill=(70, 46, 30))
        _fill_below(img, _ridge(rng, w, h - 40, 10), (96, 150, 76), (70, 116, 58), h)
    else:  # sawah: terraced rice fields below the hills, a village road, palms
        fields_top = horizon + 40
        for k in range(9):
            ridge = _ridge(rng, w, fields_top + k * (k + 6) * 3.2, 10 + k * 2, rough=3)
            shade = (k % 3) / 3
            col = mix((150, 186, 78), (88, 148, 62), shade)
            _fill_below(img, ridge, mix(col, (196, 214, 130), 0.3), col, h)
            d.line([(x, ridge[x]) for x in range(0, w + 1, 6)],
                   fill=mix(col, (226, 232, 180), 0.6), width=2)
        road = [(w * 0.52, fields_top + 10), (w * 0.56, fields_top + 10), (w * 0.76, h),
                (w * 0.46, h)]
        d.polygon(road, fill=(176, 166, 146))
        for i in range(5):  # houses along the road
            x = int(w * 0.06) + i * 70 + rng.randint(-10, 10)
            y = fields_top + 30 + i * 6
            d.rectangle([x, y - 34, x + 58, y], fill=mix(accent, (244, 238, 224), 0.75))
            d.polygon([(x - 8, y - 34), (x + 29, y - 62), (x + 66, y - 34)], fill=(162, 70, 44))
    for _ in range(6):  # palm and banana trees in front
        tx = rng.choice([rng.randint(0, int(w * 0.25)), rng.randint(int(w * 0.8), w)])
        ty = h - rng.randint(10, 60)
        top = ty - rng.randint(150, 230)
        d.line([(tx, ty), (tx + rng.randint(-18, 18), top)], fill=(92, 72, 52), width=7)
        leaf = mix((40, 96, 50), accent, 0.1)
        for a in range(0, 360, 40):
            ang = math.radians(a + rng.randint(-10, 10))
            ex = tx + math.cos(ang) * 80
            ey = top + math.sin(ang) * 36 + 20
            d.line([(tx, top), (ex, ey)], fill=leaf, width=9)
    return img.filter(ImageFilter.SMOOTH)


def save_jpeg(img: Image.Image, path: str, limit: int):
    for q in (70, 62, 55, 48, 40):
        img.save(path, "JPEG", quality=q, optimize=True, progressive=False)
        if os.path.getsize(path) <= limit:
            return
    raise SystemExit(f"{path}: could not get under {limit} bytes")


# --------------------------------------------------------------------------
# PDFs
# --------------------------------------------------------------------------
def pdf_escape(s: str) -> bytes:
    b = s.encode("cp1252", errors="replace")
    return b.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def wrap(s: str, width: int):
    words, line, out = s.split(), "", []
    for word in words:
        if len(line) + len(word) + 1 > width and line:
            out.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    if line:
        out.append(line)
    return out


def make_pdf(lines) -> bytes:
    """lines: list of (font 'B'|'R', size, text). One A4 page, Helvetica."""
    ops = [b"BT"]
    y = 790
    for font, size, text in lines:
        if text is None:
            y -= size
            continue
        ops.append(
            b"/F%s %d Tf 1 0 0 1 60 %d Tm (%s) Tj" % (font.encode(), size, y, pdf_escape(text))
        )
        y -= int(size * 1.45)
    ops.append(b"ET")
    ops.append(b"0.6 w 60 %d m 535 %d l S" % (y + 4, y + 4))
    stream = b"\n".join(ops)
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /FR 4 0 R /FB 5 0 R >> >> /Contents 6 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


def pdf_lines(ctx) -> list:
    v = ctx["village"]
    head = [
        ("B", 13, f"PEMERINTAH {v.get('name', '').upper()}"),
        ("R", 10, f"{v.get('kecamatan', '')}, {v.get('kabupaten', '')}, {v.get('provinsi', '')}"),
        ("R", 9, (v.get("kontak") or {}).get("alamat", "")[:110]),
        ("R", 14, None),
    ]
    if ctx["kind"] == "formulir":
        title = f"FORMULIR PERMOHONAN: {ctx['title'].upper()}"
        body = [("B", 12, t) for t in wrap(title, 70)] + [("R", 12, None)]
        body += [("R", 11, "Yang bertanda tangan di bawah ini:"), ("R", 8, None)]
        for field in (
            "Nama lengkap",
            "NIK",
            "Tempat, tanggal lahir",
            "Pekerjaan",
            "Alamat (RT/RW/Dusun)",
            "Nomor HP/WhatsApp",
            "Keperluan",
        ):
            body.append(("R", 11, f"{field:<24}: " + "." * 70))
        body += [
            ("R", 10, None),
            ("R", 11, "Dengan ini mengajukan permohonan dan menyatakan bahwa data di atas benar."),
            ("R", 11, "Persyaratan terlampir sesuai daftar pada halaman layanan situs desa."),
            ("R", 30, None),
            ("R", 11, "Mengetahui Ketua RT/RW,                                        Pemohon,"),
            ("R", 40, None),
            ("R", 11, "(" + "." * 30 + ")" + " " * 33 + "(" + "." * 30 + ")"),
        ]
    else:
        body = [("B", 12, t) for t in wrap(ctx["title"].upper(), 70)]
        if ctx.get("nomor"):
            body.append(("R", 11, ctx["nomor"]))
        if ctx.get("tahun"):
            body.append(("R", 11, f"Tahun {ctx['tahun']}"))
        body.append(("R", 12, None))
        body += [("R", 11, t) for t in wrap(ctx.get("summary", ""), 88)]
    foot = [
        ("R", 24, None),
        ("B", 10, "DOKUMEN CONTOH"),
        (
            "R",
            9,
            "Berkas ini dibuat untuk situs demo satudesa. "
            "Desa, nama, dan isi dokumen adalah fiktif.",
        ),
    ]
    return head + body + foot


# --------------------------------------------------------------------------
def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--site", default=os.environ.get("SATUDESA_SITE", "."))
    ap.add_argument("--force", action="store_true", help="rewrite files that already exist")
    args = ap.parse_args(argv)
    site = os.path.abspath(args.site)

    seen, made = set(), 0
    for slug, path, ctx in collect_refs(site):
        if path in seen:
            continue
        seen.add(path)
        if os.path.exists(path) and not args.force:
            continue
        os.makedirs(os.path.dirname(path), exist_ok=True)
        rel = os.path.relpath(path, site)
        rng = random.Random(hashlib.sha256(rel.encode()).hexdigest())
        accent = hex_rgb(ctx["village"].get("color") or "#2f6f4f")
        if path.endswith(".pdf"):
            with open(path, "wb") as f:
                f.write(make_pdf(pdf_lines(ctx)))
        elif ctx["kind"] == "hero":
            name = os.path.basename(path).lower()
            motif = {"sea": "sea", "river": "river"}.get(pick_motif(name), "fields")
            save_jpeg(draw_hero(accent, rng, motif), path, HERO_MAX)
        elif ctx["kind"] == "portrait":
            save_jpeg(draw_portrait(accent, rng), path, PORTRAIT_MAX)
        else:
            name = os.path.relpath(path, os.path.join(site, "content", slug)).lower()
            save_jpeg(draw_photo(name, accent, rng, pick_motif(name)), path, PHOTO_MAX)
        made += 1
        print(f"wrote {rel} ({os.path.getsize(path)} bytes)")
    print(f"{made} file(s) written, {len(seen)} referenced", file=sys.stderr)


if __name__ == "__main__":
    main()
