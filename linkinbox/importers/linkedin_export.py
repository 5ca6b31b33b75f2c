"""Read LinkedIn's own data export: the ZIP, the unzipped folder, or one of its CSV files.

Files read (matched loosely on the base name, in any sub-folder of the ZIP):

- `Invitations.csv` — `From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl`
  (exports before 2023 lack the two URL columns). One `Invitation` per row, both directions.
- `Connections.csv` — a `Notes:` preamble, then
  `First Name,Last Name,URL,Email Address,Company,Position,Connected On` (no `URL` before 2023).
- `Member_Follows.csv` — `Date,FullName,Status`: the people the user follows.
- `Positions.csv` — `Company Name,Title,Description,Location,Started On,Finished On`.
- `messages.csv`, `Endorsement_Received_Info.csv`, `Endorsement_Given_Info.csv`,
  `Recommendations_Received.csv`, `Recommendations_Given.csv`: evidence of who the user knows
  (see `evidence_export`); messages.csv is read as a stream, never whole.

A file's kind is decided by its header, never by its name. Text is decoded as UTF-8 (with or
without BOM), UTF-16 (with BOM, as spreadsheets write it) or, failing those, Windows-1252.
No Textual here, and nothing is ever extracted to disk.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import IO

from linkinbox.atomic import open_regular, special_kind
from linkinbox.errors import InputError
from linkinbox.importers import evidence_export
from linkinbox.importers.dates import (
    FIRST_YEAR,
    LAST_YEAR,
    parse_connected_on,
    parse_month,
    parse_sent_at,
)
from linkinbox.importers.decoding import (
    Undecodable,
    check_text,
    decode,
    delimiter_of,
    encodings,
    is_blank,
    not_valid,
)
from linkinbox.importers.export_kinds import (
    CONNECTIONS,
    FOLLOWS,
    INVITATIONS,
    POSITIONS,
    find_header,
    kind_from_name,
    kind_of,
    sniff_delimiter,
    unknown_header,
)
from linkinbox.importers.safezip import MAX_STREAM_BYTES, Opener, is_zip, members, read_bytes
from linkinbox.models import Connection, ImportData, Invitation, Position
from linkinbox.text import (
    UnsafeAddress,
    clean_text,
    one_line,
    profile_url,
    slug_from_url,
    split_name,
)

# --- limits -------------------------------------------------------------------------------------

#: Longest single CSV field the csv module accepts; longer means a broken (unclosed) quote.
FIELD_SIZE_LIMIT = 16 * 1024 * 1024
#: A note is at most 300 characters on LinkedIn; anything longer is cut here.
MAX_MESSAGE_CHARS = 10_000
MAX_NAME_CHARS = 200
MAX_FIELD_CHARS = 500

#: Files read as a stream, whatever their size.
_STREAMED = frozenset({evidence_export.MESSAGES_KIND})
#: Files whose trouble is only a problem sentence, never the end of the import.
_OPTIONAL = frozenset({FOLLOWS, POSITIONS, *evidence_export.KINDS})


# --- rows ---------------------------------------------------------------------------------------

# The common profile URLs: a slug of letters, digits and `_.~-` (which `slug_from_url` would only
# lower-case), or of any printable characters but `%`, `/`, `?`, `#` and spaces (which it would
# only bring to NFC and lower-case); then perhaps a `/`, and a query or fragment of printable
# ASCII, which it drops.
_PLAIN_PROFILE_URL = re.compile(
    r"https?://(?:www\.)?linkedin\.com/in/([A-Za-z0-9_.~-]+)/?(?:[?#][!-~]*)?"
)
_PROFILE_URL = re.compile(r"https?://(?:www\.)?linkedin\.com/in/([^%/?#\s]+)/?(?:[?#][!-~]*)?")


def _slug(url: str) -> str:
    """`text.slug_from_url(url)`, with a fast path for the common profile URLs."""
    return _slugs(url)[0]


def _slugs(url: str) -> tuple[str, str]:
    """`_slug(url)`, and again when it is the merge's identity as it is (`Invitation.slug`): when
    `slug_from_url` gives it back unchanged from `profile_url(slug)`, as its first test."""
    m = _PLAIN_PROFILE_URL.fullmatch(url)
    if m:
        slug = m.group(1).lower()
        return slug, slug
    m = _PROFILE_URL.fullmatch(url)
    if m and m.group(1).isprintable():
        slug = unicodedata.normalize("NFC", m.group(1)).lower()
        final = (
            slug.isprintable() and slug == slug.lower() and unicodedata.is_normalized("NFC", slug)
        )
        return slug, slug if final else ""
    return slug_from_url(url), ""


def _line(value: str, limit: int) -> str:
    """`text.one_line(value, limit)`, with a fast path for text that needs no cleaning."""
    if value.isprintable() and "  " not in value and len(value) <= limit:
        return value.strip()  # printable: no controls, no odd spaces, nothing for one_line to do
    return one_line(value, limit=limit)


def _shown(value: str) -> str:
    return "“" + one_line(value, limit=40) + "”"


def _unsafe_url(label: str, number: int, url: str) -> str:
    return (
        f"{label}, row {number}: the profile URL {_shown(url)} holds control characters; "
        "the row was skipped."
    )


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
                f"{label}, row {number}: the date {_shown(raw_sent)} cannot be read as a date "
                f"between the years {FIRST_YEAR} and {LAST_YEAR} (expected like 6/12/26, "
                "8:03 AM); the row was skipped."
            )
            out.skipped += 1
            continue
        name = _line(raw_name, MAX_NAME_CHARS) if raw_name else ""
        try:
            slug, known = _slugs(url) if url else ("", "")
        except UnsafeAddress:
            out.problems.append(_unsafe_url(label, number, url))
            out.skipped += 1
            continue
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
                slug=known,
            )
        )
    if me:
        (me_name, me_url), _ = me.most_common(1)[0]
        out.me_name = _line(me_name, MAX_NAME_CHARS)
        try:
            out.me_url = profile_url(_slug(me_url)) if me_url else ""
        except UnsafeAddress:
            out.me_url = ""  # the user's own address, badly copied: their config can say it


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
        number += 1
        if len(row) < width:
            row = row + pad[len(row) :]
        first = _line(row[i_first], MAX_NAME_CHARS)
        last = _line(row[i_last], MAX_NAME_CHARS)
        url = row[i_url] if i_url >= 0 else ""
        try:
            slug = _slug(url) if url else ""
        except UnsafeAddress:
            out.problems.append(_unsafe_url(label, number, url))
            out.skipped += 1
            continue
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
    rows: Iterator[list[str]],
    cols: dict[str, int],
    number: int,  # noqa: ARG001 (every reader in READERS takes it)
    label: str,  # noqa: ARG001 (every reader in READERS takes it)
    out: ImportData,
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
    rows: Iterator[list[str]],
    cols: dict[str, int],
    number: int,  # noqa: ARG001 (every reader in READERS takes it)
    label: str,  # noqa: ARG001 (every reader in READERS takes it)
    out: ImportData,
) -> None:
    i_company, i_title = cols["companyname"], cols["title"]
    i_start, i_end = cols.get("startedon", -1), cols.get("finishedon", -1)
    width = max(i_company, i_title, i_start, i_end) + 1
    for row in rows:
        if len(row) < width:
            row = row + [""] * (width - len(row))
        company = one_line(row[i_company], limit=MAX_FIELD_CHARS)
        title = one_line(row[i_title], limit=MAX_FIELD_CHARS)
        if company or title:
            out.positions.append(
                Position(
                    company=company,
                    title=title,
                    started_on=parse_month(row[i_start]) if i_start >= 0 else None,
                    finished_on=parse_month(row[i_end]) if i_end >= 0 else None,
                )
            )


_Reader = Callable[[Iterator[list[str]], dict[str, int], int, str, ImportData], None]
_READERS: dict[str, _Reader] = {
    INVITATIONS: _read_invitations,
    CONNECTIONS: _read_connections,
    FOLLOWS: _read_follows,
    POSITIONS: _read_positions,
    evidence_export.MESSAGES_KIND: evidence_export.read_messages,
    evidence_export.ENDORSEMENTS_RECEIVED: partial(
        evidence_export.read_endorsements, direction="received"
    ),
    evidence_export.ENDORSEMENTS_GIVEN: partial(
        evidence_export.read_endorsements, direction="given"
    ),
    evidence_export.RECOMMENDATIONS_RECEIVED: partial(
        evidence_export.read_recommendations, direction="received"
    ),
    evidence_export.RECOMMENDATIONS_GIVEN: partial(
        evidence_export.read_recommendations, direction="given"
    ),
}


def _resolved(kind: str, hint: str | None, label: str) -> str:
    """The kind of a file whose header says `kind`: recommendations say their direction only in
    the file's name."""
    if kind == evidence_export.RECOMMENDATIONS:
        if hint not in (
            evidence_export.RECOMMENDATIONS_RECEIVED,
            evidence_export.RECOMMENDATIONS_GIVEN,
        ):
            raise InputError(
                f"{label} holds recommendations, but its name does not say whether you received "
                "or gave them; name it Recommendations_Received.csv or Recommendations_Given.csv."
            )
        return hint
    return kind


def _parse(data: bytes, label: str, hint: str | None) -> ImportData:
    """One CSV file's bytes → what it holds. Raises InputError when the file cannot be read.

    The text is decoded as the CSV reader goes, never as one string: 20 MB of CSV with one
    emoji in it would be 80 MB as a str, and as much again in a StringIO.
    """
    if is_blank(data):
        raise InputError(f"{label} is empty.")
    candidates = encodings(data)
    for encoding in candidates:
        try:
            text = io.TextIOWrapper(io.BytesIO(data), encoding=encoding, newline="")
            return _parse_text(text, data, encoding, label, hint)
        except Undecodable as error:
            if len(candidates) == 1:
                raise not_valid(label, encoding, f"near line {error.line}") from None
    raise AssertionError("Latin-1 decodes any bytes")  # pragma: no cover


def _parse_stream(open_file: Opener, label: str, hint: str | None) -> ImportData:
    """`_parse` for a file read as a stream (messages.csv): only its first 64 KiB are ever held
    as bytes; the rest goes through the CSV reader a buffer at a time."""
    import zipfile
    import zlib

    try:
        with open_file() as handle:
            head = handle.read(65536)
        if is_blank(head):
            raise InputError(f"{label} is empty.")
        candidates = encodings(head)
        for encoding in candidates:
            try:
                with open_file() as handle:
                    text = io.TextIOWrapper(handle, encoding=encoding, newline="")
                    return _parse_text(text, head, encoding, label, hint)
            except Undecodable as error:
                if len(candidates) == 1:
                    raise not_valid(label, encoding, f"near line {error.line}") from None
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError):
        raise InputError(f"{label} cannot be unpacked: the ZIP is damaged or truncated.") from None
    except OSError as error:
        raise InputError(f"{label} cannot be read ({error.strerror or error}).") from None
    raise AssertionError("Latin-1 decodes any bytes")  # pragma: no cover


def _parse_text(
    text: io.TextIOWrapper, data: bytes, encoding: str, label: str, hint: str | None
) -> ImportData:
    """Read the CSV `text`; `data` is (at least the first 64 KiB of) its bytes."""
    check_text(data, encoding, label)
    if csv.field_size_limit() < FIELD_SIZE_LIMIT:
        csv.field_size_limit(FIELD_SIZE_LIMIT)
    delimiter = sniff_delimiter(data[:65536].decode(encoding, "ignore"))
    rows = csv.reader(text, delimiter=delimiter)
    out = ImportData()
    number = 0
    try:
        kind, cols, number, first = find_header(rows)
        if not kind:
            raise unknown_header(label, hint, first)
        kind = _resolved(kind, hint, label)
        _READERS[kind](rows, cols, number, label, out)
        out.kinds.add(kind)
    except UnicodeDecodeError:
        raise Undecodable(rows.line_num) from None
    except csv.Error as error:
        raise InputError(
            f"{label}, near line {rows.line_num}: the CSV cannot be read ({error}); "
            "is a quote left open?"
        ) from None
    return out


# --- files, folders, ZIPs -----------------------------------------------------------------------


def _no_files(where: Path) -> InputError:
    return InputError(
        f"{where} contains no LinkedIn export files (Invitations.csv, Connections.csv)."
    )


def _collect(out: ImportData, data: bytes | Opener, label: str, kind: str | None) -> None:
    """Parse one file of a ZIP or folder (its bytes, or how to open it as a stream) into `out`.

    An unreadable Invitations.csv or Connections.csv stops the import; an odd Member_Follows.csv,
    Positions.csv or evidence file only becomes a problem sentence (the rest is imported); an
    empty file holds nothing to import and nothing to report.
    """
    try:
        if isinstance(data, bytes):
            out.extend(_parse(data, label, kind))
        else:
            out.extend(_parse_stream(data, label, kind))
    except InputError as error:
        if str(error).endswith(" is empty."):
            return
        if kind not in _OPTIONAL:
            raise
        out.problems.append(str(error))


def _file_opener(path: Path) -> Opener:
    """How to open a file read as a stream, after checking its size."""
    try:
        size = path.stat().st_size
    except OSError as error:
        raise InputError(f"{path} cannot be read ({error.strerror or error}).") from None
    if size > MAX_STREAM_BYTES:
        raise InputError(
            f"{path} is {size / 2**20:,.0f} MB, more than the {MAX_STREAM_BYTES // 2**20:,} MB "
            "a LinkedIn export file can be; refusing to read it."
        )

    def open_file() -> IO[bytes]:
        return open_regular(path)  # a FIFO swapped in after the listing: refused, not waited on

    return open_file


def _export_files(folder: Path) -> tuple[list[tuple[Path, str]], list[str]]:
    """The export files in a folder (and its sub-folders one level down), by name, and a
    sentence for each one that is a FIFO, a device or a socket: skipped, never opened (reading
    one would wait for ever)."""
    found: list[tuple[Path, str]] = []
    skipped: list[str] = []

    def consider(entry: Path) -> None:
        kind = kind_from_name(entry.name)
        if not kind:
            return
        special = special_kind(entry)
        if special is not None:
            skipped.append(f"{entry} is {special}, not a file; skipped without reading it.")
        elif entry.is_file():
            found.append((entry, kind))

    try:
        entries = sorted(folder.iterdir())
        for entry in entries:
            if entry.is_dir() and not entry.name.startswith("."):
                for inner in sorted(entry.iterdir()):
                    consider(inner)
            else:
                consider(entry)
    except OSError as error:
        raise InputError(f"{folder} cannot be read ({error.strerror or error}).") from None
    return found, skipped


def _read_zip(path: Path) -> ImportData:
    out = ImportData()
    found = False
    for label, kind, data in members(path, kind_from_name, _STREAMED.__contains__):
        found = True
        _collect(out, data, label, kind)
    if not found:
        raise _no_files(path)
    return out


def _read_folder(folder: Path) -> ImportData:
    files, skipped = _export_files(folder)
    if not files:
        if skipped:
            raise InputError(f"{skipped[0]} {folder} contains no other LinkedIn export files.")
        raise _no_files(folder)
    out = ImportData(problems=skipped)
    for file, kind in files:
        if kind in _STREAMED:
            _collect(out, _file_opener(file), str(file), kind)
        else:
            _collect(out, read_bytes(file), str(file), kind)
    return out


def read_export(path: Path) -> ImportData:
    """A LinkedIn export: a *_LinkedInDataExport_*.zip (any zip), an unzipped folder, or a single
    Invitations.csv / Connections.csv / Member_Follows.csv / Positions.csv file."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path} does not exist.")
    if path.is_dir():
        out = _read_folder(path)
    elif is_zip(path):
        out = _read_zip(path)
    else:
        kind = kind_from_name(path.name)
        if kind in _STREAMED or (kind is None and _streamed_by_header(path)):
            out = _parse_stream(_file_opener(path), str(path), kind)
        else:
            out = _parse(read_bytes(path), str(path), kind)
    return _with_snapshot(path, out)


def _with_snapshot(path: Path, out: ImportData) -> ImportData:
    """Remember the export's date and who is in it, to reconcile decisions with."""
    from linkinbox.reconcile import snapshot

    taken = snapshot(path, out, out.kinds)
    if taken is not None:
        out.exports.append(taken)
    return out


def _streamed_by_header(path: Path) -> bool:
    """A file named otherwise whose header says it is one to stream (a renamed messages.csv)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
        lines = head.decode(encodings(head)[0], "replace").splitlines()
        line = lines[0] if lines else ""
        row = next(csv.reader([line], delimiter=delimiter_of(line)), [])
    except (OSError, csv.Error, LookupError, ValueError):
        return False
    found = kind_of(row)
    return found is not None and found[0] in _STREAMED


def looks_like_export_csv(path: Path) -> bool:
    """True when a .csv file is one of LinkedIn's export files (by its header, not its name)."""
    try:
        with Path(path).open("rb") as handle:
            head = handle.read(65536)
        text = decode(head, str(path), "strict" if len(head) < 65536 else "replace")
    except (OSError, InputError):
        return False
    if len(head) == 65536:  # cut mid-record: drop the partial last line
        text = text[: text.rfind("\n") + 1] or text
    try:
        rows = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))
        kind, _cols, _number, _first = find_header(rows)
    except csv.Error:
        return False
    return bool(kind)
