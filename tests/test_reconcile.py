"""LinkedIn's side of a decision: to do until done; a newer export proves it done.

The fixtures are two exports of the same invented user a month apart, in LinkedIn's real format
(`tests/fixtures/reconcile/`): between them Ada became a connection (Connect: done), Ben's
invitation was ignored (Decline: done), Cara's ignored and followed (Follow: done), Dev's ignored
but not followed (Follow: still to do), Eve's is still there (Decline: still to do), Finn was
accepted on LinkedIn directly, Gia's went away (gone), Hal's is still pending, Jon is new.
"""

from __future__ import annotations

import json
import sqlite3
import zipfile
from pathlib import Path

import pytest

from linkinbox.cli import main
from linkinbox.inbox import Inbox
from linkinbox.migrations import MIGRATIONS
from linkinbox.store import Store
from linkinbox.text import same_person

FIXTURES = Path(__file__).parent / "fixtures" / "reconcile"
OLD = FIXTURES / "Basic_LinkedInDataExport_05-01-2026"
NEW = FIXTURES / "Basic_LinkedInDataExport_06-01-2026"


def zipped(folder: Path, where: Path) -> Path:
    """The export as LinkedIn sends it: a ZIP named like the folder, files at its root."""
    archive = where / f"{folder.name}.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for file in sorted(folder.iterdir()):
            zf.write(file, file.name)
    return archive


def state(inbox: Inbox) -> dict[str, tuple[str, str | None]]:
    return {
        r.name: (r.status.value, r.on_linkedin)
        for r in inbox.requests("all")
        if r.status.value not in ("sent", "withdrawn")
    }


def ids(inbox: Inbox) -> dict[str, int]:
    return {r.name: r.id for r in inbox.requests("all")}


@pytest.fixture
def decided(monkeypatch: pytest.MonkeyPatch) -> Inbox:
    """The older export imported and decided on, a few days after it was made."""
    monkeypatch.setenv("LINKINBOX_NOW", "2026-05-05T10:00:00")
    inbox = Inbox()
    inbox.import_paths([OLD])
    who = ids(inbox)
    inbox.decide([who["Ada Okafor"]], "connect")
    inbox.decide([who["Ben Castillo"]], "decline")
    monkeypatch.setenv("LINKINBOX_NOW", "2026-05-05T10:01:00")
    inbox.decide([who["Cara Lindqvist"], who["Dev Anand"]], "follow")
    monkeypatch.setenv("LINKINBOX_NOW", "2026-05-05T10:02:00")
    inbox.decide([who["Eve Moreau"]], "decline")
    return inbox


AFTER_NEW = {
    "Ada Okafor": ("connect", "done"),  # now in Connections.csv
    "Ben Castillo": ("decline", "done"),  # invitation gone, not a connection
    "Cara Lindqvist": ("follow", "done"),  # invitation gone, Active in Member_Follows.csv
    "Dev Anand": ("follow", "todo"),  # invitation gone, but unfollowed: Follow is left
    "Eve Moreau": ("decline", "todo"),  # invitation still there
    "Finn Müller": ("connect", "done"),  # accepted on LinkedIn directly
    "Gia Romano": ("gone", None),  # handled or expired on LinkedIn
    "Hal Jensen": ("pending", None),
    "Jon Park": ("pending", None),  # new in the newer export
}


def test_every_decision_is_a_todo_with_what_to_press_and_where(decided: Inbox) -> None:
    todos = {r.name: a for r, a in decided.todos()}
    assert list(todos) == [  # oldest decision first
        "Ada Okafor",
        "Ben Castillo",
        "Cara Lindqvist",
        "Dev Anand",
        "Eve Moreau",
    ]
    invitations = "https://www.linkedin.com/mynetwork/invitation-manager/"
    assert todos["Ada Okafor"][:2] == ("Accept (invitation manager)", invitations)
    assert todos["Ben Castillo"][:2] == ("Ignore (invitation manager)", invitations)
    assert todos["Cara Lindqvist"][:2] == (
        "Ignore, then Follow (profile)",
        "https://www.linkedin.com/in/cara-lindqvist",
    )
    assert decided.todo_count() == 5


def test_a_newer_export_proves_what_was_done_and_says_so(decided: Inbox, tmp_path: Path) -> None:
    summary = decided.import_paths([zipped(NEW, tmp_path)])

    assert summary.linkedin_sentence() == (
        "Reconciled with LinkedIn (export of 1 Jun 2026): 3 done, 2 still to do, "
        "1 accepted there, 1 gone."
    )
    assert state(decided) == AFTER_NEW
    actions = {r.name: a.words for r, a in decided.todos()}
    assert actions == {"Eve Moreau": "Ignore (invitation manager)", "Dev Anand": "Follow (profile)"}
    assert [r.name for r in decided.requests("pending")] == ["Jon Park", "Hal Jensen"]
    finn = decided.find("finn-müller-77a1b2")
    assert finn.done_at is not None and finn.decided_at is not None
    stats = decided.stats()
    assert (stats["todo"], stats["done"], stats["gone"], stats["pending"]) == (2, 4, 1, 2)

    again = decided.import_paths([NEW])  # the same export twice changes nothing
    assert again.linkedin_sentence() == ""
    assert state(decided) == AFTER_NEW


def test_an_older_export_afterwards_changes_no_state(decided: Inbox) -> None:
    decided.import_paths([NEW])
    summary = decided.import_paths([OLD])
    assert summary.linkedin_sentence() == (
        "The export of 1 May 2026 is older than the one already reconciled (1 Jun 2026): "
        "it added what was new and changed no decision."
    )
    assert state(decided) == AFTER_NEW


def test_both_orders_leave_the_same_requests_pending_and_gone(tmp_path: Path) -> None:
    forward = Inbox(tmp_path / "forward.db")
    forward.import_paths([OLD])
    forward.import_paths([NEW])
    backward = Inbox(tmp_path / "backward.db")
    backward.import_paths([NEW])
    summary = backward.import_paths([OLD])
    assert summary.older_export is not None

    def by_status(inbox: Inbox, status: str) -> set[str]:
        return {r.name for r in inbox.requests(status)}

    for status in ("pending", "gone"):
        assert by_status(forward, status) == by_status(backward, status)
    assert by_status(forward, "pending") == {"Eve Moreau", "Hal Jensen", "Jon Park"}
    assert by_status(forward, "gone") == {
        "Ben Castillo",
        "Cara Lindqvist",
        "Dev Anand",
        "Gia Romano",
    }
    # The older export's Connections.csv did not make Ada and Finn former connections.
    assert backward.store.connected_keys(former=True)[0] == set()


def test_an_export_without_invitations_proves_nothing(decided: Inbox, tmp_path: Path) -> None:
    connections = tmp_path / "Connections.csv"
    connections.write_bytes((NEW / "Connections.csv").read_bytes())
    decided.import_paths([connections])
    after = state(decided)
    assert after["Ada Okafor"] == ("connect", "todo")
    assert after["Ben Castillo"] == ("decline", "todo")
    assert after["Gia Romano"] == ("pending", None)
    # Connections.csv alone still says who is connected: Finn's request is no longer pending.
    assert after["Finn Müller"] == ("connect", "done")


def test_requests_never_seen_in_an_export_are_not_gone(tmp_path: Path) -> None:
    own = tmp_path / "mine.json"
    own.write_text(
        json.dumps([{"name": "Kim Lee", "sent_at": "2026-04-01T10:00:00"}]), encoding="utf-8"
    )
    inbox = Inbox()
    inbox.import_paths([own])
    inbox.import_paths([NEW])
    assert state(inbox)["Kim Lee"] == ("pending", None)


def test_done_and_undo(decided: Inbox) -> None:
    who = ids(decided)
    marked = decided.mark_done([who["Ada Okafor"], who["Gia Romano"]])
    assert marked == [who["Ada Okafor"]]  # Gia is pending: nothing to do on LinkedIn
    ada = decided.get(who["Ada Okafor"])
    assert ada is not None and ada.on_linkedin == "done" and ada.done_at is not None
    decided.undo()
    ada = decided.get(who["Ada Okafor"])
    assert ada is not None and (ada.status.value, ada.on_linkedin, ada.done_at) == (
        "connect",
        "todo",
        None,
    )
    decided.undo()  # the last decision: back to pending, nothing to do
    eve = decided.get(who["Eve Moreau"])
    assert eve is not None and (eve.status.value, eve.on_linkedin) == ("pending", None)


def test_cli_todo_done_undo(decided: Inbox, capsys: pytest.CaptureFixture[str]) -> None:
    decided.close()
    assert main(["todo", "--json"]) == 0
    todos = json.loads(capsys.readouterr().out)
    assert [t["name"] for t in todos][:2] == ["Ada Okafor", "Ben Castillo"]
    ada = todos[0]
    assert ada["action"] == "Accept (invitation manager)"
    assert ada["url"] == "https://www.linkedin.com/mynetwork/invitation-manager/"
    assert (ada["status"], ada["on_linkedin"], ada["done_at"]) == ("connect", "todo", None)

    assert main(["todo"]) == 0
    out = capsys.readouterr()
    assert "Ada Okafor" in out.out and "Ignore, then Follow (profile)" in out.out
    assert "5 to do on LinkedIn" in out.err

    assert main(["done", str(ada["id"]), "ben-castillo-sales"]) == 0
    assert "3 to do" in capsys.readouterr().out
    assert main(["done", str(ada["id"])]) == 2
    assert "already done on LinkedIn" in capsys.readouterr().err

    assert main(["list", "--status", "all", "--json"]) == 0
    listed = {r["name"]: r for r in json.loads(capsys.readouterr().out)}
    assert listed["Ada Okafor"]["on_linkedin"] == "done"
    assert listed["Ada Okafor"]["done_at"] == "2026-05-05T10:02:00"
    assert listed["Hal Jensen"]["on_linkedin"] is None

    assert main(["undo"]) == 0
    assert "Ada Okafor → connect, todo on LinkedIn" in capsys.readouterr().out
    assert main(["todo", "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 5

    assert main(["stats", "--json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert (stats["todo"], stats["done"]) == (5, 0)


def test_export_round_trip_keeps_what_is_done(decided: Inbox, tmp_path: Path) -> None:
    decided.mark_done([ids(decided)["Ada Okafor"]])
    decided.close()
    out = tmp_path / "out.csv"
    assert main(["export", "-o", str(out)]) == 0
    header = out.read_text(encoding="utf-8").splitlines()[0].split(",")
    assert header[-2:] == ["on_linkedin", "done_at"]
    fresh = Inbox(tmp_path / "fresh.db")
    fresh.import_paths([out])
    assert state(fresh)["Ada Okafor"] == ("connect", "done")
    assert state(fresh)["Ben Castillo"] == ("decline", "todo")


def test_decisions_made_before_this_version_become_todos(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    db = sqlite3.connect(path)
    for version in range(1, 7):
        db.executescript(MIGRATIONS[version])
    db.execute(
        "INSERT INTO requests (key, name, status, decided_at) VALUES "
        "('ada', 'Ada', 'decline', '2026-05-01T10:00:00'), ('hal', 'Hal', 'pending', NULL)"
    )
    db.execute("PRAGMA user_version = 6")
    db.commit()
    db.close()
    with Store(path) as store:
        assert [(r.name, r.on_linkedin) for r in store.requests("all", order="name")] == [
            ("Ada", "todo"),
            ("Hal", None),
        ]


def test_is_connection_agrees_with_same_person(tmp_path: Path) -> None:
    inbox = Inbox()
    inbox.import_paths([NEW])
    hidden = tmp_path / "Connections.csv"  # a connection known by name only (no URL column)
    hidden.write_text(
        "First Name,Last Name,Email Address,Company,Position,Connected On\n"
        "Lea,Stone,,,,01 May 2026\n",
        encoding="utf-8",
    )
    slugs, bare, names = inbox.store.connected_keys()
    for key, name in [
        ("ada-okafor-1a2b3c", "Ada Okafor"),
        ("finn-müller-77a1b2", "Finn Müller"),
        ("eve-moreau-growth", "Eve Moreau"),
        ("name:zoe whitaker", "Zoe Whitaker"),
        ("name:eve moreau", "Eve Moreau"),
    ]:
        assert inbox.store.is_connection(key, name) == same_person(key, name, slugs, bare, names)
    assert inbox.store.is_connection("ada-okafor-1a2b3c", "Ada Okafor")
    inbox.import_paths([hidden])  # Lea is a connection too, known by name
    slugs, bare, names = inbox.store.connected_keys()
    for key, name in [("lea-stone-9f", "Lea Stone"), ("name:lea stone", "Lea Stone")]:
        assert inbox.store.is_connection(key, name) and same_person(key, name, slugs, bare, names)
    # Connections.csv alone (no Invitations.csv beside it) removes nobody: it may be an old copy.
    assert inbox.store.is_connection("ada-okafor-1a2b3c", "Ada Okafor")
    assert same_person("ada-okafor-1a2b3c", "Ada Okafor", slugs, bare, names)


def test_a_name_is_reduced_the_same_way_whatever_it_holds() -> None:
    """`normalise_name` matches people by name (connections, evidence, reconciliation): its
    shortcut for plain ASCII names gives what the whole reduction (one line, NFKC, single
    spaces, case-folded) gives, for every kind of name."""
    import itertools
    import re
    import unicodedata

    from linkinbox.text import normalise_name, one_line

    def reduced(name: str) -> str:
        return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", one_line(name))).strip().casefold()

    parts = ["Ada", " ", "  ", "\t", "\n", "LOVELACE", "o'Brien", "\x7f", "\x1b[31m", "ﬁ", "ß"]
    parts += ["Zoë", "Ｆｕｌｌ", "\u200b", "-", "İ", ""]
    names = ["".join(p) for p in itertools.product(parts, repeat=3)]
    assert [normalise_name(n) for n in names] == [reduced(n) for n in names]
    assert normalise_name("  Ada   LOVELACE ") == "ada lovelace"
    assert normalise_name("ﬁona") == "fiona"  # the ligature: NFKC still applies
