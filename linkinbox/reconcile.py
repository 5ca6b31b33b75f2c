"""Reconcile decisions with a newer LinkedIn export: what it proves done, and what happened on
LinkedIn directly. No Textual here. See DESIGN.md, "LinkedIn's side: to do, done".

An export is newer when its date — the `_MM-DD-YYYY` in the archive's (or folder's) name, else the
newest date inside — is later than the newest export reconciled so far (meta
`reconciled_export`). Only an export with `Invitations.csv` is reconciled; an older one adds what
is new and changes no decision, and the same export twice changes nothing.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable
from datetime import datetime, time
from pathlib import Path

from linkinbox.models import (
    ExportSnapshot,
    ImportData,
    ImportSummary,
    Invitation,
    People,
)
from linkinbox.text import normalise_name, same_person, slug_from_url

#: `Basic_LinkedInDataExport_06-14-2026.zip`, `Complete_LinkedInDataExport_11-29-2026`.
_NAME_DATE = re.compile(r"_(\d{2})-(\d{2})-(\d{4})(?!\d)")

META_KEY = "reconciled_export"


def export_date(path: Path, data: ImportData) -> datetime | None:
    """The date of an export: from its archive's name, else the newest date inside."""
    for match in _NAME_DATE.finditer(path.name):
        month, day, year = (int(g) for g in match.groups())
        try:
            return datetime(year, month, day)
        except ValueError:
            continue
    newest: datetime | None = None
    for inv in data.invitations:
        if inv.sent_at is not None and (newest is None or inv.sent_at > newest):
            newest = inv.sent_at
    for connection in data.connections:
        if connection.connected_on is not None:
            moment = datetime.combine(connection.connected_on, time())
            if newest is None or moment > newest:
                newest = moment
    return newest


def people(entries: Iterable[tuple[str, str, str]]) -> People:
    """(normalised slug, profile URL, name) as a `People` set; the slug when the reader worked
    it out already (`Invitation.slug`), else "" and it is worked out from the URL."""
    slugs: set[str] = set()
    bare: set[str] = set()
    names: set[str] = set()
    for slug, url, name in entries:
        if not slug and url:
            slug = slug_from_url(url)
        norm = normalise_name(name)
        if slug:
            slugs.add(slug)
        elif norm:
            bare.add(norm)
        if norm:
            names.add(norm)
    return People(slugs, bare, names)


def snapshot(path: Path, data: ImportData, kinds: set[str]) -> ExportSnapshot | None:
    """What reconciliation needs of one export just read; None when it has no date at all."""
    date = export_date(path, data)
    if date is None:
        return None
    incoming: list[Invitation] = [i for i in data.invitations if i.direction != "outgoing"]
    return ExportSnapshot(
        date=date,
        label=str(path),
        invited=people((i.slug, i.profile_url, i.name) for i in incoming)
        if "invitations" in kinds
        else None,
        connected=people(("", c.profile_url, c.name) for c in data.connections)
        if "connections" in kinds
        else None,
        followed=frozenset(normalise_name(n) for n in data.follows) if "follows" in kinds else None,
    )


def _is(person: tuple[str, str], group: People) -> bool:
    return same_person(person[0], person[1], *group)


def newest_reconciled(db: sqlite3.Connection) -> datetime | None:
    row = db.execute("SELECT value FROM meta WHERE key = ?", (META_KEY,)).fetchone()
    if row is None:
        return None
    try:
        return datetime.fromisoformat(row[0])
    except ValueError:
        return None


def only_older(db: sqlite3.Connection, data: ImportData) -> bool:
    """True when this import's exports with Invitations.csv are all older than the newest one
    reconciled so far: such an import changes no state."""
    newest = newest_reconciled(db)
    dated = [s.date for s in data.exports if s.invited is not None]
    return bool(dated) and newest is not None and max(dated) < newest


def reconcile(
    db: sqlite3.Connection,
    data: ImportData,
    summary: ImportSummary,
    *,
    first_new_id: int,
    connected: People,
    followed: frozenset[str],
) -> None:
    """Reconcile the store with every export of this import newer than the last one reconciled,
    oldest first, inside the import's transaction. `first_new_id`: the first request id this
    import may have added; `connected` and `followed`: the store's, for exports without those
    files."""
    for snap in sorted(data.exports, key=lambda s: s.date):
        if snap.invited is None:
            continue  # no Invitations.csv: it adds what is new and changes no state
        newest = newest_reconciled(db)
        if newest is not None and snap.date <= newest:
            if snap.date < newest:
                summary.older_export = (snap.date, newest)
                _older(db, snap, newest, first_new_id)
            continue
        _newer(
            db,
            snap,
            summary,
            snap.connected if snap.connected is not None else connected,
            snap.followed if snap.followed is not None else followed,
        )
        db.execute(
            "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
            (META_KEY, snap.date.isoformat(timespec="seconds")),
        )
        summary.reconciled = snap.date


def _older(
    db: sqlite3.Connection, snap: ExportSnapshot, newest: datetime, first_new_id: int
) -> None:
    """An older export brought requests the newer one did not have: they were pending then and
    are not any more (had they been, the newer export would list them)."""
    assert snap.invited is not None
    stamp = newest.isoformat(timespec="seconds")
    gone = [
        (stamp, stamp, rid)
        for rid, key, name, sent_at in db.execute(
            "SELECT id, key, name, sent_at FROM requests WHERE id >= ? AND status = 'pending' "
            "AND direction = 'incoming'",
            (first_new_id,),
        )
        if sent_at is not None and sent_at <= stamp and _is((key, name), snap.invited)
    ]
    db.executemany(
        "UPDATE requests SET status = 'gone', gone_at = ?, decided_at = ?, marked = 0 WHERE id = ?",
        gone,
    )


def _newer(
    db: sqlite3.Connection,
    snap: ExportSnapshot,
    summary: ImportSummary,
    connected: People,
    followed: frozenset[str],
) -> None:
    assert snap.invited is not None
    stamp = snap.date.isoformat(timespec="seconds")
    done: list[tuple[str, int]] = []
    accepted: list[tuple[str, str, int]] = []
    gone: list[tuple[str, str, int]] = []
    back: list[tuple[int]] = []
    ignored: list[tuple[str, int]] = []
    invited_slugs, invited_bare, invited_names = snap.invited
    connected_slugs, connected_bare, connected_names = connected
    # Pending requests, most of all (`_is` written out: this runs for each of 100,000).
    for rid, key, name, sent_at, source in db.execute(
        "SELECT id, key, name, sent_at, source FROM requests "
        "WHERE direction = 'incoming' AND status = 'pending'"
    ):
        by_name = key.startswith("name:")
        if (
            key[5:] in connected_names
            if by_name
            else key in connected_slugs
            or (bool(connected_bare) and normalise_name(name) in connected_bare)
        ):
            accepted.append((stamp, stamp, rid))
        elif (
            # Gone from the export: it was in an export before (a request known only from
            # e-mails or the user's own list may never have been), and is dated before this
            # one (an invitation seen in an e-mail after the export was made cannot be in it).
            sent_at is not None
            and sent_at <= stamp
            and "export" in source.split("+")
            and not (
                key[5:] in invited_names
                if by_name
                else key in invited_slugs
                or (bool(invited_bare) and normalise_name(name) in invited_bare)
            )
        ):
            gone.append((stamp, stamp, rid))
    # Gone requests, and the decisions still to do on LinkedIn.
    columns = "id, key, name, first_name, last_name, status, sent_at, gone_at, source"
    rows = db.execute(
        f"SELECT {columns} FROM requests WHERE direction = 'incoming' AND status = 'gone' "
        f"UNION ALL SELECT {columns} FROM requests WHERE direction = 'incoming' "
        "AND on_linkedin = 'todo' AND status NOT IN ('pending', 'gone')"
    ).fetchall()
    for rid, key, name, first, last, status, sent_at, gone_at, source in rows:
        person = (key, name)
        invited = _is(person, snap.invited)
        is_connection = _is(person, connected)
        covered = sent_at is not None and sent_at <= stamp and "export" in source.split("+")
        absent = not invited and covered
        if status == "gone":
            if invited and not is_connection and (gone_at is None or (sent_at or "") > gone_at):
                back.append((rid,))  # a new invitation after it went
            continue
        proved = False
        if status == "connect":
            proved = is_connection
        elif status == "decline":
            proved = absent and not is_connection
        elif status == "follow" and absent and not is_connection:
            if gone_at is None:
                ignored.append((stamp, rid))
            names = {normalise_name(name), normalise_name(f"{first} {last}")}
            proved = bool(names & followed)
        if proved:
            done.append((stamp, rid))
        else:
            summary.still_todo += 1
    db.executemany("UPDATE requests SET on_linkedin = 'done', done_at = ? WHERE id = ?", done)
    db.executemany("UPDATE requests SET gone_at = ? WHERE id = ?", ignored)
    db.executemany(
        "UPDATE requests SET status = 'connect', on_linkedin = 'done', decided_at = ?, "
        "done_at = ?, marked = 0 WHERE id = ?",
        accepted,
    )
    db.executemany(
        "UPDATE requests SET status = 'gone', gone_at = ?, decided_at = ?, marked = 0 WHERE id = ?",
        gone,
    )
    db.executemany(
        "UPDATE requests SET status = 'pending', gone_at = NULL, decided_at = NULL WHERE id = ?",
        back,
    )
    summary.done += len(done)
    summary.accepted += len(accepted)
    summary.gone += len(gone)
