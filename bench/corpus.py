"""A national-shape bench corpus: every village of a province or regency, from the official list.

    python bench/corpus.py --wilayah 32.14 --out bench/.work/corpus-32.14   # Purwakarta, 192
    python bench/corpus.py --wilayah 32.14 --limit 48 --out DIR             # its first 48
    python bench/corpus.py --wilayah 33 --plan                              # Jawa Tengah, dry run
    python bench/corpus.py --wilayah all --plan --workers 8 --cores 16      # all 83,762

Names, kecamatan, regency and codes come from the Kepmendagri 2025 list the
package ships (``satudesa/data/wilayah.csv.xz``, read by
:mod:`satudesa.regency.wilayah`). Each village's content is
made by ``shared/bench/gen_corpus.py`` (about 60 Markdown files: berita,
layanan, halaman, pengumuman, and a small JPEG per illustrated post), seeded
by ``--seed`` and the village's code, so a village is the same whichever area
it is generated in. Every registry entry says ``contoh: true``: the corpus is
for benchmarks, never for a public site.

``--plan`` writes nothing to ``--out``: it builds a small sample of the area
(``--sample`` villages, one core) in a temporary folder, measures per village
the input and output files and bytes and the CPU seconds, and projects them to
the whole area for ``--workers`` machines of ``--cores`` cores.
"""

from __future__ import annotations

import argparse
import functools
import importlib.util
import json
import os
import random
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))
sys.path.insert(0, str(REPO))
from run import NOW, find_shared  # noqa: E402 - bench scripts are run as files

from satudesa.regency import wilayah as official  # noqa: E402
from satudesa.regency.wilayah import Desa  # noqa: E402

SEED = 20240501  # gen_corpus.py's default


Place = Desa  # one village of the list, with the names of the areas above it


def kind(place: Place) -> str:
    """'Kelurahan' or 'Desa', from the code's seventh digit."""
    return "Kelurahan" if place.jenis == "kelurahan" else "Desa"


def places(area: str) -> tuple[str, list[Place]]:
    """The area's name and every village in it (``all``: the whole country)."""
    if area == "all":
        found = [d for kode in official.names() if (d := official.desa(kode)) is not None]
        name = "Indonesia"
    else:
        prefix = area.strip().rstrip(".")
        found = official.villages_under(prefix)
        name = official.name_of(prefix) or area
    if not found:
        sys.exit(f"corpus: no village has a code starting with '{area}' in the official list")
    return name, found


@functools.cache
def gen_corpus() -> ModuleType:
    """``shared/bench/gen_corpus.py``, imported (it is a script, not a package)."""
    path = find_shared() / "bench" / "gen_corpus.py"
    spec = importlib.util.spec_from_file_location("gen_corpus", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["gen_corpus"] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def slugs(found: list[Place], slugify: Callable[[str], str]) -> dict[str, str]:
    """A unique slug per code: the name, then with its kecamatan, then with its code."""
    taken: set[str] = set()
    result: dict[str, str] = {}
    for place in found:
        base = slugify(place.nama)
        for slug in (base, f"{base}-{slugify(place.kecamatan)}",
                     f"{base}-{place.kode.replace('.', '')}"):
            if slug and slug not in taken:
                break
        taken.add(slug)
        result[place.kode] = slug
    return result


def write(found: list[Place], area: str, out: Path, seed: int) -> int:
    """Write the site folder: ``site.yml``, a registry entry and content per village."""
    gen = gen_corpus()
    gen.IMAGES = True  # every illustrated post gets its small JPEG, as bench/run.py's corpus
    out.mkdir(parents=True, exist_ok=True)
    (out / "site.yml").write_text(
        f'title: "Korpus uji {area}"\nbase_url: "https://desa.contoh.invalid/"\n'
        'footer_note: "Data contoh untuk uji kecepatan; bukan situs desa sungguhan."\n',
        encoding="utf-8")
    named = slugs(found, gen.slugify)
    files = 0
    for place in found:
        village = gen.make_village(0, random.Random(f"{seed}-{place.kode}"), set())
        village.slug = named[place.kode]
        village.name = f"{kind(place)} {place.nama}"
        village.kecamatan = f"Kecamatan {place.kecamatan}"
        village.kabupaten = place.kabupaten
        village.kode = place.kode
        files += gen.emit_plain([village], str(out))
    return files


# -- the dry run -----------------------------------------------------------------------------


@dataclass
class Sample:
    """Per-village figures measured on a built sample."""

    villages: int
    input_files: float
    input_bytes: float
    output_files: float
    output_bytes: float
    cpu_seconds: float  # user + system, this process and its children (Pagefind)
    wall_seconds: float
    manifest_bytes: float  # the main manifest file's share per village


def tree_size(folder: Path) -> tuple[int, int]:
    """Files and bytes under ``folder``."""
    files = size = 0
    for root, _dirs, names in os.walk(folder):
        for name in names:
            files += 1
            size += os.lstat(os.path.join(root, name)).st_size
    return files, size


def cpu_now() -> float:
    """CPU seconds (user + system) of this process and its waited-for children."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(
        resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def measure(found: list[Place], area: str, seed: int, count: int) -> Sample:
    """Build ``count`` villages spread over the area on one core; figures per village."""
    os.environ.setdefault("SATUDESA_NOW", NOW)
    sys.path.insert(0, str(REPO))
    from satudesa.build.engine import build_fast

    step = max(1, len(found) // count)
    chosen = found[::step][:count]
    with tempfile.TemporaryDirectory(prefix="satudesa-plan-") as tmp:
        warm, site = Path(tmp) / "warm", Path(tmp) / "site"
        write(chosen[:1], area, warm, seed)
        build_fast(warm, warm / "build", jobs=1)  # imports and compiled templates, not counted
        write(chosen, area, site, seed)
        files, size = tree_size(site / "content")
        files += len(chosen)
        cpu, wall = cpu_now(), time.perf_counter()
        result = build_fast(site, site / "build", jobs=1)
        cpu, wall = cpu_now() - cpu, time.perf_counter() - wall
        assert len(result.built) == len(chosen), result.report.summary()
        out_files = out_size = 0
        for village in result.built:
            f, s = tree_size(site / "build" / village)
            out_files, out_size = out_files + f, out_size + s
        manifest = (site / ".build.manifest.json").stat().st_size
    n = len(chosen)
    return Sample(n, files / n, size / n, out_files / n, out_size / n, cpu / n, wall / n,
                  manifest / n)


def plan(area: str, found: list[Place], sample: Sample, configs: list[tuple[int, int]]) -> str:
    """The dry run's report: totals for the area and the projected cold build per set-up."""
    n = len(found)
    kecamatan = len({p.kode[:8] for p in found})
    lines = [
        f"# {area}: {n:,} villages in {kecamatan:,} kecamatan "
        f"(sample: {sample.villages} villages built on one core)",
        f"per village: {sample.input_files:.0f} input files ({sample.input_bytes / 1e3:.0f} KB), "
        f"{sample.output_files:.0f} output files ({sample.output_bytes / 1e6:.2f} MB), "
        f"{sample.cpu_seconds:.2f} CPU s (wall {sample.wall_seconds:.2f} s), "
        f"manifest {sample.manifest_bytes / 1e3:.1f} KB",
        f"area: {n * sample.input_files:,.0f} input files ({n * sample.input_bytes / 1e9:.2f} GB), "
        f"{n * sample.output_files:,.0f} output files ({n * sample.output_bytes / 1e9:.1f} GB), "
        f"main manifest {n * sample.manifest_bytes / 1e6:.0f} MB, {n:,} shards",
        "",
        "| workers x cores | cold build | villages/s | files created/s | MB written/s |",
        "|---|---:|---:|---:|---:|",
    ]
    for workers, cores in configs:
        seconds = n * sample.cpu_seconds / (workers * cores)
        lines.append(
            f"| {workers} x {cores} | {_duration(seconds)} | {n / seconds:,.0f} | "
            f"{n * sample.output_files / seconds:,.0f} | "
            f"{n * sample.output_bytes / 1e6 / seconds:,.0f} |")
    lines.append("")
    lines.append("Projected from CPU seconds per village: cores fully used, no I/O wait, "
                 "no scheduler or client overhead.")
    return "\n".join(lines)


def _duration(seconds: float) -> str:
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.1f} min"
    return f"{seconds / 3600:.1f} h"


def main(argv: list[str] | None = None) -> None:
    """Generate the corpus, or (``--plan``) measure a sample and project."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--wilayah", required=True,
                        help="a province (33), regency (32.14) or kecamatan code, or 'all'")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--out", type=Path, help="the site folder to write")
    parser.add_argument("--limit", type=int, help="only the area's first N villages")
    parser.add_argument("--plan", action="store_true", help="measure a sample and project")
    parser.add_argument("--sample", type=int, default=4, help="--plan: villages to build")
    parser.add_argument("--workers", type=int, default=8, help="--plan: machines")
    parser.add_argument("--cores", type=int, default=16, help="--plan: cores per machine")
    parser.add_argument("--json", type=Path, help="--plan: also write the sample's figures here")
    args = parser.parse_args(argv)
    area, found = places(args.wilayah)
    if args.limit:
        found = found[:args.limit]
    if args.plan:
        sample = measure(found, area, args.seed, args.sample)
        configs = sorted({(1, 2), (1, args.cores), (args.workers, args.cores)})
        print(plan(area, found, sample, configs))
        if args.json:
            args.json.write_text(json.dumps(sample.__dict__, indent=1))
        return
    if args.out is None:
        parser.error("--out is required unless --plan")
    files = write(found, area, args.out, args.seed)
    print(f"{area}: {len(found)} villages, {files} Markdown files -> {args.out}")


if __name__ == "__main__":
    main()
