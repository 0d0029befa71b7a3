"""Files an officer saved where the loader never looks: a warning instead of silence.

A berita saved as ``Panen.MD``, ``panen.markdown``, in ``berita/2025/`` or in a
misspelt ``beritaa/`` folder would otherwise just never appear, with nothing
telling anyone why. The same goes for ``villages/x.yaml``.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

from satudesa.errors import Report
from satudesa.inputs.sources import display_path

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd", ".mkdn")
YAML_SUFFIXES = (".yml", ".yaml")
NOT_READ = "berkas ini diabaikan"
IGNORED_FOLDER = "folder ini diabaikan"
# YAML files a village folder may hold, and the folders whose every '.yml' is read.
VILLAGE_YAML = ("perangkat.yml", "statistik.yml")
YAML_FOLDERS = ("apbdes",)
OTHER_FOLDERS = ("media", *YAML_FOLDERS)  # known folders that hold no pages


def warn_stray_content(root: Path, site_dir: Path, report: Report,
                       kinds: tuple[str, ...]) -> None:
    """Warn about Markdown and YAML files in ``content/<slug>/`` that no loader reads.

    ``kinds`` are the folders whose ``*.md`` files are pages (halaman, berita …).
    """
    for folder, dirs, files in os.walk(root):  # symlinked folders are not followed
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        place = Path(folder).relative_to(root).parts
        for name in sorted(files):
            if name.startswith("."):
                continue
            advice = _markdown_advice(place, name, kinds) if name.lower().endswith(
                MARKDOWN_SUFFIXES) else _yaml_advice(place, name)
            if advice:
                report.warning(display_path(Path(folder, name), site_dir),
                               f"{NOT_READ}: {advice[0]}", advice[1])


def warn_stray_registry(root: Path, site_dir: Path, report: Report) -> None:
    """Warn about ``villages/`` entries whose name does not end in '.yml'."""
    if not root.is_dir():
        return
    for entry in sorted(os.scandir(root), key=lambda e: e.name):
        suffix = os.path.splitext(entry.name)[1]
        if not entry.name.startswith(".") and suffix.lower() in YAML_SUFFIXES \
                and suffix != ".yml":
            report.warning(display_path(Path(entry.path), site_dir),
                           f"{NOT_READ}: akhiran nama berkas registri harus '.yml'",
                           f"ganti nama menjadi '{_renamed(entry.name, '.yml')}'")


def warn_unregistered(site_dir: Path, report: Report) -> None:
    """Warn about ``content/<name>/`` folders without a ``villages/<name>.yml`` entry."""
    content = site_dir / "content"
    if not content.is_dir():
        return
    for entry in sorted(os.scandir(content), key=lambda e: e.name):
        if entry.name.startswith(".") or not entry.is_dir():
            continue
        if not (site_dir / "villages" / f"{entry.name}.yml").exists():
            report.warning(display_path(Path(entry.path), site_dir),
                           f"{IGNORED_FOLDER}: tidak ada berkas registri "
                           f"villages/{entry.name}.yml",
                           "samakan nama folder dengan nama berkas registri desanya, atau "
                           "minta Diskominfo mendaftarkan desa ini")


def _markdown_advice(place: tuple[str, ...], name: str,
                     kinds: tuple[str, ...]) -> tuple[str, str] | None:
    """What is wrong with a Markdown file at ``place`` and what to do; None if it is read."""
    if len(place) == 1 and place[0] in kinds:
        if name.endswith(".md"):
            return None  # read by the loader (which reports its own problems)
        return ("akhiran nama berkas harus '.md'",
                f"ganti nama menjadi '{_renamed(name, '.md')}'")
    if place and place[0] in kinds:
        return (f"letaknya di subfolder '{'/'.join(place)}/'",
                f"pindahkan berkas langsung ke folder {place[0]}/")
    if not place:
        return "letaknya langsung di folder desa", f"pindahkan ke folder {_folders(kinds)}"
    if place[0] in OTHER_FOLDERS:
        return (f"folder '{place[0]}/' bukan tempat halaman",
                f"pindahkan ke folder {_folders(kinds)}")
    near = difflib.get_close_matches(place[0], kinds, n=1)
    return (f"folder '{place[0]}/' tidak dikenal",
            f"pindahkan ke folder {near[0] + '/' if near else _folders(kinds)}")


def _yaml_advice(place: tuple[str, ...], name: str) -> tuple[str, str] | None:
    """Advice for a YAML file that would be read under its '.yml' name, else None."""
    suffix = os.path.splitext(name)[1]
    if suffix.lower() not in YAML_SUFFIXES or suffix == ".yml":
        return None
    fixed = _renamed(name, ".yml")
    if (not place and fixed in VILLAGE_YAML) or (len(place) == 1 and place[0] in YAML_FOLDERS):
        return ("akhiran nama berkas data harus '.yml'", f"ganti nama menjadi '{fixed}'")
    return None


def _renamed(name: str, suffix: str) -> str:
    return os.path.splitext(name)[0] + suffix


def _folders(kinds: tuple[str, ...]) -> str:
    """'halaman/, berita/ … atau galeri/'."""
    names = [f"{kind}/" for kind in kinds]
    return ", ".join(names[:-1]) + f" atau {names[-1]}"
