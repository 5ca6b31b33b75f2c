"""Upgrading a store from every older schema version: what it held is kept, and it ends with the
very tables, columns and indexes that a new store has.

A store of version N is built the way linkinbox N built it: the migration steps 1..N, which are
only ever added, never changed (linkinbox/migrations.py). So every step added later is tested
here from every version before it, without a new test.
"""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

import pytest

from linkinbox.inbox import Inbox
from linkinbox.migrations import MIGRATIONS, SCHEMA_VERSION
from linkinbox.store import Store

OLD_VERSIONS = range(1, SCHEMA_VERSION)

# What linkinbox 1 could already hold: a pending request, a declined one with its reply, a
# connection, a followed name, a position, the history of the decision, a setting.
REQUESTS = [
    # id, key, name, headline, message, sent_at, mutual, status, decided_at, reply
    (1, "ada-okafor", "Ada Okafor", "Engineer", "Hi!", "2026-05-02T09:00:00", 12, "pending",
     None, None),
    (2, "ben-castillo", "Ben Castillo", "Recruiter", "Open role", "2026-05-01T08:00:00", 0,
     "decline", "2026-05-03T10:00:00", "Thanks, no."),
]  # fmt: skip


def old_store(path: Path, version: int) -> None:
    """A store exactly as linkinbox `version` left it, holding REQUESTS and the rest."""
    with contextlib.closing(sqlite3.connect(path)) as db:
        for step in range(1, version + 1):
            db.executescript(MIGRATIONS[step])
        db.executemany(
            "INSERT INTO requests (id, key, name, headline, message, sent_at, mutual_connections,"
            " status, decided_at, reply) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            REQUESTS,
        )
        if version >= 7:  # since version 7 a decision is a to-do from the moment it is made
            db.execute("UPDATE requests SET on_linkedin = 'todo' WHERE decided_at IS NOT NULL")
        db.execute(
            "INSERT INTO connections (key, name_key, name, connected_on) "
            "VALUES ('kwame-mensah', 'kwame mensah', 'Kwame Mensah', '2024-01-01')"
        )
        db.execute("INSERT INTO follows (name_key, name) VALUES ('satya', 'Satya')")
        db.execute("INSERT INTO positions (company_key, company) VALUES ('contoso', 'Contoso')")
        db.execute(
            "INSERT INTO history (batch, request_id, old_status, new_status, at) "
            "VALUES (1, 2, 'pending', 'decline', '2026-05-03T10:00:00')"
        )
        db.execute("INSERT INTO meta (key, value) VALUES ('theme', 'nord')")
        db.execute(f"PRAGMA user_version = {version}")
        db.commit()


def schema(path: Path) -> dict[str, list[str]]:
    """Every table's columns and every index's definition, by name."""
    with contextlib.closing(sqlite3.connect(path)) as db:
        rows = db.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
        ).fetchall()
        shape: dict[str, list[str]] = {}
        for kind, name, sql in rows:
            if kind == "table":
                columns = db.execute(f"PRAGMA table_info({name})").fetchall()
                shape[f"table {name}"] = sorted(f"{c[1]} {c[2]} {c[4]}" for c in columns)
            else:
                shape[f"{kind} {name}"] = [" ".join(str(sql).split())]
        return shape


@pytest.fixture(scope="module")
def fresh_schema(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    path = tmp_path_factory.mktemp("fresh") / "inbox.sqlite3"
    Store(path).db.close()
    return schema(path)


@pytest.mark.parametrize("version", OLD_VERSIONS)
def test_a_store_of_every_older_version_opens_upgraded_with_its_data(
    version: int, tmp_path: Path, fresh_schema: dict[str, list[str]]
) -> None:
    path = tmp_path / "inbox.sqlite3"
    old_store(path, version)

    with Store(path) as store:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        kept = {r.id: r for r in store.requests("all")}
        assert sorted(kept) == [1, 2]
        for id_, key, name, headline, message, sent_at, mutual, status, decided, reply in REQUESTS:
            request = kept[id_]
            assert (request.key, request.name, request.headline, request.message) == (
                key,
                name,
                headline,
                message,
            )
            assert request.sent_at is not None and request.sent_at.isoformat() == sent_at
            assert request.mutual_connections == mutual
            assert request.status.value == status and request.reply == reply
            assert (request.decided_at.isoformat() if request.decided_at else None) == decided
        # A decision made before LinkedIn's side was tracked (version 7) is a to-do.
        assert kept[2].on_linkedin == "todo" and kept[1].on_linkedin is None
        db = store.db
        assert db.execute("SELECT name FROM connections").fetchall() == [("Kwame Mensah",)]
        assert db.execute("SELECT name FROM follows").fetchall() == [("Satya",)]
        assert db.execute("SELECT company FROM positions").fetchall() == [("Contoso",)]
        assert db.execute("SELECT value FROM meta WHERE key = 'theme'").fetchone() == ("nord",)

    # The same tables, columns (type and default) and indexes as a store made today.
    assert schema(path) == fresh_schema


@pytest.mark.parametrize("version", OLD_VERSIONS)
def test_an_upgraded_store_takes_decisions_and_undoes_them(version: int, tmp_path: Path) -> None:
    path = tmp_path / "inbox.sqlite3"
    old_store(path, version)
    with Inbox(path, tmp_path / "config.toml", tmp_path / "templates.toml") as inbox:
        assert [r.name for r in inbox.requests("pending")] == ["Ada Okafor"]
        inbox.decide([1], "connect")
        assert [r.status.value for r in inbox.requests("all", order="name")] == [
            "connect",
            "decline",
        ]
        assert inbox.undo() == [1]
        assert [r.name for r in inbox.requests("pending")] == ["Ada Okafor"]
        # the decision of version 1's days is still the one undo would reach next
        assert inbox.undo() == [2]
        assert [r.name for r in inbox.requests("pending", order="name")] == [
            "Ada Okafor",
            "Ben Castillo",
        ]


def test_every_version_has_its_step() -> None:
    assert sorted(MIGRATIONS) == list(range(1, SCHEMA_VERSION + 1))
