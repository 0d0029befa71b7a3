"""The deploy plan (content-hash diff, upload waves) and the ``deploy:`` settings' checks."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from sitefiles import BASIC_FILES, write_tree

from satudesa import create_app
from satudesa.deploy.plan import Manifest, Scope, make_plan, scan

CSS = "v/static/style.0123456789.css"
TREE = {
    "index.html": '<a href="v/">Desa V</a>',
    "404.html": "<p>tidak ada</p>",
    "sitemap.xml": "<urlset/>",
    "v/404.html": "<p>tidak ada</p>",
    "v/index.html": '<link href="static/style.0123456789.css"><a href="berita/a/">A</a>',
    "v/index.html.gz": "gz",
    "v/berita/a/index.html": '<a href="../b/">B</a><a href="../../profil/">P</a>',
    "v/berita/b/index.html": '<a href="../a/">A</a><img src="../../media/x.webp">',
    "v/profil/index.html": '<a href="../">home</a>',
    CSS: "body{}",
    "v/media/x.webp": "RIFF",
    "v/feed.xml": "<feed/>",
    "v/pagefind/pagefind-entry.json": "{}",
    "v/pagefind/fragment/id_1.pf_fragment": "x",
}
SCOPE = Scope(frozenset({"v", "w"}))


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    return write_tree(tmp_path / "build", {k: v for k, v in TREE.items()})


def test_first_deploy_waves(tree: Path) -> None:
    plan = make_plan(tree, scan(tree), Manifest(), SCOPE)
    assert plan.waves == [
        ("assets", ["v/media/x.webp", "v/pagefind/fragment/id_1.pf_fragment", CSS]),
        ("referencing", ["v/pagefind/pagefind-entry.json"]),
        ("pages", ["404.html", "v/404.html", "v/profil/index.html"]),
        # a and b link to each other: the cycle is broken by name, a first.
        ("pages", ["v/berita/a/index.html"]),
        ("pages", ["v/berita/b/index.html"]),
        ("homes", ["sitemap.xml", "v/feed.xml", "v/index.html", "v/index.html.gz"]),
        ("portal", ["index.html"]),
    ]
    assert plan.deletes == [] and plan.unchanged == 0


def test_only_changes_travel_and_deletes_come_last(tree: Path) -> None:
    first = make_plan(tree, scan(tree), Manifest(), SCOPE)
    published = first.next_manifest(Manifest())
    write_tree(tree, {"v/berita/b/index.html": "<p>baru</p>", "v/berita/c/index.html": "<p>c</p>"})
    (tree / "v/media/x.webp").unlink()
    second = make_plan(tree, scan(tree), published, SCOPE)
    assert second.uploads == ["v/berita/b/index.html", "v/berita/c/index.html"]
    assert second.deletes == ["v/media/x.webp"]
    assert second.unchanged == len(TREE) - 1 - 1

    # A deploy killed part-way leaves its keys pending: sent again, deleted if gone.
    interrupted = Manifest(dict(published.files), ["v/berita/b/index.html", "v/old.html"])
    again = make_plan(tree, scan(tree), interrupted, SCOPE)
    assert "v/old.html" in again.deletes
    assert set(again.uploads) == {"v/berita/b/index.html", "v/berita/c/index.html"}
    after = again.next_manifest(interrupted)
    assert after.pending == [] and after.files == scan(tree)


def test_one_village_and_the_portal_files_naming_it(tree: Path) -> None:
    write_tree(tree, {"w/404.html": "x", "w/index.html": "w", "w/gone.html": "g",
                      "kecamatan/index.html": '<a href="../w/">W</a>'})
    files = scan(tree)
    previous = Manifest({**files, "w/old.html": "0", "v/old.html": "0",
                         "w/index.html": "0", "index.html": "0", "kecamatan/index.html": "0"})
    plan = make_plan(tree, files, previous, Scope(frozenset({"v", "w"}), "w"))
    assert plan.uploads == ["kecamatan/index.html", "w/index.html"]
    assert plan.deletes == ["w/old.html"]  # v/old.html belongs to another village
    assert plan.next_manifest(previous).files["v/old.html"] == "0"


def check(site: Path) -> tuple[int, str]:
    app = create_app({"TESTING": True, "SATUDESA_SITE": str(site)})
    result = app.test_cli_runner().invoke(args=["check"])
    return result.exit_code, result.output


def test_deploy_settings_are_checked_in_indonesian(tmp_path: Path) -> None:
    site = write_tree(tmp_path / "site", {**BASIC_FILES, "site.yml": textwrap.dedent("""\
        base_url: "https://desa.purwakartakab.go.id/"
        deploy:
          produksi:
            type: rsync
            host: web1.purwakartakab.go.id
            path: srv/satudesa
            password: rahasia
          awan:
            type: s3
            bucket: Situs_Desa
            secret_access_key: abc
            prefx: kab/
          cpanel:
            type: ftp
          Salah Nama:
            type: zip
            path: unggah
        """)})
    code, output = check(site)
    assert code == 1
    assert ("site.yml:6: galat: deploy.produksi.path: folder di server harus berupa jalur "
            "mutlak") in output
    assert ("site.yml:7: galat: deploy.produksi: 'password' tampak seperti rahasia dan tidak "
            "boleh ditulis di site.yml (tulis jalur kunci SSH di variabel lingkungan "
            "SATUDESA_DEPLOY_PRODUKSI_SSH_KEY") in output
    assert "site.yml:10: galat: deploy.awan.bucket: nama bucket tidak valid" in output
    assert "site.yml:11: galat: deploy.awan: 'secret_access_key' tampak seperti rahasia" in output
    assert "AWS_SECRET_ACCESS_KEY" in output
    assert ("site.yml:12: peringatan: deploy.awan: kunci tidak dikenal 'prefx' untuk type s3 "
            "(maksud Anda 'prefix'?)") in output
    assert "site.yml:14: galat: deploy.cpanel.type: 'ftp' bukan pilihan yang dikenal" in output
    assert "site.yml:15: galat: nama target 'Salah Nama' tidak sah" in output


def test_valid_settings_get_defaults(tmp_path: Path) -> None:
    from satudesa.load.deploy_settings import DEPLOY

    assert DEPLOY({"a": {"type": "rsync", "host": "10.0.0.5", "path": "/srv/desa/"}}) == {
        "a": {"type": "rsync", "host": "10.0.0.5", "path": "/srv/desa", "port": 22, "keep": 5,
              "user": None}}
    assert DEPLOY({"b": {"type": "s3", "bucket": "desa", "prefix": "/kab"}})["b"] == {
        "type": "s3", "bucket": "desa", "prefix": "kab/", "endpoint_url": None, "region": None,
        "encoding": "gzip"}
    site = write_tree(tmp_path / "site", {**BASIC_FILES, "site.yml": (
        'base_url: "https://desa.purwakartakab.go.id/"\n'
        "deploy:\n  arsip:\n    type: zip\n    path: unggah\n")})
    assert check(site) == (0, "Selesai: tidak ada masalah.\n")
    missing = write_tree(tmp_path / "bad", {**BASIC_FILES, "site.yml": (
        "deploy:\n  web:\n    type: rsync\n    path: /srv\n")})
    app = create_app({"TESTING": True, "SATUDESA_SITE": str(missing)})
    result = app.test_cli_runner().invoke(args=["deploy", "web"])
    assert result.exit_code == 1
    assert "deploy.web: kunci wajib 'host' tidak ada" in result.output
    assert "site.yml bermasalah, deploy dibatalkan" in result.output
