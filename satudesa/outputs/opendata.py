"""Open data: each APBDes year and the statistics as CSV and JSON.

The files are written from the same :class:`~satudesa.apbdes.Apbdes` and
:class:`~satudesa.statistik.Statistik` objects the pages show, so a download
always carries the figures on screen. CSV is RFC 4180 (comma, UTF-8, one
header row, whole rupiah without separators) as Satu Data Indonesia asks.
"""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

from satudesa.load.apbdes import Amount, Apbdes, Line
from satudesa.load.registry import Village
from satudesa.load.statistik import Statistik

APBDES_COLUMNS = ("jenis", "bagian", "kode", "uraian", "anggaran", "perubahan", "realisasi",
                  "persen_realisasi")

# Computed totals, in the order of a realisation report (key, label).
SUMMARY = (
    ("total_pendapatan", "Jumlah Pendapatan"),
    ("total_belanja", "Jumlah Belanja"),
    ("surplus", "Surplus/(Defisit)"),
    ("penerimaan_pembiayaan", "Jumlah Penerimaan Pembiayaan"),
    ("pengeluaran_pembiayaan", "Jumlah Pengeluaran Pembiayaan"),
    ("pembiayaan_netto", "Pembiayaan Netto"),
    ("silpa", "Sisa Lebih Pembiayaan Anggaran (SiLPA) Tahun Berjalan"),
)


# Differences, not budgets: a realisation percentage of them means nothing.
DERIVED = frozenset({"surplus", "pembiayaan_netto", "silpa"})


def _amount(amount: Amount, derived: bool = False) -> dict[str, Any]:
    return {"anggaran": amount.anggaran, "perubahan": amount.pagu,
            "realisasi": amount.realisasi,
            "persen_realisasi": None if derived else amount.persen}


def _line(line: Line) -> dict[str, Any]:
    data: dict[str, Any] = {"kode": line.kode, "uraian": line.uraian, "anggaran": line.anggaran,
                            "perubahan": line.perubahan, "realisasi": line.realisasi}
    for key in ("lokasi", "pelaksana", "sumber_dana", "keterangan"):
        if getattr(line, key):
            data[key] = getattr(line, key)
    return data


def apbdes_data(budget: Apbdes, village: Village) -> dict[str, Any]:
    """The year as one JSON-ready mapping: lines, subtotals and computed totals."""
    return {
        "desa": village.name, "kode_wilayah": village.kode_wilayah, "tahun": budget.tahun,
        "status": budget.status, "perdes": budget.perdes or None,
        "periode_realisasi": budget.periode_realisasi or None,
        "satuan": "rupiah",
        "ringkasan": {key: _amount(getattr(budget, key), key in DERIVED) for key, _ in SUMMARY},
        "per_sumber": [{"kode": g.kode, "nama": g.nama, **_amount(g.amount)}
                       for g in budget.per_sumber],
        "per_bidang": [{"kode": g.kode, "nama": g.nama, **_amount(g.amount)}
                       for g in budget.per_bidang],
        "pendapatan": [_line(line) for line in budget.pendapatan],
        "belanja": [_line(line) for line in budget.belanja],
        "pembiayaan": [_line(line) for line in budget.pembiayaan],
    }


def apbdes_json(budget: Apbdes, village: Village) -> bytes:
    """JSON download of one year."""
    return _json(apbdes_data(budget, village))


def apbdes_csv(budget: Apbdes) -> bytes:
    """CSV download of one year: every line ('rincian'), then every total ('jumlah')."""
    out, writer = _writer(APBDES_COLUMNS)
    for section in ("pendapatan", "belanja", "pembiayaan"):
        for line in getattr(budget, section):
            writer.writerow(["rincian", section, line.kode, line.uraian, line.anggaran,
                             _blank(line.perubahan), _blank(line.realisasi), ""])
    for group in budget.per_bidang:
        _total_row(writer, "bidang", group.kode, group.nama, group.amount)
    for group in budget.per_sumber:
        _total_row(writer, "sumber", group.kode, group.nama, group.amount)
    for key, label in SUMMARY:
        _total_row(writer, key, "", label, getattr(budget, key), key in DERIVED)
    return out.getvalue().encode()


def _total_row(writer: Any, part: str, kode: str, label: str, amount: Amount,
               derived: bool = False) -> None:
    writer.writerow(["jumlah", part, kode, label, amount.anggaran, amount.pagu,
                     _blank(amount.realisasi), "" if derived else _blank(amount.persen)])


STATISTIK_COLUMNS = ("kelompok", "label", "jumlah", "persen", "laki_laki", "perempuan")


def statistik_data(stats: Statistik, village: Village) -> dict[str, Any]:
    """The statistics as one JSON-ready mapping."""
    return {
        "desa": village.name, "kode_wilayah": village.kode_wilayah, "sumber": stats.sumber,
        "per_tanggal": stats.per_tanggal.isoformat(), "jumlah_kk": stats.jumlah_kk,
        "kelompok": [{
            "kunci": g.key, "judul": g.title, "total": g.total,
            "rincian": [{"label": r.label, "jumlah": r.jumlah, "persen": r.persen,
                         **({"laki_laki": r.laki_laki, "perempuan": r.perempuan}
                            if r.laki_laki is not None else {})} for r in g.rows],
        } for g in stats.groups],
    }


def statistik_json(stats: Statistik, village: Village) -> bytes:
    """JSON download of the statistics."""
    return _json(statistik_data(stats, village))


def statistik_csv(stats: Statistik) -> bytes:
    """CSV download: one row per label of every group."""
    out, writer = _writer(STATISTIK_COLUMNS)
    for group in stats.groups:
        for row in group.rows:
            writer.writerow([group.key, row.label, row.jumlah, _blank(row.persen),
                             _blank(row.laki_laki), _blank(row.perempuan)])
    return out.getvalue().encode()


def _writer(columns: tuple[str, ...]) -> tuple[io.StringIO, Any]:
    out = io.StringIO(newline="")
    writer = _CellWriter(out)
    writer.writerow(columns)
    return out, writer


# What starts a formula in Excel and LibreOffice (OWASP's CSV injection list).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A separator a spreadsheet may split on (',' as written; ';' is Indonesian Excel's
# default; tab), then what would start a formula in the cell it begins.
_INNER_FORMULA = re.compile(r"(?<=[,;\t])(?=[ ]*[=+\-@\t\r])")


def neutralise(cell: str) -> str:
    """Officer text that no spreadsheet runs, whichever separator it splits the line on.

    A cell starting a formula gets a leading apostrophe; so does every piece
    after a ',', ';' or tab inside it, because a spreadsheet opening the file
    with ';' as separator starts a new cell there ('Dana Desa;=HYPERLINK(…)').
    """
    cell = _INNER_FORMULA.sub("'", cell)
    return "'" + cell if cell.startswith(FORMULA_START) else cell


class _CellWriter:
    """A CSV writer that keeps officers' text from running as a spreadsheet formula.

    Text cells go through :func:`neutralise`; numbers are written as they are.
    See docs/security.md.
    """

    def __init__(self, out: io.StringIO) -> None:
        self._writer = csv.writer(out, lineterminator="\r\n")

    def writerow(self, row: list[Any] | tuple[Any, ...]) -> None:
        self._writer.writerow([neutralise(cell) if isinstance(cell, str) else cell
                               for cell in row])


def _blank(value: object) -> object:
    return "" if value is None else value


def _json(data: dict[str, Any]) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode()
