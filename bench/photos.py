"""Real-size phone photos: the CPU cost of every published variant, cold and cached.

    python bench/photos.py                    # 200 photos of 4000x3000
    python bench/photos.py --photos 40 --baseline-every 5

The bench corpus has one 2.9 KB JPEG; officers upload 12-megapixel phone photos
of 3-5 MB. This bench makes ``--photos`` of them with Pillow (deterministic by
seed: a smooth colour field, shapes, a few sharp edges and sensor-like noise, so
they compress like photos), caches them in ``bench/.work/photos/``, and measures
per photo, in one process:

* cold: ``cached_variant`` on an empty cache, which makes every published file of
  the photo from one decode (``make_variants``) and stores them;
* the same photos with the previous pipeline (encoder 3: four Lanczos widths, each
  as WebP method 4 and progressive JPEG), interleaved with the new one on every
  ``--baseline-every``-th photo, so the ratio comes from the same minutes of the
  same machine; on those photos also the quality of every WebP variant (PSNR
  against a Lanczos resize of the full-size decode, same geometry) and the bytes
  a phone loads per image (the srcset candidate Chromium picks: the narrowest at
  least as wide as the slot in device pixels, else the widest; checked with
  ``bench/srcset_pick.py``);
* cached: ``cached_variant`` for every variant once the cache holds them (what a
  ``--force`` build pays).

CPU time is ``time.process_time()`` of this process (Pillow's codecs here are
single-threaded), so other agents' load on the machine does not count.
"""

from __future__ import annotations

import argparse
import io
import math
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageOps, ImageStat

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from satudesa.images import variants  # noqa: E402

WORK = REPO / "bench" / ".work" / "photos"
SIZE = (4000, 3000)
GENERATOR = 2  # bump when make_photo changes, so the cached photos are made again
TARGET_MS = 100.0


def make_photo(seed: int) -> bytes:
    """One 4000x3000 JPEG that compresses like a phone photo, deterministic by ``seed``."""
    rng = random.Random(seed)
    width, height = SIZE
    field = Image.new("RGB", (8, 6))
    field.putdata([tuple(rng.randrange(256) for _ in range(3)) for _ in range(48)])
    image = field.resize(SIZE, Image.Resampling.BICUBIC)
    draw = ImageDraw.Draw(image)
    for _ in range(rng.randrange(30, 80)):
        colour = tuple(rng.randrange(256) for _ in range(3))
        x, y = rng.randrange(width), rng.randrange(height)
        w, h = rng.randrange(40, 1200), rng.randrange(40, 900)
        kind = rng.randrange(3)
        if kind == 0:
            draw.ellipse((x, y, x + w, y + h), fill=colour)
        elif kind == 1:
            draw.rectangle((x, y, x + w, y + h), fill=colour)
        else:
            draw.polygon([(rng.randrange(width), rng.randrange(height)) for _ in range(5)],
                         fill=colour)
    image = image.filter(ImageFilter.GaussianBlur(rng.uniform(1.0, 3.0)))
    for _ in range(rng.randrange(200, 400)):  # sharp detail: leaves, wires, text
        colour = tuple(rng.randrange(256) for _ in range(3))
        x, y = rng.randrange(width), rng.randrange(height)
        draw = ImageDraw.Draw(image)
        draw.line((x, y, x + rng.randrange(-300, 300), y + rng.randrange(-300, 300)),
                  fill=colour, width=rng.randrange(1, 6))
    # Sensor noise, which is what makes photos 3-5 MB: a seeded 1000x750 tile per
    # channel, repeated (JPEG codes each 8x8 block on its own, so a repeat costs the same).
    amplitude = rng.uniform(0.07, 0.13)
    tile = Image.merge("RGB", [
        Image.frombytes("L", (1000, 750), rng.randbytes(750_000)).point(
            lambda v: round(128 + (v - 128) * amplitude)) for _ in range(3)])
    noise = Image.new("RGB", SIZE)
    for left in range(0, width, 1000):
        for top in range(0, height, 750):
            noise.paste(tile, (left, top))
    image = ImageChops.add(image, noise, 1.0, -128)
    exif = Image.Exif()
    exif[0x010F] = "Bench"  # Make
    exif[0x0110] = f"Phone {seed % 7}"  # Model
    if seed % 10 == 3:
        exif[0x0112] = 6  # taken upright: the decoder must turn it
    out = io.BytesIO()
    image.save(out, "JPEG", quality=92, exif=exif.tobytes())
    return out.getvalue()


def photos(count: int) -> list[Path]:
    """``count`` photos in bench/.work/photos/ (made once, then reused)."""
    folder = WORK / f"v{GENERATOR}"
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for seed in range(count):
        path = folder / f"foto-{seed:03d}.jpg"
        if not path.is_file():
            temp = path.with_suffix(".tmp")
            temp.write_bytes(make_photo(seed))
            temp.replace(path)
        paths.append(path)
    return paths


OLD_WIDTHS = (320, 640, 960, 1280)  # encoder 3, before issue 17's photo target


def small_photos(paths: list[Path], count: int) -> list[Path]:
    """Photos as WhatsApp forwards them (long side 1600, JPEG quality 80), landscape
    and portrait, made from the first ``count`` bench photos: officers often get
    their photos that way, and such an image is resized, not divided."""
    folder = WORK / f"v{GENERATOR}"
    made = []
    for index, source in enumerate(paths[:count]):
        size = (1600, 1200) if index % 2 == 0 else (1200, 1600)
        path = folder / f"wa-{index:03d}-{size[0]}x{size[1]}.jpg"
        if not path.is_file():
            with Image.open(source) as image:
                image.draft("RGB", (2000, 1500))
                image = image.convert("RGB")
                if size[0] < size[1]:
                    image = image.crop((250, 0, 1375, 1500))  # a 3:4 portrait part
                image = image.resize(size, Image.Resampling.LANCZOS)
            temp = path.with_suffix(".tmp")
            image.save(temp, "JPEG", quality=80)
            temp.replace(path)
        made.append(path)
    return made


def baseline_variants(info: variants.ImageInfo) -> dict:
    """The pipeline of encoder 3 (before this change): decode at half scale, the
    original as progressive JPEG q88, four Lanczos widths from the previous one, each
    as WebP method 4 and progressive JPEG. Kept here only to measure against."""
    image = variants._open(info.path.read_bytes())
    image.draft("RGB", (image.width // 2, image.height // 2))
    image = ImageOps.exif_transpose(image).convert("RGB")
    made = {(None, "jpg"): _save(image, "JPEG", quality=88, optimize=True, progressive=True)}
    for width in sorted((w for w in OLD_WIDTHS if w < info.width), reverse=True):
        image = image.resize((width, round(info.height * width / info.width)),
                             Image.Resampling.LANCZOS)
        made[(width, "webp")] = _save(image, "WEBP", quality=72, method=4)
        made[(width, "jpg")] = _save(image, "JPEG", quality=78, optimize=True, progressive=True)
    return made


def _save(image: Image.Image, fmt: str, **options: object) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def psnr(variant: bytes, full: Image.Image, step: float | None = None) -> float:
    """PSNR (dB) of a variant against a Lanczos resize of the full-size decode.

    ``step`` is how many source pixels one variant pixel covers: whole for a
    reduction (4000 / 667 is not 6; the reduction by 6 covers 4002 pixels, the last
    box partly), the width ratio for a resize. The last column and row are left out,
    so the reference covers exactly the same source pixels as the variant.
    """
    with Image.open(io.BytesIO(variant)) as opened:
        image = opened.convert("RGB")
    step = step or full.width / image.width
    width, height = image.width - 1, image.height - 1
    reference = full.resize((width, height), Image.Resampling.LANCZOS,
                            box=(0, 0, width * step, height * step))
    diff = ImageStat.Stat(ImageChops.difference(image.crop((0, 0, width, height)), reference))
    mse = sum(diff.sum2) / (3 * width * height)
    return 10 * math.log10(255 * 255 / mse) if mse else 99.0


def cpu(function, *args) -> tuple[float, object]:  # noqa: ANN001
    """CPU milliseconds of one call, and its result."""
    start = time.process_time()
    result = function(*args)
    return (time.process_time() - start) * 1000, result


def timed_baseline(info: variants.ImageInfo) -> tuple[float, dict]:
    """CPU milliseconds of the old pipeline on ``info``, and the files it made."""
    return cpu(baseline_variants, info)


# Phones residents use (CSS px wide, device pixel ratio) and the theme's image slots
# (CSS px wide on such a phone): the content column, the two-column gallery, a thumbnail.
DEVICES = ((360, 2.0), (360, 3.0), (412, 2.0), (412, 2.625), (412, 3.0))
SLOTS = (("cover, calc(100vw - 2rem)", lambda vw: vw - 32),
         ("gallery, 45vw", lambda vw: 0.45 * vw),
         ("thumbnail, 6rem", lambda vw: 96))


def pick(widths: list[int], need: float) -> int:
    """The srcset candidate Chromium loads: the narrowest at least ``need`` device px."""
    return min((w for w in widths if w >= need), default=max(widths))


def quality(info: variants.ImageInfo, new: dict, old: dict) -> tuple[dict, dict]:
    """PSNR (dB) of every WebP variant of both pipelines, by width."""
    with variants._open(info.path.read_bytes()) as opened:
        full = ImageOps.exif_transpose(opened).convert("RGB")
    step = {w: info.reduction * info.divisor(w) if info.by_division else None
            for w in info.widths}
    return ({w: psnr(data, full, step[w]) for (w, e), data in new.items() if e == "webp"},
            {w: psnr(data, full) for (w, e), data in old.items() if e == "webp"})


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=200)
    parser.add_argument("--baseline-every", type=int, default=10,
                        help="also time the old pipeline on every N-th photo (0: never)")
    parser.add_argument("--small", type=int, default=20,
                        help="also time N photos at WhatsApp size (1600x1200, 1200x1600)")
    args = parser.parse_args()
    start = time.perf_counter()
    paths = photos(args.photos)
    sizes = [p.stat().st_size / 1e6 for p in paths]
    print(f"# photo benchmark: {len(paths)} JPEGs of {SIZE[0]}x{SIZE[1]}, "
          f"{min(sizes):.1f}-{max(sizes):.1f} MB (median {statistics.median(sizes):.1f}), "
          f"ready in {time.perf_counter() - start:.0f} s; Pillow {variants.PILLOW_VERSION}, "
          f"encoder {variants.ENCODING}")
    cold, old, new_paired, files, published, old_published = [], [], [], [], [], []
    pairs: list[tuple[variants.ImageInfo, dict[str, dict]]] = []
    kinds: dict[str, list[float]] = {}
    cache = Path(tempfile.mkdtemp(prefix="satudesa-photos-"))
    try:
        for index, path in enumerate(paths):
            info = variants.probe(path)
            assert info is not None, path
            paired = args.baseline_every and index % args.baseline_every == 0
            if paired and index % 2:  # interleave: which one runs first alternates
                ms, old_made = timed_baseline(info)
                old.append(ms)
            # What a build pays on a cache miss: one make_variants, every file stored.
            ms, _ = cpu(variants.cached_variant, cache, info, None, variants.original_ext(info))
            cold.append(ms)
            if paired:
                new_paired.append(ms)
                if not index % 2:
                    ms, old_made = timed_baseline(info)
                    old.append(ms)
                old_published.append(sum(len(b) for b in old_made.values()) / 1e6)
            made = {key: variants.cached_variant(cache, info, *key) for key in
                    [(None, variants.original_ext(info)), *variants.published(info)]}
            assert len(list(cache.glob(f"{variants.cache_digest(info.digest)}-*"))) == len(made)
            files.append(len(made))
            published.append(sum(len(b) for b in made.values()) / 1e6)
            rank = {w: i for i, w in enumerate(info.widths)}
            for (width, ext), data in made.items():
                kind = ("original" if width is None else f"{ext} at the widest"
                        if ext != "webp" else f"webp, width #{rank[width] + 1}")
                kinds.setdefault(kind, []).append(len(data) / 1e3)
            if paired:
                pairs.append((info, {"new": made, "old": old_made}))
        small: dict[str, list[float]] = {}
        for path in small_photos(paths, args.small):
            info = variants.probe(path)
            assert info is not None and not info.by_division, path
            ms, _ = cpu(variants.cached_variant, cache, info, None, variants.original_ext(info))
            small.setdefault(f"{info.width}x{info.height}", []).append(ms)
        cached = []
        for path in paths:
            info = variants.probe(path)
            assert info is not None
            wanted = [(None, variants.original_ext(info)), *variants.published(info)]
            start_cpu = time.process_time()
            for width, ext in wanted:
                variants.cached_variant(cache, info, width, ext)
            cached.append((time.process_time() - start_cpu) * 1000)
    finally:
        shutil.rmtree(cache, ignore_errors=True)

    def row(what: str, values: list[float], note: str = "") -> None:
        print(f"{what:<44} median {statistics.median(values):7.1f} ms  "
              f"p90 {sorted(values)[min(len(values) - 1, int(len(values) * 0.9))]:7.1f} ms  {note}")

    row(f"cold, all variants ({len(cold)} photos)", cold,
        f"{statistics.median(files):.0f} files, {statistics.median(published):.2f} MB published")
    if old:
        row(f"  same photos, new pipeline ({len(new_paired)})", new_paired)
        row(f"  same photos, old pipeline ({len(old)})", old,
            f"encoder 3, 9 files, {statistics.median(old_published):.2f} MB published")
    for size, values in small.items():
        row(f"  WhatsApp size, {size} ({len(values)})", values, "resized, not divided")
    row("cached, all variants", cached, "reading the cache")
    print()
    verdict = "ok" if statistics.median(cold) <= TARGET_MS else "MISSED"
    print(f"  cold cost per photo     {statistics.median(cold):6.1f} ms CPU  "
          f"target <= {TARGET_MS:.0f} ms  {verdict}")
    if old:
        ratios = [o / n for o, n in zip(old, new_paired, strict=True)]
        print(f"  new vs old (paired)     {statistics.median(ratios):6.1f}x less CPU "
              f"(range {min(ratios):.1f}-{max(ratios):.1f}x over {len(ratios)} photos)")
    print("\nfiles per photo, median KB:")
    for kind, values in sorted(kinds.items()):
        print(f"  {kind:<22} {median(values):7.1f} KB")
    if not pairs:
        return
    print(f"\nWebP variants, median over the {len(pairs)} paired photos "
          "(PSNR against a Lanczos resize of the full-size decode):")
    scores = [dict(zip(("new", "old"), quality(info, made["new"], made["old"]), strict=True))
              for info, made in pairs]

    def webp(made: dict) -> list[int]:
        return sorted(w for (w, e) in made if e == "webp" and w)

    for label in ("old", "new"):
        cells = []
        for width in sorted({w for _, made in pairs for w in webp(made[label])}):
            kb = [len(made[label][(width, "webp")]) / 1e3 for _, made in pairs
                  if (width, "webp") in made[label]]
            db = [score[label][width] for score in scores if width in score[label]]
            cells.append(f"{width}w {median(kb):.1f} KB {median(db):.1f} dB")
        print(f"  {label}: " + ", ".join(cells))
    print("\nbytes a phone loads per image (the width Chromium picks; median over the "
          "paired photos):")
    print(f"  {'slot':<26} {'phone':<9} {'old':>15} {'new':>15}  change")
    for slot, css in SLOTS:
        for vw, dpr in DEVICES:
            need = css(vw) * dpr
            got = {}
            for label in ("old", "new"):
                chosen = [pick(webp(made[label]), need) for _, made in pairs]
                kb = [len(made[label][(w, "webp")]) / 1e3
                      for w, (_, made) in zip(chosen, pairs, strict=True)]
                got[label] = (statistics.median(chosen), statistics.median(kb))
            change = got["new"][1] / got["old"][1] - 1
            print(f"  {slot:<26} {vw}@{dpr:<5g} {got['old'][0]:>5.0f}w {got['old'][1]:5.1f} KB "
                  f"{got['new'][0]:>5.0f}w {got['new'][1]:5.1f} KB  {change:+.0%}")


if __name__ == "__main__":
    main()
