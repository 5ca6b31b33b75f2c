"""Reading files and ZIP archives from strangers safely: size limits, ZIP-bomb checks before
anything is unpacked, members inflated in small steps and never extracted to disk. No Textual here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING

from linkinbox.errors import InputError
from linkinbox.text import one_line

if TYPE_CHECKING:
    import zipfile

#: Largest file read, on disk or unpacked from a ZIP (a real export's files are a few MB).
MAX_FILE_BYTES = 200 * 1024 * 1024
#: Largest total of all files unpacked from one ZIP.
MAX_TOTAL_BYTES = 400 * 1024 * 1024
#: Largest compression ratio accepted for a ZIP member (CSV text compresses 5-20x) ...
MAX_RATIO = 100
#: ... checked for members that unpack to more than this (tiny files may compress very well).
RATIO_MIN_BYTES = 1024 * 1024
#: Largest file read as a stream (messages.csv, never held whole: it can be hundreds of MB).
MAX_STREAM_BYTES = 4 * 1024 * 1024 * 1024
#: How much of a ZIP member is inflated at a time.
UNPACK_STEP = 256 * 1024


def read_bytes(path: Path) -> bytes:
    """A file's bytes, refused (in a sentence) when it is larger than an export file can be."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InputError(
                f"{path} is {size / 2**20:,.0f} MB, more than the {MAX_FILE_BYTES // 2**20} MB "
                "a LinkedIn export file can be; refusing to read it."
            )
        from linkinbox.atomic import open_regular  # a FIFO swapped in is refused, not waited on

        with open_regular(path) as handle:
            return handle.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise InputError(f"{path} cannot be read ({error.strerror or error}).") from None


def is_zip(path: Path) -> bool:
    """A ZIP by its name, or by its first bytes whatever its name (`zipfile` is not needed)."""
    if path.suffix.lower() == ".zip":
        return True
    try:
        with path.open("rb") as handle:
            return handle.read(4) in (b"PK\x03\x04", b"PK\x05\x06")
    except OSError as error:
        raise InputError(f"{path} cannot be read ({error.strerror or error}).") from None


Opener = Callable[[], IO[bytes]]


def members(
    path: Path,
    kind_of: Callable[[str], str | None],
    streamed: Callable[[str], bool] = lambda _kind: False,
) -> Iterator[tuple[str, str, bytes | Opener]]:
    """(label, kind, bytes) of every member of the ZIP at `path` whose base name `kind_of` knows,
    in name order. Every member wanted is checked before any is unpacked; none wanted: nothing.

    Members of a kind `streamed` says are not unpacked: they come with a function that opens
    them as a stream (valid until the next member is asked for), and may be up to
    MAX_STREAM_BYTES; they do not count toward MAX_TOTAL_BYTES.
    """
    import zipfile  # here: a CSV or a folder never needs it
    import zlib

    try:
        archive = zipfile.ZipFile(path)
    except OSError as error:
        raise InputError(f"{path} cannot be read ({error.strerror or error}).") from None
    except (zipfile.BadZipFile, EOFError, ValueError, NotImplementedError):
        raise InputError(
            f"{path} is not a readable ZIP file (it is damaged, truncated or not a ZIP at all)."
        ) from None
    with archive:
        wanted: list[tuple[zipfile.ZipInfo, str]] = []
        for info in archive.infolist():
            if info.is_dir():
                continue
            base = info.filename.replace("\\", "/").rsplit("/", 1)[-1]
            kind = kind_of(base)
            if kind:
                wanted.append((info, kind))
        if not wanted:
            return
        _check(path, [(info, streamed(kind)) for info, kind in wanted])
        for info, kind in sorted(wanted, key=lambda m: m[0].filename):
            label = _member_label(info, path)
            if streamed(kind):
                yield label, kind, _opener(archive, info)
                continue
            try:
                data = _unpack(archive, info, label)
            except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError):
                raise InputError(
                    f"{label} cannot be unpacked: the ZIP is damaged or truncated."
                ) from None
            yield label, kind, data


def _opener(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> Opener:
    def open_member() -> IO[bytes]:
        return archive.open(info)

    return open_member


def _check(path: Path, infos: list[tuple[zipfile.ZipInfo, bool]]) -> None:
    """Refuse encrypted members and anything that would unpack to more than an export holds."""
    total = 0
    for info, stream in infos:
        label = _member_label(info, path)
        if info.flag_bits & 0x1:
            raise InputError(f"{label} is encrypted; unzip it yourself and import the folder.")
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > (MAX_STREAM_BYTES if stream else MAX_FILE_BYTES) or (
            info.file_size > RATIO_MIN_BYTES and ratio > MAX_RATIO
        ):
            raise InputError(
                f"{label} would unpack to {info.file_size / 2**20:,.0f} MB "
                f"({ratio:,.0f} times its packed size), more than a LinkedIn export holds; "
                "refusing to unpack it (it looks like a ZIP bomb)."
            )
        if not stream:
            total += info.file_size
    if total > MAX_TOTAL_BYTES:
        raise InputError(
            f"{path} would unpack to {total / 2**20:,.0f} MB of CSV, more than the "
            f"{MAX_TOTAL_BYTES // 2**20} MB limit; refusing to unpack it."
        )
    # Many small members (or members sharing one compressed body) add up to a bomb too:
    # compare what everything would unpack to with the size of the archive itself.
    packed = max(_file_size(path), 1)
    if total > RATIO_MIN_BYTES and total / packed > MAX_RATIO:
        raise InputError(
            f"{path} would unpack to {total / 2**20:,.0f} MB of CSV "
            f"({total / packed:,.0f} times its own size), more than a LinkedIn export holds; "
            "refusing to unpack it (it looks like a ZIP bomb)."
        )


def _unpack(archive: zipfile.ZipFile, info: zipfile.ZipInfo, label: str) -> bytes:
    """A member's bytes, inflated in small steps: never more than its entry says (a member whose
    data inflates to more than its header claims fails its checksum instead of filling memory)."""
    limit = min(info.file_size, MAX_FILE_BYTES)
    chunks: list[bytes] = []
    total = 0
    with archive.open(info) as handle:
        while chunk := handle.read(UNPACK_STEP):
            total += len(chunk)
            if total > limit:
                raise InputError(f"{label} is larger than its ZIP entry says; refusing it.")
            chunks.append(chunk)
    return b"".join(chunks)


def _member_label(info: zipfile.ZipInfo, path: Path) -> str:
    """How a problem names a file inside a ZIP: its name is a stranger's text, so made inert."""
    return f"{one_line(info.filename, limit=200) or '(unnamed)'} in {path}"


def _file_size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
