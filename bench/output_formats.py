"""Writing one built village as many files against one archive: what national scale costs.

    python bench/output_formats.py bench/.work/out-dask          # every village under it
    python bench/output_formats.py bench/.work/out-dask --rounds 3 --villages 8

Reads the built villages into memory, then, per round and in turn, writes each
of them into a fresh folder as (a) its ~800 files, (b) the same with an
``fsync`` per file (what a file system that commits every create and close,
such as NFS with ``sync`` exports, makes each file cost), (c) one uncompressed
tar (its files are already compressed) and (d) one stored zip, the archives
with one ``fsync`` each. Prints files/s and MB/s per way, and the ratios to (a).
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import statistics
import tarfile
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

Village = list[tuple[str, bytes]]


def read_village(folder: Path) -> Village:
    """Every file of a built village, by path relative to it."""
    return [(p.relative_to(folder).as_posix(), p.read_bytes())
            for p in sorted(folder.rglob("*")) if p.is_file()]


def as_files(village: Village, dest: Path, sync: bool) -> None:
    made: set[str] = set()
    for name, data in village:
        folder = os.path.dirname(name)
        if folder not in made:
            os.makedirs(dest / folder, exist_ok=True)
            made.add(folder)
        with open(dest / name, "xb") as handle:
            handle.write(data)
            if sync:
                handle.flush()
                os.fsync(handle.fileno())


def as_tar(village: Village, dest: Path) -> None:
    with open(dest.with_suffix(".tar"), "xb") as handle:
        with tarfile.open(fileobj=handle, mode="w") as tar:
            for name, data in village:
                info = tarfile.TarInfo(name)
                info.size = len(data)
                info.mtime = 0
                tar.addfile(info, io.BytesIO(data))
        handle.flush()
        os.fsync(handle.fileno())


def as_zip(village: Village, dest: Path) -> None:
    with open(dest.with_suffix(".zip"), "xb") as handle:
        with zipfile.ZipFile(handle, "w", zipfile.ZIP_STORED) as archive:
            for name, data in village:
                archive.writestr(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), data)
        handle.flush()
        os.fsync(handle.fileno())


WAYS: dict[str, Callable[[Village, Path], None]] = {
    "files": lambda v, d: as_files(v, d, sync=False),
    "files, fsync each": lambda v, d: as_files(v, d, sync=True),
    "one tar, fsync": as_tar,
    "one zip, fsync": as_zip,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tree", type=Path, help="a built tree (build/ or a bench output)")
    parser.add_argument("--villages", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--scratch", type=Path, default=None,
                        help="where to write (default: beside the tree, same file system)")
    args = parser.parse_args()
    folders = sorted(p for p in args.tree.iterdir() if p.is_dir()
                     and (p / "index.html").is_file())[:args.villages]
    villages = [read_village(folder) for folder in folders]
    files = sum(len(v) for v in villages)
    size = sum(len(data) for v in villages for _name, data in v)
    print(f"# {len(villages)} villages, {files} files, {size / 1e6:.1f} MB, "
          f"{args.rounds} rounds, {time.strftime('%Y-%m-%d %H:%M')}")
    seconds: dict[str, list[float]] = {way: [] for way in WAYS}
    scratch = args.scratch or args.tree.parent
    for round_ in range(args.rounds):
        order = list(WAYS) if round_ % 2 == 0 else list(reversed(WAYS))
        for way in order:
            with tempfile.TemporaryDirectory(dir=scratch, prefix=".formats-") as tmp:
                os.sync()
                start = time.perf_counter()
                for i, village in enumerate(villages):
                    WAYS[way](village, Path(tmp) / f"v{i}")
                seconds[way].append(time.perf_counter() - start)
                shutil.rmtree(tmp)
    base = statistics.median(seconds["files"])
    print("| way | seconds (median) | files/s | MB/s | vs files |")
    print("|---|---:|---:|---:|---:|")
    for way, runs in seconds.items():
        median = statistics.median(runs)
        print(f"| {way} | {median:.3f} | {files / median:,.0f} | {size / 1e6 / median:,.0f} | "
              f"{median / base:.2f}x |")


if __name__ == "__main__":
    main()
