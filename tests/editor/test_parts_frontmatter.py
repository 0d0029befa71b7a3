"""The editor's front-matter rewrite: only what changed changes, byte for byte.

Properties run derandomised over every demo content file and over generated
documents: an unchanged save is byte-identical (LF and CRLF), an edit reads back
exactly, other keys keep their text, and no value can add a key of its own.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from satudesa.editor.frontmatter import FrontMatterError, edit, new_document, split
from satudesa.inputs.yamlsafe import YamlProblem

ROOT = Path(__file__).resolve().parents[2]
DEMO = sorted((ROOT / "content").rglob("*.md"))
SETTINGS = settings(max_examples=120, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow])

SAMPLE = (
    "---\n"
    'title: "Panen Raya"  # judul\n'
    "# tanggal terbit\n"
    "date: 2025-04-24\n"
    "tags: [panen, 'padi']\n"
    "image:\n"
    "persyaratan:\n"
    '  - "KTP"\n'
    "  - KK   # asli\n"
    "# catatan di antara\n"
    "draft: true\n"
    "---\n"
    "\n"
    "Isi berita.\n"
)


def crlf(text: str) -> str:
    return text.replace("\n", "\r\n")


def test_demo_files_exist() -> None:
    assert len(DEMO) > 100


@pytest.mark.parametrize("path", DEMO, ids=lambda p: str(p.relative_to(ROOT)))
def test_demo_unchanged_save_is_byte_identical(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    values, body = split(text)
    assert edit(text, {}, None) == text
    assert edit(text, values, body) == text
    assert edit(text, values, crlf(body)) == text  # as a browser's textarea sends it
    windows = crlf(text)
    assert edit(windows, values, crlf(body)) == windows


def test_split_reads_values_and_body() -> None:
    values, body = split(SAMPLE)
    assert values == {"title": "Panen Raya", "date": dt.date(2025, 4, 24),
                      "tags": ["panen", "padi"], "image": None,
                      "persyaratan": ["KTP", "KK"], "draft": True}
    assert body == "Isi berita.\n"
    assert split(crlf(SAMPLE)) == (values, body)
    assert split("\ufeff" + SAMPLE) == (values, body)


def test_split_without_front_matter() -> None:
    assert split("Hanya teks.\n") == ({}, "Hanya teks.\n")
    assert split("---\n---\n\nIsi\n") == ({}, "Isi\n")


def test_split_reports_bad_yaml_with_file_line() -> None:
    with pytest.raises(YamlProblem) as caught:
        split('---\ntitle: "a"\ndate: 2025-02-31\n---\nx\n')
    assert caught.value.line == 3
    with pytest.raises(YamlProblem):
        split("---\n- a\n- b\n---\nx\n")


@pytest.mark.parametrize("front", ["title: " + "[" * 50_000, "t:\n" + "- " * 60_000 + "x",
                                   "t: " + "{a: " * 30_000])
def test_nesting_that_crashes_libyaml_refused_before_parsing(front: str) -> None:
    with pytest.raises(YamlProblem, match="terlalu rumit"):
        split(f"---\n{front}\n---\nisi\n")
    with pytest.raises(YamlProblem):
        edit(f"---\n{front}\n---\nisi\n", {"title": "a"}, None)


def test_change_keeps_comments_order_and_other_quoting() -> None:
    out = edit(SAMPLE, {"title": "Panen Raya 2025"}, None)
    assert out == SAMPLE.replace('"Panen Raya"', '"Panen Raya 2025"')
    out = edit(SAMPLE, {"tags": ["panen", "jagung"]}, None)
    assert "tags: [\"panen\", \"jagung\"]\n" in out  # a flow list stays a flow list
    assert out.replace('tags: ["panen", "jagung"]', "tags: [panen, 'padi']") == SAMPLE


def test_block_list_rewritten_in_place() -> None:
    out = edit(SAMPLE, {"persyaratan": ["KTP-el", "Kartu Keluarga", "Surat pengantar RT"]}, None)
    assert ('persyaratan:\n  - "KTP-el"\n  - "Kartu Keluarga"\n  - "Surat pengantar RT"\n'
            "# catatan di antara\ndraft: true\n") in out
    assert split(out)[0]["persyaratan"] == ["KTP-el", "Kartu Keluarga", "Surat pengantar RT"]


def test_remove_and_add_keys() -> None:
    out = edit(SAMPLE, {"draft": None, "status": "draf", "persyaratan": None}, None)
    values, _ = split(out)
    assert "draft" not in values and "persyaratan" not in values
    assert list(values)[-1] == "status"
    assert out.endswith('# catatan di antara\nstatus: "draf"\n---\n\nIsi berita.\n')
    assert "# tanggal terbit\n" in out  # a comment above a kept key stays


def test_null_key_set_and_none_leaves_empty_key() -> None:
    assert edit(SAMPLE, {"image": None}, None) == SAMPLE
    out = edit(SAMPLE, {"image": "media/berita/panen.jpg"}, None)
    assert 'image: "media/berita/panen.jpg"\n' in out


def test_crlf_preserved_everywhere() -> None:
    text = crlf(SAMPLE)
    out = edit(text, {"title": "Baru", "status": "diajukan", "tags": ["a"],
                      "persyaratan": ["x", "y"]}, "Baris satu\nBaris dua")
    assert "\n" not in out.replace("\r\n", "")
    assert split(out) == (
        {"title": "Baru", "date": dt.date(2025, 4, 24), "tags": ["a"], "image": None,
         "persyaratan": ["x", "y"], "draft": True, "status": "diajukan"},
        "Baris satu\nBaris dua\n")


def test_old_mac_line_endings() -> None:
    text = SAMPLE.replace("\n", "\r")
    values, body = split(text)
    assert values == split(SAMPLE)[0] and body == "Isi berita.\n"
    assert edit(text, values, body) == text  # unchanged: byte for byte
    out = edit(text, {"title": "Baru"}, None)
    assert "\r" not in out and split(out)[0]["title"] == "Baru"
    assert out.count("---\n") == 2  # never a second front matter


def test_body_replacement_keeps_separator() -> None:
    out = edit(SAMPLE, {}, "Isi baru\r\n\r\nParagraf dua.")
    assert out == SAMPLE.replace("Isi berita.\n", "Isi baru\n\nParagraf dua.\n")
    no_gap = "---\ntitle: a\n---\nIsi\n"
    assert edit(no_gap, {}, "Isi") == no_gap  # the same body, bar the final break
    assert edit("---\ntitle: a\n---", {}, "Isi") == "---\ntitle: a\n---\n\nIsi\n"


def test_values_of_every_type_round_trip() -> None:
    when = dt.datetime(2026, 9, 9, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    changes = {"title": "Rapat: Musdes #1 'RKP' \"2026\"", "date": when,
               "berlaku_sampai": dt.date(2026, 12, 31), "weight": 7, "draft": False,
               "koordinat": [-2.7768, 114.2431], "tags": ("a", "b")}
    out = edit(SAMPLE, changes, None)
    values, _ = split(out)
    for key, value in changes.items():
        assert values[key] == (list(value) if isinstance(value, tuple) else value)
    assert type(values["draft"]) is bool and type(values["weight"]) is int


@pytest.mark.parametrize("evil", [
    "judul\nstatus: terbit", "a\r\nb: c", "x\n---\n<script>", "\u2028draft: true",
    "\x85draft: true", "] , status: terbit", "&a *a", "!!python/object:os.system",
    "{status: terbit}", "'", '"', "\\", "# komentar", "\x00\x07\ufeff",
])
def test_no_injection_through_values(evil: str) -> None:
    out = edit(SAMPLE, {"title": evil, "tags": [evil, "ok"], "persyaratan": [evil]}, None)
    values, body = split(out)
    assert values["title"] == evil and values["tags"] == [evil, "ok"]
    assert values["persyaratan"] == [evil]
    assert set(values) == set(split(SAMPLE)[0])
    assert body == "Isi berita.\n"
    fresh = new_document({"title": evil}, "x")
    assert split(fresh)[0] == {"title": evil}


@pytest.mark.parametrize("key", ["", "a b", "a:b", "title\nx", "-x", "1a", "é", 5])
def test_bad_keys_refused(key: object) -> None:
    with pytest.raises(FrontMatterError):
        edit(SAMPLE, {key: "x"}, None)  # type: ignore[dict-item]


@pytest.mark.parametrize("value", [{"a": 1}, object(), float("nan"), b"x", [["nested"]]])
def test_unsupported_values_refused(value: object) -> None:
    with pytest.raises(FrontMatterError):
        edit(SAMPLE, {"title": value}, None)


def test_flow_mapping_front_matter_refused_for_edits() -> None:
    text = "---\n{title: a, date: 2025-01-01}\n---\nx\n"
    assert edit(text, {}, None) == text
    with pytest.raises(FrontMatterError):
        edit(text, {"title": "b"}, None)


def test_file_without_front_matter_gets_one() -> None:
    assert edit("Halo\n", {}, None) == "Halo\n"
    assert edit("Halo\r\n", {"title": "a"}, None) == '---\r\ntitle: "a"\r\n---\r\n\r\nHalo\r\n'
    assert edit("\ufeffHalo\n", {"title": "a"}, "Baru") == (
        '\ufeff---\ntitle: "a"\n---\n\nBaru\n')


def test_new_document_layout() -> None:
    text = new_document({"title": "Panen", "date": dt.date(2025, 1, 2), "tags": ["a", "b"],
                         "persyaratan": ["x" * 40, "y" * 40], "image": None}, "Isi")
    assert text == ('---\ntitle: "Panen"\ndate: 2025-01-02\ntags: ["a", "b"]\n'
                    f'persyaratan:\n  - "{"x" * 40}"\n  - "{"y" * 40}"\n---\n\nIsi\n')


# -- properties --------------------------------------------------------------------------

TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)
SCALAR = st.one_of(
    TEXT, st.booleans(), st.integers(-10**12, 10**12), st.dates(),
    st.datetimes(timezones=st.sampled_from([None, dt.UTC, dt.timezone(dt.timedelta(hours=7))])),
)
VALUE = st.one_of(SCALAR, st.lists(TEXT, max_size=4))
KEYS = st.sampled_from(["title", "date", "summary", "tags", "image", "status", "draft",
                        "weight", "persyaratan", "kategori", "baru_sekali"])
BODY = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=80)


@SETTINGS
@given(values=st.dictionaries(KEYS, VALUE, max_size=6), body=BODY, windows=st.booleans())
def test_generated_documents_round_trip(values: dict[str, object], body: str,
                                        windows: bool) -> None:
    text = new_document(values, body)
    if windows:
        text = crlf(text)
    got, got_body = split(text)
    assert got == values
    assert edit(text, {}, None) == text
    assert edit(text, got, got_body) == text


@SETTINGS
@given(path=st.sampled_from(DEMO), changes=st.dictionaries(KEYS, st.none() | VALUE, max_size=4),
       windows=st.booleans())
def test_demo_edits_change_only_the_changed_keys(path: Path, changes: dict[str, object],
                                                 windows: bool) -> None:
    text = path.read_text(encoding="utf-8")
    if windows:
        text = crlf(text)
    before, body = split(text)
    out = edit(text, changes, None)
    after, after_body = split(out)
    assert after_body == body
    for key in set(before) | set(changes):
        if key not in changes:
            assert after[key] == before[key]
        elif changes[key] is None:
            assert after.get(key) is None
        else:
            assert after[key] == changes[key]
    if windows:
        assert "\n" not in out.replace("\r\n", "")
    # the lines of keys nobody touched are still there, byte for byte
    for line in text.splitlines(keepends=True):
        key = line.split(":", 1)[0]
        if line[:1].isalpha() and ":" in line and key in before and key not in changes:
            assert line in out
    # and editing back restores the values (an empty key that got a value is removed)
    restore = {key: before.get(key) for key in changes}
    expected = {key: value for key, value in before.items()
                if not (value is None and changes.get(key) is not None)}
    assert split(edit(out, restore, None))[0] == expected
