"""``flask report`` output: the kelengkapan rows as a text table, CSV or JSON."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from typing import Any

from satudesa.dates import tanggal
from satudesa.regency.kelengkapan import ITEMS, Row, Totals, kb


def _day(value: dt.date | None) -> str:
    return value.isoformat() if value else "-"


def as_table(rows: list[Row], sums: list[Totals], year: int) -> str:
    """A plain text table for the terminal, then the totals per kecamatan."""
    head = ["Desa", "Kecamatan", "Terbit", "Lengkap", "Belum ada", "Berita", "Pengumuman",
            "Galat", "Peringatan", "Bobot beranda"]
    body = [[r.name, r.kecamatan, "ya" if r.published else "tidak", f"{r.score}/{len(ITEMS)}",
             ", ".join(r.missing) or "-", _day(r.berita), _day(r.pengumuman), str(r.errors),
             str(r.warnings), kb(r.weight)] for r in rows]
    lines = [f"Kelengkapan {len(rows)} desa/kelurahan (tahun anggaran {year}):", ""]
    lines += _grid(head, body)
    lines += ["", "Jumlah per kecamatan:", ""]
    lines += _grid(["Kecamatan", "Desa", "Lengkap semua", "Rata-rata", "Galat", "Peringatan",
                    "Paling sering belum ada"],
                   [[t.kecamatan, str(t.villages), str(t.complete), f"{t.average}/{len(ITEMS)}",
                     str(t.errors), str(t.warnings), _common(t)] for t in sums])
    lines += ["", "Butir: " + "; ".join(f"{i.label} ({i.basis})" for i in ITEMS)]
    return "\n".join(lines)


def _common(t: Totals) -> str:
    return ", ".join(f"{label} ({n})" for label, n in t.missing.most_common(3)) or "-"


def _grid(head: list[str], body: list[list[str]]) -> list[str]:
    widths = [max(len(row[i]) for row in [head, *body]) for i in range(len(head))]
    def line(cells: list[str]) -> str:
        return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    return [line(head), "  ".join("-" * w for w in widths), *(line(row) for row in body)]


def as_csv(rows: list[Row]) -> str:
    """One line per village; items as ya/tidak with what is missing."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["slug", "nama", "kecamatan", "terbit", "lengkap",
                     *(i.key for i in ITEMS), *(f"{i.key}_keterangan" for i in ITEMS),
                     "berita_terakhir", "pengumuman_terakhir", "galat", "peringatan",
                     "bobot_beranda_byte"])
    for r in rows:
        writer.writerow([r.slug, r.name, r.kecamatan, "ya" if r.published else "tidak", r.score,
                         *("ya" if r.items[i.key][0] else "tidak" for i in ITEMS),
                         *(r.items[i.key][1] for i in ITEMS),
                         _day(r.berita) if r.berita else "", _day(r.pengumuman)
                         if r.pengumuman else "", r.errors, r.warnings,
                         "" if r.weight is None else r.weight])
    return buffer.getvalue()


def as_json(rows: list[Row], sums: list[Totals], today: dt.date) -> str:
    """Villages and kecamatan totals for other tools."""
    data: dict[str, Any] = {
        "tanggal": today.isoformat(),
        "tanggal_teks": tanggal(today, weekday=False),
        "butir": [{"kunci": i.key, "label": i.label, "dasar": i.basis} for i in ITEMS],
        "desa": [{
            "slug": r.slug, "nama": r.name, "kecamatan": r.kecamatan, "terbit": r.published,
            "lengkap": r.score, "butir": {k: {"ada": ok, "keterangan": text}
                                          for k, (ok, text) in r.items.items()},
            "berita_terakhir": r.berita.isoformat() if r.berita else None,
            "pengumuman_terakhir": r.pengumuman.isoformat() if r.pengumuman else None,
            "galat": r.errors, "peringatan": r.warnings, "bobot_beranda_byte": r.weight,
        } for r in rows],
        "kecamatan": [{"nama": t.kecamatan, "desa": t.villages, "lengkap_semua": t.complete,
                       "jumlah_butir": t.score, "galat": t.errors, "peringatan": t.warnings,
                       "belum_ada": dict(t.missing)} for t in sums],
    }
    return json.dumps(data, ensure_ascii=False, indent=2)
