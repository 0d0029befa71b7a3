"""Perangkat: the organisation by Permendagri 84/2015, photos or initials, BPD apart."""

from __future__ import annotations

import pytest
from types_site import FILES, check_output, page_text

from satudesa.load.perangkat import group_of


@pytest.fixture
def site_files() -> dict[str, str | bytes]:
    return dict(FILES)


def test_structure_as_nested_lists(client) -> None:
    html = page_text(client, "/contoh/perangkat/")
    assert "<h1>Perangkat Desa dan BPD</h1>" in html
    order = [html.index(f"<h3>{name}</h3>") for name in (
        "Pimpinan", "Sekretariat Desa", "Pelaksana Teknis", "Pelaksana Kewilayahan")]
    assert order == sorted(order)
    assert ('<img src="../media/posyandu-1.c2153f77e1.png" srcset="../media/posyandu-1.'
            'c2153f77e1.png 1w" sizes="72px" width="72" height="72" alt="" loading="lazy" '
            'decoding="async"></picture>'
            "<span><strong>H. Ahmad Sobari, S.IP.</strong><br>Kepala Desa<br>"
            '<span class="meta">Menjabat sejak 14 Juni 2021</span></span>') in html
    assert '<span class="initials" aria-hidden="true">SN</span>' in html


def test_bpd_is_a_separate_section(client) -> None:
    html = page_text(client, "/contoh/perangkat/")
    bpd = html[html.index('<section aria-labelledby="h-bpd">'):]
    assert "Eneng Rohayati" in bpd and "Ketua BPD" in bpd
    assert "Ahmad Sobari" not in bpd


def test_in_the_menu(client) -> None:
    html = page_text(client, "/contoh/perangkat/")
    assert '<li><a href="./" aria-current="page">Perangkat Desa</a></li>' in html
    assert '<a href="../profil/" aria-current="true">Profil</a>' in html


@pytest.mark.parametrize("jabatan,group", [
    ("Kepala Desa", "Pimpinan"), ("Lurah", "Pimpinan"), ("Sekretaris Desa", "Sekretariat Desa"),
    ("Kaur Keuangan", "Sekretariat Desa"), ("Kasi Pelayanan", "Pelaksana Teknis"),
    ("Kepala Dusun II (Sumber Rejo)", "Pelaksana Kewilayahan"), ("Operator SID", "Lainnya"),
])
def test_groups(jabatan: str, group: str) -> None:
    assert group_of(jabatan) == group


def test_validation_names_the_item_line(runner, client, site_tree) -> None:
    (site_tree / "content/contoh/perangkat.yml").write_text(
        "perangkat:\n"
        "  - nama: Asep\n"
        "    jabatan: Kepala Desa\n"
        "  - nama: Tanpa Jabatan\n"
        "  - nama: Salah Tanggal\n"
        "    jabatan: Kasi Pemerintahan\n"
        "    mulai_menjabat: kemarin\n"
        "    foto: media/tidak-ada.jpg\n"
        "bpd: Ketua\n"
        "pengurus: []\n", encoding="utf-8")
    lines = check_output(runner)
    assert ("content/contoh/perangkat.yml:4: galat: kunci wajib 'jabatan' tidak ada "
            "(tambahkan baris 'jabatan: ...')") in lines
    assert ("content/contoh/perangkat.yml:7: galat: 'mulai_menjabat': tanggal tidak dikenali: "
            "'kemarin' (tulis seperti 2025-03-03 atau 3 Maret 2025)") in lines
    assert ("content/contoh/perangkat.yml:9: galat: 'bpd' harus berupa daftar (tulis setiap "
            "orang diawali '- nama: ...')") in lines
    assert ("content/contoh/perangkat.yml:10: peringatan: kunci tidak dikenal 'pengurus' "
            "(hapus kunci ini atau periksa ejaannya)") in lines
    html = page_text(client, "/contoh/perangkat/")
    assert "Asep" in html and "Tanpa Jabatan" not in html


def test_missing_photo_falls_back_to_initials(runner, client, site_tree) -> None:
    (site_tree / "content/contoh/perangkat.yml").write_text(
        "perangkat:\n  - nama: Asep Saepudin\n    jabatan: Kepala Desa\n"
        "    foto: media/tidak-ada.jpg\n", encoding="utf-8")
    assert ("content/contoh/perangkat.yml:4: peringatan: berkas 'media/tidak-ada.jpg' tidak "
            "ditemukan; diterbitkan tanpa gambar ini (periksa nama berkas dan letaknya di "
            "folder media/)"
            ) in check_output(runner)
    assert '<span class="initials" aria-hidden="true">AS</span>' in page_text(
        client, "/contoh/perangkat/")


def test_no_file_no_page(client, site_tree) -> None:
    (site_tree / "content/contoh/perangkat.yml").unlink()
    page_text(client, "/contoh/perangkat/", status=404)
    assert 'href="perangkat/"' not in page_text(client, "/contoh/")


def test_kelurahan_without_bpd(client, site_tree) -> None:
    registry = site_tree / "villages/contoh.yml"
    registry.write_text(registry.read_text(encoding="utf-8").replace(
        "Desa Contoh", "Kelurahan Contoh").replace("32.14.05.2001", "32.14.05.1001"),
        encoding="utf-8")
    (site_tree / "content/contoh/perangkat.yml").write_text(
        "perangkat:\n  - nama: Drs. Budi Santoso\n    jabatan: Lurah\n", encoding="utf-8")
    html = page_text(client, "/contoh/perangkat/")
    assert "<h1>Perangkat Kelurahan</h1>" in html
    assert '<h2 id="h-pemdes">Pemerintah Kelurahan</h2>' in html
    assert "BPD" not in html.split('<main id="isi"')[1]


def test_empty_file_no_page(client, site_tree) -> None:
    (site_tree / "content/contoh/perangkat.yml").write_text("perangkat: []\nbpd: []\n",
                                                            encoding="utf-8")
    page_text(client, "/contoh/perangkat/", status=404)
    assert 'href="perangkat/"' not in page_text(client, "/contoh/")
