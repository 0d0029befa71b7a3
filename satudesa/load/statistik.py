"""Population statistics: ``content/<slug>/statistik.yml``, checked and turned into shares.

Each group (jenis kelamin, kelompok umur, pendidikan …) maps a label to a
count; ``kelompok_umur`` maps an age band to counts by sex, for the pyramid.
A group may state its ``total``; when the counts do not add up to it, the
error names the group and both numbers. Never imports Flask.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from satudesa.errors import Report
from satudesa.inputs import schema as s
from satudesa.inputs.sources import display_path, read_yaml
from satudesa.inputs.yamlsafe import Lines
from satudesa.load.drafts import STATUSES, as_draft, file_says_draft
from satudesa.money import ratio

GROUPS = {
    "jenis_kelamin": "Jenis kelamin",
    "kelompok_umur": "Kelompok umur",
    "pendidikan": "Pendidikan",
    "pekerjaan": "Pekerjaan",
    "agama": "Agama",
    "status_perkawinan": "Status perkawinan",
    "dusun": "Penduduk per dusun",
}
TOTAL_KEYS = ("total", "jumlah")
MALE_KEYS = ("laki_laki", "laki-laki", "l")
FEMALE_KEYS = ("perempuan", "p")

TOP: s.Schema = {
    "draft": s.Field(s.boolean),
    "status": s.Field(s.one_of(*STATUSES)),
    "sumber": s.Field(s.text, required=True),
    "per_tanggal": s.Field(s.date, required=True),
    "jumlah_kk": s.Field(s.non_negative),
    "catatan": s.Field(s.text),
    **{name: s.Field(lambda v: v) for name in GROUPS},
}


def count(value: Any) -> int:
    """A number of people: a whole number, zero or more."""
    if isinstance(value, float) or isinstance(value, bool) or isinstance(value, (list, dict)):
        raise s.Invalid(f"harus bilangan bulat, bukan {value!r}",
                        "tulis jumlah orang tanpa koma, misalnya 1250")
    return s.non_negative(value)


@dataclass(frozen=True)
class Row:
    """One label of a group with its count, share and (for age bands) counts by sex."""

    label: str
    jumlah: int
    persen: float | None
    laki_laki: int | None = None
    perempuan: int | None = None


@dataclass(frozen=True)
class Group:
    """One statistics group with its rows and total."""

    key: str
    title: str
    rows: tuple[Row, ...]
    total: int

    @property
    def by_sex(self) -> bool:
        """True for age bands counted by sex (drawn as a pyramid)."""
        return any(row.laki_laki is not None for row in self.rows)


@dataclass
class Statistik:
    """A village's population figures as of one date, from one named source."""

    sumber: str
    per_tanggal: dt.date
    src_rel: str = "statistik.yml"
    groups: list[Group] = field(default_factory=list)
    jumlah_kk: int | None = None
    catatan: str = ""

    @property
    def penduduk(self) -> int | None:
        """Total population, from jenis kelamin (else the first group)."""
        for group in self.groups:
            if group.key == "jenis_kelamin":
                return group.total
        return self.groups[0].total if self.groups else None

    def group(self, key: str) -> Group | None:
        """A group by its YAML key."""
        return next((g for g in self.groups if g.key == key), None)


def load_statistik(root: Path, site_dir: Path, report: Report) -> Statistik | None:
    """Read the village's ``statistik.yml`` if there is one."""
    path = root / "statistik.yml"
    if not path.is_file():
        return None
    shown = display_path(path, site_dir)
    if file_says_draft(path):  # checked, never published (see drafts.py)
        with as_draft(report, shown) as mine:
            _read_statistik(path, shown, mine)
        return None
    return _read_statistik(path, shown, report)


def _read_statistik(path: Path, shown: str, report: Report) -> Statistik | None:
    parsed = read_yaml(path, shown, report)
    if parsed is None:
        return None
    data, lines = parsed
    return check_statistik(data, shown, lines, report)


def check_statistik(data: Any, shown: str, lines: Lines, report: Report) -> Statistik | None:
    """Validate parsed YAML into :class:`Statistik`; None when any error was found."""
    before = len(report.errors)
    values = s.check_mapping(data if data is not None else {}, TOP, shown, lines, report)
    if values is None:
        return None
    groups = [group for key in GROUPS if key in values
              if (group := _check_group(key, values[key], shown, lines, report)) is not None]
    if len(report.errors) > before:
        return None
    result = Statistik(sumber=values["sumber"], per_tanggal=values["per_tanggal"],
                       groups=groups, jumlah_kk=values.get("jumlah_kk"),
                       catatan=values.get("catatan", ""))
    sexes, ages = result.group("jenis_kelamin"), result.group("kelompok_umur")
    if sexes and ages and sexes.total != ages.total:
        report.warning(shown, f"kelompok 'kelompok_umur' berjumlah {ages.total}, sedangkan "
                              f"'jenis_kelamin' berjumlah {sexes.total}",
                       "kedua kelompok menghitung penduduk yang sama; periksa angkanya",
                       line=lines.get(("kelompok_umur",)))
    return result


def _check_group(key: str, raw: Any, shown: str, lines: Lines, report: Report) -> Group | None:
    line = lines.get((key,))
    if not isinstance(raw, dict) or not raw:
        report.error(shown, f"kelompok '{key}' harus berupa daftar 'label: jumlah'",
                     "tulis setiap baris seperti 'Petani: 412', menjorok di bawah nama kelompok",
                     line=line)
        return None
    stated: int | None = None
    rows: list[tuple[str, int, int | None, int | None]] = []
    ok = True
    for label, value in raw.items():
        name = str(label).strip()
        where = lines.get((key, label), line)
        try:
            if name.lower() in TOTAL_KEYS:
                stated = count(value)
            elif isinstance(value, dict):
                male, female = _by_sex(value)
                rows.append((name, male + female, male, female))
            else:
                rows.append((name, count(value), None, None))
        except s.Invalid as exc:
            report.error(shown, f"kelompok '{key}', '{name}': {exc.message}", exc.hint,
                         line=where)
            ok = False
    if not ok:
        return None
    total = sum(row[1] for row in rows)
    if stated is not None and stated != total:
        report.error(shown, f"kelompok '{key}': jumlah rinciannya {total}, tetapi total "
                            f"tertulis {stated} (selisih {abs(total - stated)})",
                     "periksa angka setiap baris, atau perbaiki 'total'",
                     line=lines.get((key, "total"), lines.get((key, "jumlah"), line)))
        return None
    return Group(key, GROUPS[key], tuple(
        Row(name, number, ratio(number, total), male, female)
        for name, number, male, female in rows), total)


def _by_sex(value: dict[Any, Any]) -> tuple[int, int]:
    """(male, female) of an age band written as ``{laki_laki: 120, perempuan: 115}``."""
    male = female = None
    for key, raw in value.items():
        name = str(key).lower()
        if name in MALE_KEYS:
            male = count(raw)
        elif name in FEMALE_KEYS:
            female = count(raw)
        else:
            raise s.Invalid(f"kunci tidak dikenal '{key}'", "gunakan laki_laki dan perempuan")
    if male is None or female is None:
        raise s.Invalid("harus memuat laki_laki dan perempuan",
                        "contoh: {laki_laki: 120, perempuan: 115}")
    return male, female
