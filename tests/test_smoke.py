"""The minimal site previews and builds end to end."""

from __future__ import annotations

from pathlib import Path


def test_home_previews(client) -> None:
    response = client.get("/contoh/")
    assert response.status_code == 200
    assert "Desa Contoh" in response.get_data(as_text=True)


def test_build_writes_village_and_portal(runner, site_tree: Path) -> None:
    out = site_tree / "build"
    result = runner.invoke(args=["build"])
    assert result.exit_code == 0, result.output
    assert (out / "index.html").is_file()
    assert (out / "contoh" / "layanan" / "sktm" / "index.html").is_file()
