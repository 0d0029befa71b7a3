"""Media verdicts kept in the derived-output cache: a new process decodes nothing it checked."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from satudesa import derived
from satudesa.images import variants as images
from satudesa.inputs import media


@pytest.fixture
def cache(tmp_path: Path) -> Iterator[Path]:
    derived.use(tmp_path)
    media.forget()
    images.forget()
    yield tmp_path / derived.FOLDER / "media"
    derived.use(None)
    media.forget()
    images.forget()


def jpeg(path: Path, size: tuple[int, int] = (64, 48)) -> Path:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, "JPEG")
    path.write_bytes(buffer.getvalue())
    return path


def new_process(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Forget this process's memory of files and count the content checks from now on."""
    media.forget()
    images.forget()
    calls: list[str] = []
    real = media._check_content

    def counted(kind, data, *args, **kwargs):
        calls.append(kind)
        return real(kind, data, *args, **kwargs)

    monkeypatch.setattr(media, "_check_content", counted)
    return calls


def test_an_accepted_image_is_not_checked_again_and_its_size_is_known(
        cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    photo = jpeg(tmp_path / "foto.jpg", (64, 48))
    assert media.check_media(photo, image=True) is None
    assert len(list(cache.iterdir())) == 1
    calls = new_process(monkeypatch)
    assert media.check_media(photo, image=True) is None
    assert calls == []
    info = images.probe(photo)  # recorded by the cache hit, as a fresh read would
    assert info is not None and (info.width, info.height) == (64, 48)


def test_the_same_bytes_under_another_name_share_the_verdict(
        cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    media.check_media(jpeg(tmp_path / "a.jpg"), image=True)
    calls = new_process(monkeypatch)
    copy = tmp_path / "b.jpg"
    copy.write_bytes((tmp_path / "a.jpg").read_bytes())
    assert media.check_media(copy, image=True) is None
    assert calls == []


def test_a_refusal_is_kept_with_its_message(
        cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    polyglot = tmp_path / "foto.jpg"
    polyglot.write_bytes(jpeg(tmp_path / "x.jpg").read_bytes() + b"<script>alert(1)</script>")
    first = media.check_media(polyglot, image=True)
    assert first is not None
    calls = new_process(monkeypatch)
    assert media.check_media(polyglot, image=True) == first
    assert calls == []


def test_changed_bytes_are_checked_again(
        cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    photo = jpeg(tmp_path / "foto.jpg")
    assert media.check_media(photo, image=True) is None
    calls = new_process(monkeypatch)
    photo.write_bytes(photo.read_bytes()[:200])  # truncated: broken now
    assert media.check_media(photo, image=True) is not None
    assert calls == ["jpeg"]


def test_a_damaged_entry_is_checked_again(
        cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    photo = jpeg(tmp_path / "foto.jpg")
    media.check_media(photo, image=True)
    for entry in cache.iterdir():
        entry.write_bytes(b"sdc1" + b"\0" * 16 + b"ditolak\0palsu")
    calls = new_process(monkeypatch)
    assert media.check_media(photo, image=True) is None
    assert calls == ["jpeg"]


def test_a_stored_acceptance_cannot_publish_bytes_pillow_cannot_open(
        cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    photo = jpeg(tmp_path / "foto.jpg")
    media.check_media(photo, image=True)
    for entry in cache.iterdir():  # an acceptance without the image's facts: opened again
        derived.put("media", entry.name, b"")
    calls = new_process(monkeypatch)
    monkeypatch.setattr(media, "_reopen", lambda data, opened: False)
    assert media.check_media(photo, image=True) is None  # decided by the full check again
    assert calls == ["jpeg"]


def rotated_jpeg(path: Path) -> Path:
    """A 64x48 JPEG whose EXIF says it is turned a quarter (shown 48x64)."""
    exif = Image.Exif()
    exif[0x0112] = 6
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (10, 200, 30)).save(buffer, "JPEG", exif=exif.tobytes())
    path.write_bytes(buffer.getvalue())
    return path


def transparent_png(path: Path) -> Path:
    buffer = io.BytesIO()
    Image.new("RGBA", (30, 20), (0, 0, 0, 0)).save(buffer, "PNG")
    path.write_bytes(buffer.getvalue())
    return path


@pytest.mark.parametrize("make", [jpeg, rotated_jpeg, transparent_png])
def test_a_hit_opens_no_image_and_knows_what_a_fresh_read_finds(
        cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, make) -> None:
    """The facts kept with the verdict equal what images.probe reads from the file itself."""
    photo = make(tmp_path / f"foto.{'png' if make is transparent_png else 'jpg'}")
    assert media.check_media(photo, image=True) is None
    calls = new_process(monkeypatch)
    opened: list[object] = []
    real_open = Image.open
    monkeypatch.setattr(Image, "open", lambda *a, **k: opened.append(a) or real_open(*a, **k))
    assert media.check_media(photo, image=True) is None
    assert calls == [] and opened == []  # no content check, not even the header read
    monkeypatch.setattr(Image, "open", real_open)
    from_hit = images.probe(photo)
    images.forget()
    assert from_hit is not None and from_hit == images.probe(photo)  # a fresh read


def test_an_entry_of_other_facts_is_a_miss(
        cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    photo = jpeg(tmp_path / "foto.jpg")
    media.check_media(photo, image=True)
    for entry in cache.iterdir():
        derived.put("media", entry.name, b'\x01["abc", "wide", 3, "jpg", "jpeg"]')
    calls = new_process(monkeypatch)
    assert media.check_media(photo, image=True) is None
    assert calls == ["jpeg"]
    info = images.probe(photo)
    assert info is not None and (info.width, info.height) == (64, 48)
