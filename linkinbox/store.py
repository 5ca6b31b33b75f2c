"""The inbox store: SQLite in WAL mode, one transaction per decision, a history for undo.

No Textual here. The TUI reads windows of rows (`page`) so it never holds the whole inbox.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import stat
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, NamedTuple

from linkinbox import clock
from linkinbox.errors import NotFound, StoreError, describe_store_error
from linkinbox.evidence import Evidence
from linkinbox.merge import digest, merge
from linkinbox.migrations import ORDER_INDEXES, migrate
from linkinbox.models import (
    CONNECTION,
    DECIDED,
    Decision,
    ImportData,
    ImportSummary,
    OnLinkedIn,
    Request,
    Status,
)
from linkinbox.paths import ensure_private_dir
from linkinbox.text import UnsafeAddress, identity, normalise_name, slug_from_url

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


#: A batch of decisions (or its undo) tells its `progress` after every so many requests.
PROGRESS_EVERY = 500
#: (done, total, what) from long work, for a progress display.
Progress = Callable[[int, int, str], None]


_EVIDENCE_COLUMNS = "key, name, kind, direction, ref, first_at, last_at, received, sent, first_from"


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
        if self.status == "connected" and self.order == "known" and not self.text.strip():
            return "requests INDEXED BY requests_connected_known"
        return "requests"


def _parts(
    keys: Sequence[Key], values: Sequence[Any], *, after: bool
) -> list[tuple[str, list[Any]]]:
    """The rows strictly after (or before) a row whose sort values are `values`, as disjoint
    conditions, each one range of the order's index, nearest to the row first.

    Descending terms put NULLs last, ascending ones first (as SQLite does), so in a descending
    term "after" is a smaller value or NULL and "before" a larger value (after a NULL: any
    value); in an ascending one the other way round.
    """
    parts: list[tuple[str, list[Any]]] = []
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
                parts.append((" AND ".join([*prefix, f"{key.sql} IS NOT NULL"]), params))
            continue  # towards the NULLs, nothing lies beyond a NULL in this term
        smaller = after == key.desc
        op = "<" if smaller else ">"
        parts.append((" AND ".join([*prefix, f"{key.sql} {op} ?"]), [*params, value]))
        if key.nullable and towards_nulls:
            parts.append((" AND ".join([*prefix, f"{key.sql} IS NULL"]), params))
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


def _request(row: sqlite3.Row | Sequence[Any]) -> Request:
    """A request from a row of `REQUEST_COLUMNS`: dates, status and mark turned into theirs."""
    values = list(row)
    for i in _DATES:
        values[i] = _dt(values[i])
    status = values[_STATUS]
    values[_STATUS] = _STATUSES.get(status) or Status(status)
    values[_MARKED] = bool(values[_MARKED])
    return Request._make(values)


class KeyIndex:
    """The keys and name keys of a table of people (connections, evidence), to tell at once
    whether `Store.connection_of` / `Store.evidence_for` can find anything for a request."""

    def __init__(self, db: sqlite3.Connection, table: str) -> None:
        self.keys = {r[0] for r in db.execute(f"SELECT DISTINCT key FROM {table}")}
        self.names = {r[0] for r in db.execute(f"SELECT DISTINCT name_key FROM {table}")}
        # People known by name only (no profile URL): a request with a URL may match them by name
        self.by_name_only = {
            r[0]
            for r in db.execute(
                f"SELECT DISTINCT name_key FROM {table} WHERE key >= 'name:' AND key < 'name;'"
            )
        }

    def may_hold(self, key: str, name: str) -> bool:
        """False when the table certainly holds nothing for this request (as the store's
        queries match: the same key, or the same name where either side has no URL)."""
        if key in self.keys:
            return True
        if key.startswith("name:"):
            return key[5:] in self.names
        return bool(self.by_name_only) and normalise_name(name) in self.by_name_only


def _user_can_write(path: Path) -> bool:
    """Whether the user lets linkinbox write the store: its owner's write permission is on
    (root too respects a store made read-only) and this user may write it."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return True  # created just now or gone: opening it says what is wrong
    return bool(mode & stat.S_IWUSR) and os.access(path, os.W_OK)


def _only_take_away(path: Path) -> None:
    """Make a file the owner's alone, only ever taking permissions away: group and others
    lose theirs; a store its owner made read-only stays read-only."""
    with contextlib.suppress(OSError):
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & ~0o600:
            path.chmod(mode & 0o600)


def _journals_writable(path: Path) -> None:
    """SQLite gives the -wal and -shm files the store's permissions, so opening a read-only
    store left them read-only too: once the user makes the store writable again, its journals
    follow (the owner's read and write, nothing for anyone else)."""
    for suffix in ("-wal", "-shm"):
        journal = Path(f"{path}{suffix}")
        with contextlib.suppress(OSError):
            mode = stat.S_IMODE(journal.stat().st_mode)
            if mode != 0o600 and journal.stat().st_uid == os.getuid():
                journal.chmod(0o600)


class Store:
    """One SQLite file holding requests, decisions and their history."""

    def __init__(self, path: Path, *, readonly: bool = False) -> None:
        self.path = path
        # (version, counts epoch, count): see `_still_counted`
        self._pending: tuple[tuple[int, int], str | None, int] | None = None
        self._todo: tuple[tuple[int, int], str | None, int] | None = None  # as `_pending`
        self._epoch: str | None = None  # the epoch this connection's last write committed
        #: False for a store the user made read-only: it is opened for reading, and every
        #: write (a decision, an import, screening) is refused in one sentence (`transaction`).
        self.writable = not readonly
        self.read_only_by_user = False
        #: History batches this connection (and the workers sharing the set) committed, and
        #: the highest batch number there was when it opened: see `last_batch_owner`.
        self.own_batches: set[int] = set()
        self.opened_after_batch = 0
        self._new_batch_number: int | None = None  # made in the open transaction
        self._seen: tuple[int, str | None] = (0, None)  # see `changed_elsewhere`
        if readonly:  # a second connection for a worker's queries: no writes, no migrations
            try:
                self.db = self._connect_read_only(path)
            except sqlite3.Error as error:
                raise StoreError(f"Cannot read the inbox store {path}: {error}.") from error
            return
        try:
            ensure_private_dir(path.parent)
            if not path.exists():
                fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
                os.close(fd)
            self.read_only_by_user = not _user_can_write(path)
            self.writable = not self.read_only_by_user
            _only_take_away(path)
            if self.writable:
                _journals_writable(path)
                self.db = sqlite3.connect(
                    path, timeout=10, isolation_level=None, check_same_thread=False
                )
                self.db.execute("PRAGMA busy_timeout = 10000")
                self.db.execute("PRAGMA journal_mode = WAL")
                self.db.execute("PRAGMA synchronous = FULL")
            else:
                self.db = self._connect_read_only(path)
                self.db.execute("PRAGMA busy_timeout = 10000")
            self.db.execute("PRAGMA foreign_keys = ON")
            migrate(self)
            self.opened_after_batch = self._highest_batch()
            self._seen = (self._data_version(), self._counts_epoch())
        except sqlite3.DatabaseError as error:
            raise StoreError(describe_store_error(path, error)) from error
        except OSError as error:
            raise StoreError(
                f"Cannot open the inbox store {path}: {error.strerror or error}."
            ) from error
        for suffix in ("-wal", "-shm"):
            with contextlib.suppress(OSError):
                _only_take_away(Path(f"{path}{suffix}"))

    @staticmethod
    def _connect_read_only(path: Path) -> sqlite3.Connection:
        return sqlite3.connect(
            f"{path.as_uri()}?mode=ro",
            uri=True,
            timeout=10,
            isolation_level=None,
            check_same_thread=False,
        )

    def read_only_sentence(self) -> str:
        """Why nothing can be saved, in one sentence, with the way out."""
        return (
            f"The inbox store {self.path} is read-only (its permissions say so); nothing is "
            f"saved. `chmod u+w {self.path}` makes it writable again."
        )

    # -- plumbing ---------------------------------------------------------------------------

    @contextlib.contextmanager
    def transaction(self, *, counts: bool = True) -> Iterator[sqlite3.Connection]:
        """One write transaction. `counts=False` promises it moves no request between
        statuses (screening, marks, settings): other connections' cached counts stay right.
        On a store the user made read-only, StoreError says so before anything is tried."""
        if self.read_only_by_user:
            raise StoreError(self.read_only_sentence())
        self._new_batch_number = None
        try:
            self.db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            raise StoreError(
                f"The inbox store {self.path} is busy or read-only: {error}."
            ) from error
        try:
            yield self.db
        except BaseException as error:
            self._new_batch_number = None
            # SQLite may have rolled back already (a full disk does): the error to report is
            # the first one, never "cannot rollback - no transaction is active".
            if self.db.in_transaction:
                with contextlib.suppress(sqlite3.Error):
                    self.db.execute("ROLLBACK")
            if isinstance(error, sqlite3.Error):
                raise StoreError(describe_store_error(self.path, error)) from error
            raise
        try:
            if counts:  # see `_still_counted`
                self.db.execute(
                    "INSERT INTO meta (key, value) VALUES ('epoch', '1') ON CONFLICT (key) "
                    "DO UPDATE SET value = CAST(value AS INTEGER) + 1"
                )
            self._epoch = self._counts_epoch()  # what this commit leaves, for `_pending_moved`
            self.db.execute("COMMIT")
        except sqlite3.Error as error:
            if self.db.in_transaction:
                with contextlib.suppress(sqlite3.Error):
                    self.db.execute("ROLLBACK")
            raise StoreError(describe_store_error(self.path, error)) from error
        finally:
            batch, self._new_batch_number = self._new_batch_number, None
        if batch is not None:
            self.own_batches.add(batch)
        if self._data_version() == self._seen[0]:  # nobody else committed since the last poll:
            self._seen = (self._seen[0], self._epoch)  # this change is this connection's own

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self.db.close()

    # -- other windows ------------------------------------------------------------------------

    def _data_version(self) -> int:
        return int(self.db.execute("PRAGMA data_version").fetchone()[0])

    def changed_elsewhere(self) -> str | None:
        """Whether another connection (another window, the command line) committed since the
        last call: None when not; "requests" when requests may have moved between statuses (a
        decision, an undo, an import), "details" when only screening, marks or settings
        changed. Cheap enough to ask twice a second (`PRAGMA data_version`)."""
        try:
            version = self._data_version()
            if version == self._seen[0]:
                return None
            epoch = self._counts_epoch()
        except sqlite3.Error:  # asked from a timer: the next key says what is wrong
            return None
        moved = epoch != self._seen[1]
        self._seen = (version, epoch)
        return "requests" if moved else "details"

    def _highest_batch(self) -> int:
        row = self.db.execute(
            "SELECT MAX(COALESCE((SELECT MAX(batch) FROM history), 0), "
            "COALESCE((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'batch'), 0))"
        ).fetchone()
        return int(row[0] or 0)

    def _new_batch(self, db: sqlite3.Connection) -> int:
        """A history batch number never used before, inside a write transaction. Numbers are
        not reused after an undo, so that a window knows which batches are its own."""
        batch = self._highest_batch() + 1
        db.execute(
            "INSERT INTO meta (key, value) VALUES ('batch', ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (str(batch),),
        )
        self._new_batch_number = batch
        return batch

    def last_batch_owner(self) -> str:
        """Who made the batch `undo` would undo: "none" (nothing to undo), "mine" (this
        connection or its workers), "elsewhere" (another window or a command, while this
        connection was open) or "earlier" (before it was opened)."""
        row = self.db.execute("SELECT MAX(batch) FROM history").fetchone()
        if row is None or row[0] is None:
            return "none"
        batch = int(row[0])
        if batch in self.own_batches:
            return "mine"
        return "elsewhere" if batch > self.opened_after_batch else "earlier"

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reading ------------------------------------------------------------------------------

    def count(self, query: Query | None = None) -> int:
        query = query or Query()
        if query.status == "pending" and not query.text.strip():
            return self.pending_count()
        return self._count(query)

    def _count(self, query: Query) -> int:
        where, params = query.where()
        return int(self.db.execute(f"SELECT COUNT(*) FROM requests{where}", params).fetchone()[0])

    def pending_count(self) -> int:
        """How many requests are pending; counted again only after a change that may have moved
        requests between statuses (see `_still_counted`, `_pending_moved`)."""
        if not self._still_counted():
            version, epoch = self._version(), self._counts_epoch()
            self._pending = (version, epoch, self._count(Query("pending")))
        assert self._pending is not None
        return self._pending[2]

    def _version(self) -> tuple[int, int]:
        """Changes by this connection, and commits by others (`PRAGMA data_version`)."""
        return self.db.total_changes, self.db.execute("PRAGMA data_version").fetchone()[0]

    def _counts_epoch(self) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = 'epoch'").fetchone()
        return None if row is None else str(row[0])

    def _still_counted(self) -> bool:
        """Whether the cached pending count is right. A change by this connection makes it
        wrong (unless `_pending_moved` kept count); so does a commit by another one, unless it
        left the counts epoch alone: background screening saves every 2,000 requests, and each
        of its commits used to cost the inbox a recount of 100,000 on its next key."""
        if self._pending is None:
            return False
        version, epoch, count = self._pending
        now = self._version()
        if now == version:
            return True
        if now[0] != version[0] or self._counts_epoch() != epoch:
            return False
        self._pending = (now, epoch, count)
        return True

    def _pending_known(self) -> int | None:
        """Inside a write transaction, before changing anything: the cached pending count, when
        it is still right (no other connection can commit until this one does)."""
        if self._still_counted():
            assert self._pending is not None
            return self._pending[2]
        return None

    def _pending_moved(self, known: int | None, delta: int) -> None:
        """After the commit: `delta` requests moved into pending (negative: out of it). A
        decision then costs no recount of 100,000 requests."""
        if known is not None:
            self._pending = (self._version(), self._epoch, known + delta)

    _ROW = (
        "SELECT id, name, headline, sent_at, stranger, suggested, marked, mutual_connections,"
        " status, decided_at, known_score, direction"
    )

    def page(self, query: Query, offset: int, limit: int, total: int | None = None) -> list[Row]:
        """Rows `offset` to `offset + limit` of a view. Given the view's `total`, a window in its
        second half is read from the end, backwards: a jump to the last request costs what a
        jump to the first does, at any size. (`page_after` and `page_before` read the window
        next to one already read without stepping over the ones before it.)"""
        where, params = query.where()
        columns = f"{self._ROW} FROM {query.source()}{where}"
        offset = max(0, offset)
        if total is not None and offset > total // 2:
            end = min(total, offset + limit)
            sql = f"{columns} ORDER BY {query.order_by(reverse=True)} LIMIT ? OFFSET ?"
            rows = [Row(*r) for r in self.db.execute(sql, [*params, end - offset, total - end])]
            rows.reverse()
            return rows
        sql = f"{columns} ORDER BY {query.order_by()} LIMIT ? OFFSET ?"
        return [Row(*r) for r in self.db.execute(sql, [*params, limit, offset])]

    def page_after(self, query: Query, row: Row, limit: int) -> list[Row]:
        """The `limit` rows of a view that follow `row` (keyset paging: no offset to walk)."""
        return self._next_to(query, row, limit, after=True)

    def page_before(self, query: Query, row: Row, limit: int) -> list[Row]:
        """The `limit` rows of a view that precede `row`, in view order."""
        return self._next_to(query, row, limit, after=False)

    def _next_to(self, query: Query, row: Row, limit: int, *, after: bool) -> list[Row]:
        keys = query.keys()
        if keys is None:
            raise ValueError(f"order {query.order!r} has no keys to page by")
        where, params = query.where()
        glue = " AND" if where else " WHERE"
        order = query.order_by(reverse=not after)
        rows: list[Row] = []
        for part, values in _parts(keys, row.sort_key(query.order), after=after):
            sql = f"{self._ROW} FROM {query.source()}{where}{glue} {part} ORDER BY {order} LIMIT ?"
            rows.extend(
                Row(*r) for r in self.db.execute(sql, [*params, *values, limit - len(rows)])
            )
            if len(rows) >= limit:
                break
        if not after:
            rows.reverse()
        return rows

    def index_of(self, query: Query, request_id: int) -> int | None:
        """The position of a request in a view, or None when it is not in it: what sorts before
        it, counted along the order's index in a few ranges (no row is numbered)."""
        where, params = query.where()
        glue = " AND" if where else " WHERE"
        keys = query.keys()
        if keys is None:
            sql = (
                f"SELECT rn FROM (SELECT id, ROW_NUMBER() OVER (ORDER BY {query.order_by()}) - 1"
                f" AS rn FROM requests{where}) WHERE id = ?"
            )
            found = self.db.execute(sql, [*params, request_id]).fetchone()
            return int(found[0]) if found else None
        values = self.db.execute(
            f"SELECT {', '.join(k.sql for k in keys)} FROM requests{where}{glue} id = ?",
            [*params, request_id],
        ).fetchone()
        if values is None:
            return None
        count = 0
        for part, extra in _parts(keys, values, after=False):
            count += self.db.execute(
                f"SELECT COUNT(*) FROM {query.source()}{where}{glue} {part}", [*params, *extra]
            ).fetchone()[0]
        return count

    def get(self, request_id: int) -> Request | None:
        row = self.db.execute(
            f"SELECT {REQUEST_COLUMNS} FROM requests WHERE id = ?", (request_id,)
        ).fetchone()
        return _request(row) if row else None

    def get_many(self, ids: Sequence[int]) -> dict[int, tuple[Request, str | None, str | None]]:
        """Requests by id, each with its suggestion and its rule's template, in one query."""
        if not ids:
            return {}
        marks = ", ".join("?" * len(ids))
        sql = f"SELECT {REQUEST_COLUMNS}, suggested, template FROM requests WHERE id IN ({marks})"
        found: dict[int, tuple[Request, str | None, str | None]] = {}
        for row in self.db.execute(sql, list(ids)):
            request = _request(row[:-2])
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
        return _request(row)

    def pending_batches(self, size: int) -> Iterator[list[Request]]:
        """Every pending request, `size` at a time, in the order they were stored. Each batch is
        read afresh along the table (never an index), so the store may change in between."""
        after = 0
        sql = (
            f"SELECT {REQUEST_COLUMNS} FROM requests NOT INDEXED "
            "WHERE id > ? AND status = 'pending' ORDER BY id LIMIT ?"
        )
        while rows := self.db.execute(sql, (after, size)).fetchall():
            yield [_request(row) for row in rows]
            after = rows[-1][0]

    def requests(self, status: str = "all", order: str = "date") -> Iterator[Request]:
        query = Query(status=status, order=order)
        where, params = query.where()
        sql = f"SELECT {REQUEST_COLUMNS} FROM requests{where} ORDER BY {query.order_by()}"
        for row in self.db.execute(sql, params):
            yield _request(row)

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
            yield _request(columns), stranger, suggested, list(loads(reasons)) if reasons else []

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

    @staticmethod
    def _output_rows(
        cursor: sqlite3.Cursor, screening: bool
    ) -> Iterator[tuple[Request, int | None, str | None, list[str], str, str | None]]:
        loads = json.loads
        for row in cursor:
            stranger, suggested, reasons, direction, sent_at = row[:5]
            why = list(loads(reasons)) if reasons and screening else []
            yield _request(row[5:]), stranger, suggested, why, direction, sent_at

    def output_lookups(self) -> tuple[set[str], KeyIndex, KeyIndex]:
        """What `Inbox.json_rows` needs to ask the store about a person only when it may know
        more than their own request: the keys of more than one request or with earlier
        invitations, and the keys and names of connections and of evidence."""
        shared = {
            r[0]
            for r in self.db.execute(
                "SELECT key FROM requests GROUP BY key HAVING COUNT(*) > 1 "
                "UNION SELECT key FROM invitations"
            )
        }
        return shared, KeyIndex(self.db, "connections"), KeyIndex(self.db, "evidence")

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

    def meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        with self.transaction(counts=False) as db:
            db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    # -- deciding -----------------------------------------------------------------------------

    def decide(
        self,
        ids: Sequence[int],
        decision: Decision | str,
        replies: dict[int, str] | None = None,
    ) -> list[int]:
        """Decide pending requests in one transaction (one history batch); returns those decided."""
        decision = Decision(decision)
        return self.decide_each([(rid, decision) for rid in ids], replies)

    def decide_each(
        self,
        pairs: Sequence[tuple[int, Decision | str]],
        replies: dict[int, str] | None = None,
        progress: Progress | None = None,
    ) -> list[int]:
        """Decide each pending request (or connection not reviewed yet) its own way, all in one
        batch (one undo). On a connection, connect keeps it, follow and decline are to-dos."""
        return self._transition(
            [(rid, Status(Decision(d).value)) for rid, d in pairs],
            (Status.PENDING, Status.CONNECTED),
            replies or {},
            progress,
        )

    def redecide_each(
        self, pairs: Sequence[tuple[int, Decision | str]], replies: dict[int, str] | None = None
    ) -> list[int]:
        """Change decisions already taken, all in one batch (one undo restores them)."""
        return self._transition(
            [(rid, Status(Decision(d).value)) for rid, d in pairs], DECIDED, replies or {}
        )

    def set_status(self, ids: Sequence[int], status: Status, expect: Status) -> list[int]:
        """Move requests from one status to another, with history (e.g. sent → withdrawn)."""
        return self._transition([(rid, status) for rid in ids], expect, None)

    def _transition(
        self,
        pairs: Sequence[tuple[int, Status]],
        expect: Status | Sequence[Status],
        replies: dict[int, str] | None,
        progress: Progress | None = None,
    ) -> list[int]:
        """Move requests that are in `expect` (one status or several) to new statuses, in one
        transaction and one batch. A request already in its new status is left alone.

        `replies` None keeps each request's reply; a dict sets it (a missing id clears it).
        """
        at = clock.stamp()
        done: list[int] = []
        delta = 0
        expected = {expect} if isinstance(expect, Status) else set(expect)
        with self.transaction() as db:
            known = self._pending_known()
            batch = self._new_batch(db)
            for number, (rid, status) in enumerate(pairs, 1):
                if progress is not None and number % PROGRESS_EVERY == 0:
                    progress(number, len(pairs), "saving")
                found = db.execute(
                    "SELECT status, decided_at, reply, suggested, followed_suggestion, "
                    "on_linkedin, done_at, direction FROM requests WHERE id = ?",
                    (rid,),
                ).fetchone()
                if found is None or found[0] not in expected or found[0] == status:
                    continue
                row = found[:7]
                old_status, _, old_reply, suggested, old_followed, old_on, _ = row
                followed = old_followed
                on_linkedin = old_on
                done_at = None
                if status in DECIDED:
                    followed = None if suggested is None else int(suggested == status.value)
                    on_linkedin = OnLinkedIn.TODO.value  # a decision here is a to-do there
                    if found[7] == CONNECTION and status == Status.CONNECT:
                        # keeping a connection: nothing to press on LinkedIn
                        on_linkedin, done_at = OnLinkedIn.DONE.value, at
                reply = old_reply if replies is None else replies.get(rid)
                db.execute(
                    "UPDATE requests SET status = ?, decided_at = ?, reply = ?, marked = 0, "
                    "followed_suggestion = ?, on_linkedin = ?, done_at = ? WHERE id = ?",
                    (status.value, at, reply, followed, on_linkedin, done_at, rid),
                )
                self._history(db, batch, rid, row, status.value, at)
                done.append(rid)
                delta += (status == Status.PENDING) - (old_status == Status.PENDING)
        self._pending_moved(known, delta)
        return done

    @staticmethod
    def _history(
        db: sqlite3.Connection, batch: int, rid: int, old: Sequence[Any], new_status: str, at: str
    ) -> None:
        """Remember what a request was before a change (`old`: status, decided_at, reply,
        suggested, followed_suggestion, on_linkedin, done_at), so that undo restores it."""
        status, decided, reply, _suggested, followed, on_linkedin, done_at = old
        db.execute(
            "INSERT INTO history (batch, request_id, old_status, new_status, old_decided_at, "
            "old_reply, old_followed, old_on_linkedin, old_done_at, at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (batch, rid, status, new_status, decided, reply, followed, on_linkedin, done_at, at),
        )

    def mark_done(self, ids: Sequence[int]) -> list[int]:
        """Mark to-dos done on LinkedIn, in one transaction and one batch (one undo); returns
        those marked (a request that is not a to-do is left alone)."""
        at = clock.stamp()
        done: list[int] = []
        with self.transaction() as db:
            known = self._pending_known()
            batch = self._new_batch(db)
            for rid in ids:
                row = db.execute(
                    "SELECT status, decided_at, reply, suggested, followed_suggestion, "
                    "on_linkedin, done_at FROM requests WHERE id = ?",
                    (rid,),
                ).fetchone()
                if row is None or row[5] != OnLinkedIn.TODO:
                    continue
                db.execute(
                    "UPDATE requests SET on_linkedin = 'done', done_at = ?, marked = 0 "
                    "WHERE id = ?",
                    (at, rid),
                )
                self._history(db, batch, rid, row, row[0], at)
                done.append(rid)
        self._pending_moved(known, 0)
        return done

    def missing_order_indexes(self) -> list[str]:
        have = {
            r[0] for r in self.db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")
        }
        return [name for name in ORDER_INDEXES if name not in have]

    def build_order_indexes(self) -> None:
        """Build the sort orders' indexes a large import dropped, each in its own transaction
        (~0.2 s at 100,000): the inbox's decisions wait for one, not for both."""
        for name in self.missing_order_indexes():
            with self.transaction(counts=False) as db:
                db.execute(ORDER_INDEXES[name])

    def todos(self) -> Iterator[tuple[Request, str | None]]:
        """Every to-do on LinkedIn, oldest decision first, with its `gone_at`."""
        sql = (
            f"SELECT {REQUEST_COLUMNS}, gone_at FROM requests WHERE on_linkedin = 'todo' "
            f"ORDER BY {ORDERS['todo']}"
        )
        for row in self.db.execute(sql):
            yield _request(row[:-1]), row[-1]

    def todo_count(self) -> int:
        """How many decisions are still to do on LinkedIn. The title shows it after every key:
        counted again only after a change by this connection, or a commit by another one that
        moved requests (the counts epoch, see `_still_counted`)."""
        now = self._version()
        if self._todo is not None:
            version, epoch, count = self._todo
            if now == version:
                return count
            if now[0] == version[0] and self._counts_epoch() == epoch:
                self._todo = (now, epoch, count)
                return count
        epoch = self._counts_epoch()
        row = self.db.execute("SELECT COUNT(*) FROM requests WHERE on_linkedin = 'todo'")
        count = int(row.fetchone()[0])
        self._todo = (now, epoch, count)
        return count

    def gone_at(self, request_id: int) -> str | None:
        """The date of the export a request's invitation was first missing from, if any."""
        row = self.db.execute("SELECT gone_at FROM requests WHERE id = ?", (request_id,)).fetchone()
        return row[0] if row else None

    def last_batch_size(self) -> int:
        """How many requests `undo` would restore."""
        row = self.db.execute(
            "SELECT COUNT(*) FROM history WHERE batch = (SELECT MAX(batch) FROM history)"
        ).fetchone()
        return int(row[0])

    def undo(self, progress: Progress | None = None) -> list[int]:
        """Undo the last decision or batch exactly; returns the ids restored ([] when none)."""
        delta = 0
        with self.transaction() as db:
            known = self._pending_known()
            row = db.execute("SELECT MAX(batch) FROM history").fetchone()
            if row is None or row[0] is None:
                return []
            batch = row[0]
            entries = db.execute(
                "SELECT request_id, old_status, old_decided_at, old_reply, old_followed, "
                "old_on_linkedin, old_done_at FROM history WHERE batch = ? ORDER BY id DESC",
                (batch,),
            ).fetchall()
            for number, entry in enumerate(entries, 1):
                rid, old_status, old_decided, old_reply, old_followed, old_on, old_done = entry
                if progress is not None and number % PROGRESS_EVERY == 0:
                    progress(number, len(entries), "undoing")
                now = db.execute("SELECT status FROM requests WHERE id = ?", (rid,)).fetchone()
                if now is not None:
                    delta += (old_status == Status.PENDING) - (now[0] == Status.PENDING)
                db.execute(
                    "UPDATE requests SET status = ?, decided_at = ?, reply = ?, "
                    "followed_suggestion = ?, on_linkedin = ?, done_at = ? WHERE id = ?",
                    (old_status, old_decided, old_reply, old_followed, old_on, old_done, rid),
                )
            db.execute("DELETE FROM history WHERE batch = ?", (batch,))
            # A decision on a connection undone after a newer Connections.csv no longer lists
            # them: not a connection to review any more, but gone.
            db.executemany(
                "UPDATE requests SET status = 'gone', gone_at = (SELECT c.left_at FROM "
                "connections c WHERE c.key = requests.key), decided_at = (SELECT c.left_at FROM "
                "connections c WHERE c.key = requests.key) "
                f"WHERE id = ? AND status = 'connected' AND direction = '{CONNECTION}' AND EXISTS "
                "(SELECT 1 FROM connections c WHERE c.key = requests.key AND c.former = 1)",
                [(e[0],) for e in entries if e[1] == Status.CONNECTED],
            )
        self._pending_moved(known, delta)
        return [int(e[0]) for e in reversed(entries)]

    def set_marked(self, ids: Iterable[int], marked: bool) -> None:
        with self.transaction(counts=False) as db:
            known = self._pending_known()
            db.executemany(
                "UPDATE requests SET marked = ? WHERE id = ?", [(int(marked), i) for i in ids]
            )
        self._pending_moved(known, 0)

    def clear_marks(self) -> None:
        with self.transaction(counts=False) as db:
            known = self._pending_known()
            db.execute("UPDATE requests SET marked = 0 WHERE marked = 1")
        self._pending_moved(known, 0)

    def connection_batches(self, size: int) -> Iterator[list[Request]]:
        """Every connection (reviewed or not), `size` at a time, in the order they were stored."""
        after = 0
        sql = (
            f"SELECT {REQUEST_COLUMNS} FROM requests NOT INDEXED "
            f"WHERE id > ? AND direction = '{CONNECTION}' ORDER BY id LIMIT ?"
        )
        while rows := self.db.execute(sql, (after, size)).fetchall():
            yield [_request(row) for row in rows]
            after = rows[-1][0]

    def connection_count(self) -> int:
        """Every connection, reviewed or not (gone ones too)."""
        row = self.db.execute(f"SELECT COUNT(*) FROM requests WHERE direction = '{CONNECTION}'")
        return int(row.fetchone()[0])

    def positions(self) -> list[tuple[str, str | None, str | None]]:
        """(company, started on, finished on) of the user's employers (Positions.csv)."""
        return [
            (str(r[0]), r[1], r[2])
            for r in self.db.execute("SELECT company, started_on, finished_on FROM positions")
        ]

    def invitation_notes(self) -> dict[str, str]:
        """Person key -> the note of their (latest) invitation to the user."""
        return {
            str(r[0]): str(r[1])
            for r in self.db.execute(
                "SELECT key, message FROM requests WHERE direction = 'incoming' AND message != ''"
            )
        }

    def save_connection_screening(
        self, rows: Iterable[tuple[int, int | None, str | None, str, str | None, int]]
    ) -> None:
        """Store (id, stranger, suggested, reasons as JSON, rule template, known score) of
        connections, in one transaction."""
        with self.transaction(counts=False) as db:
            known = self._pending_known()
            db.executemany(
                "UPDATE requests SET stranger = ?, suggested = ?, reasons = ?, template = ?, "
                "known_score = ? WHERE id = ?",
                [(s, g, r, t, k, i) for i, s, g, r, t, k in rows],
            )
        self._pending_moved(known, 0)

    def save_screening(
        self, rows: Iterable[tuple[int, int | None, str | None, str, str | None, str]]
    ) -> None:
        """Store (id, stranger, suggested, reasons as JSON, rule template, search text), in one
        transaction."""
        with self.transaction(counts=False) as db:
            known = self._pending_known()
            db.executemany(
                "UPDATE requests SET stranger = ?, suggested = ?, reasons = ?, template = ?, "
                "search = ? WHERE id = ?",
                [(s, g, r, t, f, i) for i, s, g, r, t, f in rows],
            )
        self._pending_moved(known, 0)

    def checkpoint(self) -> None:
        """Copy what the write-ahead log holds into the store now, without waiting for anyone
        (a busy store is left for the next commit to do)."""
        with contextlib.suppress(sqlite3.Error):
            self.db.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()

    # -- importing ----------------------------------------------------------------------------

    def is_connection(self, key: str, name: str) -> bool:
        """Whether one person is a current connection: `text.same_person` against
        `connected_keys()`, asked of the indexes (the To do view asks at every cursor move)."""
        if key.startswith("name:"):
            sql, params = "name_key = ?", [key[5:]]
        else:
            sql = "key = ? OR (key LIKE 'name:%' AND name_key = ?)"
            params = [key, normalise_name(name)]
        row = self.db.execute(
            f"SELECT 1 FROM connections WHERE former = 0 AND ({sql}) LIMIT 1", params
        ).fetchone()
        return row is not None

    def connected_keys(self, *, former: bool = False) -> tuple[set[str], set[str], set[str]]:
        """(slugs, names of connections without a URL, every connection name) of the current
        connections, or with `former` of those gone from the latest Connections.csv."""
        slugs: set[str] = set()
        bare_names: set[str] = set()
        names: set[str] = set()
        for key, name_key in self.db.execute(
            "SELECT key, name_key FROM connections WHERE former = ?", (int(former),)
        ):
            names.add(name_key)
            if key.startswith("name:"):
                bare_names.add(name_key)
            else:
                slugs.add(key)
        return slugs, bare_names, names

    def has_evidence(self) -> bool:
        return self.db.execute("SELECT 1 FROM evidence LIMIT 1").fetchone() is not None

    def evidence_rows(self) -> Iterator[Evidence]:
        """Every stored evidence row (counts and dates, never text)."""
        for row in self.db.execute(f"SELECT {_EVIDENCE_COLUMNS} FROM evidence"):
            yield Evidence(*row)

    def evidence_for(self, key: str, name: str) -> list[Evidence]:
        """One person's evidence: by their slug, and by name where a side has no URL."""
        norm = key[5:] if key.startswith("name:") else normalise_name(name)
        rows = self.db.execute(
            f"SELECT {_EVIDENCE_COLUMNS} FROM evidence WHERE key = ? "
            f"UNION SELECT {_EVIDENCE_COLUMNS} FROM evidence WHERE name_key = ? "
            "AND (substr(key, 1, 5) = 'name:' OR ?)",
            (key, norm, int(key.startswith("name:"))),
        )
        return [Evidence(*row) for row in rows]

    def invitation_dates(self, key: str) -> list[tuple[str, str]]:
        """(direction, date) of every invitation remembered between the user and this person:
        the latest of each request, and the earlier ones of people who invited more than once."""
        found = {
            (str(d), str(at))
            for d, at in self.db.execute(
                "SELECT direction, sent_at FROM requests WHERE key = ? AND sent_at IS NOT NULL "
                f"AND direction != '{CONNECTION}' "
                "UNION SELECT direction, sent_at FROM invitations WHERE key = ?",
                (key, key),
            )
        }
        return sorted(found)

    @staticmethod
    def own_invitation(direction: str, sent_at: str | None) -> list[tuple[str, str]]:
        """What `invitation_dates` finds for a person with this one request (its direction and
        `sent_at` as stored) and no earlier invitation: keep the two in step."""
        if sent_at is None or direction == CONNECTION:
            return []
        return [(str(direction), str(sent_at))]

    def connection_of(self, key: str, name: str) -> tuple[str | None, bool, str | None] | None:
        """(date connected, whether gone from the latest Connections.csv, the date of the
        export they were first missing from) of this person, or None when they never were a
        connection."""
        norm = key[5:] if key.startswith("name:") else normalise_name(name)
        row = self.db.execute(
            "SELECT connected_on, former, left_at FROM connections WHERE key = ? "
            "UNION ALL SELECT connected_on, former, left_at FROM connections WHERE name_key = ? "
            "AND (substr(key, 1, 5) = 'name:' OR ?) LIMIT 1",
            (key, norm, int(key.startswith("name:"))),
        ).fetchone()
        return (row[0], bool(row[1]), row[2]) if row else None

    def screening_inputs(self) -> tuple[list[str], list[str], list[str]]:
        """What screening measures each request against: every incoming note, the user's
        companies (Positions.csv) and the names they follow (Member_Follows.csv)."""
        notes = [
            r[0]
            for r in self.db.execute(
                "SELECT message FROM requests WHERE direction = 'incoming' AND message != ''"
            )
        ]
        companies = [r[0] for r in self.db.execute("SELECT company FROM positions")]
        followed = [r[0] for r in self.db.execute("SELECT name FROM follows")]
        return notes, companies, followed

    def invitation_companies(self) -> list[tuple[str, str, list[tuple[int, int]]]]:
        """(company, headline, (request id, day number) of each) of the invitations the user
        received, grouped by company and headline in one query: what the same-company burst
        signal counts (`Context.add_invitations`). A day number is `date.toordinal()`'s."""
        found = []
        for company, headline, pairs in self.db.execute(
            "SELECT company, headline, group_concat(id || ':' || "
            "CAST(julianday(substr(sent_at, 1, 10)) - 1721424.5 AS INTEGER)) "
            "FROM requests WHERE direction = 'incoming' AND sent_at IS NOT NULL "
            "AND status IN ('pending', 'follow', 'connect', 'decline') "
            "AND (company != '' OR headline LIKE '%at %' OR headline LIKE '%@%') "
            "GROUP BY company, headline"
        ):
            on = []
            # a date SQLite could not read left no pair (a group of only those: no text at all)
            for pair in (pairs or "").split(","):
                rid, _, day = pair.partition(":")
                if day:
                    on.append((int(rid), int(day)))
            if on:
                found.append((str(company), str(headline), on))
        return found

    def import_data(self, data: ImportData) -> ImportSummary:
        """Merge what an import read, in one transaction. Idempotent; never touches a decision."""
        return merge(self, data)

    # -- housekeeping -------------------------------------------------------------------------

    def purge(self, older_than_days: int) -> int:
        """Forget decided requests decided more than `older_than_days` ago; compact the store."""
        try:
            cutoff = (clock.now() - timedelta(days=older_than_days)).isoformat(timespec="seconds")
        except OverflowError:
            return 0  # before the calendar begins: nothing was decided that long ago
        with self.transaction() as db:
            ids = [
                r[0]
                for r in db.execute(
                    "SELECT id FROM requests WHERE status IN ('follow', 'connect', 'decline', "
                    "'withdrawn', 'gone') AND decided_at IS NOT NULL AND decided_at < ?",
                    (cutoff,),
                )
            ]
            db.executemany("DELETE FROM history WHERE request_id = ?", [(i,) for i in ids])
            for rid in ids:
                key, direction = db.execute(
                    "SELECT key, direction FROM requests WHERE id = ?", (rid,)
                ).fetchone()
                db.execute(
                    "DELETE FROM invitations WHERE key = ? AND direction = ?", (key, direction)
                )
                db.execute(
                    "INSERT OR IGNORE INTO forgotten (digest) VALUES (?)",
                    (digest(key, direction),),
                )
                db.execute("DELETE FROM requests WHERE id = ?", (rid,))
        with contextlib.suppress(sqlite3.Error):
            self.db.execute("VACUUM")
            self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return len(ids)

    def stats(self) -> dict[str, Any]:
        """Counts by status, overall and per month (of the invitation date)."""
        overall = {
            s: 0 for s in ("pending", "follow", "connect", "decline", "sent", "withdrawn", "gone")
        }
        for status, n in self.db.execute(
            f"SELECT status, COUNT(*) FROM requests WHERE direction != '{CONNECTION}' "
            "GROUP BY status"
        ):
            overall[status] = n
        on_linkedin = {"todo": 0, "done": 0}
        for state, n in self.db.execute(
            "SELECT on_linkedin, COUNT(*) FROM requests WHERE on_linkedin IS NOT NULL "
            # a kept connection had nothing to do on LinkedIn
            f"AND NOT (direction = '{CONNECTION}' AND status = 'connect') GROUP BY on_linkedin"
        ):
            on_linkedin[state] = n
        months: dict[str, dict[str, int]] = {}
        for month, status, n in self.db.execute(
            "SELECT substr(COALESCE(decided_at, sent_at, ''), 1, 7) AS m, status, COUNT(*) "
            "FROM requests WHERE direction = 'incoming' GROUP BY m, status ORDER BY m"
        ):
            if not month:
                month = "unknown"
            bucket = months.setdefault(
                month, {"pending": 0, "follow": 0, "connect": 0, "decline": 0}
            )
            if status in bucket:
                bucket[status] += n
        followed, judged = self.db.execute(
            "SELECT COALESCE(SUM(followed_suggestion), 0), COUNT(followed_suggestion) "
            "FROM requests WHERE status IN ('follow', 'connect', 'decline')"
        ).fetchone()
        return {
            "network": self.network_stats(),
            **overall,
            "total": sum(overall.values()),
            **on_linkedin,
            "followed_suggestion": followed,
            "decisions_with_suggestion": judged,
            "suggestion_share": (followed / judged) if judged else None,
            "months": [{"month": m, **c} for m, c in months.items()],
        }

    def network_stats(self) -> dict[str, Any]:
        """The network's composition (#18): of the current connections, how many the user knows,
        can't tell, or are strangers (screening's mark); how many were reviewed (kept, follow
        instead, remove) and are left to review; gone ones; and all of it by year connected."""
        composition = {"known": 0, "cant_tell": 0, "strangers": 0}
        reviewed = {"keep": 0, "follow_instead": 0, "remove": 0}
        left = gone = 0
        years: dict[str, dict[str, int]] = {}
        reviewed_names = {"connect": "keep", "follow": "follow_instead", "decline": "remove"}
        for status, stranger, year, n in self.db.execute(
            "SELECT status, stranger, substr(COALESCE(sent_at, ''), 1, 4) AS y, COUNT(*) "
            f"FROM requests WHERE direction = '{CONNECTION}' GROUP BY status, stranger, y"
        ):
            if status == "gone":
                gone += n
                continue
            kind = "known" if stranger == 0 else "strangers" if stranger == 1 else "cant_tell"
            composition[kind] += n
            if status == "connected":
                left += n
            elif status in reviewed_names:
                reviewed[reviewed_names[status]] += n
            bucket = years.setdefault(
                year or "unknown",
                {"known": 0, "cant_tell": 0, "strangers": 0, "reviewed": 0, "total": 0},
            )
            bucket[kind] += n
            bucket["total"] += n
            bucket["reviewed"] += n if status != "connected" else 0
        return {
            "connections": sum(composition.values()),
            **composition,
            "reviewed": sum(reviewed.values()),
            **reviewed,
            "left": left,
            "gone": gone,
            "by_year": [{"year": y, **years[y]} for y in sorted(years)],
        }
