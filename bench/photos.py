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
* the same photos with the previous pipeline (full decode, full-size original),
  interleaved with the new one on every ``--baseline-every``-th photo, so the
  ratio comes from the same minutes of the same machine;
* cached: ``cached_variant`` for every variant once the cache holds them (what a
  ``--force`` build pays).

CPU time is ``time.process_time()`` of this process (Pillow's codecs here are
single-threaded), so other agents' load on the machine does not count.
"""

from __future__ import annotations

import argparse
import io
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageOps

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


def baseline_variants(info: variants.ImageInfo) -> dict:
    """The pipeline before issue 17 (encoder 1): full decode, full-size original, each
    width resized from the previous one. Kept here only to measure against."""
    image = variants._open(info.path.read_bytes())
    image = ImageOps.exif_transpose(image)
    mode = "RGBA" if info.fallback == "png" else "RGB"
    image = image.convert(mode) if image.mode != mode else image
    ext = variants.original_ext(info)
    made = {(None, ext): variants._encode(image, ext, variants.ORIGINAL_QUALITY)}
    for width in sorted(info.widths, reverse=True):
        if width < image.width:
            image = image.resize((width, info.height_at(width)), Image.Resampling.LANCZOS)
        for e in ("webp", info.fallback):
            made[(width, e)] = variants._encode(image, e, variants._quality(width, e))
    return made


def cpu(function, *args) -> tuple[float, object]:  # noqa: ANN001
    """CPU milliseconds of one call, and its result."""
    start = time.process_time()
    result = function(*args)
    return (time.process_time() - start) * 1000, result


def timed_baseline(info: variants.ImageInfo, into: list[float]) -> float:
    """CPU milliseconds of the old pipeline on ``info``; its published MB go to ``into``."""
    ms, made = cpu(baseline_variants, info)
    into.append(sum(len(b) for b in made.values()) / 1e6)  # type: ignore[union-attr]
    return ms


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=200)
    parser.add_argument("--baseline-every", type=int, default=10,
                        help="also time the old pipeline on every N-th photo (0: never)")
    args = parser.parse_args()
    start = time.perf_counter()
    paths = photos(args.photos)
    sizes = [p.stat().st_size / 1e6 for p in paths]
    print(f"# photo benchmark: {len(paths)} JPEGs of {SIZE[0]}x{SIZE[1]}, "
          f"{min(sizes):.1f}-{max(sizes):.1f} MB (median {statistics.median(sizes):.1f}), "
          f"ready in {time.perf_counter() - start:.0f} s; Pillow {variants.PILLOW_VERSION}, "
          f"encoder {variants.ENCODING}")
    cold, old, new_paired, files, published, old_published = [], [], [], [], [], []
    cache = Path(tempfile.mkdtemp(prefix="satudesa-photos-"))
    try:
        for index, path in enumerate(paths):
            info = variants.probe(path)
            assert info is not None, path
            paired = args.baseline_every and index % args.baseline_every == 0
            if paired and index % 2:  # interleave: which one runs first alternates
                old.append(timed_baseline(info, old_published))
            # What a build pays on a cache miss: one make_variants, every file stored.
            ms, _ = cpu(variants.cached_variant, cache, info, None, variants.original_ext(info))
            cold.append(ms)
            if paired:
                new_paired.append(ms)
                if not index % 2:
                    old.append(timed_baseline(info, old_published))
            made = list(cache.glob(f"{variants.cache_digest(info.digest)}-*"))
            files.append(len(made))
            published.append(sum(p.stat().st_size for p in made) / 1e6)
        cached = []
        for path in paths:
            info = variants.probe(path)
            assert info is not None
            wanted = [(None, variants.original_ext(info))] + [
                (w, e) for w in info.widths for e in ("webp", info.fallback)]
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
            f"full decode, full-size original (encoder 1), "
            f"{statistics.median(old_published):.2f} MB published")
    row("cached, all variants", cached, "reading the cache")
    print()
    verdict = "ok" if statistics.median(cold) <= TARGET_MS else "MISSED"
    print(f"  cold cost per photo     {statistics.median(cold):6.1f} ms CPU  "
          f"target <= {TARGET_MS:.0f} ms  {verdict}")
    if old:
        ratios = [o / n for o, n in zip(old, new_paired, strict=True)]
        print(f"  new vs old (paired)     {statistics.median(ratios):6.1f}x less CPU "
              f"(range {min(ratios):.1f}-{max(ratios):.1f}x over {len(ratios)} photos)")


if __name__ == "__main__":
    main()
