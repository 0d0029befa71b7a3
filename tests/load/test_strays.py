"""Files saved where the loader never looks are named, with what to do, never dropped silently."""

from __future__ import annotations

from pathlib import Path

import pytest

POST = "---\ntitle: {title}\ndate: 2026-03-05\n---\nIsi.\n"


@pytest.fixture
def site_files(site_files):
    site_files.update({
        "content/contoh/berita/huruf-besar.MD": POST.format(title="Huruf Besar"),
        "content/contoh/berita/panjang.markdown": POST.format(title="Akhiran Panjang"),
        "content/contoh/berita/2025/lama.md": POST.format(title="Di Subfolder"),
        "content/contoh/beritaa/salah-eja.md": POST.format(title="Folder Salah Eja"),
        "content/contoh/tersesat.md": POST.format(title="Di Folder Desa"),
        "content/contoh/media/catatan.md": "catatan pribadi\n",
        "content/contoh/media/foto.jpeg": b"",  # other files in media/ are not pages
        "content/contoh/perangkat.yaml": "perangkat: []\n",
        "villages/baru.yaml": "name: Desa Baru\n",
        "villages/.cadangan.yaml": "tersembunyi\n",
        "content/contoh_lama/berita/arsip.md": POST.format(title="Folder Tanpa Registri"),
    })
    return site_files


IGNORED = "peringatan: berkas ini diabaikan"
EVERY_FOLDER = ("halaman/, layanan/, berita/, pengumuman/, agenda/, potensi/, dokumen/ "
                "atau galeri/")
EXPECTED = [
    f"content/contoh/berita/2025/lama.md: {IGNORED}: letaknya di subfolder 'berita/2025/' "
    "(pindahkan berkas langsung ke folder berita/)",
    f"content/contoh/berita/huruf-besar.MD: {IGNORED}: akhiran nama berkas harus '.md' "
    "(ganti nama menjadi 'huruf-besar.md')",
    f"content/contoh/berita/panjang.markdown: {IGNORED}: akhiran nama berkas harus '.md' "
    "(ganti nama menjadi 'panjang.md')",
    f"content/contoh/beritaa/salah-eja.md: {IGNORED}: folder 'beritaa/' tidak dikenal "
    "(pindahkan ke folder berita/)",
    f"content/contoh/media/catatan.md: {IGNORED}: folder 'media/' bukan tempat halaman "
    f"(pindahkan ke folder {EVERY_FOLDER})",
    f"content/contoh/perangkat.yaml: {IGNORED}: akhiran nama berkas data harus '.yml' "
    "(ganti nama menjadi 'perangkat.yml')",
    f"content/contoh/tersesat.md: {IGNORED}: letaknya langsung di folder desa "
    f"(pindahkan ke folder {EVERY_FOLDER})",
    "content/contoh_lama: peringatan: folder ini diabaikan: tidak ada berkas registri "
    "villages/contoh_lama.yml (samakan nama folder dengan nama berkas registri desanya, atau "
    "minta Diskominfo mendaftarkan desa ini)",
    f"villages/baru.yaml: {IGNORED}: akhiran nama berkas registri harus '.yml' "
    "(ganti nama menjadi 'baru.yml')",
]


def test_check_names_every_ignored_file(runner) -> None:
    result = runner.invoke(args=["check"])
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        *EXPECTED, "Selesai: 0 galat, 9 peringatan di 9 berkas."]
    strict = runner.invoke(args=["check", "--strict"])
    assert strict.exit_code == 1


def test_build_warns_once_and_the_advice_publishes_the_page(runner, site_tree: Path) -> None:
    out = site_tree / "build"
    result = runner.invoke(args=["build"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert [line for line in lines if ": peringatan: " in line] == EXPECTED
    # The summary names the content ones again, under the pages left out of the build.
    summary = lines[next(i for i, line in enumerate(lines) if line.startswith("Dibangun ")):]
    assert summary[0] == "Dibangun 1 desa, gagal 0; 7 halaman tidak diterbitkan:"
    assert summary[1:10] == [
        *(f"  {line.split(': peringatan: ')[0]} ({line.split(': peringatan: ')[1].split(' (')[0]})"
          for line in EXPECTED[:7]),
        "1 folder diabaikan:",
        "  content/contoh_lama (folder ini diabaikan: tidak ada berkas registri "
        "villages/contoh_lama.yml)"]
    assert not (out / "contoh/berita/huruf-besar").exists()
    berita = site_tree / "content/contoh/berita"
    (berita / "huruf-besar.MD").rename(berita / "huruf-besar.md")
    result = runner.invoke(args=["build"])
    assert "huruf-besar" not in result.output
    assert "<h1>Huruf Besar</h1>" in (out / "contoh/berita/huruf-besar/index.html").read_text()
