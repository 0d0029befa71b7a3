"""The village budget (APBDes): ``content/<slug>/apbdes/<tahun>.yml``, checked and summed.

Officers type the lines of the budget (pendapatan, belanja, pembiayaan) with
their kode rekening (Permendagri 20/2018); every total, percentage, surplus or
defisit and SiLPA is computed here, once, and pages, charts and open-data
files all read the same figures. A total an officer does type must agree with
the computed sum. Never imports Flask.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from satudesa.errors import Report
from satudesa.inputs import schema as s
from satudesa.inputs.sources import display_path, list_files, read_yaml
from satudesa.inputs.yamlsafe import Lines
from satudesa.load.drafts import as_draft, file_says_draft
from satudesa.money import ratio, rupiah

BIDANG = {
    "1": "Penyelenggaraan Pemerintahan Desa",
    "2": "Pelaksanaan Pembangunan Desa",
    "3": "Pembinaan Kemasyarakatan Desa",
    "4": "Pemberdayaan Masyarakat Desa",
    "5": "Penanggulangan Bencana, Keadaan Darurat dan Mendesak Desa",
}
BIDANG_SHORT = {"1": "Pemerintahan", "2": "Pembangunan", "3": "Kemasyarakatan",
                "4": "Pemberdayaan", "5": "Bencana, darurat, mendesak"}

# Source of income by kode rekening prefix (longest prefix wins), in display order.
SUMBER: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Dana Desa", ("4.2.1",)),
    ("Alokasi Dana Desa (ADD)", ("4.2.3",)),
    ("Pendapatan Asli Desa (PADes)", ("4.1",)),
    ("Bagi hasil pajak dan retribusi", ("4.2.2",)),
    ("Bantuan keuangan provinsi dan kabupaten", ("4.2.4", "4.2.5")),
    ("Pendapatan lain-lain", ("4.3",)),
)

KODE = {
    "pendapatan": re.compile(r"4\.(?:1\.[1-4]|2\.[1-5]|3\.[1-9])(?:\.\d{2})?"),
    "belanja": re.compile(r"[1-5]\.[1-9]\.\d{2}(?:\.\d{2})?"),
    "pembiayaan": re.compile(r"6\.[12]\.[1-9](?:\.\d{2})?"),
}
KODE_HINT = {
    "pendapatan": "pendapatan berkode 4.1.x (PADes), 4.2.x (transfer) atau 4.3.x (lain-lain), "
                  "contoh 4.2.1 untuk Dana Desa (Permendagri 20/2018)",
    "belanja": "tulis bidang.sub-bidang.kegiatan dengan bidang 1 sampai 5, contoh 1.1.01 "
               "(Permendagri 20/2018)",
    "pembiayaan": "penerimaan pembiayaan 6.1.x (contoh 6.1.1 SiLPA tahun sebelumnya), "
                  "pengeluaran pembiayaan 6.2.x (contoh 6.2.2 penyertaan modal desa)",
}
KODE_WHAT = {"pendapatan": "kode rekening pendapatan", "belanja": "kode kegiatan belanja",
             "pembiayaan": "kode rekening pembiayaan"}
SECTIONS = ("pendapatan", "belanja", "pembiayaan")


def amount(value: Any) -> int:
    """A whole, non-negative number of rupiah; '1.500.000' (quoted) is accepted."""
    if isinstance(value, float):
        shown = int(value) if value.is_integer() else value
        raise s.Invalid(f"tertulis sebagai angka pecahan ({shown})",
                        'tulis rupiah tanpa titik, misalnya 25000, atau beri tanda kutip: '
                        '"25.000"')
    if isinstance(value, bool) or isinstance(value, (list, dict)):
        raise s.Invalid("harus berupa angka rupiah", "tulis angkanya saja, misalnya 25000000")
    return s.non_negative(value)


def signed(value: Any) -> int:
    """A whole number of rupiah that may be negative (a defisit)."""
    if isinstance(value, str) and value.strip().startswith("-"):
        return -amount(value.strip()[1:])
    if isinstance(value, int) and not isinstance(value, bool) and value < 0:
        return value
    return amount(value)


ITEM: s.Schema = {
    "kode": s.Field(s.text, required=True),
    "uraian": s.Field(s.text, required=True),
    "anggaran": s.Field(amount, required=True),
    "perubahan": s.Field(amount),
    "realisasi": s.Field(amount),
    "lokasi": s.Field(s.text),
    "pelaksana": s.Field(s.text),
    "sumber_dana": s.Field(s.text),
    "keterangan": s.Field(s.text),
}

# Totals an officer may type (never needed): key -> (what is summed, may be negative).
TYPED = {
    "jumlah_pendapatan": ("total_pendapatan", False),
    "jumlah_belanja": ("total_belanja", False),
    "jumlah_penerimaan_pembiayaan": ("penerimaan_pembiayaan", False),
    "jumlah_pengeluaran_pembiayaan": ("pengeluaran_pembiayaan", False),
    "pembiayaan_netto": ("pembiayaan_netto", True),
    "surplus_defisit": ("surplus", True),
    "silpa": ("silpa", True),
}


def _raw(value: Any) -> Any:
    return value


TOP: s.Schema = {
    "draft": s.Field(s.boolean),
    "tahun": s.Field(s.integer),
    "status": s.Field(s.one_of("ditetapkan", "perubahan")),
    "perdes": s.Field(s.text),
    "periode_realisasi": s.Field(s.text),
    **{name: s.Field(_raw) for name in SECTIONS},
    **{name: s.Field(_raw) for name in TYPED},
}


@dataclass(frozen=True)
class Line:
    """One budget line: a kode rekening, what it is, and its amounts in rupiah.

    ``perubahan`` is the revised budget (APBDes Perubahan) beside the original
    ``anggaran``; ``pagu`` is whichever is in force.
    """

    kode: str
    uraian: str
    anggaran: int
    perubahan: int | None = None
    realisasi: int | None = None
    lokasi: str = ""
    pelaksana: str = ""
    sumber_dana: str = ""
    keterangan: str = ""

    @property
    def pagu(self) -> int:
        """The budget in force: the revised one when there is one."""
        return self.anggaran if self.perubahan is None else self.perubahan


@dataclass(frozen=True)
class Amount:
    """Three figures of one total: original budget, budget in force, realisation."""

    anggaran: int
    pagu: int
    realisasi: int | None = None

    @property
    def persen(self) -> float | None:
        """Realisation as a percentage of the budget in force (2 decimals)."""
        return ratio(self.realisasi, self.pagu)

    @property
    def selisih(self) -> int | None:
        """Budget in force minus realisation ('lebih/kurang')."""
        return None if self.realisasi is None else self.pagu - self.realisasi

    def __add__(self, other: Amount) -> Amount:
        real = None if self.realisasi is None or other.realisasi is None \
            else self.realisasi + other.realisasi
        return Amount(self.anggaran + other.anggaran, self.pagu + other.pagu, real)

    def __sub__(self, other: Amount) -> Amount:
        real = None if self.realisasi is None or other.realisasi is None \
            else self.realisasi - other.realisasi
        return Amount(self.anggaran - other.anggaran, self.pagu - other.pagu, real)

    def column(self, name: str) -> int | None:
        """One figure by its YAML name (``anggaran``, ``perubahan`` or ``realisasi``)."""
        return {"anggaran": self.anggaran, "perubahan": self.pagu,
                "realisasi": self.realisasi}[name]


@dataclass(frozen=True)
class Group:
    """A subtotal: a bidang of belanja or a source of income."""

    kode: str
    nama: str
    amount: Amount
    lines: tuple[Line, ...] = ()
    short: str = ""


@dataclass
class Apbdes:
    """One year's APB Desa as adopted (and possibly revised), with its realisation.

    Every figure shown anywhere is a property computed from the lines here.
    """

    tahun: int
    src_rel: str
    pendapatan: list[Line] = field(default_factory=list)
    belanja: list[Line] = field(default_factory=list)
    pembiayaan: list[Line] = field(default_factory=list)
    status: str = "ditetapkan"
    perdes: str = ""
    periode_realisasi: str = ""

    @cached_property
    def has_realisasi(self) -> bool:
        """True when any line carries a realisation figure."""
        return any(line.realisasi is not None for line in self.all_lines)

    @cached_property
    def has_perubahan(self) -> bool:
        """True when the budget was revised (any line has ``perubahan``)."""
        return self.status == "perubahan" or any(
            line.perubahan is not None for line in self.all_lines)

    @property
    def all_lines(self) -> list[Line]:
        """Every line of the three parts."""
        return [*self.pendapatan, *self.belanja, *self.pembiayaan]

    def sum(self, lines: list[Line] | tuple[Line, ...]) -> Amount:
        """Total of some lines; a missing realisation counts 0 once the year has any."""
        real = sum(line.realisasi or 0 for line in lines) if self.has_realisasi else None
        return Amount(sum(line.anggaran for line in lines), sum(line.pagu for line in lines), real)

    @cached_property
    def total_pendapatan(self) -> Amount:
        """Jumlah pendapatan."""
        return self.sum(self.pendapatan)

    @cached_property
    def total_belanja(self) -> Amount:
        """Jumlah belanja."""
        return self.sum(self.belanja)

    @cached_property
    def penerimaan_pembiayaan(self) -> Amount:
        """Penerimaan pembiayaan (6.1: SiLPA of last year, reserve funds …)."""
        return self.sum([line for line in self.pembiayaan if line.kode.startswith("6.1.")])

    @cached_property
    def pengeluaran_pembiayaan(self) -> Amount:
        """Pengeluaran pembiayaan (6.2: reserve funds, capital for BUMDes …)."""
        return self.sum([line for line in self.pembiayaan if line.kode.startswith("6.2.")])

    @cached_property
    def pembiayaan_netto(self) -> Amount:
        """Penerimaan minus pengeluaran pembiayaan."""
        return self.penerimaan_pembiayaan - self.pengeluaran_pembiayaan

    @cached_property
    def surplus(self) -> Amount:
        """Surplus (positive) or defisit (negative): pendapatan minus belanja."""
        return self.total_pendapatan - self.total_belanja

    @cached_property
    def silpa(self) -> Amount:
        """SiLPA tahun berjalan: surplus/defisit plus pembiayaan netto."""
        return self.surplus + self.pembiayaan_netto

    @cached_property
    def per_bidang(self) -> list[Group]:
        """Belanja by bidang 1–5, every bidang listed even when empty."""
        groups = []
        for kode, nama in BIDANG.items():
            lines = tuple(line for line in self.belanja if line.kode.split(".")[0] == kode)
            groups.append(Group(kode, nama, self.sum(lines), lines, BIDANG_SHORT[kode]))
        return groups

    @cached_property
    def per_sumber(self) -> list[Group]:
        """Pendapatan by source (Dana Desa, ADD, PADes …), only the sources present."""
        groups = []
        for nama, prefixes in SUMBER:
            lines = tuple(line for line in self.pendapatan
                          if any(line.kode == p or line.kode.startswith(p + ".")
                                 for p in prefixes))
            if lines:
                groups.append(Group(prefixes[0], nama, self.sum(lines), lines, nama))
        return groups

    @property
    def dana_desa(self) -> Amount:
        """The Dana Desa allocation (4.2.1)."""
        return next((g.amount for g in self.per_sumber if g.kode == "4.2.1"), Amount(0, 0))


# -- reading ---------------------------------------------------------------------


def load_apbdes(root: Path, site_dir: Path, report: Report) -> dict[int, Apbdes]:
    """Every valid ``apbdes/<tahun>.yml`` of a village, newest year first."""
    years: dict[int, Apbdes] = {}
    for path in list_files(root / "apbdes", ".yml", root, report, site_dir):
        shown = display_path(path, site_dir)
        if file_says_draft(path):  # checked, never published (see drafts.py)
            with as_draft(report, shown) as mine:
                read_apbdes(path, shown, mine, path.relative_to(root).as_posix())
            continue
        budget = read_apbdes(path, shown, report, path.relative_to(root).as_posix())
        if budget is not None:
            years[budget.tahun] = budget
    return dict(sorted(years.items(), reverse=True))


def read_apbdes(path: Path, shown: str, report: Report, src_rel: str = "") -> Apbdes | None:
    """Read and check one year's file; None (errors recorded) when it cannot be published."""
    if not re.fullmatch(r"(19|20)\d\d", path.stem):
        report.error(shown, f"nama berkas '{path.name}' harus berupa tahun anggaran",
                     "beri nama seperti 2025.yml")
        return None
    parsed = read_yaml(path, shown, report)
    if parsed is None:
        return None
    data, lines = parsed
    return check_apbdes(data, int(path.stem), shown, lines, report, src_rel)


def check_apbdes(data: Any, tahun: int, shown: str, lines: Lines, report: Report,
                 src_rel: str = "") -> Apbdes | None:
    """Validate parsed YAML into an :class:`Apbdes`; every problem is reported."""
    before = len(report.errors)
    values = s.check_mapping(data if data is not None else {}, TOP, shown, lines, report)
    if values is None:
        return None
    if "tahun" in values and values["tahun"] != tahun:
        report.error(shown, f"'tahun' {values['tahun']} berbeda dengan nama berkas {tahun}.yml",
                     "samakan keduanya atau hapus baris 'tahun'", line=lines.get(("tahun",)))
    parts: dict[str, list[Line]] = {}
    for section in SECTIONS:
        parts[section] = _check_section(values.get(section), section, shown, lines, report)
    for section in ("pendapatan", "belanja"):
        if section not in values and not parts[section]:
            report.error(shown, f"bagian '{section}' tidak ada",
                         f"tambahkan '{section}:' berisi daftar rincian", line=1)
    if len(report.errors) > before:
        return None
    budget = Apbdes(tahun=tahun, src_rel=src_rel, status=values.get("status", "ditetapkan"),
                    perdes=values.get("perdes", ""),
                    periode_realisasi=values.get("periode_realisasi", ""), **parts)
    for key, (prop, may_be_negative) in TYPED.items():
        if key in values:
            _check_typed(key, values[key], getattr(budget, prop), may_be_negative, shown,
                         lines, report)
    if len(report.errors) > before:
        return None
    if budget.silpa.pagu != 0:
        # An adopted APB Desa balances: a surplus funds pengeluaran pembiayaan, a defisit
        # is covered by penerimaan pembiayaan. Since officers type no totals, this is the
        # check that catches a mistyped line.
        report.warning(shown, f"anggaran tidak seimbang: surplus/defisit "
                              f"{rupiah(budget.surplus.pagu)} ditambah pembiayaan netto "
                              f"{rupiah(budget.pembiayaan_netto.pagu)} menyisakan "
                              f"{rupiah(budget.silpa.pagu)}, seharusnya Rp0",
                       "periksa angka anggaran setiap rincian dengan Perdes APB Desa",
                       line=lines.get(("pembiayaan",), lines.get(("belanja",))))
    return budget


def _check_section(raw: Any, section: str, shown: str, lines: Lines,
                   report: Report) -> list[Line]:
    """Check the items of one part; bad items are reported (and make the file fail)."""
    if raw is None:
        return []
    if not isinstance(raw, list):
        report.error(shown, f"'{section}' harus berupa daftar rincian",
                     "awali setiap rincian dengan '- ', contoh: "
                     '- {kode: "4.2.1", uraian: "Dana Desa", anggaran: 1000000000}',
                     line=lines.get((section,)))
        return []
    items: list[Line] = []
    seen: dict[str, int] = {}
    for index, item in enumerate(raw):
        where = (section, index)
        line = lines.get(where, lines.get((section,)))
        values = s.check_mapping(item, ITEM, shown, lines, report, prefix=where,
                                 where=f"rincian {section} ke-{index + 1}")
        if values is None:
            continue
        kode = values["kode"].rstrip(".")
        kode_line = lines.get((*where, "kode"), line)
        if not KODE[section].fullmatch(kode):
            report.error(shown, f"'{values['kode']}' bukan {KODE_WHAT[section]} yang sah",
                         KODE_HINT[section], line=kode_line)
            continue
        if kode in seen:
            report.warning(shown, f"kode {kode} sudah dipakai pada baris {seen[kode]}",
                           "gabungkan kedua rincian atau beri kode rinci seperti "
                           f"{kode}.01 dan {kode}.02", line=kode_line)
        seen.setdefault(kode, kode_line or 0)
        values["kode"] = kode
        entry = Line(**values)
        if section == "belanja" and entry.realisasi is not None and entry.realisasi > entry.pagu:
            report.warning(shown, f"realisasi {kode} ({rupiah(entry.realisasi)}) melebihi "
                                  f"anggarannya ({rupiah(entry.pagu)})",
                           "periksa angka realisasi atau catat perubahan anggarannya",
                           line=lines.get((*where, "realisasi"), line))
        items.append(entry)
    return items


def _check_typed(key: str, raw: Any, computed: Amount, may_be_negative: bool, shown: str,
                 lines: Lines, report: Report) -> None:
    """A total the officer typed must equal the computed one; show both when not."""
    convert = signed if may_be_negative else amount
    typed: dict[str, Any] = raw if isinstance(raw, dict) else {"perubahan": raw}
    for column, value in typed.items():
        line = lines.get((key, column), lines.get((key,)))
        if column not in ("anggaran", "perubahan", "realisasi"):
            report.warning(shown, f"kunci tidak dikenal '{key}.{column}'",
                           "gunakan anggaran, perubahan atau realisasi", line=line)
            continue
        try:
            number = convert(value)
        except s.Invalid as exc:
            report.error(shown, f"'{key}': {exc.message}", exc.hint, line=line)
            continue
        expected = computed.column(column)
        label = key if not isinstance(raw, dict) else f"{key} ({column})"
        if expected is None:
            report.error(shown, f"'{label}' tertulis {rupiah(number)}, tetapi tidak ada "
                                "rincian yang memuat realisasi",
                         "isi 'realisasi' pada rinciannya atau hapus baris jumlah ini", line=line)
        elif number != expected:
            report.error(shown, f"'{label}' tertulis {rupiah(number)}, tetapi jumlah rinciannya "
                                f"{rupiah(expected)} (selisih {rupiah(abs(number - expected))})",
                         f"periksa angka setiap rincian, atau hapus '{key}': jumlah dihitung "
                         "otomatis", line=line)
