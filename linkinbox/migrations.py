"""The store's schema, one numbered step at a time: a store of any older version opens, upgraded.

A step is only ever added, never changed: a store written by an older linkinbox runs the steps
after its `PRAGMA user_version`, all in one transaction.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from linkinbox.errors import StoreError

if TYPE_CHECKING:
    from linkinbox.store import Store

SCHEMA_VERSION = 11

#: The sort orders' indexes that a large import drops and screening builds again afterwards
#: (`Store.build_order_indexes`): kept up to date row by row they cost an import of 100,000 a
#: second (each key is computed and inserted in turn); built in one go afterwards, a fifth.
ORDER_INDEXES = {
    "requests_by_status_mutual": """
    CREATE INDEX IF NOT EXISTS requests_by_status_mutual
        ON requests (status, COALESCE(mutual_connections, -1) DESC, sent_at DESC, id DESC)""",
    "requests_by_status_suggestion": """
    CREATE INDEX IF NOT EXISTS requests_by_status_suggestion
        ON requests (status, CASE suggested WHEN 'connect' THEN 3 WHEN 'follow' THEN 2
                     WHEN 'decline' THEN 1 ELSE 0 END DESC, sent_at DESC, id DESC)""",
}
#: Invitations in one import from which the order indexes are dropped and built again later.
BULK_IMPORT = 5000

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
    # 7: LinkedIn's side of a decision (linkinbox.todo, linkinbox.reconcile): `on_linkedin`
    # "todo" until it is done there, `done_at`; `gone_at`, the date of the export the invitation
    # was first missing from; undo restores both. Decisions made before this are to-dos.
    7: """
    ALTER TABLE requests ADD COLUMN on_linkedin TEXT;
    ALTER TABLE requests ADD COLUMN done_at TEXT;
    ALTER TABLE requests ADD COLUMN gone_at TEXT;
    ALTER TABLE history ADD COLUMN old_on_linkedin TEXT;
    ALTER TABLE history ADD COLUMN old_done_at TEXT;
    UPDATE requests SET on_linkedin = 'todo' WHERE status IN ('follow', 'connect', 'decline');
    CREATE INDEX requests_todo ON requests (decided_at, id) WHERE on_linkedin = 'todo';
    """,
    # 8: an index for every order a view is shown in (store.SORT_KEYS), so that a page, a jump
    # and a position are read along an index instead of sorting every row of the view. The
    # decided view's index holds decided requests only: an import of pending ones never writes it.
    8: """
    CREATE INDEX IF NOT EXISTS requests_decided ON requests (decided_at DESC, id DESC)
        WHERE status IN ('follow', 'connect', 'decline', 'gone');
    """
    + ";".join(ORDER_INDEXES.values()),
    # 9: evidence from the rest of the export (linkinbox.evidence): per person and conversation
    # the messages each side wrote, dates and who wrote first; endorsements (skill, date) and
    # recommendations (date), each way. Never a message's text.
    9: """
    CREATE TABLE IF NOT EXISTS evidence (
        key TEXT NOT NULL,
        kind TEXT NOT NULL,
        direction TEXT NOT NULL,
        ref TEXT NOT NULL,
        name TEXT NOT NULL,
        name_key TEXT NOT NULL,
        first_at TEXT,
        last_at TEXT,
        received INTEGER NOT NULL DEFAULT 0,
        sent INTEGER NOT NULL DEFAULT 0,
        first_from TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (key, kind, direction, ref)
    ) WITHOUT ROWID;
    CREATE INDEX IF NOT EXISTS evidence_by_name ON evidence (name_key);
    """,
    # 10: connections are people too (#18): every connection is a row of `requests` with
    # direction 'connection', status 'connected' until reviewed (then connect = keep, follow =
    # follow instead, decline = remove), its position as headline and its connected-on date as
    # `sent_at`. `known_score`: how well the user knows them (screening), for the "least known
    # first" order, whose index holds the connections not reviewed yet only. `left_at`: the
    # date of the export a connection was first missing from. Positions keep their dates, for
    # "worked there when you connected".
    10: """
    ALTER TABLE requests ADD COLUMN known_score INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE connections ADD COLUMN left_at TEXT;
    ALTER TABLE positions ADD COLUMN started_on TEXT;
    ALTER TABLE positions ADD COLUMN finished_on TEXT;
    CREATE INDEX IF NOT EXISTS requests_connected_known
        ON requests (known_score, sent_at, id) WHERE status = 'connected';
    INSERT OR IGNORE INTO requests (key, direction, name, profile_url, company, headline,
                                    sent_at, source, status, search)
        SELECT key, 'connection', name, profile_url, company, position,
               CASE WHEN connected_on IS NULL THEN NULL ELSE connected_on || 'T00:00:00' END,
               'export', 'connected', lower(name || ' ' || position || ' ' || company)
        FROM connections WHERE former = 0;
    INSERT OR REPLACE INTO meta (key, value)
        SELECT 'unscreened', '1' WHERE EXISTS (SELECT 1 FROM connections WHERE former = 0);
    """,
    # 11: the decided and To do views sorted by mutual connections or by suggestion, each from
    # an index of its own (`Query.source`): they sorted every decided request for each page
    # (0.2-2 s at 50,000). Partial indexes, of decided requests and of to-dos only: an import,
    # which adds pending requests and connections, never writes them.
    11: """
    CREATE INDEX IF NOT EXISTS requests_decided_mutual
        ON requests (COALESCE(mutual_connections, -1) DESC, sent_at DESC, id DESC)
        WHERE status IN ('follow', 'connect', 'decline', 'gone');
    CREATE INDEX IF NOT EXISTS requests_decided_suggestion
        ON requests (CASE suggested WHEN 'connect' THEN 3 WHEN 'follow' THEN 2
                     WHEN 'decline' THEN 1 ELSE 0 END DESC, sent_at DESC, id DESC)
        WHERE status IN ('follow', 'connect', 'decline', 'gone');
    CREATE INDEX IF NOT EXISTS requests_todo_mutual
        ON requests (COALESCE(mutual_connections, -1) DESC, sent_at DESC, id DESC)
        WHERE on_linkedin = 'todo';
    CREATE INDEX IF NOT EXISTS requests_todo_suggestion
        ON requests (CASE suggested WHEN 'connect' THEN 3 WHEN 'follow' THEN 2
                     WHEN 'decline' THEN 1 ELSE 0 END DESC, sent_at DESC, id DESC)
        WHERE on_linkedin = 'todo';
    """,
}


def migrate(store: Store) -> None:
    """Bring the store's schema up to `SCHEMA_VERSION`; refuse one written by a newer linkinbox."""
    version = store.db.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"The inbox store {store.path} was written by a newer linkinbox "
            f"(schema {version}); upgrade linkinbox to open it."
        )
    if version == SCHEMA_VERSION:
        return
    if not store.writable:
        raise StoreError(
            f"The inbox store {store.path} is read-only (its permissions say so) and was "
            f"written by an older linkinbox (schema {version}); make it writable once "
            f"(`chmod u+w {store.path}`) so that it can be upgraded."
        )
    with store.transaction() as db:  # every step at once: all of them or none
        for target in range(version + 1, SCHEMA_VERSION + 1):
            for statement in MIGRATIONS[target].split(";"):
                if statement.strip():
                    db.execute(statement)
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
