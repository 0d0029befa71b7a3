"""Pengumuman: expiry, the emergency banner on every page, and validation."""

from __future__ import annotations

import pytest
from types_site import FILES, check_output, page_text

BANNER = ('<p><strong>Pemberitahuan darurat:</strong> <a href="{}">'
          'Siaga Banjir Sungai Cilamaya</a></p>')


@pytest.fixture
def site_files() -> dict[str, str | bytes]:
    return dict(FILES)


def test_list_keeps_only_announcements_in_force(client) -> None:
    html = page_text(client, "/contoh/pengumuman/")
    assert "Siaga Banjir Sungai Cilamaya" in html
    assert "Kerja Bakti" in html
    assert "Vaksinasi Lama" not in html
    assert "Pengumuman Terjadwal" not in html  # dated in the future
    assert "<strong>Darurat</strong>" in html


def test_expired_page_stays_marked(client) -> None:
    html = page_text(client, "/contoh/pengumuman/vaksin-lama/")
    assert '<p class="notice"><strong>Pengumuman ini sudah tidak berlaku.</strong></p>' in html
    assert '<meta name="robots" content="noindex">' in html


def test_future_announcement_is_not_built(client) -> None:
    page_text(client, "/contoh/pengumuman/terjadwal/", status=404)


@pytest.mark.parametrize("url,link", [
    ("/contoh/", "pengumuman/banjir/"),
    ("/contoh/layanan/sktm/", "../../pengumuman/banjir/"),
    ("/contoh/layanan/domisili/cetak/", "../../../pengumuman/banjir/"),
    ("/contoh/agenda/", "../pengumuman/banjir/"),
    ("/contoh/perangkat/", "../pengumuman/banjir/"),
    ("/contoh/galeri/hut-ri/", "../../pengumuman/banjir/"),
    ("/contoh/kontak/", "../pengumuman/banjir/"),
    ("/contoh/profil/", "../pengumuman/banjir/"),
])
def test_emergency_banner_on_every_page(client, url: str, link: str) -> None:
    html = page_text(client, url)
    assert '<div class="darurat" role="alert">' in html
    assert BANNER.format(link) in html
    assert "Vaksinasi Lama" not in html  # an expired emergency shows no banner


def test_home_lists_emergency_first(client) -> None:
    html = page_text(client, "/contoh/")
    assert html.index("Siaga Banjir") < html.index("Kerja Bakti") < html.index("Panen Raya")


def test_no_banner_once_the_emergency_expired(client, site_tree) -> None:
    path = site_tree / "content/contoh/pengumuman/banjir.md"
    path.write_text(path.read_text(encoding="utf-8").replace("2026-11-30", "2026-11-24"),
                    encoding="utf-8")
    html = page_text(client, "/contoh/")
    assert 'class="darurat"' not in html
    assert "Siaga Banjir" not in html


def test_expired_announcements_leave_feed_and_sitemap(client) -> None:
    assert "vaksin-lama" not in page_text(client, "/contoh/feed.xml")
    sitemap = page_text(client, "/contoh/sitemap.xml")
    assert "vaksin-lama" not in sitemap and "terjadwal" not in sitemap
    assert "<loc>https://contoh.desa.id/pengumuman/banjir/</loc>" in sitemap


def test_berlaku_sampai_before_date(runner, site_tree) -> None:
    (site_tree / "content/contoh/pengumuman/terbalik.md").write_text(
        "---\ntitle: Terbalik\ndate: 2026-11-10\nberlaku_sampai: 2026-11-01\n---\n",
        encoding="utf-8")
    assert ("content/contoh/pengumuman/terbalik.md:4: galat: 'berlaku_sampai' (2026-11-01) "
            "sebelum 'date' (2026-11-10) (periksa kedua tanggal)") in check_output(runner)


def test_darurat_must_be_boolean(runner, site_tree) -> None:
    (site_tree / "content/contoh/pengumuman/segera.md").write_text(
        "---\ntitle: Segera\ndate: 2026-11-10\ndarurat: segera\n---\n", encoding="utf-8")
    assert ("content/contoh/pengumuman/segera.md:4: galat: 'darurat': harus true atau false, "
            "bukan 'segera' (tulis true/false atau ya/tidak)") in check_output(runner)


@pytest.mark.parametrize(("written", "shown"), [("ya", True), ("Ya", True), ("tidak", False),
                                                ("yes", True), ("false", False)])
def test_officers_may_answer_ya_or_tidak(client, site_tree, written, shown) -> None:
    (site_tree / "content/contoh/pengumuman/banjir.md").write_text(
        f"---\ntitle: Awas Banjir\ndate: 2026-11-20\ndarurat: {written}\n---\nMengungsi.\n",
        encoding="utf-8")
    html = client.get("/contoh/").get_data(as_text=True)
    assert ('class="darurat"' in html) is shown
