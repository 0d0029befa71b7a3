"""QR codes: drawn once, then taken from the derived-output cache by content."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from satudesa import derived
from satudesa.outputs import qr


@pytest.fixture
def cache(tmp_path: Path) -> Iterator[Path]:
    derived.use(tmp_path)
    yield tmp_path / derived.FOLDER / "qr"
    derived.use(None)


def test_a_cached_code_is_the_code_and_is_not_drawn_again(
        cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    drawn = qr.qr_svg("https://contoh.desa.id/layanan/sktm/", title="Kode QR")
    assert drawn.startswith("<svg") and "Kode QR" in drawn
    monkeypatch.setattr(qr, "_draw", lambda *a: pytest.fail("drawn again"))
    assert qr.qr_svg("https://contoh.desa.id/layanan/sktm/", title="Kode QR") == drawn


def test_every_part_of_the_code_keys_the_entry(cache: Path) -> None:
    codes = {qr.qr_svg("a"), qr.qr_svg("b"), qr.qr_svg("a", scale=3), qr.qr_svg("a", title="t")}
    assert len(codes) == 4
    assert len(list(cache.iterdir())) == 4


def test_a_damaged_entry_is_drawn_again(cache: Path) -> None:
    drawn = qr.qr_svg("https://contoh.desa.id/")
    for entry in cache.iterdir():
        entry.write_bytes(entry.read_bytes()[:-3])
    assert qr.qr_svg("https://contoh.desa.id/") == drawn


def test_without_a_cache_the_same_code(tmp_path: Path) -> None:
    derived.use(None)
    plain = qr.qr_svg("https://contoh.desa.id/")
    derived.use(tmp_path)
    try:
        assert qr.qr_svg("https://contoh.desa.id/") == plain  # drawn, stored
        assert qr.qr_svg("https://contoh.desa.id/") == plain  # read back
    finally:
        derived.use(None)
