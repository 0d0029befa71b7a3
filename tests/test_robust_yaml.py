"""Issue 14, items 1 and 5: deep YAML nesting and base 60 numbers cost one file, never the run.

The deep files are the real ones of the hostile corpus (50,000 '[' in a front
matter, 30,000 nested '- '), which made libyaml overflow the C stack: ``flask
check`` exited 139, ``flask build`` hung. They run here through real processes
with timeouts, and through the preview.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
from robust_site import flask, mk
from sitefiles import REPO

from satudesa import create_app
from satudesa.inputs.yamlsafe import MAX_SCAN_DEPTH, YamlProblem, check_nesting, load_yaml

CORPUS = REPO / "tests/data/hostile/robust"
DEEP = CORPUS / "yaml-dalam/berita/kurung.md"
BLOCK = CORPUS / "yaml-blok/berita/strip.md"


@pytest.fixture
def deep_site(tmp_path: Path) -> Path:
    site = mk(tmp_path)
    shutil.copy(DEEP, site / "content/x/berita/kurung.md")
    shutil.copy(BLOCK, site / "content/x/berita/strip.md")
    return site


def test_check_refuses_deep_nesting_with_a_line(deep_site: Path) -> None:
    done = flask(deep_site, "check", timeout=60)
    assert done.returncode == 1, done.stderr  # not 139 (SIGSEGV)
    assert ("content/x/berita/kurung.md:4: galat: struktur YAML terlalu dalam (lebih dari "
            f"{MAX_SCAN_DEPTH} tingkat") in done.stderr
    assert "content/x/berita/strip.md:5: galat: struktur YAML terlalu dalam" in done.stderr


@pytest.mark.parametrize("args", [["--jobs", "2"], ["--jobs", "1"], ["--engine", "frozen"]])
def test_build_publishes_the_rest_and_ends(deep_site: Path, args: list[str]) -> None:
    done = flask(deep_site, "build", *args, timeout=90)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "struktur YAML terlalu dalam" in done.stderr
    out = deep_site / "build"
    assert (out / "y/berita/panen/index.html").is_file()
    assert (out / "x/berita/panen/index.html").is_file()
    assert not (out / "x/berita/kurung").exists()


def test_preview_survives_the_deep_file(deep_site: Path) -> None:
    app = create_app({"TESTING": True, "SATUDESA_SITE": str(deep_site)})
    client = app.test_client()
    assert client.get("/x/berita/panen/").status_code == 200
    assert client.get("/x/berita/kurung/").status_code == 404
    assert client.get("/y/").status_code == 200


@pytest.mark.parametrize("text", [
    "a: " + "[" * 50_000 + "]" * 50_000,
    "a: " + "{b: " * 30_000 + "c" + "}" * 30_000,
    "- " * 30_000 + "x",
    "".join(" " * i + "a:\n" for i in range(MAX_SCAN_DEPTH + 5)),
])
def test_every_deep_shape_is_refused_before_parsing(text: str) -> None:
    with pytest.raises(YamlProblem, match="terlalu dalam"):
        load_yaml(text)


def test_usual_nesting_and_brackets_in_text_pass() -> None:
    text = ("title: 'Rapat [[draf]] {x}'\ntags: [a, [b, {c: d}]]\nitems:\n  - a: 1\n"
            "    b:\n      - - 2\n") + "x: [" * 0
    check_nesting(text)
    data, _ = load_yaml(text)
    assert data["tags"] == ["a", ["b", {"c": "d"}]]


def test_base_60_numbers_are_text() -> None:
    data, _ = load_yaml("waktu: 8:30\nangka: 1:30.5\nbiasa: 12\n")
    assert data == {"waktu": "8:30", "angka": "1:30.5", "biasa": 12}
    with pytest.raises(YamlProblem, match="bukan bilangan bulat"):
        load_yaml("a: !!int " + "59:" * 40 + "59")


def _seconds(text: str) -> float:
    start = time.perf_counter()
    load_yaml(text)
    return time.perf_counter() - start


def test_a_megabyte_base_60_number_costs_what_plain_text_costs() -> None:
    # Was 45 s (quadratic big-integer arithmetic); now it is read as text. Compared with
    # a plain text of the same size in the same run, never against a wall-clock figure.
    base60 = "a: " + "59:" * 333_000 + "59\n"
    plain = "a: " + "5959" * 250_000 + "x\n"
    assert len(base60) > 900_000
    assert min(_seconds(base60) for _ in range(3)) < 10 * min(_seconds(plain) for _ in range(3))


def test_check_reads_the_corpus_base_60_file_quickly(tmp_path: Path) -> None:
    site = mk(tmp_path)
    big = (CORPUS / "seksagesimal/berita/angka.md").read_text().replace(
        "summary: ", "summary: " + "59:" * 300_000)
    (site / "content/x/berita/angka.md").write_text(big)
    done = flask(site, "check", timeout=60)
    assert done.returncode == 0, done.stderr
