"""Village officials and the BPD: ``content/<slug>/perangkat.yml``.

Two lists, ``perangkat`` (pemerintah desa) and ``bpd``, of {nama, jabatan,
foto, mulai_menjabat}. Every item is checked with its own line; a bad item is
left out and reported, the others are published. Officials are grouped the way
Permendagri 84/2015 structures a village government.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from satudesa.inputs import schema as s
from satudesa.inputs.sources import read_yaml
from satudesa.load.drafts import STATUSES, as_draft, file_says_draft

if TYPE_CHECKING:
    import datetime as dt

    from satudesa.load.content import VillageLoader

FILE = "perangkat.yml"


def _as_is(value: Any) -> Any:
    """Keep the raw value: each list item is checked below with its own line."""
    return value


TOP: s.Schema = {"perangkat": s.Field(_as_is), "bpd": s.Field(_as_is),
                  "draft": s.Field(s.boolean), "status": s.Field(s.one_of(*STATUSES))}
PERSON: s.Schema = {
    "nama": s.Field(s.text, required=True),
    "jabatan": s.Field(s.text, required=True),
    "foto": s.Field(s.text),
    "mulai_menjabat": s.Field(s.date),
}
# Permendagri 84/2015: the head, the secretariat (sekretaris + kepala urusan),
# the technical implementers (kepala seksi) and the territorial ones (kepala dusun).
GROUPS = (
    ("Pimpinan", re.compile(r"^(kepala desa|kades|lurah|petinggi|kuwu|penjabat)", re.I)),
    ("Sekretariat Desa", re.compile(r"^(sekretaris|sekdes|kepala urusan|kaur|staf)", re.I)),
    ("Pelaksana Teknis", re.compile(r"^(kepala seksi|kasi)", re.I)),
    ("Pelaksana Kewilayahan", re.compile(r"^(kepala dusun|kadus|kepala lingkungan|"
                                         r"kepala kampung|kamituwo)", re.I)),
)


@dataclass
class Person:
    """One official: name, position, photo URL (or ""), start of office."""

    nama: str
    jabatan: str
    foto: str = ""
    mulai_menjabat: dt.date | None = None


@dataclass
class Perangkat:
    """The loaded file: officials grouped by Permendagri 84/2015, and the BPD."""

    groups: list[tuple[str, list[Person]]]
    bpd: list[Person]

    @property
    def empty(self) -> bool:
        """True when nothing can be shown."""
        return not self.groups and not self.bpd


def group_of(jabatan: str) -> str:
    """The structural group a position belongs to ('Lainnya' when unknown)."""
    for name, pattern in GROUPS:
        if pattern.match(jabatan.strip()):
            return name
    return "Lainnya"


def load_perangkat(loader: VillageLoader) -> Perangkat | None:
    """Read and check ``perangkat.yml`` of the loader's village; None when absent or invalid."""
    path = loader.root / FILE
    if not path.is_file():
        return None
    shown = loader.shown(path)
    if file_says_draft(path):  # checked, never published (see drafts.py)
        with as_draft(loader.report, shown) as mine:
            loader.report, saved = mine, loader.report
            try:
                _read_perangkat(loader, path, shown)
            finally:
                loader.report = saved
        return None
    return _read_perangkat(loader, path, shown)


def _read_perangkat(loader: VillageLoader, path: Any, shown: str) -> Perangkat | None:
    parsed = read_yaml(path, shown, loader.report, limit=200_000)
    if parsed is None:
        return None
    data, lines = parsed
    top = s.check_mapping(data or {}, TOP, shown, lines, loader.report)
    if top is None:
        return None
    lists: dict[str, list[Person]] = {}
    for key in ("perangkat", "bpd"):
        raw = top.get(key) or []
        if not isinstance(raw, list):
            loader.report.error(shown, f"'{key}' harus berupa daftar",
                                "tulis setiap orang diawali '- nama: ...'",
                                line=lines.get((key,)))
            raw = []
        lists[key] = [person for index, item in enumerate(raw)
                      if (person := _person(loader, path, shown, lines, key, index, item))]
    order = [name for name, _ in GROUPS] + ["Lainnya"]
    grouped: dict[str, list[Person]] = {}
    for person in lists["perangkat"]:
        grouped.setdefault(group_of(person.jabatan), []).append(person)
    groups = [(name, grouped[name]) for name in order if name in grouped]
    return Perangkat(groups=groups, bpd=lists["bpd"])


def _person(loader: VillageLoader, path: Any, shown: str, lines: Any, key: str, index: int,
            item: Any) -> Person | None:
    values = s.check_mapping(item, PERSON, shown, lines, loader.report, prefix=(key, index),
                             where=f"{key} ke-{index + 1}")
    if values is None:
        return None
    if "foto" in values:
        line = lines.get((key, index, "foto"))
        values["foto"] = loader.file_url(values["foto"], path, shown, line, image=True) or ""
    return Person(**values)
