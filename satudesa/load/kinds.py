"""The Markdown content kinds a village publishes, and the keys each accepts.

Adding a kind is one entry here plus its templates and routes: the loader,
validation, publication rules and link resolution are shared.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from satudesa.inputs import schema as s
from satudesa.load.dokumen import file_info
from satudesa.load.drafts import STATUSES
from satudesa.load.galeri import check_photos, photo_list
from satudesa.load.kip import CATEGORY_KEYS

GENERIC: s.Schema = {
    "title": s.Field(s.text, required=True),
    "date": s.Field(s.datetime),
    "summary": s.Field(s.text),
    "image": s.Field(s.text),
    "tags": s.Field(s.text_list),
    "author": s.Field(s.text),
    "draft": s.Field(s.boolean),
    "status": s.Field(s.one_of(*STATUSES)),  # the editor's workflow; only 'terbit' publishes
    "weight": s.Field(s.integer),
    "category": s.Field(s.text),
    "updated": s.Field(s.datetime),
}


@dataclass(frozen=True)
class Kind:
    """One content folder: its keys, how it sorts, and its Indonesian labels."""

    name: str
    label: str  # heading of the list page
    menu: str = ""  # its entry in the main menu ("" for none), in KINDS order
    search: str = ""  # its group in the no-JavaScript search index ("" for ``label``)
    schema: s.Schema = field(default_factory=dict)
    date_required: bool = False
    order: str = "date"  # "date" (newest first), "weight" (then title), "title", "start"
    file_keys: tuple[str, ...] = ()  # keys naming a file in the village folder
    # Last step of loading one page: finish(loader, page, lines, shown) -> keep the page?
    finish: Callable[..., bool] | None = None

    def full_schema(self) -> s.Schema:
        """Generic keys plus this kind's own."""
        return {**GENERIC, **self.schema}


KINDS: dict[str, Kind] = {k.name: k for k in (
    Kind("halaman", "Halaman", search="Profil desa", order="weight"),
    Kind("layanan", "Layanan", menu="Layanan", schema={
        "persyaratan": s.Field(s.text_list, required=True),
        "prosedur": s.Field(s.text_list, required=True),
        "waktu": s.Field(s.text, required=True),
        "biaya": s.Field(s.text, required=True),
        "produk": s.Field(s.text, required=True),
        "pengaduan": s.Field(s.text),
        "dasar_hukum": s.Field(s.text_list),
        "formulir": s.Field(s.text),
        "kategori": s.Field(s.text),
    }, order="weight", file_keys=("formulir",)),
    Kind("berita", "Berita", menu="Berita", date_required=True),
    Kind("pengumuman", "Pengumuman", menu="Pengumuman", schema={
        "berlaku_sampai": s.Field(s.date),
        "darurat": s.Field(s.boolean),
    }, date_required=True),
    Kind("agenda", "Agenda", menu="Agenda", schema={
        "mulai": s.Field(s.datetime, required=True),
        "selesai": s.Field(s.datetime),
        "lokasi": s.Field(s.text),
    }, order="start"),
    Kind("potensi", "Potensi Desa", menu="Potensi", search="Potensi desa", schema={
        "harga": s.Field(s.non_negative),
        "satuan": s.Field(s.text),
        "whatsapp": s.Field(s.whatsapp),
        "lokasi": s.Field(s.text),
        "koordinat": s.Field(s.coordinates),
        "kategori": s.Field(s.text),
    }, order="weight"),
    Kind("dokumen", "Dokumen Publik", search="Dokumen publik", schema={
        "file": s.Field(s.text, required=True),
        "kategori": s.Field(s.one_of(*CATEGORY_KEYS), required=True),
        "tahun": s.Field(s.integer),
        "nomor": s.Field(s.text),
    }, file_keys=("file",), finish=file_info),
    Kind("galeri", "Galeri", menu="Galeri", schema={
        "foto": s.Field(photo_list, required=True),
    }, finish=check_photos),
)}

# URL segments a halaman may not take: they belong to built-in sections. A
# halaman named after one of the INTROS becomes the introduction of that section;
# any other reserved name is reported and not published.
RESERVED = frozenset({
    *KINDS, "kontak", "perangkat", "apbdes", "statistik", "galeri", "media", "static",
    "cari", "informasi-publik", "pagefind", "feed.xml", "sitemap.xml", "404.html",
    "robots.txt",
})
INTROS = frozenset({"kontak", "perangkat", "apbdes", "statistik", "informasi-publik"})
# Names a page of a kind may not take: the section's own lists live at these URLs
# ('berita/tag.md' would replace the topic index berita/tag/). Kept in step with routes.py.
SUBPATHS: dict[str, dict[str, str]] = {
    "berita": {"tag": "daftar topik berita", "arsip": "arsip berita",
               "page": "halaman daftar berita berikutnya"},
}
