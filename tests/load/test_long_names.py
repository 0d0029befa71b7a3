"""A file name the system refuses (longer than 255 bytes) is just a missing file;
a file that cannot be read costs its page, never the whole load.

``Path.exists()`` raises ``OSError: File name too long`` on such a name instead
of answering False; one officer's pasted-in name must cost a warning (or that
page), never the whole load.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sitefiles import BASIC_FILES, DATA, write_tree

from satudesa import create_app

PNG = (DATA / "hostile/content/jahat/media/foto désa 1.png").read_bytes()
LONG = "a" * 300
SHORT = "hilang"


def files(name: str) -> dict[str, str | bytes]:
    """The basic site with a cover image, body links and a form all naming ``name``."""
    return {
        **BASIC_FILES,
        "content/contoh/media/ada.png": PNG,  # media/ exists: the lookup reaches the long name
        "content/contoh/berita/sampul.md": f"---\ntitle: Sampul\ndate: 2026-03-01\n"
                                           f"image: ../media/{name}.jpg\n---\nIsi.\n",
        "content/contoh/berita/tautan.md": f"---\ntitle: Tautan\ndate: 2026-03-02\n---\n"
                                           f"[unduh](../media/{name}.pdf)\n\n"
                                           f"![foto](../media/{name}.png)\n\n"
                                           f"[halaman]({name}.md)\n",
    }


FORM = {"content/contoh/layanan/formulir.md": f"""\
    ---
    title: Surat Domisili
    persyaratan: [KTP]
    prosedur: [Datang ke kantor desa]
    waktu: 1 hari
    biaya: Gratis
    produk: Surat Keterangan Domisili
    formulir: ../media/{LONG}.pdf
    ---
    """}


def run(tmp_path: Path, site_files: dict[str, str | bytes], *args: str):
    site = write_tree(tmp_path / "site", site_files)
    app = create_app({"TESTING": True, "SATUDESA_SITE": str(site)})
    return app.test_cli_runner().invoke(args=list(args))


def test_a_long_name_is_reported_as_not_found_word_for_word(tmp_path: Path) -> None:
    result = run(tmp_path, files(LONG), "check")
    assert "Traceback" not in result.output
    problems = [line for line in result.output.splitlines() if ": peringatan: " in line]
    assert problems == [
        f"content/contoh/berita/sampul.md:4: peringatan: berkas '../media/{LONG}.jpg' tidak "
        "ditemukan; diterbitkan tanpa gambar ini (periksa nama berkas dan letaknya di "
        "folder media/)",
        f"content/contoh/berita/tautan.md:5:9: peringatan: berkas '../media/{LONG}.pdf' tidak "
        "ditemukan (periksa nama berkas dan letaknya di folder media/)",
        f"content/contoh/berita/tautan.md:7:9: peringatan: berkas '../media/{LONG}.png' tidak "
        "ditemukan; diterbitkan tanpa gambar ini (periksa nama berkas dan letaknya di "
        "folder media/)",
        f"content/contoh/berita/tautan.md:9:11: peringatan: tautan ke '{LONG}.md' tidak menuju "
        "halaman terbit (periksa nama berkas; draf dan halaman terjadwal tidak bisa ditautkan)",
    ]
    assert result.exit_code == 0


@pytest.mark.parametrize("extra", [{}, FORM], ids=["warnings", "form"])
def test_check_answers_as_for_a_short_missing_name(tmp_path: Path, extra) -> None:
    long = run(tmp_path / "long", {**files(LONG), **extra}, "check")
    short_extra = {k: v.replace(LONG, SHORT) for k, v in extra.items()}
    short = run(tmp_path / "short", {**files(SHORT), **short_extra}, "check")
    assert long.exit_code == short.exit_code == (1 if extra else 0)
    assert long.output.replace(LONG, SHORT) == short.output


def test_the_rest_of_the_village_builds(tmp_path: Path) -> None:
    out = tmp_path / "build"
    result = run(tmp_path, {**files(LONG), **FORM}, "build", "--out", str(out))
    assert result.exit_code == 1, result.output  # the form page's error
    assert (f"content/contoh/layanan/formulir.md:8: galat: berkas formulir '../media/{LONG}.pdf' "
            "tidak ditemukan; halaman ini tidak diterbitkan (letakkan berkasnya di folder "
            "media/ desa ini, atau hapus baris 'formulir')") in result.output.splitlines()
    village = out / "contoh"
    for url in ("berita/sampul/", "berita/tautan/", "berita/panen-raya/", "layanan/sktm/",
                "profil/", ""):
        assert (village / url / "index.html").is_file(), url
    assert not (village / "layanan/formulir").exists()
    body = (village / "berita/tautan/index.html").read_text("utf-8")
    assert LONG not in body  # the broken links are dropped, not published as written


def test_a_file_that_cannot_be_read_costs_only_its_page(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """An unreadable page or image (permissions, or gone since the lookup) is a problem."""
    from satudesa.load.loader import load_site

    site = write_tree(tmp_path / "site", {
        **BASIC_FILES,
        "content/contoh/media/kunci.png": PNG,
        "content/contoh/berita/terkunci.md": "---\ntitle: T\ndate: 2026-03-01\n---\nIsi.\n",
        "content/contoh/berita/foto.md": "---\ntitle: Foto\ndate: 2026-03-02\n"
                                         "image: ../media/kunci.png\n---\nIsi.\n",
    })
    from satudesa import regular

    real = regular.open_regular  # every officer file is opened here (issue 14)

    def open_regular(path: Path | str) -> int:
        if Path(path).name in ("terkunci.md", "kunci.png"):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(regular, "open_regular", open_regular)
    loaded = load_site(site)
    assert [p.format() for p in loaded.report] == [
        "content/contoh/berita/foto.md:4: galat: berkas '../media/kunci.png' ditolak: berkas "
        "tidak dapat dibaca (periksa izin berkas)",
        "content/contoh/berita/terkunci.md: galat: berkas tidak dapat dibaca: tidak ada izin "
        "(periksa izin berkas)",
    ]
    assert {p.slug for p in loaded.villages["contoh"].of("berita")} == {"panen-raya"}
