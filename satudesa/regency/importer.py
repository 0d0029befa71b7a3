"""``flask villages import``: registry entries for every village under a code prefix.

Each desa or kelurahan of the official list under the prefix (a province, a
kabupaten/kota, a kecamatan or one village) gets ``villages/<slug>.yml`` with
``published: false``. A file that exists is never overwritten, and a village
whose code is already registered under another name is left alone, so the
import can be re-run after every edition of the list. Never imports Flask.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from satudesa.errors import Report
from satudesa.load import registry
from satudesa.load.content import slugify
from satudesa.load.registry import KODE_RE, Village, load_registry
from satudesa.regency import wilayah

# Top-level names of the portal's own pages: a village folder may not take them.
PORTAL_NAMES = registry.PORTAL_NAMES | {"feed", "portal", "sitemap", "robots"}


@dataclass
class ImportResult:
    """What an import did: files written, villages already there, entries the list lost."""

    added: list[tuple[str, wilayah.Desa]] = field(default_factory=list)  # (slug, desa)
    existing: list[tuple[str, wilayah.Desa]] = field(default_factory=list)
    gone: list[tuple[str, str, str]] = field(default_factory=list)  # (slug, kode, name)


def _slug_base(name: str) -> str:
    """'Ci'Bodas' -> 'cibodas': apostrophes join, everything else separates."""
    return slugify(re.sub(r"['’`]", "", name))


def plan_slugs(entries: list[wilayah.Desa], taken: set[str],
               wanted: set[str] | None = None) -> dict[str, str]:
    """A readable slug per code (of ``wanted``, default all), unique and not in ``taken``.

    A name used once among ``entries`` is its slug; a name used twice gets its
    kecamatan; if that is still shared, the code's last four digits. Names are
    counted over every entry, so a re-run plans the same slugs.
    """
    bases = {d.kode: _slug_base(d.nama) for d in entries}
    with_kec = {d.kode: f"{bases[d.kode]}-{_slug_base(d.kecamatan)}" for d in entries}
    base_count = Counter(bases.values())
    kec_count = Counter(with_kec[k] for k, b in bases.items() if base_count[b] > 1)
    used = set(taken)
    plan: dict[str, str] = {}
    for d in entries:
        if wanted is not None and d.kode not in wanted:
            continue
        choices = [bases[d.kode], with_kec[d.kode], f"{with_kec[d.kode]}-{d.kode[-4:]}",
                   f"{with_kec[d.kode]}-{d.kode.replace('.', '')}"]
        if base_count[bases[d.kode]] > 1:
            choices.pop(0)
            if kec_count[with_kec[d.kode]] > 1:
                choices.pop(0)
        slug = next((c for c in choices if c not in used and c not in PORTAL_NAMES),
                    choices[-1])
        used.add(slug)
        plan[d.kode] = slug
    return plan


def _quoted(value: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is valid YAML) for any name."""
    return json.dumps(value, ensure_ascii=False)


def render_entry(desa: wilayah.Desa, prefix: str) -> str:
    """The text of a new registry file for ``desa``."""
    title = "Kelurahan" if desa.jenis == "kelurahan" else "Desa"
    kecamatan = "Kecamatan " + desa.kecamatan
    return (
        f"# Registri desa: dibuat oleh `flask villages import {prefix}` dari {wilayah.SOURCE}.\n"
        "# Lengkapi kontak, domain dan warna; ubah published menjadi true bila situs siap.\n"
        f"name: {_quoted(f'{title} {desa.nama}')}\n"
        f"kode_wilayah: {_quoted(desa.kode)}\n"
        f"jenis: {_quoted(desa.jenis)}\n"
        f"kecamatan: {_quoted(kecamatan)}\n"
        f"kabupaten: {_quoted(desa.kabupaten)}\n"
        f"provinsi: {_quoted(desa.provinsi)}\n"
        "published: false\n"
    )


def _write_new(path: Path, text: str) -> bool:
    """Create ``path`` with ``text``; False (and nothing written) when it exists."""
    fd, tmp = tempfile.mkstemp(prefix=".import-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        try:
            os.link(tmp, path)  # fails if the file exists: never overwritten, never half-written
        except FileExistsError:
            return False
        return True
    finally:
        os.unlink(tmp)


def registered_codes(site_dir: Path) -> tuple[dict[str, str], dict[str, Village]]:
    """Code -> slug of every registry file, and the entries the registry accepts.

    An entry the registry refuses (a typo elsewhere in it) still holds its
    code: its file is scanned for a ``kode_wilayah`` line, so it is not imported twice.
    """
    villages = load_registry(site_dir, Report())
    codes = {v.kode_wilayah: slug for slug, v in villages.items()}
    folder = site_dir / "villages"
    for path in sorted(folder.glob("*.yml")) if folder.is_dir() else ():
        if path.stem in villages:
            continue
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        found = re.search(r"^kode_wilayah:\s*[\"']?([\d.]+)", text, re.M)
        match = KODE_RE.fullmatch(found.group(1)) if found else None
        if match:
            codes.setdefault(".".join(match.groups()), path.stem)
    return codes, villages


def import_villages(site_dir: Path, prefix: str) -> ImportResult:
    """Write a registry file for every list village under ``prefix`` not registered yet."""
    folder = site_dir / "villages"
    folder.mkdir(parents=True, exist_ok=True)
    codes, villages = registered_codes(site_dir)
    entries = wilayah.villages_under(prefix)
    taken = {p.stem for p in folder.glob("*.yml")}
    result = ImportResult()
    plan = plan_slugs(entries, taken, {d.kode for d in entries if d.kode not in codes})
    for desa in entries:
        if desa.kode in codes:
            result.existing.append((codes[desa.kode], desa))
            continue
        slug = plan[desa.kode]
        if _write_new(folder / f"{slug}.yml", render_entry(desa, prefix)):
            result.added.append((slug, desa))
    listed = {d.kode for d in entries}
    start = prefix if wilayah.level(prefix) == 4 else prefix + "."
    for kode, slug in sorted(codes.items()):
        village = villages.get(slug)
        if (kode == prefix or kode.startswith(start)) and kode not in listed \
                and not (village and village.contoh):
            result.gone.append((slug, kode, village.name if village else ""))
    return result
