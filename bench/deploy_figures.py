"""What a deploy of the demo sends: a first deploy, then one edited berita (no servers needed).

    python bench/deploy_figures.py

Copies the demo site to a temporary folder, builds it, plans a first deploy,
edits one berita, rebuilds, and plans again with satudesa.deploy.plan; prints the
file counts and bytes for the rsync/zip view (every file) and for S3 (no .gz/.br
keys; gzip bodies under Content-Encoding, or identity bodies).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from satudesa.build.engine import build_fast  # noqa: E402
from satudesa.deploy.plan import Manifest, Scope, make_plan, scan  # noqa: E402
from satudesa.deploy.s3 import uploadable  # noqa: E402


def s3_bytes(root: Path, keys: list[str], gzip: bool) -> int:
    """Bytes an S3 deploy of ``keys`` uploads."""
    total = 0
    for key in keys:
        packed = root / (key + ".gz")
        total += (packed if gzip and packed.is_file() else root / key).stat().st_size
    return total


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        site.mkdir()
        for name in ("villages", "content"):
            shutil.copytree(REPO / name, site / name)
        shutil.copy(REPO / "site.yml", site / "site.yml")
        out = site / "build"
        assert build_fast(site, out, ()).ok(False)
        villages = frozenset(p.stem for p in (site / "villages").glob("*.yml"))
        scope = Scope(villages)
        first_files = scan(out)
        first = make_plan(out, first_files, Manifest(), scope)
        published = first.next_manifest(Manifest())
        s3_first = {enc: make_plan(out, uploadable(first_files, enc == "gzip"), Manifest(), scope)
                    for enc in ("gzip", "identity")}
        s3_bytes_first = {enc: s3_bytes(out, p.uploads, enc == "gzip")
                          for enc, p in s3_first.items()}
        berita = next(p for p in sorted((site / "content/tanjung-purun/berita").glob("*.md"))
                      if (out / "tanjung-purun/berita" / p.stem / "index.html").is_file())
        berita.write_text(berita.read_text(encoding="utf-8") + "\nSatu kalimat tambahan.\n",
                          encoding="utf-8")
        assert build_fast(site, out, ()).ok(False)
        files = scan(out)
        second = make_plan(out, files, published, scope)
        print(f"demo: {len(first_files)} files in build/ ({len(villages)} villages)")
        print(f"first deploy (rsync/zip view): {len(first.uploads)} files")
        print(f"after editing {berita.relative_to(site)}: {len(second.uploads)} files sent, "
              f"{len(second.deletes)} deleted, {second.unchanged} unchanged")
        for key in second.uploads:
            print("   ", key)
        for enc in ("gzip", "identity"):
            gz = enc == "gzip"
            plan1 = s3_first[enc]
            before = s3_first[enc].next_manifest(Manifest())
            plan2 = make_plan(out, uploadable(files, gz), before, scope)
            print(f"S3 encoding {enc}: first deploy {len(plan1.uploads)} objects, "
                  f"{s3_bytes_first[enc]:,} bytes; after the edit {len(plan2.uploads)} objects, "
                  f"{s3_bytes(out, plan2.uploads, gz):,} bytes, {len(plan2.deletes)} deleted")


if __name__ == "__main__":
    main()
