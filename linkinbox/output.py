"""Every request of a view as `list --json` and `export` write it, at the speed the store reads:
a stored row goes out as it is when nothing in it needs changing, through `Inbox.as_json` if not.

The common row (clean one-line text, dates as `Request` writes them, a known status, a person the
store knows nothing more about) needs no `Request`, no date parsed and no history asked: it is
written from the columns themselves. Any other row takes the per-request path, so the output is
exactly what `as_json` gives for every row (`tests/test_streaming.py` compares them).
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from itertools import chain, repeat
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from linkinbox.query import request_from_row
from linkinbox.text import defuse, inert

if TYPE_CHECKING:
    from linkinbox.inbox import Inbox, _Known


#: At most this many ways of wording reasons are kept read (memory stays flat).
_REASONS_KEPT = 4096


#: Rows read and checked at a time by the CSV export.
_CHUNK = 500
#: The text columns `as_json` makes inert as one line, as several, and writes as they are.
_ONE_LINE: tuple[str, ...] = ("name", "first_name", "last_name", "headline", "location")
_ONE_LINE += ("company", "profile_url", "source")
_MULTILINE = ("message", "reply")
_RAW = ("on_linkedin",)
_DATES = ("sent_at", "decided_at", "done_at")
#: Joins a chunk's text cells for one check of them all: printable, Latin-1 (the joined text
#: stays one byte a character when the cells are) and rare in names and notes (a formula's start
#: after one that a cell holds sends the chunk row by row, nothing worse).
_SEP = "\xa4"
#: A spreadsheet formula's start (or `'`): a cell starting so is one `text.defuse` would change.
_STARTS = re.compile("[=+@'\t\r-]")
#: The same after `_SEP`: a cell (but the first) of joined cells starting so.
_AFTER_SEP = re.compile(_SEP + _STARTS.pattern)


def _formula(cells: str) -> bool:
    """Whether one of these cells (joined by `_SEP`) may start as a formula."""
    return _STARTS.match(cells) is not None or _AFTER_SEP.search(cells) is not None


#: A stored date's day and hour (see `_Dates`).
_HOUR = itemgetter(slice(0, 13))


def _as_is(one_line: str, multiline: str, raw: str = "") -> bool:
    """Whether `as_json` and `text.defuse` leave these cells as they are (each kind joined by
    `_SEP`): `one_line` printable, `multiline` what `inert(…, multiline=True)` keeps, and no
    cell of the three starting as a formula."""
    return (
        one_line.isprintable()
        and inert(multiline, multiline=True) is multiline
        and not _formula(one_line)
        and not _formula(multiline)
        and not _formula(raw)
    )


class _Dates:
    """Which stored dates (shaped as `store_requests.AS_STORED` checks) `Request` reads back
    as themselves, as `as_json` writes them (`datetime.fromisoformat(d).isoformat() == d`): a
    day and hour that exist, from year 1. Remembered by day and hour (`hours`, the first 13
    characters), so a date costs a set lookup, not a parse."""

    def __init__(self) -> None:
        self.hours: set[str] = {""}  # NULL: no date, written as none (COALESCE)

    def known(self, hours: set[Any]) -> bool:
        """Whether every date of these days and hours (the first 13 characters of dates shaped
        as `AS_STORED` checks, or "" for none) reads back as itself."""
        return hours <= self.hours or all(self(f"{hour}:00:00") for hour in hours - self.hours)

    def __call__(self, value: Any) -> bool:
        from datetime import datetime

        try:
            same = bool(datetime.fromisoformat(value).isoformat() == value)
        except (TypeError, ValueError):
            return False
        if same:
            self.hours.add(value[:13])
        return same


def json_rows(
    inbox: Inbox, cursor: Iterable[Sequence[Any]], known: _Known
) -> Iterator[dict[str, Any]]:
    """`Inbox.as_json` of every request `cursor` reads (`Store.output_cursor`), with history, as
    they are read. A person the store may know more about than their request (`known` tells)
    and any row with text to clean or an odd date take `as_json` itself."""
    shared = known.shared
    # Asked only when their table holds anyone (`may_hold`: never, for an empty one).
    connection = known.connections.may_hold if known.connections.keys else None
    evidence = known.evidence.may_hold if known.evidence.keys else None
    # How a lone invitation is worded, either way. An existing connection (whose JSON adds
    # `connected_on` and `position`) has no invitation, nor any word here: `as_json` writes it.
    words = {direction: known.lone_what(direction) for direction in ("incoming", "outgoing")}
    dates = _Dates()
    hours = dates.hours
    loads = json.loads
    parsed: dict[str, Any] = {}  # reasons as stored → as read: screening words few ways
    for row in cursor:
        (as_stored, stranger, suggested, reasons, rid, key, name, first, last, headline,
         location, company, url, message, sent_at, mutual, source, state, decided, reply,
         invites, _marked, on_linkedin, done, direction) = row  # fmt: skip
        if not reasons:
            why: Any = []
        elif (why := parsed.get(reasons)) is None:
            if len(parsed) > _REASONS_KEPT:
                parsed.clear()
            why = parsed[reasons] = loads(reasons)
        if (
            as_stored
            and (what := words.get(direction)) is not None
            and (sent_at is None or sent_at[:13] in hours or dates(sent_at))
            and (decided is None or decided[:13] in hours or dates(decided))
            and (done is None or done[:13] in hours or dates(done))
            and type(why) is list
            and (name + first + last + headline + location + company + url + source).isprintable()
            and (message.isprintable() or inert(message, multiline=True) is message)
            and (reply is None or reply.isprintable() or inert(reply, multiline=True) is reply)
            and key not in shared
            and (connection is None or not connection(key, name))
            and (evidence is None or not evidence(key, name))
        ):
            yield {
                "id": rid,
                "name": name,
                "first_name": first,
                "last_name": last,
                "headline": headline,
                "location": location,
                "company": company,
                "profile_url": url,
                "message": message,
                "sent_at": sent_at,
                "mutual_connections": mutual,
                "invite_count": invites,
                "source": source,
                "status": state,
                "decided_at": decided,
                "reply": reply,
                "stranger": None if stranger is None else bool(stranger),
                "reasons": why.copy(),
                "suggested": suggested,
                "on_linkedin": on_linkedin,
                "done_at": done,
                "history": [{"date": sent_at, "what": what}] if sent_at else [],
            }
            continue
        known.current = (direction, sent_at)
        screening = (stranger, suggested, list(why))
        yield inbox.as_json(request_from_row(row[4:]), screening, known=known)


def csv_chunks(
    inbox: Inbox, cursor: sqlite3.Cursor, fields: tuple[str, ...]
) -> Iterator[list[Sequence[Any]]]:
    """The cells of every request `cursor` reads (`Store.csv_cursor` of `fields`, `id` among
    them) as `export --format csv` writes them (`Inbox.as_json` without history, None as an
    empty cell, `text.defuse`d), a few hundred rows at a time, as they are read. A chunk whose
    every row goes out as stored is checked at once (one string of each kind of its text)."""
    at = {field: i for i, field in enumerate(fields)}
    lines = itemgetter(*[at[f] for f in _ONE_LINE + _RAW])  # one line each (_RAW: as it is)
    one_line = itemgetter(*[at[f] for f in _ONE_LINE])
    notes = itemgetter(*[at[f] for f in _MULTILINE])
    raw_at = [at[f] for f in _RAW]
    id_at = at["id"]
    ids = itemgetter(id_at)
    date_columns = [itemgetter(at[column]) for column in _DATES]
    dates = _Dates()
    join = _SEP.join
    while chunk := cursor.fetchmany(_CHUNK):
        # An id read as a number: the row's dates, status and counts may go out as stored.
        if all(map(isinstance, map(ids, chunk), repeat(int))) and all(
            dates.known(set(map(_HOUR, map(column, chunk)))) for column in date_columns
        ):
            one = join(chain.from_iterable(map(lines, chunk)))
            several = join(chain.from_iterable(map(notes, chunk)))
            # The raw column's cells are in the one-line check too: a chunk where one is not
            # printable goes row by row, where only formulas are looked for in them.
            if _as_is(one, several):
                yield chunk
                continue
        yield [
            row
            if (
                type(row[id_at]) is int
                and dates.known({column(row)[:13] for column in date_columns})
                and _as_is(join(one_line(row)), join(notes(row)), join([row[i] for i in raw_at]))
            )
            else _csv_row(inbox, int(row[id_at]), fields)
            for row in chunk
        ]


def _csv_row(inbox: Inbox, request_id: int, fields: tuple[str, ...]) -> list[Any]:
    """One request's CSV cells the per-request way (on the export's own connection: the same
    snapshot as the rows around it)."""
    request = inbox.get(request_id)
    assert request is not None  # read in the same snapshot
    item = inbox.as_json(request, (None, None, []), history=False)
    # `defuse` changes only a cell that needs it: every cell, as the export always did.
    return [defuse("" if item[field] is None else item[field]) for field in fields]
