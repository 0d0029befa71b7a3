"""Responsive images: variants, width/height, lazy loading, EXIF stripped, cached by hash."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image
from selectolax.lexbor import LexborHTMLParser as HTMLParser
from sitefiles import BASIC_FILES

from satudesa.images import variants as images


def phone_photo(width: int = 1600, height: int = 1200, orientation: int = 6) -> bytes:
    """A JPEG like an officer's phone photo: camera make, GPS position, rotated a quarter."""
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[0x0112] = orientation
    gps = exif.get_ifd(0x8825)
    gps[1] = "S"
    gps[2] = (6.0, 41.0, 28.0)
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 100, 50)).save(out, "JPEG", exif=exif)
    return out.getvalue()


@pytest.fixture
def site_files() -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = dict(BASIC_FILES)
    files["content/contoh/media/panen.jpg"] = phone_photo()
    files["content/contoh/media/kecil.jpg"] = phone_photo(300, 200, orientation=1)
    files["content/contoh/berita/panen-raya.md"] = """\
        ---
        title: Panen Raya
        date: 2026-03-03
        image: ../media/panen.jpg
        ---
        Warga memanen padi bersama.

        ![Padi menguning di sawah](../media/panen.jpg)

        ![Gambar kecil](../media/kecil.jpg)
        """
    return files


@pytest.fixture
def built(runner, site_tree: Path) -> Path:
    result = runner.invoke(args=["build"])
    assert result.exit_code == 0, result.output
    return site_tree / "build" / "contoh"


def _exif_free(data: bytes) -> bool:
    image = Image.open(io.BytesIO(data))
    return not image.getexif() and b"PhoneMaker" not in data and b"GPS" not in data


def test_body_image_becomes_lazy_picture_with_size(built: Path) -> None:
    tree = HTMLParser((built / "berita/panen-raya/index.html").read_text())
    body_img = tree.css_first('main p img[alt="Padi menguning di sawah"]')
    assert body_img is not None
    attrs = body_img.attributes
    # The photo is 1600×1200 rotated a quarter turn: upright it is 1200×1600.
    assert (attrs["width"], attrs["height"]) == ("1200", "1600")
    assert attrs["loading"] == "lazy"
    assert attrs["src"] == "../../media/panen-640.{}.jpg".format(
        images.probe(built.parent.parent / "content/contoh/media/panen.jpg").digest)
    source = body_img.parent.css_first("source")
    assert source.attributes["type"] == "image/webp"
    assert [c.split()[1] for c in source.attributes["srcset"].split(", ")] == [
        "320w", "640w", "960w", "1200w"]


def test_cover_image_is_eager_and_every_img_has_dimensions(built: Path) -> None:
    tree = HTMLParser((built / "berita/panen-raya/index.html").read_text())
    cover = tree.css_first("img.cover")
    assert cover is not None and "loading" not in cover.attributes
    assert cover.attributes["fetchpriority"] == "high"
    for img in tree.css("img"):
        assert img.attributes.get("width") and img.attributes.get("height"), img.html


def test_small_image_keeps_its_own_width(built: Path) -> None:
    tree = HTMLParser((built / "berita/panen-raya/index.html").read_text())
    small = tree.css_first('img[alt="Gambar kecil"]')
    assert (small.attributes["width"], small.attributes["height"]) == ("300", "200")
    assert small.attributes["srcset"].endswith(" 300w")


def test_every_published_image_is_stripped_of_exif(built: Path) -> None:
    published = [p for p in (built / "media").iterdir()
                 if p.suffix in (".jpg", ".webp")]
    assert len(published) == 2 + 2 * 4 + 2  # two originals, 4 and 1 widths each as WebP and JPEG
    for path in published:
        assert _exif_free(path.read_bytes()), path.name
    with Image.open(built / "media/panen.jpg") as original:
        assert original.size == (1200, 1600)  # turned upright, since the tag is gone


def test_variants_are_made_once_and_cached_by_hash(runner, site_tree: Path,
                                                   built: Path) -> None:
    cache = site_tree / ".cache/images"
    made = {p.name: p.stat().st_mtime_ns for p in cache.iterdir()}
    assert len(made) == 2 + 2 * 4 + 2
    result = runner.invoke(args=["build", "--out", str(site_tree / "other")])
    assert result.exit_code == 0, result.output
    # A fresh output folder, yet no cache file was written again: nothing re-encoded.
    assert {p.name: p.stat().st_mtime_ns for p in cache.iterdir()} == made
    assert (site_tree / "other/contoh/media/panen.jpg").read_bytes() == \
        (built / "media/panen.jpg").read_bytes()


def test_one_decode_makes_every_variant(tmp_path: Path) -> None:
    path = tmp_path / "foto.jpg"
    path.write_bytes(phone_photo())
    info = images.probe(path)
    assert info is not None
    made = images.make_variants(info)
    assert sorted(made, key=str) == sorted(
        [(None, "jpg"), *((w, e) for w in (320, 640, 960, 1200) for e in ("webp", "jpg"))],
        key=str)
    with Image.open(io.BytesIO(made[(640, "webp")])) as variant:
        assert variant.size == (640, 853)


def test_preview_serves_the_same_variant_bytes(client, built: Path) -> None:
    name = next(p.name for p in (built / "media").iterdir() if p.name.endswith(".webp"))
    response = client.get(f"/contoh/media/{name}")
    assert response.status_code == 200
    assert response.mimetype == "image/webp"
    assert response.data == (built / "media" / name).read_bytes()


def test_unreadable_image_is_left_to_the_plain_copy(tmp_path: Path) -> None:
    fake = tmp_path / "bukan.jpg"
    fake.write_bytes(b"<html>not a photo</html>")
    assert images.probe(fake) is None


def test_transparent_png_falls_back_to_png(tmp_path: Path) -> None:
    path = tmp_path / "logo.png"
    Image.new("RGBA", (500, 400), (0, 0, 0, 0)).save(path)
    info = images.probe(path)
    assert info is not None and info.fallback == "png"
    assert info.widths == (320, 500)
    data = images.make_variant(info, 320, "png")
    with Image.open(io.BytesIO(data)) as variant:
        assert variant.size == (320, 256)
