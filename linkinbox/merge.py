"""The import merge: what an import read joins the store in one transaction (connections,
follows, positions and evidence here; invitations in `merge_invitations`).

A decision is never touched, and people who are now connections stop being requests. No Textual
here.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING, Any

from linkinbox import clock
from linkinbox.merge_invitations import digest, merge_invitations, search_text
from linkinbox.migrations import BULK_IMPORT, ORDER_INDEXES
from linkinbox.models import (
    CONNECTION,
    ImportData,
    ImportSummary,
    OnLinkedIn,
    People,
    Status,
)
from linkinbox.text import (
    UnsafeAddress,
    normalise_name,
    one_line,
    profile_url,
    same_person,
    slug_from_url,
    split_name,
)

if TYPE_CHECKING:
    from linkinbox.store import Store

# digest (forgotten requests) and search_text (the filter's text) are read from here too.
__all__ = ["digest", "merge", "search_text"]


def merge(store: Store, data: ImportData) -> ImportSummary:
    """Merge what an import read, in one transaction. Idempotent; never touches a decision."""
    summary = ImportSummary(skipped=data.skipped, problems=list(data.problems))
    summary.skips = list(data.skips)
    summary.other_mail = data.other_mail
    # A bigger page cache while the indexes take 100,000 rows in random key order (5% of the
    # import's time); only for the import, so the inbox's memory stays small.
    cache = store.db.execute("PRAGMA cache_size").fetchone()[0]
    store.db.execute("PRAGMA cache_size = -16384")
    try:
        _merge(store, data, summary)
    finally:
        store.db.execute(f"PRAGMA cache_size = {int(cache)}")
    return summary


def _merge(store: Store, data: ImportData, summary: ImportSummary) -> None:
    from linkinbox import reconcile

    with store.transaction() as db:
        if len(data.invitations) > BULK_IMPORT:
            for name in ORDER_INDEXES:  # built again by `Store.build_order_indexes`
                db.execute(f"DROP INDEX IF EXISTS {name}")
        first_new_id = db.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM requests").fetchone()[0]
        # An older export (than the newest reconciled) adds what is new and changes no state.
        older = reconcile.only_older(db, data)
        _merge_connections(db, data, summary, older=older)
        db.executemany(
            "INSERT OR IGNORE INTO follows (name_key, name) VALUES (?, ?)",
            [(normalise_name(n), one_line(n)) for n in data.follows if normalise_name(n)],
        )
        # One row per employer, over every stint there: the first start, the last finish (an
        # empty `Finished On`, "still there", is stored as NULL and wins).
        db.executemany(
            "INSERT INTO positions (company_key, company, title, started_on, finished_on) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (company_key) DO UPDATE SET "
            "company = excluded.company, title = excluded.title, "
            "started_on = CASE WHEN positions.started_on IS NULL OR excluded.started_on IS NULL "
            "THEN NULL ELSE MIN(positions.started_on, excluded.started_on) END, "
            "finished_on = CASE WHEN positions.finished_on IS NULL "
            "OR excluded.finished_on IS NULL THEN NULL "
            "ELSE MAX(positions.finished_on, excluded.finished_on) END",
            [
                (
                    normalise_name(p.company),
                    one_line(p.company),
                    one_line(p.title),
                    p.started_on.isoformat() if p.started_on else None,
                    p.finished_on.isoformat() if p.finished_on else None,
                )
                for p in data.positions
                if normalise_name(p.company)
            ],
        )
        merge_invitations(db, data.invitations, summary, store.connected_keys)
        evidence = _merge_evidence(store, db, data, summary)
        if (
            summary.added
            or summary.updated
            or data.follows
            or data.positions
            or evidence
            or data.connections
        ):
            # Screening is left for later (see Inbox.ensure_screened): imports stay fast.
            db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('unscreened', '1')")
        for key, value in (("me_name", data.me_name), ("me_url", data.me_url)):
            if value:
                db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))
        if data.connections and not older:
            _drop_connected(store, db, summary)
        if data.connections:
            _kept_accepted(db)
        if data.exports:
            reconcile.reconcile(
                db,
                data,
                summary,
                first_new_id=first_new_id,
                connected=People(*store.connected_keys()),
                followed=frozenset(
                    normalise_name(r[0]) for r in db.execute("SELECT name FROM follows")
                ),
            )


def _merge_evidence(
    store: Store, db: sqlite3.Connection, data: ImportData, summary: ImportSummary
) -> int:
    """Store what the messages, endorsements and recommendations said (counts and dates only).

    Idempotent, and an older export never lowers a count: each row keeps the larger counts, the
    earlier first date (and who wrote then) and the later last date."""
    rows = list(data.evidence)
    if data.messages:
        from linkinbox.importers.evidence_export import resolve_messages

        before = len(data.problems)
        rows += resolve_messages(data, store.meta("me_url") or "", store.meta("me_name") or "")
        summary.problems.extend(data.problems[before:])
    if not rows:
        return 0
    db.executemany(
        "INSERT INTO evidence (key, kind, direction, ref, name, name_key, first_at, last_at, "
        "received, sent, first_from) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (key, kind, direction, ref) DO UPDATE SET "
        "name = CASE WHEN excluded.name != '' THEN excluded.name ELSE evidence.name END, "
        "name_key = CASE WHEN excluded.name_key != '' THEN excluded.name_key "
        "ELSE evidence.name_key END, "
        "first_from = CASE WHEN evidence.first_at IS NULL OR excluded.first_at < evidence.first_at "
        "THEN excluded.first_from ELSE evidence.first_from END, "
        "first_at = COALESCE(MIN(evidence.first_at, excluded.first_at), evidence.first_at, "
        "excluded.first_at), "
        "last_at = COALESCE(MAX(evidence.last_at, excluded.last_at), evidence.last_at, "
        "excluded.last_at), "
        "received = MAX(evidence.received, excluded.received), "
        "sent = MAX(evidence.sent, excluded.sent)",
        [
            (
                r.key,
                r.kind,
                r.direction,
                r.ref,
                one_line(r.name, limit=200),
                normalise_name(r.name),
                r.first_at,
                r.last_at,
                r.received,
                r.sent,
                r.first_from,
            )
            for r in rows
        ],
    )
    summary.evidence += len({r.key for r in rows})
    return len(rows)


def _merge_connections(
    db: sqlite3.Connection,
    data: ImportData,
    summary: ImportSummary,
    *,
    older: bool = False,
) -> None:
    """Connections.csv: who the user is connected to, both as the matching table `connections`
    and as people to review (rows of `requests` with direction 'connection', see migration 10).

    A newer list also says who is not a connection any more: `_connections_left`."""
    rows = []
    for c in data.connections:
        name = one_line(c.name)
        try:
            slug = slug_from_url(c.profile_url)
        except UnsafeAddress:  # the importer refuses these first; this is the last line
            continue
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
                one_line(c.first_name, limit=100),
                one_line(c.last_name, limit=100),
            )
        )
    before = db.total_changes
    db.executemany(
        "INSERT OR IGNORE INTO connections (key, name_key, name, profile_url, company, "
        "position,"
        " connected_on) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [row[:7] for row in rows],
    )
    summary.connections = db.total_changes - before
    if not rows:
        return
    _merge_people(db, rows, older=older)
    if not older:  # an older export's list is not the current one
        # Connections.csv lists every current connection: whoever is not in it any more
        # was a connection before; whoever is back, is a connection again.
        current = {row[0] for row in rows}
        gone: list[str] = []
        back: list[str] = []
        for key, former in db.execute("SELECT key, former FROM connections"):
            if (key in current) == bool(former):
                (back if former else gone).append(key)
        if gone or back:
            # Connections.csv imported without Invitations.csv may be an old or partial copy:
            # it proves a removal decided here done, and never removes anyone else.
            whole = {"connections", "invitations"} <= data.kinds
            _connections_left(db, data, summary, gone, back, whole=whole)


def _merge_people(db: sqlite3.Connection, rows: list[tuple[Any, ...]], *, older: bool) -> None:
    """Every connection as a person to review: added as 'connected' (unless purged before), and
    kept up to date with the latest list (name, company, position); an older list only adds."""
    forgotten: set[str] = set()
    if db.execute("SELECT 1 FROM forgotten LIMIT 1").fetchone():
        forgotten = {r[0] for r in db.execute("SELECT digest FROM forgotten")}
    people = []
    for key, _name_key, name, url, company, position, on, first, last in rows:
        if forgotten and digest(key, CONNECTION) in forgotten:
            continue
        if not (first or last):
            first, last = split_name(name)
        people.append(
            (
                key,
                name,
                first,
                last,
                position,
                company,
                url,
                f"{on}T00:00:00" if on else None,
                search_text(name, position, company),
            )
        )
    update = (
        "DO NOTHING"
        if older
        else "DO UPDATE SET name = excluded.name, first_name = excluded.first_name, "
        "last_name = excluded.last_name, headline = excluded.headline, "
        "company = excluded.company, profile_url = excluded.profile_url, "
        "sent_at = COALESCE(excluded.sent_at, requests.sent_at), search = excluded.search "
        "WHERE requests.headline != excluded.headline OR requests.company != excluded.company "
        "OR requests.name != excluded.name OR requests.profile_url != excluded.profile_url "
        "OR requests.sent_at IS NOT excluded.sent_at"
    )
    db.executemany(
        "INSERT INTO requests (key, direction, name, first_name, last_name, headline, company, "
        "profile_url, sent_at, source, status, search) "
        f"VALUES (?, '{CONNECTION}', ?, ?, ?, ?, ?, ?, ?, 'export', 'connected', ?) "
        f"ON CONFLICT (key, direction) {update}",
        people,
    )


def _kept_accepted(db: sqlite3.Connection) -> None:
    """A connection whose invitation the user accepted (here or on LinkedIn, while linkinbox
    had it as pending) was reviewed then: kept, nothing to do."""
    db.execute(
        "UPDATE requests SET status = 'connect', on_linkedin = 'done', "
        "decided_at = (SELECT r.decided_at FROM requests r WHERE r.key = requests.key "
        "AND r.direction = 'incoming'), "
        "done_at = (SELECT r.decided_at FROM requests r WHERE r.key = requests.key "
        "AND r.direction = 'incoming') "
        f"WHERE direction = '{CONNECTION}' AND status = 'connected' AND key IN "
        "(SELECT key FROM requests WHERE direction = 'incoming' AND status = 'connect')"
    )


def _connections_left(
    db: sqlite3.Connection,
    data: ImportData,
    summary: ImportSummary,
    gone: list[str],
    back: list[str],
    *,
    whole: bool = True,
) -> None:
    """People gone from the latest Connections.csv (`gone`) and listed again (`back`).

    Gone without a decision here: removed on LinkedIn, status gone. Decided here to follow
    instead or remove: the to-do is done (follow instead only once they are followed, else it
    is left as "Follow"). Kept: the decision stays; the history says when they left.
    `whole`: the list came with the rest of an export; without it (Connections.csv alone, which
    may be an old or partial copy) only a removal decided here is taken from it."""
    dates = [s.date for s in data.exports if s.connected is not None]
    when = max(dates) if dates else clock.now().replace(microsecond=0)
    stamp = when.isoformat(timespec="seconds")
    followed = {normalise_name(r[0]) for r in db.execute("SELECT name FROM follows")}
    followed |= {normalise_name(n) for n in data.follows}
    moved: list[tuple[str, str, int]] = []
    done: list[tuple[str, str, int]] = []
    left: list[tuple[str, int]] = []
    former: list[str] = []
    for key in gone:
        row = db.execute(
            "SELECT id, name, first_name, last_name, status, on_linkedin FROM requests "
            f"WHERE key = ? AND direction = '{CONNECTION}'",
            (key,),
        ).fetchone()
        undecided = row is None or row[4] == Status.CONNECTED or row[5] != OnLinkedIn.TODO
        if undecided and not whole:  # nothing decided here to prove: left as it is
            summary.connections_unlisted += 1
            continue
        former.append(key)
        if row is None:
            continue
        rid, name, first, last, status, on_linkedin = row
        if status == Status.CONNECTED:
            moved.append((stamp, stamp, rid))
        elif on_linkedin == OnLinkedIn.TODO and status == Status.DECLINE:
            done.append((stamp, stamp, rid))
        elif on_linkedin == OnLinkedIn.TODO and status == Status.FOLLOW:
            names = {normalise_name(name), normalise_name(f"{first} {last}")}
            if names & followed:
                done.append((stamp, stamp, rid))
            else:
                left.append((stamp, rid))  # the connection is removed: "Follow" is left
                summary.still_todo += 1
    db.executemany(
        "UPDATE connections SET former = 1, left_at = ? WHERE key = ?",
        [(stamp, k) for k in former],
    )
    db.executemany(
        "UPDATE connections SET former = 0, left_at = NULL WHERE key = ?", [(k,) for k in back]
    )
    db.executemany(
        "UPDATE requests SET status = 'gone', gone_at = ?, decided_at = ?, marked = 0 WHERE id = ?",
        moved,
    )
    db.executemany(
        "UPDATE requests SET on_linkedin = 'done', done_at = ?, gone_at = ? WHERE id = ?", done
    )
    db.executemany("UPDATE requests SET gone_at = ? WHERE id = ?", left)
    returned = db.executemany(
        "UPDATE requests SET status = 'connected', gone_at = NULL, decided_at = NULL "
        f"WHERE key = ? AND direction = '{CONNECTION}' AND status = 'gone'",
        [(k,) for k in back],
    ).rowcount
    db.executemany(
        f"UPDATE requests SET gone_at = NULL WHERE key = ? AND direction = '{CONNECTION}'",
        [(k,) for k in back],
    )
    summary.connections_gone += len(moved)
    summary.connections_back += max(0, returned)
    summary.done += len(done)


def _drop_connected(store: Store, db: sqlite3.Connection, summary: ImportSummary) -> None:
    """Pending and sent requests whose person is now a connection are no longer requests: a
    pending one was accepted on LinkedIn (status connect, done there); a sent one is forgotten."""
    slugs, bare, names = store.connected_keys()
    doomed: list[tuple[int]] = []
    accepted: list[tuple[str, str, int]] = []
    at = clock.stamp()
    for rid, key, name, status in db.execute(
        "SELECT id, key, name, status FROM requests WHERE status IN ('pending', 'sent')"
    ):
        if same_person(key, name, slugs, bare, names):
            if status == "pending":
                accepted.append((at, at, rid))
            else:
                doomed.append((rid,))
    db.executemany("DELETE FROM requests WHERE id = ?", doomed)
    db.executemany(
        "UPDATE requests SET status = 'connect', on_linkedin = 'done', decided_at = ?, "
        "done_at = ?, marked = 0 WHERE id = ?",
        accepted,
    )
    summary.removed_connected += len(doomed)
    summary.accepted += len(accepted)
