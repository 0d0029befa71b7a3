"""YAML 1.1 merge keys: ``<<: *base`` then a key of base's means that key wins.

Officers copy such files from templates; the duplicate-key check used to refuse
them. A key written twice in the mapping itself is still refused, aliases and
depth are still bounded, and every line still points at the right place.
"""

from __future__ import annotations

import pytest
from sitefiles import BASIC_FILES, write_tree

from satudesa.inputs.yamlsafe import YamlProblem, load_yaml
from satudesa.load.loader import load_site


def problem(text: str) -> tuple[str, str, int | None, int | None]:
    with pytest.raises(YamlProblem) as caught:
        load_yaml(text)
    exc = caught.value
    return exc.message, exc.hint, exc.line, exc.col


def test_a_key_written_after_the_merge_wins_and_keeps_its_line() -> None:
    data, lines = load_yaml(
        "dasar: &dasar\n"        # 1
        '  jam: "08.00"\n'       # 2
        "  tempat: Balai Desa\n"  # 3
        "rapat:\n"               # 4
        "  <<: *dasar\n"         # 5
        "  tempat: Aula Kecamatan\n"  # 6
        "penutup: ya\n")         # 7
    assert data["rapat"] == {"jam": "08.00", "tempat": "Aula Kecamatan"}
    assert data["dasar"]["tempat"] == "Balai Desa"
    assert lines[("rapat", "tempat")] == 6  # the key that won
    assert lines[("rapat", "jam")] == 2  # merged: where its value is written
    assert lines[("penutup",)] == 7
    assert ("rapat", "<<") not in lines


def test_a_key_written_before_the_merge_wins_too() -> None:
    data, lines = load_yaml("a: &a {x: 1, y: 1}\nb:\n  x: 2\n  <<: *a\n")
    assert data["b"] == {"x": 2, "y": 1}
    assert (lines[("b", "x")], lines[("b", "y")]) == (3, 1)


def test_the_first_of_several_merged_mappings_wins_as_in_pyyaml() -> None:
    data, lines = load_yaml("a: &a {x: 1, y: 1}\nb: &b {x: 2, z: 2}\n"
                            "c:\n  <<: [*a, *b]\n  y: 3\n")
    assert data["c"] == {"x": 1, "y": 3, "z": 2}
    assert (lines[("c", "x")], lines[("c", "y")], lines[("c", "z")]) == (1, 5, 2)


def test_a_merged_mapping_that_merges_itself() -> None:
    data, lines = load_yaml("a: &a {x: 1, w: 1}\nb: &b\n  <<: *a\n  x: 2\nc:\n  <<: *b\n"
                            "  w: 3\n")
    assert data["c"] == {"x": 2, "w": 3}
    assert (lines[("c", "x")], lines[("c", "w")]) == (4, 7)


def test_a_nested_value_that_overrides_replaces_the_merged_one() -> None:
    data, lines = load_yaml("a: &a {k: {p: 1}}\nb:\n  <<: *a\n  k:\n    q: 2\n")
    assert data["b"] == {"k": {"q": 2}}
    assert lines[("b", "k", "q")] == 5
    assert ("b", "k", "p") not in lines


def test_a_key_written_twice_next_to_a_merge_is_still_refused() -> None:
    assert problem("a: &a {x: 1}\nb:\n  <<: *a\n  x: 2\n  x: 3\n") == (
        "kunci 'x' ditulis dua kali (pertama di baris 4)",
        "hapus salah satu atau gabungkan isinya", 5, 3)


def test_a_key_written_twice_inside_the_merged_mapping_is_still_refused() -> None:
    assert problem("a: &a\n  x: 1\n  x: 2\nb:\n  <<: *a\n") == (
        "kunci 'x' ditulis dua kali (pertama di baris 2)",
        "hapus salah satu atau gabungkan isinya", 3, 3)


def test_a_value_that_cannot_be_read_is_still_reported_before_a_duplicate() -> None:
    assert problem("b:\n  <<: {x: 1}\n  x: !!int y\n  x: 2\n")[:3] == (
        "'y' bukan bilangan bulat",
        "tulis angkanya saja tanpa titik, koma atau huruf, misalnya 1500, atau hapus tag "
        "'!!int'", 3)


@pytest.mark.parametrize(("text", "col"), [("c:\n  <<: 5\n  x: 1\n", 7),
                                           ("c:\n  <<: [{a: 1}, tahun]\n", 16)])
def test_merging_something_else_than_a_mapping_is_said_in_indonesian(text: str,
                                                                      col: int) -> None:
    assert problem(text) == (
        "'<<' hanya dapat menyalin pasangan kunci: nilai",
        "tulis misalnya '<<: *dasar', dengan '&dasar' di depan isian yang disalin; beri tanda "
        "kutip bila '<<' ini teks biasa", 2, col)


def test_merges_still_count_as_aliases() -> None:
    text = "a: &a {x: 1}\n" + "".join(f"b{i}:\n  <<: *a\n  x: {i}\n" for i in range(101))
    message, hint, line, _ = problem(text)
    assert (message, hint) == ("terlalu banyak alias YAML (lebih dari 100)",
                               "tulis nilainya langsung, tanpa '&' dan '*'")


def test_a_mapping_that_merges_itself_is_still_refused() -> None:
    assert problem("a: &a\n  <<: *a\n  x: 1\n")[:3] == (
        "alias YAML merujuk ke dirinya sendiri", "tulis nilainya langsung, tanpa '&' dan '*'",
        1)


APBDES = """\
tahun: 2026
pendapatan:
  - {kode: "4.2.1", uraian: "Dana Desa", anggaran: 1600000, realisasi: 1650000}
belanja:
  - &jalan
    kode: "3.1.01"
    uraian: "Pembangunan jalan desa"
    anggaran: 600000
    realisasi: 600000
    sumber_dana: "Dana Desa"
  - <<: *jalan
    kode: "3.1.02"
    uraian: "Pembangunan drainase"
    anggaran: 400000
    realisasi: 450000
  - <<: *jalan
    kode: "3.1.02"
    uraian: "Pembangunan gorong-gorong"
"""
PATH = "content/contoh/apbdes/2026.yml"
OVER = (f"{PATH}:15: peringatan: realisasi 3.1.02 (Rp450.000) melebihi anggarannya "
        "(Rp400.000) (periksa angka realisasi atau catat perubahan anggarannya)")
TWICE = (f"{PATH}:17: peringatan: kode 3.1.02 sudah dipakai pada baris 12 (gabungkan kedua "
         "rincian atau beri kode rinci seperti 3.1.02.01 dan 3.1.02.02)")


def test_an_apbdes_copied_from_a_template_loads_with_the_lines_it_is_written_on(
        tmp_path) -> None:
    site = load_site(write_tree(tmp_path / "site", {**BASIC_FILES, PATH: APBDES}))
    assert [p.format() for p in site.report if p.path == PATH] == [OVER, TWICE]
    belanja = site.villages["contoh"].data["apbdes"][2026].belanja
    assert [(b.kode, b.uraian, b.anggaran, b.realisasi, b.sumber_dana) for b in belanja] == [
        ("3.1.01", "Pembangunan jalan desa", 600000, 600000, "Dana Desa"),
        ("3.1.02", "Pembangunan drainase", 400000, 450000, "Dana Desa"),
        ("3.1.02", "Pembangunan gorong-gorong", 600000, 600000, "Dana Desa"),
    ]


def test_check_points_later_problems_at_their_lines(runner, site_tree) -> None:
    text = APBDES + '  - {kode: "9.9.99", uraian: "Salah", anggaran: 1}\n'
    (site_tree / PATH).parent.mkdir(parents=True)
    (site_tree / PATH).write_text(text, encoding="utf-8")
    result = runner.invoke(args=["check"])
    assert result.exit_code == 1
    assert [line for line in result.output.splitlines() if line.startswith(PATH)] == [
        OVER, TWICE,
        f"{PATH}:19: galat: '9.9.99' bukan kode kegiatan belanja yang sah (tulis "
        "bidang.sub-bidang.kegiatan dengan bidang 1 sampai 5, contoh 1.1.01 (Permendagri "
        "20/2018))"]
