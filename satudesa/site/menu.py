"""The village menu and the notices every page of a village shows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from satudesa.load.kinds import KINDS
from satudesa.load.model import Site, VillageSite, is_valid


@dataclass(frozen=True)
class MenuEntry:
    """One item of the main menu; ``items`` are the pages of its sub-menu, if any."""

    url: str
    label: str
    items: tuple[tuple[str, str], ...] = ()

    def contains(self, here: str) -> bool:
        """True when the page at ``here`` belongs to this entry."""
        urls = [self.url, *(url for url, _label in self.items)]
        return any(here == url or (url and here.startswith(url)) for url in urls)




def village_menu(vs: VillageSite) -> list[MenuEntry]:
    """The main menu of a village: only sections that have something to show."""
    menu: list[MenuEntry] = []
    profil = [(p.url, p.title) for p in vs.of("halaman")]
    if vs.data.get("perangkat") or "perangkat" in vs.intros:
        profil.append(("perangkat/", "Perangkat Desa"))
    if profil:
        menu.append(MenuEntry(profil[0][0], "Profil", tuple(profil)))
    # Halaman go under "Profil", the budget, statistics and documents under
    # "Transparansi"; every other kind names its own entry (Kind.menu).
    menu += [MenuEntry(f"{kind.name}/", kind.menu) for kind in KINDS.values()
             if kind.menu and vs.of(kind.name)]
    transparansi = []
    if vs.data.get("apbdes"):
        transparansi.append(("apbdes/", "APBDes"))
    if vs.data.get("statistik"):
        transparansi.append(("statistik/", "Statistik"))
    if vs.of("dokumen"):
        transparansi.append(("dokumen/", "Dokumen"))
    transparansi.append(("informasi-publik/", "Informasi Publik"))
    menu.append(MenuEntry(transparansi[0][0], "Transparansi", tuple(transparansi)))
    menu.append(MenuEntry("kontak/", "Kontak"))
    return menu


def village_context(site: Site, vs: VillageSite) -> dict[str, Any]:
    """Menu and emergency notices shared by every page of a village."""
    menu = village_menu(vs)
    darurat = [p for p in vs.of("pengumuman") if p.get("darurat") and is_valid(p, site)]
    return {"menu": menu, "darurat": darurat}
