"""The minimal site previews and builds end to end."""

from __future__ import annotations

import subprocess
import sys
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


def test_loading_never_imports_flask(site_tree: Path) -> None:
    """The load stage stands alone (design.md): a fresh interpreter loads without Flask."""
    code = ("import sys; from pathlib import Path; from satudesa.load.loader import load_site; "
            "site = load_site(Path(sys.argv[1])); "
            "print(sorted(site.villages), sorted({m.split('.')[0] for m in sys.modules "
            "if m.split('.')[0] in ('flask', 'flask_frozen', 'werkzeug')}))")
    done = subprocess.run([sys.executable, "-c", code, str(site_tree)], capture_output=True,
                          text=True, check=True, cwd=Path(__file__).resolve().parent.parent)
    assert done.stdout == "['contoh'] []\n"
