"""The hostile corpus builds, and no payload survives into any built page.

``tests/data/hostile/`` holds one valid village whose files are full of attacks
(``jahat``), a clean one (``aman``) and registry entries that must be refused.
Symlinks that point out of the site, and file names Windows cannot hold, are
made at run time so a fresh clone works everywhere. Every output page is
parsed with selectolax: the checks look at elements and attributes, not at
text matches.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import shutil
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser
from sitefiles import REPO

from satudesa import create_app
from satudesa.inputs.media import EXPECTED, sniff

CORPUS = REPO / "tests" / "data" / "hostile"
SECRET = "RAHASIA-DI-LUAR-SITUS"
# Outside the site: what the symlinks point at. None of it may reach build/.
OUTSIDE = {
    "rahasia.txt": f"{SECRET}: kata sandi server\n".encode(),
    "halaman.md": f"---\ntitle: {SECRET}\ndate: 2026-01-01\n---\n{SECRET}\n".encode(),
    "desa.yml": (f'name: "{SECRET}"\nkode_wilayah: "32.14.05.2090"\n'
                 'kecamatan: "K"\nkabupaten: "K"\n').encode(),
    "konten/halaman/profil.md": f"---\ntitle: {SECRET}\n---\n{SECRET}\n".encode(),
}
PNG = (CORPUS / "content/jahat/media/foto désa 1.png").read_bytes()
# Names Windows cannot store: created at run time.
ODD_PAGE = 'berita/"><svg onload=alert(1)>.md'
ODD_IMAGE = 'media/x" onerror="alert(1).png'

DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:", "livescript:", "mocha:")
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "srcset", "xlink:href", "data",
                  "poster", "background", "lowsrc", "dynsrc", "codebase", "cite", "ping"}
# The theme draws charts and QR codes as inline <svg> (text escaped, no script); officers'
# SVG never survives, and nothing inside any SVG may load or run anything.
FORBIDDEN_TAGS = {"iframe", "frame", "frameset", "object", "embed", "applet", "base", "math",
                  "style", "form", "input", "button", "textarea", "marquee", "isindex",
                  "template", "noscript", "video", "audio", "source", "details",
                  "foreignobject", "use", "animate", "set", "handler", "listener"}
CSP_REQUIRED = ("default-src 'self'", "script-src 'self'", "object-src 'none'",
                "base-uri 'none'")


def make_hostile_site(root: Path) -> Path:
    """Copy the corpus to ``root/site`` and add the run-time symlinks and odd names."""
    site = root / "site"
    shutil.copytree(CORPUS, site)
    outside = root / "luar"
    for name, body in OUTSIDE.items():
        (outside / name).parent.mkdir(parents=True, exist_ok=True)
        (outside / name).write_bytes(body)
    (outside / "luar.png").write_bytes(PNG + SECRET.encode())
    media = site / "content/jahat/media"
    (media / "tautan-keluar.txt").symlink_to(outside / "rahasia.txt")
    (media / "tautan-keluar.png").symlink_to(outside / "luar.png")
    (media / "folder-keluar").symlink_to(outside, target_is_directory=True)
    (site / "content/jahat/berita/tautan-keluar.md").symlink_to(outside / "halaman.md")
    (site / "villages/luar.yml").symlink_to(outside / "desa.yml")
    (site / "villages/tautan.yml").write_text(
        'name: "Desa Tautan"\nkode_wilayah: "32.14.05.2091"\nkecamatan: "K"\nkabupaten: "K"\n'
        "contoh: true\n")
    (site / "content/tautan").symlink_to(outside / "konten", target_is_directory=True)
    (site / "content/jahat" / ODD_PAGE).write_text(
        '---\ntitle: Nama berkas aneh\ndate: 2026-03-09\n---\n'
        '![aneh](<../media/x" onerror="alert(1).png>)\n', encoding="utf-8")
    (site / "content/jahat" / ODD_IMAGE).write_bytes(PNG)
    return site


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    """(site, build folder, build output) of the hostile corpus, built once."""
    root = tmp_path_factory.mktemp("hostile")
    site = make_hostile_site(root)
    out = root / "build"
    app = create_app({"TESTING": True, "SATUDESA_SITE": str(site)})
    result = app.test_cli_runner().invoke(args=["build", "--out", str(out)])
    assert result.exit_code == 1, result.output
    return site, out, result.output


def pages(out: Path) -> list[Path]:
    """Every HTML file of the build."""
    found = sorted(out.rglob("*.html"))
    assert found
    return found


def normalise_url(value: str) -> str:
    """What a browser would see as the scheme: entities decoded, controls and spaces gone."""
    value = html.unescape(value)
    return re.sub(r"[\x00-\x20\x7f]+", "", value).lower()


def payload_problems(text: str, out: Path, page: Path) -> list[str]:
    """Everything in one HTML document that could run officer-written code."""
    found = []
    tree = LexborHTMLParser(text)
    for script in tree.css("script"):
        kind = (script.attributes.get("type") or "").strip().lower()
        src = script.attributes.get("src")
        if kind == "application/ld+json" and not src:
            try:
                json.loads(script.text())
            except ValueError:
                found.append("ld+json script that is not JSON")
            continue
        if src and _theme_script(src, out, page):
            continue
        found.append(f"script: {script.html[:80]}")
    for node in tree.css("*"):
        if node.tag.lower() in FORBIDDEN_TAGS and not _picture_source(node) \
                and not _menu_box(node):
            found.append(f"tag <{node.tag}>")
        for name, value in node.attributes.items():
            lowered = name.lower()
            if lowered.startswith("on"):
                found.append(f"event attribute {name}={value!r} on <{node.tag}>")
            if lowered == "style" and value and re.search(r"expression|url\s*\(|javascript",
                                                          value, re.I):
                found.append(f"style {value!r}")
            if value and (lowered in URL_ATTRIBUTES or lowered.endswith("src")):
                for part in value.split(",") if lowered == "srcset" else [value]:
                    if normalise_url(part).startswith(DANGEROUS_SCHEMES):
                        found.append(f"{name}={value!r} on <{node.tag}>")
        if node.tag == "meta" and (node.attributes.get("http-equiv") or "").lower() == "refresh":
            found.append("meta refresh")
    return found


def _picture_source(node) -> bool:
    """A responsive-image ``<source>`` the theme writes inside ``<picture>`` (srcset only)."""
    return (node.tag == "source" and node.parent is not None and node.parent.tag == "picture"
            and set(node.attributes) <= {"type", "srcset", "sizes"})


def _menu_box(node) -> bool:
    """The theme's Menu button: a ``<details class="menu-box">`` in the site header,
    without attributes an officer could have written (``open``, ``ontoggle``)."""
    return (node.tag == "details" and dict(node.attributes) == {"class": "menu-box"}
            and node.parent is not None and node.parent.parent is not None
            and node.parent.parent.tag == "header")


def _theme_script(src: str, out: Path, page: Path) -> bool:
    """A script file of the theme (or the search index) served from the built site."""
    if re.match(r"^[a-z][a-z0-9+.-]*:|^//", src, re.I):
        return False
    target = (page.parent / src.split("?")[0]).resolve()
    inside = target.relative_to(out.resolve()).parts if target.is_relative_to(
        out.resolve()) else ()
    return target.is_file() and ("static" in inside or "pagefind" in inside)


def test_build_reports_every_refusal_word_for_word(hostile) -> None:
    _site, _out, output = hostile
    assert "Traceback" not in output
    expected = [
        "villages/bom-alias.yml:7: galat: YAML terlalu besar setelah alias dibuka "
        "(lebih dari 100000 nilai) (tulis nilainya langsung, tanpa '&' dan '*')",
        "villages/tag-python.yml:1:7: galat: tag YAML tidak diizinkan: "
        "'!!python/object/apply:os.system' (hapus tag yang diawali '!'; tulis nilainya "
        "sebagai teks biasa)",
        "villages/terlalu-dalam.yml:1: galat: struktur YAML terlalu dalam (lebih dari 40 "
        "tingkat) (sederhanakan isian; data desa tidak pernah sedalam ini)",
        "villages/tema-keluar.yml:5: galat: 'theme': nama '../../../../etc' tidak sah "
        "(gunakan huruf kecil a-z, angka dan tanda '-', contoh: default)",
        "villages/kode-ganda.yml: galat: kode_wilayah 32.14.05.2099 sudah dipakai oleh "
        "villages/jahat.yml (setiap desa harus memiliki kodenya sendiri)",
        "villages/luar.yml: galat: tautan simbolik menunjuk ke luar folder desa "
        "(ganti dengan berkas asli di dalam folder desa)",
        "content/tautan: galat: folder desa adalah tautan ke luar situs "
        "(ganti dengan folder asli)",
        "content/jahat/berita/tautan-keluar.md: galat: tautan simbolik menunjuk ke luar "
        "folder desa (ganti dengan berkas asli di dalam folder desa)",
        "content/jahat/berita/yaml-bahaya.md:2:8: galat: tag YAML tidak diizinkan: "
        "'!!python/object/apply:os.system' (hapus tag yang diawali '!'; tulis nilainya "
        "sebagai teks biasa)",
        "content/jahat/berita/yaml-bom.md:8: galat: YAML terlalu besar setelah alias dibuka "
        "(lebih dari 100000 nilai) (tulis nilainya langsung, tanpa '&' dan '*')",
        "content/jahat/berita/media.md:5:8: galat: berkas '../media/skrip.svg' ditolak: berkas "
        "SVG tidak diterima karena dapat memuat skrip (ekspor gambar sebagai PNG atau JPG)",
        "content/jahat/berita/media.md:6:9: galat: berkas '../media/palsu.jpg' ditolak: isi "
        "berkas bukan JPEG seperti namanya (terdeteksi: HTML) (unggah ulang berkas aslinya; "
        "jangan hanya mengganti nama berkas)",
        "content/jahat/berita/media.md:7:13: galat: berkas '../media/poliglot.jpg' ditolak: "
        "berkas memuat kode HTML atau skrip tersembunyi (buka berkas di aplikasi aslinya "
        "lalu simpan atau ekspor ulang)",
        "content/jahat/berita/media.md:8:9: galat: berkas '../media/palsu.pdf' ditolak: isi "
        "berkas bukan PDF seperti namanya (terdeteksi: HTML) (unggah ulang berkas aslinya; "
        "jangan hanya mengganti nama berkas)",
        "content/jahat/berita/media.md:9:8: galat: berkas '../media/png-zip.png' ditolak: ada "
        "data lain tersembunyi di belakang gambar (buka gambar di aplikasi pengolah foto "
        "lalu simpan ulang)",
        "content/jahat/berita/media.md:10:8: galat: berkas '../media/gif-js.gif' ditolak: "
        "berkas memuat kode HTML atau skrip tersembunyi (buka berkas di aplikasi aslinya "
        "lalu simpan atau ekspor ulang)",
        "content/jahat/berita/media.md:11:10: galat: berkas '../media/skrip.pdf' ditolak: PDF "
        "memuat JavaScript, tindakan otomatis atau lampiran (cetak ulang dokumen ke PDF "
        "(Simpan sebagai PDF) lalu unggah lagi)",
        "content/jahat/berita/media.md:13:8: galat: berkas '../media/bom-piksel.png' ditolak: "
        "gambar terlalu besar (lebih dari 40 megapiksel) (perkecil ukuran gambar (misalnya "
        "lebar 1600 piksel) lalu simpan ulang)",
        "content/jahat/perangkat.yml:3: galat: berkas 'media/skrip.svg' ditolak: berkas SVG "
        "tidak diterima karena dapat memuat skrip (ekspor gambar sebagai PNG atau JPG)",
        "content/jahat/berita/gambar-sampul-palsu.md:4: galat: berkas '../media/palsu.jpg' "
        "ditolak: isi berkas bukan JPEG seperti namanya (terdeteksi: HTML) (unggah ulang "
        "berkas aslinya; jangan hanya mengganti nama berkas)",
        "content/jahat/berita/Panen Raya.md: galat: alamat 'berita/panen-raya/' sudah "
        "dipakai oleh content/jahat/berita/panen-raya.md (ganti nama salah satu berkas)",
        "content/jahat/berita/pánen raya.md: galat: alamat 'berita/panen-raya/' sudah "
        "dipakai oleh content/jahat/berita/panen-raya.md (ganti nama salah satu berkas)",
        "content/jahat/dokumen/bocor.md:3: galat: berkas file '../../../villages/jahat.yml' "
        "tidak ditemukan; halaman ini tidak diterbitkan (letakkan berkasnya di folder media/ "
        "desa ini, atau hapus baris 'file')",
        "content/jahat/layanan/formulir-keluar.md:8: galat: berkas formulir '/etc/passwd' "
        "tidak ditemukan; halaman ini tidak diterbitkan (letakkan berkasnya di folder media/ "
        "desa ini, atau hapus baris 'formulir')",
        "content/jahat/berita/jalur.md:4: peringatan: berkas '../../../villages/jahat.yml' "
        "tidak ditemukan; diterbitkan tanpa gambar ini (periksa nama berkas dan letaknya di "
        "folder media/)",
        "content/jahat/berita/jalur.md:17:7: peringatan: berkas '../media/tautan-keluar.txt' "
        "tidak ditemukan (periksa nama berkas dan letaknya di folder media/)",
        "content/jahat/berita/jalur.md:18:7: peringatan: berkas "
        "'../media/folder-keluar/rahasia.txt' tidak ditemukan (periksa nama berkas dan "
        "letaknya di folder media/)",
        "content/jahat/berita/jalur.md:26:7: peringatan: berkas "
        "'../media/tautan-keluar.png' tidak ditemukan; diterbitkan tanpa gambar ini "
        "(periksa nama berkas dan letaknya di folder media/)",
        # A newline in an officer's link cannot forge a line of the report.
        "content/jahat/berita/tautan.md:5: peringatan: berkas 'java\\nscript:alert(7)' tidak "
        "ditemukan (periksa nama berkas dan letaknya di folder media/)",
        # urlsplit() raises on these: the link is dropped, never published as written.
        "content/jahat/berita/tautan.md:56:10: peringatan: alamat tautan '//[evil.example/' "
        "tidak sah (periksa penulisan alamatnya)",
        "content/jahat/berita/tautan.md:57:11: peringatan: alamat tautan '//[::1' tidak sah "
        "(periksa penulisan alamatnya)",
    ]
    lines = output.splitlines()
    for line in expected:
        assert line in lines
    for slug in ("bom-alias", "kode-ganda", "luar", "tag-python", "tema-keluar",
                 "terlalu-dalam"):
        assert f"{slug}: gagal; versi terbit sebelumnya dipertahankan." in lines


def test_no_payload_survives_in_any_page(hostile) -> None:
    _site, out, _output = hostile
    problems = {}
    for page in pages(out):
        found = payload_problems(page.read_text("utf-8"), out, page)
        if found:
            problems[page.relative_to(out).as_posix()] = found
    assert problems == {}


def test_every_page_carries_the_csp_and_referrer_policy(hostile) -> None:
    _site, out, _output = hostile
    for page in pages(out):
        tree = LexborHTMLParser(page.read_text("utf-8"))
        csp = tree.css_first('meta[http-equiv="Content-Security-Policy"]')
        assert csp is not None, page
        policy = csp.attributes["content"] or ""
        for directive in CSP_REQUIRED:
            assert directive in policy, (page, directive)
        # 'wasm-unsafe-eval' (the search page's Pagefind) compiles WebAssembly, never JS.
        assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
        referrer = tree.css_first('meta[name="referrer"]')
        assert referrer is not None and referrer.attributes["content"], page


def test_template_syntax_is_shown_as_text_never_evaluated(hostile) -> None:
    _site, out, _output = hostile
    tree = LexborHTMLParser((out / "jahat/berita/templat/index.html").read_text("utf-8"))
    article = tree.css_first("article").text()
    assert "Templat {{ config }} {% for x in range(3) %}x{% endfor %}" in \
        tree.css_first("h1").text()
    assert "{{ config }}" in article
    assert "{% for x in range(3) %}ULANG{% endfor %}" in article
    assert "{{ 7*7 }}" in article
    assert "{{ request.environ }}" in tree.css_first("article code").text()
    assert [t.text() for t in tree.css(".tags a, .tags span")] == [
        "{{ config.SECRET_KEY }}", "{% raw %}x{% endraw %}"]
    pengumuman = LexborHTMLParser(
        (out / "jahat/pengumuman/templat/index.html").read_text("utf-8"))
    assert pengumuman.css_first("h1").text() == "{% if true %}Pengumuman Templat{% endif %}"
    body = pengumuman.css_first("article").text()
    assert "${{" in body and "#{" in body and "<%=" in body and "49" not in body
    for page in pages(out):
        text = page.read_text("utf-8")
        assert "ULANGULANG" not in text and "<Config" not in text and "7777777" not in text
        assert "__subclasses__() }}" not in text or "{{ &#39;&#39;.__class__" in text or \
            "{{ ''.__class__" in text


def test_registry_text_with_markup_is_escaped(hostile) -> None:
    _site, out, _output = hostile
    tree = LexborHTMLParser((out / "jahat/index.html").read_text("utf-8"))
    assert tree.css_first(".brand-name").text() == \
        "Desa Jahat <script>alert('nama')</script> {{ config }}"
    portal = LexborHTMLParser((out / "index.html").read_text("utf-8"))
    assert "Desa Jahat <script>alert('nama')</script> {{ config }}" in portal.body.text()


def test_nothing_from_outside_the_village_is_read_or_copied(hostile) -> None:
    site, out, _output = hostile
    forbidden = {hashlib.sha256(body).hexdigest() for body in OUTSIDE.values()}
    forbidden |= {hashlib.sha256(p.read_bytes()).hexdigest()
                  for p in [site / "site.yml", *(site / "villages").glob("*.yml")]
                  if p.is_file() and not p.is_symlink()}
    for path in out.rglob("*"):
        if path.is_file():
            body = path.read_bytes()
            assert SECRET.encode() not in body, path
            assert hashlib.sha256(body).hexdigest() not in forbidden, path
            assert path.suffix not in (".yml", ".md"), path
    assert not (out / "tautan").exists() and not (out / "luar").exists()
    variant = re.compile(r"-\d+\.[0-9a-f]{10}\.(webp|jpg|png)$")  # responsive copies
    assert sorted(p.name for p in (out / "jahat/media").iterdir()
                  if not variant.search(p.name)) == sorted(
        ["daftar warga ü.txt", "foto désa 1.png", "foto-asli.jpg", 'x" onerror="alert(1).png'])


def test_published_media_are_what_their_names_say(hostile) -> None:
    _site, out, _output = hostile
    for path in out.glob("*/media/**/*"):
        if path.is_file():
            assert sniff(path.read_bytes()[:64]) == EXPECTED[path.suffix.lower()], path


def test_pages_with_refused_input_are_not_published(hostile) -> None:
    _site, out, _output = hostile
    village = out / "jahat"
    for url in ("berita/media/", "berita/gambar-sampul-palsu/", "berita/yaml-bahaya/",
                "berita/yaml-bom/", "berita/tautan-keluar/", "dokumen/bocor/",
                "layanan/formulir-keluar/"):
        assert not (village / url).exists(), url
    assert (village / "berita/tautan/index.html").is_file()
    assert (village / "berita/svg-onload-alert-1/index.html").is_file()
    assert (out / "aman/berita/biasa/index.html").is_file()


def test_addresses_the_rewriter_cannot_parse_are_dropped(hostile) -> None:
    _site, out, _output = hostile
    tree = LexborHTMLParser((out / "jahat/berita/tautan/index.html").read_text("utf-8"))
    article = tree.css_first("article")
    assert [a.attributes.get("href") for a in article.css("a") if a.text() == "h13"] == [None]
    for node in article.css("a, img"):
        assert "[" not in (node.attributes.get("href") or node.attributes.get("src") or "")


def test_odd_file_names_are_linked_percent_encoded(hostile) -> None:
    _site, out, _output = hostile
    tree = LexborHTMLParser((out / "jahat/sejarah-nandu/index.html").read_text("utf-8"))
    assert re.fullmatch(r"\.\./media/foto%20d%C3%A9sa%201-\d+\.[0-9a-f]{10}\.(jpg|png)",
                        tree.css_first("article img").attributes["src"])
    assert tree.css_first("article a").attributes["href"] == \
        "../media/daftar%20warga%20%C3%BC.txt"
    odd = LexborHTMLParser(
        (out / "jahat/berita/svg-onload-alert-1/index.html").read_text("utf-8"))
    img = odd.css_first("article img")
    assert not [name for name in img.attributes if name.startswith("on")]
    assert img.attributes["src"].startswith("../../media/x%22%20onerror%3D%22alert%281%29-")


def test_check_reports_the_same_problems(hostile) -> None:
    site, _out, output = hostile
    app = create_app({"TESTING": True, "SATUDESA_SITE": str(site)})
    result = app.test_cli_runner().invoke(args=["check"])
    assert result.exit_code == 1
    build_lines = {line for line in output.splitlines() if ": galat: " in line}
    check_lines = {line for line in result.output.splitlines() if ": galat: " in line}
    assert check_lines == build_lines


def test_preview_serves_no_payload_either(hostile) -> None:
    site, out, _output = hostile
    client = create_app({"TESTING": True, "SATUDESA_SITE": str(site)}).test_client()
    for url in ("/jahat/", "/jahat/profil/", "/jahat/berita/tautan/", "/jahat/berita/templat/",
                "/"):
        response = client.get(url)
        assert response.status_code == 200
        page = out / url.strip("/") / "index.html"
        assert payload_problems(response.get_data(as_text=True), out, page) == []
    assert client.get("/jahat/media/palsu.jpg").status_code == 404
    assert client.get("/jahat/media/skrip.svg").status_code == 404


@pytest.mark.parametrize("snippet", [
    "<script>alert(1)</script>",
    '<script src="https://evil.example/x.js"></script>',
    '<script type="application/ld+json">{not json</script>',
    '<a href=" JaVa&#x09;Script:alert(1)">x</a>',
    '<img src="data:text/html,x">',
    '<img srcset="ok.png 1x, javascript:alert(1) 2x">',
    '<p onclick="x">x</p>',
    '<div style="width: expression(alert(1))">x</div>',
    '<iframe src="x"></iframe>',
    '<meta http-equiv="refresh" content="0;url=x">',
    '<a href="vbscript:msgbox(1)">x</a>',
])
def test_the_payload_checker_sees_payloads(snippet: str, tmp_path: Path) -> None:
    """Guard against a checker that finds nothing because it looks at nothing."""
    page = tmp_path / "index.html"
    assert payload_problems(f"<html><body>{snippet}</body></html>", tmp_path, page) != []


def test_feeds_and_sitemaps_stay_well_formed_and_harmless(hostile) -> None:
    import xml.etree.ElementTree as ET

    _site, out, _output = hostile
    feeds = sorted(out.rglob("*.xml"))
    assert out / "jahat/feed.xml" in feeds
    for path in feeds:
        ET.parse(path)  # officer text is escaped: every file is well-formed XML
    atom = "{http://www.w3.org/2005/Atom}"
    root = ET.parse(out / "jahat/feed.xml").getroot()
    titles = [e.findtext(f"{atom}title") for e in root.iter(f"{atom}entry")]
    assert "Templat {{ config }} {% for x in range(3) %}x{% endfor %}" in titles
    for entry in root.iter(f"{atom}entry"):
        for content in (entry.findtext(f"{atom}content"), entry.findtext(f"{atom}summary")):
            if content:
                assert payload_problems(content, out, out / "jahat/feed.xml") == []


def test_transparency_pages_and_open_data_keep_payloads_inert(hostile) -> None:
    import csv

    _site, out, _output = hostile
    village = out / "jahat"
    for page in ("apbdes/2026/index.html", "statistik/index.html", "perangkat/index.html",
                 "layanan/surat-aman/index.html", "layanan/surat-aman/cetak/index.html"):
        assert (village / page).is_file(), page  # the corpus reaches charts, QR and tables
    apbdes = LexborHTMLParser((village / "apbdes/2026/index.html").read_text("utf-8"))
    assert apbdes.css("svg")  # the charts are drawn, with the payload as their text
    assert "Dana Desa </title><script>alert('uraian')</script>" in apbdes.body.text()
    rows = list(csv.reader((village / "statistik.csv").read_text("utf-8").splitlines()))
    labels = [row[1] for row in rows[1:]]
    # A spreadsheet would run these as formulas (CSV injection): they stay text.
    assert "'=HYPERLINK(\"https://evil.example\",\"klik\")" in labels
    assert "'@SUM(1+1)*cmd|' /C calc'!A0" in labels
    assert not [label for label in labels if label[:1] in "=+-@"]


def test_structured_data_keeps_hostile_text_inside_valid_json(hostile) -> None:
    _site, out, _output = hostile
    tree = LexborHTMLParser((out / "jahat/berita/json-ld/index.html").read_text("utf-8"))
    blocks = [json.loads(s.text()) for s in tree.css('script[type="application/ld+json"]')]
    article = next(b for b in blocks if b.get("@type") == "NewsArticle")
    assert article["headline"] == ("Judul <!--<script>alert(1)</script>--> "
                                   "</script><script>alert(2)</script>")
    assert tree.css_first("h1").text() == article["headline"]
