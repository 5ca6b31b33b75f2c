"""The floor for `linkinbox import`: the least work any importer of Invitations.csv has to do.

    python benchmarks/floor_import.py Invitations.csv store.sqlite3

Parses the CSV with the `csv` module, parses every `Sent At` (`6/12/26, 8:03 AM`), normalises
every profile slug (`unquote(slug).lower()` without a trailing `/`, `?…`, `#…`), and inserts one
row per (sender, direction) into SQLite in one transaction, with the store's durability settings
(WAL, synchronous=FULL) and the one index an idempotent import needs (the sender's identity).
Nothing else: no cleaning of strangers' text, no merging with what is stored, no screening.
Standard library only, so it imports as little as Python itself.
"""

from __future__ import annotations

import csv
import sqlite3
import sys
from datetime import datetime
from urllib.parse import unquote


def normalise_slug(url: str) -> str:
    at = url.find("/in/")
    if at < 0:
        return ""
    slug = url[at + 4 :]
    for sep in ("?", "#"):
        slug = slug.split(sep, 1)[0]
    return unquote(slug).strip("/").lower()


def main(argv: list[str]) -> int:
    source, store = argv
    rows: list[tuple[str, str, str, str, str]] = []
    with open(source, encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        col = {name: i for i, name in enumerate(next(reader))}
        i_from, i_to, i_sent = col["From"], col["To"], col["Sent At"]
        i_msg, i_dir = col["Message"], col["Direction"]
        i_inviter, i_invitee = col["inviterProfileUrl"], col["inviteeProfileUrl"]
        for row in reader:
            incoming = row[i_dir] == "INCOMING"
            name = row[i_from] if incoming else row[i_to]
            url = row[i_inviter] if incoming else row[i_invitee]
            sent_at = datetime.strptime(row[i_sent], "%m/%d/%y, %I:%M %p").isoformat()
            key = normalise_slug(url) or "name:" + name.lower()
            direction = "incoming" if incoming else "outgoing"
            rows.append((key, direction, name, row[i_msg], sent_at))
    db = sqlite3.connect(store, isolation_level=None)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = FULL")
    db.execute(
        "CREATE TABLE IF NOT EXISTS requests (key TEXT NOT NULL, direction TEXT NOT NULL,"
        " name TEXT NOT NULL, message TEXT NOT NULL, sent_at TEXT,"
        " PRIMARY KEY (key, direction))"
    )
    db.execute("BEGIN IMMEDIATE")
    db.executemany("INSERT OR IGNORE INTO requests VALUES (?, ?, ?, ?, ?)", rows)
    db.execute("COMMIT")
    db.close()
    print(f"{len(rows):,} rows read, {sum(r[1] == 'incoming' for r in rows):,} incoming.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
