"""The YAML fast path changes no answer: same data, same lines, same errors.

``yamlsafe._plain_tree`` lets the usual front matter (a small tree of plain
data) skip the alias-expanding walk and PyYAML's generic construction. Every
YAML file and front matter of the repository, hand-made hostile documents and
random documents (with anchors and aliases) load exactly as without it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from sitefiles import REPO

from satudesa.inputs import yamlsafe
from satudesa.load.content import split_front_matter


def outcome(text: str) -> tuple[Any, ...]:
    """What load_yaml answers, comparable: the data and lines, or the problem."""
    try:
        data, lines = yamlsafe.load_yaml(text, line_offset=1)
    except yamlsafe.YamlProblem as exc:
        return ("problem", exc.message, exc.hint, exc.line, exc.col)
    return ("ok", repr(data), lines)


def both(text: str, monkeypatch: pytest.MonkeyPatch) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    """(answer with the fast path, answer with the full walk only)."""
    fast = outcome(text)
    with monkeypatch.context() as patch:
        patch.setattr(yamlsafe, "_plain_tree", lambda root: False)
        full = outcome(text)
    return fast, full


def repository_documents() -> list[tuple[str, str]]:
    found = []
    for path in sorted(REPO.glob("**/*.yml")) + sorted(REPO.glob("**/*.md")):
        parts = path.relative_to(REPO).parts
        if parts[0] not in ("content", "villages", "tests") or path.is_symlink():
            continue
        text = path.read_text("utf-8", errors="replace")
        if path.suffix == ".md":
            text = split_front_matter(text)[0]
        found.append((path.relative_to(REPO).as_posix(), text))
    return found


DOCUMENTS = repository_documents()
NESTED = "a:\n" + "".join("  " * i + f"- k{i}:\n" for i in range(1, 45))
HANDMADE = {
    "alias harmless": "base: &b {x: 1}\nsatu: *b\ndua: *b\n",
    "merge": "base: &b {x: 1, y: 2}\nanak:\n  <<: *b\n  z: 3\n",
    "self reference": "a: &a [1, *a]\n",
    "alias bomb": "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 10) + "]\n"
        for i in range(5)),
    "too many aliases": "a: &a 1\nb: [" + ", ".join(["*a"] * 101) + "]\n",
    "deep by nesting": "x: " + "[" * 41 + "]" * 41 + "\n",
    "deep at the limit": "x: " + "[" * 39 + "]" * 39 + "\n",
    "deep by blocks": NESTED,
    "deep by aliases": "a: &a [[[[[[[[[[1]]]]]]]]]]\nb: &b [[[[[[[[[[*a]]]]]]]]]]\n"
                       "c: &c [[[[[[[[[[*b]]]]]]]]]]\nd: &d [[[[[[[[[[*c]]]]]]]]]]\n",
    "many nodes": "x: [" + ", ".join(["0"] * 100_001) + "]\n",
    "python tag": "a: !!python/object/apply:os.system ['id']\n",
    "custom tag deep inside": "a:\n  b:\n    - c: !rahasia x\n",
    "binary": "a: !!binary aGVsbG8=\n",
    "set": "a: !!set {x, y}\n",
    "tag and depth": "a: !x " + "[" * 45 + "]" * 45 + "\n",
    "tag behind alias": "a: &a {b: !x 1}\nc: *a\n",
    "duplicate key": "title: a\ntitle: b\n",
    "bad date": "date: 2026-02-31\n",
    "empty": "",
    "scalar": "just text\n",
    # for the plain constructor: tags on the wrong kind of node, odd keys, first error wins
    "str tag on a list": "a: !!str [x]\n",
    "map tag on a scalar": "a: !!map x\n",
    "seq tag on a mapping": "a: !!seq {b: 1}\n",
    "list as key": "? [a, b]\n: x\n",
    "mapping as key": "? {a: 1}\n: x\n",
    "unreadable timestamp": "a: !!timestamp kemarin\n",
    "unreadable bool": "a: [1, {b: !!bool mungkin}]\n",
    "two bad dates, nested first": "a: [2026-02-31]\nb: 2026-02-30\n",
    "two bad numbers, nested first": "a: {b: !!int x}\nc: !!float y\n",
    "merge then override": "a: &a {x: 1, y: 1}\nb:\n  <<: *a\n  x: 2\n",
    "override then merge": "a: &a {x: 1, y: 1}\nb:\n  x: 2\n  <<: *a\n",
    "merge a list": "a: &a {x: 1}\nb: &b {x: 2, z: 2}\nc: {<<: [*a, *b], z: 3}\n",
    "inline merge": "b:\n  <<: {x: 1}\n  x: 2\n",
    "merge then twice": "a: &a {x: 1}\nb:\n  <<: *a\n  x: 2\n  x: 3\n",
    "empty number tags": "a: [1, !!int '']\nb: !!float\n",
    "number tags that read": "a: [!!int 0o17, !!int ' 12', !!float 3, !!float 1:30.5]\n",
    "numbers": "a: [0o17, 0x1F, 1_000, 1:30, .inf, -.inf, .nan, 1e3, +12, 0]\n",
    "words": "a: [yes, No, on, OFF, ~, null, Null, true, 'true', \"1\", 2026-03-01, "
             "2026-03-01 10:00:00+07:00]\n",
    "scalar keys": "1: a\n2026-03-01: b\ntrue: c\n~: d\n1.5: e\n",
    "repeated key": "a: 1\nb: 2\na: 3\n",
    "explicit str": "a: !!str 12\nb: !!float 3\nc: !!null ''\n",
    "unicode": "judul: Désa Ñandú 🌾\nisi: |\n  baris satu\n  baris dua\n",
}


def test_the_corpus_is_not_empty() -> None:
    assert len(DOCUMENTS) > 50


@pytest.mark.parametrize(("name", "text"), DOCUMENTS, ids=[n for n, _ in DOCUMENTS])
def test_repository_documents_load_as_with_the_full_walk(
        name: str, text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    fast, full = both(text, monkeypatch)
    assert fast == full


@pytest.mark.parametrize("name", sorted(HANDMADE))
def test_hostile_documents_load_as_with_the_full_walk(
        name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    fast, full = both(HANDMADE[name], monkeypatch)
    assert fast == full
    if name in ("alias harmless", "merge", "deep at the limit", "empty", "scalar", "numbers",
                "words", "scalar keys", "explicit str", "unicode", "number tags that read",
                "merge then override", "override then merge", "merge a list", "inline merge"):
        assert fast[0] == "ok"
    elif name != "bad date":
        assert fast[0] == "problem"


SCALARS = st.one_of(st.text(max_size=8), st.integers(-10**6, 10**6), st.booleans(), st.none(),
                    st.dates(dt.date(1900, 1, 1), dt.date(2100, 1, 1)))
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4),
    st.dictionaries(st.text(min_size=1, max_size=6), inner, max_size=4)), max_leaves=30)


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(VALUES, st.lists(st.integers(0, 5), max_size=4), st.integers(0, 45))
def test_random_documents_load_as_with_the_full_walk(value: Any, reuse: list[int],
                                                     nesting: int) -> None:
    # Shared sub-values become anchors and aliases when dumped; nesting pushes the depth.
    document = {"isi": value, "ulang": [value for _ in reuse], "dalam": value}
    for _ in range(nesting):
        document = {"d": [document]} if nesting % 2 else {"d": document}
    text = yaml.safe_dump(document, allow_unicode=True, sort_keys=False)
    with pytest.MonkeyPatch.context() as patch:
        fast, full = both(text, patch)
    assert fast == full


def test_the_usual_front_matter_takes_the_fast_path(monkeypatch: pytest.MonkeyPatch) -> None:
    def slow(*args: object) -> None:
        pytest.fail("PyYAML's generic construction was used")

    monkeypatch.setattr(yamlsafe._Loader, "construct_document", slow)
    data, lines = yamlsafe.load_yaml("title: Panen\ndate: 2026-03-01\ntags: [padi, 'jagung']\n"
                                     "weight: 2\ndraft: false\nkosong:\n", line_offset=1)
    assert data == {"title": "Panen", "date": dt.date(2026, 3, 1), "tags": ["padi", "jagung"],
                    "weight": 2, "draft": False, "kosong": None}
    assert lines == {("title",): 2, ("date",): 3, ("tags",): 4, ("tags", 0): 4, ("tags", 1): 4,
                     ("weight",): 5, ("draft",): 6, ("kosong",): 7}
