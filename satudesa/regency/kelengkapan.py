"""Kelengkapan: which villages publish what the law requires, and which fall behind.

Per village: the legally required items (the six public components of UU
25/2009's service standard in every layanan, the APBDes of the current year and
its realisasi, the Perki 1/2018 berkala list, perangkat, BPD, and kontak with a
complaint channel), the date of the last berita and pengumuman, the number of
``flask check`` errors and warnings, and the weight of the built home page.

One module computes it from the loaded model, without Flask: ``flask report``
and the portal page ``/kelengkapan/`` both use it. The per-village part
(:func:`village_facts`) is plain JSON, so the fast engine keeps it in its
manifest and a rebuild of one village does not reload the others.
"""

from __future__ import annotations

import datetime as dt
import gzip
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from satudesa.errors import ERROR, WARNING, Problem, Report
from satudesa.load.content import load_village
from satudesa.load.kip import missing_berkala
from satudesa.load.model import Site, VillageSite
from satudesa.load.registry import Village

# UU 25/2009 Pasal 21, the service-delivery group of PermenPANRB 15/2014 (the public part).
LAYANAN_KOMPONEN = (
    ("persyaratan", "persyaratan"), ("prosedur", "prosedur"), ("waktu", "jangka waktu"),
    ("biaya", "biaya"), ("produk", "produk"), ("pengaduan", "pengaduan"),
)
COMPLAINT_CHANNELS = ("whatsapp", "telepon", "email")


@dataclass(frozen=True)
class Item:
    """One legally required item: its key, column label and what it asks for."""

    key: str
    label: str
    basis: str


ITEMS = (
    Item("layanan", "Standar layanan", "UU 25/2009 Pasal 21: 6 komponen di setiap layanan"),
    Item("apbdes", "APBDes", "Permendagri 20/2018 Pasal 39: APB Desa tahun berjalan"),
    Item("realisasi", "Realisasi", "Permendagri 20/2018 Pasal 72: realisasi APB Desa"),
    Item("dip", "Informasi berkala", "Perki 1/2018 Pasal 2: Daftar Informasi Publik berkala"),
    Item("perangkat", "Perangkat", "Permendagri 84/2015: perangkat desa"),
    Item("bpd", "BPD", "UU 6/2014: Badan Permusyawaratan Desa"),
    Item("kontak", "Kontak pengaduan", "UU 25/2009: alamat dan saluran pengaduan"),
)


def village_facts(vs: VillageSite, year: int) -> dict[str, Any]:
    """What one loaded village publishes, as plain JSON (kept in the build manifest)."""
    items: dict[str, list[Any]] = {}
    items["layanan"] = _layanan(vs)
    budget = vs.data.get("apbdes", {}).get(year)
    items["apbdes"] = [budget is not None, f"APBDes {year} terbit" if budget is not None
                       else f"belum ada apbdes/{year}.yml"]
    has_real = budget is not None and budget.has_realisasi
    items["realisasi"] = [has_real, f"realisasi {year} terbit" if has_real
                          else f"realisasi {year} belum diisi"]
    missing = missing_berkala(vs, year)
    items["dip"] = [not missing, "semua informasi berkala terbit" if not missing else
                    f"{len(missing)} belum terbit: " + "; ".join(r.label for r in missing)]
    perangkat = vs.data.get("perangkat")
    people = sum(len(members) for _, members in perangkat.groups) if perangkat else 0
    items["perangkat"] = [bool(people), f"{people} orang" if people
                          else "belum ada perangkat.yml"]
    bpd = len(perangkat.bpd) if perangkat is not None else 0
    items["bpd"] = [bool(bpd), f"{bpd} anggota" if bpd else "belum ada daftar BPD"]
    kontak = vs.village.kontak
    channels = [name for name in COMPLAINT_CHANNELS if kontak.get(name)]
    ok = bool(kontak.get("alamat")) and bool(channels)
    items["kontak"] = [ok, ("alamat, " + ", ".join(channels)) if ok else
                       "alamat belum diisi" if channels else
                       "belum ada WhatsApp, telepon atau surel untuk pengaduan"]
    return {
        "items": items,
        "berita": _latest(vs.of("berita")),
        "pengumuman": _latest(vs.of("pengumuman")),
    }


def _layanan(vs: VillageSite) -> list[Any]:
    pages = vs.of("layanan")
    if not pages:
        return [False, "belum ada layanan"]
    gaps: Counter[str] = Counter()
    incomplete = 0
    for page in pages:
        lacking = [label for key, label in LAYANAN_KOMPONEN if not page.get(key)]
        gaps.update(lacking)
        incomplete += bool(lacking)
    if not incomplete:
        return [True, f"{len(pages)} layanan, 6 komponen lengkap"]
    missing = ", ".join(f"{label} ({count})" for label, count in sorted(gaps.items()))
    return [False, f"{incomplete} dari {len(pages)} layanan belum lengkap: {missing}"]


def _latest(pages: Iterable[Any]) -> str | None:
    dates = [p.date.date() for p in pages if p.date is not None]
    return max(dates).isoformat() if dates else None


# -- rows ---------------------------------------------------------------------------


@dataclass
class Row:
    """One village in the report."""

    slug: str
    name: str
    kecamatan: str
    published: bool
    items: dict[str, tuple[bool, str]]
    berita: dt.date | None
    pengumuman: dt.date | None
    errors: int
    warnings: int
    weight: int | None  # home page HTML + CSS + JS, gzip bytes; None: not built

    @property
    def score(self) -> int:
        """How many of the required items are present."""
        return sum(ok for ok, _ in self.items.values())

    @property
    def missing(self) -> list[str]:
        """Labels of the items not present yet."""
        return [item.label for item in ITEMS if not self.items[item.key][0]]


@dataclass
class Totals:
    """One kecamatan's villages, summed."""

    kecamatan: str
    villages: int = 0
    complete: int = 0
    score: int = 0
    errors: int = 0
    warnings: int = 0
    missing: Counter[str] = field(default_factory=Counter)

    @property
    def average(self) -> str:
        """Average score with one decimal, Indonesian style: '5,3'."""
        return f"{self.score / self.villages:.1f}".replace(".", ",") if self.villages else "0"


def make_rows(villages: dict[str, Village], facts: dict[str, dict[str, Any] | None],
              problems: Iterable[Problem], tree: Path | None) -> list[Row]:
    """One row per village of ``villages`` (sorted by kecamatan, then name)."""
    errors: Counter[str] = Counter()
    warnings: Counter[str] = Counter()
    for problem in problems:
        slug = owner(problem.path)
        if slug is None:
            continue
        if problem.severity == ERROR:
            errors[slug] += 1
        elif problem.severity == WARNING:
            warnings[slug] += 1
    rows = []
    for slug, village in villages.items():
        known = facts.get(slug) or {}
        items = {item.key: tuple(known.get("items", {}).get(item.key, (False, "belum dimuat")))
                 for item in ITEMS}
        rows.append(Row(slug, village.name, village.kecamatan, village.published,
                        items,  # type: ignore[arg-type]
                        _date(known.get("berita")), _date(known.get("pengumuman")),
                        errors[slug], warnings[slug],
                        home_weight(tree / slug) if tree is not None else None))
    return sort_rows(rows, "kecamatan")


def owner(path: str) -> str | None:
    """The village a problem's path belongs to: ``content/<slug>/…`` or ``villages/<slug>.yml``."""
    match = re.match(r"content/([^/]+)(?:/|$)|villages/([^/]+)\.yml$", path)
    if not match:
        return None
    return match.group(1) or match.group(2)


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def totals(rows: list[Row]) -> list[Totals]:
    """Per kecamatan, in name order."""
    found: dict[str, Totals] = {}
    for row in rows:
        t = found.setdefault(row.kecamatan, Totals(row.kecamatan))
        t.villages += 1
        t.complete += row.score == len(ITEMS)
        t.score += row.score
        t.errors += row.errors
        t.warnings += row.warnings
        t.missing.update(row.missing)
    return [found[k] for k in sorted(found, key=str.casefold)]


# The sort orders of the report and of /kelengkapan/urut/<key>/: (label, key function).
# Each column sorts the way Kominfo reads it: the villages most behind first.
_OLD = dt.date.min


def _name(r: Row) -> tuple[str, str]:
    return (r.name.casefold(), r.slug)


SORTS: dict[str, tuple[str, Any]] = {
    "desa": ("Desa", lambda r: _name(r)),
    "kecamatan": ("Kecamatan", lambda r: (r.kecamatan.casefold(), *_name(r))),
    "skor": ("Kelengkapan", lambda r: (r.score, *_name(r))),
    "berita": ("Berita terakhir", lambda r: (r.berita or _OLD, *_name(r))),
    "pengumuman": ("Pengumuman terakhir", lambda r: (r.pengumuman or _OLD, *_name(r))),
    "galat": ("Galat", lambda r: (-r.errors, -r.warnings, *_name(r))),
    "peringatan": ("Peringatan", lambda r: (-r.warnings, -r.errors, *_name(r))),
    "bobot": ("Bobot beranda", lambda r: (-(r.weight if r.weight is not None else 1 << 40),
                                          *_name(r))),
}


def sort_rows(rows: list[Row], key: str) -> list[Row]:
    """``rows`` in one of the :data:`SORTS` orders."""
    return sorted(rows, key=SORTS[key][1])


# -- the home page's weight -------------------------------------------------------------


_ASSET_TAG = re.compile(rb"<(?:link|script)\b[^>]*>", re.IGNORECASE)


class _Assets(HTMLParser):
    """Stylesheets and scripts a page makes the browser load."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "link" and "stylesheet" in (a.get("rel") or "").split() and a.get("href"):
            self.found.append(a["href"] or "")
        elif tag == "script" and a.get("src"):
            self.found.append(a["src"] or "")


def home_weight(folder: Path) -> int | None:
    """``folder/index.html`` with its local CSS and JS, gzip bytes, images aside; None: absent."""
    page = folder / "index.html"
    try:
        html = page.read_bytes()
    except OSError:
        return None
    # Only <link> and <script> start tags matter: parsing those alone finds the same
    # references as parsing the whole page at a fiftieth of the cost (this runs for
    # every village on every build, an edit's too). A page's text cannot hold such a
    # tag: officers' Markdown is sanitised, and what is left is escaped. Each tag gets
    # a parser of its own: after a <script> one would read the next tags as script text.
    found: list[str] = []
    for tag in _ASSET_TAG.finditer(html):
        parser = _Assets()
        parser.feed(tag.group().decode("utf-8", "replace"))
        found += parser.found
    total = _gz_size(page, html)
    for ref in found:
        if "//" in ref or ref.startswith(("/", "data:")):
            continue
        target = (folder / ref.split("?")[0].split("#")[0]).resolve()
        if target.is_file() and target.is_relative_to(folder.resolve()):
            total += _gz_size(target, None)
    return total


def _gz_size(path: Path, data: bytes | None) -> int:
    """The pre-compressed copy's size, else the size after gzip -9."""
    packed = path.with_name(path.name + ".gz")
    if packed.is_file():
        return packed.stat().st_size
    raw = data if data is not None else path.read_bytes()
    return len(gzip.compress(raw, 9, mtime=0))


def kb(size: int | None) -> str:
    """'12,3 KB', or 'belum dibangun'."""
    if size is None:
        return "belum dibangun"
    return f"{size / 1024:.1f} KB".replace(".", ",")


# -- from a loaded site ------------------------------------------------------------------


def code_problems(villages: dict[str, Village], site_dir: Path) -> list[Problem]:
    """What ``flask check`` says of these villages' codes (the official list)."""
    from satudesa.regency.kodecheck import check_codes

    report = Report()
    check_codes(villages, site_dir, report)
    return report.problems


def site_rows(site: Site, tree: Path | None,
              facts: dict[str, dict[str, Any] | None] | None = None,
              problems: Iterable[Problem] | None = None,
              villages: dict[str, Village] | None = None) -> list[Row]:
    """Rows for ``villages`` (default: the published ones) of a loaded ``site``.

    ``facts`` defaults to what :func:`village_facts` says of each village (one
    not loaded yet, as in a ``--village`` build, is loaded here), ``problems``
    to the site's report; the code list's findings are added.
    """
    chosen = villages if villages is not None else site.registry
    found = list(site.report.problems if problems is None else problems)
    if facts is None:
        facts = {}
        for slug, village in chosen.items():
            vs = site.villages.get(slug)
            if vs is None:
                scratch = Report()
                vs = load_village(village, site.site_dir, scratch, site.now)
                found += scratch.problems
            facts[slug] = village_facts(vs, site.today.year)
    found += code_problems(chosen, site.site_dir)
    return make_rows(chosen, facts, found, tree)


def engine_rows(site: Site, entries: dict[str, dict[str, Any]], report: Report,
                reported: set[str], tree: Path) -> list[Row]:
    """Rows from the fast engine's manifest entries, without loading any village.

    A village built or skipped in this run has its problems in ``report``; one
    carried over untouched (a ``--village`` build) has them in its entry.
    Registry problems are always in ``report``.
    """
    problems = [p for p in report.problems
                if p.path.startswith("villages/") or owner(p.path) in reported
                or owner(p.path) not in entries]
    for slug, entry in entries.items():
        if slug not in reported:
            problems += [Problem(**p) for p in entry.get("problems", [])
                         if not str(p.get("path", "")).startswith("villages/")]
    facts = {slug: entry.get("facts") for slug, entry in entries.items()}
    return site_rows(site, tree, facts=facts, problems=problems)
