"""Media are judged by their bytes: real images and documents pass, disguises do not."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
from PIL import Image

from satudesa.inputs.media import Refusal, check_media, sniff


def image_bytes(fmt: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 6), (30, 120, 60)).save(buffer, fmt)
    return buffer.getvalue()


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
POLYGLOT_HINT = "buka berkas di aplikasi aslinya lalu simpan atau ekspor ulang"


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(("name", "fmt"), [
    ("foto.jpg", "JPEG"), ("FOTO.JPEG", "JPEG"), ("peta.png", "PNG"), ("a.webp", "WEBP"),
    ("b.gif", "GIF")])
def test_real_images_pass(tmp_path: Path, name: str, fmt: str) -> None:
    assert check_media(write(tmp_path, name, image_bytes(fmt)), image=True) is None


@pytest.mark.parametrize(("name", "data"), [
    ("perdes.pdf", PDF), ("formulir.docx", docx_bytes()), ("data.csv", b"nama,umur\nA,3\n"),
    ("catatan.txt", "Catatan désa\n".encode())])
def test_real_documents_pass(tmp_path: Path, name: str, data: bytes) -> None:
    assert check_media(write(tmp_path, name, data)) is None


@pytest.mark.parametrize(("name", "data", "image", "expected"), [
    ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"/>', True,
     Refusal("berkas SVG tidak diterima karena dapat memuat skrip",
             "ekspor gambar sebagai PNG atau JPG")),
    ("foto.jpg", b"<!DOCTYPE html><script>alert(1)</script>", True,
     Refusal("isi berkas bukan JPEG seperti namanya (terdeteksi: HTML)",
             "unggah ulang berkas aslinya; jangan hanya mengganti nama berkas")),
    ("foto.png", image_bytes("JPEG"), True,
     Refusal("isi berkas bukan PNG seperti namanya (terdeteksi: JPEG)",
             "unggah ulang berkas aslinya; jangan hanya mengganti nama berkas")),
    ("gambar.jpg", b'<?xml version="1.0"?><svg onload="x"/>', True,
     Refusal("isi berkas bukan JPEG seperti namanya (terdeteksi: SVG)",
             "unggah ulang berkas aslinya; jangan hanya mengganti nama berkas")),
    ("foto.jpg", image_bytes("JPEG")[:2] + b"\xff\xfe\x00\x20<html><script>x</script>"
     + image_bytes("JPEG")[2:], True,
     Refusal("berkas memuat kode HTML atau skrip tersembunyi", POLYGLOT_HINT)),
    ("foto.jpg", image_bytes("JPEG") + b"PK\x03\x04rahasia.zip", True,
     Refusal("ada data lain tersembunyi di belakang gambar",
             "buka gambar di aplikasi pengolah foto lalu simpan ulang")),
    ("peta.png", image_bytes("PNG") + b"PK\x03\x04", True,
     Refusal("ada data lain tersembunyi di belakang gambar",
             "buka gambar di aplikasi pengolah foto lalu simpan ulang")),
    ("a.webp", image_bytes("WEBP") + b"<b>x</b>", True,
     Refusal("ada data lain tersembunyi di belakang gambar",
             "buka gambar di aplikasi pengolah foto lalu simpan ulang")),
    ("a.gif", b"GIF89a/*\x01\x00\x01\x00\x00\x00\x00;*/=alert(1)//", True,
     Refusal("berkas memuat kode HTML atau skrip tersembunyi", POLYGLOT_HINT)),
    ("perdes.pdf", PDF.replace(b"/Catalog", b"/Catalog /OpenAction << /S /JavaScript >>"),
     False, Refusal("PDF memuat JavaScript, tindakan otomatis atau lampiran",
                    "cetak ulang dokumen ke PDF (Simpan sebagai PDF) lalu unggah lagi")),
    ("perdes.pdf", b"<html><body>PDF palsu</body></html>", False,
     Refusal("isi berkas bukan PDF seperti namanya (terdeteksi: HTML)",
             "unggah ulang berkas aslinya; jangan hanya mengganti nama berkas")),
    ("catatan.txt", b"<script>alert(1)</script>", False,
     Refusal("isi berkas bukan teks seperti namanya (terdeteksi: HTML)",
             "unggah ulang berkas aslinya; jangan hanya mengganti nama berkas")),
    ("catatan.txt", b"Daftar hadir\n<iframe src=x>", False,
     Refusal("berkas memuat kode HTML atau skrip tersembunyi", POLYGLOT_HINT)),
    ("program.exe", b"MZ\x90\x00", False,
     Refusal("jenis berkas '.exe' tidak diizinkan", "gunakan JPG, PNG, WebP atau GIF untuk "
             "gambar; PDF, DOCX, XLSX atau ODT untuk dokumen")),
    ("halaman.html", b"<p>x</p>", False,
     Refusal("jenis berkas '.html' tidak diizinkan", "gunakan JPG, PNG, WebP atau GIF untuk "
             "gambar; PDF, DOCX, XLSX atau ODT untuk dokumen")),
    ("README", b"teks", False,
     Refusal("jenis berkas 'README' tidak diizinkan", "gunakan JPG, PNG, WebP atau GIF untuk "
             "gambar; PDF, DOCX, XLSX atau ODT untuk dokumen")),
    ("perdes.pdf", PDF, True,
     Refusal("jenis gambar '.pdf' tidak diizinkan", "gunakan JPG, PNG atau WebP")),
])
def test_disguised_and_dangerous_files_are_refused(tmp_path: Path, name: str, data: bytes,
                                                   image: bool, expected: Refusal) -> None:
    assert check_media(write(tmp_path, name, data), image=image) == expected


def test_oversized_files_are_refused_before_they_are_read(tmp_path: Path) -> None:
    photo = write(tmp_path, "besar.jpg", b"\xff\xd8\xff\xe0")
    with open(photo, "r+b") as handle:
        handle.truncate(12_345_678)  # sparse
    assert check_media(photo, image=True) == Refusal(
        "gambar terlalu besar (12,4 MB, batas 10,0 MB)",
        "perkecil ukuran gambar (misalnya lebar 1600 piksel) lalu simpan ulang")
    document = write(tmp_path, "besar.pdf", b"%PDF-1.4\n")
    with open(document, "r+b") as handle:
        handle.truncate(20_000_001)
    assert check_media(document) == Refusal(
        "berkas terlalu besar (20,1 MB, batas 20,0 MB)",
        "kompres berkas atau pecah menjadi beberapa bagian")


@pytest.mark.parametrize(("head", "kind"), [
    (b"\xff\xd8\xff\xdb", "jpeg"), (b"\x89PNG\r\n\x1a\n", "png"), (b"RIFF\0\0\0\0WEBPVP8 ", "webp"),
    (b"GIF87a", "gif"), (b"\0\0\0\x1cftypavif", "avif"), (b"%PDF-1.7", "pdf"),
    (b"PK\x03\x04", "zip"), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole"),
    (b"  <svg>", "svg"), (b"\xef\xbb\xbf<!DOCTYPE HTML>", "html"), (b"<Script>", "html"),
    (b"biasa", "text"), (b"\x00\x01", "unknown")])
def test_sniff_reads_signatures(head: bytes, kind: str) -> None:
    assert sniff(head) == kind


def test_decompression_bombs_and_broken_images_are_refused(tmp_path: Path) -> None:
    png = image_bytes("PNG")
    for side, message in (
            (8_000, "gambar terlalu besar (8000×8000 piksel, batas 40 megapiksel)"),
            (60_000, "gambar terlalu besar (lebih dari 40 megapiksel)")):
        # The same bytes, but the header claims side×side pixels (CRC fixed, so it parses).
        header = struct.pack(">IIBBBBB", side, side, 8, 2, 0, 0, 0)
        bomb = png[:16] + header + struct.pack(">I", zlib.crc32(b"IHDR" + header)) + png[33:]
        assert check_media(write(tmp_path, f"bom{side}.png", bomb), image=True) == Refusal(
            message, "perkecil ukuran gambar (misalnya lebar 1600 piksel) lalu simpan ulang")
    assert check_media(write(tmp_path, "rusak.png", png[:20]), image=True) == Refusal(
        "gambar rusak atau tidak lengkap",
        "buka gambar di aplikasi pengolah foto lalu simpan ulang")
