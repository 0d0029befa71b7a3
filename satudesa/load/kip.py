"""Keterbukaan informasi publik: the Daftar Informasi Publik and the Perki 1/2018 check.

The list is built from what the village already publishes: ``dokumen/`` pages
(each with its ``kategori``), the APBDes years, the statistics, emergency
announcements and the service standards. The check warns (never fails) when
an item that Perki 1/2018 Pasal 2 requires to be published periodically
(berkala) cannot be found, so the officer knows what to publish next.
Never imports Flask.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from satudesa.errors import Report
from satudesa.inputs.sources import display_path
from satudesa.load.apbdes import load_apbdes
from satudesa.load.model import Page, VillageSite
from satudesa.load.statistik import load_statistik


@dataclass(frozen=True)
class Category:
    """One of the three kinds of public information (UU 14/2008), named once for every use."""

    key: str  # the dokumen ``kategori`` value
    label: str  # heading of the dokumen list
    title: str  # heading of the Daftar Informasi Publik
    note: str

    def __iter__(self) -> Iterator[str]:
        """Unpack as ``key, title, note`` (the Daftar Informasi Publik template)."""
        return iter((self.key, self.title, self.note))


CATEGORIES = (
    Category("berkala", "Informasi berkala", "Informasi yang wajib diumumkan secara berkala",
             "Diperbarui paling lambat setiap enam bulan (UU 14/2008 Pasal 9)."),
    Category("serta-merta", "Informasi serta-merta",
             "Informasi yang wajib diumumkan secara serta-merta",
             "Diumumkan segera bila mengancam hajat hidup orang banyak dan ketertiban umum "
             "(UU 14/2008 Pasal 10)."),
    Category("setiap-saat", "Informasi setiap saat", "Informasi yang wajib tersedia setiap saat",
             "Dapat diminta kapan saja kepada PPID Desa (UU 14/2008 Pasal 11)."),
)
CATEGORY_KEYS = tuple(c.key for c in CATEGORIES)


@dataclass(frozen=True)
class Entry:
    """One row of the Daftar Informasi Publik."""

    title: str
    url: str  # village-relative target
    bentuk: str  # 'PDF', 'Halaman web' …
    tahun: int | None = None
    nomor: str = ""
    summary: str = ""


def _bentuk(url: str) -> str:
    suffix = PurePosixPath(url).suffix.lower().lstrip(".")
    return suffix.upper() if suffix else "Halaman web"


def public_list(vs: VillageSite) -> dict[str, list[Entry]]:
    """The village's public information grouped by category, newest first within each."""
    groups: dict[str, list[Entry]] = {key: [] for key in CATEGORY_KEYS}
    for page in vs.of("dokumen"):
        target = page.get("file") or page.url
        groups[page.get("kategori", "setiap-saat")].append(Entry(
            page.title, target, _bentuk(target), page.get("tahun"), page.get("nomor", ""),
            page.summary))
    for tahun, budget in vs.data.get("apbdes", {}).items():
        title = f"APB Desa Tahun {tahun}"
        if budget.has_realisasi:
            title += " dan realisasinya"
        groups["berkala"].append(Entry(title, f"apbdes/{tahun}/", "Halaman web, CSV, JSON",
                                       tahun, budget.perdes))
    stats = vs.data.get("statistik")
    if stats is not None:
        groups["berkala"].append(Entry("Data kependudukan", "statistik/",
                                       "Halaman web, CSV, JSON", stats.per_tanggal.year,
                                       summary=f"Sumber: {stats.sumber}"))
    for page in vs.of("pengumuman"):
        if page.get("darurat"):
            groups["serta-merta"].append(Entry(page.title, page.url, "Halaman web",
                                               page.date.year if page.date else None,
                                               summary=page.summary))
    if vs.of("layanan"):
        groups["setiap-saat"].append(Entry("Standar pelayanan administrasi desa", "layanan/",
                                           "Halaman web",
                                           summary="Persyaratan, prosedur, waktu dan biaya "
                                                   "setiap layanan."))
    for entries in groups.values():
        entries.sort(key=lambda e: (-(e.tahun or 0), e.title.lower()))
    return groups


# -- Perki 1/2018 Pasal 2: what must be published periodically -----------------------

Matcher = Callable[[VillageSite, int], bool]


def _titles(vs: VillageSite) -> list[tuple[str, Page]]:
    return [(f"{p.title} {p.get('nomor', '')}".lower(), p) for p in vs.of("dokumen")]


def _has(*words: str) -> Matcher:
    def match(vs: VillageSite, year: int) -> bool:
        return any(word in text for text, _ in _titles(vs) for word in words)
    return match


def _profil(vs: VillageSite, year: int) -> bool:
    pages = [*vs.of("halaman"), *vs.intros.values()]
    return (vs.root / "perangkat.yml").is_file() or any(
        "profil" in p.slug or "visi" in p.slug or "profil" in p.title.lower() for p in pages)


def _apb(vs: VillageSite, year: int) -> bool:
    return bool(vs.data.get("apbdes")) or _has("apb desa", "apbdes")(vs, year)


def _perdes_apb(vs: VillageSite, year: int) -> bool:
    budget = vs.data.get("apbdes", {}).get(year)
    if budget is not None and budget.perdes:
        return True
    return any(("apb desa" in text or "apbdes" in text)
               and ("peraturan desa" in text or "perdes" in text)
               and page.get("tahun") == year for text, page in _titles(vs))


def _keuangan(vs: VillageSite, year: int) -> bool:
    return any(b.has_realisasi for b in vs.data.get("apbdes", {}).values()) or _has(
        "realisasi", "laporan keuangan", "kekayaan desa", "aset desa")(vs, year)


@dataclass(frozen=True)
class Requirement:
    """One item of Perki 1/2018 Pasal 2, how it is recognised, and what to write."""

    label: str
    found: Matcher
    hint: str


BERKALA = (
    Requirement("profil badan publik desa (alamat, visi-misi, struktur organisasi, profil "
                "pejabat)", _profil,
                "buat halaman/profil.md dan perangkat.yml"),
    Requirement("matriks program/kegiatan yang sedang dijalankan",
                _has("matriks", "program kegiatan", "program/kegiatan", "program dan kegiatan",
                     "kegiatan berjalan", "kegiatan yang sedang"),
                "judul dokumen memuat 'Matriks Program dan Kegiatan'"),
    Requirement("matriks program yang masuk ke desa dan data penerima bantuan",
                _has("penerima bantuan", "program masuk", "penerima blt", "keluarga penerima"),
                "judul dokumen memuat 'Penerima Bantuan' atau 'Program Masuk Desa'"),
    Requirement("RPJM Desa", _has("rpjm"), "judul dokumen memuat 'RPJM Desa'"),
    Requirement("RKP Desa", _has("rkp"), "judul dokumen memuat 'RKP Desa'"),
    Requirement("APB Desa", _apb, "isi apbdes/<tahun>.yml"),
    Requirement("Peraturan Desa tentang APB Desa tahun berjalan", _perdes_apb,
                "isi 'perdes' di apbdes/<tahun>.yml tahun ini, atau terbitkan dokumen "
                "Peraturan Desa tentang APB Desa dengan 'tahun' tahun ini"),
    Requirement("laporan penyelenggaraan pemerintahan desa (laporan kinerja)",
                _has("penyelenggaraan pemerintah", "lppd", "laporan kinerja"),
                "judul dokumen memuat 'Laporan Penyelenggaraan Pemerintahan Desa'"),
    Requirement("laporan keuangan desa (realisasi APB Desa, kekayaan desa)", _keuangan,
                "isi 'realisasi' di apbdes/<tahun>.yml atau terbitkan laporan realisasinya"),
)


def missing_berkala(vs: VillageSite, year: int) -> list[Requirement]:
    """The Perki 1/2018 berkala items this village does not publish yet."""
    return [req for req in BERKALA if not req.found(vs, year)]


def check_berkala(vs: VillageSite, site_dir: Path, report: Report, today: dt.date) -> None:
    """Warn once per missing berkala item, for villages that publish documents or a budget.

    A village with neither ``dokumen/`` nor ``apbdes/`` has not started its
    information list yet; nine warnings before its first document would bury
    every other finding, so the check starts with the first one.
    """
    folder = vs.root / "dokumen"
    if not folder.is_dir() and not (vs.root / "apbdes").is_dir():
        return
    shown = display_path(folder, site_dir) + "/"
    for req in missing_berkala(vs, today.year):
        report.warning(shown, f"informasi berkala belum terbit: {req.label} "
                              "(Perki 1/2018 Pasal 2)",
                       f"terbitkan di dokumen/ dengan 'kategori: berkala'; {req.hint}")


def load_transparency(vs: VillageSite, site_dir: Path, report: Report,
                      now: dt.datetime) -> None:
    """APBDes years and statistics into ``vs.data``, then the Perki 1/2018 berkala check."""
    vs.data["apbdes"] = load_apbdes(vs.root, site_dir, report)
    stats = load_statistik(vs.root, site_dir, report)
    if stats is not None:
        vs.data["statistik"] = stats
    check_berkala(vs, site_dir, report, now.date())
