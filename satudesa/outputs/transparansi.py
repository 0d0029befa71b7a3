"""The charts of the transparency pages, composed from the computed figures.

Section builders in :mod:`satudesa.routes` put these in the page context; the
same numbers fill the data table printed beside each chart.
"""

from __future__ import annotations

from markupsafe import Markup

from satudesa.load.apbdes import Apbdes
from satudesa.load.statistik import Statistik
from satudesa.money import rupiah
from satudesa.outputs import charts


def _real_note(budget: Apbdes) -> str:
    if not budget.has_realisasi:
        return "Realisasi belum dilaporkan."
    total = budget.total_belanja
    return (f"Realisasi belanja {rupiah(total.realisasi or 0)} dari anggaran "
            f"{rupiah(total.pagu)}.")


def apbdes_charts(budget: Apbdes) -> dict[str, Markup]:
    """Income by source and spending by bidang, budget against realisation."""
    sumber = [(g.nama, g.amount.pagu, g.amount.realisasi) for g in budget.per_sumber]
    bidang = [(f"{g.kode}. {g.short}", g.amount.pagu, g.amount.realisasi)
              for g in budget.per_bidang]
    # The legend names the columns exactly as the tables beside the charts do.
    names = ("Anggaran setelah perubahan" if budget.has_perubahan else "Anggaran", "Realisasi")
    return {
        "sumber": charts.paired_bars(
            "c-sumber", f"Pendapatan desa {budget.tahun} menurut sumber",
            "Batang abu-abu: anggaran; batang berwarna: realisasi. "
            + "; ".join(f"{n}: anggaran {rupiah(a)}"
                        + (f", realisasi {rupiah(r)}" if r is not None else "")
                        for n, a, r in sumber) + ".", sumber, names),
        "bidang": charts.paired_bars(
            "c-bidang", f"Belanja desa {budget.tahun} menurut bidang",
            "Batang abu-abu: anggaran; batang berwarna: realisasi. " + _real_note(budget),
            bidang, names),
    }


def comparison_chart(years: list[Apbdes]) -> Markup:
    """Belanja of every year, budget against realisation, oldest first."""
    rows = [(str(b.tahun), b.total_belanja.pagu, b.total_belanja.realisasi)
            for b in sorted(years, key=lambda b: b.tahun)]
    desc = "; ".join(f"{t}: anggaran {rupiah(a)}" + (f", realisasi {rupiah(r)}" if r else "")
                     for t, a, r in rows) + "."
    return charts.paired_bars("c-tahun", "Belanja desa dari tahun ke tahun", desc, rows,
                              ("Anggaran belanja", "Realisasi belanja"))


def statistik_charts(stats: Statistik) -> dict[str, Markup]:
    """One chart per group: a pyramid for age by sex, horizontal bars for the rest."""
    result: dict[str, Markup] = {}
    for group in stats.groups:
        cid = f"c-{group.key.replace('_', '-')}"
        if group.by_sex:
            rows = [(r.label, r.laki_laki or 0, r.perempuan or 0) for r in group.rows]
            result[group.key] = charts.pyramid(
                cid, f"Piramida penduduk menurut {group.title.lower()}",
                f"Laki-laki di kiri, perempuan di kanan; {group.total} jiwa, per "
                f"{stats.per_tanggal.isoformat()}.", rows)
        else:
            rows2 = [(r.label, r.jumlah) for r in group.rows]
            result[group.key] = charts.bars(
                cid, f"Penduduk menurut {group.title.lower()}",
                "; ".join(f"{label}: {value}" for label, value in rows2) + ".", rows2)
    return result
