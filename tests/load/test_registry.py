"""Loading ``villages/<slug>.yml``: every problem named with its file, line and what to do."""

from __future__ import annotations

from pathlib import Path

import pytest
from sitefiles import VILLAGE, write_tree

from satudesa.errors import Report
from satudesa.inputs.themes import BUILTIN_THEMES
from satudesa.load.registry import load_registry, read_village


def load(tmp_path: Path, files: dict[str, str | bytes]) -> tuple[dict, list[str]]:
    """Load a registry of ``files``; the villages and every formatted problem."""
    site = write_tree(tmp_path / "site", files)
    report = Report()
    villages = load_registry(site, report)
    return villages, [p.format() for p in report]


def test_valid_entry_is_loaded_with_its_code_normalised(tmp_path: Path) -> None:
    villages, problems = load(tmp_path, {
        "villages/contoh.yml": VILLAGE.replace("32.14.05.2001", "3214051001")})
    assert problems == []
    village = villages["contoh"]
    assert village.kode_wilayah == "32.14.05.1001"
    assert village.jenis == "kelurahan"
    assert village.kontak == {"alamat": "Jl. Raya Contoh No. 1", "whatsapp": "6281234567890"}


@pytest.mark.parametrize(("name", "text", "expected"), [
    ("Desa_Baru.yml", VILLAGE,
     "villages/Desa_Baru.yml: galat: nama berkas 'Desa_Baru' bukan slug yang sah (gunakan "
     "huruf kecil a-z, angka dan tanda '-', contoh: suka-maju.yml)"),
    ("kode.yml", VILLAGE.replace("32.14.05.2001", "32.14.05.5001"),
     "villages/kode.yml:2: galat: 'kode_wilayah': 4 angka terakhir '5001' harus diawali 1 "
     "(kelurahan), 2 (desa) atau 3 (desa adat) (periksa kode di Kepmendagri)"),
    ("nol.yml", VILLAGE.replace("32.14.05.2001", "32.00.05.2001"),
     "villages/nol.yml:2: galat: 'kode_wilayah': kode '32.00.05.2001' memuat bagian 00 "
     "(periksa kode di Kepmendagri)"),
    ("huruf.yml", VILLAGE.replace("32.14.05.2001", "32.14.O5.2001"),
     "villages/huruf.yml:2: galat: 'kode_wilayah': harus 10 angka (PP.KK.CC.DDDD), diterima "
     "'32.14.O5.2001' (9 angka) (salin kode dari Kepmendagri 300.2.2-2138/2025, contoh "
     "32.14.05.2007)"),
    ("tema.yml", VILLAGE + "theme: ../../rahasia\n",
     "villages/tema.yml:9: galat: 'theme': nama '../../rahasia' tidak sah (gunakan huruf "
     "kecil a-z, angka dan tanda '-', contoh: default)"),
    ("domain.yml", VILLAGE + "domain: https://contoh.desa.id/\n",
     "villages/domain.yml:9: galat: 'domain': nama domain tidak valid: "
     "'https://contoh.desa.id/' (tulis domainnya saja, tanpa https:// dan garis miring, "
     "contoh: sukamaju.desa.id)"),
    ("telepon.yml", VILLAGE + "  telepon: javascript:alert(1)\n",
     "villages/telepon.yml:9: galat: 'kontak': nomor telepon tidak valid: "
     "'javascript:alert(1)' (tulis angka saja, misalnya (0264) 123456)"),
    ("sosial.yml", VILLAGE + "sosial:\n  facebook: javascript:alert(1)\n",
     "villages/sosial.yml:10: galat: 'sosial': alamat web harus diawali https://, bukan "
     "'javascript:alert(1)' (salin alamat lengkapnya dari peramban)"),
    ("warna.yml", VILLAGE.replace('"#1d5e3a"', "hijau"),
     "villages/warna.yml:5: galat: 'color': warna harus berbentuk #rrggbb, bukan 'hijau' "
     "(contoh: #1d5e3a)"),
    ("daftar.yml", "- name: Desa\n",
     "villages/daftar.yml:1: galat: isi berkas harus berupa pasangan kunci: nilai (tulis "
     "setiap isian sebagai 'kunci: nilai')"),
    ("kosong.yml", "",
     "villages/kosong.yml:1: galat: isi berkas harus berupa pasangan kunci: nilai (tulis "
     "setiap isian sebagai 'kunci: nilai')"),
    ("tab.yml", VILLAGE.replace("  alamat", "\talamat"),
     "villages/tab.yml:7:1: galat: karakter ini tidak boleh mengawali nilai (misalnya tab, "
     "'@' atau '`') (ganti tab dengan spasi; beri tanda kutip pada nilai yang diawali '@' "
     "atau '`')"),
    ("ganda.yml", VILLAGE + 'name: "Desa Lagi"\n',
     "villages/ganda.yml:9:1: galat: kunci 'name' ditulis dua kali (pertama di baris 1) "
     "(hapus salah satu atau gabungkan isinya)"),
    ("tag.yml", VILLAGE.replace('"Desa Contoh"', "!!python/name:os.system"),
     "villages/tag.yml:1:7: galat: tag YAML tidak diizinkan: '!!python/name:os.system' "
     "(hapus tag yang diawali '!'; tulis nilainya sebagai teks biasa)"),
    ("biner.yml", VILLAGE.replace('"Desa Contoh"', "!!binary aGFsbw=="),
     "villages/biner.yml:1:7: galat: tag YAML tidak diizinkan: '!!binary' (hapus tag yang "
     "diawali '!'; tulis nilainya sebagai teks biasa)"),
    ("diri.yml", "name: &a [*a]\n",
     "villages/diri.yml:1: galat: alias YAML merujuk ke dirinya sendiri (tulis nilainya "
     "langsung, tanpa '&' dan '*')"),
])
def test_broken_entry_is_refused_with_a_message(tmp_path: Path, name: str, text: str,
                                                expected: str) -> None:
    villages, problems = load(tmp_path, {f"villages/{name}": text})
    assert villages == {}
    assert problems[0] == expected


def test_missing_and_misspelt_keys(tmp_path: Path) -> None:
    text = VILLAGE.replace('kabupaten: "Kabupaten Purwakarta"\n', "kabupatn: Purwakarta\n")
    villages, problems = load(tmp_path, {"villages/contoh.yml": text})
    assert villages == {}
    assert problems == [
        "villages/contoh.yml:1: galat: kunci wajib 'kabupaten' tidak ada (tambahkan baris "
        "'kabupaten: ...')",
        "villages/contoh.yml:4: peringatan: kunci tidak dikenal 'kabupatn' (maksud Anda "
        "'kabupaten'?)",
    ]


def test_misspelt_key_inside_kontak_is_a_warning_at_its_own_line(tmp_path: Path) -> None:
    """As at the top level: the village is still built, without the unknown key."""
    text = VILLAGE + "  telpon: (0264) 123456\n" + "ppid:\n  nama: Rina\n  surel: x@y.id\n"
    villages, problems = load(tmp_path, {"villages/contoh.yml": text})
    assert problems == [
        "villages/contoh.yml:9: peringatan: 'kontak': kunci tidak dikenal 'telpon' (maksud "
        "Anda 'telepon'?)",
        "villages/contoh.yml:12: peringatan: 'ppid': kunci tidak dikenal 'surel' (hapus "
        "kunci ini atau periksa ejaannya)",
    ]
    assert villages["contoh"].kontak == {"alamat": "Jl. Raya Contoh No. 1",
                                         "whatsapp": "6281234567890"}
    assert villages["contoh"].ppid == {"nama": "Rina"}


def test_unknown_theme_names_the_available_ones(tmp_path: Path) -> None:
    villages, problems = load(tmp_path, {"villages/contoh.yml": VILLAGE + "theme: ungu\n"})
    available = ", ".join(sorted(p.name for p in BUILTIN_THEMES.iterdir() if p.is_dir()))
    assert villages == {}
    assert problems == [f"villages/contoh.yml:9: galat: 'theme': tema 'ungu' tidak ditemukan "
                        f"(tema yang tersedia: {available})"]


def test_duplicate_code_is_an_error_on_the_later_file(tmp_path: Path) -> None:
    villages, problems = load(tmp_path, {
        "villages/a.yml": VILLAGE, "villages/b.yml": VILLAGE.replace("Contoh", "Kembar")})
    assert list(villages) == ["a"]
    assert problems == ["villages/b.yml: galat: kode_wilayah 32.14.05.2001 sudah dipakai oleh "
                        "villages/a.yml (setiap desa harus memiliki kodenya sendiri)"]


def test_windows_1252_entry_is_read_with_a_warning(tmp_path: Path) -> None:
    text = VILLAGE.replace("Desa Contoh", "Desa Caf\xe9").encode("cp1252")
    villages, problems = load(tmp_path, {"villages/kafe.yml": text})
    assert villages["kafe"].name == "Desa Café"
    assert problems == [
        "villages/kafe.yml:1: peringatan: berkas bukan UTF-8; dibaca sebagai Windows-1252 "
        "(simpan ulang berkas sebagai UTF-8 (Notepad: Simpan Sebagai > Pengodean UTF-8))"]


def test_oversized_entry_is_refused(tmp_path: Path) -> None:
    villages, problems = load(tmp_path, {
        "villages/besar.yml": VILLAGE + "# " + "x" * 210_000 + "\n"})
    assert villages == {}
    assert problems == ["villages/besar.yml: galat: berkas terlalu besar (211 KB, batas 200 KB) "
                        "(pecah menjadi beberapa halaman atau pindahkan lampiran ke media/)"]


def test_entry_symlinked_from_outside_is_refused(tmp_path: Path) -> None:
    outside = write_tree(tmp_path / "luar", {"desa.yml": VILLAGE})
    site = write_tree(tmp_path / "site", {"villages/.keep": ""})
    (site / "villages/luar.yml").symlink_to(outside / "desa.yml")
    report = Report()
    assert load_registry(site, report) == {}
    assert [p.format() for p in report] == [
        "villages/luar.yml: galat: tautan simbolik menunjuk ke luar folder desa (ganti dengan "
        "berkas asli di dalam folder desa)"]


def test_read_village_never_raises_on_garbage(tmp_path: Path) -> None:
    for index, body in enumerate([b"\x00\x01\x02", b"\xff\xfe\x00", b"{{{{", b"- - - -",
                                  b"name: 1e9999999", b"? - a\n: b"]):
        path = tmp_path / f"v{index}.yml"
        path.write_bytes(body)
        report = Report()
        assert read_village(path, tmp_path, report) is None
        assert report.errors


def test_a_settled_registry_file_is_read_once_per_process(tmp_path, monkeypatch) -> None:
    from satudesa.inputs import sources
    from satudesa.load import registry

    monkeypatch.setattr(sources, "SETTLED_NS", 0)
    monkeypatch.setattr(registry, "_READ", {})
    path = tmp_path / "villages" / "contoh.yml"
    path.parent.mkdir()
    path.write_text(VILLAGE + "warna: biru\n")
    reads = []
    real = registry.read_yaml
    monkeypatch.setattr(registry, "read_yaml", lambda *a, **k: reads.append(1) or real(*a, **k))
    first, second = Report(), Report()
    village = registry.read_village(path, tmp_path, first)
    assert registry.read_village(path, tmp_path, second) == village and len(reads) == 1
    assert [p.format() for p in second.problems] == [p.format() for p in first.problems]
    assert any("warna" in p.message for p in second.problems)  # replayed, not lost
    path.write_text(VILLAGE.replace("Desa Contoh", "Desa Baru"))
    assert registry.read_village(path, tmp_path, Report()).name == "Desa Baru"
    assert len(reads) == 2
