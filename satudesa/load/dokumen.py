"""Public documents (KIP): the type and size of each file, measured once at load time."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import unquote

from satudesa.inputs.yamlsafe import Lines
from satudesa.load.model import Page

if TYPE_CHECKING:
    from satudesa.load.content import VillageLoader

TYPES = {"pdf": "PDF", "doc": "Word", "docx": "Word", "xls": "Excel", "xlsx": "Excel",
         "odt": "ODT", "ods": "ODS", "csv": "CSV", "zip": "ZIP", "jpg": "JPG", "jpeg": "JPG",
         "png": "PNG"}


def file_info(loader: VillageLoader, page: Page, lines: Lines, shown: str) -> bool:
    """Store ``jenis_berkas`` (PDF, Word …) and ``ukuran`` (bytes) of the document file."""
    rel = unquote(page.fields["file"])
    path = loader.vs.assets.get(rel)
    if path is None:  # pragma: no cover - file_keys already refused a missing file
        return False
    suffix = path.suffix.lower().lstrip(".")
    page.fields["jenis_berkas"] = TYPES.get(suffix, suffix.upper() or "Berkas")
    page.fields["ukuran"] = path.stat().st_size
    return True
