"""The small site most tests start from, and how to write one to disk (plain helpers;
the fixtures that use them live in conftest.py)."""

from __future__ import annotations

import hashlib
import textwrap
from pathlib import Path

NOW = "2026-11-25T12:00:00+07:00"
REPO = Path(__file__).resolve().parent.parent

# The portal-wide search index: off in tests but those about it (conftest.py sets it).
NO_PORTAL_INDEX = "SATUDESA_NO_PORTAL_INDEX"

# Fixture villages are examples: ``contoh: true`` (their names are not the real
# villages' names of these codes, see satudesa/regency/kodecheck.py).
VILLAGE = """\
name: "Desa Contoh"
kode_wilayah: "32.14.05.2001"
kecamatan: "Kecamatan Uji"
kabupaten: "Kabupaten Purwakarta"
color: "#1d5e3a"
contoh: true
kontak:
  alamat: "Jl. Raya Contoh No. 1"
  whatsapp: "081234567890"
"""

# What `flask check` notes for a site whose only village is VILLAGE.
CONTOH_NOTE = ("villages/: catatan: desa contoh tidak dicocokkan dengan daftar Kepmendagri "
               "2025: contoh (jangan terbitkan desa contoh di situs publik; kode desa nyata: "
               "contoh 32.14.05.2001 = Sukatani)")

BASIC_FILES = {
    # A real site has base_url (or a domain per village): without both, every check warns.
    "site.yml": 'base_url: "https://desa.purwakartakab.go.id/"\n',
    "villages/contoh.yml": VILLAGE,
    "content/contoh/halaman/profil.md": """\
        ---
        title: Profil Desa
        weight: 1
        ---
        Desa Contoh terletak di kaki gunung. Lihat [layanan SKTM](../layanan/sktm.md).
        """,
    "content/contoh/berita/panen-raya.md": """\
        ---
        title: Panen Raya
        date: 2026-03-03
        author: Siti
        tags: [pertanian]
        ---
        Warga memanen padi bersama.
        """,
    "content/contoh/layanan/sktm.md": """\
        ---
        title: Surat Keterangan Tidak Mampu
        persyaratan: [Fotokopi KTP, Fotokopi KK, Surat pengantar RT/RW]
        prosedur: [Datang ke kantor desa, Petugas memeriksa berkas]
        waktu: 1 hari kerja
        biaya: Gratis
        produk: Surat Keterangan Tidak Mampu
        ---
        """,
    "content/contoh/pengumuman/kerja-bakti.md": """\
        ---
        title: Kerja Bakti
        date: 2026-11-01
        berlaku_sampai: 2026-12-31
        ---
        Kerja bakti setiap Minggu.
        """,
}


def without_notes(output: str) -> list[str]:
    """Output lines minus notes (``catatan``, e.g. the one about example villages)."""
    return [line for line in output.splitlines() if ": catatan: " not in line]
def second_village(files: dict[str, str | bytes]) -> dict[str, str | bytes]:
    """``files`` plus a second small village, ``lain``."""
    files["villages/lain.yml"] = VILLAGE.replace("Desa Contoh", "Desa Lain").replace(
        "2001", "2002")
    files["content/lain/halaman/profil.md"] = "---\ntitle: Profil Lain\n---\nHalo.\n"
    return files


NEWS = "---\ntitle: {title}\ndate: 2026-11-{day}\n---\nKabar tentang {word} di desa.\n"


def village_with_news(files: dict[str, str | bytes]) -> dict[str, str | bytes]:
    """``files`` plus a second village, ``lain``, with one berita about durian (the portal
    search tests look for it)."""
    files["villages/lain.yml"] = VILLAGE.replace("Desa Contoh", "Desa Lain").replace(
        "2001", "2002")
    files["content/lain/berita/durian.md"] = NEWS.format(title="Festival Durian", day="10",
                                                         word="durian")
    return files


def hashes(root: Path) -> dict[str, str]:
    """Every file under ``root`` by relative path, as a SHA-256 of its bytes."""
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def write_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write ``files`` (path -> text, dedented, or bytes) under ``root``."""
    for name, body in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(body, bytes):
            path.write_bytes(body)
        else:
            path.write_text(textwrap.dedent(body), encoding="utf-8")
    return root
DATA = Path(__file__).resolve().parent / "data"  # tests/data: fixtures kept as files
