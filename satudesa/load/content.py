"""Loading a village's Markdown content into :class:`Page` objects.

Reads front matter with the safe YAML loader, validates it against the kind's
schema, applies the publication rules (drafts and future dates never appear),
then renders every body with links resolved to relative URLs. A bad file is
reported with its line and skipped; the rest of the village loads.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote, urlsplit

from markupsafe import Markup

from satudesa.dates import localise
from satudesa.errors import Report
from satudesa.images.markup import responsive_body
from satudesa.images.variants import CACHE_DIR
from satudesa.inputs import schema as s
from satudesa.inputs.media import Refusal, check_media
from satudesa.inputs.sources import (
    HARD_LINK,
    HARD_LINK_HINT,
    display_path,
    exists,
    is_file,
    is_inside,
    list_files,
    read_text,
    refused,
    safe_join,
    village_files,
)
from satudesa.inputs.yamlsafe import YamlProblem, load_yaml
from satudesa.links import quote_path, relative, slugify
from satudesa.load.drafts import PUBLISHED, as_draft, says_draft
from satudesa.load.kinds import INTROS, KINDS, RESERVED, SUBPATHS, Kind
from satudesa.load.kip import load_transparency
from satudesa.load.markup import MAX_DEPTH, TooDeep, render_markdown
from satudesa.load.model import Page, VillageSite
from satudesa.load.perangkat import load_perangkat
from satudesa.load.registry import Village
from satudesa.load.strays import warn_stray_content

FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(?:\n|\Z)", re.S)
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".gif", ".avif")
# Files satudesa writes in every village: an officer's file must never take their place
# (a 'robots.txt' saying "Disallow: /" would hide the village from search engines).
GENERATED = frozenset({"robots.txt", "feed.xml", "sitemap.xml", "404.html",
                       "statistik.csv", "statistik.json"})
# An address on the officer's own computer: file:///…, C:\… or C:/…
LOCAL_FILE = re.compile(r"(?i)file:|[a-z]:[\\/]")


def split_front_matter(text: str) -> tuple[str, str, int]:
    """Return (front matter, body, line where the body starts).

    A file without front matter has an empty one.
    """
    match = FRONT_MATTER.match(text)
    if not match:
        return "", text, 1
    return match.group(1) or "", text[match.end():], text[: match.end()].count("\n") + 1


class VillageLoader:
    """Loads one village's ``content/<slug>/`` folder; problems go to ``report``."""

    def __init__(self, village: Village, site_dir: Path, report: Report,
                 now: dt.datetime) -> None:
        self.village = village
        self.site_dir = site_dir
        self.root = site_dir / "content" / village.slug
        self.report = report
        self.now = now
        self.vs = VillageSite(village=village, root=self.root)
        self.cache = site_dir / CACHE_DIR  # images decoded before need no second decode
        self._by_source: dict[str, str | None] = {}  # 'berita/x.md' -> url (None: unpublished)
        self._outputs: dict[str, str] = {}  # url -> source, to refuse collisions
        self._refusals: dict[tuple[Path, bool], Refusal | None] = {}  # media verdicts
        # (folder, ref) -> (file, its path in the village) or None; folder -> its path
        self._resolved: dict[tuple[Path, str], tuple[Path, str] | None] = {}
        self._folders: dict[Path, str] = {}
        self._shown: dict[Path, str] = {}

    def shown(self, path: Path) -> str:
        """A path as officers see it in messages."""
        if path not in self._shown:
            self._shown[path] = display_path(path, self.site_dir)
        return self._shown[path]

    def load(self) -> VillageSite:
        """Read every Markdown kind, then render bodies once all URLs are known."""
        for kind in KINDS.values():
            folder = self.root / kind.name
            files = list_files(folder, ".md", self.root, self.report, self.site_dir)
            # A file already named by its slug keeps its address: a new 'Panen Raya.md'
            # beside 'panen-raya.md' is the one refused, never the page already published.
            files.sort(key=lambda path: slugify(path.stem) != path.stem)
            pages = [page for path in files
                     if (page := self.read_page(path, kind)) is not None]
            self.vs.pages[kind.name] = sort_pages(pages, kind)
        for halaman in list(self.vs.of("halaman")):
            if halaman.slug in RESERVED:
                self.vs.pages["halaman"].remove(halaman)
                if halaman.slug in INTROS:
                    self.vs.intros[halaman.slug] = halaman
                    continue
                self.report.warning(self.shown(halaman.src_path),
                                    f"halaman ini tidak diterbitkan: alamat '{halaman.slug}/' "
                                    "dipakai oleh bagian bawaan situs",
                                    f"ganti nama berkas, misalnya 'tentang-{halaman.slug}.md'")
        for kind_name, pages in self.vs.pages.items():
            # A body that refers to a refused file costs its page (docs/security.md).
            self.vs.pages[kind_name] = [page for page in pages if self.render_body(page)]
        for slug, page in list(self.vs.intros.items()):
            if not self.render_body(page):
                del self.vs.intros[slug]
        warn_stray_content(self.root, self.site_dir, self.report, tuple(KINDS))
        if self.village.logo:  # a path inside content/<slug>/, checked like any image
            logo = self._file_url(self.village.logo, self.root / "logo",
                                  self.shown(self.village.src_path), None, image=True)
            if logo:
                self.vs.data["logo"] = logo
        if self.village.foto:  # the home page's photo, under content/<slug>/ like the logo
            foto = self._file_url(self.village.foto, self.root / "foto",
                                  self.shown(self.village.src_path), None, image=True)
            if foto:
                self.vs.data["foto"] = foto
        perangkat = load_perangkat(self)
        if perangkat is not None and not perangkat.empty:
            self.vs.data["perangkat"] = perangkat
        return self.vs

    # -- one file ---------------------------------------------------------------

    def read_page(self, path: Path, kind: Kind, text: str | None = None) -> Page | None:
        """Parse, validate and apply publication rules to one Markdown file.

        ``text`` (the editor's unsaved form) is checked instead of the file's content.
        A file that says it is a draft is never published, however broken the
        rest of it is; its problems are warnings (see drafts.py).
        """
        shown = self.shown(path)
        if text is None:
            text = read_text(path, shown, self.report)
        if text is None:
            return None
        if not says_draft(text, front_matter=True):
            return self._read_page(path, kind, shown, text)
        with as_draft(self.report, shown) as mine:
            self.report, saved = mine, self.report
            try:
                page = self._read_page(path, kind, shown, text)
            finally:
                self.report = saved
        if page is not None:  # the scan saw a draft the full parse did not: hidden anyway
            self._forget(page.src_rel, page.url)
        self._by_source[path.relative_to(self.root).as_posix()] = None
        return None

    def _read_page(self, path: Path, kind: Kind, shown: str, text: str) -> Page | None:
        src_rel = path.relative_to(self.root).as_posix()
        front, body, body_line = split_front_matter(text)
        if not front.strip() and not FRONT_MATTER.match(text):
            self._no_front_matter(text, shown)
            return None
        try:
            data, lines = load_yaml(front, line_offset=1)
        except YamlProblem as exc:
            self.report.error(shown, exc.message, exc.hint, line=exc.line, col=exc.col)
            return None
        values = s.check_mapping(data or {}, kind.full_schema(), shown, lines, self.report)
        if values is None:
            return None
        # '09:00' written in Balikpapan means 09.00 WITA, not WIB.
        values = {key: localise(value, self.village.zone) for key, value in values.items()}
        if kind.date_required and "date" not in values:
            self.report.error(shown, "kunci wajib 'date' tidak ada",
                              "tambahkan baris 'date: 2025-03-03'", line=1)
            return None
        if not self._check_rules(values, kind, shown, lines):
            return None
        slug = slugify(path.stem)
        url = slug + "/" if kind.name == "halaman" else f"{kind.name}/{slug}/"
        if slug in SUBPATHS.get(kind.name, {}):
            self.report.error(shown, f"alamat '{url}' dipakai oleh "
                              f"{SUBPATHS[kind.name][slug]}; berkas ini tidak diterbitkan",
                              f"ganti nama berkas, misalnya '{slug}-{kind.name}.md'", line=1)
            return None
        published = (not values.get("draft") and values.get("status", PUBLISHED) == PUBLISHED
                     and not self._is_future(values))
        self._by_source[src_rel] = url if published else None
        if not published:
            return None
        if url in self._outputs:
            self.report.error(shown, f"alamat '{url}' sudah dipakai oleh {self._outputs[url]}",
                              "ganti nama salah satu berkas")
            self._by_source[src_rel] = None
            return None
        self._outputs[url] = shown
        generic = {k: values.pop(k) for k in list(values) if k in (
            "title", "date", "summary", "author", "tags", "weight", "image")}
        values.pop("draft", None)
        values.pop("status", None)
        page = Page(kind=kind.name, slug=slug, url=url, src_path=path, src_rel=src_rel,
                    fields=values, source=body, body_line=body_line, **generic)
        if page.image:
            errors = len(self.report.errors)
            page.image = self._file_url(page.image, path, shown, lines.get(("image",)),
                                        image=True) or ""
            if len(self.report.errors) > errors:  # a refused cover image costs the page
                self._forget(src_rel, url)
                return None
        for key in kind.file_keys:
            if key in page.fields:
                target = self._file_url(page.fields[key], path, shown, lines.get((key,)),
                                        required=key)
                if target is None:
                    self._forget(src_rel, url)
                    return None
                page.fields[key] = target
        if kind.finish is not None and not kind.finish(self, page, lines, shown):
            self._forget(src_rel, url)
            return None
        return page

    def _no_front_matter(self, text: str, shown: str) -> None:
        """Say why a file has no front matter we can read: missing, unclosed or pushed down."""
        first = text.split("\n", 1)[0].rstrip()
        if first == "---":
            self.report.error(shown, "front matter tidak ditutup",
                              "tambahkan baris '---' setelah kunci terakhir, sebelum isi "
                              "halaman", line=1)
        elif text.lstrip().startswith("---") and (
                line := text[: len(text) - len(text.lstrip())].count("\n") + 1) > 1:
            self.report.error(shown, f"front matter harus dimulai di baris 1, bukan baris {line}",
                              "hapus baris kosong di atas '---'", line=1)
        else:
            self.report.error(shown, "berkas tidak memiliki front matter",
                              "awali berkas dengan '---', baris 'title: ...', lalu '---'",
                              line=1)

    def _forget(self, src_rel: str, url: str) -> None:
        """A page refused after its URL was claimed: links to it are broken, the URL is free."""
        self._by_source[src_rel] = None
        self._outputs.pop(url, None)

    def _is_future(self, values: dict[str, Any]) -> bool:
        date = values.get("date")
        if date is None or date <= self.now:
            return False
        if self.vs.scheduled is None or date < self.vs.scheduled:
            self.vs.scheduled = date  # the village must be rebuilt when this page goes live
        return True

    def _check_rules(self, values: dict[str, Any], kind: Kind, shown: str,
                     lines: dict[tuple[Any, ...], int]) -> bool:
        """Rules that span keys."""
        until, date = values.get("berlaku_sampai"), values.get("date")
        if until is not None and date is not None and until < date.date():
            self.report.error(shown, f"'berlaku_sampai' ({until}) sebelum 'date' ({date.date()})",
                              "periksa kedua tanggal", line=lines.get(("berlaku_sampai",)))
            return False
        start, end = values.get("mulai"), values.get("selesai")
        if start is not None and end is not None and end < start:
            self.report.error(shown, "'selesai' lebih awal daripada 'mulai'",
                              "periksa kedua waktu", line=lines.get(("selesai",)))
            return False
        return True

    # -- files and links --------------------------------------------------------

    def _resolve(self, ref: str, page_path: Path) -> tuple[Path, str] | None:
        """A file or folder an officer referred to: relative to the page, then to the village.

        Returns the path and its place in the village ('media/x.jpg').
        """
        key = (page_path.parent, ref)
        if key not in self._resolved:  # one answer per load: pages repeat their links
            self._resolved[key] = self._find(ref, page_path.parent)
        return self._resolved[key]

    def _find(self, ref: str, folder: Path) -> tuple[Path, str] | None:
        for base in (folder, self.root):
            if base not in self._folders:
                self._folders[base] = base.relative_to(self.root).as_posix()
            rel = self._folders[base]
            joined = str(PurePosixPath(rel, ref)) if rel != "." else ref
            normal = _normalise(joined)
            if normal is None:
                continue
            target = safe_join(self.root, normal)
            if target is not None and exists(target):  # a 300-character name is just missing
                return target, normal  # safe_join joined exactly these parts
        return None

    def file_url(self, ref: str, page_path: Path, shown: str, line: int | None,
                 image: bool = False) -> str | None:
        """Register a file a page refers to as an asset; its village URL, or None (warned)."""
        return self._file_url(ref, page_path, shown, line, image=image)

    def _file_url(self, ref: str, page_path: Path, shown: str, line: int | None,
                  image: bool = False, required: str = "",
                  col: int | None = None) -> str | None:
        """Register a referenced file as an asset and return its village URL.

        A missing file is a warning, or an error when the page needs it (``required``
        names the key, e.g. ``formulir``).
        """
        found = self._resolve(ref, page_path)
        if found is None or not is_file(found[0]):
            if required:
                self.report.error(shown, f"berkas {required} '{ref}' tidak ditemukan; "
                                  "halaman ini tidak diterbitkan",
                                  f"letakkan berkasnya di folder media/ desa ini, atau hapus "
                                  f"baris '{required}'", line=line, col=col)
                return None
            self.report.warning(shown, f"berkas '{ref}' tidak ditemukan" + (
                                "; diterbitkan tanpa gambar ini" if image else ""),
                                "pisahkan nama folder dengan garis miring '/', bukan '\\'"
                                if "\\" in ref else
                                "periksa nama berkas dan letaknya di folder media/",
                                line=line, col=col)
            return None
        target, rel = found
        if refused(target):
            self.report.error(shown, f"berkas '{ref}' ditolak: {HARD_LINK}", HARD_LINK_HINT,
                              line=line, col=col)
            return None
        if is_generated(rel):
            self.report.error(shown, f"berkas '{ref}' ditolak: nama '{rel}' dipakai oleh berkas "
                              "yang dibuat satudesa", "ganti nama berkas atau pindahkan ke "
                              "folder media/", line=line, col=col)
            return None
        if image and not target.name.lower().endswith((*IMAGE_SUFFIXES, ".svg")):
            self.report.warning(shown, f"'{ref}' bukan berkas gambar",
                                "gunakan JPG, PNG atau WebP", line=line, col=col)
            return None
        key = (target, image)
        if key not in self._refusals:
            self._refusals[key] = check_media(target, image=image, cache=self.cache)
        refusal = self._refusals[key]
        if refusal is not None:
            self.report.error(shown, f"berkas '{ref}' ditolak: {refusal.message}", refusal.hint,
                              line=line, col=col)
            return None
        self.vs.assets[rel] = target  # keyed by the file path; links are percent-encoded
        return quote_path(rel)

    def render_body(self, page: Page) -> bool:
        """Render the page's Markdown with links made relative to ``page.url``.

        Returns False when the body refers to a refused file (an error was recorded).
        """
        shown = self.shown(page.src_path)
        errors = len(self.report.errors)

        def rewrite(tag: str, attr: str, value: str) -> str | None:
            if (tag, attr) not in (("a", "href"), ("img", "src")):
                return value
            return self._rewrite_link(page, shown, tag, value)

        def refused(tag: str, value: str) -> None:
            self._refused_link(page, shown, tag, value)

        try:
            html = render_markdown(page.source, rewrite, refused)
        except TooDeep:
            self.report.error(shown, f"isi halaman bersarang terlalu dalam (lebih dari "
                              f"{MAX_DEPTH} tingkat kutipan '>', daftar atau tag HTML)",
                              "kurangi kutipan dan daftar bertingkat; tutup setiap tag HTML",
                              line=page.body_line)
            html = ""
        page.body = Markup(responsive_body(html, page.url, self.vs))
        page.source = ""
        return len(self.report.errors) == errors

    def _rewrite_link(self, page: Page, shown: str, tag: str, value: str) -> str | None:
        try:
            parts = urlsplit(value)
        except ValueError:  # '//[x': an address no browser could follow either
            line, col = self._position(page, value)
            self.report.warning(shown, f"alamat tautan '{value}' tidak sah",
                                "periksa penulisan alamatnya", line=line, col=col)
            return None
        if parts.scheme or parts.netloc:
            if tag == "a":
                return value
            if parts.scheme.lower() in ("http", "https", ""):  # nh3 dropped other schemes
                line, col = self._position(page, value)
                self.report.warning(shown, f"gambar dari situs lain tidak ditampilkan: "
                                    f"'{s.show(value)}'", "unduh gambarnya ke folder media/ desa "
                                    "ini, lalu tulis ![keterangan](media/nama-berkas.jpg)",
                                    line=line, col=col)
            return None  # remote images would be third-party requests
        if not parts.path:
            return value  # '#anchor'
        ref = unquote(parts.path)
        line, col = self._position(page, value)
        if ref.endswith(".md"):
            key = self._source_key(ref, page.src_path)
            url = self._by_source.get(key) if key else None
            if url is None:
                self.report.warning(shown, f"tautan ke '{value}' tidak menuju halaman terbit",
                                    "periksa nama berkas; draf dan halaman terjadwal tidak "
                                    "bisa ditautkan", line=line, col=col)
                return None
            return relative(page.url, url + (f"#{parts.fragment}" if parts.fragment else ""))
        if tag == "a" and _is_section(ref, page):
            target = _normalise(str(PurePosixPath(page.src_rel).parent / ref)) if not \
                ref.startswith("/") else _normalise(ref.lstrip("/"))
            url = (target or "").rstrip("/") + "/"
            return relative(page.url, url if url != "/" else "")
        url = self._file_url(ref.lstrip("/"), page.src_path, shown, line,
                             image=(tag == "img"), col=col)
        return relative(page.url, url) if url else None

    def _refused_link(self, page: Page, shown: str, tag: str, value: str) -> None:
        """Warn about an address the sanitiser drops for its scheme (the text stays)."""
        written = unquote(value)
        line, col = self._position(page, value)
        noun = "gambar" if tag == "img" else "tautan"
        if LOCAL_FILE.match(written):
            self.report.warning(shown, f"{noun} ke berkas di komputer tidak bisa dibuka warga: "
                                f"'{s.show(written)}'", "salin berkasnya ke folder media/ desa "
                                "ini, lalu tautkan media/nama-berkas", line=line, col=col)
        else:
            self.report.warning(shown, f"alamat {noun} '{s.show(written)}' tidak diizinkan dan "
                                "dihapus", "gunakan alamat yang diawali https://, mailto: atau "
                                "tel:", line=line, col=col)

    def _source_key(self, ref: str, page_path: Path) -> str | None:
        found = self._resolve(ref, page_path)
        return found[1] if found is not None else None

    def _position(self, page: Page, value: str) -> tuple[int, int | None]:
        """Line and column of a link target in the page, when it is written as is."""
        text = page.source
        index = text.find(value)
        if index < 0:  # cmark percent-encodes what a URL may not hold ('\\', spaces)
            index = text.find(unquote(value))
        if index < 0:  # written with entities or escapes: only the body's first line is known
            return page.body_line, None
        column = index - (text.rfind("\n", 0, index) + 1) + 1
        return page.body_line + text.count("\n", 0, index), column


def is_generated(rel: str) -> bool:
    """Whether a village path is one satudesa writes itself (robots.txt, apbdes/2025.csv …)."""
    if rel in GENERATED:
        return True
    folder, _, name = rel.partition("/")
    return folder == "apbdes" and "/" not in name and name.endswith((".csv", ".json"))


def _normalise(path: str) -> str | None:
    """Collapse '.' and '..' in a village-relative path; None if it climbs out."""
    parts: list[str] = []
    for part in path.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if not parts:
                return None
            parts.pop()
        else:
            parts.append(part)
    return "/".join(parts)


def _is_section(ref: str, page: Page) -> bool:
    """A link to a built-in section or page folder such as '../layanan/'."""
    if not ref.endswith("/"):
        return False
    base = "" if ref.startswith("/") else str(PurePosixPath(page.src_rel).parent)
    target = _normalise(f"{base}/{ref.lstrip('/')}")
    if target is None:
        return False
    first = target.split("/")[0] if target else ""
    return target == "" or first in RESERVED


def sort_pages(pages: list[Page], kind: Kind) -> list[Page]:
    """Display order: newest first, by weight, by title, or by start time."""
    if kind.order == "date":
        return sorted(pages, key=lambda p: (p.date or _EPOCH, p.slug), reverse=True)
    if kind.order == "start":
        return sorted(pages, key=lambda p: (p.fields["mulai"], p.slug))
    if kind.order == "weight":
        return sorted(pages, key=lambda p: (p.weight, p.title.lower()))
    return sorted(pages, key=lambda p: p.title.lower())


_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def load_village(village: Village, site_dir: Path, report: Report,
                 now: dt.datetime) -> VillageSite:
    """Load one village's content (registry entry already checked)."""
    root = site_dir / "content" / village.slug
    if root.exists() and not is_inside(root, site_dir / "content"):
        report.error(display_path(root, site_dir), "folder desa adalah tautan ke luar situs",
                     "ganti dengan folder asli")
        return VillageSite(village=village, root=root, failed=True)
    with village_files(root, site_dir, report):  # specials warned, outside hard links refused
        vs = VillageLoader(village, site_dir, report, now).load()
        load_transparency(vs, site_dir, report, now)  # APBDes, statistik, Perki 1/2018 check
    return vs
