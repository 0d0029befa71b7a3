"""``flask deploy`` to zip archives, one per village, for cPanel-style hosting."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from satudesa.deploy.plan import scan
from tests.deploy.servers import change_one_page, invoke, make_site

pytestmark = pytest.mark.deploy


def zip_site(tmp_path: Path, precompressed: bool = True) -> Path:
    return make_site(tmp_path / "site", f"""\
        deploy:
          arsip:
            type: zip
            path: unggah
            precompressed: {'ya' if precompressed else 'tidak'}
        """)


def contents(archive: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(archive) as zf:
        assert zf.testzip() is None
        assert all(info.date_time == (1980, 1, 1, 0, 0, 0) for info in zf.infolist())
        names = zf.namelist()
        assert names == sorted(names)
        return {name: zf.read(name) for name in names}


def test_one_deterministic_zip_per_village(tmp_path: Path) -> None:
    site = zip_site(tmp_path)
    first = invoke(site, "arsip")
    assert first.exit_code == 0, first.output
    assert "Selesai: 2 arsip ditulis, 0 dihapus, 0 tidak berubah." in first.output
    out = site / "unggah"
    build = site / "build"
    village = contents(out / "contoh.zip")
    assert village == {k.removeprefix("contoh/"): (build / k).read_bytes()
                       for k in scan(build) if k.startswith("contoh/")}
    portal = contents(out / "_portal.zip")
    assert "index.html" in portal and not any(k.startswith("contoh/") for k in portal)

    # Deterministic: written again from scratch, the same bytes.
    before = (out / "contoh.zip").read_bytes()
    (site / ".deploy" / "arsip.json").unlink()
    assert invoke(site, "arsip").exit_code == 0
    assert (out / "contoh.zip").read_bytes() == before

    same = invoke(site, "arsip")
    assert "0 arsip ditulis, 0 dihapus, 2 tidak berubah" in same.output

    portal_inode = (out / "_portal.zip").stat().st_ino
    change_one_page(site)
    changed = invoke(site, "arsip")
    assert changed.exit_code == 0, changed.output
    assert "1 arsip ditulis" in changed.output and "Ditulis: " in changed.output
    assert (out / "_portal.zip").stat().st_ino == portal_inode  # not rewritten
    assert (out / "contoh.zip").read_bytes() != before
    assert contents(out / "contoh.zip")["berita/panen-raya/index.html"] == \
        (build / "contoh/berita/panen-raya/index.html").read_bytes()

    only = invoke(site, "arsip", "--village", "contoh")
    assert "0 arsip ditulis, 0 dihapus, 1 tidak berubah" in only.output
    unknown = invoke(site, "arsip", "--village", "contoh-x")
    assert unknown.exit_code == 2 and "maksud Anda 'contoh'?" in unknown.output
    nobuild = invoke(site, "arsip", "--out", str(tmp_path / "kosong"))
    assert nobuild.exit_code == 1 and "hasil build tidak ditemukan" in nobuild.output
    assert invoke(site, "arsip", "--rollback").exit_code == 2

    (site / "villages/contoh.yml").write_text(
        (site / "villages/contoh.yml").read_text(encoding="utf-8") + "published: false\n",
        encoding="utf-8")
    from satudesa.build.engine import build_fast

    assert build_fast(site, build, ()).ok(False)
    gone = invoke(site, "arsip")
    assert gone.exit_code == 0, gone.output
    assert not (out / "contoh.zip").exists() and "1 dihapus" in gone.output


def test_without_precompressed_copies(tmp_path: Path) -> None:
    site = zip_site(tmp_path, precompressed=False)
    assert invoke(site, "arsip").exit_code == 0
    names = contents(site / "unggah/contoh.zip")
    assert "index.html" in names
    assert not any(n.endswith((".gz", ".br")) for n in names)
