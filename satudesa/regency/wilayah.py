"""The official Kemendagri 2025 code list, shipped with the package.

``data/wilayah.csv.xz`` holds every code of Indonesia as ``kode,nama``:
provinces (``PP``), kabupaten/kota (``PP.KK``), kecamatan (``PP.KK.CC``) and
desa/kelurahan (``PP.KK.CC.DDDD``). It is decompressed and parsed once per
process, on first use (about 0.1 s), and kept. Never imports Flask.
"""

from __future__ import annotations

import csv
import functools
import io
import lzma
import re
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data" / "wilayah.csv.xz"
SOURCE = "Kepmendagri 300.2.2-2138/2025 (cahyadsn/wilayah, lisensi MIT)"

_PREFIX_RE = re.compile(r"(\d{2})(?:\.?(\d{2})(?:\.?(\d{2})(?:\.?(\d{4}))?)?)?")
LEVELS = {1: "provinsi", 2: "kabupaten/kota", 3: "kecamatan", 4: "desa/kelurahan"}


@dataclass(frozen=True)
class Desa:
    """One desa or kelurahan of the list, with the names of the areas above it."""

    kode: str
    nama: str
    kecamatan: str
    kabupaten: str
    provinsi: str

    @property
    def jenis(self) -> str:
        """'kelurahan', 'desa' or 'desa adat', from the code's 7th digit."""
        return JENIS.get(self.kode[9], "desa")

    @property
    def kecamatan_kode(self) -> str:
        """``PP.KK.CC``."""
        return self.kode[:8]


JENIS = {"1": "kelurahan", "2": "desa", "3": "desa adat"}


@functools.cache
def names() -> dict[str, str]:
    """Every code (any level, dotted) -> its official name, in list order."""
    with lzma.open(DATA, "rb") as raw:
        text = raw.read().decode("utf-8")
    reader = csv.reader(io.StringIO(text))
    header = next(reader)
    if header != ["kode", "nama"]:  # pragma: no cover - the shipped file is fixed
        raise ValueError(f"{DATA}: unexpected header {header}")
    return {row[0]: row[1] for row in reader if len(row) == 2}


def name_of(kode: str) -> str | None:
    """The official name of a code at any level, or None when the list does not have it."""
    return names().get(kode)


def normalize_prefix(text: str) -> str | None:
    """'32.14', '3214', '32.14.05' or a full code, dotted; None when it is no code prefix."""
    match = _PREFIX_RE.fullmatch(text.strip())
    if not match:
        return None
    return ".".join(part for part in match.groups() if part)


def level(kode: str) -> int:
    """1 province, 2 kabupaten/kota, 3 kecamatan, 4 desa/kelurahan."""
    return kode.count(".") + 1


def desa(kode: str) -> Desa | None:
    """The desa or kelurahan with this dotted 10-digit code, or None."""
    table = names()
    nama = table.get(kode)
    if nama is None or level(kode) != 4:
        return None
    return Desa(kode, nama, table.get(kode[:8], ""), table.get(kode[:5], ""),
                table.get(kode[:2], ""))


def villages_under(prefix: str) -> list[Desa]:
    """Every desa and kelurahan whose code starts with the dotted ``prefix``, in code order."""
    table = names()
    start = prefix if level(prefix) == 4 else prefix + "."
    found = []
    for kode, nama in table.items():
        if level(kode) == 4 and (kode == prefix or kode.startswith(start)):
            found.append(Desa(kode, nama, table.get(kode[:8], ""), table.get(kode[:5], ""),
                              table.get(kode[:2], "")))
    return found


_PREFIXES = re.compile(r"^(desa|kelurahan|kecamatan|kec\.|distrik)\s+", re.I)


def bare(name: str) -> str:
    """A name compared with the list: without 'Desa '/'Kelurahan '/'Kecamatan ', casefolded."""
    return " ".join(_PREFIXES.sub("", name.strip()).split()).casefold()
