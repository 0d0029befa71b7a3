"""The leak-free cmark-gfm wrapper renders exactly what cmarkgfm renders, without growing."""

from __future__ import annotations

import cmarkgfm

from satudesa.load import cmark
from satudesa.load.markup import EXTENSIONS, OPTIONS

SAMPLES = [
    "",
    "# Judul\n\nParagraf dengan **tebal**, ~~coret~~ dan https://desa.id.\n",
    "| a | b |\n|---|---|\n| 1 | 2 |\n\n- satu\n- dua\n\n<script>x</script>\n",
    "Kutipan \"pintar\" -- dan ... elipsis\n\n    kode\n",
]


def rss_kb() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * 4


def test_output_equals_cmarkgfm() -> None:
    for text in SAMPLES:
        assert cmark.markdown_to_html(text, OPTIONS, EXTENSIONS) == \
            cmarkgfm.markdown_to_html_with_extensions(text, options=OPTIONS,
                                                      extensions=EXTENSIONS)


def test_rendering_many_pages_does_not_grow_memory() -> None:
    page = "\n\n".join(["Paragraf panjang tentang desa. " * 40] * 30)
    for _ in range(50):
        cmark.markdown_to_html(page, OPTIONS, EXTENSIONS)
    before = rss_kb()
    for _ in range(2000):  # cmarkgfm's own wrapper grows by ~200 MB here
        cmark.markdown_to_html(page, OPTIONS, EXTENSIONS)
    assert rss_kb() - before < 20_000
