"""Reading a view of the store: how many requests it holds (the pending and to-do counts
cached), a window of its rows, a request's place in it, and the counts of `stats`."""

from __future__ import annotations

import sqlite3
from typing import Any

from linkinbox.models import CONNECTION
from linkinbox.query import Query, Row, key_ranges


class ViewReads:
    """The store's counts and windows of a view (a part of `Store`)."""

    db: sqlite3.Connection
    _pending: tuple[tuple[int, int], str | None, int] | None
    _todo: tuple[tuple[int, int], str | None, int] | None
    _connected: tuple[tuple[int, int], str | None, int] | None
    _epoch: str | None

    def count(self, query: Query | None = None) -> int:
        query = query or Query()
        if query.status == "pending" and not query.text.strip():
            return self.pending_count()
        if query.status == "connected" and not query.text.strip():
            return self.connected_count()
        return self._count(query)

    def connected_count(self) -> int:
        """How many existing connections are left to review (status connected), cached as the
        pending count is: counted again only after a change by this connection that a decision
        did not count itself (`_connected_moved`), or a commit by another one that moved
        requests between statuses."""
        cached = self._connected
        if cached is not None:
            version, epoch, count = cached
            now = self._version()
            if now == version:
                return count
            if now[0] == version[0] and self._counts_epoch() == epoch:
                self._connected = (now, epoch, count)
                return count
        version, epoch = self._version(), self._counts_epoch()
        count = self._count(Query("connected"))
        self._connected = (version, epoch, count)
        return count

    def _connected_known(self) -> int | None:
        """Inside a write transaction, before changing anything: the cached count of
        connections to review, when it is still right (as `_pending_known`)."""
        cached = self._connected
        if cached is None:
            return None
        version, epoch, count = cached
        now = self._version()
        if now == version or (now[0] == version[0] and self._counts_epoch() == epoch):
            return count
        return None

    def _connected_moved(self, known: int | None, delta: int) -> None:
        """After the commit: `delta` connections moved back to review (negative: reviewed)."""
        if known is not None:
            self._connected = (self._version(), self._epoch, known + delta)

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
        rows: list[Row] = []
        for part in key_ranges(keys, row.sort_key(query.order), after=after):
            order = part.order_by(keys, reverse=not after)
            sql = (
                f"{self._ROW} FROM {query.source()}{where}{glue} {part.where} ORDER BY {order}"
                " LIMIT ?"
            )
            rows.extend(
                Row(*r) for r in self.db.execute(sql, [*params, *part.params, limit - len(rows)])
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
        for part in key_ranges(keys, values, after=False):
            count += self.db.execute(
                f"SELECT COUNT(*) FROM {query.source()}{where}{glue} {part.where}",
                [*params, *part.params],
            ).fetchone()[0]
        return count

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
