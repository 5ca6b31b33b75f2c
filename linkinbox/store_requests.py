"""Reading requests out of the store as records: by id or reference, a whole view, in batches,
with their screening, and the to-dos."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence

from linkinbox.errors import NotFound
from linkinbox.models import CONNECTION, Request, Status
from linkinbox.query import ORDERS, REQUEST_COLUMNS, Query, request_from_row
from linkinbox.text import UnsafeAddress, identity, normalise_name, slug_from_url


def _shaped(column: str) -> str:
    """SQL: the stored date is NULL or shaped `YYYY-MM-DDTHH:MM:SS` (minutes and seconds 00–59):
    whether it reads back as itself then depends on its day and hour only (`output._Dates`)."""
    shape = "[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]"
    return f"({column} IS NULL OR {column} GLOB '{shape}')"


_STATUS_VALUES = ", ".join(f"'{status.value}'" for status in Status)
#: SQL: a row's dates may go out as stored (`output._Dates` checks their day and hour), its
#: status is known and its counts are numbers (not text): see `linkinbox.output`.
AS_STORED = (
    f"({_shaped('sent_at')} AND {_shaped('decided_at')} AND {_shaped('done_at')}"
    f" AND status IN ({_STATUS_VALUES})"
    " AND typeof(mutual_connections) <> 'text' AND typeof(invite_count) <> 'text')"
)


class RequestReads:
    """The store's requests as `Request` records (a part of `Store`)."""

    db: sqlite3.Connection

    def get(self, request_id: int) -> Request | None:
        row = self.db.execute(
            f"SELECT {REQUEST_COLUMNS} FROM requests WHERE id = ?", (request_id,)
        ).fetchone()
        return request_from_row(row) if row else None

    def get_many(self, ids: Sequence[int]) -> dict[int, tuple[Request, str | None, str | None]]:
        """Requests by id, each with its suggestion and its rule's template, in one query."""
        if not ids:
            return {}
        marks = ", ".join("?" * len(ids))
        sql = f"SELECT {REQUEST_COLUMNS}, suggested, template FROM requests WHERE id IN ({marks})"
        found: dict[int, tuple[Request, str | None, str | None]] = {}
        for row in self.db.execute(sql, list(ids)):
            request = request_from_row(row[:-2])
            found[request.id] = (request, row[-2], row[-1])
        return found

    def find(self, ref: str) -> Request:
        """A request by its id, profile URL or slug; NotFound says so in a sentence."""
        ref = ref.strip()
        if ref.isascii() and ref.isdigit() and len(ref) <= 18:  # not "²", not past SQLite's int
            found = self.get(int(ref))
            if found:
                return found
        try:
            key = slug_from_url(ref)
        except UnsafeAddress:  # no stored request has such a key
            key = ""
        key = key or identity("", ref)
        row = self.db.execute(
            f"SELECT {REQUEST_COLUMNS} FROM requests WHERE key = ? OR key = ? "
            "ORDER BY direction = 'incoming' DESC LIMIT 1",
            (key, f"name:{normalise_name(ref)}"),
        ).fetchone()
        if row is None:
            raise NotFound(f"No request with id {ref!r}; `linkinbox list` shows the ids.")
        return request_from_row(row)

    def pending_batches(self, size: int) -> Iterator[list[Request]]:
        """Every pending request, `size` at a time, in the order they were stored. Each batch is
        read afresh along the table (never an index), so the store may change in between."""
        after = 0
        sql = (
            f"SELECT {REQUEST_COLUMNS} FROM requests NOT INDEXED "
            "WHERE id > ? AND status = 'pending' ORDER BY id LIMIT ?"
        )
        while rows := self.db.execute(sql, (after, size)).fetchall():
            yield [request_from_row(row) for row in rows]
            after = rows[-1][0]

    def requests(self, status: str = "all", order: str = "date") -> Iterator[Request]:
        query = Query(status=status, order=order)
        where, params = query.where()
        sql = f"SELECT {REQUEST_COLUMNS} FROM requests{where} ORDER BY {query.order_by()}"
        for row in self.db.execute(sql, params):
            yield request_from_row(row)

    def requests_screened(
        self, status: str = "all", order: str = "date"
    ) -> Iterator[tuple[Request, int | None, str | None, list[str]]]:
        """Every request of a view with its screening (stranger, suggestion, reasons), in one
        query read as it goes: an export of 100,000 holds one row at a time, not all of them."""
        query = Query(status=status, order=order)
        where, params = query.where()
        sql = (
            f"SELECT {REQUEST_COLUMNS}, stranger, suggested, reasons FROM requests{where}"
            f" ORDER BY {query.order_by()}"
        )
        loads = json.loads
        for row in self.db.execute(sql, params):
            *columns, stranger, suggested, reasons = row
            yield (
                request_from_row(columns),
                stranger,
                suggested,
                list(loads(reasons)) if reasons else [],
            )

    def requests_for_output(
        self, status: str = "all", order: str = "date", *, screening: bool = True
    ) -> Iterator[tuple[Request, int | None, str | None, list[str], str, str | None]]:
        """`requests_screened`, each also with its direction and `sent_at` as stored (what
        `invitation_dates` reads); `screening=False`: reasons left empty (not decoded). The
        statement is started before this returns, so whatever is asked of the store while its
        rows are read sees the same snapshot."""
        query = Query(status=status, order=order)
        where, params = query.where()
        sql = (
            f"SELECT stranger, suggested, reasons, direction, sent_at, {REQUEST_COLUMNS}"
            f" FROM requests{where} ORDER BY {query.order_by()}"
        )
        return self._output_rows(self.db.execute(sql, params), screening)

    def output_cursor(self, status: str = "all", order: str = "date") -> sqlite3.Cursor:
        """Every request of a view for `linkinbox.output.json_rows`, one query started now (what
        is asked of the store while its rows are read sees the same snapshot): whether the row
        may go out as stored (`AS_STORED`), stranger, suggested, reasons, `REQUEST_COLUMNS`."""
        query = Query(status=status, order=order)
        where, params = query.where()
        return self.db.execute(
            f"SELECT {AS_STORED}, stranger, suggested, reasons, {REQUEST_COLUMNS}"
            f" FROM requests{where} ORDER BY {query.order_by()}",
            params,
        )

    def csv_cursor(self, fields: Sequence[str]) -> sqlite3.Cursor:
        """Every request for `linkinbox.output.csv_chunks`: the columns `fields` (NULL as ""),
        the `id` among them telling whether the row's dates, status and counts may go out as
        stored (`AS_STORED`): a number if so, text if not (the row needs no cutting then)."""
        query = Query(status="all")
        where, params = query.where()
        cells = ", ".join(
            f"CASE WHEN {AS_STORED} THEN id ELSE CAST(id AS TEXT) END"
            if field == "id"
            else f"COALESCE({field}, '')"
            for field in fields
        )
        return self.db.execute(
            f"SELECT {cells} FROM requests{where} ORDER BY {query.order_by()}", params
        )

    @staticmethod
    def _output_rows(
        cursor: sqlite3.Cursor, screening: bool
    ) -> Iterator[tuple[Request, int | None, str | None, list[str], str, str | None]]:
        loads = json.loads
        for row in cursor:
            stranger, suggested, reasons, direction, sent_at = row[:5]
            why = list(loads(reasons)) if reasons and screening else []
            yield request_from_row(row[5:]), stranger, suggested, why, direction, sent_at

    def screening(self, request_id: int) -> tuple[int | None, str | None, list[str]]:
        row = self.db.execute(
            "SELECT stranger, suggested, reasons FROM requests WHERE id = ?", (request_id,)
        ).fetchone()
        if row is None:
            return None, None, []
        reasons = json.loads(row[2]) if row[2] else []
        return row[0], row[1], list(reasons)

    def rule_template(self, request_id: int) -> tuple[str | None, str | None]:
        """(suggested decision, template name) of the rule that matched a request, if any."""
        row = self.db.execute(
            "SELECT suggested, template FROM requests WHERE id = ?", (request_id,)
        ).fetchone()
        return (row[0], row[1]) if row else (None, None)

    def suggestions(self) -> list[tuple[int, str, str]]:
        """(id, name, suggested decision) of every pending request with a suggestion."""
        return [
            (int(r[0]), str(r[1]), str(r[2]))
            for r in self.db.execute(
                "SELECT id, name, suggested FROM requests WHERE status = 'pending' "
                "AND suggested IS NOT NULL ORDER BY sent_at DESC, id DESC"
            )
        ]

    def marked_ids(self, query: Query | None = None) -> list[int]:
        """The marked requests; with `query`, only those it shows."""
        if query is None:
            return [r[0] for r in self.db.execute("SELECT id FROM requests WHERE marked = 1")]
        where, params = query.where()
        where = f"{where} AND marked = 1" if where else " WHERE marked = 1"
        return [r[0] for r in self.db.execute(f"SELECT id FROM requests{where}", params)]

    def todos(self) -> Iterator[tuple[Request, str | None]]:
        """Every to-do on LinkedIn, oldest decision first, with its `gone_at`."""
        sql = (
            f"SELECT {REQUEST_COLUMNS}, gone_at FROM requests WHERE on_linkedin = 'todo' "
            f"ORDER BY {ORDERS['todo']}"
        )
        for row in self.db.execute(sql):
            yield request_from_row(row[:-1]), row[-1]

    def gone_at(self, request_id: int) -> str | None:
        """The date of the export a request's invitation was first missing from, if any."""
        row = self.db.execute("SELECT gone_at FROM requests WHERE id = ?", (request_id,)).fetchone()
        return row[0] if row else None

    def connection_batches(self, size: int) -> Iterator[list[Request]]:
        """Every connection (reviewed or not), `size` at a time, in the order they were stored."""
        after = 0
        sql = (
            f"SELECT {REQUEST_COLUMNS} FROM requests NOT INDEXED "
            f"WHERE id > ? AND direction = '{CONNECTION}' ORDER BY id LIMIT ?"
        )
        while rows := self.db.execute(sql, (after, size)).fetchall():
            yield [request_from_row(row) for row in rows]
            after = rows[-1][0]
