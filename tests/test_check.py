"""`flask check` on a site full of mistakes: every message, word for word.

Each file in ``tests/check_site.py`` holds one mistake officers make. The
expected lines are the whole report, in order, so a new or changed message is
a visible change to this interface.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from check_site import write_mistakes
from sitefiles import CONTOH_NOTE

EXPECTED = [
    "content/contoh/berita/Rapat Desa.md: galat: alamat 'berita/rapat-desa/' sudah "
    'dipakai oleh content/contoh/berita/rapat-desa.md (ganti nama salah satu berkas)',
    "content/contoh/berita/bulan-inggris.md:3: galat: 'date': nama bulan 'March' "
    'tidak dikenal (tulis nama bulan dalam bahasa Indonesia, misalnya 3 Maret 2025)',
    "content/contoh/berita/foto-besar.md:5:10: galat: berkas '../media/besar.jpg' "
    'ditolak: gambar terlalu besar (10,5 MB, batas 10,0 MB) (perkecil ukuran gambar '
    '(misalnya lebar 1600 piksel) lalu simpan ulang)',
    "content/contoh/berita/foto-palsu.md:4: galat: berkas '../media/palsu.jpg' "
    'ditolak: isi berkas bukan JPEG seperti namanya (terdeteksi: HTML) (unggah ulang '
    'berkas aslinya; jangan hanya mengganti nama berkas)',
    "content/contoh/berita/iso-mustahil.md:3:7: galat: tanggal '2026-02-31' tidak ada "
    'di kalender (periksa hari dan bulannya)',
    "content/contoh/berita/kunci-ganda.md:3:1: galat: kunci 'title' ditulis dua kali "
    '(pertama di baris 2) (hapus salah satu atau gabungkan isinya)',
    'content/contoh/berita/panjang.md: galat: berkas terlalu besar (1,3 MB, batas 1,0 '
    'MB) (pecah menjadi beberapa halaman atau pindahkan lampiran ke media/)',
    'content/contoh/berita/tag-python.md:2:8: galat: tag YAML tidak diizinkan: '
    "'!!python/object:os.system' (hapus tag yang diawali '!'; tulis nilainya sebagai "
    'teks biasa)',
    "content/contoh/berita/tahun-pendek.md:3: galat: 'date': tahun pada '03/03/26' "
    'hanya dua angka (tulis tahun lengkap, misalnya 03/03/2025 atau 2025-03-03)',
    "content/contoh/berita/tanggal-mustahil.md:3: galat: 'date': tanggal '31 Februari "
    "2026' tidak ada di kalender (periksa hari dan bulannya)",
    "content/contoh/berita/tanpa-tanggal.md:1: galat: kunci wajib 'date' tidak ada "
    "(tambahkan baris 'date: 2025-03-03')",
    'content/contoh/berita/tautan.md:5:16: peringatan: tautan ke '
    "'../layanan/tidak-ada.md' tidak menuju halaman terbit (periksa nama berkas; draf "
    'dan halaman terjadwal tidak bisa ditautkan)',
    "content/contoh/berita/tautan.md:7:10: peringatan: berkas '../media/hilang.jpg' "
    'tidak ditemukan; diterbitkan tanpa gambar ini (periksa nama berkas dan letaknya di '
    'folder media/)',
    "content/contoh/berita/titik-dua.md:2:13: galat: tanda ':' muncul di tempat yang "
    "tidak boleh (beri tanda kutip pada nilai yang memuat ':', misalnya title: "
    '"Rapat: Musdes")',
    "content/contoh/berita/topik.md:4: galat: 'tags': harus berupa daftar, bukan "
    "pasangan kunci: nilai (tulis setiap butir pada baris sendiri diawali '- ')",
    'content/contoh/berita/windows.md:5: peringatan: berkas bukan UTF-8; dibaca '
    'sebagai Windows-1252 (simpan ulang berkas sebagai UTF-8 (Notepad: Simpan Sebagai '
    '> Pengodean UTF-8))',
    'content/contoh/berita/word.md:1: galat: berkas ini bukan teks (mungkin dokumen '
    'Word atau gambar) (salin isinya ke berkas teks biasa, lalu simpan sebagai UTF-8)',
    "content/contoh/halaman/bobot.md:3: galat: 'weight': harus berupa angka bulat, "
    "bukan 'satu' (tulis angkanya saja, misalnya 25000)",
    "content/contoh/layanan/salah-eja.md:1: galat: kunci wajib 'persyaratan' tidak "
    "ada (tambahkan baris 'persyaratan: ...')",
    'content/contoh/layanan/salah-eja.md:7: peringatan: kunci tidak dikenal '
    "'persyaratn' (maksud Anda 'persyaratan'?)",
    "content/contoh/pengumuman/terbalik.md:4: galat: 'berlaku_sampai' (2026-10-01) "
    "sebelum 'date' (2026-11-01) (periksa kedua tanggal)",
    "villages/: catatan: desa contoh tidak dicocokkan dengan daftar Kepmendagri 2025: contoh "
    "(jangan terbitkan desa contoh di situs publik; kode desa nyata: contoh 32.14.05.2001 = "
    "Sukatani)",
    "villages/kode-fiktif.yml:2: galat: kode_wilayah 32.14.05.2099 tidak ada dalam daftar "
    "Kepmendagri 2025 (kecamatan 32.14.05 (Sukatani) ada, tetapi desa 32.14.05.2099 tidak; "
    "periksa angka sesudahnya, atau tulis 'contoh: true' di berkas ini bila desa ini hanya "
    "contoh)",
    'villages/kode-ganda.yml: galat: kode_wilayah 32.14.05.2001 sudah dipakai oleh '
    'villages/contoh.yml (setiap desa harus memiliki kodenya sendiri)',
    "villages/kode-salah.yml:2: galat: 'kode_wilayah': harus 10 angka "
    "(PP.KK.CC.DDDD), diterima '32.14.05.201' (9 angka) (salin kode dari Kepmendagri "
    '300.2.2-2138/2025, contoh 32.14.05.2007)',
    "villages/nama-beda.yml:1: peringatan: nama 'Desa Cibodas' berbeda dengan daftar "
    "Kepmendagri untuk kode 32.14.05.2006: Cianting Utara (tulis name: \"Desa Cianting "
    'Utara", atau periksa kode_wilayah)',
    "villages/salah-tipe.yml:10: galat: 'published': harus true atau false, bukan 'belum' "
    '(tulis true/false atau ya/tidak)',
    "villages/salah-tipe.yml:11: peringatan: kunci tidak dikenal 'kontak_desa' "
    "(maksud Anda 'kontak'?)",
    "villages/tanpa-kecamatan.yml:1: galat: kunci wajib 'kecamatan' tidak ada "
    "(tambahkan baris 'kecamatan: ...')",
    'villages/yaml-rusak.yml:2:16: galat: indentasi tidak rata atau tanda kutip tidak '
    'ditutup (ratakan spasi di awal baris; periksa juga tanda kutip di baris '
    'sebelumnya)',
]
SUMMARY = "Selesai: 23 galat, 6 peringatan di 26 berkas."


@pytest.fixture
def site_tree(tmp_path: Path) -> Path:
    """The site full of mistakes."""
    return write_mistakes(tmp_path / "site")


def test_check_reports_every_mistake_word_for_word(runner) -> None:
    result = runner.invoke(args=["check"])
    assert result.exit_code == 1
    assert result.output.splitlines() == [*EXPECTED, SUMMARY]


def test_strict_turns_warnings_into_errors(runner) -> None:
    result = runner.invoke(args=["check", "--strict"])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[-1] == "Selesai: 29 galat, 0 peringatan di 26 berkas."
    assert not [line for line in lines if ": peringatan: " in line]
    assert ("content/contoh/layanan/salah-eja.md:7: galat: kunci tidak dikenal 'persyaratn' "
            "(maksud Anda 'persyaratan'?)") in lines


def test_json_gives_the_same_findings(runner) -> None:
    result = runner.invoke(args=["check", "--format", "json"])
    assert result.exit_code == 1
    found = json.loads(result.output)
    assert len(found) == len(EXPECTED)
    assert found[1] == {
        "path": "content/contoh/berita/bulan-inggris.md", "line": 3, "col": None,
        "severity": "error", "message": "'date': nama bulan 'March' tidak dikenal",
        "hint": "tulis nama bulan dalam bahasa Indonesia, misalnya 3 Maret 2025"}
    assert {"path": "content/contoh/berita/titik-dua.md", "line": 2, "col": 13,
            "severity": "error", "message": "tanda ':' muncul di tempat yang tidak boleh",
            "hint": "beri tanda kutip pada nilai yang memuat ':', misalnya "
                    "title: \"Rapat: Musdes\""} in found
    assert sum(p["severity"] == "warning" for p in found) == 6
    assert sum(p["severity"] == "note" for p in found) == 1
    strict = json.loads(runner.invoke(args=["check", "--format", "json", "--strict"]).output)
    assert {p["severity"] for p in strict} == {"error", "note"}  # a note is never a problem


def test_warnings_alone_pass_unless_strict(runner, site_tree: Path) -> None:
    for path in sorted(site_tree.rglob("*")):
        if path.is_file() and path.name not in ("site.yml", "contoh.yml", "windows.md",
                                                 "profil.md", "panen-raya.md", "sktm.md",
                                                 "kerja-bakti.md"):
            path.unlink()
    result = runner.invoke(args=["check"])
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        "content/contoh/berita/windows.md:5: peringatan: berkas bukan UTF-8; dibaca sebagai "
        "Windows-1252 (simpan ulang berkas sebagai UTF-8 (Notepad: Simpan Sebagai > "
        "Pengodean UTF-8))",
        CONTOH_NOTE,
        "Selesai: 0 galat, 1 peringatan di 1 berkas."]
    assert runner.invoke(args=["check", "--strict"]).exit_code == 1


def test_build_lists_the_same_problems_and_skips_what_they_cost(runner,
                                                                site_tree: Path) -> None:
    result = runner.invoke(args=["build"])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    # The official code list is checked by `flask check` (and `flask report`), not by builds.
    listed = [line for line in EXPECTED if "daftar Kepmendagri" in line]
    assert len(listed) == 3
    for line in EXPECTED:
        assert (line in lines) == (line not in listed), line
    for slug in ("kode-ganda", "kode-salah", "salah-tipe", "tanpa-kecamatan", "yaml-rusak"):
        assert f"{slug}: gagal; versi terbit sebelumnya dipertahankan." in lines
        assert not (site_tree / "build" / slug).exists()
    village = site_tree / "build/contoh"
    assert (village / "berita/tanggal-indonesia/index.html").is_file()  # 3 Maret 2026
    assert (village / "berita/tautan/index.html").is_file()  # warnings cost nothing
    assert (village / "berita/windows/index.html").is_file()
    assert "Café" in (village / "berita/windows/index.html").read_text()
    for skipped in ("bulan-inggris", "titik-dua", "tanpa-tanggal", "foto-besar", "foto-palsu",
                    "panjang", "word", "kunci-ganda", "tag-python"):
        assert not (village / "berita" / skipped).exists(), skipped
    assert not (village / "media/besar.jpg").exists()
    assert not (village / "media/palsu.jpg").exists()
