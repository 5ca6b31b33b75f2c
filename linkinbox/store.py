"""The inbox store: SQLite in WAL mode, one transaction per decision, a history for undo.

No Textual here. The TUI reads windows of rows (`page`) so it never holds the whole inbox.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, NamedTuple

from linkinbox import clock
from linkinbox.errors import LinkinboxError, NotFound, StoreError
from linkinbox.models import (
    DECIDED,
    Connection,
    Decision,
    ImportData,
    ImportSummary,
    Invitation,
    Request,
    Status,
)
from linkinbox.paths import ensure_private_dir
from linkinbox.text import (
    clean_text,
    identity,
    normalise_name,
    one_line,
    profile_url,
    same_person,
    slug_from_url,
    split_name,
)

SCHEMA_VERSION = 6

MIGRATIONS: dict[int, str] = {
    1: """
    CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS requests (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL,
        direction TEXT NOT NULL DEFAULT 'incoming',
        name TEXT NOT NULL,
        first_name TEXT NOT NULL DEFAULT '',
        last_name TEXT NOT NULL DEFAULT '',
        headline TEXT NOT NULL DEFAULT '',
        location TEXT NOT NULL DEFAULT '',
        company TEXT NOT NULL DEFAULT '',
        profile_url TEXT NOT NULL DEFAULT '',
        message TEXT NOT NULL DEFAULT '',
        sent_at TEXT,
        mutual_connections INTEGER,
        source TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL DEFAULT 'pending',
        decided_at TEXT,
        reply TEXT,
        invite_count INTEGER NOT NULL DEFAULT 1,
        marked INTEGER NOT NULL DEFAULT 0,
        stranger INTEGER,
        suggested TEXT,
        reasons TEXT,
        followed_suggestion INTEGER,
        UNIQUE (key, direction)
    );
    CREATE INDEX IF NOT EXISTS requests_by_status_date
        ON requests (status, sent_at DESC, id DESC);
    CREATE INDEX IF NOT EXISTS requests_marked ON requests (marked) WHERE marked = 1;
    CREATE TABLE IF NOT EXISTS invitations (
        key TEXT NOT NULL,
        direction TEXT NOT NULL,
        sent_at TEXT NOT NULL,
        PRIMARY KEY (key, direction, sent_at)
    ) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS connections (
        key TEXT PRIMARY KEY,
        name_key TEXT NOT NULL,
        name TEXT NOT NULL,
        profile_url TEXT NOT NULL DEFAULT '',
        company TEXT NOT NULL DEFAULT '',
        position TEXT NOT NULL DEFAULT '',
        connected_on TEXT
    );
    CREATE INDEX IF NOT EXISTS connections_by_name ON connections (name_key);
    CREATE TABLE IF NOT EXISTS follows (name_key TEXT PRIMARY KEY, name TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS positions (company_key TEXT PRIMARY KEY, company TEXT NOT NULL,
                                          title TEXT NOT NULL DEFAULT '');
    CREATE TABLE IF NOT EXISTS history (
        id INTEGER PRIMARY KEY,
        batch INTEGER NOT NULL,
        request_id INTEGER NOT NULL,
        old_status TEXT NOT NULL,
        new_status TEXT NOT NULL,
        old_decided_at TEXT,
        old_reply TEXT,
        old_followed INTEGER,
        at TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS history_by_batch ON history (batch);
    """,
    # 2: the template named by the rule that matched, used for that request's reply.
    2: """
    ALTER TABLE requests ADD COLUMN template TEXT;
    """,
    # 3: name, headline and note case-folded for the filter (written by screening, so imports
    # stay fast; rows not screened yet fall back to SQLite's ASCII lower()).
    3: """
    ALTER TABLE requests ADD COLUMN search TEXT;
    """,
    # 4: what purge forgot, as one-way digests: a later export must not bring a purged
    # decision back as pending, and the store must not keep who it was.
    4: """
    CREATE TABLE IF NOT EXISTS forgotten (digest TEXT PRIMARY KEY) WITHOUT ROWID;
    """,
    # 5: connections no longer in the latest Connections.csv: their new invitations are kept,
    # and screening says "was a connection before".
    5: """
    ALTER TABLE connections ADD COLUMN former INTEGER NOT NULL DEFAULT 0;
    """,
    # 6: the filter's text in the index every view walks: a word found once in 100,000 requests
    # is found reading the index alone (15 ms) instead of every row (27 ms).
    6: """
    DROP INDEX IF EXISTS requests_by_status_date;
    CREATE INDEX requests_by_status_date ON requests (status, sent_at DESC, id DESC, search);
    """,
}

REQUEST_COLUMNS = (
    "id, key, name, first_name, last_name, headline, location, company, profile_url, message, "
    "sent_at, mutual_connections, source, status, decided_at, reply, invite_count, marked"
)

ORDERS = {
    "date": "sent_at DESC, id DESC",
    "mutual": "mutual_connections IS NULL, mutual_connections DESC, sent_at DESC, id DESC",
    "suggestion": (
        "CASE suggested WHEN 'connect' THEN 0 WHEN 'follow' THEN 1 WHEN 'decline' THEN 2"
        " ELSE 3 END,"
        " sent_at DESC, id DESC"
    ),
    "name": "name COLLATE NOCASE, id",
    "decided": "decided_at DESC, id DESC",
}

STATUSES = ("pending", "follow", "connect", "decline", "sent", "withdrawn", "all")


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


class Query(NamedTuple):
    """Which requests a view shows, and in what order."""

    status: str = "pending"
    text: str = ""
    order: str = "date"

    def where(self) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        if self.status == "decided":
            clauses.append("status IN ('follow', 'connect', 'decline')")
        elif self.status != "all":
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

    def order_by(self) -> str:
        return ORDERS.get(self.order, ORDERS["date"])


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


def _iso(value: datetime | None) -> str | None:
    return value.isoformat(timespec="seconds") if value else None


def _dt(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def _request(row: sqlite3.Row | tuple[Any, ...]) -> Request:
    (
        rid,
        key,
        name,
        first,
        last,
        headline,
        location,
        company,
        url,
        message,
        sent_at,
        mutual,
        source,
        status,
        decided_at,
        reply,
        count,
        marked,
    ) = tuple(row)
    return Request(
        id=rid,
        key=key,
        name=name,
        first_name=first,
        last_name=last,
        headline=headline,
        location=location,
        company=company,
        profile_url=url,
        message=message,
        sent_at=_dt(sent_at),
        mutual_connections=mutual,
        source=source,
        status=Status(status),
        decided_at=_dt(decided_at),
        reply=reply,
        invite_count=count,
        marked=bool(marked),
    )


class Store:
    """One SQLite file holding requests, decisions and their history."""

    def __init__(self, path: Path, *, readonly: bool = False) -> None:
        self.path = path
        self._pending: tuple[tuple[int, int], int] | None = None  # (version, count)
        if readonly:  # a second connection for a worker's queries: no writes, no migrations
            try:
                self.db = sqlite3.connect(
                    f"{path.as_uri()}?mode=ro", uri=True, timeout=10, check_same_thread=False
                )
            except sqlite3.Error as error:
                raise StoreError(f"Cannot read the inbox store {path}: {error}.") from error
            return
        try:
            ensure_private_dir(path.parent)
            if not path.exists():
                fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
                os.close(fd)
            with contextlib.suppress(OSError):
                path.chmod(0o600)
            self.db = sqlite3.connect(
                path, timeout=10, isolation_level=None, check_same_thread=False
            )
            self.db.execute("PRAGMA busy_timeout = 10000")
            self.db.execute("PRAGMA journal_mode = WAL")
            self.db.execute("PRAGMA synchronous = FULL")
            self.db.execute("PRAGMA foreign_keys = ON")
            self._migrate()
        except sqlite3.DatabaseError as error:
            raise StoreError(f"Cannot open the inbox store {path}: {error}.") from error
        except OSError as error:
            raise StoreError(
                f"Cannot open the inbox store {path}: {error.strerror or error}."
            ) from error
        for suffix in ("-wal", "-shm"):
            with contextlib.suppress(OSError):
                Path(f"{path}{suffix}").chmod(0o600)

    # -- plumbing ---------------------------------------------------------------------------

    def _migrate(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"The inbox store {self.path} was written by a newer linkinbox "
                f"(schema {version}); upgrade linkinbox to open it."
            )
        if version == SCHEMA_VERSION:
            return
        with self.transaction():  # every step at once: all of them or none
            for target in range(version + 1, SCHEMA_VERSION + 1):
                for statement in MIGRATIONS[target].split(";"):
                    if statement.strip():
                        self.db.execute(statement)
            self.db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        try:
            self.db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            raise StoreError(
                f"The inbox store {self.path} is busy or read-only: {error}."
            ) from error
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        try:
            self.db.execute("COMMIT")
        except sqlite3.OperationalError as error:
            with contextlib.suppress(sqlite3.Error):
                self.db.execute("ROLLBACK")
            raise StoreError(f"Cannot write the inbox store {self.path}: {error}.") from error

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self.db.close()

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
        """How many requests are pending; counted again only after another connection changed
        the store, or this one in a way it did not keep count of (see `_pending_moved`)."""
        version = self._version()
        if self._pending is None or self._pending[0] != version:
            self._pending = (version, self._count(Query("pending")))
        return self._pending[1]

    def _version(self) -> tuple[int, int]:
        """Changes by this connection, and commits by others (`PRAGMA data_version`)."""
        return self.db.total_changes, self.db.execute("PRAGMA data_version").fetchone()[0]

    def _pending_known(self) -> int | None:
        """Inside a write transaction, before changing anything: the cached pending count, when
        it is still right (no other connection can commit until this one does)."""
        if self._pending is not None and self._pending[0] == self._version():
            return self._pending[1]
        return None

    def _pending_moved(self, known: int | None, delta: int) -> None:
        """After the commit: `delta` requests moved into pending (negative: out of it). A
        decision then costs no recount of 100,000 requests."""
        if known is not None:
            self._pending = (self._version(), known + delta)

    def page(self, query: Query, offset: int, limit: int, total: int | None = None) -> list[Row]:
        """Rows `offset` to `offset + limit` of a view. Given the view's `total`, a window in its
        second half is read from the end, backwards: a jump to the last request costs what a
        jump to the first does, at any size."""
        where, params = query.where()
        columns = (
            "SELECT id, name, headline, sent_at, stranger, suggested, marked, mutual_connections,"
            f" status FROM requests{where}"
        )
        offset = max(0, offset)
        if total is not None and offset > total // 2:
            end = min(total, offset + limit)
            sql = f"{columns} ORDER BY {_reversed(query.order_by())} LIMIT ? OFFSET ?"
            rows = [Row(*r) for r in self.db.execute(sql, [*params, end - offset, total - end])]
            rows.reverse()
            return rows
        sql = f"{columns} ORDER BY {query.order_by()} LIMIT ? OFFSET ?"
        return [Row(*r) for r in self.db.execute(sql, [*params, limit, offset])]

    def index_of(self, query: Query, request_id: int) -> int | None:
        """The position of a request in a view, or None when it is not in it."""
        where, params = query.where()
        if query.order == "date" and query.status != "all":
            # Count what sorts before it, along the (status, sent_at, id) index.
            row = self.db.execute(
                f"SELECT sent_at FROM requests{where}{' AND' if where else ' WHERE'} id = ?",
                [*params, request_id],
            ).fetchone()
            if row is None:
                return None
            sent_at = row[0]
            if sent_at is None:
                before = "(sent_at IS NOT NULL OR id > ?)"
                extra: list[Any] = [request_id]
            else:
                before = "(sent_at > ? OR (sent_at = ? AND id > ?))"
                extra = [sent_at, sent_at, request_id]
            count = self.db.execute(
                f"SELECT COUNT(*) FROM requests{where}{' AND' if where else ' WHERE'} {before}",
                [*params, *extra],
            ).fetchone()[0]
            return int(count)
        sql = (
            f"SELECT rn FROM (SELECT id, ROW_NUMBER() OVER (ORDER BY {query.order_by()}) - 1 AS rn"
            f" FROM requests{where}) WHERE id = ?"
        )
        row = self.db.execute(sql, [*params, request_id]).fetchone()
        return int(row[0]) if row else None

    def get(self, request_id: int) -> Request | None:
        row = self.db.execute(
            f"SELECT {REQUEST_COLUMNS} FROM requests WHERE id = ?", (request_id,)
        ).fetchone()
        return _request(row) if row else None

    def find(self, ref: str) -> Request:
        """A request by its id, profile URL or slug; NotFound says so in a sentence."""
        ref = ref.strip()
        if ref.isdigit():
            found = self.get(int(ref))
            if found:
                return found
        key = slug_from_url(ref) or identity("", ref)
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

    def marked_ids(self) -> list[int]:
        return [r[0] for r in self.db.execute("SELECT id FROM requests WHERE marked = 1")]

    def meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        with self.transaction() as db:
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
        self, pairs: Sequence[tuple[int, Decision | str]], replies: dict[int, str] | None = None
    ) -> list[int]:
        """Decide each pending request its own way, all in one batch (one undo)."""
        return self._transition(
            [(rid, Status(Decision(d).value)) for rid, d in pairs], Status.PENDING, replies or {}
        )

    def set_status(self, ids: Sequence[int], status: Status, expect: Status) -> list[int]:
        """Move requests from one status to another, with history (e.g. sent → withdrawn)."""
        return self._transition([(rid, status) for rid in ids], expect, None)

    def _transition(
        self,
        pairs: Sequence[tuple[int, Status]],
        expect: Status,
        replies: dict[int, str] | None,
    ) -> list[int]:
        """Move requests that are in `expect` to new statuses, in one transaction and one batch.

        `replies` None keeps each request's reply; a dict sets it (a missing id clears it).
        """
        at = clock.stamp()
        done: list[int] = []
        delta = 0
        with self.transaction() as db:
            known = self._pending_known()
            batch = db.execute("SELECT COALESCE(MAX(batch), 0) + 1 FROM history").fetchone()[0]
            for rid, status in pairs:
                row = db.execute(
                    "SELECT status, decided_at, reply, suggested, followed_suggestion "
                    "FROM requests WHERE id = ?",
                    (rid,),
                ).fetchone()
                if row is None or row[0] != expect:
                    continue
                old_status, old_decided, old_reply, suggested, old_followed = row
                followed = old_followed
                if status in DECIDED:
                    followed = None if suggested is None else int(suggested == status.value)
                reply = old_reply if replies is None else replies.get(rid)
                db.execute(
                    "UPDATE requests SET status = ?, decided_at = ?, reply = ?, marked = 0, "
                    "followed_suggestion = ? WHERE id = ?",
                    (status.value, at, reply, followed, rid),
                )
                db.execute(
                    "INSERT INTO history (batch, request_id, old_status, new_status, "
                    "old_decided_at, old_reply, old_followed, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        batch,
                        rid,
                        old_status,
                        status.value,
                        old_decided,
                        old_reply,
                        old_followed,
                        at,
                    ),
                )
                done.append(rid)
                delta += (status == Status.PENDING) - (old_status == Status.PENDING)
        self._pending_moved(known, delta)
        return done

    def last_batch(self) -> list[tuple[int, str, str]]:
        """(request id, old status, new status) of the most recent batch still undoable."""
        rows = self.db.execute(
            "SELECT request_id, old_status, new_status FROM history "
            "WHERE batch = (SELECT MAX(batch) FROM history) ORDER BY id"
        ).fetchall()
        return [(int(r[0]), str(r[1]), str(r[2])) for r in rows]

    def undo(self) -> list[int]:
        """Undo the last decision or batch exactly; returns the ids restored ([] when none)."""
        delta = 0
        with self.transaction() as db:
            known = self._pending_known()
            row = db.execute("SELECT MAX(batch) FROM history").fetchone()
            if row is None or row[0] is None:
                return []
            batch = row[0]
            entries = db.execute(
                "SELECT request_id, old_status, old_decided_at, old_reply, old_followed "
                "FROM history WHERE batch = ? ORDER BY id DESC",
                (batch,),
            ).fetchall()
            for rid, old_status, old_decided, old_reply, old_followed in entries:
                now = db.execute("SELECT status FROM requests WHERE id = ?", (rid,)).fetchone()
                if now is not None:
                    delta += (old_status == Status.PENDING) - (now[0] == Status.PENDING)
                db.execute(
                    "UPDATE requests SET status = ?, decided_at = ?, reply = ?, "
                    "followed_suggestion = ? WHERE id = ?",
                    (old_status, old_decided, old_reply, old_followed, rid),
                )
            db.execute("DELETE FROM history WHERE batch = ?", (batch,))
        self._pending_moved(known, delta)
        return [int(e[0]) for e in reversed(entries)]

    def set_marked(self, ids: Iterable[int], marked: bool) -> None:
        with self.transaction() as db:
            known = self._pending_known()
            db.executemany(
                "UPDATE requests SET marked = ? WHERE id = ?", [(int(marked), i) for i in ids]
            )
        self._pending_moved(known, 0)

    def clear_marks(self) -> None:
        with self.transaction() as db:
            known = self._pending_known()
            db.execute("UPDATE requests SET marked = 0 WHERE marked = 1")
        self._pending_moved(known, 0)

    def save_screening(
        self, rows: Iterable[tuple[int, int | None, str | None, str, str | None, str]]
    ) -> None:
        """Store (id, stranger, suggested, reasons as JSON, rule template, search text), in one
        transaction."""
        with self.transaction() as db:
            known = self._pending_known()
            db.executemany(
                "UPDATE requests SET stranger = ?, suggested = ?, reasons = ?, template = ?, "
                "search = ? WHERE id = ?",
                [(s, g, r, t, f, i) for i, s, g, r, t, f in rows],
            )
        self._pending_moved(known, 0)

    # -- importing ----------------------------------------------------------------------------

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

    def import_data(self, data: ImportData) -> ImportSummary:
        """Merge what an import read, in one transaction. Idempotent; never touches a decision."""
        summary = ImportSummary(skipped=data.skipped, problems=list(data.problems))
        # A bigger page cache while the indexes take 100,000 rows in random key order (5% of the
        # import's time); only for the import, so the inbox's memory stays small.
        cache = self.db.execute("PRAGMA cache_size").fetchone()[0]
        self.db.execute("PRAGMA cache_size = -16384")
        try:
            self._import_data(data, summary)
        finally:
            self.db.execute(f"PRAGMA cache_size = {int(cache)}")
        return summary

    def _import_data(self, data: ImportData, summary: ImportSummary) -> None:
        with self.transaction() as db:
            self._merge_connections(db, data.connections, summary)
            db.executemany(
                "INSERT OR IGNORE INTO follows (name_key, name) VALUES (?, ?)",
                [(normalise_name(n), one_line(n)) for n in data.follows if normalise_name(n)],
            )
            db.executemany(
                "INSERT OR REPLACE INTO positions (company_key, company, title) VALUES (?, ?, ?)",
                [
                    (normalise_name(p.company), one_line(p.company), one_line(p.title))
                    for p in data.positions
                    if normalise_name(p.company)
                ],
            )
            self._merge_invitations(db, data.invitations, summary)
            if summary.added or summary.updated or data.follows or data.positions:
                # Screening is left for later (see Inbox.ensure_screened): imports stay fast.
                db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('unscreened', '1')")
            for key, value in (("me_name", data.me_name), ("me_url", data.me_url)):
                if value:
                    db.execute(
                        "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value)
                    )
            if data.connections:
                summary.removed_connected = self._drop_connected(db)

    def _merge_connections(
        self, db: sqlite3.Connection, connections: list[Connection], summary: ImportSummary
    ) -> None:
        rows = []
        for c in connections:
            name = one_line(c.name)
            slug = slug_from_url(c.profile_url)
            name_key = normalise_name(name)
            if not slug and not name_key:
                continue  # a hidden profile: only a date
            rows.append(
                (
                    slug or f"name:{name_key}",
                    name_key,
                    name,
                    profile_url(slug),
                    one_line(c.company),
                    one_line(c.position),
                    c.connected_on.isoformat() if c.connected_on else None,
                )
            )
        before = db.total_changes
        db.executemany(
            "INSERT OR IGNORE INTO connections (key, name_key, name, profile_url, company, "
            "position,"
            " connected_on) VALUES (?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        summary.connections = db.total_changes - before
        if rows:
            # Connections.csv lists every current connection: whoever is not in it any more
            # was a connection before; whoever is back, is a connection again.
            current = {row[0] for row in rows}
            gone: list[tuple[str]] = []
            back: list[tuple[str]] = []
            for key, former in db.execute("SELECT key, former FROM connections"):
                if (key in current) == bool(former):
                    (back if former else gone).append((key,))
            db.executemany("UPDATE connections SET former = 1 WHERE key = ?", gone)
            db.executemany("UPDATE connections SET former = 0 WHERE key = ?", back)

    def _drop_connected(self, db: sqlite3.Connection) -> int:
        """Pending and sent requests whose person is now a connection are no longer requests."""
        slugs, bare, names = self.connected_keys()
        doomed: list[tuple[int]] = []
        for rid, key, name in db.execute(
            "SELECT id, key, name FROM requests WHERE status IN ('pending', 'sent')"
        ):
            if same_person(key, name, slugs, bare, names):
                doomed.append((rid,))
        db.executemany("DELETE FROM requests WHERE id = ?", doomed)
        return len(doomed)

    def _join_by_name(
        self, db: sqlite3.Connection, grouped: dict[tuple[str, str], list[Invitation]]
    ) -> None:
        """One person, one request, when one source has their profile URL and another only a name.

        A sighting known only by name joins the single request with a URL under that name; a
        stored request known only by name takes the URL when this import brings it.
        """
        named = [k for k in grouped if k[0].startswith("name:")]
        stored_named = db.execute(
            "SELECT 1 FROM requests WHERE key LIKE 'name:%' LIMIT 1"
        ).fetchone()
        if not named and not stored_named:
            return
        by_name: dict[tuple[str, str], set[str]] = {}
        for key, direction, name in db.execute(
            "SELECT key, direction, name FROM requests WHERE key NOT LIKE 'name:%'"
        ):
            by_name.setdefault((normalise_name(name), direction), set()).add(key)
        for (key, direction), group in grouped.items():
            if not key.startswith("name:"):
                by_name.setdefault((normalise_name(group[-1].name), direction), set()).add(key)
        for key, direction in named:
            matches = by_name.get((key[5:], direction), set())
            if len(matches) == 1:
                target = (next(iter(matches)), direction)
                grouped.setdefault(target, []).extend(grouped.pop((key, direction)))
                grouped[target].sort(key=lambda i: i.sent_at or datetime.min)
        if stored_named:
            for (name_key, direction), slugs in by_name.items():
                if len(slugs) != 1:
                    continue
                slug = next(iter(slugs))
                old = f"name:{name_key}"
                taken = db.execute(
                    "SELECT 1 FROM requests WHERE key = ? AND direction = ?", (slug, direction)
                ).fetchone()
                if taken is None:
                    db.execute(
                        "UPDATE requests SET key = ? WHERE key = ? AND direction = ?",
                        (slug, old, direction),
                    )
                    db.execute(
                        "UPDATE OR IGNORE invitations SET key = ? WHERE key = ? AND direction = ?",
                        (slug, old, direction),
                    )

    def _merge_invitations(
        self, db: sqlite3.Connection, invitations: list[Invitation], summary: ImportSummary
    ) -> None:
        if not invitations:
            return
        tally = dict.fromkeys(
            ("added", "sent", "updated", "unchanged", "skipped", "already_connected", "forgotten"),
            0,
        )
        slugs, bare, names = self.connected_keys()
        # One entry per (key, direction): the latest invitation wins the date and the note,
        # every source fills in what the others lack.
        grouped: dict[tuple[str, str], list[Invitation]] = {}
        for inv in invitations:
            direction = "outgoing" if inv.direction == "outgoing" else "incoming"
            key = identity(inv.profile_url, inv.name)
            if not key:
                tally["skipped"] += 1
                continue
            grouped.setdefault((key, direction), []).append(inv)
        self._join_by_name(db, grouped)
        if db.execute("SELECT 1 FROM forgotten LIMIT 1").fetchone():
            forgotten = {r[0] for r in db.execute("SELECT digest FROM forgotten")}
            for group_key in [k for k in grouped if _digest(*k) in forgotten]:
                tally["forgotten"] += len(grouped.pop(group_key))

        existing: dict[tuple[str, str], tuple[Any, ...]] = {}
        cols = (
            "id, key, direction, name, first_name, last_name, headline, location, company, "
            "profile_url, message, sent_at, mutual_connections, source, status"
        )
        if len(grouped) > 500:
            for row in db.execute(f"SELECT {cols} FROM requests"):
                existing[(row[1], row[2])] = row
        else:
            for key, direction in grouped:
                row = db.execute(
                    f"SELECT {cols} FROM requests WHERE key = ? AND direction = ?", (key, direction)
                ).fetchone()
                if row:
                    existing[(key, direction)] = row

        inserts: list[tuple[Any, ...]] = []
        updates: list[tuple[Any, ...]] = []
        # invite_count: the distinct dates a sender invited on. The invitations table remembers
        # them only for senders seen more than once, so a first import of one invitation each
        # writes nothing there.
        dated: list[tuple[str, str, str]] = []
        recount: list[tuple[str, str]] = []
        for (key, direction), group in grouped.items():
            if len(group) > 1:
                group.sort(key=lambda i: i.sent_at or datetime.min)
            latest = group[-1]
            merged = _merge_fields(group, key)
            old = existing.get((key, direction)) if existing else None
            if old is None and len(group) == 1:
                count = 1  # the common case: one invitation, nothing to remember
            else:
                dates = {d for d in (_iso(i.sent_at) for i in group) if d}
                known = {old[11]} if old is not None and old[11] else set()
                count = max(1, len(dates))
                if len(dates | known) > 1 and not dates <= known:
                    dated.extend((key, direction, d) for d in dates | known)
                    recount.append((key, direction))
            if old is None:
                status = _initial_status(latest, direction)
                if (
                    (slugs or names)
                    and status in (Status.PENDING, Status.SENT)
                    and same_person(key, merged["name"], slugs, bare, names)
                ):
                    tally["already_connected"] += 1
                    continue
                decided = (
                    _iso(latest.decided_at) if status not in (Status.PENDING, Status.SENT) else None
                )
                inserts.append(
                    (
                        key,
                        direction,
                        merged["name"],
                        merged["first_name"],
                        merged["last_name"],
                        merged["headline"],
                        merged["location"],
                        merged["company"],
                        merged["profile_url"],
                        merged["message"],
                        merged["sent_at"],
                        merged["mutual_connections"],
                        merged["source"],
                        status.value,
                        decided,
                        _reply(latest.reply) if decided else None,
                        count,
                    )
                )
                if direction == "outgoing":
                    tally["sent"] += 1
                else:
                    tally["added"] += 1
                continue
            changes = _changes(old, merged)
            own_status = _initial_status(latest, direction) if latest.status else None
            if own_status is not None and old[14] == Status.PENDING and own_status in DECIDED:
                changes["status"] = own_status.value
                changes["decided_at"] = _iso(latest.decided_at) or clock.stamp()
                changes["reply"] = _reply(latest.reply)
            if changes:
                sets = ", ".join(f"{c} = ?" for c in changes)
                updates.append((sets, [*changes.values(), old[0]]))
                tally["updated"] += 1
            else:
                tally["unchanged"] += 1

        db.executemany(
            "INSERT INTO requests (key, direction, name, first_name, last_name, headline, location,"
            " company, profile_url, message, sent_at, mutual_connections, source, status,"
            " decided_at, reply, invite_count)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            inserts,
        )
        for sets, params in updates:
            db.execute(f"UPDATE requests SET {sets} WHERE id = ?", params)
        db.executemany(
            "INSERT OR IGNORE INTO invitations (key, direction, sent_at) VALUES (?, ?, ?)", dated
        )
        db.executemany(
            "UPDATE requests SET invite_count = MAX(1, (SELECT COUNT(*) FROM invitations i "
            "WHERE i.key = requests.key AND i.direction = requests.direction))"
            " WHERE key = ? AND direction = ?",
            recount,
        )
        explicit = [
            (inv_count, key, direction)
            for (key, direction), group in grouped.items()
            if len(group) > 1 or group[0].invite_count > 1
            for inv_count in [max(i.invite_count for i in group)]
            if inv_count > 1
        ]
        db.executemany(
            "UPDATE requests SET invite_count = MAX(invite_count, ?) "
            "WHERE key = ? AND direction = ?",
            explicit,
        )
        for name, count in tally.items():
            setattr(summary, name, getattr(summary, name) + count)

    # -- housekeeping -------------------------------------------------------------------------

    def purge(self, older_than_days: int) -> int:
        """Forget decided requests decided more than `older_than_days` ago; compact the store."""
        cutoff = (clock.now() - timedelta(days=older_than_days)).isoformat(timespec="seconds")
        with self.transaction() as db:
            ids = [
                r[0]
                for r in db.execute(
                    "SELECT id FROM requests WHERE status IN ('follow', 'connect', 'decline', "
                    "'withdrawn') AND decided_at IS NOT NULL AND decided_at < ?",
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
                    (_digest(key, direction),),
                )
                db.execute("DELETE FROM requests WHERE id = ?", (rid,))
        with contextlib.suppress(sqlite3.Error):
            self.db.execute("VACUUM")
            self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return len(ids)

    def stats(self) -> dict[str, Any]:
        """Counts by status, overall and per month (of the invitation date)."""
        overall = {s: 0 for s in ("pending", "follow", "connect", "decline", "sent", "withdrawn")}
        for status, n in self.db.execute("SELECT status, COUNT(*) FROM requests GROUP BY status"):
            overall[status] = n
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
            **overall,
            "total": sum(overall.values()),
            "followed_suggestion": followed,
            "decisions_with_suggestion": judged,
            "suggestion_share": (followed / judged) if judged else None,
            "months": [{"month": m, **c} for m, c in months.items()],
        }


def _reply(text: str | None) -> str | None:
    return clean_text(text) if text else text


def _digest(key: str, direction: str) -> str:
    """A one-way name for a forgotten request: enough to recognise it, not to tell who it was."""
    import hashlib  # only once something was forgotten: most runs never need it

    return hashlib.sha256(f"{direction}\n{key}".encode()).hexdigest()


def _initial_status(inv: Invitation, direction: str) -> Status:
    if inv.status:
        try:
            return Status(inv.status)
        except ValueError:
            pass
    return Status.SENT if direction == "outgoing" else Status.PENDING


_FILLABLE = ("headline", "location", "company", "profile_url", "first_name", "last_name")


def _clean(value: str, limit: int) -> str:
    """`one_line`, skipped for the empty fields most rows have and for text already clean."""
    if not value:
        return value
    if value.isprintable() and len(value) <= limit and "  " not in value:
        return value.strip()
    return one_line(value, limit=limit)


def _merge_fields(group: list[Invitation], key: str) -> dict[str, Any]:
    """Combine every sighting of one sender: the latest wins name, date, note; others fill gaps."""
    latest = group[-1]
    name = _clean(latest.name, 200)
    first, last = latest.first_name, latest.last_name
    if first or last:
        first, last = _clean(first, 100), _clean(last, 100)
    else:
        first, last = split_name(name)
    url = profile_url(key) if not key.startswith("name:") else _clean(latest.profile_url, 500)
    merged: dict[str, Any] = {
        "name": name,
        "first_name": first,
        "last_name": last,
        "headline": _clean(latest.headline, 500),
        "location": _clean(latest.location, 200),
        "company": _clean(latest.company, 200),
        "profile_url": url,
        "message": latest.message if latest.message.isprintable() else clean_text(latest.message),
        "sent_at": _iso(latest.sent_at),
        "mutual_connections": latest.mutual_connections,
        "source": _clean(latest.source, 40),
    }
    for inv in reversed(group[:-1]):
        for field in _FILLABLE:
            if not merged[field]:
                merged[field] = _clean(getattr(inv, field), 500)
        if merged["mutual_connections"] is None and inv.mutual_connections is not None:
            merged["mutual_connections"] = inv.mutual_connections
    return merged


def _changes(old: tuple[Any, ...], new: dict[str, Any]) -> dict[str, Any]:
    """What an import adds to a stored request: newer invitation date and note, filled-in gaps."""
    (
        _,
        _,
        _,
        name,
        first,
        last,
        headline,
        location,
        company,
        url,
        message,
        sent_at,
        mutual,
        source,
        _status,
    ) = old
    changes: dict[str, Any] = {}
    newer = bool(new["sent_at"]) and (not sent_at or new["sent_at"] > sent_at)
    if newer:
        changes["sent_at"] = new["sent_at"]
        if new["message"] != message and new["message"]:
            changes["message"] = new["message"]
        if new["name"] and new["name"] != name:
            changes["name"] = new["name"]
    for field, current in (
        ("headline", headline),
        ("location", location),
        ("company", company),
        ("profile_url", url),
        ("first_name", first),
        ("last_name", last),
    ):
        if new[field] and not current:
            changes[field] = new[field]
    if (
        new["mutual_connections"] is not None
        and mutual != new["mutual_connections"]
        and (mutual is None or newer or new["source"] == "email")
    ):
        changes["mutual_connections"] = new["mutual_connections"]
    if new["source"] and new["source"] not in (source or "").split("+"):
        changes["source"] = f"{source}+{new['source']}" if source else new["source"]
    return changes


def open_store(path: Path) -> Store:
    try:
        return Store(path)
    except LinkinboxError:
        raise
    except sqlite3.Error as error:
        raise StoreError(f"Cannot use the inbox store {path}: {error}.") from error
