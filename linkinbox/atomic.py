"""Files written whole or not at all, and read without surprises. No Textual here.

A write goes to a temporary file next to the file it replaces, is synced, then renamed over it.
A symbolic link (a dotfiles setup) is written through: the file it points to is replaced, the
link stays. Anything that is not a regular file (a device such as /dev/null, a FIFO, a folder)
is refused, never replaced, whoever runs linkinbox. Reading a FIFO or a device is refused too,
so a file name can never make linkinbox wait forever.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO, TextIO

from linkinbox.errors import LinkinboxError


class NotRegularFile(OSError):
    """A path names a FIFO, a device, a socket or a folder where a file was expected."""

    def __init__(self, path: Path, kind: str) -> None:
        super().__init__(errno.EINVAL, f"not a regular file but {kind}", str(path))
        self.kind = kind


def kind_of(mode: int) -> str:
    """What a non-regular file is, in words."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def target_of(path: Path) -> Path:
    """The file a write to `path` replaces: through every symbolic link, to the real file."""
    return Path(os.path.realpath(path))


def make_private_dirs(folder: Path) -> None:
    """Create `folder` and any missing parents, each readable by the owner only, whatever the
    umask (an existing folder is left as it is)."""
    missing: list[Path] = []
    current = folder
    while not current.exists():
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    for path in reversed(missing):
        with contextlib.suppress(FileExistsError):
            path.mkdir(mode=0o700)
            path.chmod(0o700)  # mkdir's mode is filtered by the umask; 0700 is what we want


def special_kind(path: Path) -> str | None:
    """What `path` is in words when it exists and is neither a regular file nor a folder (a
    FIFO, a device, a socket; through symbolic links), else None. Nothing is opened."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    return kind_of(mode)


def open_regular(path: Path) -> BinaryIO:
    """A regular file opened for reading. A FIFO, a device or a folder raises `NotRegularFile`
    (an OSError) at once, never blocks: the file is opened without waiting, then checked, so
    a file swapped for a FIFO after it was listed cannot make an import wait either."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        if error.errno == errno.ENXIO:  # a socket (or a FIFO nobody writes to, on some systems)
            raise NotRegularFile(path, special_kind(path) or "not a regular file") from error
        raise
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegularFile(path, kind_of(info.st_mode))
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_regular(path: Path) -> bytes:
    """The bytes of a regular file. A FIFO, a device or a folder raises `NotRegularFile` (an
    OSError) at once, never blocks: the file is opened without waiting, then checked."""
    with open_regular(path) as handle:
        return handle.read()


def read_regular_text(path: Path, encoding: str = "utf-8-sig") -> str:
    return read_regular(path).decode(encoding)


def check_writable_target(path: Path, *, make_parents: bool = True) -> Path:
    """The real file a write to `path` would replace; LinkinboxError when it must not be.

    Refused: a device, FIFO, socket or folder (as root too: /dev/null stays a device), and, with
    `make_parents` False, a folder that does not exist.
    """
    target = target_of(path)
    try:
        info = os.stat(target)
    except FileNotFoundError:
        info = None
    except OSError as error:
        raise LinkinboxError(f"Cannot write {path}: {error.strerror or error}.") from error
    if info is not None and not stat.S_ISREG(info.st_mode):
        raise LinkinboxError(
            f"{path} is {kind_of(info.st_mode)}, not a regular file; nothing written to it."
        )
    if not make_parents and not target.parent.is_dir():
        raise LinkinboxError(
            f"Cannot write {path}: the folder {target.parent} does not exist; create it first."
        )
    return target


def _replace(path: Path, tmp: str, target: Path) -> None:
    """Rename the written temporary file over `target`, still a regular file (or nothing)."""
    with contextlib.suppress(FileNotFoundError):
        now = os.lstat(target)
        if not stat.S_ISREG(now.st_mode):
            raise LinkinboxError(
                f"{path} is {kind_of(now.st_mode)}, not a regular file; nothing written to it."
            )
    os.replace(tmp, target)
    with contextlib.suppress(OSError):
        dir_fd = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def write_atomic(
    path: Path, data: str | bytes, *, mode: int = 0o600, make_parents: bool = True
) -> None:
    """Replace the file `path` names (through symbolic links) with `data` so that readers see
    the old file or the new one, never a mix. Missing folders are created 0700 when
    `make_parents`, else refused."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    with _replacing(path, mode=mode, make_parents=make_parents, text=False) as handle:
        handle.write(payload)


@contextlib.contextmanager
def atomic_writer(path: Path, *, mode: int = 0o600, make_parents: bool = True) -> Iterator[TextIO]:
    """`write_atomic` for text written as it is made (an export of 100,000 requests): a
    temporary file next to the real file `path` names, renamed over it only once all of it is
    written. The same refusals as `write_atomic`."""
    with _replacing(path, mode=mode, make_parents=make_parents, text=True) as handle:
        yield handle


@contextlib.contextmanager
def _replacing(path: Path, *, mode: int, make_parents: bool, text: bool) -> Iterator[Any]:
    """A temporary file next to the real file `path` names (text: UTF-8, newlines as written),
    synced and renamed over it when the block ends; removed if it fails. OSError is said in one
    line as a LinkinboxError."""
    import tempfile  # here: commands that write no file do not pay for importing it

    target = check_writable_target(path, make_parents=make_parents)
    try:
        make_private_dirs(target.parent)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as error:
        raise LinkinboxError(f"Cannot write {path}: {error.strerror or error}.") from error
    try:
        opened = os.fdopen(fd, "w", encoding="utf-8", newline="") if text else os.fdopen(fd, "wb")
        with opened as handle:
            os.fchmod(handle.fileno(), mode)
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        _replace(path, tmp, target)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(error, OSError):
            raise LinkinboxError(f"Cannot write {path}: {error.strerror or error}.") from error
        raise
