"""The village registry: ``villages/<slug>.yml``, kept by the regency's Kominfo.

Loading never imports Flask. Every problem in every file is collected before
anything is built; a village whose entry has an error is left out, the others go on.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from satudesa.colors import aa_problem
from satudesa.dates import zone_of
from satudesa.errors import Problem, Report, ThemeError
from satudesa.inputs import schema as s
from satudesa.inputs.sources import display_path, list_files, read_yaml, settled, stamp
from satudesa.inputs.themes import resolve_theme
from satudesa.load.strays import warn_stray_registry, warn_unregistered

SLUG_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# Folders the portal writes at the root of build/ (its stylesheet and scripts, the search
# index), and names kept for them: a village there would mix its site with the portal's.
PORTAL_NAMES = frozenset({"static", "pagefind", "cari", "assets", "api",
                          # the regency hub (satudesa/site/hub_pages.py, kelengkapan_pages.py,
                          # portal_content_pages.py)
                          "kecamatan", "kelengkapan", "pengumuman", "berita", "layanan",
                          "halaman", "media"})
KODE_RE = re.compile(r"(\d{2})\.?(\d{2})\.?(\d{2})\.?(\d{4})")
DEFAULT_COLOR = "#1d5e3a"
JENIS = {"1": "kelurahan", "2": "desa", "3": "desa adat"}

# Registry files already checked in this process (a ``flask build --watch`` rebuilds many
# times): the stat that identifies the file's version -> (village, problems it reported).
_READ: dict[str, tuple[tuple[int, ...], Village, list[Problem]]] = {}


@dataclass(frozen=True)
class Village:
    """One village (desa or kelurahan) as the regency registered it.

    ``slug`` is the registry file name and the village's folder in ``content/``
    and ``build/``. ``kode_wilayah`` is the 10-digit Kemendagri code, stored
    with dots; its 7th digit tells a kelurahan (1) from a desa (2) or desa adat (3).
    """

    slug: str
    name: str
    kode_wilayah: str
    kecamatan: str
    kabupaten: str
    src_path: Path
    provinsi: str = ""
    published: bool = True
    theme: str = ""
    color: str = DEFAULT_COLOR
    domain: str = ""
    kontak: dict[str, str] = field(default_factory=dict)
    sosial: dict[str, str] = field(default_factory=dict)
    ppid: dict[str, str] = field(default_factory=dict)
    logo: str = ""
    foto: str = ""  # the home page's photo, a path under content/<slug>/ (media/…)
    tentang: str = ""  # one line about the village, under its name on the home page
    koordinat: tuple[float, float] | None = None
    contoh: bool = False  # an example village: its code need not be in the official list

    @property
    def jenis(self) -> str:
        """'kelurahan', 'desa' or 'desa adat', from the code's 7th digit."""
        return JENIS[self.kode_wilayah[9]]

    @property
    def zone(self) -> dt.timezone:
        """WIB, WITA or WIT: the time zone of the village's province."""
        return zone_of(self.kode_wilayah)

    @property
    def short_name(self) -> str:
        """The name without its 'Desa'/'Kelurahan' prefix."""
        return re.sub(r"^(desa|kelurahan)\s+", "", self.name, flags=re.I)


def kode_wilayah(value: Any) -> str:
    """A 10-digit code, dots optional; returned as ``PP.KK.CC.DDDD``."""
    raw = str(value).strip()
    match = KODE_RE.fullmatch(raw)
    if not match:
        digits = re.sub(r"\D", "", raw)
        raise s.Invalid(f"harus 10 angka (PP.KK.CC.DDDD), diterima '{raw}' ({len(digits)} angka)",
                        "salin kode dari Kepmendagri 300.2.2-2138/2025, contoh 32.14.05.2007")
    prov, kab, kec, desa = match.groups()
    if desa[0] not in "123":
        raise s.Invalid(f"4 angka terakhir '{desa}' harus diawali 1 (kelurahan), "
                        "2 (desa) atau 3 (desa adat)", "periksa kode di Kepmendagri")
    if prov == "00" or kab == "00" or kec == "00":
        raise s.Invalid(f"kode '{raw}' memuat bagian 00", "periksa kode di Kepmendagri")
    return f"{prov}.{kab}.{kec}.{desa}"


CONTACT = {
    "alamat": s.Field(s.text, doc="alamat kantor desa",
                      example='"Jl. Raya Sukamaju No. 1, Kec. Pasawahan 41171"'),
    "telepon": s.Field(s.phone, doc="nomor telepon kantor", example='"(0264) 123456"'),
    "whatsapp": s.Field(s.whatsapp, doc="nomor WhatsApp layanan; tombol 'Chat WhatsApp'",
                        example='"081234567890"'),
    "email": s.Field(s.email, doc="surel resmi desa", example='"pemdes@sukamaju.desa.id"'),
    "jam_layanan": s.Field(s.text, doc="jam buka kantor desa",
                           example='"Senin–Jumat 08.00–15.00 WIB"'),
}
SOCIAL = {name: s.Field(s.url, doc=f"alamat akun {label} desa",
                        example=f'"https://{host}/desasukamaju"')
          for name, label, host in (
              ("facebook", "Facebook", "facebook.com"),
              ("instagram", "Instagram", "instagram.com"),
              ("youtube", "YouTube", "youtube.com"),
              ("tiktok", "TikTok", "tiktok.com"),
              ("x", "X (Twitter)", "x.com"))}
PPID = {
    "nama": s.Field(s.text, doc="nama dan jabatan pejabat PPID desa",
                    example='"Siti Aisyah (Sekretaris Desa)"'),
    "email": s.Field(s.email, doc="surel untuk permohonan informasi",
                     example='"ppid@sukamaju.desa.id"'),
    "telepon": s.Field(s.phone, doc="telepon PPID", example='"(0264) 123456"'),
    "whatsapp": s.Field(s.whatsapp, doc="WhatsApp PPID", example='"081234567890"'),
}

SCHEMA: s.Schema = {
    "name": s.Field(s.text, required=True, doc="nama resmi, diawali 'Desa' atau 'Kelurahan'",
                    example='"Desa Sukamaju"'),
    "kode_wilayah": s.Field(
        kode_wilayah, required=True,
        doc="kode wilayah Kemendagri 10 angka PP.KK.CC.DDDD; DDDD diawali 1 untuk "
            "kelurahan, 2 untuk desa, 3 untuk desa adat",
        example='"32.14.05.2001"'),
    "kecamatan": s.Field(s.text, required=True, doc="nama kecamatan",
                         example='"Kecamatan Pasawahan"'),
    "kabupaten": s.Field(s.text, required=True, doc="nama kabupaten atau kota",
                         example='"Kabupaten Purwakarta"'),
    "provinsi": s.Field(s.text, doc="nama provinsi", example='"Jawa Barat"'),
    "published": s.Field(s.boolean, doc="false: desa tidak dibangun dan tidak tampil di "
                         "portal (bawaan: true)", example="false"),
    "theme": s.Field(s.slug_name, doc="nama tema situs (bawaan: tema kabupaten di `site.yml`)",
                     example="default"),
    "color": s.Field(s.hex_color, doc="warna aksen `#rrggbb`; dibuat cukup kontras otomatis",
                     example='"#1d5e3a"'),
    "domain": s.Field(s.hostname, doc="domain sendiri desa, tanpa https://; dipakai untuk "
                      "alamat kanonik, sitemap dan feed", example="sukamaju.desa.id"),
    "kontak": s.Field(s.mapping(CONTACT), doc="kontak kantor desa, tampil di halaman Kontak "
                      "dan kaki setiap halaman"),
    "sosial": s.Field(s.mapping(SOCIAL), doc="akun media sosial resmi desa"),
    "ppid": s.Field(s.mapping(PPID), doc="Pejabat Pengelola Informasi dan Dokumentasi, "
                    "tampil di halaman Informasi Publik"),
    "logo": s.Field(s.text, doc="berkas logo di dalam folder `content/<slug>/`",
                    example="media/logo.png"),
    "foto": s.Field(s.text, doc="foto desa di beranda: berkas di folder content/<desa>/, "
                    "misalnya media/beranda.jpg (JPG, PNG atau WebP)",
                    example='"media/beranda.jpg"'),
    "tentang": s.Field(s.one_line(200), doc="satu kalimat tentang desa, di bawah namanya di "
                       "beranda (paling banyak 200 huruf)",
                       example='"Desa di kaki Gunung Burangrang: sawah berundak."'),
    "koordinat": s.Field(s.coordinates, doc="letak kantor desa: `[lintang, bujur]`",
                         example="[-6.53, 107.45]"),
    "contoh": s.Field(s.boolean, doc="true: desa contoh (fiktif); kodenya tidak dicocokkan "
                      "dengan daftar Kepmendagri, `flask check` hanya mencatatnya", example="true"),
    "jenis": s.Field(s.one_of(*JENIS.values()),
                     doc="kelurahan, desa atau desa adat; harus sesuai angka ke-7 kode wilayah "
                     "(ditulis oleh `flask villages import`)", example="desa"),
}


def read_village(path: Path, site_dir: Path, report: Report) -> Village | None:
    """Load and check one registry file; None (with errors recorded) when it is invalid.

    A file whose version (inode, size, mtime, ctime) was checked before in this
    process and has not changed for two seconds is not read again: its village
    and problems are replayed. A theme named in it is looked up again every time.
    """
    try:
        st = os.stat(path)
        version = stamp(st) if settled(st) else None
    except OSError:
        version = None
    key = f"{site_dir}\0{path}"
    known = _READ.get(key)
    if version is not None and known is not None and known[0] == version:
        village = known[1]
        if village is not None and (not village.theme or _theme_ok(village.theme, site_dir)):
            report.extend(list(known[2]))
            return village
    mine = Report()
    village = _read_village(path, site_dir, mine)
    report.extend(mine.problems)
    if version is not None and village is not None:  # invalid files are read every time
        _READ[key] = (version, village, mine.problems)
    return village


def _theme_ok(name: str, site_dir: Path) -> bool:
    try:
        resolve_theme(name, site_dir)
    except ThemeError:
        return False
    return True


def _read_village(path: Path, site_dir: Path, report: Report) -> Village | None:
    shown = display_path(path, site_dir)
    slug = path.stem
    ok = True
    if not SLUG_RE.fullmatch(slug):
        report.error(shown, f"nama berkas '{slug}' bukan slug yang sah",
                     "gunakan huruf kecil a-z, angka dan tanda '-', contoh: suka-maju.yml")
        ok = False
    elif slug in PORTAL_NAMES:
        report.error(shown, f"nama desa '{slug}' dipakai oleh portal (folder build/{slug}/); "
                     "desa ini tidak dibangun", f"ganti nama berkas, misalnya 'desa-{slug}.yml', "
                     "dan folder content/ desa ini")
        ok = False
    parsed = read_yaml(path, shown, report, limit=200_000)
    if parsed is None:
        return None
    data, lines = parsed
    values = s.check_mapping(data, SCHEMA, shown, lines, report)
    if values is None or not ok:
        return None
    if values.get("theme"):
        try:
            resolve_theme(values["theme"], site_dir)
        except ThemeError as exc:
            report.error(shown, f"'theme': {exc.message}", exc.hint, line=lines.get(("theme",)))
            return None
    jenis = values.pop("jenis", None)
    if jenis is not None and jenis != JENIS[values["kode_wilayah"][9]]:
        digit = values["kode_wilayah"][9]
        report.warning(shown, f"'jenis' {jenis} tidak sesuai kode_wilayah: angka ke-7 '{digit}' "
                              f"berarti {JENIS[digit]}",
                       f"tulis jenis: {JENIS[digit]}, atau periksa kode_wilayah",
                       line=lines.get(("jenis",)))
    if "color" in values and (problem := aa_problem(values["color"])):
        report.warning(shown, problem, "pilih warna yang lebih gelap agar tampil apa adanya",
                       line=lines.get(("color",)))
    return Village(slug=slug, src_path=path, **values)


def load_registry(site_dir: Path, report: Report) -> dict[str, Village]:
    """Load every ``villages/*.yml``; invalid ones are reported and left out.

    Duplicate codes are errors on every file but the first.
    """
    villages: dict[str, Village] = {}
    by_code: dict[str, str] = {}
    root = site_dir / "villages"
    for path in list_files(root, ".yml", root, report, site_dir):
        village = read_village(path, site_dir, report)
        if village is None:
            continue
        first = by_code.get(village.kode_wilayah)
        if first is not None:
            report.error(display_path(path, site_dir),
                         f"kode_wilayah {village.kode_wilayah} sudah dipakai oleh {first}",
                         "setiap desa harus memiliki kodenya sendiri")
            continue
        by_code[village.kode_wilayah] = display_path(path, site_dir)
        villages[village.slug] = village
    warn_stray_registry(root, site_dir, report)
    warn_unregistered(site_dir, report)
    return villages
