"""Daftar Informasi Publik page and the Perki 1/2018 berkala check in ``flask check``."""

from __future__ import annotations

from pathlib import Path

import pytest
from sitefiles import BASIC_FILES, VILLAGE
from transparency_data import APBDES_2026, STATISTIK

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"


def _dokumen(title: str, kategori: str, tahun: int, file: str) -> str:
    return f"""\
        ---
        title: "{title}"
        kategori: {kategori}
        tahun: {tahun}
        nomor: "Nomor 1 Tahun {tahun}"
        file: media/{file}
        summary: "Ringkasan {title}."
        ---
        """


FULL = {
    "dokumen/rpjm.md": ("RPJM Desa 2021-2029", "berkala", 2021),
    "dokumen/rkp.md": ("RKP Desa 2027", "berkala", 2026),
    "dokumen/lppd.md": ("Laporan Penyelenggaraan Pemerintahan Desa 2025", "berkala", 2025),
    "dokumen/matriks.md": ("Matriks Program dan Kegiatan 2026", "berkala", 2026),
    "dokumen/bantuan.md": ("Data Penerima Bantuan Program Masuk Desa 2026", "berkala", 2026),
    "dokumen/banjir.md": ("Peringatan Dini Banjir", "serta-merta", 2026),
}


@pytest.fixture
def site_files() -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {
        **BASIC_FILES,
        "villages/contoh.yml": VILLAGE + 'ppid:\n  nama: "Rina, Sekretaris Desa"\n'
                                         '  email: "ppid@contoh.desa.id"\n',
        "content/contoh/apbdes/2026.yml": APBDES_2026,
        "content/contoh/statistik.yml": STATISTIK,
    }
    for name, (title, kategori, tahun) in FULL.items():
        stem = Path(name).stem
        files[f"content/contoh/{name}"] = _dokumen(title, kategori, tahun, f"{stem}.pdf")
        files[f"content/contoh/media/{stem}.pdf"] = PDF
    return files


def test_page_lists_documents_by_category_with_ppid(client) -> None:
    html = client.get("/contoh/informasi-publik/").get_data(as_text=True)
    assert "<script" not in html
    berkala, rest = html.split('id="k-serta-merta"')
    serta_merta, setiap_saat = rest.split('id="k-setiap-saat"')
    for text in ("RPJM Desa 2021-2029", "APB Desa Tahun 2026 dan realisasinya",
                 'href="../apbdes/2026/"', "Data kependudukan", 'href="../media/rpjm.pdf"'):
        assert text in berkala, text
    assert "Peringatan Dini Banjir" in serta_merta
    assert "Standar pelayanan administrasi desa" in setiap_saat
    for text in ("Rina, Sekretaris Desa", "ppid@contoh.desa.id", "10 hari kerja"):
        assert text in html, text
    assert 'href="informasi-publik/"' in client.get("/contoh/").get_data(as_text=True)


def test_complete_village_has_no_berkala_warning(runner) -> None:
    result = runner.invoke(args=["check"])
    assert "Perki" not in result.output, result.output
    assert result.exit_code == 0


def test_missing_berkala_items_are_warnings(runner, site_tree: Path) -> None:
    for name in ("rpjm", "matriks"):
        (site_tree / f"content/contoh/dokumen/{name}.md").unlink()
    result = runner.invoke(args=["check"])
    assert result.exit_code == 0
    lines = [line for line in result.output.splitlines() if "Perki" in line]
    assert lines == [
        "content/contoh/dokumen/: peringatan: informasi berkala belum terbit: matriks "
        "program/kegiatan yang sedang dijalankan (Perki 1/2018 Pasal 2) (terbitkan di dokumen/ "
        "dengan 'kategori: berkala'; judul dokumen memuat 'Matriks Program dan Kegiatan')",
        "content/contoh/dokumen/: peringatan: informasi berkala belum terbit: RPJM Desa "
        "(Perki 1/2018 Pasal 2) (terbitkan di dokumen/ dengan 'kategori: berkala'; judul "
        "dokumen memuat 'RPJM Desa')",
    ]
    assert runner.invoke(args=["check", "--strict"]).exit_code == 1


def test_budget_without_perdes_for_this_year_is_reported(runner, site_tree: Path) -> None:
    path = site_tree / "content/contoh/apbdes/2026.yml"
    path.write_text(path.read_text().replace('perdes: "Peraturan Desa Contoh Nomor 3 Tahun '
                                             '2026"\n', ""))
    output = runner.invoke(args=["check"]).output
    assert ("informasi berkala belum terbit: Peraturan Desa tentang APB Desa tahun berjalan "
            "(Perki 1/2018 Pasal 2)") in output


def test_village_without_documents_or_budget_is_not_warned(runner, site_tree: Path) -> None:
    import shutil
    for folder in ("dokumen", "apbdes"):
        shutil.rmtree(site_tree / "content/contoh" / folder)
    result = runner.invoke(args=["check"])
    assert "Perki" not in result.output
    html = runner.app.test_client().get("/contoh/informasi-publik/").get_data(as_text=True)
    assert "Belum ada informasi dalam kategori ini." in html
