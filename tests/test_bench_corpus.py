"""bench/corpus.py: villages from the official list, content sized like gen_corpus, by seed."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest
from sitefiles import REPO, hashes

from satudesa.errors import Report
from satudesa.load.loader import load_portal


def bench_corpus() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_corpus", REPO / "bench" / "corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_corpus"] = module  # its dataclasses look their module up there
    try:
        spec.loader.exec_module(module)
        module.gen_corpus()
    except SystemExit as exc:  # shared/ (the generator and the list) is not beside the clone
        pytest.skip(str(exc))
    return module


def test_regency_corpus_from_the_official_list_is_deterministic(tmp_path: Path) -> None:
    corpus = bench_corpus()
    area, found = corpus.places("32.14")
    assert area == "Kabupaten Purwakarta" and len(found) == 192
    assert len(corpus.places("33")[1]) == 8563  # Jawa Tengah, every regency
    chosen = found[:3]
    for name, seed in [("a", 7), ("b", 7), ("c", 8)]:
        corpus.write(chosen, area, tmp_path / name, seed)
    assert hashes(tmp_path / "a") == hashes(tmp_path / "b") != hashes(tmp_path / "c")
    entries = sorted((tmp_path / "a/villages").glob("*.yml"))
    assert [e.stem for e in entries] == ["nagri-kaler", "nagri-kidul", "nagri-tengah"]
    assert (tmp_path / "a/villages/nagri-kaler.yml").read_text() == (
        'name: "Kelurahan Nagri Kaler"\nkode_wilayah: "32.14.01.1002"\n'
        'kecamatan: "Kecamatan Purwakarta"\nkabupaten: "Kabupaten Purwakarta"\ncontoh: true\n')
    posts = list((tmp_path / "a/content/nagri-tengah/berita").glob("*.md"))
    assert 36 <= len(posts) <= 44  # sized like gen_corpus.py: ~40 berita a village
    site = load_portal(tmp_path / "a", Report())
    assert sorted(site.registry) == ["nagri-kaler", "nagri-kidul", "nagri-tengah"]
    assert not site.report.errors


def test_same_names_in_one_area_get_distinct_slugs() -> None:
    corpus = bench_corpus()
    _area, found = corpus.places("33")
    slugs = corpus.slugs(found, corpus.gen_corpus().slugify)
    assert len(set(slugs.values())) == len(found) == 8563
