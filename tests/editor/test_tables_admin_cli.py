"""Table forms, galeri, the admin's switches, and ``flask editor`` account commands."""

from __future__ import annotations

import io
import re
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient
from PIL import Image

from satudesa.editor import create_app
from satudesa.editor.history import History
from satudesa.inputs.yamlsafe import load_yaml

from .conftest import PASSWORD, csrf_of, login

PERANGKAT = """\
# Perangkat desa (komentar petugas)
perangkat:
  - {nama: "Budi", jabatan: "Kepala Desa", mulai_menjabat: 2023-06-12}
  - {nama: "Sari", jabatan: "Sekretaris Desa"}
bpd:
  - {nama: "Umar", jabatan: "Ketua BPD"}
"""


def fields_of(html: str) -> dict[str, str]:
    """Every named input of the page's first post form."""
    return {name: value for name, value in re.findall(
        r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', html)}


def test_perangkat_unchanged_is_byte_identical_and_a_change_keeps_the_rest(
        site: Path, client: FlaskClient) -> None:
    path = site / "content/contoh/perangkat.yml"
    path.write_text(PERANGKAT)
    login(client, "kepala")
    page = client.get("/contoh/perangkat/ubah")
    assert page.status_code == 200
    form = fields_of(page.get_data(as_text=True))
    assert form["perangkat-0-nama"] == "Budi" and form["bpd-0-nama"] == "Umar"
    assert client.post("/contoh/perangkat/ubah", data=form).status_code == 302
    assert path.read_text() == PERANGKAT
    form = fields_of(client.get("/contoh/perangkat/ubah").get_data(as_text=True))
    form["perangkat-2-nama"] = "Joko"
    form["perangkat-2-jabatan"] = "Kasi Pelayanan"
    assert client.post("/contoh/perangkat/ubah", data=form).status_code == 302
    text = path.read_text()
    assert text.startswith("# Perangkat desa (komentar petugas)\n")
    assert text.endswith('bpd:\n  - {nama: "Umar", jabatan: "Ketua BPD"}\n')
    data, _ = load_yaml(text)
    assert [p["nama"] for p in data["perangkat"]] == ["Budi", "Sari", "Joko"]
    assert History(site).log(path)[0].author.startswith("kepala")


def test_perangkat_error_is_not_saved(site: Path, client: FlaskClient) -> None:
    path = site / "content/contoh/perangkat.yml"
    path.write_text(PERANGKAT)
    login(client, "kepala")
    form = fields_of(client.get("/contoh/perangkat/ubah").get_data(as_text=True))
    form["perangkat-0-mulai_menjabat"] = "31 Februari 2023"
    response = client.post("/contoh/perangkat/ubah", data=form)
    assert response.status_code == 422
    assert "tidak ada di kalender" in response.get_data(as_text=True)
    assert path.read_text() == PERANGKAT


def test_operator_cannot_save_tables_where_approval_is_required(
        site: Path, client: FlaskClient) -> None:
    login(client, "op")
    page = client.get("/contoh/perangkat/ubah")
    assert page.status_code == 200 and "Hanya kepala desa" in page.get_data(as_text=True)
    form = fields_of(page.get_data(as_text=True))
    form["perangkat-0-nama"] = "Orang Lain"
    assert client.post("/contoh/perangkat/ubah", data=form).status_code == 403


def test_kontak_edits_only_the_registry_kontak(site: Path, client: FlaskClient) -> None:
    path = site / "villages/contoh.yml"
    before = path.read_text()
    login(client, "kepala")
    form = fields_of(client.get("/contoh/kontak/ubah").get_data(as_text=True))
    assert form["alamat"] == "Jl. Raya Contoh No. 1"
    form["email"] = "desa@contoh.desa.id"
    assert client.post("/contoh/kontak/ubah", data=form).status_code == 302
    data, _ = load_yaml(path.read_text())
    assert data["kontak"]["email"] == "desa@contoh.desa.id"
    assert data["kontak"]["whatsapp"] == "081234567890"
    assert path.read_text().split("kontak:")[0] == before.split("kontak:")[0]
    form = fields_of(client.get("/contoh/kontak/ubah").get_data(as_text=True))
    form["email"] = "bukan surel"
    assert client.post("/contoh/kontak/ubah", data=form).status_code == 422


def test_apbdes_and_statistik_forms(site: Path, client: FlaskClient) -> None:
    login(client, "kepala")
    page = client.get("/contoh/apbdes/2026/ubah")
    assert page.status_code == 200
    form = fields_of(page.get_data(as_text=True))
    form.update({"tahun": "2026", "status": "ditetapkan", "pendapatan-0-kode": "4.2.1",
                 "pendapatan-0-uraian": "Dana Desa", "pendapatan-0-anggaran": "900000000",
                 "belanja-0-kode": "1.1.01", "belanja-0-uraian": "Penghasilan tetap",
                 "belanja-0-anggaran": "72000000"})
    response = client.post("/contoh/apbdes/2026/ubah", data=form)
    assert response.status_code == 302, response.get_data(as_text=True)[-3000:]
    data, _ = load_yaml((site / "content/contoh/apbdes/2026.yml").read_text())
    assert data["pendapatan"][0]["anggaran"] == 900000000
    assert client.get("/contoh/apbdes/../ubah").status_code == 404
    assert client.get("/contoh/apbdes/abcd/ubah").status_code == 404
    page = client.get("/contoh/statistik/ubah")
    form = fields_of(page.get_data(as_text=True))
    form.update({"sumber": "Data desa", "per_tanggal": "2026-06-30",
                 "jenis_kelamin-0-label": "Laki-laki", "jenis_kelamin-0-jumlah": "10",
                 "jenis_kelamin-1-label": "Perempuan", "jenis_kelamin-1-jumlah": "12"})
    assert client.post("/contoh/statistik/ubah", data=form).status_code == 302
    data, _ = load_yaml((site / "content/contoh/statistik.yml").read_text())
    assert data["jenis_kelamin"] == {"Laki-laki": 10, "Perempuan": 12}


def _jpeg(color: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), color).save(buffer, "JPEG")
    return buffer.getvalue()


def test_galeri_album_with_several_photos(site: Path, client: FlaskClient) -> None:
    login(client, "kepala")
    page = client.get("/contoh/galeri/baru").get_data(as_text=True)
    response = client.post("/contoh/galeri/baru", data={
        "csrf_token": csrf_of(page), "title": "Lomba Agustusan", "date": "2026-08-17",
        "foto": "", "body": "Album lomba.", "action": "terbitkan",
        "foto_unggah": [(io.BytesIO(_jpeg("red")), "satu.jpg"),
                        (io.BytesIO(_jpeg("blue")), "dua.jpg")]},
        content_type="multipart/form-data")
    assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
    album = site / "content/contoh/galeri/lomba-agustusan.md"
    data, _ = load_yaml(album.read_text().split("---")[1])
    files = [item["file"] if isinstance(item, dict) else item for item in data["foto"]]
    assert len(files) == 2 and all(f.startswith("media/") for f in files)
    assert all((site / "content/contoh" / f).is_file() for f in files)


def test_admin_turns_a_village_on_and_sets_approval(site: Path, app: Flask) -> None:
    path = site / "villages/lain.yml"
    path.write_text(path.read_text() + "published: false  # belum siap\n")
    client = app.test_client()
    login(client, "admin")
    page = client.get("/admin/").get_data(as_text=True)
    token = csrf_of(page)
    assert client.post("/admin/desa/lain", data={"csrf_token": token,
                                                 "action": "aktifkan"}).status_code == 302
    assert "published: true  # belum siap\n" in path.read_text()
    assert client.post("/admin/desa/contoh", data={
        "csrf_token": token, "action": "tanpa-persetujuan"}).status_code == 302
    assert not app.extensions["satudesa.editor"].store.requires_approval("contoh")
    audit = client.get("/admin/audit").get_data(as_text=True)
    assert "aktifkan" in audit and "tanpa-persetujuan" in audit
    # the operator of 'contoh' may now publish
    op = app.test_client()
    login(op, "op")
    assert 'value="terbitkan"' in op.get("/contoh/berita/baru").get_data(as_text=True)


def test_cli_add_disable_reset(site: Path) -> None:
    app = create_app({"TESTING": True, "SATUDESA_SITE": str(site), "EDITOR_PUBLISH": False,
                      "SECRET_KEY": "k"})
    from satudesa import create_app as create_main_app

    # `flask editor` lives on the main app (`flask --app app editor ...`)
    runner = create_main_app({"TESTING": True, "SATUDESA_SITE": str(site)}).test_cli_runner()
    result = runner.invoke(args=["editor", "add-user", "baru", "--role", "operator",
                                 "--village", "contoh", "--site", str(site)],
                           input="kata-sandi-baru-99\n")
    assert result.exit_code == 0, result.output
    assert "dibuat" in result.output
    client = app.test_client()
    assert login(client, "baru", "kata-sandi-baru-99").status_code == 302
    result = runner.invoke(args=["editor", "add-user", "baru", "--role", "operator",
                                 "--village", "contoh", "--site", str(site)],
                           input="kata-sandi-baru-99\n")
    assert result.exit_code == 1 and "sudah dipakai" in result.output
    result = runner.invoke(args=["editor", "add-user", "x2", "--role", "kepala",
                                 "--village", "tidak-ada", "--site", str(site)], input="a" * 12)
    assert result.exit_code == 1 and "tidak terdaftar" in result.output
    result = runner.invoke(args=["editor", "add-user", "x3", "--role", "kepala",
                                 "--village", "contoh", "--site", str(site)], input="pendek\n")
    assert result.exit_code == 1 and "minimal 10" in result.output
    result = runner.invoke(args=["editor", "reset-password", "baru", "--site", str(site)],
                           input="kata-sandi-lain-77\n")
    assert result.exit_code == 0
    assert client.get("/contoh/").status_code == 302  # the old session ended
    assert login(client, "baru", "kata-sandi-lain-77").status_code == 302
    result = runner.invoke(args=["editor", "disable-user", "baru", "--site", str(site)])
    assert result.exit_code == 0
    assert client.get("/contoh/").status_code == 302
    assert login(client, "baru", "kata-sandi-lain-77").status_code == 200
    assert PASSWORD not in result.output


def test_demo_tables_and_documents_round_trip_unchanged(tmp_path: Path) -> None:
    """Every table form and document form of a demo village, saved as opened: no byte moves."""
    import shutil

    from satudesa.editor.store import Store

    repo = Path(__file__).resolve().parents[2]
    site = tmp_path / "site"
    (site / "content").mkdir(parents=True)
    shutil.copytree(repo / "villages", site / "villages")
    shutil.copytree(repo / "content/bakau-jaya", site / "content/bakau-jaya")
    shutil.copy(repo / "site.yml", site / "site.yml")
    Store(site / ".editor/editor.db").add_user("kades", PASSWORD, "kepala", "bakau-jaya")
    app = create_app({"TESTING": True, "SATUDESA_SITE": str(site), "EDITOR_PUBLISH": False,
                      "SECRET_KEY": "k"})
    client = app.test_client()
    login(client, "kades")
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file() and ".editor" not in
              p.parts and ".git" not in p.parts}
    for url in ("/bakau-jaya/perangkat/ubah", "/bakau-jaya/kontak/ubah",
                "/bakau-jaya/statistik/ubah", "/bakau-jaya/apbdes/2025/ubah",
                "/bakau-jaya/apbdes/2026/ubah"):
        form = fields_of(client.get(url).get_data(as_text=True))
        response = client.post(url, data=form)
        assert response.status_code == 302, (url, response.get_data(as_text=True)[-1500:])
    from .conftest import form_of

    for kind in ("berita", "layanan", "galeri", "dokumen", "agenda"):
        for path in sorted((site / "content/bakau-jaya" / kind).glob("*.md"))[:1]:
            url = f"/bakau-jaya/{kind}/{path.stem}/ubah"
            values, _ = form_of(client, url)
            response = client.post(url, data={**values, "action": "terbitkan"})
            assert response.status_code == 302, (url, response.get_data(as_text=True)[-1500:])
    after = {p: p.read_bytes() for p in before}
    assert [p for p in before if before[p] != after[p]] == []


def test_admin_manages_accounts_from_the_web(site: Path, app: Flask) -> None:
    admin = app.test_client()
    login(admin, "admin")
    token = csrf_of(admin.get("/admin/").get_data(as_text=True))
    response = admin.post("/admin/akun", data={
        "csrf_token": token, "action": "tambah", "username": "sekdes", "role": "operator",
        "village": "contoh", "password": "sandi-sekdes-123"}, follow_redirects=True)
    assert "Akun &#39;sekdes&#39; dibuat." in response.get_data(as_text=True)
    officer = app.test_client()
    assert login(officer, "sekdes", "sandi-sekdes-123").status_code == 302
    assert officer.get("/contoh/").status_code == 200
    assert officer.get("/lain/").status_code == 404
    admin.post("/admin/akun", data={"csrf_token": token, "action": "nonaktifkan",
                                    "username": "sekdes"})
    assert officer.get("/contoh/").status_code == 302  # its session ended
    response = admin.post("/admin/akun", data={
        "csrf_token": token, "action": "tambah", "username": "x", "role": "kepala",
        "village": "tidak-ada", "password": "sandi-panjang-123"}, follow_redirects=True)
    assert "tidak terdaftar" in response.get_data(as_text=True)
    # an officer cannot use it
    assert officer.post("/admin/akun", data={"csrf_token": token}).status_code in (302, 400)
    kepala = app.test_client()
    login(kepala, "kepala")
    page = kepala.get("/contoh/").get_data(as_text=True)
    assert kepala.post("/admin/akun", data={
        "csrf_token": csrf_of(page), "action": "tambah", "username": "y", "role": "admin",
        "password": "sandi-panjang-123"}).status_code == 403
    assert app.extensions["satudesa.editor"].store.by_name("y") is None
