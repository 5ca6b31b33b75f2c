"""Which file of LinkedIn's export a CSV is: by its header row (found past a preamble), else by
its file name; and the sentence that says so when it is none of them. No Textual here."""

from __future__ import annotations

import re
from collections.abc import Iterator

from linkinbox.errors import InputError
from linkinbox.importers import evidence_export
from linkinbox.importers.decoding import delimiter_of
from linkinbox.text import one_line

#: How many records to look through for the header (Connections.csv has a preamble).
HEADER_SCAN_RECORDS = 200

INVITATIONS = "invitations"
CONNECTIONS = "connections"
FOLLOWS = "follows"
POSITIONS = "positions"

EXPECTED = {
    INVITATIONS: "From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl",
    CONNECTIONS: "First Name,Last Name,URL,Email Address,Company,Position,Connected On",
    FOLLOWS: "Date,FullName,Status",
    POSITIONS: "Company Name,Title,Description,Location,Started On,Finished On",
}
FILE_NAMES = {
    INVITATIONS: "Invitations.csv",
    CONNECTIONS: "Connections.csv",
    FOLLOWS: "Member_Follows.csv",
    POSITIONS: "Positions.csv",
}
EXPECTED.update(evidence_export.EXPECTED)
# Base names of the export files we read: any case, an optional copy suffix (" (1)", "_2").
_NAME_RE = re.compile(
    r"^(?:(invitations)|(connections)|(member[ _-]?follows)|(positions))"
    r"(?:[ _-]*(?:\(\d+\)|\d+))?\.csv$",
    re.IGNORECASE,
)
_NAME_KINDS = (INVITATIONS, CONNECTIONS, FOLLOWS, POSITIONS)
_COPY_SUFFIX = re.compile(r"(?:[ _-]*(?:\(\d+\)|\d+))?\.csv$", re.IGNORECASE)
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def _columns(row: list[str]) -> dict[str, int]:
    cols: dict[str, int] = {}
    for i, cell in enumerate(row):
        key = _NOT_ALNUM.sub("", cell.lower())
        if key and key not in cols:
            cols[key] = i
    return cols


def kind_of(row: list[str]) -> tuple[str, dict[str, int]] | None:
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
    kind = evidence_export.kind_of(cols)
    return (kind, cols) if kind else None


def kind_from_name(name: str) -> str | None:
    m = _NAME_RE.match(name)
    if not m:
        suffix = _COPY_SUFFIX.search(name)
        if suffix is None:
            return None
        return evidence_export.kind_from_name(_NOT_ALNUM.sub("", name[: suffix.start()].lower()))
    return next(kind for kind, group in zip(_NAME_KINDS, m.groups(), strict=True) if group)


def sniff_delimiter(text: str) -> str:
    """`,` for LinkedIn's files; `;` or tab for copies re-saved by a spreadsheet."""
    for line in text[:65536].splitlines()[:HEADER_SCAN_RECORDS]:
        low = line.lower()
        if ("sent at" in low and "direction" in low) or ("first name" in low and "last" in low):
            return delimiter_of(line)
    return ","


def find_header(rows: Iterator[list[str]]) -> tuple[str, dict[str, int], int, list[str] | None]:
    """Read records until the header; returns kind, columns, its row number and the first row."""
    first: list[str] | None = None
    number = 0
    for row in rows:
        number += 1
        if first is None and any(cell.strip() for cell in row):
            first = row
        found = kind_of(row)
        if found:
            return found[0], found[1], number, first
        if number >= HEADER_SCAN_RECORDS:
            break
    return "", {}, number, first


def unknown_header(label: str, hint: str | None, first: list[str] | None) -> InputError:
    shown = one_line(",".join(first or []), limit=80)
    if hint:
        return InputError(
            f"{label} is not a LinkedIn export file: it starts with “{shown}” where the header "
            f"{EXPECTED[hint]} was expected."
        )
    from linkinbox.importers.own import accepted_columns

    return InputError(
        f"{label}: unknown columns “{shown}”; linkinbox reads LinkedIn's Invitations.csv "
        f"({EXPECTED[INVITATIONS]}) and Connections.csv ({EXPECTED[CONNECTIONS]}), and lists "
        f"with the columns {accepted_columns()}."
    )
