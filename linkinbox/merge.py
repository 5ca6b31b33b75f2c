"""The import merge: what an import read joins the store, one request per sender.

The latest invitation wins the date and the note, every source fills in what the others lack, a
decision is never touched, and people who are now connections stop being requests. No Textual here.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from typing import TYPE_CHECKING, Any, NamedTuple

from linkinbox import clock
from linkinbox.migrations import BULK_IMPORT, ORDER_INDEXES
from linkinbox.models import (
    CONNECTION,
    DECIDED,
    ImportData,
    ImportSummary,
    Invitation,
    OnLinkedIn,
    People,
    Status,
)
from linkinbox.text import (
    UnsafeAddress,
    check_address,
    clean_text,
    identity,
    normalise_name,
    one_line,
    profile_url,
    same_person,
    slug_from_url,
    split_name,
)

if TYPE_CHECKING:
    from linkinbox.store import Store


class _Stored(NamedTuple):
    """The stored request an import may add to (the columns of `_STORED_COLUMNS`)."""

    id: int
    key: str
    direction: str
    name: str
    first_name: str
    last_name: str
    headline: str
    location: str
    company: str
    profile_url: str
    message: str
    sent_at: str | None
    mutual_connections: int | None
    source: str
    status: str


_STORED_COLUMNS = ", ".join(_Stored._fields)

#: The columns a new request is inserted with, in the order `_merge_invitations` builds them.
_INSERT_COLUMNS = (
    "key",
    "direction",
    "name",
    "first_name",
    "last_name",
    "headline",
    "location",
    "company",
    "profile_url",
    "message",
    "sent_at",
    "mutual_connections",
    "source",
    "status",
    "decided_at",
    "reply",
    "invite_count",
    "on_linkedin",
    "done_at",
    "search",
)


def search_text(name: str, headline: str, message: str) -> str:
    """What the filter searches: name, headline and note, case-folded. Written by the import
    (and again by screening), so filtering never waits for screening."""
    return f"{name} {headline} {message}".casefold()


def _iso(value: datetime | None) -> str | None:
    return value.isoformat(timespec="seconds") if value else None


def merge(store: Store, data: ImportData) -> ImportSummary:
    """Merge what an import read, in one transaction. Idempotent; never touches a decision."""
    summary = ImportSummary(skipped=data.skipped, problems=list(data.problems))
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
        _merge_invitations(store, db, data.invitations, summary)
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


def _join_by_name(db: sqlite3.Connection, grouped: dict[tuple[str, str], list[Invitation]]) -> None:
    """One person, one request, when one source has their profile URL and another only a name.

    A sighting known only by name joins the single request with a URL under that name; a
    stored request known only by name takes the URL when this import brings it.
    """
    named = [k for k in grouped if k[0].startswith("name:")]
    stored_named = db.execute("SELECT 1 FROM requests WHERE key LIKE 'name:%' LIMIT 1").fetchone()
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


def _merge_invitations(  # noqa: C901 (to split: #18 reshapes this merge now)
    store: Store, db: sqlite3.Connection, invitations: list[Invitation], summary: ImportSummary
) -> None:
    if not invitations:
        return
    tally = dict.fromkeys(
        ("added", "sent", "updated", "unchanged", "skipped", "already_connected", "forgotten"),
        0,
    )
    slugs, bare, names = store.connected_keys()
    # One entry per (key, direction): the latest invitation wins the date and the note,
    # every source fills in what the others lack.
    grouped: dict[tuple[str, str], list[Invitation]] = {}
    for inv in invitations:
        direction = "outgoing" if inv.direction == "outgoing" else "incoming"
        try:
            key = identity(inv.profile_url, inv.name)
            if key.startswith("name:") and inv.profile_url:
                check_address(inv.profile_url)  # kept as it is: it must be inert as it is
        except UnsafeAddress:  # the importers refuse these first; this is the last line
            summary.problems.append(
                f"{one_line(inv.name, limit=80)}: the profile URL holds control characters; "
                "skipped."
            )
            tally["skipped"] += 1
            continue
        if not key:
            tally["skipped"] += 1
            continue
        grouped.setdefault((key, direction), []).append(inv)
    _join_by_name(db, grouped)
    if db.execute("SELECT 1 FROM forgotten LIMIT 1").fetchone():
        forgotten = {r[0] for r in db.execute("SELECT digest FROM forgotten")}
        for group_key in [k for k in grouped if digest(*k) in forgotten]:
            tally["forgotten"] += len(grouped.pop(group_key))

    existing: dict[tuple[str, str], _Stored] = {}
    if len(grouped) > 500:
        for row in db.execute(f"SELECT {_STORED_COLUMNS} FROM requests"):
            stored = _Stored._make(row)
            existing[(stored.key, stored.direction)] = stored
    else:
        for key, direction in grouped:
            row = db.execute(
                f"SELECT {_STORED_COLUMNS} FROM requests WHERE key = ? AND direction = ?",
                (key, direction),
            ).fetchone()
            if row:
                existing[(key, direction)] = _Stored._make(row)

    inserts: list[tuple[Any, ...]] = []
    updates: list[tuple[Any, ...]] = []
    notes: list[tuple[str, str, str]] = []
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
            known = {old.sent_at} if old is not None and old.sent_at else set()
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
                if direction == "incoming" and merged["sent_at"]:
                    # when they invited: the connection's history says so
                    dated.append((key, direction, merged["sent_at"]))
                if direction == "incoming" and merged["message"]:
                    # the note that started the connection, kept for its review
                    notes.append((merged["message"], key, f"name:{normalise_name(merged['name'])}"))
                continue
            decided = (
                _iso(latest.decided_at) if status not in (Status.PENDING, Status.SENT) else None
            )
            on_linkedin, done_at = _on_linkedin(latest, status)
            inserts.append(
                (  # in the order of _INSERT_COLUMNS
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
                    on_linkedin,
                    done_at,
                    search_text(merged["name"], merged["headline"], merged["message"]),
                )
            )
            if direction == "outgoing":
                tally["sent"] += 1
            else:
                tally["added"] += 1
            continue
        changes = _changes(old, merged)
        own_status = _initial_status(latest, direction) if latest.status else None
        if own_status is not None and old.status == Status.PENDING and own_status in DECIDED:
            changes["status"] = own_status.value
            changes["decided_at"] = _iso(latest.decided_at) or clock.stamp()
            changes["reply"] = _reply(latest.reply)
            changes["on_linkedin"], changes["done_at"] = _on_linkedin(latest, own_status)
        if changes:
            sets = ", ".join(f"{c} = ?" for c in changes)
            updates.append((sets, [*changes.values(), old.id]))
            tally["updated"] += 1
        else:
            tally["unchanged"] += 1

    db.executemany(
        f"INSERT INTO requests ({', '.join(_INSERT_COLUMNS)})"
        f" VALUES ({', '.join('?' * len(_INSERT_COLUMNS))})",
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
        "UPDATE requests SET invite_count = MAX(invite_count, ?) WHERE key = ? AND direction = ?",
        explicit,
    )
    db.executemany(
        "UPDATE requests SET message = ?, search = search || ' ' || ? "
        f"WHERE key IN (?, ?) AND direction = '{CONNECTION}' AND message = ''",
        [(note, note.casefold(), key, by_name) for note, key, by_name in notes],
    )
    for name, count in tally.items():
        setattr(summary, name, getattr(summary, name) + count)


def _reply(text: str | None) -> str | None:
    return clean_text(text) if text else text


def _on_linkedin(inv: Invitation, status: Status) -> tuple[str | None, str | None]:
    """A decision from a list is a to-do on LinkedIn unless the list says it is done."""
    if status not in DECIDED:
        return None, None
    if inv.on_linkedin == OnLinkedIn.DONE:
        return OnLinkedIn.DONE.value, _iso(inv.done_at) or _iso(inv.decided_at) or clock.stamp()
    return OnLinkedIn.TODO.value, None


def digest(key: str, direction: str) -> str:
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


def _changes(old: _Stored, new: dict[str, Any]) -> dict[str, Any]:
    """What an import adds to a stored request: newer invitation date and note, filled-in gaps."""
    changes: dict[str, Any] = {}
    newer = bool(new["sent_at"]) and (not old.sent_at or new["sent_at"] > old.sent_at)
    if newer:
        changes["sent_at"] = new["sent_at"]
        if new["message"] != old.message and new["message"]:
            changes["message"] = new["message"]
        if new["name"] and new["name"] != old.name:
            changes["name"] = new["name"]
    for field in _FILLABLE:
        if new[field] and not getattr(old, field):
            changes[field] = new[field]
    mutual, source = old.mutual_connections, old.source
    if (
        new["mutual_connections"] is not None
        and mutual != new["mutual_connections"]
        and (mutual is None or newer or new["source"] == "email")
    ):
        changes["mutual_connections"] = new["mutual_connections"]
    if new["source"] and new["source"] not in (source or "").split("+"):
        changes["source"] = f"{source}+{new['source']}" if source else new["source"]
    if changes.keys() & {"name", "headline", "message"}:
        changes["search"] = search_text(
            changes.get("name", old.name),
            changes.get("headline", old.headline),
            changes.get("message", old.message),
        )
    return changes
