"""Shared helpers for the tests that run the command line or need fresh folders (no fixtures
here: see tests/conftest.py)."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]


def linkinbox(
    *args: str, env: dict[str, str] | None = None, timeout: float = 120, **kwargs: Any
) -> subprocess.CompletedProcess[str]:
    """The installed command's twin: `python -m linkinbox` with this checkout first on the path,
    the test's environment (its temporary folders) plus `env`, and no standard input."""
    kwargs.setdefault("stdin", subprocess.DEVNULL)
    path = os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")])
    return subprocess.run(
        [sys.executable, "-m", "linkinbox", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "PYTHONPATH": path, **(env or {})},
        **kwargs,
    )


def python(code: str, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """`python -c code args...` with this checkout first on the path (to measure in a process
    of its own, say)."""
    path = os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")])
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "PYTHONPATH": path},
    )


@contextlib.contextmanager
def fresh_folders() -> Iterator[Path]:
    """A new config and data folder for one hypothesis example (fixtures are per test)."""
    names = ("LINKINBOX_CONFIG_DIR", "LINKINBOX_DATA_DIR")
    saved = {name: os.environ.get(name) for name in names}
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        os.environ["LINKINBOX_CONFIG_DIR"] = str(root / "config")
        os.environ["LINKINBOX_DATA_DIR"] = str(root / "data")
        try:
            yield root
        finally:
            for name, value in saved.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value
