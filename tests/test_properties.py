"""Property tests: random front matter and Markdown never crash the loader, and the
sanitised HTML never carries a script, an event handler or a script URL.

Runs derandomised (the same examples every run) so the suite stays reproducible.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import string
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser
from sitefiles import VILLAGE, write_tree

from satudesa.errors import Problem
from satudesa.inputs.yamlsafe import YamlProblem, load_yaml
from satudesa.load.kinds import KINDS
from satudesa.load.loader import load_site
from satudesa.load.markup import render_markdown

SETTINGS = settings(max_examples=150, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow])
KEYS = sorted({key for kind in KINDS.values() for key in kind.full_schema()}) + [
    "judul", "tanggal", "persyaratn", "on", "<script>", "{{ config }}"]
SNIPPETS = [
    "<script>alert(1)</script>", "<SCRIPT SRC=x>", "<script", "javascript:", "JaVaScRiPt:",
    "vbscript:", "data:text/html,", "&#106;", "&#x6A;", "&colon;", "&#0000106", "\t", "\n",
    "\r", "\x00", " onerror=", " onload=alert(1)", "<img src=", "<a href=", "<svg", "<iframe ",
    "<object ", "<embed ", "<style>", " style=", "expression(", "<math>", "<!--", "-->", "]]>",
    "<![CDATA[", '"', "'", "`", ">", "<", "=", "(", ")", "[", "]", "![", "](", "<", "{{", "}}",
    "{%", "%}", "../", "/", "\\", "%2e", "#", "*", "_", "|", "---", "- ", "1. ", "> ", "    ",
    "```", "<details open ontoggle=", "<form action=", "<base href=", "<meta http-equiv=",
]
markdown_text = st.lists(st.one_of(st.sampled_from(SNIPPETS),
                                   st.text(string.printable, max_size=8)),
                         max_size=40).map("".join)
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                    st.text(max_size=20), markdown_text, st.dates(),
                    st.datetimes(timezones=st.just(dt.UTC)))
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=6), inner, max_size=4)),
    max_leaves=12)
front_matter = st.dictionaries(st.sampled_from(KEYS), values, max_size=8)
raw_front = st.text(string.printable + "äé&*!|{}[]", max_size=120)
DANGEROUS = re.compile(r"^(javascript|vbscript|data|livescript):")


def assert_harmless(markup: str) -> None:
    """No script element, no event-handler attribute, no script URL."""
    assert "<script" not in markup.lower()
    for node in LexborHTMLParser(markup).css("*"):
        assert node.tag not in ("script", "iframe", "object", "embed", "svg", "style")
        for name, value in node.attributes.items():
            assert not name.lower().startswith("on"), markup
            if value:
                seen = re.sub(r"[\x00-\x20\x7f]+", "", html.unescape(value)).lower()
                assert not DANGEROUS.match(seen), markup


@pytest.fixture(scope="module")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One village whose berita folder each example rewrites."""
    return write_tree(tmp_path_factory.mktemp("prop") / "site",
                      {"villages/contoh.yml": VILLAGE,
                       "content/contoh/berita/.keep": "",
                       "content/contoh/media/a.txt": "lampiran\n"})


def load_one(site_dir: Path, text: str | bytes) -> None:
    """Write one page, load the site: it must return, with only our own problems."""
    page = site_dir / "content/contoh/berita/acak.md"
    page.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass"))
    site = load_site(site_dir)
    assert all(isinstance(p, Problem) and p.path for p in site.report)
    for pages in site.villages["contoh"].pages.values():
        for loaded in pages:
            assert_harmless(str(loaded.body))


@SETTINGS
@given(front=front_matter, body=markdown_text)
def test_random_front_matter_and_markdown_never_crash(site_dir: Path, front: dict,
                                                      body: str) -> None:
    text = "---\n" + yaml.safe_dump(front, allow_unicode=True) + "---\n" + body
    load_one(site_dir, text)


@SETTINGS
@given(front=raw_front, body=markdown_text)
def test_random_text_as_front_matter_never_crashes(site_dir: Path, front: str,
                                                   body: str) -> None:
    load_one(site_dir, f"---\n{front}\n---\n{body}")


@SETTINGS
@given(data=st.binary(max_size=200))
def test_random_bytes_never_crash(site_dir: Path, data: bytes) -> None:
    load_one(site_dir, b"---\ntitle: x\ndate: 2026-01-01\n---\n" + data)


@SETTINGS
@given(text=raw_front)
def test_yaml_raises_only_our_problem(text: str) -> None:
    try:
        load_yaml(text)
    except YamlProblem as problem:
        assert problem.message and problem.hint


@SETTINGS
@given(body=markdown_text)
def test_sanitised_markdown_is_harmless(body: str) -> None:
    assert_harmless(render_markdown(body))


@SETTINGS
@given(url=st.lists(st.sampled_from(["java", "script", ":", "&#x09;", "&#58;", "\t", " ",
                                     "JAVA", "vb", "data", "text/html", "&#106;", "%0a",
                                     "alert(1)", "&colon;", "\n"]),
                    min_size=1, max_size=8).map("".join))
def test_script_urls_in_links_and_images_never_survive(url: str) -> None:
    for markdown in (f"[x]({url})", f"![x]({url})", f'<a href="{url}">x</a>',
                     f'<img src="{url}">', f"[x][r]\n\n[r]: {url}", f"<{url}>"):
        assert_harmless(render_markdown(markdown))
