"""The officer guide's registry key table is `flask check --keys`, generated from the schema."""

from __future__ import annotations

from pathlib import Path

from sitefiles import REPO

from satudesa.inputs import schema as s
from satudesa.load.keydocs import (
    BEGIN,
    END,
    guide_table,
    key_rows,
    registry_table,
    rewrite,
    undocumented,
)
from satudesa.load.registry import SCHEMA

GUIDE = REPO / "docs/panduan-operator.md"


def test_the_guide_shows_the_table_flask_check_keys_prints(runner) -> None:
    result = runner.invoke(args=["check", "--keys"])
    assert result.exit_code == 0
    in_guide = guide_table(GUIDE.read_text(encoding="utf-8"))
    assert in_guide is not None, f"{GUIDE.name} lacks the markers {BEGIN!r} … {END!r}"
    assert in_guide == result.output.rstrip("\n"), (
        f"{GUIDE.name}'s registry key table is out of date: run `make docs-keys`; "
        f"it should read:\n{result.output}")


def test_every_registry_key_says_what_it_is_for_with_an_example() -> None:
    assert undocumented(SCHEMA) == [], (
        "give these keys doc= and example= in satudesa/load/registry.py, then run `make docs-keys`")


def test_every_key_and_nested_key_has_a_row() -> None:
    keys = [row[0] for row in key_rows(SCHEMA)]
    assert keys[:4] == ["name", "kode_wilayah", "kecamatan", "kabupaten"]
    assert {"provinsi", "domain", "ppid", "sosial", "koordinat", "logo"} <= set(keys)
    for name, field in SCHEMA.items():
        assert name in keys
        if isinstance(field.convert, s.Nested):
            assert {f"{name}.{sub}" for sub in field.convert.schema} <= set(keys)
    required = {row[0] for row in key_rows(SCHEMA) if row[1]}
    assert required == {"name", "kode_wilayah", "kecamatan", "kabupaten"}


def test_a_new_key_is_one_schema_entry() -> None:
    toy = {"nama": s.Field(s.text, required=True, doc="nama | lengkap", example='"Ani"'),
           "alamat": s.Field(s.mapping({"jalan": s.Field(s.text)}), doc="alamat")}
    rows = key_rows(toy)
    assert rows == [("nama", True, "nama | lengkap", '`"Ani"`'),
                    ("alamat", False, "alamat", "lihat baris `alamat.…` di bawah"),
                    ("alamat.jalan", False, "(belum dijelaskan)", "")]
    assert undocumented(toy) == ["alamat.jalan"]


def test_make_docs_keys_rewrites_only_the_table(tmp_path: Path) -> None:
    guide = tmp_path / "panduan.md"
    guide.write_text(f"# Judul\n\n{BEGIN}\n| lama |\n{END}\n\nSisa.\n", encoding="utf-8")
    assert rewrite(guide) is True
    text = guide.read_text(encoding="utf-8")
    assert text == f"# Judul\n\n{BEGIN}\n{registry_table()}\n{END}\n\nSisa.\n"
    assert rewrite(guide) is False
