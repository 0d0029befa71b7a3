"""The live preview through the Flask test client."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest


def text(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


@pytest.mark.parametrize("url", [
    "/", "/contoh/", "/contoh/profil/", "/contoh/berita/", "/contoh/berita/panen-raya/",
    "/contoh/layanan/", "/contoh/layanan/sktm/", "/contoh/pengumuman/",
    "/contoh/pengumuman/kerja-bakti/", "/contoh/kontak/",
])
def test_page_is_html_in_indonesian(client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    assert '<html lang="id">' in response.get_data(as_text=True)


def test_header_and_footer_name_the_village(client) -> None:
    page = text(client, "/contoh/")
    assert "Desa Contoh" in page
    assert "Kecamatan Uji, Kabupaten Purwakarta" in page
    assert "Kode wilayah: 32.14.05.2001" in page
    assert "Jl. Raya Contoh No. 1" in page


def test_footer_note_comes_from_site_yml(client, site_tree: Path) -> None:
    """Only a site that asks for it (the demo) says its villages are fictional."""
    for url in ("/contoh/", "/"):
        assert "fiktif" not in text(client, url)
    (site_tree / "site.yml").write_text('footer_note: "Desa di sini <b>fiktif</b>."\n')
    later = time.time() + 5
    os.utime(site_tree / "site.yml", (later, later))
    assert ("Situs ini dibuat dengan satudesa. Desa di sini &lt;b&gt;fiktif&lt;/b&gt;.</p>"
            in text(client, "/contoh/"))
    assert ("Dibuat dengan satudesa. Desa di sini &lt;b&gt;fiktif&lt;/b&gt;.</p>"
            in text(client, "/"))


def test_demo_footer_says_the_villages_are_examples(demo_build: Path) -> None:
    note = "Desa pada situs contoh ini fiktif, sebagai peraga."
    assert note in (demo_build / "index.html").read_text()
    assert note in (demo_build / "bakau-jaya/kontak/index.html").read_text()


def test_links_are_relative(client) -> None:
    page = text(client, "/contoh/berita/panen-raya/")
    assert 'href="../../layanan/"' in page
    assert 'href="/' not in page


def test_markdown_link_to_another_page_becomes_its_url(client) -> None:
    assert 'href="../layanan/sktm/"' in text(client, "/contoh/profil/")


def test_layanan_shows_the_service_standard(client) -> None:
    page = text(client, "/contoh/layanan/sktm/")
    for expected in ("Persyaratan", "Fotokopi KTP", "Surat pengantar RT/RW", "Prosedur",
                     "1 hari kerja", "Gratis", "Surat Keterangan Tidak Mampu"):
        assert expected in page


def test_indonesian_date(client) -> None:
    assert "Selasa, 3 Maret 2026" in text(client, "/contoh/berita/panen-raya/")


def test_menu_lists_halaman_by_weight(site_files, tmp_path) -> None:
    from sitefiles import write_tree

    from satudesa import create_app
    site_files["content/contoh/halaman/sejarah.md"] = "---\ntitle: Sejarah\nweight: 0\n---\n"
    root = write_tree(tmp_path / "s", site_files)
    page = create_app({"SATUDESA_SITE": str(root)}).test_client().get("/contoh/")
    html = page.get_data(as_text=True)
    assert html.index(">Sejarah<") < html.index(">Profil Desa<")


def test_missing_page_is_404_with_the_village_page(client) -> None:
    response = client.get("/contoh/tidak-ada/")
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.get_data(as_text=True)


def test_missing_trailing_slash_redirects(client) -> None:
    response = client.get("/contoh/layanan")
    assert response.status_code == 308
    assert response.headers["Location"].endswith("/contoh/layanan/")
    assert client.get("/contoh").headers["Location"].endswith("/contoh/")


def test_portal_groups_villages_by_kecamatan(client) -> None:
    page = text(client, "/")
    assert '<h3 id="kec-1-1">Kecamatan Uji <span class="meta">(1 desa)</span></h3>' in page
    assert 'href="contoh/"' in page


def test_stylesheet_carries_the_accent_colour(client) -> None:
    page = text(client, "/contoh/")
    href = page.split('rel="stylesheet" href="')[1].split('"')[0]
    css = client.get("/contoh/" + href).get_data(as_text=True)
    assert "--accent:#1d5e3a" in css


def test_edit_shows_on_next_reload(client, site_tree: Path) -> None:
    assert "Warga memanen padi" in text(client, "/contoh/berita/panen-raya/")
    post = site_tree / "content/contoh/berita/panen-raya.md"
    post.write_text(post.read_text().replace("memanen padi", "menanam jagung"))
    later = time.time() + 5
    os.utime(post, (later, later))
    assert "Warga menanam jagung" in text(client, "/contoh/berita/panen-raya/")


def test_unpublished_village_is_neither_served_nor_listed(site_files, tmp_path) -> None:
    from sitefiles import VILLAGE, write_tree

    from satudesa import create_app
    site_files["villages/tutup.yml"] = VILLAGE.replace("2001", "2002") + "published: false\n"
    root = write_tree(tmp_path / "s", site_files)
    client = create_app({"SATUDESA_SITE": str(root)}).test_client()
    assert client.get("/tutup/").status_code == 404
    assert "tutup/" not in text(client, "/")


def test_draft_and_future_posts_are_not_published(site_files, tmp_path) -> None:
    from sitefiles import write_tree

    from satudesa import create_app
    site_files["content/contoh/berita/draf.md"] = "---\ntitle: Draf\ndate: 2026-01-01\n" \
                                                  "draft: true\n---\n"
    site_files["content/contoh/berita/nanti.md"] = "---\ntitle: Nanti\ndate: 2027-01-01\n---\n"
    root = write_tree(tmp_path / "s", site_files)
    client = create_app({"SATUDESA_SITE": str(root)}).test_client()
    assert client.get("/contoh/berita/draf/").status_code == 404
    assert client.get("/contoh/berita/nanti/").status_code == 404
    listing = text(client, "/contoh/berita/")
    assert "Draf" not in listing and "Nanti" not in listing


def test_preview_prints_what_broke_a_page_in_the_terminal(client, site_tree: Path,
                                                          capsys) -> None:
    """A broken page is a 404 in the preview: the `flask run` terminal says why, once."""
    assert client.get("/contoh/").status_code == 200
    assert capsys.readouterr().err == ""  # nothing wrong, nothing printed
    post = site_tree / "content/contoh/berita/panen-raya.md"
    good = post.read_text()
    post.write_text(good.replace("title: Panen Raya", 'title: "Panen Raya'))
    later = time.time() + 5
    os.utime(post, (later, later))
    assert client.get("/contoh/berita/panen-raya/").status_code == 404
    assert capsys.readouterr().err.splitlines() == [
        "content/contoh/berita/panen-raya.md:2:8: galat: tanda kutip tidak ditutup (tutup "
        "tanda kutip pada baris ini)",
        "Selesai: 1 galat, 0 peringatan di 1 berkas."]
    assert client.get("/contoh/").status_code == 200
    assert capsys.readouterr().err == ""  # no change, no repeat
    post.write_text(good)
    os.utime(post, (later + 5, later + 5))
    assert client.get("/contoh/berita/panen-raya/").status_code == 200
    assert capsys.readouterr().err == "Selesai: tidak ada masalah.\n"


def test_registry_logo_is_shown_in_the_header_and_checked_like_any_image(
        site_tree: Path, tmp_path: Path) -> None:
    """design.md's `logo` key was accepted and then ignored: no logo, no message."""
    import io

    from PIL import Image
    from sitefiles import VILLAGE, write_tree

    from satudesa import create_app
    from satudesa.load.loader import load_site
    buffer = io.BytesIO()
    Image.new("RGB", (96, 96), (30, 120, 60)).save(buffer, "PNG")
    write_tree(site_tree, {
        "content/contoh/media/logo.png": buffer.getvalue(),
        "villages/lain.yml": VILLAGE.replace("2001", "2002") + "logo: ../../site.yml\n",
        "villages/palsu.yml": VILLAGE.replace("2001", "2003") + "logo: media/logo.png\n",
        "content/palsu/media/logo.png": "<html><script>alert(1)</script></html>",
    })
    with open(site_tree / "villages/contoh.yml", "a") as entry:
        entry.write("logo: media/logo.png\n")
    assert [p.format() for p in load_site(site_tree).report] == [
        "villages/lain.yml: peringatan: berkas '../../site.yml' tidak ditemukan; diterbitkan "
        "tanpa gambar ini (periksa "
        "nama berkas dan letaknya di folder media/)",
        "villages/palsu.yml: galat: berkas 'media/logo.png' ditolak: isi berkas bukan PNG "
        "seperti namanya (terdeteksi: HTML) (unggah ulang berkas aslinya; jangan hanya "
        "mengganti nama berkas)",
    ]
    client = create_app({"SATUDESA_SITE": str(site_tree)}).test_client()
    page = text(client, "/contoh/berita/")
    header = page.split('<a class="brand"')[1].split("</a>")[0]
    assert 'class="brand-logo"' in header and 'width="40" height="40" alt=""' in header
    logo = header.split('<img src="')[1].split('"')[0]
    assert logo.startswith("../media/logo-")
    assert client.get("/contoh/" + logo.removeprefix("../")).status_code == 200
    for slug in ("lain", "palsu"):
        assert "brand-logo" not in text(client, f"/{slug}/")
