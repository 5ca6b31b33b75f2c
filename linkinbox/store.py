"""The inbox store: one SQLite file in WAL mode, its transactions, decisions with a history
for undo, imports and purge (its reads are in store_views, store_requests and store_people).

No Textual here. The TUI reads windows of rows (`page`) so it never holds the whole inbox.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any

from linkinbox import clock
from linkinbox.errors import StoreError, describe_store_error
from linkinbox.merge import digest, merge
from linkinbox.migrations import ORDER_INDEXES, migrate
from linkinbox.models import (
    CONNECTION,
    DECIDED,
    Decision,
    ImportData,
    ImportSummary,
    OnLinkedIn,
    Status,
)
from linkinbox.paths import ensure_private_dir
from linkinbox.query import Query, Row
from linkinbox.store_people import PeopleReads
from linkinbox.store_requests import RequestReads
from linkinbox.store_views import ViewReads

# Query and Row live in linkinbox.query; the inbox, the screens and the tests read them from here.
__all__ = ["Query", "Row", "Store"]


#: A batch of decisions (or its undo) tells its `progress` after every so many requests.
PROGRESS_EVERY = 100  # (the TUI steps aside there for a key being handled)
#: (done, total, what) from long work, for a progress display.
Progress = Callable[[int, int, str], None]
#: The status each decision (or its name: Decision is a str) moves a request to.
_STATUS_OF: dict[str, Status] = {d.value: Status(d.value) for d in Decision}


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


class Store(ViewReads, RequestReads, PeopleReads):
    """One SQLite file holding requests, decisions and their history."""

    def __init__(self, path: Path, *, readonly: bool = False) -> None:
        self.path = path
        # (version, counts epoch, count): see `_still_counted`
        self._pending: tuple[tuple[int, int], str | None, int] | None = None
        self._todo: tuple[tuple[int, int], str | None, int] | None = None  # as `_pending`
        self._connected: tuple[tuple[int, int], str | None, int] | None = None  # as well
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
            before = self._counts_epoch()
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
        if before == self._seen[1]:  # no other connection moved requests since the last poll:
            # this move is this connection's own; their other commits (background screening
            # saving its work, every 500 requests) still say "details". Before, a decision made
            # between two of screening's saves re-read the whole list half a second later.
            self._seen = (self._seen[0], self._epoch)

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
            # 25,000 enum calls took 0.3 s; a name that is no decision still raises ValueError
            [(rid, _STATUS_OF.get(d) or Status(Decision(d).value)) for rid, d in pairs],
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
        reviewed = 0  # connections decided on, less those put back to review
        with self.transaction() as db:
            known = self._pending_known()
            connections = self._connected_known()
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
                reviewed += (old_status == Status.CONNECTED) - (status == Status.CONNECTED)
        self._pending_moved(known, delta)
        self._connected_moved(connections, -reviewed)
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
