"""Contrast: any village colour gives AA text, and `flask check` warns when it had to change."""

from __future__ import annotations

import pytest
from sitefiles import BASIC_FILES, VILLAGE

from satudesa.colors import AA, WHITE, aa_problem, contrast, palette


@pytest.mark.parametrize("color", ["#ffff00", "#1d5e3a", "#7fbf3f", "#000000", "#ffffff"])
def test_palette_always_reaches_aa(color: str) -> None:
    colors = palette(color)
    assert contrast(colors["--link"], WHITE) >= AA
    assert contrast(colors["--accent"], colors["--on-accent"]) >= AA


def test_dark_colour_is_fine() -> None:
    assert aa_problem("#1d5e3a") is None


@pytest.fixture
def site_files() -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = dict(BASIC_FILES)
    files["villages/contoh.yml"] = VILLAGE.replace('color: "#1d5e3a"', 'color: "#7fbf3f"')
    return files


def test_check_warns_about_a_light_colour(runner) -> None:
    result = runner.invoke(args=["check"])
    assert result.exit_code == 0
    assert ("villages/contoh.yml:5: peringatan: warna '#7fbf3f' kurang kontras untuk teks di "
            "atas putih (2,2:1, minimal 4,5:1); situs memakai '#56822b' (pilih warna yang "
            "lebih gelap agar tampil apa adanya)") in result.output
