"""Reading what the store knows about people beyond their requests: connections, evidence,
earlier invitations, the user's employers and follows."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

from linkinbox.evidence import Evidence
from linkinbox.models import CONNECTION
from linkinbox.text import normalise_name

_EVIDENCE_COLUMNS = "key, name, kind, direction, ref, first_at, last_at, received, sent, first_from"


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


class PeopleReads:
    """The store's connections, evidence and invitations (a part of `Store`)."""

    db: sqlite3.Connection

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
