"""Pasting from Word and Google Docs: clean Markdown, nothing hostile survives."""

from __future__ import annotations

from pathlib import Path

import pytest

from satudesa.editor.paste import MAX_HTML, PasteError, html_to_markdown
from satudesa.load.markup import render_markdown

DATA = Path(__file__).resolve().parents[1] / "data" / "paste"


@pytest.mark.parametrize("name", ["word", "gdocs"])
def test_fixture_becomes_expected_markdown(name: str) -> None:
    html = (DATA / f"{name}.html").read_text(encoding="utf-8")
    expected = (DATA / f"{name}.md").read_text(encoding="utf-8")
    assert html_to_markdown(html) == expected


def test_word_leaves_nothing_of_word_behind() -> None:
    markdown = html_to_markdown((DATA / "word.html").read_text(encoding="utf-8"))
    for residue in ("mso", "Mso", "o:p", "<", "&nbsp;", "\xa0", "WordDocument", "Calibri",
                    "file:", "·", "Symbol", "Normal", "StartFragment", "@list"):
        assert residue not in markdown
    assert markdown.startswith("# Musyawarah Desa Penetapan RKP Desa 2026\n\n## Hasil Musyawarah")
    assert "- Pembangunan sumur bor di Kampung Cisalak\n  - termasuk pipa dan tandon\n" in markdown
    assert "1. Penyusunan rancangan RKP oleh Tim Penyusun\n2. Penetapan" in markdown
    assert ("| Kegiatan | Anggaran |\n| --- | --- |\n"
            "| Pengerasan jalan | Rp185.000.000 |") in markdown
    assert "**Musyawarah Desa**" in markdown and "*BPD, tokoh masyarakat*" in markdown


def test_google_docs_keeps_bold_italic_not_the_wrapper() -> None:
    markdown = html_to_markdown((DATA / "gdocs.html").read_text(encoding="utf-8"))
    assert "**setiap Selasa pekan kedua**" in markdown and "*Buku KIA*" in markdown
    assert markdown.startswith("## Jadwal Posyandu Bulan Maret\n")  # not bold all over
    assert markdown.count("**") == 2
    assert "[jadwal puskesmas](https://puskesmas.example.go.id/jadwal)" in markdown
    assert "\\" not in markdown  # Docs' <br> between blocks leave no hard breaks


def test_fixtures_render_through_the_site_renderer() -> None:
    for name in ("word", "gdocs"):
        html = render_markdown(html_to_markdown((DATA / f"{name}.html").read_text("utf-8")))
        assert "<table>" in html or "<table" in html
        assert "<li>" in html and "<strong>" in html


@pytest.mark.parametrize("hostile", [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">klik</a>',
    '<a href="data:text/html,<script>alert(1)</script>">klik</a>',
    "<iframe src=https://evil.example></iframe>",
    "<svg><script>alert(1)</script></svg>",
    "<style>body{background:url(javascript:alert(1))}</style>",
    '<p style="behavior:url(x.htc)" onmouseover="alert(1)">teks</p>',
    "<object data=x.swf></object><embed src=x.swf>",
    "<math><mtext><script>alert(1)</script></mtext></math>",
    "<form action=https://evil.example><input name=x></form>",
    "<!--<script>alert(1)</script>-->",
    "<noscript><p title='</noscript><img src=x onerror=alert(1)>'></noscript>",
])
def test_hostile_html_leaves_nothing_active(hostile: str) -> None:
    markdown = html_to_markdown(f"<p>Awal</p>{hostile}<p>Akhir</p>")
    assert "Awal" in markdown and "Akhir" in markdown
    lowered = markdown.lower()
    for bad in ("<script", "javascript:", "onerror", "onmouseover", "<iframe", "<svg",
                "data:text", "<object", "<embed", "<form", "<input", "behavior"):
        assert bad not in lowered
    rendered = render_markdown(markdown).lower()
    assert "<script" not in rendered and "onerror" not in rendered


def test_word_ordered_letters_and_unmarked_items() -> None:
    html = ("<p class=MsoListParagraph style='mso-list:l2 level1 lfo3'><![if !supportLists]>"
            "<span style='mso-list:Ignore'>a)<span>&nbsp;&nbsp;</span></span><![endif]>Satu</p>"
            "<p class=MsoListParagraph style='mso-list:l2 level1 lfo3'><![if !supportLists]>"
            "<span style='mso-list:Ignore'>b)<span>&nbsp;</span></span><![endif]>Dua</p>"
            "<p class=MsoNormal>Sesudah</p>"
            "<p style='mso-list:l3 level1 lfo4'>Tanpa penanda</p>")
    assert html_to_markdown(html) == "1. Satu\n2. Dua\n\nSesudah\n\n- Tanpa penanda\n"


def test_plain_things() -> None:
    assert html_to_markdown("") == ""
    assert html_to_markdown("teks biasa saja") == "teks biasa saja\n"
    assert html_to_markdown("https://desa.id") == "https://desa.id\n"
    assert html_to_markdown("<p>a<br>b</p>") == "a\\\nb\n"
    assert html_to_markdown("<h3>Sub</h3><blockquote>kutipan</blockquote>") == (
        "### Sub\n\n> kutipan\n")
    assert html_to_markdown("<p>Tanda * dan _ tetap teks</p>") == (
        "Tanda \\* dan \\_ tetap teks\n")


def test_too_large_refused() -> None:
    with pytest.raises(PasteError, match="terlalu panjang"):
        html_to_markdown("<p>x</p>" * (MAX_HTML // 8 + 1))
