"""Hermetic tests: config and data folders in a temporary directory, a fixed clock, no browser."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

#: tui_helpers' fixtures (the demo `inbox`) for every test module.
pytest_plugins = ["tui_helpers"]

SAMPLE_EXPORT = Path(__file__).parent / "fixtures" / "sample-export"
FIXED_NOW = "2026-06-14T09:00:00"


@pytest.fixture(autouse=True)
def hermetic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Every test gets its own config and data folder and the same clock."""
    config = tmp_path / "config"
    data = tmp_path / "data"
    monkeypatch.setenv("LINKINBOX_CONFIG_DIR", str(config))
    monkeypatch.setenv("LINKINBOX_DATA_DIR", str(data))
    monkeypatch.setenv("LINKINBOX_NOW", FIXED_NOW)
    monkeypatch.setenv("LINKINBOX_NO_BROWSER", "1")
    monkeypatch.delenv("NO_COLOR", raising=False)
    # Unicode marks whatever the machine's TERM and locale (tests of ASCII marks ask for them).
    monkeypatch.setenv("LINKINBOX_ASCII", "0")
    monkeypatch.setenv("COLORTERM", "truecolor")  # 24-bit colour whatever the machine's TERM
    yield tmp_path


@pytest.fixture
def sample_export() -> Path:
    """A copy of shared/samples/linkedin-export (invented people in the real format)."""
    return SAMPLE_EXPORT
