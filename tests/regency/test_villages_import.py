"""`flask villages import KODE` and `flask check` against the official code list."""

from __future__ import annotations

from pathlib import Path

import pytest
from sitefiles import REPO, write_tree

from satudesa import create_app
from satudesa.errors import Report
from satudesa.load.registry import read_village
from satudesa.regency.importer import plan_slugs, render_entry
from satudesa.regency.wilayah import Desa


def flask(site: Path, *args: str):
    """Run ``flask <args>`` on ``site`` in-process."""
    app = create_app({"TESTING": True, "SATUDESA_SITE": str(site)})
    return app.test_cli_runner().invoke(args=list(args))


def test_a_whole_regency_on_an_empty_site_passes_check(tmp_path: Path) -> None:
    result = flask(tmp_path, "villages", "import", "32.14")
    assert result.exit_code == 0, result.output
    files = sorted((tmp_path / "villages").glob("*.yml"))
    assert len(files) == 192
    assert "Kabupaten Purwakarta (32.14): 192 desa/kelurahan" in result.output
    assert "Ditambahkan 192 berkas (published: false):" in result.output
    assert ("villages/nagri-kaler.yml  32.14.01.1002  Kelurahan Nagri Kaler "
            "(Kecamatan Purwakarta)") in result.output
    check = flask(tmp_path, "check", "--strict")
    assert check.exit_code == 0, check.output
    assert check.output.strip() == "Selesai: tidak ada masalah."
    text = (tmp_path / "villages/nagri-kaler.yml").read_text()
    assert text.endswith('name: "Kelurahan Nagri Kaler"\nkode_wilayah: "32.14.01.1002"\n'
                         'jenis: "kelurahan"\nkecamatan: "Kecamatan Purwakarta"\n'
                         'kabupaten: "Kabupaten Purwakarta"\nprovinsi: "Jawa Barat"\n'
                         "published: false\n")
    # A name used twice in the regency gets its kecamatan.
    assert (tmp_path / "villages/citalang-purwakarta.yml").is_file()
    assert (tmp_path / "villages/citalang-tegalwaru.yml").is_file()
    assert not (tmp_path / "villages/citalang.yml").exists()


def test_a_rerun_overwrites_nothing_and_names_what_the_list_lost(tmp_path: Path) -> None:
    assert flask(tmp_path, "villages", "import", "32.14.05").exit_code == 0
    edited = tmp_path / "villages/sukatani.yml"
    edited.write_text(edited.read_text().replace("published: false", "published: true"))
    write_tree(tmp_path, {
        "villages/pecahan.yml": 'name: "Desa Pecahan"\nkode_wilayah: "32.14.05.2099"\n'
                                'kecamatan: "Kecamatan Sukatani"\nkabupaten: "K"\n',
        "villages/peraga.yml": 'name: "Desa Peraga"\nkode_wilayah: "32.14.05.2098"\n'
                               'kecamatan: "K"\nkabupaten: "K"\ncontoh: true\n',
        "villages/lain-tempat.yml": 'name: "Desa Jauh"\nkode_wilayah: "32.15.01.2099"\n'
                                    'kecamatan: "K"\nkabupaten: "K"\n',
    })
    before = {p.name: p.read_text() for p in (tmp_path / "villages").glob("*.yml")}
    result = flask(tmp_path, "villages", "import", "3214.05")
    assert result.exit_code == 0, result.output
    after = {p.name: p.read_text() for p in (tmp_path / "villages").glob("*.yml")}
    assert after == before
    assert "published: true" in after["sukatani.yml"]
    lines = result.output.splitlines()
    assert "Tidak ada desa baru: semua sudah terdaftar." in lines
    assert "Sudah terdaftar sebelumnya, tidak diubah: 14." in lines
    gone = lines.index("Terdaftar di villages/ tetapi tidak ada lagi dalam daftar (1; mungkin "
                       "dimekarkan, digabung atau kodenya berubah):")
    assert lines[gone + 1] == "  villages/pecahan.yml  32.14.05.2099  Desa Pecahan"
    assert "peraga" not in result.output and "lain-tempat" not in result.output


def test_a_village_registered_under_another_name_is_not_imported_again(tmp_path: Path) -> None:
    write_tree(tmp_path, {
        "villages/desa-kami.yml": 'name: "Desa Sukatani"\nkode_wilayah: "3214052001"\n'
                                  'kecamatan: "Kecamatan Sukatani"\nkabupaten: "K"\n',
        # Refused by the registry (bad colour), but its code is still taken.
        "villages/rusak.yml": 'name: "Desa Cipicung"\nkode_wilayah: "32.14.05.2005"\n'
                              'kecamatan: "Kecamatan Sukatani"\nkabupaten: "K"\ncolor: hijau\n',
        # Its file name is taken: the imported Malangnengah gets its kecamatan added.
        "villages/malangnengah.yml": 'name: "Desa Lain"\nkode_wilayah: "32.14.05.2098"\n'
                                     'kecamatan: "K"\nkabupaten: "K"\ncontoh: true\n',
    })
    result = flask(tmp_path, "villages", "import", "32.14.05")
    assert result.exit_code == 0, result.output
    assert "Ditambahkan 12 berkas" in result.output  # 14 in the list, 2 registered
    assert not (tmp_path / "villages/sukatani.yml").exists()
    assert not (tmp_path / "villages/cipicung.yml").exists()
    assert "Desa Lain" in (tmp_path / "villages/malangnengah.yml").read_text()
    assert "32.14.05.2002" in (tmp_path / "villages/malangnengah-sukatani.yml").read_text()


def desa(kode: str, nama: str, kecamatan: str) -> Desa:
    return Desa(kode, nama, kecamatan, "Kabupaten Uji", "Jawa Barat")


def test_slugs_are_readable_and_unique() -> None:
    entries = [
        desa("32.14.01.2001", "Sukamaju", "Cibatu"),
        desa("32.14.02.2001", "Sukamaju", "Plered"),
        desa("32.14.03.2001", "Mekarsari", "Darangdan"),
        desa("32.14.03.2002", "Mekarsari", "Darangdan"),  # same name, same kecamatan
        desa("32.14.04.2001", "Ci'Bodas", "Bojong"),
        desa("32.14.04.2002", "Kecamatan", "Bojong"),  # a portal page's name
        desa("32.14.04.2003", "Lubuk Pakam I,II", "Bojong"),
        desa("32.14.05.2001", "Tegal", "Wangi"),
    ]
    plan = plan_slugs(entries, taken={"tegal"})
    assert plan == {
        "32.14.01.2001": "sukamaju-cibatu", "32.14.02.2001": "sukamaju-plered",
        "32.14.03.2001": "mekarsari-darangdan-2001", "32.14.03.2002": "mekarsari-darangdan-2002",
        "32.14.04.2001": "cibodas", "32.14.04.2002": "kecamatan-bojong",
        "32.14.04.2003": "lubuk-pakam-i-ii", "32.14.05.2001": "tegal-wangi",
    }
    assert plan_slugs(entries, set(), {"32.14.01.2001"}) == {"32.14.01.2001": "sukamaju-cibatu"}


@pytest.mark.parametrize("name", [
    "Ci'Bodas", 'Desa "Baru"', "Back\\slash", "Titik: Dua # pagar", "- strip", "yes", "null",
    "Lubuk Pakam I,II", "{[&*!|>%@`]}", "Kampung  Ganda Spasi",
])
def test_written_yaml_reads_back_exactly_for_any_name(tmp_path: Path, name: str) -> None:
    (tmp_path / "villages").mkdir()
    path = tmp_path / "villages/uji.yml"
    path.write_text(render_entry(desa("32.14.05.2001", name, f"Kec {name}"), "32.14"))
    report = Report()
    village = read_village(path, tmp_path, report)
    assert report.problems == []
    assert village is not None
    assert village.name == f"Desa {name}".strip()
    assert village.kecamatan == f"Kecamatan Kec {name}".strip()
    assert village.published is False and village.jenis == "desa"


def test_made_up_codes_and_misspellings_are_found_by_check(tmp_path: Path) -> None:
    write_tree(tmp_path, {
        "site.yml": 'base_url: "https://desa.purwakartakab.go.id/"\n',
        "villages/fiktif.yml": 'name: "Desa Fiktif"\nkode_wilayah: "32.14.05.2099"\n'
                               'kecamatan: "Kecamatan Sukatani"\nkabupaten: "K"\n'
                               "published: false\n",
        "villages/luar-negeri.yml": 'name: "Desa Jauh"\nkode_wilayah: "99.01.01.2001"\n'
                                    'kecamatan: "K"\nkabupaten: "K"\npublished: false\n',
        "villages/salah-eja.yml": 'name: "desa SUKATANI"\nkode_wilayah: "32.14.05.2001"\n'
                                  'kecamatan: "Kecamatan Sukatany"\nkabupaten: "K"\n'
                                  'jenis: kelurahan\npublished: false\n',
    })
    result = flask(tmp_path, "check")
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "villages/fiktif.yml:2: galat: kode_wilayah 32.14.05.2099 tidak ada dalam daftar "
        "Kepmendagri 2025 (kecamatan 32.14.05 (Sukatani) ada, tetapi desa 32.14.05.2099 tidak; "
        "periksa angka sesudahnya, atau tulis 'contoh: true' di berkas ini bila desa ini hanya "
        "contoh)",
        "villages/luar-negeri.yml:2: galat: kode_wilayah 99.01.01.2001 tidak ada dalam daftar "
        "Kepmendagri 2025 (tulis 'contoh: true' di berkas ini bila desa ini hanya contoh, atau "
        "salin kode dari daftar Kepmendagri 300.2.2-2138/2025)",
        "villages/salah-eja.yml:3: peringatan: kecamatan 'Kecamatan Sukatany' berbeda dengan "
        "daftar Kepmendagri untuk kode 32.14.05.2001: Sukatani (tulis kecamatan: \"Kecamatan "
        'Sukatani", atau periksa kode_wilayah)',
        "villages/salah-eja.yml:5: peringatan: 'jenis' kelurahan tidak sesuai kode_wilayah: "
        "angka ke-7 '2' berarti desa (tulis jenis: desa, atau periksa kode_wilayah)",
        "Selesai: 2 galat, 2 peringatan di 3 berkas.",
    ]


def test_example_villages_get_one_note_and_pass(tmp_path: Path) -> None:
    write_tree(tmp_path, {
        "villages/peraga.yml": 'name: "Desa Peraga"\nkode_wilayah: "32.14.05.2099"\n'
                               'kecamatan: "K"\nkabupaten: "K"\ncontoh: ya\npublished: false\n',
    })
    result = flask(tmp_path, "check", "--strict")
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        "villages/: catatan: desa contoh tidak dicocokkan dengan daftar Kepmendagri 2025: "
        "peraga (jangan terbitkan desa contoh di situs publik)",
        "Selesai: tidak ada masalah."]


def test_the_demo_villages_are_examples_with_fictional_codes() -> None:
    result = flask(REPO, "check")
    assert result.exit_code == 0, result.output
    assert ("villages/: catatan: desa contoh tidak dicocokkan dengan daftar Kepmendagri 2025: "
            "bakau-jaya, cibeureum-girang, dan tanjung-purun (jangan terbitkan desa contoh di "
            "situs publik)") in result.output.splitlines()


@pytest.mark.parametrize(("kode", "message"), [
    ("Purwakarta", "galat: 'Purwakarta' bukan kode wilayah (tulis misalnya 32 untuk provinsi, "
                   "32.14 untuk kabupaten, 32.14.05 untuk kecamatan) "
                   "(lihat: flask villages import --help)"),
    ("32.99", "galat: kode 32.99 tidak ada dalam daftar Kepmendagri 2025 (periksa kodenya) "
              "(lihat: flask villages import --help)"),
])
def test_a_wrong_code_is_a_usage_error(tmp_path: Path, kode: str, message: str) -> None:
    result = flask(tmp_path, "villages", "import", kode)
    assert result.exit_code == 2
    assert result.output.strip() == message
    assert not (tmp_path / "villages").exists()


def test_only_villages_turned_on_are_built(tmp_path: Path) -> None:
    write_tree(tmp_path, {"site.yml": 'base_url: "https://desa.purwakartakab.go.id/"\n'})
    assert flask(tmp_path, "villages", "import", "32.14.05").exit_code == 0
    entry = tmp_path / "villages/cianting.yml"
    entry.write_text(entry.read_text().replace("published: false", "published: true"))
    write_tree(tmp_path, {"content/cianting/halaman/profil.md":
                          "---\ntitle: Profil Desa Cianting\n---\nDesa di Sukatani.\n"})
    result = flask(tmp_path, "build")
    assert result.exit_code == 0, result.output
    built = sorted(p.name for p in (tmp_path / "build").iterdir() if p.is_dir())
    assert "cianting" in built and "sukatani" not in built and "cibodas" not in built
    assert "Profil Desa Cianting" in (tmp_path / "build/cianting/profil/index.html").read_text()
    portal = (tmp_path / "build/index.html").read_text()
    assert "Cianting" in portal and "Cianting Utara" not in portal
