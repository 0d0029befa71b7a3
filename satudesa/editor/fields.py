"""Editor forms generated from the content model (``kinds.py``).

Each front-matter key becomes a field named after it; a list key is a textarea
with one item per line, a key naming a file is a text field with a file input
``<key>_unggah`` beside it. Values go from YAML to the form and back so that a
field the officer did not touch is never rewritten.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..inputs import schema as s
from ..load.galeri import photo_list
from ..load.kinds import KINDS, Kind

# Keys the workflow buttons set, never typed by hand.
WORKFLOW_KEYS = frozenset({"draft", "status", "updated"})

LABELS = {
    "title": "Judul", "date": "Tanggal", "summary": "Ringkasan", "image": "Gambar utama",
    "tags": "Label (satu per baris)", "author": "Penulis", "category": "Kategori",
    "weight": "Urutan", "berlaku_sampai": "Berlaku sampai", "darurat": "Darurat",
    "persyaratan": "Persyaratan (satu per baris)", "prosedur": "Prosedur (satu per baris)",
    "waktu": "Waktu penyelesaian", "biaya": "Biaya", "produk": "Produk layanan",
    "pengaduan": "Pengaduan", "dasar_hukum": "Dasar hukum (satu per baris)",
    "formulir": "Formulir", "kategori": "Kategori", "mulai": "Mulai", "selesai": "Selesai",
    "lokasi": "Lokasi", "harga": "Harga (Rp)", "satuan": "Satuan", "whatsapp": "WhatsApp",
    "koordinat": "Koordinat (lintang, bujur)", "file": "Berkas", "tahun": "Tahun",
    "nomor": "Nomor", "foto": "Foto (satu per baris: berkas | keterangan)", "body": "Isi",
}
HINTS = {
    "date": "contoh: 2026-03-03 09:00", "mulai": "contoh: 2026-03-03 09:00",
    "selesai": "contoh: 2026-03-03 12:00", "berlaku_sampai": "contoh: 2026-03-31",
    "kategori": "", "image": "alamat berkas, misalnya media/foto.jpg",
}
# Which upload kinds a file key accepts (uploads.process_upload's ``accept``).
ACCEPT = {"image": "image", "file": "document", "formulir": "document", "foto": "image"}


@dataclass(frozen=True)
class FieldSpec:
    """One form field: its key, label, widget and whether it is required."""

    key: str
    label: str
    widget: str  # "text", "list", "bool", "photos"
    required: bool
    upload: str | None  # accept value when the key names a file
    hint: str = ""


def specs(kind: Kind) -> list[FieldSpec]:
    """The fields of a kind's form, in the content model's order, body last."""
    result = []
    for key, field in kind.full_schema().items():
        if key in WORKFLOW_KEYS:
            continue
        if key == "weight" and kind.order != "weight":
            continue
        if key == "date" and kind.name in ("halaman", "layanan", "potensi"):
            continue
        convert = field.convert
        widget = ("photos" if convert is photo_list else
                  "list" if convert is s.text_list else
                  "bool" if convert is s.boolean else "text")
        upload = ACCEPT.get(key) if key in ("image", "foto", *kind.file_keys) else None
        required = field.required or (key == "date" and kind.date_required)
        result.append(FieldSpec(key, LABELS.get(key, key.replace("_", " ").capitalize()),
                                widget, required, upload, HINTS.get(key, "")))
    return result


def kind_of(name: str) -> Kind | None:
    """The Markdown kind called ``name``, or None."""
    return KINDS.get(name)


def to_form(value: Any, widget: str) -> Any:
    """A YAML value as the form shows it."""
    if value is None:
        return False if widget == "bool" else ""
    if widget == "bool":
        return value is True or str(value).strip().lower() in ("true", "ya", "yes")
    if widget == "photos" and isinstance(value, list):
        lines = []
        for item in value:
            if isinstance(item, Mapping):
                line = str(item.get("file", ""))
                if item.get("caption"):
                    line += " | " + str(item["caption"])
                lines.append(line)
            else:
                lines.append(str(item))
        return "\n".join(lines)
    if widget == "list" and isinstance(value, list):
        return "\n".join(str(item) for item in value)
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def from_form(text: str, widget: str) -> Any:
    """A submitted field as the YAML value to write."""
    if widget == "list":
        return [line.strip() for line in text.splitlines() if line.strip()]
    if widget == "photos":
        photos = []
        for line in text.splitlines():
            path, _, caption = line.partition("|")
            if path.strip():
                item = {"file": path.strip()}
                if caption.strip():
                    item["caption"] = caption.strip()
                photos.append(item)
        return photos
    value = text.strip()
    if value.isdigit() and len(value) < 12 and not value.startswith("0"):
        return int(value)
    return value


def changes(fields: list[FieldSpec], original: Mapping[str, Any],
            form: Mapping[str, str]) -> dict[str, Any]:
    """The keys the officer changed: {key: new value, or None to remove the key}."""
    result: dict[str, Any] = {}
    for spec in fields:
        if spec.widget == "bool":
            new = form.get(spec.key) in ("y", "on", "true", "1")
            old = to_form(original.get(spec.key), "bool")
            if new != old:
                result[spec.key] = new
            continue
        submitted = normalise_newlines(form.get(spec.key, ""))
        if submitted.strip() == str(to_form(original.get(spec.key), spec.widget)).strip():
            continue
        if not submitted.strip():
            if spec.key in original:
                result[spec.key] = None
            continue
        result[spec.key] = from_form(submitted, spec.widget)
    return result


def normalise_newlines(text: str) -> str:
    """Browsers send textareas with CRLF; files keep their own endings."""
    return text.replace("\r\n", "\n").replace("\r", "\n")
