"""A small site with every content type, shared by the tests of the content types.

The fixed test instant is 2026-11-25 12:00 WIB (conftest): items dated after it
are future, announcements with ``berlaku_sampai`` before it are expired.
"""

from __future__ import annotations

from sitefiles import BASIC_FILES, VILLAGE

# Smallest valid PNG (1x1, its data decodes: issue 14 refuses one that does not) and a
# PDF-ish file; the build copies them as they are.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360606060000000050001a5f645400000000049454e44ae426082")
PDF = b"%PDF-1.4\n" + b"0" * 3000 + b"\n%%EOF\n"

FILES: dict[str, str | bytes] = {
    **BASIC_FILES,
    "villages/contoh.yml": VILLAGE + """\
        domain: "contoh.desa.id"
        koordinat: [-6.55, 107.44]
        """.replace("        ", ""),
    "content/contoh/berita/draf.md": """\
        ---
        title: Berita Draf Rahasia
        date: 2026-03-04
        draft: true
        ---
        Belum terbit.
        """,
    "content/contoh/berita/masa-depan.md": """\
        ---
        title: Berita Masa Depan
        date: 2026-12-20
        tags: [pertanian]
        ---
        Dijadwalkan.
        """,
    "content/contoh/berita/posyandu.md": """\
        ---
        title: Posyandu Balita Bulan November
        date: 2025-11-10 08:00
        author: Bidan Desa
        summary: Penimbangan dan imunisasi balita.
        tags: [kesehatan, Pertanian]
        image: media/posyandu.png
        ---
        Posyandu Mawar melayani 42 balita.
        """,
    "content/contoh/media/posyandu.png": PNG,
    "content/contoh/media/formulir-domisili.pdf": PDF,
    "content/contoh/layanan/domisili.md": """\
        ---
        title: Surat Keterangan Domisili
        summary: Keterangan tempat tinggal untuk keperluan administrasi.
        kategori: Surat Keterangan
        weight: 1
        persyaratan: [Surat pengantar RT/RW, Fotokopi KTP, Fotokopi KK]
        prosedur: [Bawa persyaratan ke kantor desa, Petugas mencetak surat]
        waktu: 10 menit
        biaya: Gratis
        produk: Surat Keterangan Domisili
        dasar_hukum: [Perpres 96/2018]
        formulir: media/formulir-domisili.pdf
        ---
        """,
    "content/contoh/pengumuman/banjir.md": """\
        ---
        title: Siaga Banjir Sungai Cilamaya
        date: 2026-11-20
        berlaku_sampai: 2026-11-30
        darurat: true
        summary: Warga bantaran sungai diminta waspada.
        ---
        Tinggi muka air naik.
        """,
    "content/contoh/pengumuman/vaksin-lama.md": """\
        ---
        title: Vaksinasi Lama Sudah Lewat
        date: 2026-01-05
        berlaku_sampai: 2026-01-31
        darurat: true
        ---
        Sudah selesai.
        """,
    "content/contoh/pengumuman/terjadwal.md": """\
        ---
        title: Pengumuman Terjadwal
        date: 2026-12-01
        ---
        Nanti.
        """,
    "content/contoh/agenda/musdes.md": """\
        ---
        title: Musyawarah Desa RKP 2027
        mulai: 2026-12-03 09:00
        selesai: 2026-12-03 12:00
        lokasi: Balai Desa Contoh, Jl. Raya Contoh No. 1
        summary: Musyawarah penyusunan RKP Desa, terbuka untuk warga; hadirilah bersama-sama.
        ---
        Semua warga diundang.
        """,
    "content/contoh/agenda/kerja-bakti.md": """\
        ---
        title: Kerja Bakti Agustusan
        mulai: 2026-08-10
        lokasi: Lapangan desa
        ---
        """,
    "content/contoh/agenda/draf.md": """\
        ---
        title: Agenda Draf
        mulai: 2026-12-10 09:00
        draft: true
        ---
        """,
    "content/contoh/potensi/gula-aren.md": """\
        ---
        title: Gula Aren Cetak
        kategori: Produk UMKM
        harga: 25000
        satuan: kg
        whatsapp: 0812-3456-7891
        lokasi: Dusun Cikadu
        koordinat: [-6.56, 107.45]
        image: media/posyandu.png
        summary: Gula aren murni dari penyadap Dusun Cikadu.
        ---
        Dibuat tanpa campuran.
        """,
    "content/contoh/dokumen/apbdes-2026.md": """\
        ---
        title: Peraturan Desa tentang APB Desa 2026
        kategori: berkala
        tahun: 2026
        nomor: 1 Tahun 2026
        file: media/formulir-domisili.pdf
        ---
        """,
    "content/contoh/dokumen/sop-darurat.md": """\
        ---
        title: Prosedur Evakuasi Banjir
        kategori: serta-merta
        tahun: 2025
        file: media/formulir-domisili.pdf
        ---
        """,
    "content/contoh/galeri/hut-ri.md": """\
        ---
        title: Peringatan HUT RI ke-81
        date: 2026-08-17
        summary: Lomba dan upacara.
        foto:
          - file: galeri/hut-ri/1.png
            caption: Upacara bendera di lapangan desa
          - file: galeri/hut-ri/2.png
            caption: Lomba balap karung
        ---
        """,
    "content/contoh/galeri/hut-ri/1.png": PNG,
    "content/contoh/galeri/hut-ri/2.png": PNG,
    "content/contoh/perangkat.yml": """\
        perangkat:
          - nama: H. Ahmad Sobari, S.IP.
            jabatan: Kepala Desa
            foto: media/posyandu.png
            mulai_menjabat: 2021-06-14
          - nama: Siti Nurhaliza
            jabatan: Sekretaris Desa
          - nama: Dedi Kurniawan
            jabatan: Kepala Seksi Pelayanan
          - nama: Ujang Suryana
            jabatan: Kepala Dusun I
        bpd:
          - nama: Eneng Rohayati
            jabatan: Ketua BPD
        """,
}


def check_output(runner) -> list[str]:
    """The lines ``flask check`` prints (problems first, then the summary)."""
    result = runner.invoke(args=["check"])
    return result.output.splitlines()


def page_text(client, url: str, status: int = 200) -> str:
    """The body of ``url`` after asserting its status."""
    response = client.get(url)
    assert response.status_code == status, url
    return response.get_data(as_text=True)


def resolve(page_url: str, href: str) -> str:
    """The absolute preview path a relative link on ``page_url`` points to."""
    import posixpath
    from urllib.parse import unquote

    joined = posixpath.normpath(posixpath.join(page_url, unquote(href.split("#")[0])))
    return joined + "/" if href.split("#")[0].endswith("/") and joined != "/" else joined


def internal_links(html: str) -> list[str]:
    """Every href/src in ``html`` that is not absolute, mailto:, tel: or an anchor."""
    import re

    return [link for link in re.findall(r'(?:href|src)="([^"]*)"', html)
            if link and not link.startswith("#") and ":" not in link.split("/")[0]]
