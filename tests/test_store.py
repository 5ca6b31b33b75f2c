"""The store and the export import end to end: pending = incoming and not connected; idempotent."""

from __future__ import annotations

import json
import os
import sqlite3
import zipfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest

from linkinbox.importers import read_path
from linkinbox.inbox import Inbox
from linkinbox.models import ImportData, Invitation, Status
from linkinbox.store import Query, Store
from linkinbox.text import slug_from_url

INVITATIONS = """From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl
Søren Ækerlund-Nuñez,Dana Whitfield,"6/12/26, 8:03 AM",,INCOMING,https://www.linkedin.com/in/søren-ækerlund-nuñez-91b2c0,https://www.linkedin.com/in/dana
Søren Ækerlund-Nuñez,Dana Whitfield,"3/1/26, 9:00 AM",First try,INCOMING,https://www.linkedin.com/in/s%C3%B8ren-%C3%A6kerlund-nu%C3%B1ez-91b2c0/,https://www.linkedin.com/in/dana
Ana Lúcia Brandão,Dana Whitfield,"6/1/26, 1:00 PM",Hi!,INCOMING,https://www.linkedin.com/in/ana-lúcia-brandão-5e6f70,https://www.linkedin.com/in/dana
Dana Whitfield,Mateo Iglesias,"6/10/26, 4:12 PM",,OUTGOING,https://www.linkedin.com/in/dana,https://www.linkedin.com/in/mateo
"""
CONNECTIONS = """Notes:
"When exporting your connection data, you may notice that some of the email addresses are missing."

First Name,Last Name,URL,Email Address,Company,Position,Connected On
Ana Lúcia,Brandão,https://www.linkedin.com/in/ana-l%C3%BAcia-brand%C3%A3o-5e6f70,,Contoso,Eng,14 Nov 2019
,,,,,,07 Jun 2026"""


def write_export(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "Invitations.csv").write_text(INVITATIONS, encoding="utf-8")
    (folder / "Connections.csv").write_text(CONNECTIONS, encoding="utf-8")
    return folder


@pytest.fixture
def inbox() -> Inbox:
    return Inbox()


def pending_names(inbox: Inbox) -> list[str]:
    return [r.name for r in inbox.requests("pending")]


def test_sample_export_gives_exactly_the_pending_incoming(
    inbox: Inbox, sample_export: Path
) -> None:
    summary = inbox.import_paths([sample_export])
    # Yuki Tanaka invited but is a connection; the OUTGOING rows are sent invitations.
    assert sorted(pending_names(inbox)) == [
        "Marcus Bell",
        "Priya Raman, PhD",
        "Søren Ækerlund-Nuñez",
    ]
    assert summary.added == 3
    assert [r.name for r in inbox.requests("sent")] == ["Mateo Iglesias"]
    again = inbox.import_paths([sample_export])
    assert again.added == 0 and again.updated == 0
    assert inbox.pending_count() == 3


def test_same_sender_with_encoded_and_raw_slug_is_one_request(inbox: Inbox, tmp_path: Path) -> None:
    inbox.import_paths([write_export(tmp_path / "export")])
    assert pending_names(inbox) == ["Søren Ækerlund-Nuñez"]
    soren = next(inbox.requests("pending"))
    assert soren.invite_count == 2
    assert soren.sent_at == datetime(2026, 6, 12, 8, 3)  # dated by the latest invitation
    assert soren.profile_url == "https://www.linkedin.com/in/søren-ækerlund-nuñez-91b2c0"


def test_zip_and_folder_import_the_same(inbox: Inbox, tmp_path: Path) -> None:
    folder = write_export(tmp_path / "export")
    archive = tmp_path / "Basic_LinkedInDataExport_06-14-2026.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(folder / "Invitations.csv", "Invitations.csv")
        zf.write(folder / "Connections.csv", "Connections.csv")
        zf.writestr("messages.csv", "CONVERSATION ID,FROM\n1,x\n")
    inbox.import_paths([archive])
    assert pending_names(inbox) == ["Søren Ækerlund-Nuñez"]


def test_reimport_never_touches_a_decision(inbox: Inbox, tmp_path: Path) -> None:
    folder = write_export(tmp_path / "export")
    inbox.import_paths([folder])
    soren = next(inbox.requests("pending"))
    inbox.decide([soren.id], "decline")
    inbox.import_paths([folder])
    assert inbox.pending_count() == 0
    decided = inbox.get(soren.id)
    assert decided is not None and decided.status.value == "decline"
    assert decided.reply and decided.reply.startswith("Hi Søren")


def test_connections_alone_remove_a_pending_request(inbox: Inbox, tmp_path: Path) -> None:
    folder = write_export(tmp_path / "export")
    (folder / "Connections.csv").unlink()
    inbox.import_paths([folder / "Invitations.csv"])
    assert "Ana Lúcia Brandão" in pending_names(inbox)
    connections = tmp_path / "Connections.csv"
    connections.write_text(CONNECTIONS, encoding="utf-8")
    inbox.import_paths([connections])
    assert "Ana Lúcia Brandão" not in pending_names(inbox)


def test_someone_who_was_a_connection_before_can_invite_again(inbox: Inbox, tmp_path: Path) -> None:
    """Gone from the latest Connections.csv: their new invitation is pending, and screening
    says why they look known; back in a later one, it goes away again."""
    header = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    ana = "Ana Lúcia,Brandão,https://www.linkedin.com/in/ana-lúcia-brandão-5e6f70,,,,14 Nov 2019\n"
    ravi = "Ravi,Kumar,https://www.linkedin.com/in/ravi-kumar-1a2b3c,,Contoso,Eng,02 Feb 2021\n"
    both = tmp_path / "then" / "Connections.csv"
    both.parent.mkdir()
    both.write_text(header + ana + ravi, encoding="utf-8")
    inbox.import_paths([both])

    now = tmp_path / "now"
    now.mkdir()
    (now / "Connections.csv").write_text(header + ana, encoding="utf-8")
    (now / "Invitations.csv").write_text(
        "From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl\n"
        'Ravi Kumar,Dana Whitfield,"6/12/26, 8:03 AM",,INCOMING,'
        "https://www.linkedin.com/in/ravi-kumar-1a2b3c,https://www.linkedin.com/in/dana\n"
        'Ana Lúcia Brandão,Dana Whitfield,"6/1/26, 1:00 PM",Hi!,INCOMING,'
        "https://www.linkedin.com/in/ana-lúcia-brandão-5e6f70,https://www.linkedin.com/in/dana\n",
        encoding="utf-8",
    )
    inbox.import_paths([now])
    assert pending_names(inbox) == ["Ravi Kumar"]  # Ana is still a connection
    inbox.ensure_screened()
    ravi_request = next(inbox.requests("pending"))
    stranger, _suggested, reasons = inbox.screening(ravi_request.id)
    assert "was a connection before" in reasons
    assert stranger == 0  # known

    inbox.import_paths([both])  # connected again
    assert pending_names(inbox) == []


def test_matching_by_name_without_urls(inbox: Inbox, tmp_path: Path) -> None:
    old = tmp_path / "Invitations.csv"
    old.write_text(
        "From,To,Sent At,Message,Direction\r\n"
        'Priya Raman,Dana Whitfield,"6/11/22, 10:47 PM",,INCOMING\r\n'
        'Yuki Tanaka,Dana Whitfield,"4/19/22, 7:30 AM",,INCOMING\r\n',
        encoding="utf-8-sig",
    )
    conn = tmp_path / "Connections.csv"
    conn.write_text(
        "Notes:\nx\n\nFirst Name,Last Name,Email Address,Company,Position,Connected On\n"
        "Yuki,Tanaka,,Northwind,Engineer,29-May-22",
        encoding="utf-8",
    )
    inbox.import_paths([old, conn])
    assert pending_names(inbox) == ["Priya Raman"]


def test_decide_and_undo_restore_exactly(inbox: Inbox, sample_export: Path) -> None:
    inbox.import_paths([sample_export])
    first = next(inbox.requests("pending"))
    inbox.decide([first.id], "follow")
    assert inbox.pending_count() == 2
    assert inbox.undo() == [first.id]
    assert inbox.get(first.id) == first
    assert inbox.undo() == []


def test_undo_survives_a_restart(sample_export: Path) -> None:
    with Inbox() as inbox:
        inbox.import_paths([sample_export])
        first = next(inbox.requests("pending"))
        inbox.decide([first.id], "connect")
    with Inbox() as inbox:
        assert inbox.undo() == [first.id]
        assert inbox.pending_count() == 3


def test_batch_is_one_undo(inbox: Inbox, sample_export: Path) -> None:
    inbox.import_paths([sample_export])
    ids = [r.id for r in inbox.requests("pending")]
    assert inbox.decide(ids, "decline") == ids
    assert inbox.pending_count() == 0
    assert sorted(inbox.undo()) == sorted(ids)
    assert inbox.pending_count() == 3


def test_windows_and_positions(inbox: Inbox) -> None:
    invitations = [
        Invitation(
            name=f"Person {i:03}",
            profile_url=f"https://www.linkedin.com/in/p{i}",
            sent_at=datetime(2026, 1, 1, 0, i % 60, i // 60),
        )
        for i in range(250)
    ]
    inbox.import_data(ImportData(invitations=invitations))
    query = Query()
    assert inbox.count(query) == 250
    rows = inbox.page(query, 240, 100)
    assert len(rows) == 10
    assert inbox.index_of(query, rows[-1].id) == 249
    assert inbox.count(Query(text="PERSON 249")) == 1  # every word, any case
    assert inbox.count(Query(text="person 24")) == 13  # 024, 124, 224, 240…249


def test_store_files_are_private(inbox: Inbox, sample_export: Path) -> None:
    inbox.import_paths([sample_export])
    folder = inbox.store_path.parent
    assert folder.stat().st_mode & 0o777 == 0o700
    for name in os.listdir(folder):
        assert (folder / name).stat().st_mode & 0o077 == 0, name


def test_store_is_wal_and_versioned(inbox: Inbox) -> None:
    db = sqlite3.connect(inbox.store_path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA user_version").fetchone()[0] >= 1


def test_a_bad_file_changes_nothing(inbox: Inbox, tmp_path: Path, sample_export: Path) -> None:
    bad = tmp_path / "broken.zip"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(Exception) as caught:
        inbox.import_paths([sample_export, bad])
    assert "broken.zip" in str(caught.value)
    assert inbox.count(Query(status="all")) == 0


def test_own_json_round_trip(inbox: Inbox, tmp_path: Path, sample_export: Path) -> None:
    inbox.import_paths([sample_export])
    first = next(inbox.requests("pending"))
    inbox.decide([first.id], "decline")
    dump = tmp_path / "export.json"
    dump.write_text(json.dumps([inbox.as_json(r) for r in inbox.requests("all")]))
    os.environ["LINKINBOX_DATA_DIR"] = str(tmp_path / "other")
    with Inbox() as other:
        other.import_data(read_path(dump))
        again = {r.name: (r.status, r.reply) for r in other.requests("all")}
        before = {r.name: (r.status, r.reply) for r in inbox.requests("all")}
        assert again == before


def test_store_refuses_a_newer_schema(tmp_path: Path) -> None:
    path = tmp_path / "inbox.sqlite3"
    Store(path).close()
    db = sqlite3.connect(path)
    db.execute("PRAGMA user_version = 99")
    db.close()
    with pytest.raises(Exception, match="newer linkinbox"):
        Store(path)


def test_export_without_urls_and_mail_with_url_are_one_request(inbox: Inbox) -> None:
    """An old export knows only names; an e-mail brings the profile URL: one person, one request."""
    old = ImportData(invitations=[Invitation(name="Wei Zhang", sent_at=datetime(2026, 5, 1, 9))])
    inbox.import_data(old)
    mail = ImportData(
        invitations=[
            Invitation(
                name="Wei Zhang",
                profile_url="https://www.linkedin.com/in/wei-zhang-1",
                headline="Data Engineer",
                location="Shanghai",
                mutual_connections=4,
                sent_at=datetime(2026, 5, 1, 9),
                source="email",
            )
        ]
    )
    inbox.import_data(mail)
    (wei,) = list(inbox.requests("all"))
    assert wei.headline == "Data Engineer" and wei.mutual_connections == 4
    assert wei.key == "wei-zhang-1"
    inbox.import_data(old)  # the old export again still adds nothing
    assert inbox.count(Query(status="all")) == 1


def test_mail_without_url_joins_the_export_request(inbox: Inbox) -> None:
    export = ImportData(
        invitations=[
            Invitation(
                name="Marta Kowalska",
                profile_url="https://www.linkedin.com/in/marta-k",
                sent_at=datetime(2026, 5, 1, 9),
            )
        ]
    )
    inbox.import_data(export)
    mail = ImportData(
        invitations=[
            Invitation(
                name="Marta Kowalska",
                headline="Backend Developer",
                mutual_connections=12,
                sent_at=datetime(2026, 5, 1, 9),
                source="email",
            )
        ]
    )
    inbox.import_data(mail)
    (marta,) = list(inbox.requests("all"))
    assert marta.headline == "Backend Developer" and marta.mutual_connections == 12


def test_a_purged_decision_does_not_come_back_with_the_next_export(
    inbox: Inbox, sample_export: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inbox.import_paths([sample_export])
    first = next(inbox.requests("pending"))
    inbox.decide([first.id], "decline")
    monkeypatch.setenv("LINKINBOX_NOW", "2027-01-01T00:00:00")
    assert inbox.purge(30) == 1
    summary = inbox.import_paths([sample_export])
    assert summary.added == 0
    assert first.name not in [r.name for r in inbox.requests("all")]


@pytest.mark.parametrize("order", ["date", "mutual", "suggestion", "name"])
def test_windows_read_backwards_match_windows_read_forwards(inbox: Inbox, order: str) -> None:
    invitations = [
        Invitation(
            name=f"P {i % 7} {i:03}",
            profile_url=f"https://www.linkedin.com/in/q{i}",
            sent_at=None if i % 11 == 0 else datetime(2026, 1, 1 + i % 5, 9),
            mutual_connections=None if i % 3 == 0 else i % 4,
        )
        for i in range(120)
    ]
    inbox.import_data(ImportData(invitations=invitations))
    query = Query(order=order)
    everything = inbox.page(query, 0, 1000)
    assert len(everything) == 120
    for offset in (61, 100, 115):
        assert inbox.page(query, offset, 10, total=120) == everything[offset : offset + 10]


def test_the_pending_count_follows_changes_from_any_connection(
    inbox: Inbox, tmp_path: Path
) -> None:
    """The count is cached between changes, never past one: a decision here, an import by
    another process (another connection) both show at once."""
    inbox.import_paths([write_export(tmp_path / "export")])
    assert inbox.pending_count() == 1
    soren = next(inbox.requests("pending"))
    inbox.decide([soren.id], "follow")
    assert inbox.pending_count() == 0
    inbox.undo()
    assert inbox.pending_count() == 1
    other = Store(inbox.store_path)
    other.import_data(
        ImportData(
            invitations=[Invitation(name="Mei Lin", profile_url="https://www.linkedin.com/in/mei")]
        )
    )
    other.close()
    assert inbox.pending_count() == 2


def test_the_cached_pending_count_is_always_the_true_count(inbox: Inbox) -> None:
    """Decisions, batches, withdrawals and undos keep the count without recounting; after each
    step it equals a fresh COUNT(*)."""
    import random

    people = [
        Invitation(name=f"Person {i}", profile_url=f"https://www.linkedin.com/in/p{i}")
        for i in range(30)
    ] + [
        Invitation(
            name=f"Sent {i}", direction="outgoing", profile_url=f"https://www.linkedin.com/in/s{i}"
        )
        for i in range(5)
    ]
    inbox.import_data(ImportData(invitations=people), screen=False)
    store = inbox.store
    rng = random.Random(7)
    fresh = Store(store.path, readonly=True)
    for _step in range(60):
        pending = [r.id for r in store.requests("pending")]
        sent = [r.id for r in store.requests("sent")]
        action = rng.choice(["one", "batch", "withdraw", "undo", "undo"])
        if action == "one" and pending:
            inbox.decide([rng.choice(pending)], rng.choice(["follow", "connect", "decline"]))
        elif action == "batch" and pending:
            inbox.decide(rng.sample(pending, min(3, len(pending))), "decline")
        elif action == "withdraw" and sent:
            store.set_status([rng.choice(sent)], Status.WITHDRAWN, Status.SENT)
        elif action == "undo":
            inbox.undo()
        assert store.pending_count() == fresh.count(Query("pending", text=" "))
        assert store.pending_count() == len([r for r in store.requests("pending")])
    fresh.close()


def test_screening_saves_in_batches_so_a_decision_never_waits_for_all_of_it(
    inbox: Inbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Between two batches the store is free: the TUI's decision (another connection) goes
    through at once, and the rest is still screened."""
    import linkinbox.inbox_screening as inbox_module

    monkeypatch.setattr(inbox_module, "SCREENING_BATCH", 5)
    people = [
        Invitation(name=f"Person {i}", profile_url=f"https://www.linkedin.com/in/q{i}")
        for i in range(20)
    ]
    inbox.import_data(ImportData(invitations=people), screen=False)
    other = Store(inbox.store_path)
    other.db.execute("PRAGMA busy_timeout = 0")  # waiting for a lock would fail at once
    decided: list[int] = []

    def between_batches(_done: int, _total: int, _what: str) -> None:
        if not decided:
            victim = next(other.requests("pending"))
            decided.extend(other.decide([victim.id], "decline"))

    assert inbox.screen_all(between_batches) >= 19
    other.close()
    assert len(decided) == 1
    assert inbox.pending_count() == 19
    assert all(inbox.screening(r.id)[2] for r in inbox.requests("pending"))


def test_screening_offers_to_pause_before_every_request(
    inbox: Inbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The TUI's background screening waits there while keys are coming: a key waits for
    one request's screening at most, not a hundred's, nor for the reads screening starts with
    (every note, every company: the first key after a fresh import of 100,000 waited seconds)."""
    people = [
        Invitation(name=f"Person {i}", profile_url=f"https://www.linkedin.com/in/r{i}")
        for i in range(250)
    ]
    inbox.import_data(ImportData(invitations=people), screen=False)
    import linkinbox.inbox_screening as inbox_module

    events: list[str] = []
    save = inbox.store.save_screening

    def saving(rows: list[tuple[int, int | None, str | None, str, str | None, str]]) -> None:
        events.append("save")
        save(rows)

    def reading(name: str) -> Callable[[], object]:
        read = getattr(inbox.store, name)

        def recorded() -> object:
            events.append("read")
            return read()

        return recorded

    monkeypatch.setattr(inbox_module, "SCREENING_BATCH", 100)
    monkeypatch.setattr(inbox.store, "save_screening", saving)
    for name in ("screening_inputs", "invitation_companies"):
        monkeypatch.setattr(inbox.store, name, reading(name))
    assert inbox.screen_all(pause=lambda: events.append("pause")) == 250
    # before every request, before each save (a decision would wait for its write) and
    # before each of the reads it starts with
    assert events.count("save") == 3
    assert events.count("read") == 2
    assert all(events[i - 1] == "pause" for i, e in enumerate(events) if e in ("save", "read"))
    assert events.count("pause") >= 250 + 3 + 2


def _odd_invitations(folder: Path, count: int) -> Path:
    """An Invitations.csv of `count` senders in every URL spelling (plain, upper case, %-encoded,
    raw Unicode, with `?trk=`, none), some twice, some outgoing, some with a note."""
    rows = ["From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl"]
    me = "https://www.linkedin.com/in/dana"
    spellings = (
        "https://www.linkedin.com/in/p{i}",
        "https://www.linkedin.com/in/P-Upper-{i}/",
        "https://www.linkedin.com/in/s%C3%B8ren-{i}",
        "https://www.linkedin.com/in/søren-{i}?trk=x",
        "linkedin.com/in/bare-{i}",
        "",
    )
    for i in range(count):
        url = spellings[i % len(spellings)].format(i=i)
        when = f"{i % 12 + 1}/{i % 28 + 1}/26, {i % 12 + 1}:{i % 60:02d} {'AP'[i % 2]}M"
        note = f'"Hi, {i}!"' if i % 3 == 0 else ""
        rows.append(f'Person {i} Example,Dana Whitfield,"{when}",{note},INCOMING,{url},{me}')
        if i % 7 == 0:  # the same sender again, earlier, with a note
            rows.append(
                f'Person {i} Example,Dana Whitfield,"1/1/25, 9:00 AM",Again,INCOMING,{url},{me}'
            )
        if i % 11 == 0:
            rows.append(f'Dana Whitfield,Invitee {i},"2/2/26, 10:00 AM",,OUTGOING,{me},{url}')
    path = folder / "Invitations.csv"
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def _tables(path: Path) -> dict[str, list[tuple[object, ...]]]:
    with sqlite3.connect(path) as db:
        return {
            table: sorted(db.execute(f"SELECT * FROM {table}"), key=repr)
            for table in ("requests", "invitations", "connections", "meta")
        }


def test_a_large_import_stores_exactly_what_one_by_one_inserts_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sample_export: Path
) -> None:
    """Large imports insert through a temporary table, leave out columns holding their defaults
    and take the slug the reader worked out: the store ends up the same, row for row."""
    from linkinbox import merge_invitations
    from linkinbox.importers import linkedin_export

    own = Path(__file__).parent / "fixtures" / "own"
    invitations = _odd_invitations(tmp_path / "odd", 240)
    imports = ([own / "export.json", invitations], [sample_export], [own / "export.csv"])

    def run(name: str) -> dict[str, list[tuple[object, ...]]]:
        store = tmp_path / name / "inbox.sqlite3"
        with Inbox(store, tmp_path / "none.toml", tmp_path / "none2.toml") as inbox:
            sentences = [inbox.import_paths(paths).sentence() for paths in imports]
        assert sentences[0].startswith("243 added")  # 240 + export.json's 3 pending
        return {"summaries": [tuple(sentences)], **_tables(store)}

    def one_by_one(db: sqlite3.Connection, rows: list[tuple[object, ...]]) -> None:
        for row in rows:  # the columns left out take the table's own defaults
            columns = ", ".join(merge_invitations._INSERT_COLUMNS[: len(row)])
            marks = ", ".join("?" * len(row))
            db.execute(f"INSERT INTO requests ({columns}) VALUES ({marks})", row)

    # One by one: every insert its own statement, every slug worked out again by the merge.
    monkeypatch.setattr(merge_invitations, "_insert", one_by_one)
    monkeypatch.setattr(linkedin_export, "_slugs", lambda url: (slug_from_url(url), ""))
    expected = run("one-by-one")
    monkeypatch.undo()
    monkeypatch.setattr(merge_invitations, "_BULK_INSERT", 2)  # every import in bulk
    bulk = run("bulk")
    assert len(bulk["requests"]) > 260
    for table, rows in expected.items():
        assert bulk[table] == rows, table
