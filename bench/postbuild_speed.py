"""Post-build hooks per village (Pagefind index, .gz/.br copies): before against after.

    taskset -c 0 python bench/postbuild_speed.py                 # hooks, cold and one edit
    taskset -c 0 python bench/postbuild_speed.py --levels        # plus the levels table

The sample corpus (``bench/.work/corpus-plain-100-sample-10``, or ``--site``) is
built once without the hooks (``SATUDESA_BENCH_NO_POSTBUILD=1``) into ``--raw``;
then, in this one process, each round links fresh copies of every village folder
(not timed; a sync after, so the copies' writes do not land in the hooks' time) and
runs each hook on them, the previous implementation and the current one in turn,
village by village, so machine noise hits both alike. "before" is the code as it
was (Pagefind parsing every HTML file, then gzip 9 and Brotli 7 beside every text
file of 256 bytes or more, checked and written one path at a time), kept here for
the comparison; it runs over today's templates, which mark a few fewer pages per
village for search.
Figures are medians over ``--repeat`` runs, in milliseconds per village; run it
under ``taskset -c 0`` for single-core figures (Pagefind is multi-threaded).

"one edit" is an incremental rebuild: the previous published folder (hooks done),
and a new folder of hard links to its pages with one berita page rewritten.
"re-render" is a rebuild that wrote every page again with the same bytes (as when
the build date, part of every village key, changes overnight).
"""

from __future__ import annotations

import argparse
import gzip
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import brotli
import deflate

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from satudesa.build import compress  # noqa: E402
from satudesa.build.compress import TEXT_SUFFIXES, compress_tree  # noqa: E402
from satudesa.build.pagefind import FOLDER, MARKER, _binary, index_village, prune  # noqa: E402

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
    index_village(folder, previous)


def after_compress(folder: Path, previous: Path | None = None) -> None:
    compress_tree(folder, skip=(folder / FOLDER,), previous=previous)
    if (folder / FOLDER).is_dir():
        compress_tree(folder / FOLDER,
                      previous=None if previous is None else previous / FOLDER)


def after_hooks(folder: Path, previous: Path | None) -> None:
    """``postbuild.finish_village`` without its Site arguments (the same calls)."""
    pages: list[str] = []
    compress_tree(folder, skip=(folder / FOLDER,), previous=previous, find=(MARKER, pages))
    index_village(folder, previous, pages)
    if (folder / FOLDER).is_dir():
        compress_tree(folder / FOLDER,
                      previous=None if previous is None else previous / FOLDER)


# -- measuring ------------------------------------------------------------------------

def clock() -> tuple[float, float, float]:
    """(wall, user CPU, system CPU) in seconds, this process and its waited-for children."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(
        resource.RUSAGE_CHILDREN)
    return time.perf_counter(), me.ru_utime + kids.ru_utime, me.ru_stime + kids.ru_stime


def timed(step: Callable[[], None]) -> tuple[float, float, float]:
    """Milliseconds of (wall, user CPU, system CPU) that ``step`` took."""
    before = clock()
    step()
    after = clock()
    return tuple((b - a) * 1000 for a, b in zip(before, after, strict=True))  # type: ignore[return-value]


def link_copy(source: Path, target: Path, edit: bool = False, rewrite: bool = False) -> Path:
    """``source`` as the engine leaves it: pages linked, no .gz/.br, no index.

    Linking is safe because the hooks never write into a file, they only add files.
    With ``edit``, the first berita is rewritten (a new inode, as the engine writes);
    with ``rewrite``, every HTML page is (the same bytes, new inodes: a re-render).
    """
    for root, dirs, files in os.walk(source):
        rel = Path(root).relative_to(source)
        if rel.parts[:1] == (FOLDER,):
            dirs[:] = []
            continue
        (target / rel).mkdir(parents=True, exist_ok=True)
        for name in files:
            if rewrite and name.endswith(".html"):
                shutil.copyfile(Path(root, name), target / rel / name)
            elif not name.endswith((".gz", ".br")):
                os.link(Path(root, name), target / rel / name)
    if edit:
        post = sorted(p for p in (target / "berita").glob("*/index.html")
                      if p.parent.name not in ("page", "tag", "arsip"))[0]
        text = post.read_text(encoding="utf-8").replace("</article>",
                                                         "<p>Ralat.</p></article>", 1)
        post.unlink()
        post.write_text(text, encoding="utf-8")
    return target


def build_raw(site: Path, raw: Path) -> None:
    env = {**os.environ, "SATUDESA_NOW": NOW, "SATUDESA_BENCH_NO_POSTBUILD": "1"}
    subprocess.run([sys.executable, "-m", "flask", "--app", str(REPO / "app.py"), "build",
                    "--site", str(site), "--out", str(raw), "--jobs", "1"],
                   env=env, cwd=REPO, check=True, capture_output=True)


def village_folders(raw: Path) -> list[Path]:
    return sorted(p for p in raw.iterdir() if p.is_dir() and (p / "cari").is_dir())


IMPLEMENTATIONS = {"before": (before_index, before_compress, before_hooks),
                   "after": (after_index, after_compress, after_hooks)}
STEPS = {"search": "Pagefind alone", "compress": ".gz + .br alone",
         "both": "finish_village, cold", "one edit": "finish_village, 1 berita edited",
         "re-render": "finish_village, same pages"}


def measure_hooks(villages: list[Path], scratch: Path, repeat: int) -> None:
    """Each round links fresh copies first and syncs, so only the hooks are timed."""
    rows: dict[tuple[str, str, int], list[tuple[float, float, float]]] = {}
    for round_ in range(repeat):
        work = scratch / f"r{round_}"
        copies = {(label, kind, v): link_copy(village, work / f"{label}-{kind}-{v}")
                  for v, village in enumerate(villages)
                  for label in IMPLEMENTATIONS for kind in ("split", "both")}
        os.sync()
        for v in range(len(villages)):
            for label, (index, squeeze, together) in IMPLEMENTATIONS.items():
                folder = copies[label, "split", v]
                rows.setdefault((label, "search", v), []).append(
                    timed(lambda f=folder, i=index: i(f)))
                rows.setdefault((label, "compress", v), []).append(
                    timed(lambda f=folder, s=squeeze: s(f)))
                folder = copies[label, "both", v]
                rows.setdefault((label, "both", v), []).append(
                    timed(lambda f=folder, t=together: t(f, None)))
        for step, change in (("one edit", {"edit": True}), ("re-render", {"rewrite": True})):
            new = {(label, v): link_copy(copies[label, "both", v],
                                         work / f"{label}-{step[:3]}-{v}", **change)
                   for v in range(len(villages)) for label in IMPLEMENTATIONS}
            os.sync()
            for v in range(len(villages)):
                for label, (_index, _squeeze, together) in IMPLEMENTATIONS.items():
                    rows.setdefault((label, step, v), []).append(timed(
                        lambda e=new[label, v], p=copies[label, "both", v], t=together:
                        t(e, p)))
        shutil.rmtree(work)
        os.sync()

    def figure(label: str, step: str, which: int) -> float:
        """Mean over villages of each village's median over the rounds."""
        return statistics.fmean(statistics.median(r[which] for r in rows[label, step, v])
                                for v in range(len(villages)))

    print(f"{'ms per village':<46}{'before':>8}{'after':>8}{'ratio':>7}"
          f"   user CPU before/after    system CPU before/after")
    for step, note in STEPS.items():
        b, a = figure("before", step, 0), figure("after", step, 0)
        bu, au = figure("before", step, 1), figure("after", step, 1)
        bs, as_ = figure("before", step, 2), figure("after", step, 2)
        print(f"  {step:<10}{note:<34}{b:8.1f}{a:8.1f}{b / a:6.2f}x"
              f"   {bu:6.1f} {au:6.1f} {bu / max(au, 0.1):5.2f}x"
              f"       {bs:6.1f} {as_:6.1f}")


# -- the levels table -----------------------------------------------------------------

def levels_table(villages: list[Path], scratch: Path, repeat: int) -> None:
    """Bytes against CPU for each level on every text file of the indexed sample."""
    datas: list[bytes] = []
    for village in villages:
        folder = link_copy(village, scratch / "levels" / village.name)
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
        ("gzip 9, libdeflate", lambda d: deflate.gzip_compress(d, 9)),
        ("gzip 6, libdeflate", lambda d: deflate.gzip_compress(d, 6)),
        ("gzip 4, libdeflate", lambda d: deflate.gzip_compress(d, 4)),
    ]
    for quality in (7, 6, 5, 4):
        candidates.append((f"brotli {quality}", lambda d, q=quality: brotli.compress(
            d, mode=brotli.MODE_TEXT, quality=q)))
        candidates.append((f"brotli {quality}, window sized to the file",
                           lambda d, q=quality: brotli.compress(
                               d, mode=brotli.MODE_TEXT, quality=q,
                               lgwin=brotli_window(len(d)))))
    print(f"{'files of 1 KB and more':<42}{'ms/village':>11}{'bytes':>11}{'of plain':>9}")
    for name, fn in candidates:
        times = []
        for _ in range(repeat):
            start = time.process_time()
            size = sum(len(fn(d)) for d in big)
            times.append(time.process_time() - start)
        print(f"  {name:<40}{min(times) * 1000 / len(villages):11.1f}{size:11d}"
              f"{size / sum(map(len, big)):9.3f}")
    saved_gz = sum(len(d) - len(deflate.gzip_compress(d, 6)) for d in small)
    print(f"  files of 256-1023 bytes: gzip 6 would save {saved_gz} bytes in {len(small)} "
          f"files ({saved_gz / max(1, len(small)):.0f} bytes a file)")


def brotli_window(size: int) -> int:
    """Brotli ``lgwin`` whose window just holds ``size`` bytes (what compress.py used)."""
    return max(10, min(24, (size + 15).bit_length()))


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
    print(f"# after: gzip {compress.GZIP_LEVEL} (libdeflate), no Brotli copy (issue 17), "
          f"copies from {compress.MIN_SIZE} bytes")
    with tempfile.TemporaryDirectory(prefix="pb-bench-") as scratch:
        measure_hooks(villages, Path(scratch), args.repeat)
        if args.levels:
            levels_table(villages, Path(scratch), args.repeat)


if __name__ == "__main__":
    main()
