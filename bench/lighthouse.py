"""Lighthouse (mobile) on the demo: home, a berita, a layanan and the APBDes pages of every village,
and the portal hub's pages (home, kelengkapan, cari, pengumuman, layanan, kecamatan).

    python bench/lighthouse.py                 # build the demo, score, write bench/lighthouse.json
    python bench/lighthouse.py --build build/  # score an existing build
    python bench/lighthouse.py --theme kabupaten  # the demo in the kabupaten theme

Lighthouse 12.8.2 is installed from npm into ``bench/.work/`` on first use and
drives Debian's Chromium (``CHROME_PATH=/usr/bin/chromium``), with the flags of
docs/recipes: ``--headless --no-sandbox --disable-gpu``. The site is served with
its pre-compressed files (bench/serve.py), as nginx or Caddy would. Targets from
issue 7: Performance ≥ 98, Accessibility 100, Best Practices 100, SEO 100. Not
part of the unit tests (about 11 s per URL).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
WORK = REPO / "bench" / ".work"
VERSION = "12.8.2"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGETS = {"performance": 98, "accessibility": 100, "best-practices": 100, "seo": 100}
NOW = "2026-11-25T12:00:00+07:00"

sys.path[:0] = [str(REPO / "bench"), str(REPO / "tests")]
from serve import start  # noqa: E402 - bench scripts are run as files
from theme_variants import THEMES, demo_site  # noqa: E402 - tests/theme_variants.py


def lighthouse_bin() -> Path:
    """The Lighthouse CLI, installed into bench/.work on first use."""
    binary = WORK / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        WORK.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--prefix", str(WORK),
                        f"lighthouse@{VERSION}"], check=True)
    return binary


def build_demo(out: Path, site: Path = REPO) -> Path:
    """Build the demo site (the repository's, or a theme variant of it) into ``out``."""
    env = {**os.environ, "SATUDESA_NOW": NOW}
    subprocess.run([sys.executable, "-m", "flask", "--app", "app", "build", "--site", str(site),
                    "--out", str(out)], cwd=REPO, env=env, check=True, stdout=subprocess.DEVNULL)
    return out


def _first(folder: Path, skip: tuple[str, ...] = ()) -> str | None:
    if not folder.is_dir():
        return None
    for child in sorted(folder.iterdir()):
        if child.is_dir() and child.name not in skip and (child / "index.html").is_file():
            return child.name + "/"
    return None


def _with_photo(folder: Path, skip: tuple[str, ...]) -> str | None:
    """The first post with a cover photo (the heavier case), else the first post."""
    if not folder.is_dir():
        return None
    for child in sorted(folder.iterdir()):
        page = child / "index.html"
        if child.name not in skip and page.is_file() and \
                'class="cover"' in page.read_text(encoding="utf-8"):
            return child.name + "/"
    return _first(folder, skip)


def targets(build: Path) -> list[tuple[str, str, str]]:
    """(village, kind, URL path) for the pages the issue names."""
    found = [("portal", "home", "")]
    for kind in ("kelengkapan", "cari", "pengumuman", "layanan", "kecamatan"):
        if (build / kind / "index.html").is_file():
            found.append(("portal", kind, f"{kind}/"))
    for kind in ("layanan", "kecamatan"):  # one detail page of each
        first = _first(build / kind, ("page",))
        if first:
            found.append(("portal", f"{kind}-detail", f"{kind}/{first}"))
    # A village folder has its own sitemap; the portal's pages (kelengkapan/ …) do not.
    for village in sorted(p for p in build.iterdir() if (p / "sitemap.xml").is_file()):
        slug = village.name
        found.append((slug, "home", f"{slug}/"))
        post = _with_photo(village / "berita", ("page", "tag", "arsip", "topik"))
        if post:
            found.append((slug, "berita", f"{slug}/berita/{post}"))
        service = _first(village / "layanan", ("page",))
        if service:
            found.append((slug, "layanan", f"{slug}/layanan/{service}"))
        if (village / "apbdes" / "index.html").is_file():
            found.append((slug, "apbdes", f"{slug}/apbdes/"))
            # the budget itself: the newest year, with its charts and tables
            years = sorted(p.parent.name for p in village.glob("apbdes/*/index.html"))
            if years:
                found.append((slug, "apbdes-tahun", f"{slug}/apbdes/{years[-1]}/"))
    return found


def score(binary: Path, url: str) -> dict[str, object]:
    """Run Lighthouse on one URL; the four scores (0-100) and a few figures."""
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "lh.json"
        command = [str(binary), url, "--form-factor=mobile", "--output=json",
                   f"--output-path={report}", "--quiet",
                   "--chrome-flags=--headless --no-sandbox --disable-gpu"]
        env = {**os.environ, "CHROME_PATH": shutil.which("chromium") or "/usr/bin/chromium"}
        subprocess.run(command, env=env, check=True, timeout=180)
        data = json.loads(report.read_text())
    audits = data["audits"]
    result: dict[str, object] = {c: round(data["categories"][c]["score"] * 100)
                                 for c in CATEGORIES}
    result["lcp_ms"] = round(audits["largest-contentful-paint"]["numericValue"])
    result["fcp_ms"] = round(audits["first-contentful-paint"]["numericValue"])
    result["transfer_bytes"] = round(audits["total-byte-weight"]["numericValue"])
    result["requests"] = len(audits["network-requests"]["details"]["items"])
    failing = [audit["id"] for audit in audits.values()
               if audit.get("score") is not None and audit["score"] < 1
               and audit.get("scoreDisplayMode") in ("binary", "numeric")]
    result["failing_audits"] = sorted(failing)
    return result


def main() -> None:
    """Score every target page, print a table and write the JSON record."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", type=Path, help="an existing build (default: build the demo)")
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--theme", choices=THEMES, default="default")
    parser.add_argument("--village", help="score only this village's pages")
    args = parser.parse_args()
    suffix = "" if args.theme == "default" else f"-{args.theme}"
    args.out = args.out or REPO / "bench" / f"lighthouse{suffix}.json"
    binary = lighthouse_bin()
    build = args.build or build_demo(WORK / f"lighthouse-build{suffix}",
                                     demo_site(args.theme, WORK))
    httpd, base = start(build)
    rows = []
    try:
        for village, kind, path in targets(build):
            if args.village and village != args.village:
                continue
            result = score(binary, base + path)
            rows.append({"village": village, "page": kind, "path": path, **result})
            print(f"{path:<55} " + " ".join(f"{result[c]:>4}" for c in CATEGORIES)
                  + f"  LCP {result['lcp_ms']} ms, {result['requests']} req, "
                  f"{result['transfer_bytes']} B", flush=True)
    finally:
        httpd.shutdown()
    worst = {c: min(int(r[c]) for r in rows) for c in CATEGORIES}
    met = all(worst[c] >= TARGETS[c] for c in CATEGORIES)
    record = {"lighthouse": VERSION, "theme": args.theme, "chromium": "/usr/bin/chromium",
              "form_factor": "mobile", "pages": rows, "worst": worst, "targets": TARGETS,
              "targets_met": met}
    args.out.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n")
    print("worst: " + ", ".join(f"{c} {worst[c]}" for c in CATEGORIES)
          + ("  (targets met)" if met else "  (targets NOT met)"))
    print(f"written: {args.out.relative_to(REPO) if args.out.is_relative_to(REPO) else args.out}")


if __name__ == "__main__":
    main()
