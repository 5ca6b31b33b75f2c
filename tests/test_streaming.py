"""`export` and `list --json` write each request as it is read, and write what they always did:
the same text as building the whole list first and writing it in one go."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from tui_helpers import demo_inbox

from linkinbox import output
from linkinbox.cli import main
from linkinbox.evidence import MESSAGES
from linkinbox.importers.own import OWN_CSV_FIELDS
from linkinbox.inbox import Inbox
from linkinbox.text import defuse


@pytest.fixture
def inbox_rows(tmp_path: Path) -> list[dict[str, object]]:
    with demo_inbox(tmp_path) as inbox:
        ids = [r.id for r in inbox.requests("pending")]
        inbox.decide(ids[:3], "decline")
        inbox.decide(ids[3:5], "follow")
        inbox.ensure_screened()
        return [inbox.as_json(r) for r in inbox.requests("all")]


def test_export_json_is_the_whole_list_at_once(
    capsys: pytest.CaptureFixture[str], inbox_rows: list[dict[str, object]], tmp_path: Path
) -> None:
    assert main(["export", "--format", "json"]) == 0
    out = capsys.readouterr().out
    assert out == json.dumps(inbox_rows, ensure_ascii=False, indent=1) + "\n"
    assert any(row["reasons"] for row in inbox_rows)  # screening is in it, per request
    target = tmp_path / "export.json"
    assert main(["export", "--format", "json", "-o", str(target)]) == 0
    assert target.read_text(encoding="utf-8") == out
    assert target.stat().st_mode & 0o077 == 0
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_export_csv_and_list_json_carry_every_request(
    capsys: pytest.CaptureFixture[str], inbox_rows: list[dict[str, object]]
) -> None:
    assert main(["export", "--format", "csv"]) == 0
    table = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert table[0] == list(OWN_CSV_FIELDS)
    assert [row[OWN_CSV_FIELDS.index("name")] for row in table[1:]] == [
        r["name"] for r in inbox_rows
    ]
    assert main(["list", "--status", "all", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == inbox_rows


def test_an_empty_inbox_exports_an_empty_list(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--format", "json"]) == 0
    assert capsys.readouterr().out == "[]\n"


def test_rules_are_validated_when_used_not_when_the_inbox_opens(tmp_path: Path) -> None:
    """pydantic validates `[[rules]]`; the TUI's first frame must not wait for it."""
    config = tmp_path / "config"
    config.mkdir(exist_ok=True)
    (config / "config.toml").write_text(
        '[[rules]]\nname = "r"\nsuggest = "follow"\nnote_matches = "kubecon"\n', encoding="utf-8"
    )
    probe = (
        "import sys\n"
        "from linkinbox.inbox import Inbox\n"
        "inbox = Inbox()\n"
        "print('pydantic' in sys.modules)\n"
        "print(len(inbox.rules), inbox.rule_problems)\n"
        "print('pydantic' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.splitlines() == ["False", "1 []", "True"]


EVIDENCE_EXPORT = Path(__file__).parent / "fixtures" / "evidence-export"


def test_every_request_is_written_as_it_reads_on_its_own(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """`list --json` and `export` ask the store for a history only where it may know more than
    the request itself; what they write is still each request's own answer: people with an
    earlier invitation, with a request each way, with a connection or evidence matched by
    URL or by name, and text that must be made inert or kept from a spreadsheet's formulas."""
    assert main(["import", str(EVIDENCE_EXPORT)]) == 0
    network = tmp_path / "network"
    network.mkdir()
    (network / "Connections.csv").write_text(
        "Notes:\n\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Lin,Zhou,https://www.linkedin.com/in/lin-zhou-5,,Acme,CTO,03 Mar 2022\n",
        encoding="utf-8",
    )
    assert main(["import", str(network)]) == 0
    with Inbox() as inbox:
        db = inbox.store.db
        rows = [  # key, direction, name, headline, sent_at, status
            ("https-ivo-brandt", "incoming", "Ivo Brandt", "=HYPERLINK(1)", "2026-05-01T10:00:00"),
            ("https-ivo-brandt", "outgoing", "Ivo Brandt", "", "2025-01-01T08:00:00"),
            ("zora-vex-77", "incoming", "Zora  Vex", "CTO\x1b[31m red", "2026-05-02T10:00:00"),
            ("name:ada quill", "incoming", "Ada Quill", "'+44 ring me", "2026-05-03 10:00"),
            ("name:bo lind", "incoming", "Bo Lind", "-", None),
            ("mo-sato", "incoming", "Mo Sato", "@channel", "not a date"),
            ("name:lena ortiz", "incoming", "Lena Ortiz", "", "2026-05-04T10:00:00"),
        ]
        db.executemany(
            "INSERT INTO requests (key, direction, name, headline, sent_at) VALUES (?, ?, ?, ?, ?)",
            rows,
        )
        db.execute(
            "INSERT INTO invitations (key, direction, sent_at) VALUES "
            "('mo-sato', 'incoming', '2024-02-02T09:00:00')"
        )
        db.execute(
            "INSERT INTO connections (key, name_key, name, connected_on) VALUES "
            "('name:zora vex', 'zora vex', 'Zora Vex', '2019-03-04'), "
            "('name:bo lind', 'bo lind', 'Bo Lind', '2018-01-01'), "
            "('lena-ortiz-9', 'lena ortiz', 'Lena Ortiz', '2017-05-05')"
        )
        db.execute(
            "INSERT INTO evidence (key, kind, direction, ref, name, name_key, first_at, last_at, "
            "received, sent) VALUES ('name:ada quill', ?, 'received', 'c1', 'Ada Quill', "
            "'ada quill', '2024-01-01', '2024-02-01', 2, 1)",
            (MESSAGES,),
        )
        inbox.ensure_screened()
        expected = [inbox.as_json(r) for r in inbox.requests("all")]
        connections = [inbox.as_json(r) for r in inbox.requests("connected", "known")]
    histories = {r["name"]: [e["what"] for e in r["history"]] for r in expected + connections}
    assert len(histories["Ivo Brandt"]) == 2  # both requests' invitations, each time
    assert len(histories["Mo Sato"]) == 2  # an earlier invitation and its own (odd) date
    assert any("connection" in what for what in histories["Zora  Vex"])
    assert any("connection" in what for what in histories["Bo Lind"])
    assert any("connection" in what for what in histories["Lena Ortiz"])
    assert any("Conversation" in what for what in histories["Ada Quill"])
    assert histories["Lin Zhou"] == ["Became a connection."]  # a connection: no invitation
    capsys.readouterr()

    assert main(["list", "--status", "all", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == expected
    assert main(["audit", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == connections
    assert main(["export", "--format", "json"]) == 0
    assert capsys.readouterr().out == json.dumps(expected, ensure_ascii=False, indent=1) + "\n"
    assert main(["export", "--format", "csv"]) == 0
    table = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert table[1:] == [
        [str(defuse("" if row[f] is None else row[f])) for f in OWN_CSV_FIELDS] for row in expected
    ]
    assert {"'=HYPERLINK(1)", "''+44 ring me", "'-", "'@channel"} <= {
        row[OWN_CSV_FIELDS.index("headline")] for row in table
    }


ODD_DATES = [
    "2026-02-29T10:00:00",  # no 29 February in 2026
    "2024-02-29T23:59:59",  # a leap day: as stored
    "2026-04-31T00:00:00",
    "2026-06-12T24:00:00",
    "0000-01-01T00:00:00",  # before Python's year 1
    "0001-01-01T00:00:00",
    "2026-06-12 08:03:00",  # read back with a T
    "2026-06-12T08:03:00+01:00",
    "2026-06-12T08:03:00.5",
    "2026-W24-5T08:03:00",
    "",
]


@pytest.mark.parametrize("chunk", [2, 500])
def test_rows_go_out_as_stored_only_when_nothing_in_them_changes(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    """The fast path (a stored row written from its columns, a chunk of rows checked at once for
    the CSV) gives every request's own `as_json`, whatever the store holds: odd or impossible
    dates in each date column, text to make inert in every column, formulas in every cell, an
    odd screening, counts stored as text, a connection. Chunks of 2 mix clean and odd rows."""
    monkeypatch.setattr(output, "_CHUNK", chunk)
    with Inbox() as inbox:
        db = inbox.store.db
        clean = [
            (f"clean-{i}", f"Clean Person {i}", f"2026-05-{i + 1:02d}T{i:02d}:15:00")
            for i in range(24)
        ]
        db.executemany("INSERT INTO requests (key, name, sent_at) VALUES (?, ?, ?)", clean)
        inbox.ensure_screened()
        odd: list[tuple[str, object]] = [("sent_at", d) for d in ODD_DATES]
        odd += [("decided_at", d) for d in ODD_DATES] + [("done_at", d) for d in ODD_DATES]
        odd += [
            (column, value)
            for column in ("name", "first_name", "last_name", "headline", "location", "company")
            for value in ("a\x1b[31mred", "two  spaces", "=1+1", "'@x", "\u202eevil", " pad ")
        ]
        odd += [
            (column, value)
            for column in ("message", "reply")
            for value in ("line\nbreak", "tab\there", "esc\x1b[2J", "=cmd", "-1", "\u2028sep")
        ]
        odd += [
            ("profile_url", "https://www.linkedin.com/in/x\u200by"),
            ("profile_url", "+https://www.linkedin.com/in/y"),
            ("source", "export\x07"),
            ("source", "@source"),
            ("on_linkedin", "=todo"),
            ("on_linkedin", "to\x1bdo"),
            ("mutual_connections", "=5"),
            ("mutual_connections", -3),
            ("mutual_connections", 2.5),
            ("invite_count", "+2"),
            ("stranger", 2),
            ("stranger", 0),
            ("reasons", '"not a list"'),
            ("reasons", '["no note", "caf\\u00e9 \\"quoted\\""]'),
            ("reasons", "[]"),
            ("suggested", "=connect"),
            ("direction", "connection"),
            ("direction", "outgoing"),
            ("status", "sent"),
        ]
        for number, (column, value) in enumerate(odd):
            key = f"odd-{number}"
            db.execute(
                "INSERT INTO requests (key, name, sent_at) VALUES (?, ?, '2026-04-01T09:00:00')",
                (key, f"Odd {number}"),
            )
            db.execute(f"UPDATE requests SET {column} = ? WHERE key = ?", (value, key))
        # Between clean rows too, so that a chunk of two mixes them.
        db.execute("UPDATE requests SET sent_at = '2026-05-03T07:00:00' WHERE key = 'odd-3'")
        # A connection to review that Connections.csv does not name (yet): `audit --json`.
        db.execute("UPDATE requests SET status = 'connected' WHERE direction = 'connection'")
        db.commit()
        expected = [inbox.as_json(r) for r in inbox.requests("all")]
        connections = [inbox.as_json(r) for r in inbox.requests("connected", "known")]
    capsys.readouterr()
    assert [row["name"] for row in connections] == [f"Odd {odd.index(('direction', 'connection'))}"]
    assert main(["audit", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == connections
    assert len(expected) == len(clean) + len(odd) - 1  # "all" leaves connections to `audit`

    assert main(["list", "--status", "all", "--json"]) == 0
    assert (
        capsys.readouterr().out
        == "[\n " + ",\n ".join(json.dumps(row, ensure_ascii=False) for row in expected) + "\n]\n"
    )
    assert main(["export", "--format", "json"]) == 0
    assert capsys.readouterr().out == json.dumps(expected, ensure_ascii=False, indent=1) + "\n"
    assert main(["export", "--format", "csv"]) == 0
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(OWN_CSV_FIELDS)
    writer.writerows(
        [defuse("" if row[f] is None else row[f]) for f in OWN_CSV_FIELDS] for row in expected
    )
    assert capsys.readouterr().out == out.getvalue()
