"""Atomic file writes: a temporary file in the same folder, fsync, rename."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from linkinbox.errors import LinkinboxError


def write_atomic(path: Path, data: str | bytes, *, mode: int = 0o600) -> None:
    """Replace `path` with `data` so that readers see the old file or the new one, never a mix."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    import tempfile  # here: commands that write no file do not pay for importing it

    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as error:
        raise LinkinboxError(f"Cannot write {path}: {error.strerror or error}.") from error
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), mode)
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
        with contextlib.suppress(OSError):
            dir_fd = os.open(path.parent, os.O_RDONLY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise LinkinboxError(f"Cannot write {path}: {error.strerror or error}.") from error


@contextlib.contextmanager
def atomic_writer(path: Path, *, mode: int = 0o600) -> Iterator[TextIO]:
    """`write_atomic` for text written as it is made (an export of 100,000 requests): a
    temporary file in the same folder, renamed over `path` only once all of it is written."""
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as error:
        raise LinkinboxError(f"Cannot write {path}: {error.strerror or error}.") from error
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            os.fchmod(handle.fileno(), mode)
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(error, OSError):
            raise LinkinboxError(f"Cannot write {path}: {error.strerror or error}.") from error
        raise
