"""The documentation stands alone and keeps up with the code (#20).

Rules (README.md, "Documentation"): every Markdown link in README.md,
CHANGES.md and docs/*.md is either a path that exists inside the repository
(with its #anchor, when given) or an http(s) URL to a public site meant as a
reference; no inline path points out of the repository with '../'. The key
tables of docs/format.md list exactly the keys the code knows.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from sitefiles import REPO

from satudesa.inputs import schema as s
from satudesa.load.kinds import GENERIC, KINDS
from satudesa.load.loader import SETTINGS
from satudesa.load.registry import SCHEMA

DOCS = [REPO / "README.md", REPO / "CHANGES.md", *sorted((REPO / "docs").glob("*.md"))]
FENCE = re.compile(r"^(```|~~~).*?^\1[^\n]*$", re.M | re.S)
INDENTED = re.compile(r"(?:^(?: {4}|\t).*\n?)+", re.M)
CODE_SPAN = re.compile(r"(`+)(.+?)\1", re.S)
LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
LOCAL_HOSTS = {"localhost", "127.0.0.1", "0.0.0.0", "::1"}


def prose(text: str) -> str:
    """The text outside fenced and indented code blocks."""
    return INDENTED.sub("", FENCE.sub("", text))


def anchors(path: Path) -> set[str]:
    """GitHub-style anchors of the headings of a Markdown file."""
    found = set()
    for heading in re.findall(r"^#+\s+(.+?)\s*$", FENCE.sub("", path.read_text()), re.M):
        slug = re.sub(r"[^\w\- ]", "", heading.replace("`", "").strip().lower())
        found.add(slug.replace(" ", "-"))
    return found


def link_problems(doc: Path, root: Path = REPO) -> list[str]:
    """Every link of ``doc`` that leaves ``root``, is broken or points at a local host."""
    problems = []
    text = prose(doc.read_text(encoding="utf-8"))
    for target in LINK.findall(CODE_SPAN.sub("", text)):
        parts = urlsplit(target)
        if parts.scheme in ("http", "https"):
            if (parts.hostname or "") in LOCAL_HOSTS:
                problems.append(f"{target}: a local address is an instruction, write it as code")
            continue
        if parts.scheme or parts.netloc:
            problems.append(f"{target}: only http(s) URLs and repository paths")
            continue
        path = (doc.parent / parts.path).resolve() if parts.path else doc
        if not path.is_relative_to(root):
            problems.append(f"{target}: leaves the repository")
        elif not path.exists():
            problems.append(f"{target}: no such file")
        elif parts.fragment and path.suffix == ".md" and parts.fragment not in anchors(path):
            problems.append(f"{target}: no heading #{parts.fragment} in {path.name}")
    for span in (m.group(2) for m in CODE_SPAN.finditer(text)):
        if re.match(r"\.\./", span.strip()):
            problems.append(f"`{span}`: a path out of the repository")
    return [f"{doc.relative_to(root)}: {p}" for p in problems]


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: str(p.relative_to(REPO)))
def test_links_stay_in_the_repository_or_go_to_public_sites(doc: Path) -> None:
    assert link_problems(doc) == []


def test_the_link_check_finds_what_it_must(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs/format.md").write_text("# The site folder\n")
    doc = tmp_path / "docs/probe.md"
    doc.write_text("[a](../../shared/docs/design.md) [b](nope.md) [c](format.md#no-such)\n"
                   "[d](http://127.0.0.1:5000/) [e](https://peraturan.bpk.go.id/) "
                   "[f](format.md#the-site-folder) see `../shared/x.py`\n\n"
                   "    flask build --site ../kab-x\n")
    found = link_problems(doc, tmp_path)
    assert [p.split(": ", 2)[1] for p in found] == [
        "../../shared/docs/design.md", "nope.md", "format.md#no-such", "http://127.0.0.1:5000/",
        "`../shared/x.py`"]


def _table_keys(section: str) -> set[str]:
    """The backticked keys in the first column of the tables under a heading of format.md."""
    text = (REPO / "docs/format.md").read_text(encoding="utf-8")
    start = text.index(section)
    end = text.find("\n#", start + len(section))
    body = text[start:end if end > 0 else None]
    return set(re.findall(r"^\| `([^`]+)` \|", body, re.M))


def _nested(schema: s.Schema) -> set[str]:
    keys = set()
    for field in schema.values():
        if isinstance(field.convert, s.Nested):
            keys |= set(field.convert.schema)
    return keys


def test_format_lists_the_keys_the_code_knows() -> None:
    assert _table_keys("### `site.yml`") == set(SETTINGS)
    assert _table_keys("### `villages/<slug>.yml`") == set(SCHEMA)
    text = (REPO / "docs/format.md").read_text(encoding="utf-8")
    for key in _nested(SCHEMA):  # named in the row of their mapping
        assert f"`{key}`" in text, key
    content = (REPO / "docs/format.md").read_text(encoding="utf-8").split(
        "### `content/<slug>/`")[1].split("### Publication rules")[0]
    generic = content.split("Kinds (one folder each)")[0]
    assert set(re.findall(r"^\| `([^`]+)` \|", generic, re.M)) == set(GENERIC)
    for name, kind in KINDS.items():
        row = next(line for line in content.splitlines() if line.startswith(f"| `{name}/` |"))
        cell = re.sub(r"\([^)]*\)", "", row.split("|")[3])  # values are in parentheses
        own = set(re.findall(r"`([a-z_]+)`", cell))
        assert own == set(kind.schema) | ({"date"} if kind.date_required else set()), name
        required = set(re.findall(r"\*\*`([a-z_]+)`\*\*", row))
        assert required == {k for k, f in kind.schema.items() if f.required} | (
            {"date"} if kind.date_required else set()), name
