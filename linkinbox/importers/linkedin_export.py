"""Read LinkedIn's own data export: the ZIP, the unzipped folder, or one of its CSV files.

Files read (matched loosely on the base name, in any sub-folder of the ZIP):

- `Invitations.csv` — `From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl`
  (exports before 2023 lack the two URL columns). One `Invitation` per row, both directions.
- `Connections.csv` — a `Notes:` preamble, then
  `First Name,Last Name,URL,Email Address,Company,Position,Connected On` (no `URL` before 2023).
- `Member_Follows.csv` — `Date,FullName,Status`: the people the user follows.
- `Positions.csv` — `Company Name,Title,Description,Location,Started On,Finished On`.

A file's kind is decided by its header, never by its name. Text is decoded as UTF-8 (with or
without BOM), UTF-16 (with BOM, as spreadsheets write it) or, failing those, Windows-1252.
No Textual here, and nothing is ever extracted to disk.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Iterator
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from linkinbox.errors import InputError
from linkinbox.models import Connection, ImportData, Invitation, Position
from linkinbox.text import clean_text, one_line, profile_url, slug_from_url, split_name

if TYPE_CHECKING:
    import zipfile

# --- limits -------------------------------------------------------------------------------------

#: Largest CSV read, on disk or unpacked from the ZIP (a real export's files are a few MB).
MAX_FILE_BYTES = 200 * 1024 * 1024
#: Largest total of all CSVs unpacked from one ZIP.
MAX_TOTAL_BYTES = 400 * 1024 * 1024
#: Largest compression ratio accepted for a ZIP member (CSV text compresses 5-20x) ...
MAX_RATIO = 100
#: ... checked for members that unpack to more than this (tiny files may compress very well).
RATIO_MIN_BYTES = 1024 * 1024
#: How much of a ZIP member is inflated at a time.
UNPACK_STEP = 256 * 1024
#: Longest single CSV field the csv module accepts; longer means a broken (unclosed) quote.
FIELD_SIZE_LIMIT = 16 * 1024 * 1024
#: A note is at most 300 characters on LinkedIn; anything longer is cut here.
MAX_MESSAGE_CHARS = 10_000
MAX_NAME_CHARS = 200
MAX_FIELD_CHARS = 500
#: How many records to look through for the header (Connections.csv has a preamble).
HEADER_SCAN_RECORDS = 200

INVITATIONS = "invitations"
CONNECTIONS = "connections"
FOLLOWS = "follows"
POSITIONS = "positions"

_EXPECTED = {
    INVITATIONS: "From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl",
    CONNECTIONS: "First Name,Last Name,URL,Email Address,Company,Position,Connected On",
    FOLLOWS: "Date,FullName,Status",
    POSITIONS: "Company Name,Title,Description,Location,Started On,Finished On",
}
_FILE_NAMES = {
    INVITATIONS: "Invitations.csv",
    CONNECTIONS: "Connections.csv",
    FOLLOWS: "Member_Follows.csv",
    POSITIONS: "Positions.csv",
}
# Base names of the export files we read: any case, an optional copy suffix (" (1)", "_2").
_NAME_RE = re.compile(
    r"^(?:(invitations)|(connections)|(member[ _-]?follows)|(positions))"
    r"(?:[ _-]*(?:\(\d+\)|\d+))?\.csv$",
    re.IGNORECASE,
)
_NAME_KINDS = (INVITATIONS, CONNECTIONS, FOLLOWS, POSITIONS)
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


# --- dates --------------------------------------------------------------------------------------

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
# `6/12/26, 8:03 AM`, `06/12/2026 20:03`, `6/12/26, 8:03\u202fPM`, `6/12/26`, `12.06.2026 20:03`.
_NUMERIC_RE = re.compile(
    r"(\d{1,2})([/.-])(\d{1,2})[/.-](\d{4}|\d{2})"
    r"(?:,?\s*(?:\s|T)\s*(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(?:([AaPp])\.?[Mm]\.?)?)?"
)
# `08 Jun 2026`, `29-May-24`, `8 June 2026, 14:05`.
_DAY_MONTH_RE = re.compile(
    r"(\d{1,2})[\s/.-]*([A-Za-z]{3,9})\.?[\s/.,-]+(\d{4}|\d{2})"
    r"(?:,?\s+(?:at\s+)?(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(?:([AaPp])\.?[Mm]\.?)?)?"
)
# `Jun 8, 2026`, `June 8th 2026, 8:03 AM`.
_MONTH_DAY_RE = re.compile(
    r"([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})"
    r"(?:,?\s+(?:at\s+)?(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(?:([AaPp])\.?[Mm]\.?)?)?"
)


_AMPM_SPACES = (" ", "\u202f", "\xa0")


def _year(text: str) -> int:
    year = int(text)
    return year + 2000 if len(text) == 2 else year  # LinkedIn started in 2003


def _build(
    year: int, month: int, day: int, hour: str | None, minute: str | None,
    second: str | None, ampm: str | None,
) -> datetime | None:  # fmt: skip
    h = int(hour) if hour else 0
    if ampm:
        if not 1 <= h <= 12:
            return None
        if ampm in "Pp":
            h = 12 if h == 12 else h + 12
        elif h == 12:
            h = 0
    try:
        return datetime(year, month, day, h, int(minute or 0), int(second or 0))
    except ValueError:
        return None


def _numeric(m: re.Match[str]) -> datetime | None:
    a, sep, b, y, hour, minute, second, ampm = m.groups()
    month, day = int(a), int(b)
    # Day first when dots say so (`12.06.2026`, German) or when the first number cannot be a
    # month (`13/06/2026`, a spreadsheet's copy).
    if sep == "." or month > 12 >= day:
        month, day = day, month
    return _build(_year(y), month, day, hour, minute, second, ampm)


def _month(name: str) -> int | None:
    return _MONTHS.get(name[:3].lower())


def _parse_datetime(s: str) -> datetime | None:
    """Every accepted date/time spelling except the fast path's; `s` is stripped."""
    m = _NUMERIC_RE.fullmatch(s)
    if m:
        return _numeric(m)
    m = _DAY_MONTH_RE.fullmatch(s)
    if m:
        month = _month(m.group(2))
        if month is None:
            return None
        return _build(_year(m.group(3)), month, int(m.group(1)), *m.group(4, 5, 6, 7))
    m = _MONTH_DAY_RE.fullmatch(s)
    if m:
        month = _month(m.group(1))
        if month is None:
            return None
        return _build(int(m.group(3)), month, int(m.group(2)), *m.group(4, 5, 6, 7))
    if s[:4].isdigit() and len(s) >= 8:
        try:
            value = datetime.fromisoformat(s.replace(" UTC", "Z"))
        except ValueError:
            return None
        if value.tzinfo is not None:  # the export's times are local and naive: keep them so
            value = value.astimezone().replace(tzinfo=None)
        return value
    return None


def parse_sent_at(value: str) -> datetime | None:
    """`Sent At` of Invitations.csv (`6/12/26, 8:03 AM`), or None when it cannot be read.

    Also accepts 4-digit years, 24-hour times, seconds, a no-break or narrow no-break space before
    AM/PM, day-first copies where the first number cannot be a month, `08 Jun 2026` and ISO 8601.
    """
    # Fast path for LinkedIn's own spelling: `M/D/YY, H:MM AM` (strptime is ten times slower).
    parts = value.split("/", 2)
    if len(parts) == 3:
        rest = parts[2]  # `26, 8:03 AM` or `26, 10:47 PM`
        if (
            (len(rest) == 11 or len(rest) == 12)
            and rest[2] == ","
            and rest[3] == " "
            and rest[-6] == ":"
            and rest[-3] in _AMPM_SPACES
        ):
            mo, dd, yy, hh, mi, ap = (
                parts[0],
                parts[1],
                rest[:2],
                rest[4:-6],
                rest[-5:-3],
                rest[-2:],
            )
            if (
                (ap == "AM" or ap == "PM")
                and mo.isdigit()
                and dd.isdigit()
                and yy.isdigit()
                and hh.isdigit()
                and mi.isdigit()
            ):
                h, month = int(hh), int(mo)
                if 1 <= h <= 12 and 1 <= month <= 12:
                    if ap == "PM":
                        h = 12 if h == 12 else h + 12
                    elif h == 12:
                        h = 0
                    try:
                        return datetime(2000 + int(yy), month, int(dd), h, int(mi))
                    except ValueError:
                        return None
    s = value.strip()
    if not s:
        return None
    return _parse_datetime(s)


@lru_cache(maxsize=8192)
def parse_connected_on(value: str) -> date | None:
    """`Connected On` of Connections.csv (`08 Jun 2026`; `29-May-24` from a spreadsheet), or None.

    Also accepts `Jun 8, 2026`, `6/8/26`, ISO 8601 and everything `parse_sent_at` reads.
    """
    s = value.strip()
    if not s:
        return None
    m = _DAY_MONTH_RE.fullmatch(s)
    if m and m.group(4) is None:
        month = _month(m.group(2))
        if month is None:
            return None
        try:
            return date(_year(m.group(3)), month, int(m.group(1)))
        except ValueError:
            return None
    moment = _parse_datetime(s)
    return moment.date() if moment else None


# --- decoding -----------------------------------------------------------------------------------


_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
    (b"\xef\xbb\xbf", "utf-8-sig"),
)
#: What to try, in order, for a file without a byte-order mark that is not valid in the first.
_FALLBACKS = ("utf-8", "cp1252", "latin-1")
_BLANK = re.compile(rb"[ \t\r\n\x00\xef\xbb\xbf\xff\xfe]*")


def _encodings(data: bytes) -> tuple[str, ...]:
    """The encodings to read a CSV file with, in order: the one its byte-order mark names (only
    that one), else UTF-16 when its zeros say so, UTF-8, Windows-1252 and Latin-1."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return (encoding,)
    head = data[:8192]
    if b"\x00" in head:
        # UTF-16 without a BOM has a zero in every other byte of ASCII text.
        even, odd = head[0::2].count(0), head[1::2].count(0)
        if odd > len(head) // 4 and even == 0:
            return ("utf-16-le", *_FALLBACKS)
        if even > len(head) // 4 and odd == 0:
            return ("utf-16-be", *_FALLBACKS)
    # Otherwise a stray NUL in a stranger's note must not refuse the whole file: the share of
    # control characters (`_check_text`) tells text from binary.
    return _FALLBACKS


def _check_text(data: bytes, encoding: str, label: str) -> None:
    """Refuse a binary file: too many control characters in its first 8 KiB."""
    sample = data[:8192].decode(encoding, "replace")
    controls = sum(1 for ch in sample if ch < " " and ch not in "\t\n\r") + sample.count("\x7f")
    if controls > len(sample) // 20:
        raise InputError(f"{label} is a binary file, not a CSV text file.")


def _decode(data: bytes, label: str, errors: str = "strict") -> str:
    """The text of (the start of) a CSV file, in the first of `_encodings` that reads it."""
    candidates = _encodings(data)
    for encoding in candidates:
        try:
            text = data.decode(encoding, errors)
        except UnicodeDecodeError as error:
            if len(candidates) == 1:
                raise _not_valid(label, encoding, f"byte {error.start}") from None
            continue
        _check_text(data, encoding, label)
        return text
    raise AssertionError("Latin-1 decodes any bytes")  # pragma: no cover


def _not_valid(label: str, encoding: str, where: str) -> InputError:
    name = encoding.removesuffix("-sig").upper()
    return InputError(
        f"{label} starts with a {name} byte-order mark but is not valid {name} text ({where}); "
        "save it again as UTF-8 CSV."
    )


class _Undecodable(Exception):
    """The file stopped being valid in the encoding it was being read in, at `line`."""

    def __init__(self, line: int) -> None:
        super().__init__(line)
        self.line = line


# --- header detection ---------------------------------------------------------------------------


def _columns(row: list[str]) -> dict[str, int]:
    cols: dict[str, int] = {}
    for i, cell in enumerate(row):
        key = _NOT_ALNUM.sub("", cell.lower())
        if key and key not in cols:
            cols[key] = i
    return cols


def _kind_of(row: list[str]) -> tuple[str, dict[str, int]] | None:
    """Which export file a header row belongs to, with its column positions by normalised name."""
    if len(row) < 2:
        return None
    cols = _columns(row)
    if {"from", "to", "sentat", "direction"} <= cols.keys():
        return INVITATIONS, cols
    if {"firstname", "lastname", "connectedon"} <= cols.keys():
        return CONNECTIONS, cols
    if {"companyname", "title"} <= cols.keys() and ({"startedon", "finishedon"} & cols.keys()):
        return POSITIONS, cols
    if "fullname" in cols and ({"date", "status", "followedon"} & cols.keys()):
        return FOLLOWS, cols
    return None


def _kind_from_name(name: str) -> str | None:
    m = _NAME_RE.match(name)
    if not m:
        return None
    return next(kind for kind, group in zip(_NAME_KINDS, m.groups(), strict=True) if group)


def _sniff_delimiter(text: str) -> str:
    """`,` for LinkedIn's files; `;` or tab for copies re-saved by a spreadsheet."""
    for line in text[:65536].splitlines()[:HEADER_SCAN_RECORDS]:
        low = line.lower()
        if ("sent at" in low and "direction" in low) or ("first name" in low and "last" in low):
            counts = {d: line.count(d) for d in (",", ";", "\t")}
            return max(counts, key=lambda d: counts[d])
    return ","


def _find_header(
    rows: Iterator[list[str]], label: str
) -> tuple[str, dict[str, int], int, list[str] | None]:
    """Read records until the header; returns kind, columns, its row number and the first row."""
    first: list[str] | None = None
    number = 0
    for row in rows:
        number += 1
        if first is None and any(cell.strip() for cell in row):
            first = row
        found = _kind_of(row)
        if found:
            return found[0], found[1], number, first
        if number >= HEADER_SCAN_RECORDS:
            break
    return "", {}, number, first


def _unknown_header(label: str, hint: str | None, first: list[str] | None) -> InputError:
    shown = one_line(",".join(first or []), limit=80)
    if hint:
        expected = f"the header {_EXPECTED[hint]}"
    else:
        expected = (
            f"the header of Invitations.csv ({_EXPECTED[INVITATIONS]}) or Connections.csv "
            f"({_EXPECTED[CONNECTIONS]})"
        )
    return InputError(
        f"{label} is not a LinkedIn export file: it starts with “{shown}” where {expected} "
        "was expected."
    )


# --- rows ---------------------------------------------------------------------------------------

# The common profile URL, whose slug `slug_from_url` would only lower-case (no %, no Unicode).
_PLAIN_PROFILE_URL = re.compile(r"https?://(?:www\.)?linkedin\.com/in/([A-Za-z0-9_.~-]+)/?")


def _slug(url: str) -> str:
    """`text.slug_from_url(url)`, with a fast path for the common plain URL."""
    m = _PLAIN_PROFILE_URL.fullmatch(url)
    if m:
        return m.group(1).lower()
    return slug_from_url(url)


def _line(value: str, limit: int) -> str:
    """`text.one_line(value, limit)`, with a fast path for text that needs no cleaning."""
    if value.isprintable() and "  " not in value and len(value) <= limit:
        return value.strip()  # printable: no controls, no odd spaces, nothing for one_line to do
    return one_line(value, limit=limit)


def _shown(value: str) -> str:
    return "“" + one_line(value, limit=40) + "”"


def _read_invitations(
    rows: Iterator[list[str]], cols: dict[str, int], number: int, label: str, out: ImportData
) -> None:
    i_from, i_to, i_sent, i_dir = cols["from"], cols["to"], cols["sentat"], cols["direction"]
    i_msg = cols.get("message", -1)
    i_inviter = cols.get("inviterprofileurl", -1)
    i_invitee = cols.get("inviteeprofileurl", -1)
    width = max(i_from, i_to, i_sent, i_dir, i_msg, i_inviter, i_invitee) + 1
    pad = [""] * width
    append = out.invitations.append
    me: Counter[tuple[str, str]] = Counter()  # the other side of every row is the user
    for row in rows:
        number += 1
        if len(row) < width:
            if not any(cell.strip() for cell in row):
                continue  # a blank line
            row = row + pad[len(row) :]
        direction = row[i_dir].strip().lower()
        if direction == "incoming":
            raw_name = row[i_from]
            url = row[i_inviter] if i_inviter >= 0 else ""
            if len(me) < 4:
                me[(row[i_to], row[i_invitee] if i_invitee >= 0 else "")] += 1
        elif direction == "outgoing":
            raw_name = row[i_to]
            url = row[i_invitee] if i_invitee >= 0 else ""
            if len(me) < 4:
                me[(row[i_from], row[i_inviter] if i_inviter >= 0 else "")] += 1
        else:
            if not any(cell.strip() for cell in row):
                continue
            out.problems.append(
                f"{label}, row {number}: the direction {_shown(row[i_dir])} is neither INCOMING "
                "nor OUTGOING; the row was skipped."
            )
            out.skipped += 1
            continue
        raw_sent = row[i_sent]
        sent_at = parse_sent_at(raw_sent)
        if sent_at is None and raw_sent.strip():
            out.problems.append(
                f"{label}, row {number}: the date {_shown(raw_sent)} cannot be read "
                "(expected like 6/12/26, 8:03 AM); the row was skipped."
            )
            out.skipped += 1
            continue
        name = _line(raw_name, MAX_NAME_CHARS) if raw_name else ""
        slug = _slug(url) if url else ""
        if not name and not slug:
            out.problems.append(
                f"{label}, row {number}: the invitation has neither a name nor a profile URL; "
                "the row was skipped."
            )
            out.skipped += 1
            continue
        first, last = split_name(name)
        message = row[i_msg] if i_msg >= 0 else ""
        if message:
            message = clean_text(message[: MAX_MESSAGE_CHARS * 2], limit=MAX_MESSAGE_CHARS)
        append(
            Invitation(
                name=name,
                direction=direction,
                profile_url=profile_url(slug),
                sent_at=sent_at,
                message=message,
                first_name=first,
                last_name=last,
                source="export",
            )
        )
    if me:
        (me_name, me_url), _ = me.most_common(1)[0]
        out.me_name = _line(me_name, MAX_NAME_CHARS)
        out.me_url = profile_url(_slug(me_url)) if me_url else ""


def _read_connections(
    rows: Iterator[list[str]], cols: dict[str, int], number: int, label: str, out: ImportData
) -> None:
    i_first, i_last, i_on = cols["firstname"], cols["lastname"], cols["connectedon"]
    i_url = cols.get("url", cols.get("profileurl", -1))
    i_email = cols.get("emailaddress", cols.get("email", -1))
    i_company = cols.get("company", -1)
    i_position = cols.get("position", -1)
    width = max(i_first, i_last, i_on, i_url, i_email, i_company, i_position) + 1
    pad = [""] * width
    append = out.connections.append
    for row in rows:
        if len(row) < width:
            row = row + pad[len(row) :]
        first = _line(row[i_first], MAX_NAME_CHARS)
        last = _line(row[i_last], MAX_NAME_CHARS)
        url = row[i_url] if i_url >= 0 else ""
        slug = _slug(url) if url else ""
        if not first and not last and not slug:
            continue  # a hidden profile (only a date) or a blank line: nothing to know
        append(
            Connection(
                first_name=first,
                last_name=last,
                profile_url=profile_url(slug),
                email=_line(row[i_email], MAX_FIELD_CHARS) if i_email >= 0 else "",
                company=_line(row[i_company], MAX_FIELD_CHARS) if i_company >= 0 else "",
                position=_line(row[i_position], MAX_FIELD_CHARS) if i_position >= 0 else "",
                connected_on=parse_connected_on(row[i_on]),
            )
        )


def _read_follows(
    rows: Iterator[list[str]], cols: dict[str, int], number: int, label: str, out: ImportData
) -> None:
    i_name = cols["fullname"]
    i_status = cols.get("status", -1)
    for row in rows:
        if len(row) <= i_name:
            continue
        name = one_line(row[i_name], limit=MAX_NAME_CHARS)
        if not name:
            continue
        if 0 <= i_status < len(row):
            status = row[i_status].strip().lower()
            if "unfollow" in status or status in ("inactive", "removed", "deleted"):
                continue  # no longer followed
        out.follows.append(name)


def _read_positions(
    rows: Iterator[list[str]], cols: dict[str, int], number: int, label: str, out: ImportData
) -> None:
    i_company, i_title = cols["companyname"], cols["title"]
    width = max(i_company, i_title) + 1
    for row in rows:
        if len(row) < width:
            row = row + [""] * (width - len(row))
        company = one_line(row[i_company], limit=MAX_FIELD_CHARS)
        title = one_line(row[i_title], limit=MAX_FIELD_CHARS)
        if company or title:
            out.positions.append(Position(company=company, title=title))


_READERS = {
    INVITATIONS: _read_invitations,
    CONNECTIONS: _read_connections,
    FOLLOWS: _read_follows,
    POSITIONS: _read_positions,
}


def _parse(data: bytes, label: str, hint: str | None) -> ImportData:
    """One CSV file's bytes → what it holds. Raises InputError when the file cannot be read.

    The text is decoded as the CSV reader goes, never as one string: 20 MB of CSV with one
    emoji in it would be 80 MB as a str, and as much again in a StringIO.
    """
    if _BLANK.fullmatch(data):
        raise InputError(f"{label} is empty.")
    candidates = _encodings(data)
    for encoding in candidates:
        try:
            text = io.TextIOWrapper(io.BytesIO(data), encoding=encoding, newline="")
            return _parse_text(text, data, encoding, label, hint)
        except _Undecodable as error:
            if len(candidates) == 1:
                raise _not_valid(label, encoding, f"near line {error.line}") from None
    raise AssertionError("Latin-1 decodes any bytes")  # pragma: no cover


def _parse_text(
    text: io.TextIOWrapper, data: bytes, encoding: str, label: str, hint: str | None
) -> ImportData:
    _check_text(data, encoding, label)
    if csv.field_size_limit() < FIELD_SIZE_LIMIT:
        csv.field_size_limit(FIELD_SIZE_LIMIT)
    delimiter = _sniff_delimiter(data[:65536].decode(encoding, "ignore"))
    rows = csv.reader(text, delimiter=delimiter)
    out = ImportData()
    number = 0
    try:
        kind, cols, number, first = _find_header(rows, label)
        if not kind:
            raise _unknown_header(label, hint, first)
        _READERS[kind](rows, cols, number, label, out)
    except UnicodeDecodeError:
        raise _Undecodable(rows.line_num) from None
    except csv.Error as error:
        raise InputError(
            f"{label}, near line {rows.line_num}: the CSV cannot be read ({error}); "
            "is a quote left open?"
        ) from None
    return out


# --- files, folders, ZIPs -----------------------------------------------------------------------


def _read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InputError(
                f"{path} is {size / 2**20:,.0f} MB, more than the {MAX_FILE_BYTES // 2**20} MB "
                "a LinkedIn export file can be; refusing to read it."
            )
        with path.open("rb") as handle:
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


def _no_files(where: Path) -> InputError:
    return InputError(
        f"{where} contains no LinkedIn export files (Invitations.csv, Connections.csv)."
    )


def _collect(out: ImportData, data: bytes, label: str, kind: str | None) -> None:
    """Parse one file of a ZIP or folder into `out`.

    An unreadable Invitations.csv or Connections.csv stops the import; an empty one, or an odd
    Member_Follows.csv or Positions.csv, only becomes a problem sentence.
    """
    try:
        out.extend(_parse(data, label, kind))
    except InputError as error:
        if kind in (INVITATIONS, CONNECTIONS) and not str(error).endswith(" is empty."):
            raise
        out.problems.append(str(error))


def _read_zip(path: Path) -> ImportData:
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
        members: list[tuple[zipfile.ZipInfo, str]] = []
        for info in archive.infolist():
            if info.is_dir():
                continue
            base = info.filename.replace("\\", "/").rsplit("/", 1)[-1]
            kind = _kind_from_name(base)
            if kind:
                members.append((info, kind))
        if not members:
            raise _no_files(path)
        total = 0
        for info, _kind in members:  # check everything before unpacking anything
            label = _member_label(info, path)
            if info.flag_bits & 0x1:
                raise InputError(f"{label} is encrypted; unzip it yourself and import the folder.")
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > MAX_FILE_BYTES or (
                info.file_size > RATIO_MIN_BYTES and ratio > MAX_RATIO
            ):
                raise InputError(
                    f"{label} would unpack to {info.file_size / 2**20:,.0f} MB "
                    f"({ratio:,.0f} times its packed size), more than a LinkedIn export holds; "
                    "refusing to unpack it (it looks like a ZIP bomb)."
                )
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
        out = ImportData()
        for info, kind in sorted(members, key=lambda m: m[0].filename):
            label = _member_label(info, path)
            try:
                data = _unpack(archive, info, label)
            except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError):
                raise InputError(
                    f"{label} cannot be unpacked: the ZIP is damaged or truncated."
                ) from None
            _collect(out, data, label, kind)
        return out


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


def _export_files(folder: Path) -> list[tuple[Path, str]]:
    found: list[tuple[Path, str]] = []
    try:
        entries = sorted(folder.iterdir())
        for entry in entries:
            if entry.is_dir() and not entry.name.startswith("."):
                for inner in sorted(entry.iterdir()):
                    kind = _kind_from_name(inner.name)
                    if kind and inner.is_file():
                        found.append((inner, kind))
            else:
                kind = _kind_from_name(entry.name)
                if kind and entry.is_file():
                    found.append((entry, kind))
    except OSError as error:
        raise InputError(f"{folder} cannot be read ({error.strerror or error}).") from None
    return found


def _read_folder(folder: Path) -> ImportData:
    files = _export_files(folder)
    if not files:
        raise _no_files(folder)
    out = ImportData()
    for file, kind in files:
        _collect(out, _read_bytes(file), str(file), kind)
    return out


def read_export(path: Path) -> ImportData:
    """A LinkedIn export: a *_LinkedInDataExport_*.zip (any zip), an unzipped folder, or a single
    Invitations.csv / Connections.csv / Member_Follows.csv / Positions.csv file."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path} does not exist.")
    if path.is_dir():
        return _read_folder(path)
    if is_zip(path):
        return _read_zip(path)
    return _parse(_read_bytes(path), str(path), _kind_from_name(path.name))


def looks_like_export_csv(path: Path) -> bool:
    """True when a .csv file is one of LinkedIn's export files (by its header, not its name)."""
    try:
        with Path(path).open("rb") as handle:
            head = handle.read(65536)
        text = _decode(head, str(path), "strict" if len(head) < 65536 else "replace")
    except (OSError, InputError):
        return False
    if len(head) == 65536:  # cut mid-record: drop the partial last line
        text = text[: text.rfind("\n") + 1] or text
    try:
        rows = csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_delimiter(text))
        kind, _cols, _number, _first = _find_header(rows, str(path))
    except csv.Error:
        return False
    return bool(kind)
