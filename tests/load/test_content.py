"""Loading Markdown content: front matter checked, every problem named with file and line."""

from __future__ import annotations

from pathlib import Path

import pytest
from sitefiles import BASIC_FILES, DATA, write_tree

from satudesa.load.loader import load_site

PNG = (DATA / "hostile/content/jahat/media/foto désa 1.png").read_bytes()
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def load(tmp_path: Path, files: dict[str, str | bytes]):
    """Load the basic site plus ``files``; the site and the formatted problems."""
    site_dir = write_tree(tmp_path / "site", {**BASIC_FILES, **files})
    site = load_site(site_dir)
    return site, [p.format() for p in site.report]


def page_urls(site) -> set[str]:
    return {p.url for pages in site.villages["contoh"].pages.values() for p in pages}


@pytest.mark.parametrize(("name", "text", "expected"), [
    ("berita/tanpa-fm.md", "Judul saja\n",
     "content/contoh/berita/tanpa-fm.md:1: galat: berkas tidak memiliki front matter (awali "
     "berkas dengan '---', baris 'title: ...', lalu '---')"),
    # Front matter that is there but unclosed or pushed down is not "missing" a title.
    ("berita/tanpa-penutup.md", "---\ntitle: Rapat\ndate: 2026-03-01\n\nIsi.\n",
     "content/contoh/berita/tanpa-penutup.md:1: galat: front matter tidak ditutup (tambahkan "
     "baris '---' setelah kunci terakhir, sebelum isi halaman)"),
    ("berita/turun.md", "\n\n---\ntitle: Rapat\ndate: 2026-03-01\n---\nIsi.\n",
     "content/contoh/berita/turun.md:1: galat: front matter harus dimulai di baris 1, bukan "
     "baris 3 (hapus baris kosong di atas '---')"),
    ("berita/toml.md", '+++\ntitle = "Rapat"\n+++\nIsi.\n',
     "content/contoh/berita/toml.md:1: galat: berkas tidak memiliki front matter (awali "
     "berkas dengan '---', baris 'title: ...', lalu '---')"),
    ("halaman/kosong.md", "---\n---\nIsi.\n",
     "content/contoh/halaman/kosong.md:1: galat: kunci wajib 'title' tidak ada (tambahkan "
     "baris 'title: ...')"),
    ("halaman/daftar.md", "---\n- title: x\n---\n",
     "content/contoh/halaman/daftar.md:1: galat: isi berkas harus berupa pasangan kunci: "
     "nilai (tulis setiap isian sebagai 'kunci: nilai')"),
    ("halaman/judul-daftar.md", "---\ntitle: [a, b]\n---\n",
     "content/contoh/halaman/judul-daftar.md:2: galat: 'title': harus berupa teks, bukan "
     "daftar (tulis sebagai teks biasa)"),
    ("berita/draf.md", "---\ntitle: Draf\ndate: 2026-03-01\ndraft: mungkin\n---\n",
     "content/contoh/berita/draf.md:4: galat: 'draft': harus true atau false, bukan "
     "'mungkin' (tulis true/false atau ya/tidak)"),
    ("agenda/terbalik.md", "---\ntitle: Rapat\nmulai: 2026-12-02 09:00\n"
     "selesai: 2026-12-01 09:00\n---\n",
     "content/contoh/agenda/terbalik.md:4: galat: 'selesai' lebih awal daripada 'mulai' "
     "(periksa kedua waktu)"),
    ("berita/kutip.md", '---\ntitle: "Rapat\ndate: 2026-03-01\n---\n',
     "content/contoh/berita/kutip.md:2:8: galat: tanda kutip tidak ditutup (tutup tanda kutip "
     "pada baris ini)"),
    ("berita/angka.md", "---\ntitle: x\ndate: 2026-03-01\nweight: " + "9" * 60 + "\n---\n",
     "content/contoh/berita/angka.md:4:9: galat: angka '9999999999999999999999999999999999999"
     "999…' terlalu besar (periksa angkanya; beri tanda kutip bila ini teks)"),
    ("berita/alias.md", "---\ntitle: *judul\ndate: 2026-03-01\n---\n",
     "content/contoh/berita/alias.md:2:8: galat: alias YAML belum didefinisikan (hapus '*' "
     "atau tulis nilainya langsung)"),
    ("berita/kunci-daftar.md", "---\n? [a, b]\n: x\ntitle: x\n---\n",
     "content/contoh/berita/kunci-daftar.md:2:3: galat: kunci harus berupa teks, bukan daftar "
     "atau pasangan (tulis kuncinya sebagai kata biasa)"),
    # PyYAML's constructors raised AttributeError / KeyError on these and stopped the build.
    ("berita/tag-tanggal.md", "---\ntitle: x\ndate: !!timestamp kemarin\n---\n",
     "content/contoh/berita/tag-tanggal.md:3:7: galat: 'kemarin' bukan tanggal (tulis tanggal "
     "seperti 2025-03-03, atau hapus tag '!!timestamp')"),
    # An explicit !!int or !!float on a word was called "terlalu besar"; an empty one crashed.
    ("berita/tag-int.md", "---\ntitle: x\ndate: 2026-03-01\nweight: !!int x\n---\n",
     "content/contoh/berita/tag-int.md:4:9: galat: 'x' bukan bilangan bulat (tulis angkanya "
     "saja tanpa titik, koma atau huruf, misalnya 1500, atau hapus tag '!!int')"),
    ("berita/tag-int-ribuan.md", "---\ntitle: x\ndate: 2026-03-01\nweight: !!int 1.500\n---\n",
     "content/contoh/berita/tag-int-ribuan.md:4:9: galat: '1.500' bukan bilangan bulat (tulis "
     "angkanya saja tanpa titik, koma atau huruf, misalnya 1500, atau hapus tag '!!int')"),
    ("berita/tag-int-kosong.md", "---\ntitle: x\ndate: 2026-03-01\nweight: !!int\n---\n",
     "content/contoh/berita/tag-int-kosong.md:4:9: galat: '' bukan bilangan bulat (tulis "
     "angkanya saja tanpa titik, koma atau huruf, misalnya 1500, atau hapus tag '!!int')"),
    ("berita/tag-int-besar.md", "---\ntitle: x\ndate: 2026-03-01\nweight: !!int 1" + "0" * 5000
     + "\n---\n",
     "content/contoh/berita/tag-int-besar.md:4:9: galat: angka '1000000000000000000000000000000"
     "000000000…' terlalu besar (periksa angkanya; beri tanda kutip bila ini teks)"),
    ("berita/tag-float.md", "---\ntitle: x\ndate: 2026-03-01\nweight: !!float x\n---\n",
     "content/contoh/berita/tag-float.md:4:9: galat: 'x' bukan angka (tulis angka dengan titik "
     "desimal, misalnya 2.5, atau hapus tag '!!float')"),
    ("berita/tag-float-kosong.md", "---\ntitle: x\ndate: 2026-03-01\nweight: !!float ''\n---\n",
     "content/contoh/berita/tag-float-kosong.md:4:9: galat: '' bukan angka (tulis angka dengan "
     "titik desimal, misalnya 2.5, atau hapus tag '!!float')"),
    ("berita/tag-bool.md", "---\ntitle: x\ndate: 2026-03-01\ndraft: !!bool mungkin\n---\n",
     "content/contoh/berita/tag-bool.md:4:8: galat: 'mungkin' bukan true atau false (tulis "
     "true atau false, atau hapus tag '!!bool')"),
])
def test_broken_front_matter_skips_the_page(tmp_path: Path, name: str, text: str,
                                            expected: str) -> None:
    site, problems = load(tmp_path, {f"content/contoh/{name}": text})
    assert expected in problems
    assert [p for p in problems if p.startswith(f"content/contoh/{name}")] == [expected]
    assert all(p.src_rel != name for pages in site.villages["contoh"].pages.values()
               for p in pages)


def test_lines_count_from_the_first_dash_line_with_crlf_and_bom(tmp_path: Path) -> None:
    text = "\ufeff---\r\ntitle: Berita\r\ndate: 2026-03-01\r\ntopik: x\r\n---\r\nIsi.\r\n"
    site, problems = load(tmp_path, {"content/contoh/berita/crlf.md": text.encode()})
    assert problems == ["content/contoh/berita/crlf.md:4: peringatan: kunci tidak dikenal "
                        "'topik' (hapus kunci ini atau periksa ejaannya)"]
    assert "berita/crlf/" in page_urls(site)


def test_utf16_file_is_read_with_a_warning(tmp_path: Path) -> None:
    text = "---\ntitle: Kafé\ndate: 2026-03-01\n---\n".encode("utf-16")
    site, problems = load(tmp_path, {"content/contoh/berita/utf16.md": text})
    assert problems == ["content/contoh/berita/utf16.md:1: peringatan: berkas disimpan sebagai "
                        "UTF-16 (simpan ulang berkas sebagai UTF-8 (Notepad: Simpan Sebagai > "
                        "Pengodean UTF-8))"]
    assert "berita/utf16/" in page_urls(site)


def test_cover_image_is_checked_by_its_bytes(tmp_path: Path) -> None:
    site, problems = load(tmp_path, {
        "content/contoh/berita/sampul-svg.md": "---\ntitle: a\ndate: 2026-03-01\n"
        "image: ../media/logo.svg\n---\n",
        "content/contoh/berita/sampul-pdf.md": "---\ntitle: b\ndate: 2026-03-01\n"
        "image: ../media/dok.pdf\n---\n",
        "content/contoh/berita/sampul-hilang.md": "---\ntitle: c\ndate: 2026-03-01\n"
        "image: ../media/hilang.png\n---\n",
        "content/contoh/berita/sampul-png.md": "---\ntitle: d\ndate: 2026-03-01\n"
        "image: ../media/sawah.png\n---\n",
        "content/contoh/media/logo.svg": '<svg xmlns="http://www.w3.org/2000/svg"/>',
        "content/contoh/media/dok.pdf": PDF,
        "content/contoh/media/sawah.png": PNG,
    })
    assert problems == [
        "content/contoh/berita/sampul-hilang.md:4: peringatan: berkas '../media/hilang.png' "
        "tidak ditemukan; diterbitkan tanpa gambar ini (periksa nama berkas dan letaknya di "
        "folder media/)",
        "content/contoh/berita/sampul-pdf.md:4: peringatan: '../media/dok.pdf' bukan berkas "
        "gambar (gunakan JPG, PNG atau WebP)",
        "content/contoh/berita/sampul-svg.md:4: galat: berkas '../media/logo.svg' ditolak: "
        "berkas SVG tidak diterima karena dapat memuat skrip (ekspor gambar sebagai PNG atau "
        "JPG)",
    ]
    urls = page_urls(site)
    assert {"berita/sampul-png/", "berita/sampul-pdf/", "berita/sampul-hilang/"} <= urls
    assert "berita/sampul-svg/" not in urls
    assert site.villages["contoh"].assets == {
        "media/sawah.png": site.site_dir / "content/contoh/media/sawah.png"}


def test_body_links_to_refused_files_cost_the_page(tmp_path: Path) -> None:
    site, problems = load(tmp_path, {
        "content/contoh/halaman/unduhan.md": "---\ntitle: Unduhan\n---\n"
        "[Formulir](../media/formulir.pdf)\n\n[Skrip](../media/skrip.html)\n",
        "content/contoh/media/formulir.pdf": PDF,
        "content/contoh/media/skrip.html": "<script>alert(1)</script>",
    })
    assert problems == [
        "content/contoh/halaman/unduhan.md:6:9: galat: berkas '../media/skrip.html' ditolak: "
        "jenis berkas '.html' tidak diizinkan (gunakan JPG, PNG, WebP atau GIF untuk gambar; "
        "PDF, DOCX, XLSX atau ODT untuk dokumen)"]
    assert "unduhan/" not in page_urls(site)


def test_files_named_like_generated_outputs_are_refused(runner, site_tree: Path) -> None:
    """An officer's robots.txt or statistik.csv must never replace the one satudesa writes."""
    write_tree(site_tree, {
        "content/contoh/berita/tabrakan.md": "---\ntitle: Tabrakan\ndate: 2026-03-02\n---\n"
        "[robot](../robots.txt) [data](../statistik.csv) [apbdes](../apbdes/2026.csv)\n",
        "content/contoh/halaman/unduhan.md":
            "---\ntitle: Unduhan\n---\n[robot](../media/robots.txt)\n",
        "content/contoh/robots.txt": "User-agent: *\nDisallow: /\n",
        "content/contoh/statistik.csv": "a,b\n1,2\n",
        "content/contoh/apbdes/2026.csv": "a,b\n1,2\n",
        "content/contoh/media/robots.txt": "Bukan robots.txt situs.\n",
    })
    result = runner.invoke(args=["build"])
    assert result.exit_code == 1
    hint = "(ganti nama berkas atau pindahkan ke folder media/)"
    lines = result.output.splitlines()
    assert [line for line in lines if line.startswith("content/contoh/berita/tabrakan")] == [
        f"content/contoh/berita/tabrakan.md:5:{col}: galat: berkas '../{name}' ditolak: nama "
        f"'{name}' dipakai oleh berkas yang dibuat satudesa {hint}"
        for col, name in ((9, "robots.txt"), (31, "statistik.csv"), (58, "apbdes/2026.csv"))
    ]
    assert "1 halaman tidak diterbitkan: content/contoh/berita/tabrakan.md:5 (" in result.output
    out = site_tree / "build/contoh"
    assert "Disallow: /\n" not in (out / "robots.txt").read_text()
    assert not (out / "berita/tabrakan").exists()
    assert (out / "media/robots.txt").read_text() == "Bukan robots.txt situs.\n"
    assert 'href="../media/robots.txt"' in (out / "unduhan/index.html").read_text()


def test_a_body_nested_too_deep_costs_its_page_only(tmp_path: Path) -> None:
    """A file of 990,000 ">" would keep the sanitiser busy for hours: refused at once."""
    site, problems = load(tmp_path, {
        "content/contoh/berita/kutipan.md": "---\ntitle: Kutipan\ndate: 2026-03-02\n---\n\n"
        + ">" * 990_000 + "\n",
    })
    assert problems == [
        "content/contoh/berita/kutipan.md:5: galat: isi halaman bersarang terlalu dalam (lebih "
        "dari 100 tingkat kutipan '>', daftar atau tag HTML) (kurangi kutipan dan daftar "
        "bertingkat; tutup setiap tag HTML)"]
    assert "berita/kutipan/" not in page_urls(site)
    assert "berita/panen-raya/" in page_urls(site)


def test_remote_images_and_windows_paths_are_explained(tmp_path: Path) -> None:
    """Both used to vanish with nothing or a generic message to say why."""
    site, problems = load(tmp_path, {
        "content/contoh/berita/foto.md": "---\ntitle: Foto\ndate: 2026-03-02\n---\n"
        "![panen](https://contoh.example/panen.jpg)\n\n![balai](media\\balai.jpg)\n\n"
        "[lapor](https://www.lapor.go.id/)\n",
    })
    assert problems == [
        "content/contoh/berita/foto.md:5:10: peringatan: gambar dari situs lain tidak "
        "ditampilkan: 'https://contoh.example/panen.jpg' (unduh gambarnya ke folder media/ "
        "desa ini, lalu tulis ![keterangan](media/nama-berkas.jpg))",
        "content/contoh/berita/foto.md:7:10: peringatan: berkas 'media\\balai.jpg' tidak "
        "ditemukan; diterbitkan tanpa gambar ini (pisahkan nama folder dengan garis miring "
        "'/', bukan '\\')",
    ]
    body = next(p for p in site.villages["contoh"].of("berita") if p.slug == "foto").body
    assert "contoh.example" not in body and 'href="https://www.lapor.go.id/"' in body


def test_links_the_sanitiser_drops_for_their_scheme_are_explained(tmp_path: Path) -> None:
    """nh3 drops file:, C:\\ and javascript: addresses before any rewriter sees them."""
    site, problems = load(tmp_path, {
        "content/contoh/berita/surat.md": "---\ntitle: Surat\ndate: 2026-03-02\n---\n"
        "Unduh [surat](C:\\Users\\Sekdes\\surat.pdf) atau [salinan](file:///D:/surat.pdf).\n\n"
        "![peta](file:///home/sekdes/peta.png) [klik](javascript:alert(1))\n",
    })
    assert problems == [
        "content/contoh/berita/surat.md:5:15: peringatan: tautan ke berkas di komputer tidak "
        "bisa dibuka warga: 'C:\\Users\\Sekdes\\surat.pdf' (salin berkasnya ke folder media/ "
        "desa ini, lalu tautkan media/nama-berkas)",
        "content/contoh/berita/surat.md:5:57: peringatan: tautan ke berkas di komputer tidak "
        "bisa dibuka warga: 'file:///D:/surat.pdf' (salin berkasnya ke folder media/ desa "
        "ini, lalu tautkan media/nama-berkas)",
        "content/contoh/berita/surat.md:7:9: peringatan: gambar ke berkas di komputer tidak "
        "bisa dibuka warga: 'file:///home/sekdes/peta.png' (salin berkasnya ke folder media/ "
        "desa ini, lalu tautkan media/nama-berkas)",
        "content/contoh/berita/surat.md:7:46: peringatan: alamat tautan 'javascript:alert(1)' "
        "tidak diizinkan dan dihapus (gunakan alamat yang diawali https://, mailto: atau tel:)",
    ]
    body = next(p for p in site.villages["contoh"].of("berita") if p.slug == "surat").body
    assert body.count("<a>") == 3 and "surat.pdf" not in body and "javascript" not in body


def test_a_halaman_named_after_a_section_without_an_intro_is_reported(tmp_path: Path) -> None:
    """halaman/kontak.md introduces the kontak page; halaman/layanan.md used to vanish."""
    site, problems = load(tmp_path, {
        "content/contoh/halaman/layanan.md": "---\ntitle: Layanan Kami\n---\nIsi.\n",
        "content/contoh/halaman/kontak.md": "---\ntitle: Hubungi Kami\n---\nIsi.\n",
    })
    assert problems == [
        "content/contoh/halaman/layanan.md: peringatan: halaman ini tidak diterbitkan: alamat "
        "'layanan/' dipakai oleh bagian bawaan situs (ganti nama berkas, misalnya "
        "'tentang-layanan.md')"]
    assert set(site.villages["contoh"].intros) == {"kontak"}


def test_links_to_drafts_and_missing_pages_are_warnings(tmp_path: Path) -> None:
    site, problems = load(tmp_path, {
        "content/contoh/berita/draf.md": "---\ntitle: Draf\ndate: 2026-03-01\ndraft: true\n---\n",
        "content/contoh/berita/tautan.md": "---\ntitle: Tautan\ndate: 2026-03-01\n---\n"
        "[draf](draf.md) dan [hilang](../layanan/hilang.md) dan [ok](panen-raya.md)\n",
    })
    assert problems == [
        "content/contoh/berita/tautan.md:5:8: peringatan: tautan ke 'draf.md' tidak menuju "
        "halaman terbit (periksa nama berkas; draf dan halaman terjadwal tidak bisa "
        "ditautkan)",
        "content/contoh/berita/tautan.md:5:30: peringatan: tautan ke '../layanan/hilang.md' tidak "
        "menuju halaman terbit (periksa nama berkas; draf dan halaman terjadwal tidak bisa "
        "ditautkan)",
    ]
    tautan = next(p for p in site.villages["contoh"].of("berita") if p.slug == "tautan")
    assert '<a href="../panen-raya/">ok</a>' in tautan.body


def test_a_link_urlsplit_cannot_read_is_dropped_with_a_warning(tmp_path: Path, capfd) -> None:
    site, problems = load(tmp_path, {
        "content/contoh/berita/tautan.md": "---\ntitle: Tautan\ndate: 2026-03-01\n---\n"
        '<a href="//[x">a</a> <img src="//[::1" alt="b"> [c](//[y)\n',
    })
    assert problems == [
        "content/contoh/berita/tautan.md:5:10: peringatan: alamat tautan '//[x' tidak sah "
        "(periksa penulisan alamatnya)",
        "content/contoh/berita/tautan.md:5:32: peringatan: alamat tautan '//[::1' tidak sah "
        "(periksa penulisan alamatnya)",
    ]
    tautan = next(p for p in site.villages["contoh"].of("berita") if p.slug == "tautan")
    # The image whose address was dropped is left out, not shown as a broken icon.
    assert tautan.body == '<p><a>a</a>  <a href="//%5By">c</a></p>\n'
    assert capfd.readouterr().err == ""


def test_names_that_collide_after_slugging(tmp_path: Path) -> None:
    site, problems = load(tmp_path, {
        "content/contoh/halaman/Visi Misi.md": "---\ntitle: A\n---\n",
        "content/contoh/halaman/visi-misi.md": "---\ntitle: B\n---\n",
        "content/contoh/halaman/víśi_mísi.md": "---\ntitle: C\n---\n",
    })
    # The file already named by the slug keeps the address, whatever the sort order says.
    assert problems == [
        "content/contoh/halaman/Visi Misi.md: galat: alamat 'visi-misi/' sudah dipakai oleh "
        "content/contoh/halaman/visi-misi.md (ganti nama salah satu berkas)",
        "content/contoh/halaman/víśi_mísi.md: galat: alamat 'visi-misi/' sudah dipakai oleh "
        "content/contoh/halaman/visi-misi.md (ganti nama salah satu berkas)",
    ]
    titles = [p.title for p in site.villages["contoh"].of("halaman")]
    assert "B" in titles and "A" not in titles and "C" not in titles


def test_a_new_file_that_collides_never_replaces_the_published_page(runner, site_tree) -> None:
    out = site_tree / "build"
    assert runner.invoke(args=["build"]).exit_code == 0
    write_tree(site_tree, {"content/contoh/berita/Panen Raya.md":
                           "---\ntitle: Salinan\ndate: 2026-03-04\n---\nSalinan.\n"})
    result = runner.invoke(args=["build"])
    assert result.exit_code == 1
    assert ("content/contoh/berita/Panen Raya.md: galat: alamat 'berita/panen-raya/' sudah "
            "dipakai oleh content/contoh/berita/panen-raya.md (ganti nama salah satu berkas)"
            ) in result.output.splitlines()
    page = (out / "contoh/berita/panen-raya/index.html").read_text()
    assert "<h1>Panen Raya</h1>" in page and "Salinan" not in page


def test_a_page_just_over_the_limit_never_reads_as_the_limit(tmp_path: Path) -> None:
    head = "---\ntitle: Besar\ndate: 2026-03-02\n---\n"
    _, problems = load(tmp_path, {
        "content/contoh/berita/besar.md": head + "a" * (1_000_001 - len(head))})
    assert problems == [
        "content/contoh/berita/besar.md: galat: berkas terlalu besar (1,1 MB, batas 1,0 MB) "
        "(pecah menjadi beberapa halaman atau pindahkan lampiran ke media/)"]


def test_a_folder_or_broken_link_named_like_a_page_is_reported(tmp_path: Path) -> None:
    """Both used to be skipped without a word: the officer saw the page simply missing."""
    site_dir = write_tree(tmp_path / "site", dict(BASIC_FILES))
    berita = site_dir / "content/contoh/berita"
    (berita / "foto-panen.md").mkdir()
    (berita / "foto-panen.md/foto.jpg").write_bytes(b"")
    (berita / "rapat.md").symlink_to(berita / "rapat-lama.md")  # moved away since
    problems = [p.format() for p in load_site(site_dir).report]
    assert "content/contoh/berita/foto-panen.md: peringatan: ini folder, bukan berkas, jadi " \
        "diabaikan (ganti nama folder ini agar tidak berakhiran '.md')" in problems
    assert "content/contoh/berita/rapat.md: peringatan: tautan simbolik rusak: berkas " \
        "tujuannya tidak ada, jadi diabaikan (ganti dengan berkas asli di dalam folder " \
        "desa)" in problems
