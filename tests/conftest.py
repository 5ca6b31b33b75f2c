"""Hermetic tests: config and data folders in a temporary directory, a fixed clock, no browser."""

from __future__ import annotations

import os
import sys
import threading
import traceback
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

#: tui_helpers' fixtures (the demo `inbox`) for every test module.
pytest_plugins = ["tui_helpers"]

SAMPLE_EXPORT = Path(__file__).parent / "fixtures" / "sample-export"
FIXED_NOW = "2026-06-14T09:00:00"


@pytest.fixture(autouse=True)
def hermetic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Every test gets its own config and data folder, working directory and the same clock."""
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
    # Relative paths (`export -o all`) land in the test's folder, never in the checkout.
    monkeypatch.chdir(tmp_path)
    yield tmp_path


@pytest.fixture
def sample_export() -> Path:
    """A copy of shared/samples/linkedin-export (invented people in the real format)."""
    return SAMPLE_EXPORT


# --- a stuck test fails instead of hanging the run -----------------------------------------------
#
# pytest-timeout (`timeout` in pyproject.toml) measures each test. Its own ways to stop one do not
# fit here: "signal" raises in the main thread, but `asyncio.run` then waits for every worker
# thread, and a Textual worker stuck in `call_from_thread` never ends, so the run hangs anyway;
# "thread" ends the process, but writes the stacks where pytest-xdist's workers lose them. This
# one writes every thread's stack to the real standard error (the terminal, also under xdist),
# then ends the process: xdist reports the test as failed ("worker crashed while running …") and
# carries on in a new worker.

_TIMERS: dict[str, threading.Timer] = {}


def _stuck(item: pytest.Item, seconds: float) -> None:
    names = {thread.ident: thread.name for thread in threading.enumerate()}
    lines = [f"\n{'+' * 30} Timeout: {item.nodeid} still ran after {seconds:g} s {'+' * 30}\n"]
    for ident, frame in sys._current_frames().items():
        if ident == threading.get_ident():
            continue
        lines.append(f"{'~' * 20} Stack of {names.get(ident, '<unknown>')} ({ident}) {'~' * 20}\n")
        lines.extend(traceback.format_stack(frame))
    lines.append(f"{'+' * 30} Timeout: ending this test process {'+' * 30}\n")
    capture = item.config.pluginmanager.getplugin("capturemanager")
    try:
        if capture is not None:
            capture.suspend_global_capture(in_=True)
        os.write(2, "".join(lines).encode("utf-8", "replace"))
    finally:
        os._exit(1)


@pytest.hookimpl(tryfirst=True, optionalhook=True)
def pytest_timeout_set_timer(item: pytest.Item, settings: Any) -> bool:
    timer = threading.Timer(settings.timeout, _stuck, args=(item, settings.timeout))
    timer.name = "pytest-timeout"
    timer.daemon = True
    _TIMERS[item.nodeid] = timer
    timer.start()
    return True


@pytest.hookimpl(tryfirst=True, optionalhook=True)
def pytest_timeout_cancel_timer(item: pytest.Item) -> bool:
    timer = _TIMERS.pop(item.nodeid, None)
    if timer is not None:
        timer.cancel()
    return True
