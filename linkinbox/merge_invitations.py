"""How an import's invitations join the store's requests: one request per person and direction,
the latest invitation winning the date and the note, the others filling in what it lacks."""

from __future__ import annotations

import contextlib
import sqlite3
from datetime import datetime
from itertools import groupby
from typing import TYPE_CHECKING, Any, NamedTuple

from linkinbox import clock
from linkinbox.models import (
    CONNECTION,
    DECIDED,
    ImportSummary,
    Invitation,
    OnLinkedIn,
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
    split_name,
)

if TYPE_CHECKING:
    from collections.abc import Callable


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

#: The columns a new request is inserted with, in the order `_Plan.add` builds them: the
#: first `_NARROW` of them for most requests, all of them for one whose remaining columns are not
#: their defaults (in `_EXTRA_DEFAULTS`).
_INSERT_COLUMNS = (
    "key",
    "direction",
    "name",
    "first_name",
    "last_name",
    "profile_url",
    "message",
    "sent_at",
    "source",
    "status",
    "invite_count",
    "search",
    "headline",
    "location",
    "company",
    "mutual_connections",
    "decided_at",
    "reply",
    "on_linkedin",
    "done_at",
)
_NARROW = 12
#: The stored defaults of the columns after the first `_NARROW` (as `requests` declares them).
_EXTRA_DEFAULTS = ("", "", "", None, None, None, None, None)


def search_text(name: str, headline: str, message: str) -> str:
    """What the filter searches: name, headline and note, case-folded. Written by the import
    (and again by screening), so filtering never waits for screening."""
    return f"{name} {headline} {message}".casefold()


def _iso(value: datetime | None) -> str | None:
    return value.isoformat(timespec="seconds") if value else None


#: What `merge_invitations` counts into the import summary (its fields of the same names).
_TALLY = ("added", "sent", "updated", "unchanged", "skipped", "already_connected", "forgotten")


def merge_invitations(
    db: sqlite3.Connection,
    invitations: list[Invitation],
    summary: ImportSummary,
    connected: Callable[[], tuple[set[str], set[str], set[str]]],
) -> None:
    """Add the people who invited (or were invited) as requests, or add to the requests they
    have, inside the import's transaction; `summary` counts what happened. `connected` reads
    the current connections' keys (`Store.connected_keys`)."""
    if not invitations:
        return
    plan = _Plan(connected())
    grouped = _group(invitations, summary, plan.tally)
    _join_by_name(db, grouped)
    _drop_forgotten(db, grouped, plan.tally)
    existing = _stored(db, grouped)
    for (key, direction), group in grouped.items():
        if len(group) > 1:
            group.sort(key=lambda i: i.sent_at or datetime.min)
        merged = _merge_fields(group, key)
        old = existing.get((key, direction)) if existing else None
        count = plan.invite_count(key, direction, group, old)
        if old is None:
            plan.add(key, direction, group[-1], merged, count)
        else:
            plan.update(old, group[-1], merged, direction)
    plan.write(db, grouped)
    for name, count in plan.tally.items():
        setattr(summary, name, getattr(summary, name) + count)


def _group(
    invitations: list[Invitation], summary: ImportSummary, tally: dict[str, int]
) -> dict[tuple[str, str], list[Invitation]]:
    """One entry per (key, direction): every sighting of one person, each way."""
    grouped: dict[tuple[str, str], list[Invitation]] = {}
    for inv in invitations:
        direction = "outgoing" if inv.direction == "outgoing" else "incoming"
        try:
            key = inv.slug or identity(inv.profile_url, inv.name)
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
    return grouped


def _drop_forgotten(
    db: sqlite3.Connection, grouped: dict[tuple[str, str], list[Invitation]], tally: dict[str, int]
) -> None:
    """A request the user purged stays forgotten: its invitations are not added again."""
    if db.execute("SELECT 1 FROM forgotten LIMIT 1").fetchone():
        forgotten = {r[0] for r in db.execute("SELECT digest FROM forgotten")}
        for group_key in [k for k in grouped if digest(*k) in forgotten]:
            tally["forgotten"] += len(grouped.pop(group_key))


def _stored(
    db: sqlite3.Connection, grouped: dict[tuple[str, str], list[Invitation]]
) -> dict[tuple[str, str], _Stored]:
    """The stored requests of these people: read whole for a large import, one by one else."""
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
    return existing


class _Plan:
    """What an import writes for its invitations, gathered before anything is written."""

    def __init__(self, connected: tuple[set[str], set[str], set[str]]) -> None:
        self.slugs, self.bare, self.names = connected  # `Store.connected_keys`
        self.tally = dict.fromkeys(_TALLY, 0)
        self.inserts: list[tuple[Any, ...]] = []
        self.updates: list[tuple[str, list[Any]]] = []
        # notes that started a connection: (note, key, name key)
        self.notes: list[tuple[str, str, str]] = []
        # invite_count: the distinct dates a sender invited on. The invitations table remembers
        # them only for senders seen more than once, so a first import of one invitation each
        # writes nothing there.
        self.dated: list[tuple[str, str, str]] = []
        self.recount: list[tuple[str, str]] = []

    def invite_count(
        self, key: str, direction: str, group: list[Invitation], old: _Stored | None
    ) -> int:
        """How many times they invited, as far as this import tells; remembers the dates when
        the store must count them with those it already knows."""
        if old is None and len(group) == 1:
            return 1  # the common case: one invitation, nothing to remember
        dates = {d for d in (_iso(i.sent_at) for i in group) if d}
        known = {old.sent_at} if old is not None and old.sent_at else set()
        if len(dates | known) > 1 and not dates <= known:
            self.dated.extend((key, direction, d) for d in dates | known)
            self.recount.append((key, direction))
        return max(1, len(dates))

    def add(
        self, key: str, direction: str, latest: Invitation, merged: dict[str, Any], count: int
    ) -> None:
        """A new request, unless the person is a connection already."""
        status = _initial_status(latest, direction)
        if (
            (self.slugs or self.names)
            and status in (Status.PENDING, Status.SENT)
            and same_person(key, merged["name"], self.slugs, self.bare, self.names)
        ):
            self.tally["already_connected"] += 1
            if direction == "incoming" and merged["sent_at"]:
                # when they invited: the connection's history says so
                self.dated.append((key, direction, merged["sent_at"]))
            if direction == "incoming" and merged["message"]:
                # the note that started the connection, kept for its review
                self.notes.append(
                    (merged["message"], key, f"name:{normalise_name(merged['name'])}")
                )
            return
        decided = _iso(latest.decided_at) if status not in (Status.PENDING, Status.SENT) else None
        on_linkedin, done_at = _on_linkedin(latest, status)
        row = (  # in the order of _INSERT_COLUMNS
            key,
            direction,
            merged["name"],
            merged["first_name"],
            merged["last_name"],
            merged["profile_url"],
            merged["message"],
            merged["sent_at"],
            merged["source"],
            status.value,
            count,
            search_text(merged["name"], merged["headline"], merged["message"]),
        )
        extra = (
            merged["headline"],
            merged["location"],
            merged["company"],
            merged["mutual_connections"],
            decided,
            _reply(latest.reply) if decided else None,
            on_linkedin,
            done_at,
        )
        self.inserts.append(row if extra == _EXTRA_DEFAULTS else row + extra)
        self.tally["sent" if direction == "outgoing" else "added"] += 1

    def update(
        self, old: _Stored, latest: Invitation, merged: dict[str, Any], direction: str
    ) -> None:
        """What this import adds to a stored request; a decision in the list decides a request
        still pending here (and never changes one decided here)."""
        changes = _changes(old, merged)
        own_status = _initial_status(latest, direction) if latest.status else None
        if own_status is not None and old.status == Status.PENDING and own_status in DECIDED:
            changes["status"] = own_status.value
            changes["decided_at"] = _iso(latest.decided_at) or clock.stamp()
            changes["reply"] = _reply(latest.reply)
            changes["on_linkedin"], changes["done_at"] = _on_linkedin(latest, own_status)
        if changes:
            sets = ", ".join(f"{c} = ?" for c in changes)
            self.updates.append((sets, [*changes.values(), old.id]))
            self.tally["updated"] += 1
        else:
            self.tally["unchanged"] += 1

    def write(
        self, db: sqlite3.Connection, grouped: dict[tuple[str, str], list[Invitation]]
    ) -> None:
        _insert(db, self.inserts)
        for sets, params in self.updates:
            db.execute(f"UPDATE requests SET {sets} WHERE id = ?", params)
        db.executemany(
            "INSERT OR IGNORE INTO invitations (key, direction, sent_at) VALUES (?, ?, ?)",
            self.dated,
        )
        db.executemany(
            "UPDATE requests SET invite_count = MAX(1, (SELECT COUNT(*) FROM invitations i "
            "WHERE i.key = requests.key AND i.direction = requests.direction))"
            " WHERE key = ? AND direction = ?",
            self.recount,
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
        db.executemany(
            "UPDATE requests SET message = ?, search = search || ' ' || ? "
            f"WHERE key IN (?, ?) AND direction = '{CONNECTION}' AND message = ''",
            [(note, note.casefold(), key, by_name) for note, key, by_name in self.notes],
        )


#: New requests from which `_insert` goes through a temporary table.
_BULK_INSERT = 1000


def _insert(db: sqlite3.Connection, rows: list[tuple[Any, ...]]) -> None:
    """Insert new requests (each the first `_NARROW` or all `_INSERT_COLUMNS`), in their order.

    Many go into a temporary table first, then into `requests` in one statement: run once per
    row, the insert evaluates the partial indexes' `WHERE status IN (…)` anew for each row,
    which made 100,000 inserts cost about twice what they cost this way. Leaving out the
    columns that hold their defaults saves binding them."""
    columns = ", ".join(_INSERT_COLUMNS)
    bulk = len(rows) >= _BULK_INSERT
    if bulk:
        db.execute(f"CREATE TEMP TABLE IF NOT EXISTS new_requests ({columns})")
        db.execute("DELETE FROM temp.new_requests")
    table = "temp.new_requests" if bulk else "requests"
    try:
        for width, run in groupby(rows, key=len):  # runs of one width, in order
            left_out = _EXTRA_DEFAULTS[len(_EXTRA_DEFAULTS) - (len(_INSERT_COLUMNS) - width) :]
            marks = ", ".join(["?"] * width + [_literal(v) for v in left_out])
            db.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", run)
        if bulk:
            db.execute(
                f"INSERT INTO requests ({columns}) SELECT {columns} FROM temp.new_requests"
                " ORDER BY rowid"
            )
    finally:
        if bulk:
            with contextlib.suppress(sqlite3.Error):  # the first error is the one to report
                db.execute("DROP TABLE IF EXISTS temp.new_requests")


def _literal(value: str | None) -> str:
    return "NULL" if value is None else "'" + value.replace("'", "''") + "'"


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
