"""The editor's history: dulwich commits that real git reads, nothing lost under threads."""

from __future__ import annotations

import os
import subprocess
import threading
from pathlib import Path

import pytest

from satudesa.editor.history import History, HistoryError, Version, atomic_write

SITI = "Siti Aminah <siti@cibeureum-girang>"
BUDI = "Budi Santoso <budi@cibeureum-girang>"
GIT_ID = ["-c", "user.name=Operator Kabupaten", "-c", "user.email=ops@kab"]


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(["git", *GIT_ID, *args], cwd=cwd, capture_output=True, text=True,
                          check=True)
    return done.stdout


@pytest.fixture
def site(tmp_path: Path) -> Path:
    folder = tmp_path / "situs"
    (folder / "content" / "desa" / "berita").mkdir(parents=True)
    return folder


def test_save_change_delete_restore(site: Path) -> None:
    history = History(site)
    assert (site / ".git").is_dir()
    page = site / "content/desa/berita/panen.md"
    page.write_text("---\ntitle: Panen\n---\nsatu\n")
    first = history.commit([page], SITI, "Buat berita panen")
    page.write_text("---\ntitle: Panen\n---\ndua\n")
    second = history.commit([Path("content/desa/berita/panen.md")], BUDI, "Ubah berita panen")
    page.unlink()
    third = history.commit([page], BUDI, "Hapus berita panen")
    versions = history.log(page)
    assert [v.id for v in versions] == [third, second, first]
    assert [v.author for v in versions] == [BUDI, BUDI, SITI]
    assert versions[0].message == "Hapus berita panen"
    assert all(isinstance(v, Version) and v.time.tzinfo is not None for v in versions)
    assert history.read(page, first) == b"---\ntitle: Panen\n---\nsatu\n"
    with pytest.raises(HistoryError, match="belum ada"):
        history.read(page, third)
    restored = history.restore(page, second, SITI)
    assert page.read_bytes() == b"---\ntitle: Panen\n---\ndua\n"
    assert history.log(page)[0] == Version(restored, SITI, history.log(page)[0].time,
                                           f"Pulihkan content/desa/berita/panen.md ke versi "
                                           f"{second[:10]}")
    # real git agrees: authors, messages, a clean tree, a sound repository
    assert git(site, "log", "--format=%an|%ae|%s").splitlines() == [
        "Siti Aminah|siti@cibeureum-girang|Pulihkan content/desa/berita/panen.md ke versi "
        + second[:10],
        "Budi Santoso|budi@cibeureum-girang|Hapus berita panen",
        "Budi Santoso|budi@cibeureum-girang|Ubah berita panen",
        "Siti Aminah|siti@cibeureum-girang|Buat berita panen"]
    assert git(site, "status", "--porcelain") == ""
    git(site, "fsck", "--strict")


def test_one_commit_for_several_paths_with_deletion(site: Path) -> None:
    history = History(site)
    a, b = site / "content/desa/a.md", site / "content/desa/b.md"
    a.write_text("a")
    b.write_text("b")
    history.commit([a, b], SITI, "Dua berkas")
    a.unlink()
    b.write_text("b2")
    commit = history.commit([a, b], SITI, "Hapus a, ubah b")
    assert git(site, "show", "--name-status", "--format=", commit).split() == [
        "D", "content/desa/a.md", "M", "content/desa/b.md"]


def test_unchanged_commit_returns_head(site: Path) -> None:
    history = History(site)
    page = site / "content/desa/a.md"
    page.write_text("a")
    first = history.commit([page], SITI, "Buat")
    assert history.commit([page], SITI, "Simpan tanpa perubahan") == first
    assert git(site, "rev-list", "--count", "HEAD").strip() == "1"


def test_commits_only_given_paths_and_keeps_what_others_staged(site: Path) -> None:
    history = History(site)
    (site / "site.yml").write_text("nama: situs\n")
    git(site, "add", "site.yml")  # an operator staged this by hand
    page = site / "content/desa/a.md"
    page.write_text("a")
    commit = history.commit([page], SITI, "Buat a")
    assert git(site, "show", "--name-only", "--format=", commit).split() == ["content/desa/a.md"]
    assert git(site, "status", "--porcelain").splitlines() == ["A  site.yml"]


def test_existing_repository_and_outside_commits(site: Path) -> None:
    git(site, "init", "-q", "-b", "utama")
    (site / "site.yml").write_text("nama: situs\n")
    git(site, "add", "site.yml")
    git(site, "commit", "-q", "-m", "Awal")
    start = git(site, "rev-parse", "HEAD").strip()
    history = History(site)
    page = site / "content/desa/a.md"
    page.write_text("a")
    mine = history.commit([page], SITI, "Buat a")
    assert git(site, "rev-parse", "HEAD^").strip() == start
    assert git(site, "rev-parse", "utama").strip() == mine
    (site / "site.yml").write_text("nama: situs baru\n")
    git(site, "commit", "-q", "-am", "Dari terminal")  # someone commits beside the editor
    page.write_text("a2")
    after = history.commit([page], BUDI, "Ubah a")
    assert git(site, "log", "--format=%s", "-3").splitlines() == [
        "Ubah a", "Dari terminal", "Buat a"]
    assert git(site, "rev-parse", "HEAD").strip() == after
    assert git(site, "status", "--porcelain") == ""


def test_git_worktree_root_is_used(tmp_path: Path) -> None:
    main = tmp_path / "utama"
    main.mkdir()
    git(main, "init", "-q", "-b", "utama")
    (main / "site.yml").write_text("x\n")
    git(main, "add", ".")
    git(main, "commit", "-q", "-m", "Awal")
    tree = tmp_path / "pohon"
    git(main, "worktree", "add", "-q", "-b", "editor", str(tree))
    history = History(tree)
    assert (tree / ".git").is_file()
    (tree / "a.md").write_text("a")
    commit = history.commit([tree / "a.md"], SITI, "Di worktree")
    assert git(main, "rev-parse", "editor").strip() == commit
    assert git(main, "log", "--format=%s", "-1", "utama").strip() == "Awal"
    assert git(tree, "status", "--porcelain") == ""


def test_site_inside_larger_repository_gets_its_own(tmp_path: Path) -> None:
    outer = tmp_path / "kabupaten"
    site = outer / "situs"
    site.mkdir(parents=True)
    git(outer, "init", "-q")
    History(site)
    assert (site / ".git").is_dir()
    (site / "a.md").write_text("a")
    History(site).commit([site / "a.md"], SITI, "Buat")
    assert git(site, "rev-parse", "--show-toplevel").strip() == str(site.resolve())
    assert subprocess.run(["git", "rev-parse", "HEAD"], cwd=outer,
                          capture_output=True).returncode != 0  # the outer one got nothing


@pytest.mark.parametrize("path", ["../luar.md", "/etc/passwd", ".git/config", ".git", ".",
                                  "content/../../luar.md"])
def test_paths_outside_refused(site: Path, path: str) -> None:
    history = History(site)
    with pytest.raises(HistoryError):
        history.commit([Path(path)], SITI, "x")
    with pytest.raises(HistoryError):
        history.log(Path(path))


def test_symlinked_folder_out_refused(site: Path, tmp_path: Path) -> None:
    outside = tmp_path / "luar"
    outside.mkdir()
    (outside / "rahasia.md").write_text("rahasia")
    (site / "content" / "tautan").symlink_to(outside)
    history = History(site)
    with pytest.raises(HistoryError, match="di luar"):
        history.commit([site / "content/tautan/rahasia.md"], SITI, "x")


@pytest.mark.parametrize("author", ["<siti@desa>", "Siti <siti@desa>\nx", "Siti <a b>",
                                    "Siti <siti@desa> extra", "", "  ", "siti\nAuthor: x",
                                    "a>b", "siti@desa"])
def test_bad_authors_refused(site: Path, author: str) -> None:
    history = History(site)
    (site / "a.md").write_text("a")
    with pytest.raises(ValueError, match="penulis"):
        history.commit([site / "a.md"], author, "x")


@pytest.mark.parametrize(("given", "recorded"), [
    ("siti", "siti <siti@satudesa>"),
    ("Kepala Desa", "Kepala Desa <kepala-desa@satudesa>"),
    ("Ni Luh Sudarsané", "Ni Luh Sudarsané <ni-luh-sudarsan@satudesa>"),
])
def test_bare_user_names_get_an_address(site: Path, given: str, recorded: str) -> None:
    history = History(site)
    (site / "a.md").write_text(given)
    history.commit([site / "a.md"], given, "x")
    assert history.log(site / "a.md")[0].author == recorded
    git(site, "fsck", "--strict")


def test_unicode_author_and_message(site: Path) -> None:
    history = History(site)
    (site / "a.md").write_text("a")
    author = "I Wayan Sudarsané <wayan@bakau-jaya>"
    history.commit([site / "a.md"], author, "Ubah «judul»\r\nbaris dua")
    version = history.log(site / "a.md")[0]
    assert version.author == author and version.message == "Ubah «judul»\nbaris dua"


def test_read_refuses_bad_versions(site: Path) -> None:
    history = History(site)
    (site / "a.md").write_text("a")
    commit = history.commit([site / "a.md"], SITI, "x")
    tree = git(site, "rev-parse", "HEAD^{tree}").strip()
    for version in ("HEAD", "main", "0" * 40, commit[:8], tree, "../" + commit):
        with pytest.raises(HistoryError):
            history.read(site / "a.md", version)
    assert history.read(site / "a.md", commit) == b"a"


def test_log_limit_and_empty(site: Path) -> None:
    history = History(site)
    assert history.log(site / "a.md") == []
    for number in range(5):
        (site / "a.md").write_text(str(number))
        history.commit([site / "a.md"], SITI, f"versi {number}")
    assert [v.message for v in history.log(site / "a.md", limit=2)] == ["versi 4", "versi 3"]


def test_fifty_concurrent_commits_lose_nothing(site: Path) -> None:
    history = History(site)
    errors: list[BaseException] = []

    def save(number: int) -> None:
        try:
            page = site / "content/desa/berita" / f"berita-{number}.md"
            atomic_write(page, f"berita {number}\n".encode())
            History(site).commit([page], f"Operator {number} <op{number}@desa>", f"Simpan {number}")
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=save, args=(n,)) for n in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert git(site, "rev-list", "--count", "HEAD").strip() == "50"
    tracked = git(site, "ls-tree", "-r", "--name-only", "HEAD").split()
    assert sorted(tracked) == sorted(f"content/desa/berita/berita-{n}.md" for n in range(50))
    for number in range(50):
        page = site / "content/desa/berita" / f"berita-{number}.md"
        (version,) = history.log(page)
        assert version.author == f"Operator {number} <op{number}@desa>"
    assert git(site, "status", "--porcelain") == ""
    git(site, "fsck", "--strict")


def test_fifty_concurrent_saves_of_one_file_each_committed(site: Path) -> None:
    history = History(site)
    page = site / "content/desa/kontak.md"
    threads = [threading.Thread(target=history.write,
                                args=(page, f"isi {n}\n".encode(), SITI, f"Simpan {n}"))
               for n in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    versions = history.log(page)
    assert len(versions) == 50
    contents = {history.read(page, v.id) for v in versions}
    assert contents == {f"isi {n}\n".encode() for n in range(50)}
    assert page.read_bytes() == history.read(page, versions[0].id)


def test_atomic_write(tmp_path: Path) -> None:
    target = tmp_path / "a.md"
    atomic_write(target, b"satu")
    assert target.read_bytes() == b"satu" and oct(target.stat().st_mode & 0o777) == "0o644"
    os.chmod(target, 0o600)
    atomic_write(target, b"dua")
    assert target.read_bytes() == b"dua" and oct(target.stat().st_mode & 0o777) == "0o600"
    outside = tmp_path / "luar.txt"
    outside.write_text("jangan diubah")
    link = tmp_path / "tautan.md"
    link.symlink_to(outside)
    atomic_write(link, b"baru")
    assert outside.read_text() == "jangan diubah"
    assert not link.is_symlink() and link.read_bytes() == b"baru"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md", "luar.txt", "tautan.md"]
    with pytest.raises(FileNotFoundError):
        atomic_write(tmp_path / "tidak-ada" / "x.md", b"x")
