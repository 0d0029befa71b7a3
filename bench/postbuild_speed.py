"""Post-build hooks per village (Pagefind index, .gz/.br copies): before against after.

    taskset -c 0 python bench/postbuild_speed.py                 # hooks, cold and one edit
    taskset -c 0 python bench/postbuild_speed.py --levels        # plus the levels table

The sample corpus (``bench/.work/corpus-plain-100-sample-10``, or ``--site``) is
built once without the hooks (``SATUDESA_BENCH_NO_POSTBUILD=1``) into ``--raw``;
then, in this one process, every village folder is copied afresh (not timed) and
each hook runs on it, the previous implementation and the current one in turn, so
machine noise hits both alike. "before" is the code as it was (Pagefind parsing
every HTML file, then gzip 9 and Brotli 7 beside every text file of 256 bytes or
more, checked and written one path at a time), kept here for the comparison; it
runs over today's templates, which mark three fewer pages per village for search.
Figures are medians over ``--repeat`` runs, in milliseconds per village; run it
under ``taskset -c 0`` for single-core figures (Pagefind is multi-threaded).

"one edit" is an incremental rebuild: the previous published folder (hooks done),
and a new folder of hard links to its pages with one berita page rewritten.
"""

from __future__ import annotations

import argparse
import gzip
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import brotli

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from satudesa import compress, search  # noqa: E402
from satudesa.compress import TEXT_SUFFIXES, compress_tree  # noqa: E402
from satudesa.search import FOLDER, _binary, prune, start_index  # noqa: E402

NOW = "2026-11-25T12:00:00+07:00"


# -- before: the hooks as they were -------------------------------------------------

def before_index(folder: Path) -> None:
    """Pagefind over every HTML file (it keeps the data-pagefind-body ones)."""
    subprocess.run([_binary(), "--site", str(folder), "--silent"], check=True,
                   capture_output=True)
    prune(folder / FOLDER)


def _before_compress_file(path: Path) -> None:
    data = path.read_bytes()
    packs = (gzip.compress(data, compresslevel=9, mtime=0),
             brotli.compress(data, mode=brotli.MODE_TEXT, quality=7))
    for suffix, packed in zip((".gz", ".br"), packs, strict=True):
        target = path.with_name(path.name + suffix)
        if len(data) >= 256 and len(packed) < len(data):
            temp = target.with_name(f".{target.name}.tmp")
            temp.write_bytes(packed)
            os.replace(temp, target)
        elif target.exists():
            target.unlink()


def _before_reuse(old: Path, path: Path) -> bool:
    if not compress.same_bytes(old, path):
        return False
    copies = [old.with_name(old.name + suffix) for suffix in (".gz", ".br")]
    if not all(c.is_file() for c in copies) and path.stat().st_size >= 256:
        return False
    for copy in copies:
        target = path.with_name(copy.name)
        if copy.is_file():
            compress.link_file(copy, target)
        else:
            target.unlink(missing_ok=True)
    return True


def before_compress(folder: Path, previous: Path | None = None) -> None:
    """The old ``compress_tree``: os.walk, pathlib, a read and stats per copy."""
    for root, _dirs, files in os.walk(folder):
        here = Path(root)
        for name in files:
            path = here / name
            if path.suffix.lower() not in TEXT_SUFFIXES or path.is_symlink():
                continue
            old = previous / path.relative_to(folder) if previous is not None else None
            if old is None or not _before_reuse(old, path):
                _before_compress_file(path)


def before_hooks(folder: Path, previous: Path | None) -> None:
    """Old ``finish_village``: index, then compress everything (index files included)."""
    before_index(folder)
    if previous is not None and (previous / FOLDER).is_dir():
        out = folder / FOLDER
        for path in out.rglob("*"):
            old = previous / FOLDER / path.relative_to(out)
            if path.is_file() and compress.same_bytes(old, path):
                compress.link_file(old, path)
    before_compress(folder, previous)


# -- after: the current hooks, one at a time and together ---------------------------

def after_index(folder: Path, previous: Path | None = None) -> None:
    start_index(folder, previous).wait()


def after_compress(folder: Path, previous: Path | None = None) -> None:
    compress_tree(folder, skip=(folder / FOLDER,), previous=previous)
    if (folder / FOLDER).is_dir():
        compress_tree(folder / FOLDER,
                      previous=None if previous is None else previous / FOLDER)


def after_hooks(folder: Path, previous: Path | None) -> None:
    """``postbuild.finish_village`` without its Site arguments (same calls)."""
    indexing = start_index(folder, previous)
    try:
        compress_tree(folder, skip=(folder / FOLDER,), previous=previous)
    finally:
        indexing.wait()
    if (folder / FOLDER).is_dir():
        compress_tree(folder / FOLDER,
                      previous=None if previous is None else previous / FOLDER)


# -- measuring ------------------------------------------------------------------------

def clock() -> tuple[float, float]:
    """(wall, CPU of this process and its waited-for children) in seconds."""
    t = os.times()
    return time.perf_counter(), t.user + t.system + t.children_user + t.children_system


def timed(step: Callable[[], None]) -> tuple[float, float]:
    wall0, cpu0 = clock()
    step()
    wall1, cpu1 = clock()
    return (wall1 - wall0) * 1000, (cpu1 - cpu0) * 1000


def fresh_copy(raw: Path, scratch: Path, name: str) -> Path:
    target = scratch / name
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(raw, target)
    return target


def edited_copy(published: Path, scratch: Path, name: str) -> Path:
    """Hard links to ``published``'s pages (as the engine makes), one berita rewritten."""
    target = scratch / name
    shutil.rmtree(target, ignore_errors=True)
    for root, dirs, files in os.walk(published):
        rel = Path(root).relative_to(published)
        if rel.parts[:1] == (FOLDER,):
            dirs[:] = []
            continue
        (target / rel).mkdir(parents=True, exist_ok=True)
        for name_ in files:
            if not name_.endswith((".gz", ".br")):
                os.link(Path(root, name_), target / rel / name_)
    post = sorted(p for p in (target / "berita").glob("*/index.html")
                  if p.parent.name not in ("page", "tag", "arsip"))[0]
    text = post.read_text(encoding="utf-8").replace("</article>", "<p>Ralat.</p></article>", 1)
    post.unlink()  # a new inode, as the engine writes
    post.write_text(text, encoding="utf-8")
    return target


def build_raw(site: Path, raw: Path) -> None:
    env = {**os.environ, "SATUDESA_NOW": NOW, "SATUDESA_BENCH_NO_POSTBUILD": "1"}
    subprocess.run([sys.executable, "-m", "flask", "--app", str(REPO / "app.py"), "build",
                    "--site", str(site), "--out", str(raw), "--jobs", "1"],
                   env=env, cwd=REPO, check=True, capture_output=True)


def village_folders(raw: Path) -> list[Path]:
    return sorted(p for p in raw.iterdir() if p.is_dir() and (p / "cari").is_dir())


def measure_hooks(villages: list[Path], scratch: Path, repeat: int) -> None:
    rows: dict[str, list[tuple[float, float]]] = {}

    def add(key: str, figures: tuple[float, float]) -> None:
        rows.setdefault(key, []).append(figures)

    for _ in range(repeat):
        for village in villages:
            for label, index, squeeze, together in (
                    ("before", before_index, before_compress, before_hooks),
                    ("after", after_index, after_compress, after_hooks)):
                folder = fresh_copy(village, scratch, "v")
                add(f"{label} search", timed(lambda f=folder, i=index: i(f)))
                add(f"{label} compress", timed(lambda f=folder, s=squeeze: s(f)))
                folder = fresh_copy(village, scratch, "v")
                add(f"{label} both", timed(lambda f=folder, t=together: t(f, None)))
                published = folder  # this village as published by this implementation
                edited = edited_copy(published, scratch, "e")
                add(f"{label} one edit", timed(
                    lambda e=edited, p=published, t=together: t(e, p)))

    def med(key: str, which: int) -> float:
        per_run = [rows[key][i][which] for i in range(len(rows[key]))]
        # per village: the median over repeats of each village, then the mean
        n = len(villages)
        by_village = [statistics.median(per_run[v::n]) for v in range(n)]
        return statistics.fmean(by_village)

    print(f"{'ms per village (mean of per-village medians)':<44}{'before':>9}{'after':>9}"
          f"{'ratio':>8}   CPU ms before/after, ratio")
    for step in ("search", "compress", "both", "one edit"):
        b, a = med(f"before {step}", 0), med(f"after {step}", 0)
        bc, ac = med(f"before {step}", 1), med(f"after {step}", 1)
        note = {"search": "Pagefind alone", "compress": ".gz + .br alone",
                "both": "finish_village, cold", "one edit": "finish_village, one berita edited"}
        print(f"  {step:<12}{note[step]:<30}{b:9.1f}{a:9.1f}{b / a:7.2f}x"
              f"   {bc:7.1f} {ac:7.1f} {bc / ac:5.2f}x")


# -- the levels table -----------------------------------------------------------------

def levels_table(villages: list[Path], scratch: Path, repeat: int) -> None:
    """Bytes against CPU for each level on every text file of the indexed sample."""
    datas: list[bytes] = []
    for village in villages:
        folder = fresh_copy(village, scratch, "v")
        after_index(folder)
        for path in folder.rglob("*"):
            if path.suffix in TEXT_SUFFIXES and path.is_file():
                datas.append(path.read_bytes())
    plain = sum(len(d) for d in datas)
    big = [d for d in datas if len(d) >= compress.MIN_SIZE]
    small = [d for d in datas if 256 <= len(d) < compress.MIN_SIZE]
    print(f"\n{len(datas)} text files, {plain} bytes in {len(villages)} villages "
          f"({len(small)} files of 256-1023 bytes, {sum(map(len, small))} bytes)")
    candidates: list[tuple[str, Callable[[bytes], bytes]]] = [
        ("gzip 9", lambda d: gzip.compress(d, compresslevel=9, mtime=0)),
        ("gzip 6", lambda d: gzip.compress(d, compresslevel=6, mtime=0)),
        ("gzip 4", lambda d: gzip.compress(d, compresslevel=4, mtime=0)),
    ]
    for quality in (7, 6, 5, 4):
        candidates.append((f"brotli {quality}", lambda d, q=quality: brotli.compress(
            d, mode=brotli.MODE_TEXT, quality=q)))
        candidates.append((f"brotli {quality}, window sized to the file",
                           lambda d, q=quality: brotli.compress(
                               d, mode=brotli.MODE_TEXT, quality=q,
                               lgwin=compress._window(len(d)))))
    print(f"{'files of 1 KB and more':<42}{'ms/village':>11}{'bytes':>11}{'of plain':>9}")
    for name, fn in candidates:
        times = []
        for _ in range(repeat):
            start = time.process_time()
            size = sum(len(fn(d)) for d in big)
            times.append(time.process_time() - start)
        print(f"  {name:<40}{min(times) * 1000 / len(villages):11.1f}{size:11d}"
              f"{size / sum(map(len, big)):9.3f}")
    saved_gz = sum(len(d) - len(gzip.compress(d, 6, mtime=0)) for d in small)
    print(f"  files of 256-1023 bytes: gzip 6 would save {saved_gz} bytes in {len(small)} "
          f"files ({saved_gz / max(1, len(small)):.0f} bytes a file)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--site", type=Path,
                        default=REPO / "bench" / ".work" / "corpus-plain-100-sample-10")
    parser.add_argument("--raw", type=Path, default=Path(tempfile.gettempdir()) / "pb-raw",
                        help="the build without hooks (made when missing)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--levels", action="store_true", help="also print the levels table")
    args = parser.parse_args()
    if not args.raw.is_dir():
        build_raw(args.site, args.raw)
    villages = village_folders(args.raw)
    affinity = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else "?"
    print(f"# post-build hooks: {len(villages)} villages of {args.raw}, repeat {args.repeat}, "
          f"{affinity} core(s), {time.strftime('%Y-%m-%d %H:%M')}")
    print(f"# after: gzip {compress.GZIP_LEVEL}, Brotli {compress.BROTLI_QUALITY}, "
          f"copies from {compress.MIN_SIZE} bytes; {search.__name__}.start_index")
    with tempfile.TemporaryDirectory(prefix="pb-bench-") as scratch:
        measure_hooks(villages, Path(scratch), args.repeat)
        if args.levels:
            levels_table(villages, Path(scratch), args.repeat)


if __name__ == "__main__":
    main()
