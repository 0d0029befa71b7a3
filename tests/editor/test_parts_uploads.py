"""Uploads: real photos (with GPS and orientation), a real HEIC, hostile files, safe storing."""

from __future__ import annotations

import io
import os
import struct
import threading
import zipfile
import zlib
from pathlib import Path

import pillow_heif
import pytest
from PIL import ExifTags, Image
from PIL.PngImagePlugin import PngInfo

from satudesa.editor.uploads import MAX_SIDE, Upload, UploadError, process_upload, store
from satudesa.inputs import media

GPS = {ExifTags.GPS.GPSLatitudeRef: "S", ExifTags.GPS.GPSLatitude: (2.0, 46.0, 36.5),
       ExifTags.GPS.GPSLongitudeRef: "E", ExifTags.GPS.GPSLongitude: (114.0, 14.0, 35.2)}
XMP = (b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/'
       b'22-rdf-syntax-ns#"><rdf:Description exif:GPSLatitude="2,46.6S" xmlns:exif="http://'
       b'ns.adobe.com/exif/1.0/"/></rdf:RDF></x:xmpmeta>')


def exif_with_gps(orientation: int) -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.Make] = "Ponsel Murah"
    exif.get_ifd(ExifTags.IFD.GPSInfo).update(GPS)
    return exif


def two_halves(width: int, height: int) -> Image.Image:
    """Red on the left, blue on the right: where they end up shows the rotation."""
    image = Image.new("RGB", (width, height), (220, 20, 20))
    image.paste((20, 20, 220), (width // 2, 0, width, height))
    return image


def phone_jpeg(width: int = 3000, height: int = 2000, orientation: int = 6) -> bytes:
    out = io.BytesIO()
    two_halves(width, height).save(out, "JPEG", quality=90,
                                   exif=exif_with_gps(orientation).tobytes(), xmp=XMP)
    return out.getvalue()


def assert_no_metadata(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    assert not image.getexif()
    assert not image.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    assert "exif" not in image.info and "xmp" not in image.info
    assert b"Exif\x00\x00" not in data and b"GPS" not in data and b"xmpmeta" not in data
    assert b"Ponsel Murah" not in data
    return image


def test_input_really_carries_gps_and_orientation() -> None:
    image = Image.open(io.BytesIO(phone_jpeg()))
    assert image.getexif()[ExifTags.Base.Orientation] == 6
    assert image.getexif().get_ifd(ExifTags.IFD.GPSInfo)[ExifTags.GPS.GPSLatitudeRef] == "S"
    assert "xmp" in image.info


def test_jpeg_photo_upright_shrunk_and_stripped() -> None:
    upload = process_upload(phone_jpeg(), "Panen Raya 2025 (1).JPG", "image")
    assert upload.name == "panen-raya-2025-1.jpg" and upload.kind == "image"
    image = assert_no_metadata(upload.data)
    assert image.format == "JPEG"
    assert image.size == (1067, 1600)  # 3000x2000 turned a quarter clockwise, long side 1600
    red, blue = image.getpixel((533, 100)), image.getpixel((533, 1500))
    assert red[0] > 150 and red[2] < 100  # the left (red) half is now on top
    assert blue[2] > 150 and blue[0] < 100
    assert media.check_bytes("jpeg", upload.data) is None


def test_photos_from_many_threads() -> None:
    data = phone_jpeg(1800, 1200)
    results: list[Upload] = []
    lock = threading.Lock()

    def one(number: int) -> None:
        upload = process_upload(data, f"foto {number}.jpg", "image")
        with lock:
            results.append(upload)

    threads = [threading.Thread(target=one, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(u.name for u in results) == [f"foto-{n}.jpg" for n in range(6)]
    assert len({u.data for u in results}) == 1  # the same photo gives the same bytes


def test_small_photo_not_enlarged() -> None:
    upload = process_upload(phone_jpeg(400, 300, orientation=1), "kecil.jpg", "image")
    image = assert_no_metadata(upload.data)
    assert image.size == (400, 300)


def test_heic_from_phone_becomes_upright_jpeg() -> None:
    heif = pillow_heif.from_pillow(two_halves(2400, 1200))
    out = io.BytesIO()
    heif.save(out, quality=70, exif=exif_with_gps(6).tobytes())
    data = out.getvalue()
    assert data[4:12] == b"ftypheic"
    check = pillow_heif.open_heif(data)
    assert b"GPS" in check.info["exif"] or b"\x88\x25" in check.info["exif"]
    upload = process_upload(data, "IMG_0042.HEIC", "image")
    assert upload.name == "img-0042.jpg"
    image = assert_no_metadata(upload.data)
    assert image.format == "JPEG" and image.size == (800, 1600)
    top = image.getpixel((400, 100))
    assert top[0] > 150 and top[2] < 100


def test_png_stays_png_without_text_or_exif() -> None:
    image = Image.new("RGBA", (2000, 1000), (0, 128, 0, 128))
    info = PngInfo()
    info.add_text("Comment", "GPS di rumah Pak Kades")
    out = io.BytesIO()
    image.save(out, "PNG", pnginfo=info, exif=exif_with_gps(1).tobytes())
    assert b"GPS di rumah" in out.getvalue() and b"eXIf" in out.getvalue()
    upload = process_upload(out.getvalue(), "peta.png", "image")
    assert upload.name == "peta.png"
    result = assert_no_metadata(upload.data)
    assert result.format == "PNG" and result.size == (1600, 800) and result.mode == "RGBA"
    assert b"GPS di rumah" not in upload.data and b"eXIf" not in upload.data


def test_huge_opaque_png_photo_stored_as_jpeg() -> None:
    noise = Image.frombytes("RGB", (1400, 1000), os.urandom(1400 * 1000 * 3))
    out = io.BytesIO()
    noise.save(out, "PNG")
    assert len(out.getvalue()) > 3_000_000
    upload = process_upload(out.getvalue(), "scan.png", "image")
    assert upload.name == "scan.jpg" and upload.data[:3] == b"\xff\xd8\xff"


def test_webp_stays_webp_and_gif_becomes_png() -> None:
    out = io.BytesIO()
    two_halves(1800, 900).save(out, "WEBP", exif=exif_with_gps(1).tobytes())
    upload = process_upload(out.getvalue(), "a.webp", "media")
    assert upload.name == "a.webp" and assert_no_metadata(upload.data).size == (1600, 800)
    out = io.BytesIO()
    Image.new("P", (50, 40), 3).save(out, "GIF", transparency=3)
    upload = process_upload(out.getvalue(), "anim.gif", "image")
    assert upload.name == "anim.png" and Image.open(io.BytesIO(upload.data)).format == "PNG"


def test_type_read_from_bytes_not_name() -> None:
    out = io.BytesIO()
    Image.new("RGB", (10, 10)).save(out, "PNG")
    assert process_upload(out.getvalue(), "foto.jpg", "image").name == "foto.png"
    with pytest.raises(UploadError, match="bukan foto"):
        process_upload(b"%PDF-1.4\n%%EOF\n", "foto.jpg", "image")


def minimal_pdf(extra: bytes = b"") -> bytes:
    return (b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R " + extra + b">> endobj\n"
            b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n"
            b"%%EOF\n")


def test_pdf_for_documents() -> None:
    upload = process_upload(minimal_pdf(), "Perdes No. 3 Tahun 2025.pdf", "document")
    assert upload == Upload("perdes-no-3-tahun-2025.pdf", minimal_pdf(), "document")
    assert process_upload(minimal_pdf(), "x.pdf", "media").kind == "document"
    with pytest.raises(UploadError, match="JavaScript"):
        process_upload(minimal_pdf(b"/OpenAction << /S /JavaScript /JS (app.alert(1)) >>"),
                       "x.pdf", "document")
    with pytest.raises(UploadError, match="bukan foto"):
        process_upload(minimal_pdf(), "x.pdf", "image")
    with pytest.raises(UploadError, match="dokumen ini tidak diterima"):
        process_upload(phone_jpeg(100, 100), "x.jpg", "document")


def office(names: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in names.items():
            archive.writestr(name, data)
    return out.getvalue()


def test_office_documents() -> None:
    docx = office({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
    assert process_upload(docx, "Formulir SKTM.docx", "document").name == "formulir-sktm.docx"
    odt = office({"mimetype": b"application/vnd.oasis.opendocument.text",
                  "content.xml": b"<office:document-content/>"})
    assert process_upload(odt, "a.odt", "document").name == "a.odt"
    macro = office({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<x/>",
                    "word/vbaProject.bin": b"\x00"})
    for data, name in ((macro, "a.docx"), (docx, "a.zip"), (docx, "a.xlsx"),
                       (office({"x.txt": b"x"}), "a.docx"), (b"PK\x03\x04broken", "a.docx")):
        with pytest.raises(UploadError, match="DOCX"):
            process_upload(data, name, "document")


@pytest.mark.parametrize(("data", "message"), [
    (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "SVG"),
    (b'<?xml version="1.0"?>\n<svg onload="alert(1)"/>', "SVG"),
    (b"<!DOCTYPE html><html><script>alert(1)</script>", "HTML"),
    (b"<script>alert(1)</script>", "HTML"),
    (b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 100, "tidak dikenal"),
    (b"hanya teks biasa", "teks"),
    (b"", "teks"),
])
def test_other_types_refused(data: bytes, message: str) -> None:
    for accept in ("image", "document", "media"):
        with pytest.raises(UploadError, match=message) as caught:
            process_upload(data, "foto.jpg", accept)  # type: ignore[arg-type]
        assert caught.value.hint and "(" in str(caught.value)


@pytest.mark.parametrize("tail", [
    b"<script>alert(1)</script>", b"<html><body onload=x>", b"PK\x03\x04<?php system($_GET[0]);",
    b"\x00" * 10 + b"<svg onload=alert(1)>", b"<iframe src=//evil>",
])
def test_polyglots_refused(tail: bytes) -> None:
    with pytest.raises(UploadError, match="HTML atau skrip"):
        process_upload(phone_jpeg(200, 100) + tail, "foto.jpg", "image")
    out = io.BytesIO()
    Image.new("RGB", (30, 20)).save(out, "PNG")
    with pytest.raises(UploadError, match="HTML atau skrip"):
        process_upload(out.getvalue() + tail, "foto.png", "image")


def test_motion_photo_trailer_dropped_not_refused() -> None:
    # Samsung's motion photos append an MP4 after the JPEG; a JAR/ZIP tail is inert too
    # once the pixels are encoded again: nothing after the image survives.
    for tail in (b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x11" * 500,
                 b"PK\x03\x04" + b"\x00" * 40):
        data = phone_jpeg(400, 300) + tail
        assert media.check_bytes("jpeg", data) == media.TRAILING  # the site would refuse it
        upload = process_upload(data, "20250303_101010.jpg", "image")
        assert b"ftypmp42" not in upload.data and b"PK\x03\x04" not in upload.data
        assert media.check_bytes("jpeg", upload.data) is None
        assert_no_metadata(upload.data)


def test_markup_inside_jpeg_comment_refused() -> None:
    out = io.BytesIO()
    Image.new("RGB", (20, 20)).save(out, "JPEG", comment=b"<script>alert(1)</script>")
    with pytest.raises(UploadError, match="HTML atau skrip"):
        process_upload(out.getvalue(), "foto.jpg", "image")


def test_oversized_refused() -> None:
    big = b"\xff\xd8\xff\xe0" + b"\x00" * (media.MAX_IMAGE_BYTES + 1)
    with pytest.raises(UploadError, match="terlalu besar"):
        process_upload(big, "foto.jpg", "image")
    with pytest.raises(UploadError, match="terlalu besar"):
        process_upload(b"%PDF-1.4\n" + b" " * media.MAX_DOCUMENT_BYTES, "a.pdf", "document")


def png_header_only(width: int, height: int) -> bytes:
    def chunk(name: bytes, body: bytes) -> bytes:
        return (struct.pack(">I", len(body)) + name + body
                + struct.pack(">I", zlib.crc32(name + body)))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 64)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def test_decompression_bomb_and_broken_images_refused() -> None:
    with pytest.raises(UploadError, match="terlalu besar"):
        process_upload(png_header_only(30_000, 30_000), "bom.png", "image")
    with pytest.raises(UploadError, match="rusak"):
        process_upload(png_header_only(100, 100), "rusak.png", "image")
    with pytest.raises(UploadError, match="rusak"):
        process_upload(phone_jpeg(300, 200)[:400], "potong.jpg", "image")
    with pytest.raises(UploadError):
        process_upload(b"\x00\x00\x00\x18ftypheic" + b"\x00" * 100, "x.heic", "image")


@pytest.mark.parametrize(("filename", "expected"), [
    ("../../etc/passwd.jpg", "passwd.jpg"),
    ("..\\..\\windows\\foto.jpeg", "foto.jpg"),
    ("C:\\Users\\Kades\\Pictures\\Rapat Musdes.jpg", "rapat-musdes.jpg"),
    ("Foto Bu Kades é ñ.jpg", "foto-bu-kades-e-n.jpg"),
    ("日本語.jpg", "berkas.jpg"),
    ("", "berkas.jpg"),
    (".htaccess", "htaccess.jpg"),
    ("a" * 300 + ".jpg", "a" * 80 + ".jpg"),
    ("halaman depan.jpg", "halaman-depan.jpg"),
    ("foto.php.jpg", "foto-php.jpg"),
])
def test_names_slugged(filename: str, expected: str) -> None:
    assert process_upload(phone_jpeg(50, 50, 1), filename, "image").name == expected


# -- store --------------------------------------------------------------------------------

@pytest.fixture
def village(tmp_path: Path) -> Path:
    folder = tmp_path / "content" / "desa-a"
    folder.mkdir(parents=True)
    return folder


def test_store_unique_names(village: Path) -> None:
    upload = Upload("panen-raya.jpg", b"\xff\xd8\xffsatu", "image")
    assert store(village, upload) == "media/panen-raya.jpg"
    assert store(village, upload) == "media/panen-raya-2.jpg"
    assert store(village, Upload("panen-raya.jpg", b"tiga", "image")) == "media/panen-raya-3.jpg"
    assert (village / "media/panen-raya-3.jpg").read_bytes() == b"tiga"
    assert (village / "media/panen-raya.jpg").read_bytes() == b"\xff\xd8\xffsatu"
    assert store(village, upload, folder="berita") == "media/berita/panen-raya.jpg"
    assert sorted(p.name for p in (village / "media").iterdir()) == [
        "berita", "panen-raya-2.jpg", "panen-raya-3.jpg", "panen-raya.jpg"]  # no temp files
    assert oct((village / "media/panen-raya.jpg").stat().st_mode & 0o777) == "0o644"


def test_store_concurrent_never_overwrites(village: Path) -> None:
    names: list[str] = []
    lock = threading.Lock()

    def one(number: int) -> None:
        path = store(village, Upload("foto.jpg", str(number).encode(), "image"))
        with lock:
            names.append(path)

    threads = [threading.Thread(target=one, args=(n,)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(names)) == 20
    assert sorted(int((village / name).read_bytes()) for name in names) == list(range(20))


@pytest.mark.parametrize("name", ["../x.jpg", "x/../../y.jpg", ".hidden.jpg", "x.jpg/", "X.JPG",
                                  "a b.jpg", "noext", "/etc/passwd", "x.jpg\x00.png"])
def test_store_refuses_unslugged_names(village: Path, name: str) -> None:
    with pytest.raises(UploadError):
        store(village, Upload(name, b"x", "image"))
    assert not (village / "media").exists() or not any((village / "media").iterdir())


@pytest.mark.parametrize("folder", ["..", "../x", "a/b", "/tmp", "A"])
def test_store_refuses_bad_folders(village: Path, folder: str) -> None:
    with pytest.raises(UploadError):
        store(village, Upload("x.jpg", b"x", "image"), folder=folder)


def test_store_never_follows_symlinks_out(village: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (village / "media").symlink_to(outside)
    with pytest.raises(UploadError, match="luar folder desa"):
        store(village, Upload("x.jpg", b"x", "image"))
    assert list(outside.iterdir()) == []
    (village / "media").unlink()
    (village / "media").mkdir()
    (village / "media" / "berita").symlink_to(outside)
    with pytest.raises(UploadError, match="luar folder desa"):
        store(village, Upload("x.jpg", b"x", "image"), folder="berita")
    # a dangling link with the wanted name is skipped, never written through
    (village / "media" / "foto.jpg").symlink_to(outside / "dibuat.jpg")
    assert store(village, Upload("foto.jpg", b"x", "image")) == "media/foto-2.jpg"
    assert list(outside.iterdir()) == []
    assert (village / "media" / "foto.jpg").is_symlink()


def test_store_refuses_media_file(village: Path) -> None:
    (village / "media").write_text("bukan folder")
    with pytest.raises(UploadError):
        store(village, Upload("x.jpg", b"x", "image"))


def test_process_then_store(village: Path) -> None:
    upload = process_upload(phone_jpeg(), "Panen.jpg", "image")
    path = store(village, upload)
    assert path == "media/panen.jpg"
    assert_no_metadata((village / path).read_bytes())
    with Image.open(village / path) as image:
        assert max(image.size) == MAX_SIDE
