"""Table forms: perangkat, the registry's kontak, APBDes lines and statistik.

These files have no draft state: saving one publishes it, so only an officer
who may publish saves, and a file ``flask check`` would refuse is not written.
Only the sections the officer changed are rewritten; comments and everything
else stay byte-identical, and an unchanged form writes nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import login_required
from werkzeug.wrappers import Response

from ..errors import ERROR, Problem
from ..inputs.yamlsafe import YamlProblem, load_yaml
from ..load.apbdes import SECTIONS
from ..load.registry import CONTACT
from ..load.statistik import GROUPS
from .checking import check_table_form
from .commits import save_file
from .documents import digest, village_root
from .state import editor
from .views import _publish, village_or_404
from .yamlblocks import replace_block, scalar

bp = Blueprint("tables", __name__)
EMPTY_ROWS = 3
YEAR = re.compile(r"(19|20)\d\d\Z")
APBDES_COLUMNS = ("kode", "uraian", "anggaran", "perubahan", "realisasi", "lokasi",
                  "pelaksana", "sumber_dana")
COLUMN_LABELS = {
    "nama": "Nama", "jabatan": "Jabatan", "mulai_menjabat": "Mulai menjabat",
    "foto": "Foto (media/...)", "kode": "Kode rekening", "uraian": "Uraian",
    "anggaran": "Anggaran (Rp)", "perubahan": "Perubahan (Rp)", "realisasi": "Realisasi (Rp)",
    "lokasi": "Lokasi", "pelaksana": "Pelaksana", "sumber_dana": "Sumber dana",
    "label": "Kelompok", "jumlah": "Jumlah", "alamat": "Alamat", "telepon": "Telepon",
    "whatsapp": "WhatsApp", "email": "Surel", "jam_layanan": "Jam layanan",
    "sumber": "Sumber data", "per_tanggal": "Per tanggal", "jumlah_kk": "Jumlah KK",
    "tahun": "Tahun", "status": "Status (ditetapkan/perubahan)", "perdes": "Peraturan desa",
    "periode_realisasi": "Periode realisasi", "laki_laki": "Laki-laki", "perempuan": "Perempuan",
}


@dataclass(frozen=True)
class Section:
    """One top-level key holding rows: a list of mappings, or a mapping label -> count."""

    key: str
    label: str
    columns: tuple[str, ...]
    shape: str = "list"  # "list" of {column: value}; "counts" {label: n or {l, p}}


# -- reading and writing the YAML ---------------------------------------------------


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value)


def rows_of(data: Mapping[str, Any], section: Section) -> list[dict[str, str]]:
    """The rows of a section as the form shows them (strings)."""
    raw = data.get(section.key)
    if section.shape == "counts":
        rows = []
        for label, value in (raw or {}).items() if isinstance(raw, Mapping) else []:
            if isinstance(value, Mapping):
                rows.append({"label": _cell(label), "jumlah": "",
                             "laki_laki": _cell(value.get("laki_laki")),
                             "perempuan": _cell(value.get("perempuan"))})
            else:
                rows.append({"label": _cell(label), "jumlah": _cell(value),
                             "laki_laki": "", "perempuan": ""})
        return rows
    if not isinstance(raw, list):
        return []
    return [{column: _cell(item.get(column)) for column in section.columns}
            for item in raw if isinstance(item, Mapping)]


def rows_from_form(form: Mapping[str, str], section: Section) -> list[dict[str, str]]:
    """The rows posted for a section; a row left empty is dropped."""
    rows = []
    index = 0
    while f"{section.key}-{index}-{section.columns[0]}" in form:
        row = {column: form.get(f"{section.key}-{index}-{column}", "").strip()
               for column in section.columns}
        if any(row.values()):
            rows.append(row)
        index += 1
    return rows


def render_section(section: Section, rows: list[dict[str, str]], newline: str) -> str:
    """A section's YAML lines, one flow mapping per row."""
    lines = [f"{section.key}:"]
    for row in rows:
        if section.shape == "counts":
            label = json.dumps(row["label"], ensure_ascii=False)
            if row.get("laki_laki") or row.get("perempuan"):
                lines.append(f"  {label}: {{laki_laki: {scalar(row.get('laki_laki') or '0')}, "
                             f"perempuan: {scalar(row.get('perempuan') or '0')}}}")
            else:
                lines.append(f"  {label}: {scalar(row.get('jumlah') or '0')}")
        else:
            cells = [f"{column}: {scalar(row[column])}" for column in section.columns
                     if row.get(column)]
            lines.append("  - {" + ", ".join(cells) + "}")
    if len(lines) == 1:
        lines[0] += " []" if section.shape == "list" else " {}"
    return newline.join(lines) + newline


def rewrite(text: str, sections: list[Section], old: Mapping[str, Any],
            form: Mapping[str, str], scalars: Mapping[str, Callable[[str], str]],
            nested: str | None = None) -> tuple[str, dict[str, list[dict[str, str]]]]:
    """The file with every changed section (and scalar key) rewritten, and the posted rows.

    With ``nested``, the scalars are the keys of that one mapping (the registry's kontak).
    """
    newline = "\r\n" if "\r\n" in text else "\n"
    if nested is not None:
        inner = old.get(nested) if isinstance(old.get(nested), Mapping) else {}
        wanted = {key: form.get(key, "").strip() for key in scalars}
        if any(wanted[key] != _cell(inner.get(key)) for key in scalars):
            kept = {key: _cell(value) for key, value in inner.items() if key not in scalars}
            merged = {**{k: v for k, v in wanted.items() if v}, **kept}
            block = f"{nested}:" + newline + "".join(
                f"  {key}: {scalars.get(key, scalar)(value)}{newline}"
                for key, value in merged.items()) if merged else ""
            text = replace_block(text, nested, block)
        return text, {}
    posted = {}
    for section in sections:
        rows = rows_from_form(form, section)
        posted[section.key] = rows
        if rows != rows_of(old, section):
            text = replace_block(text, section.key, render_section(section, rows, newline))
    for key, render in scalars.items():
        value = form.get(key, "").strip()
        if value != _cell(old.get(key)) and (value or key in old):
            text = replace_block(text, key, f"{key}: {render(value)}{newline}" if value else "")
    return text, posted


# -- the four forms ---------------------------------------------------------------


def _table(slug: str, path: Path, title: str, sections: list[Section],
           check: str, endpoint: str,
           scalars: Mapping[str, Callable[[str], str]] | None = None,
           template: str = "table.html", nested: str | None = None,
           **url_args: Any) -> Response | tuple[str, int]:
    """GET shows the form; POST checks and writes only what changed."""
    me, village = village_or_404(slug)
    ed = editor()
    scalars = scalars or {}
    can_save = me.can_publish(slug, ed.store.requires_approval(slug))
    text = path.read_bytes().decode("utf-8", "replace") if path.is_file() else ""
    try:
        old = (load_yaml(text)[0] or {}) if text else {}
    except YamlProblem as exc:
        flash(f"Berkas ini tidak bisa dibaca sebagai tabel: {exc.message} (baris {exc.line}). "
              "Perbaiki berkasnya atau minta bantuan admin.", "error")
        old = {}
    if not isinstance(old, Mapping):
        old = {}
    problems: list[Problem] = []
    rows = {section.key: rows_of(old, section) for section in sections}
    source = old.get(nested) if nested else old
    values = {key: _cell(source.get(key)) for key in scalars} \
        if isinstance(source, Mapping) else {}
    code = 200
    if request.method == "POST":
        if not can_save:
            abort(403)
        with ed.write_lock:
            current = path.read_bytes() if path.is_file() else b""
            if request.form.get("base_hash", "") != digest(current):
                flash("Berkas ini telah diubah orang lain sejak Anda membukanya. Tidak ada yang "
                      "ditimpa: muat ulang halaman, lalu ulangi perubahan.", "error")
                return render_template(template, village=village, title=title,
                                       sections=sections, rows=rows, values=values,
                                       scalars=scalars, base_hash=digest(current),
                                       problems=[], can_save=can_save, labels=COLUMN_LABELS,
                                       empty=EMPTY_ROWS, action=url_for(endpoint, slug=slug,
                                                                        **url_args)), 409
            candidate, rows = rewrite(text, sections, old, request.form, scalars, nested)
            values = {key: request.form.get(key, "").strip() for key in scalars}
            problems = check_table_form(check, village, path, candidate)
            if any(p.severity == ERROR for p in problems):
                flash("Belum disimpan: perbaiki galat di bawah.", "error")
                code = 422
            elif candidate == text:
                flash("Tidak ada perubahan.", "info")
                return redirect(url_for(endpoint, slug=slug, **url_args))
            else:
                rel = path.relative_to(ed.site_dir).as_posix()
                save_file(ed.site_dir, path, candidate.encode("utf-8"), me, f"ubah: {rel}")
                ed.store.audit(me.username, slug, "ubah", rel)
                flash("Disimpan dan diterbitkan.", "ok")
                _publish(slug)
                return redirect(url_for(endpoint, slug=slug, **url_args))
    return render_template(template, village=village, title=title, sections=sections,
                           rows=rows, values=values, scalars=scalars,
                           base_hash=digest(path.read_bytes()) if path.is_file() else digest(b""),
                           problems=problems, can_save=can_save, labels=COLUMN_LABELS,
                           empty=EMPTY_ROWS,
                           action=url_for(endpoint, slug=slug, **url_args)), code


@bp.route("/<slug>/perangkat/ubah", methods=["GET", "POST"])
@login_required
def perangkat(slug: str) -> Response | tuple[str, int]:
    """Perangkat desa and BPD."""
    columns = ("nama", "jabatan", "mulai_menjabat", "foto")
    return _table(slug, village_root(editor().site_dir, slug) / "perangkat.yml",
                  "Perangkat desa", [Section("perangkat", "Perangkat desa", columns),
                                     Section("bpd", "Anggota BPD", columns)],
                  "perangkat", "tables.perangkat")


@bp.route("/<slug>/kontak/ubah", methods=["GET", "POST"])
@login_required
def kontak(slug: str) -> Response | tuple[str, int]:
    """The village's kontak in its registry entry."""
    village_or_404(slug)
    path = editor().site_dir / "villages" / f"{slug}.yml"
    return _table(slug, path, "Kontak desa", [], "registry", "tables.kontak",
                  scalars={key: scalar for key in CONTACT}, nested="kontak")


@bp.route("/<slug>/statistik/ubah", methods=["GET", "POST"])
@login_required
def statistik(slug: str) -> Response | tuple[str, int]:
    """Population statistics: one table per group."""
    sections = [Section(key, label, ("label", "jumlah", "laki_laki", "perempuan"), "counts")
                for key, label in GROUPS.items()]
    return _table(slug, village_root(editor().site_dir, slug) / "statistik.yml",
                  "Statistik penduduk", sections, "statistik", "tables.statistik",
                  scalars={"sumber": scalar, "per_tanggal": scalar, "jumlah_kk": scalar})


@bp.route("/<slug>/apbdes/")
@login_required
def apbdes_list(slug: str) -> str:
    """The budget years with a file, and a form to start a new year."""
    _, village = village_or_404(slug)
    folder = village_root(editor().site_dir, slug) / "apbdes"
    years = sorted((p.stem for p in folder.glob("*.yml") if YEAR.match(p.stem)), reverse=True) \
        if folder.is_dir() and not folder.is_symlink() else []
    return render_template("apbdes_list.html", village=village, years=years,
                           next_year=dt.date.today().year)


@bp.route("/<slug>/apbdes/<tahun>/ubah", methods=["GET", "POST"])
@login_required
def apbdes(slug: str, tahun: str) -> Response | tuple[str, int]:
    """One budget year's lines."""
    village_or_404(slug)
    if not YEAR.match(tahun):
        abort(404)
    path = village_root(editor().site_dir, slug) / "apbdes" / f"{tahun}.yml"
    sections = [Section(key, key.capitalize(), APBDES_COLUMNS) for key in SECTIONS]
    return _table(slug, path, f"APBDes {tahun}", sections, "apbdes", "tables.apbdes",
                  scalars={"tahun": scalar, "status": scalar, "perdes": scalar,
                           "periode_realisasi": scalar}, tahun=tahun)
