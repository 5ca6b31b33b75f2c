"""Read linkinbox's own list format: a CSV with a known header, or a JSON array of objects.

The fields are those of `linkinbox list --json` and `linkinbox export`. Only `name` is required;
`id` (the store's own number), `reasons` and `suggested` (screening output) and unknown keys are
ignored, so an export re-imports without loss.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterable, Mapping
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from linkinbox.errors import InputError
from linkinbox.importers.dates import FIRST_YEAR, LAST_YEAR, in_calendar
from linkinbox.importers.decoding import bom_encoding, delimiter_of, not_valid
from linkinbox.models import ImportData, Invitation, Status
from linkinbox.text import (
    UnsafeAddress,
    check_address,
    clean_text,
    one_line,
    profile_url,
    slug_from_url,
    split_name,
    undefuse,
)

OWN_CSV_FIELDS: tuple[str, ...] = (
    "id",
    "name",
    "first_name",
    "last_name",
    "headline",
    "location",
    "company",
    "profile_url",
    "message",
    "sent_at",
    "mutual_connections",
    "invite_count",
    "source",
    "status",
    "decided_at",
    "reply",
    "on_linkedin",
    "done_at",
)
# Written by `list --json` but meaningless on import.
IGNORED_FIELDS: tuple[str, ...] = ("reasons", "suggested")
_KNOWN = frozenset(OWN_CSV_FIELDS) | frozenset(IGNORED_FIELDS)
#: A request's statuses; `connected` is not one (connections come from Connections.csv).
_STATUSES = frozenset(status.value for status in Status if status != Status.CONNECTED)
_MAX_TEXT = 5000
#: Largest list read: memory stays bounded whatever file is given (see also the export's limit).
MAX_FILE_BYTES = 200 * 1024 * 1024
#: LinkedIn caps a network at 30,000 connections; a larger count is not a real one.
MAX_MUTUAL = 1_000_000


class _BadRow(ValueError):
    """One row cannot be imported; the message says why (no file or row: the caller adds them)."""


def looks_like_own_csv(path: Path) -> bool:
    """True when the file's first line is a header with a `name` column."""
    try:
        with path.open("rb") as handle:
            head = handle.read(65536)
    except OSError:
        return False
    text = head.decode(_bom_encoding(head), errors="replace")
    first_line = text.splitlines()[0] if text.strip() else ""
    try:
        header = next(csv.reader([first_line], delimiter=delimiter_of(first_line)), [])
    except csv.Error:
        return False
    # Any header with a name column is meant as a list: `read_own` refuses its unknown columns
    # by name rather than guessing (a `Name,Email` file is not a list of requests).
    return "name" in (column.strip().lower() for column in header)


def read_own(path: Path) -> ImportData:
    """Every request in a linkinbox CSV or JSON list; bad rows become problems and are skipped."""
    try:
        with path.open("rb") as handle:
            too_big = os.fstat(handle.fileno()).st_size > MAX_FILE_BYTES
            raw = b"" if too_big else handle.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        reason = error.strerror or str(error)
        raise InputError(f"{path} cannot be read: {reason}.") from error
    if too_big or len(raw) > MAX_FILE_BYTES:
        raise InputError(
            f"{path} is larger than {MAX_FILE_BYTES // 2**20} MB, more than a list of requests "
            "could be; refusing to read it."
        )
    encoding = _bom_encoding(raw)
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as error:
        if encoding != "utf-8-sig":
            raise not_valid(str(path), encoding, f"byte {error.start + 1}", kind="") from None
        raise InputError(f"{path} is not UTF-8 text (byte {error.start + 1}).") from None
    if "\x00" in text[:8192]:
        raise InputError(f"{path} is a binary file, not a CSV or JSON text file.")
    suffix = path.suffix.lower()
    if suffix == ".json" or (suffix != ".csv" and text.lstrip().startswith("[")):
        return _read_json(path, text)
    return _read_csv(path, text)


# --- the two containers ---------------------------------------------------------------------


def _read_json(path: Path, text: str) -> ImportData:
    try:
        items = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(
            f"{path} is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})."
        ) from error
    except RecursionError:
        raise InputError(f"{path} is not valid JSON (nested too deeply).") from None
    except ValueError as error:  # e.g. a number with more digits than Python converts
        reason = one_line(error, limit=80)
        raise InputError(f"{path} is not valid JSON ({reason}).") from None
    if not isinstance(items, list):
        raise InputError(f"{path} is not a linkinbox list: expected a JSON array of objects.")
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise InputError(
                f"{path}, item {number}: expected an object with at least a name, "
                f"found {_json_type(item)}."
            )
    return _read_rows(path, "item", enumerate(items, start=1), "json", csv_cells=False)


def _bom_encoding(data: bytes) -> str:
    """UTF-32 or UTF-16 when `data` starts with their byte-order mark (spreadsheets write it),
    else UTF-8 with or without one."""
    return bom_encoding(data) or "utf-8-sig"


def _json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    return "an array"


def _read_csv(path: Path, text: str) -> ImportData:
    first_line = text[:65536].split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter_of(first_line))
    try:
        header = next(reader, None)
        if header is None:
            raise InputError(f"{path} is empty: expected a CSV header with a name column.")
        columns = [column.strip().lower() for column in header]
        unknown = [column for column in columns if column and column not in _KNOWN]
        if unknown or "name" not in columns:
            raise _unknown_columns(path, header, unknown)
        rows: list[tuple[int, dict[str, object]]] = []
        record = 1
        for cells in reader:
            record += 1
            if not any(cell.strip() for cell in cells):
                continue
            row: dict[str, object] = {}
            for column, cell in zip(columns, cells, strict=False):
                if column and column not in row:
                    row[column] = cell
            rows.append((record, row))
    except csv.Error as error:
        raise InputError(f"{path}, line {reader.line_num}: not valid CSV ({error}).") from error
    return _read_rows(path, "row", rows, "csv", csv_cells=True)


def accepted_columns() -> str:
    """The columns of a linkinbox list, as a problem sentence names them."""
    return ", ".join(OWN_CSV_FIELDS) + " (only name is required)"


def _unknown_columns(path: Path, header: list[str], unknown: list[str]) -> InputError:
    if not unknown:
        return InputError(
            f"{path} has no name column: a linkinbox list has the columns {accepted_columns()}."
        )
    names = [one_line(column, limit=40) for column in header if column.strip().lower() in unknown]
    shown = ", ".join(f"“{name}”" for name in names[:10]) + (" …" if len(names) > 10 else "")
    return InputError(
        f"{path}: unknown column{'s' if len(names) > 1 else ''} {shown}; a linkinbox list has "
        f"the columns {accepted_columns()}, a LinkedIn export its Invitations.csv or "
        "Connections.csv header."
    )


def _read_rows(
    path: Path,
    unit: str,
    rows: Iterable[tuple[int, Mapping[str, object]]],
    default_source: str,
    *,
    csv_cells: bool,
) -> ImportData:
    data = ImportData()
    for number, row in rows:
        fields = {str(key).strip().lower(): value for key, value in row.items()}
        if csv_cells:
            fields = {key: undefuse(value) for key, value in fields.items()}
        try:
            data.invitations.append(_invitation(fields, default_source))
        except _BadRow as error:
            data.problems.append(f"{path}, {unit} {number}: {error}; skipped.")
            data.skipped += 1
    return data


# --- one row --------------------------------------------------------------------------------


def _invitation(fields: Mapping[str, object], default_source: str) -> Invitation:
    name = one_line(_text(fields, "name"), limit=_MAX_TEXT)
    if not name:
        raise _BadRow("no name")
    first, last = split_name(name)
    status = _status(fields)
    source = one_line(_text(fields, "source"), limit=200) or default_source
    reply = clean_text(_text(fields, "reply"), limit=_MAX_TEXT)
    return Invitation(
        name=name,
        direction="outgoing" if status == Status.SENT.value else "incoming",
        profile_url=_profile_url(fields),
        sent_at=_datetime(fields, "sent_at"),
        message=clean_text(_text(fields, "message"), limit=_MAX_TEXT),
        first_name=one_line(_text(fields, "first_name"), limit=_MAX_TEXT) or first,
        last_name=one_line(_text(fields, "last_name"), limit=_MAX_TEXT) or last,
        headline=one_line(_text(fields, "headline"), limit=_MAX_TEXT),
        location=one_line(_text(fields, "location"), limit=_MAX_TEXT),
        company=one_line(_text(fields, "company"), limit=_MAX_TEXT),
        mutual_connections=_whole(fields, "mutual_connections"),
        invite_count=_whole(fields, "invite_count", lowest=1) or 1,
        source=source,
        status=status,
        decided_at=_datetime(fields, "decided_at"),
        reply=reply or None,
        on_linkedin=_on_linkedin(fields),
        done_at=_datetime(fields, "done_at"),
    )


def _text(fields: Mapping[str, object], key: str) -> str:
    value = fields.get(key)
    if value is None:
        return ""
    if isinstance(value, bool):
        raise _BadRow(f"{key} is true/false, not text")
    if isinstance(value, (str, int, float)):
        return str(value)
    raise _BadRow(f"{key} is not text")


def _shown(value: str) -> str:
    """A stranger's bad value, safe and short enough to quote in a problem sentence."""
    return "'" + one_line(value, limit=40) + "'"


def _status(fields: Mapping[str, object]) -> str | None:
    value = one_line(_text(fields, "status")).lower()
    if not value:
        return None
    if value not in _STATUSES:
        choices = ", ".join(status.value for status in Status if status.value in _STATUSES)
        raise _BadRow(f"status {_shown(value)} is not one of {choices}")
    return value


def _on_linkedin(fields: Mapping[str, object]) -> str | None:
    value = one_line(_text(fields, "on_linkedin")).lower()
    if not value:
        return None
    if value not in ("todo", "done"):
        raise _BadRow(f"on_linkedin {_shown(value)} is not todo or done")
    return value


def _datetime(fields: Mapping[str, object], key: str) -> datetime | None:
    value = _text(fields, key).strip()
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise _BadRow(f"{key} {_shown(value)} is not an ISO 8601 date") from None
    if not in_calendar(parsed):
        raise _BadRow(
            f"{key} {_shown(value)} is not between the years {FIRST_YEAR} and {LAST_YEAR}"
        )
    # Naive, on the clock of the zone it was written in, like the dates of LinkedIn's export.
    return parsed.replace(tzinfo=None)


def _whole(fields: Mapping[str, object], key: str, lowest: int = 0) -> int | None:
    """A count such as mutual_connections: a whole number from `lowest` up, or None if empty."""
    value = fields.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    number: int | None = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    elif isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        digits = value.strip().lstrip("0") or "0"
        number = int(digits) if len(digits) <= 12 else MAX_MUTUAL + 1
    if number is not None and lowest <= number <= MAX_MUTUAL:
        return number
    shown = _shown(value) if isinstance(value, str) else _json_type(value)
    if number is not None:
        raise _BadRow(f"{key} {shown} is not between {lowest} and {MAX_MUTUAL:,}")
    raise _BadRow(f"{key} {shown} is not a whole number")


def _profile_url(fields: Mapping[str, object]) -> str:
    value = _text(fields, "profile_url").strip()
    if not value:
        return ""
    if len(value) > _MAX_TEXT:
        raise _BadRow(f"profile_url {_shown(value)} is too long to be a web address")
    try:
        urlsplit(value)
        slug = slug_from_url(value)
        if not slug:
            check_address(value)
    except UnsafeAddress:  # refused, not cleaned into some other address
        raise _BadRow(f"profile_url {_shown(value)} holds control characters") from None
    except ValueError:  # urlsplit rejects some malformed addresses ("https://[x")
        raise _BadRow(f"profile_url {_shown(value)} is not a web address") from None
    if slug:
        return profile_url(slug)
    if value.lower().startswith(("https://", "http://")):
        return value
    raise _BadRow(f"profile_url {_shown(value)} is not a web address")
