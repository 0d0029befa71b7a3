"""Do both pre-compressed copies pay? Build CPU and inodes against bytes and round trips.

    python bench/compression_variants.py [--site PATH]

Builds the sample corpus once without post-build hooks (into a temporary folder),
then, over every text file the build compresses (1 KB or more), measures on one
core: the CPU of gzip (libdeflate 6) and of Brotli 5 as ``compress.py`` runs
them, the bytes each sends, the time to create the extra files on the disk and
on a tmpfs, and what a resident gains from Brotli over gzip: bytes, and TCP
round trips of a cold connection (slow start from an initial window of 10
segments of 1,460 bytes, doubling each round trip, as Linux servers do).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from satudesa.build import compress  # noqa: E402
from satudesa.build.engine import NO_POSTBUILD_ENV, build_fast  # noqa: E402

SEGMENT = 1460
BROTLI_QUALITY = 5  # what the .br copies used until issue 17 (docs/deploy.md, levels table)


def brotli_window(size: int) -> int:
    """Brotli ``lgwin`` whose window just holds ``size`` bytes (as the .br copies used)."""
    return max(10, min(24, (size + 15).bit_length()))


INITIAL_WINDOW = 10


def round_trips(size: int) -> int:
    """Round trips a body of ``size`` bytes needs on a new connection (slow start)."""
    sent, window, trips = 0, INITIAL_WINDOW * SEGMENT, 0
    while sent < size:
        sent += window
        window *= 2
        trips += 1
    return max(trips, 1)


def texts(root: Path) -> list[Path]:
    """The files the build would give copies to."""
    return sorted(p for p in root.rglob("*") if p.is_file()
                  and p.suffix.lower() in compress.TEXT_SUFFIXES
                  and p.stat().st_size >= compress.MIN_SIZE)


def cpu(fn) -> float:
    start = time.process_time()
    fn()
    return time.process_time() - start


def create_cost(folder: Path, payloads: list[bytes]) -> float:
    """Wall seconds to create one file per payload in a fresh folder (then removed)."""
    folder.mkdir(parents=True)
    start = time.perf_counter()
    for number, data in enumerate(payloads):
        with open(folder / f"f{number}.br", "xb") as handle:
            handle.write(data)
    os.sync()
    seconds = time.perf_counter() - start
    shutil.rmtree(folder)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path,
                        default=REPO / "bench" / ".work" / "corpus-plain-100-sample-10")
    args = parser.parse_args()
    os.environ.setdefault("SATUDESA_NOW", "2026-11-25T12:00:00+07:00")
    os.environ[NO_POSTBUILD_ENV] = "1"
    with tempfile.TemporaryDirectory(dir="/dev/shm") as tmp:
        out = Path(tmp) / "out"
        build_fast(args.site, out, jobs=1)
        files = texts(out)
        data = [p.read_bytes() for p in files]
    villages = len([p for p in args.site.joinpath("villages").glob("*.yml")])
    import brotli
    import deflate

    gz_cpu = cpu(lambda: [deflate.gzip_compress(d, compress.GZIP_LEVEL) for d in data])
    br_cpu = cpu(lambda: [brotli.compress(d, mode=brotli.MODE_TEXT,
                                          quality=BROTLI_QUALITY,
                                          lgwin=brotli_window(len(d))) for d in data])
    gz = [bytes(deflate.gzip_compress(d, compress.GZIP_LEVEL)) for d in data]
    br = [brotli.compress(d, mode=brotli.MODE_TEXT, quality=BROTLI_QUALITY,
                          lgwin=brotli_window(len(d))) for d in data]
    html = [i for i, p in enumerate(files) if p.suffix == ".html"]
    raw_total, gz_total, br_total = sum(map(len, data)), sum(map(len, gz)), sum(map(len, br))
    fewer_trips = [i for i in range(len(data)) if round_trips(len(br[i])) < round_trips(len(gz[i]))]
    more_than_one = [i for i in range(len(data)) if round_trips(len(gz[i])) > 1]
    saved = [len(gz[i]) - len(br[i]) for i in html]
    disk = create_cost(REPO / "bench" / ".work" / f"inodes-{os.getpid()}", br)
    with tempfile.TemporaryDirectory(dir="/dev/shm") as tmp:
        ram = create_cost(Path(tmp) / "f", br)
    print(f"# pre-compressed copies: {villages} villages, {len(data)} text files >= "
          f"{compress.MIN_SIZE} B ({len(html)} HTML), {time.strftime('%Y-%m-%d %H:%M')}")
    print(f"plain bytes            {raw_total:>11,}")
    print(f"gzip 6 (libdeflate)    {gz_total:>11,}  {gz_total / raw_total:.3f} of plain, "
          f"CPU {gz_cpu * 1000 / villages:.1f} ms per village")
    print(f"Brotli 5               {br_total:>11,}  {br_total / raw_total:.3f} of plain, "
          f"CPU {br_cpu * 1000 / villages:.1f} ms per village, "
          f"{(gz_total - br_total) / gz_total:.1%} fewer bytes than gzip")
    saved.sort()
    print(f"HTML page, Brotli saves over gzip: median {saved[len(saved) // 2]} B, "
          f"90th percentile {saved[len(saved) * 9 // 10]} B, max {saved[-1]} B")
    print(f"files whose gzip copy needs more than one round trip: {len(more_than_one)} "
          f"of {len(data)}; files where Brotli saves a round trip: {len(fewer_trips)}")
    for i in fewer_trips[:5]:
        print(f"  {files[i].name}: {len(data[i]):,} B plain, gzip {len(gz[i]):,}, "
              f"Brotli {len(br[i]):,}")
    print(f"creating the {len(br)} .br files: {disk:.2f} s on the disk "
          f"({disk / len(br) * 1e6:.0f} us each, synced), {ram:.2f} s on tmpfs "
          f"({ram / len(br) * 1e6:.0f} us each)")
    print(f"per village: {len(br) / villages:.0f} .br inodes, "
          f"{(br_cpu + ram) * 1000 / villages:.1f} ms CPU+create on tmpfs")


if __name__ == "__main__":
    main()
