"""The official Kemendagri 2025 code list, shipped with the package.

``data/wilayah.csv.xz`` holds every code of Indonesia as ``kode,nama``:
provinces (``PP``), kabupaten/kota (``PP.KK``), kecamatan (``PP.KK.CC``) and
desa/kelurahan (``PP.KK.CC.DDDD``). It is decompressed and parsed once per
process, on first use (about 0.1 s), and kept. Never imports Flask.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import json
import lzma
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from satudesa import derived

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


# Codes looked up ahead by prefetch(): name, or None when the list does not have it.
_known: dict[str, str | None] = {}
CACHE_KIND = "wilayah"
CACHE_VERSION = "1"


@functools.cache
def _data_digest() -> str:
    """A digest of the shipped list's bytes: a cached lookup never outlives its list."""
    return hashlib.blake2b(DATA.read_bytes(), digest_size=20).hexdigest()


def prefetch(codes: Iterable[str]) -> None:
    """Look up ``codes`` and every area above them at once, from the derived cache if it
    holds them, so a build of a regency whose registry did not change never parses the
    list (~0.07 s of CPU per process); the cache is the one :mod:`satudesa.derived` uses.
    """
    wanted = {part for kode in codes for part in (kode, kode[:8], kode[:5], kode[:2])
              if part not in _known}
    if not wanted:
        return
    name = derived.key(CACHE_VERSION, _data_digest(), "\n".join(sorted(wanted)))
    payload = derived.get(CACHE_KIND, name)
    if payload is not None:
        try:
            found = json.loads(payload)
        except ValueError:
            found = None
        if isinstance(found, dict) and set(found) == wanted:
            _known.update(found)
            return
    table = names()
    found = {kode: table.get(kode) for kode in wanted}
    derived.put(CACHE_KIND, name, json.dumps(found, ensure_ascii=False,
                                             sort_keys=True).encode("utf-8"))
    _known.update(found)


def _lookup(kode: str) -> str | None:
    if kode in _known:
        return _known[kode]
    return names().get(kode)


def name_of(kode: str) -> str | None:
    """The official name of a code at any level, or None when the list does not have it."""
    return _lookup(kode)


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
    nama = _lookup(kode)
    if nama is None or level(kode) != 4:
        return None
    return Desa(kode, nama, _lookup(kode[:8]) or "", _lookup(kode[:5]) or "",
                _lookup(kode[:2]) or "")


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
