"""Which requests a view shows and in what order, as SQL: `Query`, the sort keys, the `Row` of a
list line, and a stored row turned into a `Request`."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import datetime
from typing import Any, NamedTuple

from linkinbox.models import CONNECTION, Request, Status

#: Every column of a `Request`, in its order: a row of them is one `Request._make` away.
REQUEST_COLUMNS = ", ".join(Request._fields)

#: How the suggestion order ranks a request (written exactly as in its index).
SUGGESTION_RANK = (
    "CASE suggested WHEN 'connect' THEN 3 WHEN 'follow' THEN 2 WHEN 'decline' THEN 1 ELSE 0 END"
)
_RANKS = {"connect": 3, "follow": 2, "decline": 1}
#: The decided view, written exactly as its partial index's WHERE (linkinbox.migrations).
DECIDED_VIEW = "status IN ('follow', 'connect', 'decline', 'gone')"


class Key(NamedTuple):
    """One term of an order: an SQL expression, descending (NULLs last) or ascending (first)."""

    sql: str
    nullable: bool
    desc: bool = True


#: Each view order as the terms of its index (after `status`), the last one the id, so that a
#: request's place is a range of the index: pages are read after (or before) a known row
#: instead of at an offset, and a position is counted along the index.
SORT_KEYS: dict[str, tuple[Key, ...]] = {
    "date": (Key("sent_at", True), Key("id", False)),
    "mutual": (
        Key("COALESCE(mutual_connections, -1)", False),
        Key("sent_at", True),
        Key("id", False),
    ),
    "suggestion": (Key(SUGGESTION_RANK, False), Key("sent_at", True), Key("id", False)),
    "decided": (Key("decided_at", True), Key("id", False)),
    "todo": (Key("decided_at", True, desc=False), Key("id", False, desc=False)),  # oldest first
    # Least known first (connections): the lowest `known_score`, then connected longest ago.
    "known": (
        Key("known_score", False, desc=False),
        Key("sent_at", True, desc=False),
        Key("id", False, desc=False),
    ),
}


def _order_by(keys: Sequence[Key], *, reverse: bool = False) -> str:
    return ", ".join(f"{k.sql} {'DESC' if k.desc != reverse else 'ASC'}" for k in keys)


ORDERS = {name: _order_by(keys) for name, keys in SORT_KEYS.items()}
ORDERS["name"] = "name COLLATE NOCASE, id"


class Row(NamedTuple):
    """What one line of the list shows: cheap to fetch a window of."""

    id: int
    name: str
    headline: str
    sent_at: str | None
    stranger: int | None
    suggested: str | None
    marked: int
    mutual_connections: int | None
    status: str
    decided_at: str | None = None
    known_score: int = 0  # how well the user knows them (connections; see "known" order)
    direction: str = "incoming"  # "connection": an existing connection (`models.CONNECTION`)

    @property
    def is_connection(self) -> bool:
        return self.direction == CONNECTION

    def sort_key(self, order: str) -> tuple[Any, ...]:
        """This row's values of `SORT_KEYS[order]`, for reading the rows after or before it."""
        if order == "known":
            return (self.known_score, self.sent_at, self.id)
        if order == "mutual":
            mutual = -1 if self.mutual_connections is None else self.mutual_connections
            return (mutual, self.sent_at, self.id)
        if order == "suggestion":
            return (_RANKS.get(self.suggested or "", 0), self.sent_at, self.id)
        if order in ("decided", "todo"):
            return (self.decided_at, self.id)
        return (self.sent_at, self.id)


class Query(NamedTuple):
    """Which requests a view shows, and in what order."""

    status: str = "pending"
    text: str = ""
    order: str = "date"

    def where(self) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        if self.status == "decided":
            clauses.append(DECIDED_VIEW)
        elif self.status == "todo":
            clauses.append("on_linkedin = 'todo'")
        elif self.status == "connected":
            # written out, not a parameter: the "known" order's partial index needs it literally
            clauses.append("status = 'connected'")
        elif self.status == "all":  # every request, either way; connections are not requests
            clauses.append(f"direction != '{CONNECTION}'")
        else:
            clauses.append("status = ?")
            params.append(self.status)
        needle = self.text.strip().casefold()
        if needle:
            for word in needle.split():
                clauses.append(
                    "instr(COALESCE(search, lower(name || ' ' || headline || ' ' || message)), ?)"
                )
                params.append(word)
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params

    def order_by(self, *, reverse: bool = False) -> str:
        keys = self.keys()
        if keys is None:
            return _reversed(ORDERS[self.order]) if reverse else ORDERS[self.order]
        return _order_by(keys, reverse=reverse)

    def keys(self) -> tuple[Key, ...] | None:
        """The order's index terms; None for an order no view uses (read by numbering rows)."""
        if self.order in ORDERS and self.order not in SORT_KEYS:
            return None
        return SORT_KEYS.get(self.order, SORT_KEYS["date"])

    def source(self) -> str:
        """The table, named with the decided view's index when that serves the order (SQLite
        would otherwise take the status index and sort every decided request)."""
        if self.status == "decided" and self.order == "decided":
            return "requests INDEXED BY requests_decided"
        if self.status in ("decided", "todo") and self.order in ("mutual", "suggestion"):
            return f"requests INDEXED BY requests_{self.status}_{self.order}"  # schema 11
        if self.status == "connected" and self.order == "known" and not self.text.strip():
            return "requests INDEXED BY requests_connected_known"
        return "requests"


class Range(NamedTuple):
    """Rows of one range of an order's index: `where` with its `params`, holding the first
    `fixed` terms of the order equal (or NULL)."""

    where: str
    params: list[Any]
    fixed: int

    def order_by(self, keys: Sequence[Key], *, reverse: bool = False) -> str:
        """The order within this range: the terms it holds fixed left out, for with them
        SQLite sorts every row of the range in a temporary B-tree instead of reading the
        index in order (0.1–0.4 s for a page next to the end of 50,000)."""
        return _order_by(keys[self.fixed :], reverse=reverse)


def key_ranges(keys: Sequence[Key], values: Sequence[Any], *, after: bool) -> list[Range]:
    """The rows strictly after (or before) a row whose sort values are `values`, as disjoint
    conditions, each one range of the order's index, nearest to the row first.

    Descending terms put NULLs last, ascending ones first (as SQLite does), so in a descending
    term "after" is a smaller value or NULL and "before" a larger value (after a NULL: any
    value); in an ascending one the other way round.
    """
    parts: list[Range] = []
    for depth in range(len(keys) - 1, -1, -1):
        prefix: list[str] = []
        params: list[Any] = []
        for key, value in zip(keys[:depth], values[:depth], strict=True):
            if value is None:
                prefix.append(f"{key.sql} IS NULL")
            else:
                prefix.append(f"{key.sql} = ?")
                params.append(value)
        key, value = keys[depth], values[depth]
        towards_nulls = after == key.desc  # the direction in which this term's NULLs lie
        if value is None:
            if not towards_nulls:
                where = " AND ".join([*prefix, f"{key.sql} IS NOT NULL"])
                parts.append(Range(where, params, depth))
            continue  # towards the NULLs, nothing lies beyond a NULL in this term
        smaller = after == key.desc
        op = "<" if smaller else ">"
        parts.append(Range(" AND ".join([*prefix, f"{key.sql} {op} ?"]), [*params, value], depth))
        if key.nullable and towards_nulls:
            parts.append(Range(" AND ".join([*prefix, f"{key.sql} IS NULL"]), params, depth + 1))
    return parts


def _reversed(order_by: str) -> str:
    """The exact opposite of an ORDER BY clause (SQLite puts NULLs first ascending, last
    descending, so flipping every term flips where NULLs go too)."""
    terms = []
    for term in order_by.split(","):
        term = term.strip()
        if term.endswith(" DESC"):
            terms.append(term[: -len(" DESC")] + " ASC")
        elif term.endswith(" ASC"):
            terms.append(term[: -len(" ASC")] + " DESC")
        else:
            terms.append(term + " DESC")
    return ", ".join(terms)


def _dt(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


_DATES = tuple(Request._fields.index(f) for f in ("sent_at", "decided_at", "done_at"))
_STATUS = Request._fields.index("status")
_MARKED = Request._fields.index("marked")
_STATUSES: dict[str, Status] = {s.value: s for s in Status}


def request_from_row(row: sqlite3.Row | Sequence[Any]) -> Request:
    """A request from a row of `REQUEST_COLUMNS`: dates, status and mark turned into theirs."""
    values = list(row)
    for i in _DATES:
        values[i] = _dt(values[i])
    status = values[_STATUS]
    values[_STATUS] = _STATUSES.get(status) or Status(status)
    values[_MARKED] = bool(values[_MARKED])
    return Request._make(values)
