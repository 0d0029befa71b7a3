"""Click-to-published time of the editor's Publisher for one berita edit.

    python bench/editor_publish.py            # 20 edits of one berita, demo village bakau-jaya
    python bench/editor_publish.py --edits 50 --village tanjung-purun

Copies the demo site into a temporary folder, starts a Publisher (its warm
build worker), publishes once so the output exists, then 20 times: rewrites
one berita's title with the editor's own frontmatter.edit, publishes, and
checks the new title is in the built page. Prints the median and p95 of
Publisher.publish, and, as the baseline in the same run, the time of a cold
`flask build --village` process for the same village.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from satudesa.editor.frontmatter import edit, split  # noqa: E402
from satudesa.editor.publisher import Publisher  # noqa: E402


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--edits", type=int, default=20)
    parser.add_argument("--village", default="bakau-jaya")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="satudesa-bench-") as tmp:
        site = Path(tmp)
        shutil.copy2(REPO / "site.yml", site / "site.yml")
        for name in ("villages", "content"):
            shutil.copytree(REPO / name, site / name)
        out = site / "build"
        berita = sorted((site / "content" / args.village / "berita").glob("*.md"))[0]
        page = out / args.village / "berita" / berita.stem / "index.html"
        started = time.perf_counter()
        with Publisher(site, out) as publisher:
            warm = time.perf_counter() - started
            first = publisher.publish(args.village)
            assert first.ok, first.message
            times = []
            for number in range(args.edits):
                text = berita.read_text(encoding="utf-8")
                title = f"Judul suntingan nomor {number}"
                berita.write_text(edit(text, {"title": title}, None), encoding="utf-8")
                assert split(berita.read_text(encoding="utf-8"))[0]["title"] == title
                result = publisher.publish(args.village)
                assert result.ok, result.message
                assert title in page.read_text(encoding="utf-8")
                times.append(result.seconds)
        berita.write_text(edit(berita.read_text(encoding="utf-8"), {"title": "Dasar"}, None),
                          encoding="utf-8")
        cold_started = time.perf_counter()
        subprocess.run([str(Path(sys.executable).parent / "flask"), "--app", str(REPO / "app"),
                        "build", "--site", str(site), "--out", str(out), "--village",
                        args.village, "--jobs", "1"], check=True, capture_output=True)
        cold = time.perf_counter() - cold_started
    print(f"workers started and warm: {warm:.2f} s; first publish: {first.seconds:.2f} s")
    print(f"Publisher.publish after one berita edit, {len(times)} edits: "
          f"median {statistics.median(times):.3f} s, p95 {percentile(times, 0.95):.3f} s, "
          f"max {max(times):.3f} s")
    print(f"baseline, one cold `flask build --village {args.village} --jobs 1` process: "
          f"{cold:.2f} s ({cold / statistics.median(times):.1f}x the median publish)")


if __name__ == "__main__":
    main()
