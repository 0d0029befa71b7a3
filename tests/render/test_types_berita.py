"""Berita: list, detail with share links, tags, archive; drafts and future posts nowhere."""

from __future__ import annotations

import pytest
from types_site import FILES, internal_links, page_text, resolve


@pytest.fixture
def site_files() -> dict[str, str | bytes]:
    return dict(FILES)


def test_list_newest_first_with_topics_and_archive(client) -> None:
    html = page_text(client, "/contoh/berita/")
    assert html.index("Panen Raya") < html.index("Posyandu Balita Bulan November")
    assert '<a href="tag/pertanian/">pertanian (2)</a>' in html
    # A topic with one post stays out of the cloud; the full index is one link away.
    assert 'kesehatan (1)' not in html
    assert '<a href="tag/">Semua topik →</a>' in html
    assert '<a href="arsip/2026/">2026 (1)</a>' in html
    assert '<a href="arsip/2025/">2025 (1)</a>' in html


def test_detail_has_date_author_cover_tags_and_neighbours(client) -> None:
    html = page_text(client, "/contoh/berita/posyandu/")
    assert ('<time datetime="2025-11-10T08:00:00+07:00">Senin, 10 November 2025</time>'
            " · oleh Bidan Desa") in html
    assert ('<img src="../../media/posyandu-1.c2153f77e1.png" '
            'srcset="../../media/posyandu-1.c2153f77e1.png 1w"') in html
    assert 'width="1" height="1" alt="" class="cover" fetchpriority="high">' in html
    assert ('Topik: <a href="../tag/">kesehatan</a> '
            '<a href="../tag/pertanian/">Pertanian</a>') in html
    assert ('<a href="../panen-raya/" rel="prev"><small>← Berita lebih baru</small> '
            'Panen Raya</a>') in html


def test_share_links_are_plain_links_to_the_canonical_url(client) -> None:
    html = page_text(client, "/contoh/berita/posyandu/")
    page = "https%3A%2F%2Fcontoh.desa.id%2Fberita%2Fposyandu%2F"
    title = "Posyandu%20Balita%20Bulan%20November"
    assert f'href="https://wa.me/?text={title}%20{page}"' in html
    assert f'href="https://www.facebook.com/sharer/sharer.php?u={page}"' in html
    assert f'href="https://x.com/intent/post?url={page}&amp;text={title}"' in html
    assert f'href="https://t.me/share/url?url={page}&amp;text={title}"' in html
    assert "<script" not in html.replace('<script type="application/ld+json">', "")  # data only


def test_tag_and_archive_pages(client) -> None:
    tag = page_text(client, "/contoh/berita/tag/pertanian/")
    assert "<h1>Berita bertopik “pertanian”</h1>" in tag
    assert "Panen Raya" in tag and "Posyandu Balita" in tag
    archive = page_text(client, "/contoh/berita/arsip/2025/")
    assert "<h1>Arsip berita 2025</h1>" in archive
    assert "Posyandu Balita" in archive and "Panen Raya" not in archive


def test_pagination(client, site_tree) -> None:
    for number in range(12):
        (site_tree / f"content/contoh/berita/kabar-{number:02d}.md").write_text(
            f"---\ntitle: Kabar {number:02d}\ndate: 2024-01-{number + 1:02d}\n---\nIsi.\n",
            encoding="utf-8")
    first = page_text(client, "/contoh/berita/")
    assert "Halaman 1 dari 2" in first
    assert '<a href="page/2/" rel="next">Lebih lama →</a>' in first
    second = page_text(client, "/contoh/berita/page/2/")
    assert '<a href="../../" rel="prev">← Lebih baru</a>' in second
    assert "Kabar 00" in second


@pytest.mark.parametrize("url", ["/contoh/", "/contoh/berita/", "/contoh/berita/tag/pertanian/",
                                 "/contoh/berita/arsip/2026/", "/contoh/feed.xml",
                                 "/contoh/sitemap.xml", "/contoh/berita/panen-raya/"])
def test_drafts_and_future_posts_appear_nowhere(client, url: str) -> None:
    html = page_text(client, url)
    for hidden in ("Berita Draf Rahasia", "draf", "Berita Masa Depan", "masa-depan"):
        assert hidden not in html


def test_a_topic_of_one_post_has_no_page_of_its_own(client) -> None:
    page_text(client, "/contoh/berita/tag/kesehatan/", status=404)
    page_text(client, "/contoh/berita/tag/pertanian/")


def test_draft_and_future_pages_are_not_built(client) -> None:
    page_text(client, "/contoh/berita/draf/", status=404)
    page_text(client, "/contoh/berita/masa-depan/", status=404)


def test_unparseable_date_is_reported(runner, site_tree) -> None:
    from types_site import check_output

    (site_tree / "content/contoh/berita/salah.md").write_text(
        "---\ntitle: Salah Tanggal\ndate: 31 Februarie 2025\n---\n", encoding="utf-8")
    assert ("content/contoh/berita/salah.md:3: galat: 'date': nama bulan 'Februarie' tidak "
            "dikenal (tulis nama bulan dalam bahasa Indonesia, misalnya 3 Maret 2025)"
            ) in check_output(runner)


@pytest.mark.parametrize("url", ["/contoh/berita/", "/contoh/berita/posyandu/",
                                 "/contoh/berita/tag/", "/contoh/berita/tag/pertanian/"])
def test_links_resolve(client, url: str) -> None:
    for href in internal_links(page_text(client, url)):
        assert client.get(resolve(url, href)).status_code == 200, href


def test_topic_and_archive_indexes(client) -> None:
    topics = client.get("/contoh/berita/tag/").get_data(as_text=True)
    assert "<h1>Topik berita</h1>" in topics
    assert '<li><a href="pertanian/">pertanian</a> (2 berita)</li>' in topics
    assert ("<h2>Topik dengan satu berita</h2>\n<ul class=\"index\"><li>kesehatan: "
            '<a href="../posyandu/">Posyandu Balita Bulan November</a></li>\n</ul>') in topics
    archive = client.get("/contoh/berita/arsip/").get_data(as_text=True)
    assert "<h1>Arsip berita</h1>" in archive
    assert 'href="2026/">2026</a>' in archive


def test_other_list_pages_link_to_the_indexes(client) -> None:
    tag = page_text(client, "/contoh/berita/tag/pertanian/")
    assert '<a href="../">Semua topik</a> · <a href="../../arsip/">Arsip per tahun</a>' in tag
    assert 'id="h-topik"' not in tag


def test_lists_show_a_thumbnail_where_a_post_has_an_image(client) -> None:
    """The berita list and the home show a small lazy picture beside a post with a cover."""
    for url, link in (("/contoh/berita/", "../media/posyandu-1."),
                      ("/contoh/", "media/posyandu-1.")):
        html = page_text(client, url)
        card = html.split('<li class="card card-thumb">')[1].split("</li>")[0]
        image = card.split("<img ")[1].split(">")[0]
        assert f'src="{link}' in image and 'class="thumb"' in image, image
        assert 'width="96" height="72"' in image and 'loading="lazy"' in image, image
        assert "Posyandu Balita Bulan November" in card
        plain = html.split("Panen Raya</a>")[0].rsplit("<li", 1)[1]
        assert "thumb" not in plain  # a post without an image gets no empty box
