"""``flask check``: every registry entry's ``kode_wilayah`` against the official list.

An unknown code is an error; a name or kecamatan spelled differently from the
list is a warning that gives the official spelling. Villages marked
``contoh: true`` (the demo's fictional villages, test fixtures, generated
corpora) are listed in one note instead. ``flask check`` reports these
findings; ``flask report`` and the portal's ``/kelengkapan/`` count them; a
build does not report them. Never imports Flask.
"""

from __future__ import annotations

from pathlib import Path

from satudesa import derived
from satudesa.errors import Report
from satudesa.inputs.sources import display_path, read_yaml
from satudesa.inputs.yamlsafe import Lines
from satudesa.load.registry import Village, load_registry
from satudesa.regency import wilayah

CONTOH_HINT = ("tulis 'contoh: true' di berkas ini bila desa ini hanya contoh, "
               "atau salin kode dari daftar Kepmendagri 300.2.2-2138/2025")


def check_site_codes(site_dir: Path, report: Report) -> None:
    """Check every registry entry (published or not) of ``site_dir``."""
    scratch = Report()  # the registry's own problems are already in the site's report
    check_codes(load_registry(site_dir, scratch), site_dir, report)


def check_codes(villages: dict[str, Village], site_dir: Path, report: Report) -> None:
    """Record an error or warning per village whose code or names disagree with the list.

    Example villages (``contoh: true``) are not compared; one note lists them,
    and names any that uses a real village's code.
    """
    with derived.using(site_dir):
        wilayah.prefetch(v.kode_wilayah for v in villages.values() if v.kode_wilayah)
    examples = []
    for slug in sorted(villages):
        if villages[slug].contoh:
            examples.append(villages[slug])
        else:
            check_village(villages[slug], site_dir, report)
    if examples:
        note_examples(examples, report)


def note_examples(examples: list[Village], report: Report) -> None:
    """One note for every example village: a generated corpus has hundreds."""
    real = [f"{v.slug} {v.kode_wilayah} = {wilayah.name_of(v.kode_wilayah)}"
            for v in examples if wilayah.desa(v.kode_wilayah) is not None]
    hint = "jangan terbitkan desa contoh di situs publik"
    if real:
        hint += "; kode desa nyata: " + _listing(real)
    report.note("villages/", "desa contoh tidak dicocokkan dengan daftar Kepmendagri 2025: "
                + _listing([v.slug for v in examples]), hint)


def _listing(names: list[str], limit: int = 5) -> str:
    """``a``, ``a dan b``, ``a, b, dan c``; past ``limit``, ``… dan N lainnya``."""
    parts = names[:limit] + ([f"{len(names) - limit} lainnya"] if len(names) > limit else [])
    if len(parts) <= 2:
        return " dan ".join(parts)
    return ", ".join(parts[:-1]) + ", dan " + parts[-1]


def _lines(village: Village, shown: str) -> Lines:
    parsed = read_yaml(village.src_path, shown, Report(), limit=200_000)
    return parsed[1] if parsed else {}


def check_village(village: Village, site_dir: Path, report: Report) -> None:
    """Compare one (non-example) registry entry with the list."""
    shown = display_path(village.src_path, site_dir)
    official = wilayah.desa(village.kode_wilayah)
    kode = village.kode_wilayah
    lines = _lines(village, shown)
    if official is None:
        report.error(shown, f"kode_wilayah {kode} tidak ada dalam daftar Kepmendagri 2025",
                     _near(kode), line=lines.get(("kode_wilayah",)))
        return
    prefix = "Kelurahan" if official.jenis == "kelurahan" else "Desa"
    if wilayah.bare(village.name) != wilayah.bare(official.nama):
        report.warning(shown, f"nama '{village.name}' berbeda dengan daftar Kepmendagri untuk "
                              f"kode {kode}: {official.nama}",
                       f'tulis name: "{prefix} {official.nama}", atau periksa kode_wilayah',
                       line=lines.get(("name",)))
    if wilayah.bare(village.kecamatan) != wilayah.bare(official.kecamatan):
        report.warning(shown, f"kecamatan '{village.kecamatan}' berbeda dengan daftar "
                              f"Kepmendagri untuk kode {kode}: {official.kecamatan}",
                       f'tulis kecamatan: "Kecamatan {official.kecamatan}", atau periksa '
                       "kode_wilayah", line=lines.get(("kecamatan",)))


def _near(kode: str) -> str:
    """What the list does know of this code: its kecamatan, its kabupaten, or nothing."""
    for size, what in ((8, "kecamatan"), (5, "kabupaten/kota"), (2, "provinsi")):
        name = wilayah.name_of(kode[:size])
        if name is not None:
            return (f"{what} {kode[:size]} ({name}) ada, tetapi desa {kode} tidak; periksa "
                    f"angka sesudahnya, atau {CONTOH_HINT.split(', atau ')[0]}")
    return CONTOH_HINT
