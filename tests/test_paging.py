"""Views at any size: every order is read along an index, a page next to another by keyset,
a request's position by counting along the index; all of it agrees with reading the whole view."""

from __future__ import annotations

from datetime import datetime

import pytest

from linkinbox.inbox import Inbox
from linkinbox.migrations import BULK_IMPORT, ORDER_INDEXES
from linkinbox.models import ImportData, Invitation
from linkinbox.store import Query, Store

#: Every view in every sort the list offers (`s` cycles newest first, mutual, suggestion; newest
#: first is by decision in the decided and To do views, least known first in Connections).
VIEWS = [
    (status, order)
    for status, first in (
        ("pending", "date"),
        ("sent", "date"),
        ("decided", "decided"),
        ("todo", "todo"),
        ("connected", "known"),
    )
    for order in (first, "mutual", "suggestion")
]
SUGGESTIONS = (None, "connect", "follow", "decline", None)


def filled(inbox: Inbox) -> None:
    """300 requests with ties and NULLs in every sort term; some decided, some sent, some
    connections (how well known: ties too)."""
    invitations = [
        Invitation(
            name=f"P {i % 7} {i:03}",
            profile_url=f"https://www.linkedin.com/in/q{i}",
            sent_at=None if i % 11 == 0 else datetime(2026, 1, 1 + i % 5, 9),
            mutual_connections=None if i % 3 == 0 else i % 4,
            direction="outgoing" if i % 10 == 1 else "incoming",
        )
        for i in range(300)
    ]
    inbox.store.import_data(ImportData(invitations=invitations))
    db = inbox.store.db
    for i, suggested in enumerate(SUGGESTIONS):
        db.execute("UPDATE requests SET suggested = ? WHERE id % 5 = ?", (suggested, i))
    ids = [r[0] for r in db.execute("SELECT id FROM requests WHERE status = 'pending'")]
    inbox.store.decide(ids[::4], "decline")
    inbox.store.decide(ids[1::9], "connect")
    # decisions made at the same moment, and one imported without a date
    db.execute("UPDATE requests SET decided_at = NULL WHERE id = ?", (ids[8],))
    db.execute(
        "UPDATE requests SET direction = 'connection', status = 'connected', "
        "known_score = id % 3 WHERE status = 'pending' AND id % 7 = 2"
    )


@pytest.mark.parametrize(("status", "order"), VIEWS)
def test_keyset_pages_and_positions_agree_with_the_whole_view(status: str, order: str) -> None:
    with Inbox() as inbox:
        filled(inbox)
        store = inbox.store
        query = Query(status=status, order=order)
        everything = store.page(query, 0, 10_000)
        assert len(everything) == store.count(query) > 20
        assert len({r.id for r in everything}) == len(everything)
        for n, row in enumerate(everything):
            assert store.index_of(query, row.id) == n
            assert store.page_after(query, row, 7) == everything[n + 1 : n + 8]
            assert store.page_before(query, row, 7) == everything[max(0, n - 7) : n]
        total = len(everything)
        for offset in range(0, total, 13):
            assert store.page(query, offset, 9, total) == everything[offset : offset + 9]


def test_orders_sort_as_the_list_promises() -> None:
    with Inbox() as inbox:
        filled(inbox)
        mutual = inbox.page(Query(order="mutual"), 0, 10_000)
        values = [-1 if r.mutual_connections is None else r.mutual_connections for r in mutual]
        assert values == sorted(values, reverse=True)
        assert mutual[-1].mutual_connections is None and mutual[0].mutual_connections == 3
        ranked = inbox.page(Query(order="suggestion"), 0, 10_000)
        firsts = [r.suggested for r in ranked]
        order = ["connect", "follow", "decline", None]
        assert [order.index(s) for s in firsts] == sorted(order.index(s) for s in firsts)
        decided = inbox.page(Query(status="decided", order="decided"), 0, 10_000)
        assert decided[-1].decided_at is None  # no date: last


@pytest.mark.parametrize(("status", "order"), VIEWS)
def test_no_view_sorts_its_rows(status: str, order: str) -> None:
    """SQLite reads every view in order from an index; sorting them all is what made 100,000
    requests slow in every order but newest first."""
    with Inbox() as inbox:
        filled(inbox)
        query = Query(status=status, order=order)
        where, params = query.where()
        sql = f"SELECT id FROM {query.source()}{where} ORDER BY {query.order_by()} LIMIT 200"
        for reverse in (False, True):
            if reverse:
                sql = sql.replace(query.order_by(), query.order_by(reverse=True))
            plan = " ".join(
                r[3] for r in inbox.store.db.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            )
            assert "TEMP B-TREE" not in plan, plan


def test_a_large_import_drops_the_order_indexes_and_screening_builds_them() -> None:
    invitations = [
        Invitation(name=f"P {i}", profile_url=f"https://www.linkedin.com/in/r{i}")
        for i in range(BULK_IMPORT + 1)
    ]
    with Inbox() as inbox:
        inbox.store.import_data(ImportData(invitations=invitations))
        assert sorted(inbox.store.missing_order_indexes()) == sorted(ORDER_INDEXES)
        assert inbox.count(Query(order="mutual")) == BULK_IMPORT + 1  # still served
        inbox.ensure_screened()
        assert inbox.store.missing_order_indexes() == []
        inbox.store.import_data(ImportData(invitations=invitations[:10]))
        assert inbox.store.missing_order_indexes() == []  # small imports keep them


def test_the_cached_count_survives_screening_by_another_connection() -> None:
    """Background screening commits every 2,000 requests on a connection of its own; the
    inbox's pending count stays cached through those, and not through a decision made there."""
    with Inbox() as inbox:
        filled(inbox)
        store = inbox.store
        pending = store.pending_count()
        counted: list[str] = []
        store.db.set_trace_callback(lambda sql: counted.append(sql) if "COUNT" in sql else None)
        with Store(store.path) as other:
            rows = [
                (r.id, 1, "decline", "[]", None, r.name.casefold())
                for r in other.page(Query(), 0, 50)
            ]
            other.save_screening(rows)
            other.set_meta("screened", "x")
            assert store.pending_count() == pending
            assert counted == []  # no recount
            other.decide([rows[0][0]], "follow")
            assert store.pending_count() == pending - 1  # counted again: it moved
            assert counted


def test_the_to_do_count_is_counted_again_only_after_a_change() -> None:
    """The title shows the to-do count after every key: it is read from the store again only
    when a decision (here or on another connection) may have changed it, and is then right."""
    with Inbox() as inbox:
        filled(inbox)
        store = inbox.store
        todo = inbox.todo_count()
        counted: list[str] = []
        store.db.set_trace_callback(lambda sql: counted.append(sql) if "COUNT" in sql else None)
        assert [inbox.todo_count() for _ in range(3)] == [todo] * 3
        assert counted == []  # keys that change nothing: no recount
        pending = [r.id for r in store.page(Query(), 0, 3)]
        inbox.decide(pending[:1], "follow")
        assert inbox.todo_count() == todo + 1
        with Store(store.path) as other:
            other.set_marked(pending[1:2], True)  # no decision: the count stays cached
            counted.clear()
            assert inbox.todo_count() == todo + 1
            assert counted == []
            other.decide(pending[1:3], "decline")
            assert inbox.todo_count() == todo + 3
        inbox.undo()
        assert inbox.todo_count() == todo + 1
        inbox.mark_done(pending[:1])
        assert inbox.todo_count() == todo


def test_the_count_of_connections_to_review_is_kept_by_a_decision() -> None:
    """View 5's count of connections left to review (`Inbox.connections_left`: the title while
    a filter is typed, `decide`'s last line) is not counted again after keys that change nothing
    or after a decision here (which counts itself), and is right after every kind of change."""
    with Inbox() as inbox:
        db = inbox.store.db
        db.executemany(
            "INSERT INTO requests (key, name, direction, status, sent_at) "
            "VALUES (?, ?, 'connection', 'connected', '2020-01-01T00:00:00')",
            [(f"conn-{i}", f"Connection {i}") for i in range(6)],
        )
        db.commit()
        store = inbox.store
        assert inbox.connections_left() == 6
        counted: list[str] = []
        store.db.set_trace_callback(lambda sql: counted.append(sql) if "COUNT" in sql else None)
        assert [inbox.connections_left() for _ in range(3)] == [6] * 3
        assert counted == []  # keys that change nothing: no recount
        ids = [r.id for r in inbox.audit()]
        inbox.decide(ids[:2], "connect")  # keep both
        assert inbox.connections_left() == 4
        assert not [sql for sql in counted if "connected" in sql]  # the decision counted itself
        with Store(store.path) as other:
            other.set_marked(ids[2:3], True)
            assert inbox.connections_left() == 4
            other.decide(ids[2:4], "decline")
            assert inbox.connections_left() == 2
        inbox.undo()  # the other window's batch: the last one
        assert inbox.connections_left() == 4
        inbox.undo()
        assert inbox.connections_left() == 6
        inbox.decide(ids[:1], "follow")
        assert inbox.connections_left() == 5
        db.execute("UPDATE requests SET status = 'connect' WHERE id = ?", (ids[5],))
        db.commit()  # any other change by this connection: counted again
        assert inbox.connections_left() == 4


@pytest.mark.parametrize(("status", "order"), VIEWS)
def test_no_page_next_to_another_sorts_its_rows(status: str, order: str) -> None:
    """The page before the last (a jump to the end shows both) and the page after the first
    (scrolling down) are read in index order too: ordered by a term a range holds equal, SQLite
    sorted the whole range (0.1–0.4 s at the end of 50,000 decided requests by mutual)."""
    with Inbox() as inbox:
        filled(inbox)
        store = inbox.store
        query = Query(status=status, order=order)
        everything = store.page(query, 0, 10_000)
        statements: list[str] = []
        store.db.set_trace_callback(statements.append)
        try:
            for row in everything[:: max(1, len(everything) // 9)]:
                store.page_after(query, row, 7)
                store.page_before(query, row, 7)
        finally:
            store.db.set_trace_callback(None)
        reads = [s for s in statements if s.lstrip().startswith("SELECT")]
        assert reads
        for sql in reads:
            plan = " ".join(r[3] for r in store.db.execute(f"EXPLAIN QUERY PLAN {sql}"))
            assert "TEMP B-TREE" not in plan, (sql, plan)
