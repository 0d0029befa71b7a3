"""Cost of loading a village (Markdown to safe HTML, links, assets): legacy against current.

    SATUDESA_SHARED=/work/shared python bench/load_speed.py --villages 10
    python bench/load_speed.py --site bench/.work/corpus-plain-100-sample-10

Times ``content.load_village`` over every village of a generated (or given)
corpus, in one process, alternating three set-ups: the code as it is; the code
with the second round's pieces swapped back (every media file read and checked
on every load, the ``re.IGNORECASE`` search, the full alias-expanding YAML walk
for every front matter); and, on top of that, the first round's legacy pieces
(a fresh ``nh3.clean`` with the Python ``attribute_filter`` for every file; a
full ``realpath`` check for every referenced path). Prints the best round of
each per file and per village, and the ratios: compare ratios across machines,
not milliseconds. (The media check's single Pillow open per image only shows
on a cold load: see ``--cold``.)
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import nh3

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from satudesa.errors import Report  # noqa: E402
from satudesa.images import variants as images
from satudesa.inputs import (
    media,
    sources,
    yamlsafe,  # noqa: E402
)
from satudesa.load import cmark, content, markup
from satudesa.load.registry import load_registry  # noqa: E402

# shared/ sits beside the repository; SATUDESA_SHARED points elsewhere (e.g. from a worktree).
_REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("SATUDESA_SHARED") or _REPO.parent / "shared")
GENERATOR = SHARED / "bench" / "gen_corpus.py"
NOW = dt.datetime(2026, 11, 25, 12, tzinfo=dt.timezone(dt.timedelta(hours=7)))


def corpus(villages: int) -> Path:
    """A generated plain corpus with real images."""
    out = Path(tempfile.mkdtemp()) / "corpus"
    subprocess.run([sys.executable, str(GENERATOR), "--villages", str(villages), "--out", str(out),
                    "--format", "plain", "--images"], check=True, capture_output=True)
    return out


def legacy_render(source: str, rewrite: markup.UrlRewriter | None = None) -> str:
    """render_markdown before: nh3.clean builds its sanitiser, with the callback, per call."""
    html = markup._shift_headings(cmark.markdown_to_html(source, markup.OPTIONS,
                                                         markup.EXTENSIONS))
    return markup._wrap_tables(nh3.clean(
        html, tags=markup.TAGS, attributes=markup.ATTRIBUTES, url_schemes=markup.URL_SCHEMES,
        clean_content_tags=markup.DROP_WITH_CONTENT, attribute_filter=rewrite, link_rel=None,
        strip_comments=True))


def legacy_safe_join(root: Path, ref: str) -> Path | None:
    """safe_join before: a full realpath of the candidate and the root for every reference."""
    parts = sources._parts(ref)
    if parts is None:
        return None
    candidate = root.joinpath(*parts) if parts else root
    return candidate if sources.is_inside(candidate, root) else None


LEGACY_ACTIVE = re.compile(rb"<\s*(?:script|html|body|iframe|svg|object|embed|\?php)\b"
                           rb"|<!doctype\s+html|javascript:", re.I)
CURRENT_ROUND2 = (media._active, media.SETTLED_NS, media._verdicts, yamlsafe._plain_tree)


def round2(on: bool) -> None:
    """Switch the second round's pieces on (as now) or off (as before)."""
    if on:
        (media._active, media.SETTLED_NS, media._verdicts,
         yamlsafe._plain_tree) = CURRENT_ROUND2
        return
    media._verdicts = {}  # the kept verdicts stay aside for the current set-up
    media._active = lambda data: LEGACY_ACTIVE.search(data) is not None
    media.SETTLED_NS = 1 << 62  # no file ever settles: checked on every load
    yamlsafe._plain_tree = lambda root: False


def load_all(site: Path) -> int:
    """Load every village once; the number of Markdown files read."""
    report = Report()
    files = 0
    for village in load_registry(site, report).values():
        vs = content.load_village(village, site, report, NOW)
        files += sum(len(pages) for pages in vs.pages.values()) + len(vs.intros)
    return files


def timed(setup: Callable[[], None], site: Path) -> tuple[float, int]:
    """Seconds for one load of the whole corpus under ``setup``, and the files loaded."""
    setup()
    start = time.perf_counter()
    files = load_all(site)
    return time.perf_counter() - start, files


def main() -> None:
    """Measure and print the comparison."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--villages", type=int, default=10)
    parser.add_argument("--site", type=Path, help="an existing site folder instead of a new corpus")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--cold", action="store_true",
                        help="time one first load plus the image probes, in this fresh process")
    args = parser.parse_args()
    site = args.site or corpus(args.villages)
    if args.cold:
        cold(site)
        return
    villages = len(load_registry(site, Report()))
    current = (content.render_markdown, content.safe_join)

    def as_now() -> None:
        content.render_markdown, content.safe_join = current
        round2(True)

    def as_round1() -> None:
        content.render_markdown, content.safe_join = current
        round2(False)

    def as_before() -> None:
        content.render_markdown, content.safe_join = legacy_render, legacy_safe_join
        round2(False)

    setups = {"legacy (nh3.clean + callback, realpath per link)": as_before,
              "round 1 (media and YAML checked as before)": as_round1,
              "current (media verdicts kept, YAML fast path)": as_now}
    best = dict.fromkeys(setups, float("inf"))
    files = 0
    load_all(site)  # warm the file cache and the image probes for both
    for _ in range(args.rounds):
        for name, setup in setups.items():
            seconds, files = timed(setup, site)
            best[name] = min(best[name], seconds)
    as_now()
    print(f"{villages} villages, {files} Markdown files, best of {args.rounds}")
    for name, seconds in best.items():
        print(f"{name:52s} {seconds / files * 1000:6.3f} ms/file "
              f"{seconds / villages * 1000:7.1f} ms/village")
    old, middle, new = best.values()
    print(f"current / legacy: {new / old:.2f} ({old / new:.2f}x faster)")
    print(f"current / round 1: {new / middle:.2f} ({middle / new:.2f}x faster)")


def cold(site: Path) -> None:
    """A first load of every village and a probe of every asset, as a build worker does."""
    from PIL import Image

    opened = 0
    real_open = Image.open

    def counting_open(*args: object, **kwargs: object) -> Image.Image:
        nonlocal opened
        opened += 1
        return real_open(*args, **kwargs)

    Image.open = counting_open
    report = Report()
    villages = load_registry(site, report)
    start = time.perf_counter()
    for village in villages.values():
        vs = content.load_village(village, site, report, NOW)
        for path in vs.assets.values():
            images.probe(path)
    seconds = time.perf_counter() - start
    print(f"cold: {len(villages)} villages, {seconds / len(villages) * 1000:.1f} ms/village "
          f"(load + image probes), {opened} Image.open calls")


if __name__ == "__main__":
    main()
