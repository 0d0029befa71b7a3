"""Responsive images: variants, width/height, lazy loading, EXIF stripped, cached by hash."""

from __future__ import annotations

import io
import math
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageOps, ImageStat
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
    assert (attrs["width"], attrs["height"]) == ("960", "1280")
    assert attrs["loading"] == "lazy"
    # One fallback, the widest variant.
    src = "../../media/panen-960.{}.jpg".format(
        images.probe(built.parent.parent / "content/contoh/media/panen.jpg").digest)
    assert attrs["src"] == src
    assert attrs["srcset"] == f"{src} 960w"
    source = body_img.parent.css_first("source")
    assert source.attributes["type"] == "image/webp"
    assert source.attributes["sizes"] == attrs["sizes"]
    # An image this small is resized to the targets (a photo is divided: see below).
    assert [c.split()[1] for c in source.attributes["srcset"].split(", ")] == [
        "320w", "640w", "960w"]


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
    # two originals; 3 and 1 widths as WebP; one JPEG each at its widest
    assert len(published) == 2 + 3 + 1 + 2
    for path in published:
        assert _exif_free(path.read_bytes()), path.name
    with Image.open(built / "media/panen.jpg") as original:
        assert original.size == (1200, 1600)  # turned upright, since the tag is gone


def test_variants_are_made_once_and_cached_by_hash(runner, site_tree: Path,
                                                   built: Path) -> None:
    cache = site_tree / ".cache/images"
    made = {p.name: p.stat().st_mtime_ns for p in cache.iterdir()}
    assert len(made) == 2 + 3 + 1 + 2
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
        [(None, "jpg"), *((w, "webp") for w in (320, 640, 960)), (960, "jpg")], key=str)
    assert set(made) == {(None, "jpg"), *images.published(info)}
    with Image.open(io.BytesIO(made[(640, "webp")])) as variant:
        assert variant.size == (640, 853) == (640, info.height_at(640))


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
    assert images.published(info) == ((320, "webp"), (500, "webp"), (500, "png"))
    with Image.open(io.BytesIO(images.make_variant(info, 500, "png"))) as variant:
        assert variant.size == (500, 400) and variant.mode == "RGBA"
    with Image.open(io.BytesIO(images.make_variant(info, 320, "webp"))) as variant:
        assert variant.size == (320, 256) and variant.mode == "RGBA"
        assert variant.getpixel((10, 10))[3] == 0  # still transparent


def _pattern(size: tuple[int, int]) -> Image.Image:
    """An image whose halves, corners and gradients differ, so a turned, shifted or
    mis-scaled variant differs from the reference."""
    width, height = size
    image = Image.linear_gradient("L").resize(size).convert("RGB")
    red = Image.radial_gradient("L").resize(size)
    image = Image.merge("RGB", (red, image.getchannel(1), image.getchannel(2).transpose(
        Image.Transpose.FLIP_LEFT_RIGHT)))
    image.paste((250, 20, 20), (0, 0, width // 4, height // 5))  # a red top-left corner
    return image


def _psnr(a: Image.Image, b: Image.Image) -> float:
    diff = ImageStat.Stat(ImageChops.difference(a, b))
    mse = sum(diff.sum2) / (3 * a.width * a.height)
    return 10 * math.log10(255 * 255 / mse) if mse else 99.0


def test_phone_photo_variants_are_whole_reductions_close_to_lanczos(tmp_path: Path) -> None:
    """A 12-megapixel photo: decoded at half size, WebP widths, one JPEG, the original
    at 2000 px; each variant upright and within a few dB of a Lanczos resize of the
    full decode (the reference a slower pipeline would give)."""
    path = tmp_path / "foto.jpg"
    exif = Image.Exif()
    exif[0x0112] = 6  # stored 4000x3000 as the sensor saw it; upright it is 3000x4000
    _pattern((3000, 4000)).transpose(Image.Transpose.ROTATE_90).save(
        path, "JPEG", quality=95, exif=exif.tobytes())
    info = images.probe(path)
    assert info is not None and (info.width, info.height) == (3000, 4000)
    assert info.reduction == 2 and info.by_division
    assert info.widths == (300, 750)  # 1500 / 5 and / 2: 1500 / 640 rounds to 2 as well
    made = images.make_variants(info)
    assert set(made) == {(None, "jpg"), (300, "webp"), (750, "webp"), (750, "jpg")}
    with Image.open(path) as full:
        upright = ImageOps.exif_transpose(full).convert("RGB")
    assert upright.size == (3000, 4000)
    for width, ext in images.published(info):
        with Image.open(io.BytesIO(made[(width, ext)])) as variant:
            assert variant.size == (width, info.height_at(width))
            reference = upright.resize(variant.size, Image.Resampling.LANCZOS)
            assert _psnr(variant.convert("RGB"), reference) > 35, (width, ext)
            assert not variant.getexif()
    with Image.open(io.BytesIO(made[(None, "jpg")])) as original:
        assert original.size == (1500, 2000) and not original.getexif()
        assert _psnr(original.convert("RGB"),
                     upright.resize((1500, 2000), Image.Resampling.LANCZOS)) > 35


def test_a_turned_photo_is_not_published_sideways(tmp_path: Path) -> None:
    """The check above would pass a variant turned the wrong way only if it scored
    poorly: show the metric tells the two apart."""
    upright = _pattern((300, 400))
    assert _psnr(upright, upright.transpose(Image.Transpose.ROTATE_180)) < 20


def test_only_published_variants_are_served(client, built: Path) -> None:
    digest = images.probe(built.parent.parent / "content/contoh/media/panen.jpg").digest
    assert client.get(f"/contoh/media/panen-320.{digest}.webp").status_code == 200
    assert client.get(f"/contoh/media/panen-960.{digest}.jpg").status_code == 200
    assert not (built / f"media/panen-320.{digest}.jpg").exists()
    assert client.get(f"/contoh/media/panen-320.{digest}.jpg").status_code == 404
    assert client.get(f"/contoh/media/panen-300.{digest}.webp").status_code == 404


@pytest.mark.parametrize(("size", "widths", "heights"), [
    # phone photos: decoded at half size, then divided by whole numbers
    ((4000, 3000), (334, 667, 1000), (250, 500, 750)),
    ((4032, 3024), (336, 672, 1008), (252, 504, 756)),
    ((8160, 6120), (340, 680, 1020), (255, 510, 765)),  # 50 MP: decoded at a quarter
    ((3000, 2000), (334, 600, 1000), (223, 400, 667)),  # not reduced, still divided
    # images already made small: resized to the targets, their own width kept
    ((1200, 600), (320, 640, 960), (160, 320, 480)),
    ((1500, 1000), (320, 640, 960), (213, 427, 640)),
    ((800, 533), (320, 640, 800), (213, 426, 533)),
    ((650, 400), (320, 650), (197, 400)),
    ((300, 400), (300,), (400,)),
])
def test_variant_widths_follow_the_targets(size: tuple[int, int], widths: tuple[int, ...],
                                           heights: tuple[int, ...]) -> None:
    info = images.ImageInfo(Path("x.jpg"), "0" * 10, *size, "jpg", "jpeg")
    assert info.widths == widths
    assert tuple(info.height_at(w) for w in widths) == heights
    assert images.published(info)[-1] == (widths[-1], "jpg")  # one fallback, the widest
