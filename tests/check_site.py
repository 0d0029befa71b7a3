"""A site full of officers' mistakes, for ``tests/test_check.py``: one file per mistake."""

from __future__ import annotations

from pathlib import Path

from sitefiles import BASIC_FILES, DATA, VILLAGE

JPEG_HEAD = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00"
PNG = (DATA / "hostile/content/jahat/media/foto désa 1.png").read_bytes()
SERVICE = """\
---
title: Surat Pengantar
prosedur: [Datang ke kantor desa]
waktu: 1 hari
biaya: Gratis
produk: Surat pengantar
{extra}
---
"""

MISTAKES: dict[str, str | bytes] = {
    **BASIC_FILES,
    # Registry: wrong code, duplicate code, missing key, wrong type, misspelt key, bad YAML.
    "villages/kode-salah.yml": VILLAGE.replace("32.14.05.2001", "32.14.05.201"),
    "villages/kode-ganda.yml": VILLAGE.replace("Desa Contoh", "Desa Ganda"),
    "villages/tanpa-kecamatan.yml": VILLAGE.replace('kecamatan: "Kecamatan Uji"\n', "")
    .replace("2001", "2003"),
    "villages/salah-tipe.yml": VILLAGE.replace("2001", "2004") + "published: belum\n"
    "kontak_desa: x\n",
    "villages/yaml-rusak.yml": 'name: "Desa Rusak\nkode_wilayah: "32.14.05.2005"\n',
    # Front matter: syntax, misspelt and missing keys, wrong types.
    "content/contoh/berita/titik-dua.md": "---\ntitle: Rapat: Musdes\ndate: 2026-03-01\n---\n",
    "content/contoh/layanan/salah-eja.md": SERVICE.format(extra="persyaratn: [KTP]"),
    "content/contoh/berita/tanpa-tanggal.md": "---\ntitle: Tanpa Tanggal\n---\nIsi.\n",
    "content/contoh/halaman/bobot.md": "---\ntitle: Bobot\nweight: satu\n---\n",
    "content/contoh/berita/topik.md": "---\ntitle: Topik\ndate: 2026-03-01\n"
    "tags:\n  pertanian: ya\n---\n",
    "content/contoh/berita/kunci-ganda.md": "---\ntitle: Satu\ntitle: Dua\ndate: 2026-03-01\n"
    "---\n",
    "content/contoh/berita/tag-python.md": "---\ntitle: !!python/object:os.system x\n"
    "date: 2026-03-01\n---\n",
    # Dates: Indonesian accepted, the rest explained.
    "content/contoh/berita/tanggal-indonesia.md": "---\ntitle: Tanggal Indonesia\n"
    "date: 3 Maret 2026\n---\n",
    "content/contoh/berita/bulan-inggris.md": "---\ntitle: Bulan Inggris\n"
    "date: 3 March 2026\n---\n",
    "content/contoh/berita/tahun-pendek.md": "---\ntitle: Tahun Pendek\ndate: 03/03/26\n---\n",
    "content/contoh/berita/tanggal-mustahil.md": "---\ntitle: Mustahil\n"
    "date: 31 Februari 2026\n---\n",
    "content/contoh/berita/iso-mustahil.md": "---\ntitle: ISO Mustahil\ndate: 2026-02-31\n---\n",
    "content/contoh/pengumuman/terbalik.md": "---\ntitle: Terbalik\ndate: 2026-11-01\n"
    "berlaku_sampai: 2026-10-01\n---\n",
    # Two sources, one output.
    "content/contoh/berita/Rapat Desa.md": "---\ntitle: Rapat A\ndate: 2026-03-01\n---\n",
    "content/contoh/berita/rapat-desa.md": "---\ntitle: Rapat B\ndate: 2026-03-01\n---\n",
    # Links and media.
    "content/contoh/berita/tautan.md": "---\ntitle: Tautan\ndate: 2026-03-01\n---\n"
    "Lihat [syarat](../layanan/tidak-ada.md).\n\n![Sawah](../media/hilang.jpg)\n",
    "content/contoh/berita/foto-palsu.md": "---\ntitle: Foto Palsu\ndate: 2026-03-01\n"
    "image: ../media/palsu.jpg\n---\n",
    "content/contoh/media/palsu.jpg": b"<html><body>bukan foto</body></html>",
    "content/contoh/berita/foto-besar.md": "---\ntitle: Foto Besar\ndate: 2026-03-01\n---\n"
    "![Besar](../media/besar.jpg)\n",
    # Encodings: Windows-1252 is read with a warning; a Word file is refused.
    "content/contoh/berita/windows.md": "---\ntitle: Kafe\ndate: 2026-03-01\n---\nCaf\xe9\n"
    .encode("cp1252"),
    "content/contoh/berita/word.md": b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00",
}


def write_mistakes(root: Path) -> Path:
    """Write the site under ``root`` and the two files too big to keep in a dict."""
    from sitefiles import write_tree

    site = write_tree(root, MISTAKES)
    big = site / "content/contoh/berita/panjang.md"
    big.write_text("---\ntitle: Panjang\ndate: 2026-03-01\n---\n" + "kata " * 240_000)
    with open(site / "content/contoh/media/besar.jpg", "wb") as image:
        image.write(JPEG_HEAD)
        image.truncate(10_500_000)  # sparse: no 10 MB written to disk
    return site
