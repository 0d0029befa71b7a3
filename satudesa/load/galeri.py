"""Photo albums: ``galeri/<album>.md`` with a ``foto:`` list of {file, caption}.

Each photo is checked with its own line number and registered as an asset,
so the album page and the grid link only files that are copied into the build.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from satudesa.inputs import schema as s
from satudesa.inputs.yamlsafe import Lines
from satudesa.load.model import Page

if TYPE_CHECKING:
    from satudesa.load.content import VillageLoader

PHOTO: s.Schema = {
    "file": s.Field(s.text, required=True),
    "caption": s.Field(s.text),
    "alt": s.Field(s.text),
}


def photo_list(value: Any) -> list[Any]:
    """The raw ``foto`` list; each item is checked by :func:`check_photos` with its line."""
    if not isinstance(value, list):
        raise s.Invalid("harus berupa daftar foto",
                        "tulis setiap foto sebagai '- file: galeri/album/1.jpg' "
                        "dengan 'caption:' di bawahnya")
    if not value:
        raise s.Invalid("daftar foto kosong", "tambahkan sedikitnya satu foto")
    return value


def check_photos(loader: VillageLoader, page: Page, lines: Lines, shown: str) -> bool:
    """Validate every photo and register its file; a missing photo is left out with a warning."""
    photos = []
    for index, raw in enumerate(page.fields.get("foto", [])):
        if isinstance(raw, str):
            raw = {"file": raw}
        values = s.check_mapping(raw, PHOTO, shown, lines, loader.report,
                                 prefix=("foto", index), where=f"foto ke-{index + 1}")
        if values is None:
            continue
        line = lines.get(("foto", index, "file"), lines.get(("foto", index)))
        url = loader.file_url(values["file"], page.src_path, shown, line, image=True)
        if url is None:
            continue
        photos.append({"file": url, "caption": values.get("caption", ""),
                       "alt": values.get("alt") or values.get("caption", "")})
    if not photos:
        loader.report.error(shown, "album tidak memiliki foto yang bisa diterbitkan",
                            "periksa nama berkas pada daftar 'foto'",
                            line=lines.get(("foto",)))
        return False
    page.fields["foto"] = photos
    if not page.image:
        page.image = photos[0]["file"]
    return True
