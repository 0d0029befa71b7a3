"""Issue 14, items 4, 6 and 13: images are bounded, stripped, and whole, or refused.

The corpus ``tests/data/hostile/robust/gambar/`` (made by tests/hostile_images.py):
a JPEG of 150 progressive scans (165,000 took 420 s to decode), a real AVIF
with GPS EXIF and one whose header claims 8000x8000 (both were published
untouched), a GIF with a comment, and a PNG whose data is garbage behind a
valid header (it was published as a broken picture).
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from hostile_images import GPS, SECRET, avif_with_gps, progressive_jpeg
from PIL import Image
from robust_site import flask, mk
from sitefiles import REPO

from satudesa.inputs import media

CORPUS = REPO / "tests/data/hostile/robust/gambar"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    site = mk(tmp_path_factory.mktemp("images"))
    shutil.copytree(CORPUS, site / "content/x", dirs_exist_ok=True)
    done = flask(site, "build", timeout=120)
    assert done.returncode == 1, done.stderr  # the page referring to refused files fails
    return site, done.stderr


def _refusal(name: str) -> str:
    return f"galat: berkas '../media/{name}' ditolak: "


def test_a_jpeg_with_too_many_scans_is_refused(built: tuple[Path, str]) -> None:
    _site, stderr = built
    assert (_refusal("progresif.jpg") + "JPEG ini terdiri dari 150 lapisan progresif (batas "
            f"{media.MAX_JPEG_SCANS})") in stderr


@pytest.mark.parametrize(("scans", "refused"), [(media.MAX_JPEG_SCANS, False),
                                                (media.MAX_JPEG_SCANS + 1, True)])
def test_the_scan_limit_is_counted_before_decoding(tmp_path: Path, scans: int,
                                                   refused: bool) -> None:
    path = tmp_path / "foto.jpg"
    path.write_bytes(progressive_jpeg(scans))
    verdict = media.check_media(path, image=True)
    assert (verdict is not None) == refused, verdict


def test_an_avif_is_published_without_its_gps(built: tuple[Path, str]) -> None:
    site, _ = built
    out = site / "build/x/media"
    original = (out / "gps.avif").read_bytes()
    assert original != (CORPUS / "media/gps.avif").read_bytes()
    image = Image.open(io.BytesIO(original))
    assert image.format == "AVIF" and image.size == (96, 64)
    assert not image.getexif() and b"Exif" not in original
    assert SECRET.encode() not in original
    assert list(out.glob("gps-96.*.webp")) and list(out.glob("gps-96.*.jpg"))


def test_the_source_avif_really_carries_gps() -> None:
    image = Image.open(io.BytesIO(avif_with_gps()))
    assert image.getexif().get_ifd(0x8825) == GPS


def test_an_avif_beyond_the_pixel_limit_is_refused(built: tuple[Path, str]) -> None:
    site, stderr = built
    assert _refusal("besar.avif") + "gambar terlalu besar (8000×8000 piksel" in stderr
    assert not (site / "build/x/media/besar.avif").exists()


def test_a_gif_loses_its_comment(built: tuple[Path, str]) -> None:
    site, _ = built
    source = (CORPUS / "media/komentar.gif").read_bytes()
    assert SECRET.encode() in source
    published = (site / "build/x/media/komentar.gif").read_bytes()
    assert published.startswith(b"GIF8") and SECRET.encode() not in published
    assert "comment" not in Image.open(io.BytesIO(published)).info


def test_corrupt_data_behind_a_valid_header_is_refused(built: tuple[Path, str]) -> None:
    site, stderr = built
    assert _refusal("rusak.png") + "gambar rusak: datanya tidak dapat dibaca sampai habis" \
        in stderr
    assert not (site / "build/x/media/rusak.png").exists()
    assert not (site / "build/x/berita/foto").exists()  # a refused image costs its page
    check = flask(site, "check", timeout=60)
    assert _refusal("rusak.png") + "gambar rusak" in check.stderr


def test_a_truncated_jpeg_is_refused(tmp_path: Path) -> None:
    out = io.BytesIO()
    Image.new("RGB", (200, 100), (1, 2, 3)).save(out, "JPEG")
    data = out.getvalue()
    path = tmp_path / "potong.jpg"
    path.write_bytes(data[: len(data) // 2] + b"\xff\xd9")
    verdict = media.check_media(path, image=True)
    assert verdict is not None and "rusak" in verdict.message


def test_an_image_decoded_before_is_not_decoded_again(tmp_path: Path, monkeypatch) -> None:
    from satudesa.images import variants

    path = tmp_path / "foto.jpg"
    Image.new("RGB", (300, 200), (9, 99, 199)).save(path, "JPEG")
    cache = tmp_path / "cache"
    decoded = []
    real = media._decodes
    monkeypatch.setattr(media, "_decodes", lambda data: decoded.append(1) or real(data))
    assert media.check_media(path, image=True, cache=cache) is None
    assert decoded == [1]
    variants.cached_variant(cache, variants.probe(path), None, "jpg")  # what a build does
    media.forget()
    assert media.check_media(path, image=True, cache=cache) is None
    assert decoded == [1]  # known by its digest: the cached original proves it decodes
    broken = tmp_path / "rusak.png"
    broken.write_bytes((CORPUS / "media/rusak.png").read_bytes())
    assert media.check_media(broken, image=True, cache=cache) is not None
