"""Shared officer files for the transparency tests (hand-checked figures in test_apbdes)."""
# ruff: noqa: E501  (YAML lines as officers write them)

from __future__ import annotations

APBDES_2026 = """\
tahun: 2026
status: perubahan
perdes: "Peraturan Desa Contoh Nomor 3 Tahun 2026"
periode_realisasi: "akhir tahun"
pendapatan:
  - {kode: "4.1.1", uraian: "Hasil Usaha Desa", anggaran: 10000000, realisasi: 9000000}
  - {kode: "4.2.1", uraian: "Dana Desa", anggaran: 1000000000, perubahan: 950000000, realisasi: 950000000}
  - {kode: "4.2.3", uraian: "Alokasi Dana Desa", anggaran: 400000000, realisasi: 400000000}
belanja:
  - {kode: "1.1.01", uraian: "Penghasilan Tetap Kepala Desa", anggaran: 500000000, realisasi: 480000000}
  - {kode: "2.3.10", uraian: "Jalan Desa <RW 04>", anggaran: 900000000, perubahan: 850000000, realisasi: 800000000, lokasi: "RW 04"}
  - {kode: "5.3.01", uraian: "BLT Dana Desa", anggaran: 100000000}
pembiayaan:
  - {kode: "6.1.1", uraian: "SiLPA Tahun Sebelumnya", anggaran: 50000000, realisasi: 50000000}
  - {kode: "6.2.2", uraian: "Penyertaan Modal BUMDes", anggaran: 10000000, realisasi: 10000000}
"""

APBDES_2025 = """\
pendapatan:
  - {kode: "4.2.1", uraian: "Dana Desa", anggaran: 900000000}
belanja:
  - {kode: "2.3.10", uraian: "Jalan Desa", anggaran: 900000000}
"""

STATISTIK = """\
sumber: "Data Kependudukan Desa"
per_tanggal: 2026-06-30
jumlah_kk: 60
jenis_kelamin:
  Laki-laki: 110
  Perempuan: 90
  total: 200
kelompok_umur:
  "0-14": {laki_laki: 40, perempuan: 30}
  "15-64": {laki_laki: 60, perempuan: 50}
  "65+": {laki_laki: 10, perempuan: 10}
  total: 200
pendidikan:
  "Tamat SD/Sederajat": 120
  "SLTA/Sederajat": 80
"""
