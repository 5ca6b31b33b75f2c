"""The floor for `linkinbox export` and `list --json`: the least work any exporter does.

    python benchmarks/floor_export.py inbox.sqlite3 csv|json|jsonl

One `sqlite3` query over every request (the columns an export carries), each row written as
it is read with `csv.writer`, or as JSON (`json.dumps` per row: an indented array for `json`,
one object per line for `jsonl`, as `list --json` writes). Nothing else: no cleaning, no
status names, no dates parsed. Standard library only.
"""

from __future__ import annotations

import csv
import json
import sqlite3
import sys

COLUMNS = (
    "id, name, first_name, last_name, headline, location, company, profile_url, message, "
    "sent_at, mutual_connections, invite_count, source, status, decided_at, reply, stranger, "
    "reasons, suggested"
)


def main(path: str, kind: str) -> int:
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    cursor = db.execute(f"SELECT {COLUMNS} FROM requests ORDER BY sent_at DESC, id DESC")
    names = [d[0] for d in cursor.description]
    out = sys.stdout
    if kind == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(names)
        writer.writerows(cursor)
        return 0
    indent = 1 if kind == "json" else None
    encode = json.JSONEncoder(ensure_ascii=False, indent=indent).encode
    first = True
    out.write("[")
    for row in cursor:
        item = dict(zip(names, row, strict=True))
        item["reasons"] = json.loads(item["reasons"]) if item["reasons"] else []
        text = encode(item)
        out.write(("\n " if first else ",\n ") + (text.replace("\n", "\n ") if indent else text))
        first = False
    out.write("\n]\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1], sys.argv[2]))
