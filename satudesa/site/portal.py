"""The portal's village list: kabupaten, then kecamatan, each village a card with its photo."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from itertools import groupby

from markupsafe import Markup

from satudesa.images.markup import picture
from satudesa.images.variants import probe
from satudesa.inputs.media import check_media
from satudesa.inputs.sources import safe_join
from satudesa.links import relative
from satudesa.load.model import Site
from satudesa.load.registry import Village

THUMB_SIZES = "(min-width: 40rem) 10rem, 6rem"


@dataclass(frozen=True)
class VillageCard:
    """One village as the portal lists it: no codes, only what a resident recognises."""

    village: Village
    url: str
    photo: Markup


def village_photo(site: Site, village: Village, here: str = "") -> Markup:
    """The village's registry photo as a small lazy ``<picture>``, linked from the portal
    page ``here``; empty when there is none or it would not be published."""
    if not village.foto:
        return Markup("")
    root = site.site_dir / "content" / village.slug
    path = safe_join(root, village.foto.lstrip("/")) if root.is_dir() else None
    if path is None or not path.is_file() or check_media(path, image=True) is not None:
        return Markup("")
    info = probe(path)
    if info is None:
        return Markup("")
    rel = path.relative_to(root).as_posix()
    return picture(info, f"{village.slug}/{rel}", partial(relative, here), "", lazy=True,
                   sizes=THUMB_SIZES, css_class="thumb", box=(160, 80))


Groups = list[tuple[str, list[tuple[str, list[VillageCard]]]]]


def portal_groups(site: Site, here: str = "") -> Groups:
    """Published villages grouped kabupaten → kecamatan, each level sorted by name."""
    villages = sorted(site.registry.values(),
                      key=lambda v: (v.kabupaten.lower(), v.kecamatan.lower(), v.name.lower()))
    groups = []
    for kabupaten, of_kabupaten in groupby(villages, key=lambda v: v.kabupaten):
        kecamatan = [(name, [VillageCard(v, f"{v.slug}/", village_photo(site, v, here))
                             for v in members])
                     for name, members in groupby(of_kabupaten, key=lambda v: v.kecamatan)]
        groups.append((kabupaten, kecamatan))
    return groups
