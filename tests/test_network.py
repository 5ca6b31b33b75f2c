"""The network the user already has (#18): connections are people with status `connected`, least
known first, decided (keep / follow instead / remove) into to-dos, reconciled with a newer export.

The fixtures are two exports of the same invented user a month apart, in LinkedIn's real format
(`tests/fixtures/network-export/`): Connections.csv with its `Notes:` preamble, empty e-mails, a
hidden profile carrying only a date and no final newline; Positions.csv with dates; messages,
an endorsement, and an invitation with a sales note from someone who is now a connection.

June: Mateo (messaged both ways), Priya (worked at Contoso when they connected, by Positions.csv's
dates), Inês (endorsed the user), Rob (nothing at all, an SDR pitch as position, since 2016), Sam
(nothing at all, since 2017), Kim (connected after a sales note), Lena (wrote twice, never answered),
a hidden profile; Jon Park's invitation is pending. July: Rob, Sam, Kim and Lena are gone; Sam is
followed.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from linkinbox.cli import main
from linkinbox.importers.dates import parse_month
from linkinbox.inbox import Inbox
from linkinbox.store import Query

FIXTURES = Path(__file__).parent / "fixtures" / "network-export"
JUNE = FIXTURES / "Basic_LinkedInDataExport_06-01-2026"
JULY = FIXTURES / "Basic_LinkedInDataExport_07-01-2026"

LEAST_KNOWN_FIRST = [
    "Rob Seller",  # -4, connected 2016
    "Lena Vogt",  # -4, 2022
    "Kim Pitch",  # -4, 2026
    "Sam Nobody",  # -3
    "Priya Raman",  # +3, 2019
    "Inês Duarte",  # +3, 2021
    "Mateo Iglesias",  # +4
]


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> Any:
    capsys.readouterr()
    assert main(list(argv)) == 0
    return json.loads(capsys.readouterr().out)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    capsys.readouterr()
    assert main(list(argv)) == 0
    return capsys.readouterr().out


@pytest.fixture
def june(capsys: pytest.CaptureFixture[str]) -> dict[str, dict[str, Any]]:
    """The June export imported; `audit --json` by name."""
    assert main(["import", str(JUNE)]) == 0
    return {r["name"]: r for r in run_json(capsys, "audit", "--json")}


def test_every_connection_is_a_person_to_review_least_known_first(
    june: dict[str, dict[str, Any]], capsys: pytest.CaptureFixture[str]
) -> None:
    audit = run_json(capsys, "audit", "--json")
    assert [r["name"] for r in audit] == LEAST_KNOWN_FIRST  # the hidden profile is not there
    priya = june["Priya Raman"]
    assert priya["status"] == "connected"
    assert priya["company"] == "Contoso, Ltd." and priya["position"] == "Engineering Manager"
    assert priya["connected_on"] == "2019-11-14"
    assert priya["profile_url"] == "https://www.linkedin.com/in/priya-raman-5c"
    assert priya["history"] == [{"date": "2019-11-14", "what": "Became a connection."}]
    # the same fields as `list --json`
    listed = run_json(capsys, "list", "--status", "connected", "--json")
    assert {r["name"] for r in listed} == set(LEAST_KNOWN_FIRST)
    assert set(listed[0]) == set(audit[0])
    assert {"stranger", "reasons", "suggested"} <= set(audit[0])


def test_the_reasons_say_how_well_the_user_knows_each_connection(
    june: dict[str, dict[str, Any]],
) -> None:
    def verdict(name: str) -> tuple[bool | None, str | None]:
        return june[name]["stranger"], june[name]["suggested"]

    assert "You exchanged 2 messages (last 10 Mar 2026)." in june["Mateo Iglesias"]["reasons"]
    assert june["Priya Raman"]["reasons"] == [
        "you both worked at Contoso, Ltd. when you connected (2019)"
    ]
    assert "Endorsed you for Python (2025)." in june["Inês Duarte"]["reasons"]
    for name in ("Mateo Iglesias", "Priya Raman", "Inês Duarte"):
        assert verdict(name) == (False, "connect"), name  # known: keep
    assert june["Kim Pitch"]["reasons"][0] == (
        'connected after a sales note (2026): "I help founders book a demo"'
    )
    assert june["Kim Pitch"]["history"] == [
        {"date": "2026-05-21", "what": "Became a connection."},
        {"date": "2026-05-20T10:15:00", "what": "Invited you."},
    ]
    assert june["Kim Pitch"]["message"].startswith("Hi Dana, I help founders")
    assert "Wrote to you twice; you never replied." in june["Lena Vogt"]["reasons"]
    assert june["Sam Nobody"]["reasons"] == [
        "no messages, endorsements or shared employer",
        "connected in 2017, nothing since",
    ]
    assert "position: SDR" in june["Rob Seller"]["reasons"]
    for name in ("Rob Seller", "Sam Nobody", "Kim Pitch", "Lena Vogt"):
        assert verdict(name) == (True, "decline"), name  # strangers: remove


@pytest.mark.usefixtures("june")
def test_connections_never_count_as_pending(capsys: pytest.CaptureFixture[str]) -> None:
    with Inbox() as inbox:
        assert inbox.pending_count() == 1
        assert [r.name for r in inbox.requests("pending")] == ["Jon Park"]
        assert inbox.connections_left() == 7
        assert inbox.stats()["pending"] == 1
    assert [r["name"] for r in run_json(capsys, "list", "--json")] == ["Jon Park"]
    assert "Jon Park" in run(capsys, "list") and "Mateo" not in run(capsys, "list")


@pytest.mark.usefixtures("june")
def test_the_least_known_order_pages_like_the_inbox() -> None:
    with Inbox() as inbox:
        query = Inbox.AUDIT
        assert inbox.count(query) == 7
        first = inbox.page(query, 0, 3)
        assert [r.name for r in first] == LEAST_KNOWN_FIRST[:3]
        assert all(r.is_connection and r.status == "connected" for r in first)
        after = inbox.page_after(query, first[-1], 10)
        assert [r.name for r in after] == LEAST_KNOWN_FIRST[3:]
        assert [r.name for r in inbox.page_before(query, after[0], 2)] == LEAST_KNOWN_FIRST[1:3]
        assert inbox.index_of(query, after[0].id) == 3
        assert [r.name for r in inbox.page(query, 4, 3, total=7)] == LEAST_KNOWN_FIRST[4:]
        filtered = Query(status="connected", text="contoso", order="known")
        assert [r.name for r in inbox.page(filtered, 0, 10)] == ["Priya Raman"]
        marked = [r.id for r in first[:2]]
        inbox.set_marked(marked, True)
        assert sorted(inbox.marked_ids(query)) == sorted(marked)


def test_decisions_on_connections_are_keep_follow_instead_and_remove(
    june: dict[str, dict[str, Any]], capsys: pytest.CaptureFixture[str]
) -> None:
    rob, sam, mateo = (str(june[n]["id"]) for n in ("Rob Seller", "Sam Nobody", "Mateo Iglesias"))
    out = run(capsys, "decide", rob, "remove")
    assert "Rob Seller → remove (to do on LinkedIn: Remove connection (profile))." in out
    assert "6 connections to review" in out
    out = run(capsys, "decide", sam, "follow")
    assert "Sam Nobody → follow instead (to do on LinkedIn: Remove connection, then Follow" in out
    assert "→ keep." in run(capsys, "decide", mateo, "keep")
    todo = {r["name"]: (r["status"], r["action"]) for r in run_json(capsys, "todo", "--json")}
    assert todo == {
        "Rob Seller": ("decline", "Remove connection (profile)"),
        "Sam Nobody": ("follow", "Remove connection, then Follow (profile)"),
    }  # keeping a connection leaves nothing to do on LinkedIn
    assert "follow instead" in run(capsys, "todo")
    left = [r["name"] for r in run_json(capsys, "audit", "--json")]
    assert left == [
        n for n in LEAST_KNOWN_FIRST if n not in ("Rob Seller", "Sam Nobody", "Mateo Iglesias")
    ]
    with Inbox() as inbox:
        kept = inbox.find(mateo)
        assert (kept.status, kept.on_linkedin) == ("connect", "done")
        decided = [r.name for r in inbox.page(Query(status="decided", order="decided"), 0, 10)]
        assert set(decided) == {"Rob Seller", "Sam Nobody", "Mateo Iglesias"}
        assert inbox.pending_count() == 1
    # a decision already taken is refused with a sentence; undo restores the review
    assert main(["decide", rob, "keep"]) == 2
    assert "already reviewed: remove" in capsys.readouterr().err
    assert "Mateo Iglesias → connected" in run(capsys, "undo")
    assert "Mateo Iglesias" in [r["name"] for r in run_json(capsys, "audit", "--json")]
    # keep / follow-instead / remove only name decisions on connections
    jon = str(run_json(capsys, "list", "--json")[0]["id"])
    assert main(["decide", jon, "remove"]) == 2
    assert "not a connection" in capsys.readouterr().err


def test_the_same_decisions_through_the_inbox_and_changed_in_the_decided_view(
    june: dict[str, dict[str, Any]],
) -> None:
    with Inbox() as inbox:
        kim = june["Kim Pitch"]["id"]
        lena = june["Lena Vogt"]["id"]
        assert sorted(inbox.decide([kim, lena], "decline")) == sorted([kim, lena])
        assert inbox.connections_left() == 5
        assert {r.name: a.words for r, a in inbox.todos()} == {
            "Kim Pitch": "Remove connection (profile)",
            "Lena Vogt": "Remove connection (profile)",
        }
        inbox.redecide([kim], "connect")  # changed mind: keep
        assert inbox.get(kim).on_linkedin == "done"  # type: ignore[union-attr]
        assert [r.name for r, _ in inbox.todos()] == ["Lena Vogt"]
        inbox.undo()
        inbox.undo()
        assert inbox.connections_left() == 7
        assert inbox.todo_count() == 0


def test_a_newer_export_proves_removals_done_and_marks_the_rest_gone(
    june: dict[str, dict[str, Any]], capsys: pytest.CaptureFixture[str]
) -> None:
    who = {name: str(row["id"]) for name, row in june.items()}
    run(capsys, "decide", who["Rob Seller"], "remove")
    run(capsys, "decide", who["Sam Nobody"], who["Kim Pitch"], "follow-instead")
    run(capsys, "decide", who["Mateo Iglesias"], "keep")
    out = run(capsys, "import", str(JULY))
    assert "1 connection gone from Connections.csv" in out
    assert "2 done, 1 still to do" in out
    todo = {r["name"]: r["action"] for r in run_json(capsys, "todo", "--json")}
    # Kim is no longer a connection but not followed either: only Follow is left
    assert todo == {"Kim Pitch": "Follow (profile)"}
    with Inbox() as inbox:
        rob, sam = inbox.find(who["Rob Seller"]), inbox.find(who["Sam Nobody"])
        assert (rob.status, rob.on_linkedin) == ("decline", "done")
        assert (sam.status, sam.on_linkedin) == ("follow", "done")
        assert inbox.find(who["Mateo Iglesias"]).status == "connect"
        lena = inbox.find(who["Lena Vogt"])
        assert lena.status == "gone"  # removed on LinkedIn without a decision here
        assert inbox.history(lena)[0].what == "Stopped being a connection (export of 1 Jul 2026)."
        assert inbox.history(lena)[0].date == "2026-07-01T00:00:00"
        assert inbox.connections_left() == 2  # Priya and Inês
    gone = run_json(capsys, "list", "--status", "gone", "--json")
    assert [r["name"] for r in gone] == ["Lena Vogt"]
    # undoing a decision on someone who is no longer a connection: gone, not back to review
    assert "Mateo Iglesias → connected" in run(capsys, "undo")  # still a connection: to review
    assert "Sam Nobody → gone" in run(capsys, "undo")
    with Inbox() as inbox:
        assert inbox.connections_left() == 3  # Mateo is back to review, Sam and Kim are gone
    # the same export again changes nothing
    assert "gone" not in run(capsys, "import", str(JULY)).split("\n")[0]


def test_stats_show_the_networks_composition(
    june: dict[str, dict[str, Any]], capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "decide", str(june["Rob Seller"]["id"]), "remove")
    run(capsys, "decide", str(june["Mateo Iglesias"]["id"]), "keep")
    network = run_json(capsys, "stats", "--json")["network"]
    assert network["connections"] == 7
    assert (network["known"], network["cant_tell"], network["strangers"]) == (3, 0, 4)
    assert (network["reviewed"], network["keep"], network["remove"], network["left"]) == (
        2,
        1,
        1,
        5,
    )
    years = {y["year"]: y for y in network["by_year"]}
    assert sorted(years) == ["2016", "2017", "2019", "2021", "2022", "2024", "2026"]
    assert years["2019"]["known"] == 1 and years["2016"]["strangers"] == 1
    assert years["2016"]["reviewed"] == 1
    text = run(capsys, "stats")
    assert "network: 7 connections   known 3 (43%)   can't tell 0 (0%)   strangers 4 (57%)" in text
    assert "reviewed 2 (keep 1, follow instead 0, remove 1)   left to review 5" in text
    # the request counts are the requests' own
    assert run_json(capsys, "stats", "--json")["connect"] == 0


def test_without_messages_nobody_can_be_told_apart(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Only Connections.csv: nothing is known either way, so every connection is "can't tell"."""
    (tmp_path / "Connections.csv").write_bytes((JUNE / "Connections.csv").read_bytes())
    assert main(["import", str(tmp_path / "Connections.csv")]) == 0
    audit = run_json(capsys, "audit", "--json")
    assert len(audit) == 7
    sam = next(r for r in audit if r["name"] == "Sam Nobody")
    assert sam["stranger"] is None
    assert sam["reasons"][0] == "no messages imported: nothing known either way"
    assert run_json(capsys, "stats", "--json")["network"]["cant_tell"] >= 5


def test_positions_dates_are_read_as_months() -> None:
    assert parse_month("Mar 2019") == date(2019, 3, 1)
    assert parse_month("2019") == date(2019, 1, 1)
    assert parse_month("") is None
    assert parse_month("Smarch 2019") is None


def test_a_store_from_before_keeps_its_connections_as_people_to_review(tmp_path: Path) -> None:
    """Schema 9 had connections only as a matching table: upgraded, they are people to review."""
    import sqlite3

    from linkinbox.migrations import MIGRATIONS
    from linkinbox.store import Store

    path = tmp_path / "old.db"
    db = sqlite3.connect(path)
    for version in range(1, 10):
        db.executescript(MIGRATIONS[version])
    db.execute(
        "INSERT INTO connections (key, name_key, name, profile_url, company, position, "
        "connected_on, former) VALUES "
        "('sam-nobody-1', 'sam nobody', 'Sam Nobody', 'https://www.linkedin.com/in/sam-nobody-1', "
        "'Initech', 'Engineer', '2017-03-03', 0), "
        "('gone-one', 'gone one', 'Gone One', '', '', '', '2015-01-01', 1)"
    )
    db.execute("PRAGMA user_version = 9")
    db.commit()
    db.close()
    with Store(path) as store:
        people = list(store.requests("connected"))
        assert [(r.name, r.company, r.headline, r.direction) for r in people] == [
            ("Sam Nobody", "Initech", "Engineer", "connection")
        ]
        assert people[0].sent_at is not None and people[0].sent_at.year == 2017
        assert store.meta("unscreened") == "1"  # their reasons come at the next screening
        assert store.pending_count() == 0


def test_connections_without_urls_from_before_2023_are_people_too(
    capsys: pytest.CaptureFixture[str],
) -> None:
    old = Path(__file__).parent / "fixtures" / "export" / "connections_2022_no_url.csv"
    assert main(["import", str(old)]) == 0
    audit = {r["name"]: r for r in run_json(capsys, "audit", "--json")}
    assert sorted(audit) == ["Alan Turing", "Grace Hopper"]  # hidden profiles left out
    assert audit["Grace Hopper"]["connected_on"] == "2024-05-29"
    assert audit["Alan Turing"]["company"] == "Bletchley Park, Hut 8"
    assert audit["Grace Hopper"]["profile_url"] == ""
    # decided by name, like any request without a URL
    out = run(capsys, "decide", "Grace Hopper", "remove")
    assert "Grace Hopper → remove (to do on LinkedIn: Remove connection (your connections))." in out
    todo = run_json(capsys, "todo", "--json")
    assert todo[0]["url"] == "https://www.linkedin.com/mynetwork/invite-connect/connections/"


@pytest.mark.usefixtures("june")
def test_connections_are_not_requests_in_list_all_and_export(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert [r["name"] for r in run_json(capsys, "list", "--status", "all", "--json")] == [
        "Jon Park"
    ]
    exported = run_json(capsys, "export", "--format", "json")
    assert [r["name"] for r in exported] == ["Jon Park"]


def test_a_newer_connections_csv_alone_proves_a_removal(
    june: dict[str, dict[str, Any]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "decide", str(june["Rob Seller"]["id"]), "remove")
    alone = tmp_path / "Connections.csv"
    alone.write_bytes((JULY / "Connections.csv").read_bytes())
    out = run(capsys, "import", str(alone))
    assert "1 done on LinkedIn (gone from Connections.csv)." in out
    assert run_json(capsys, "todo", "--json") == []


@pytest.mark.usefixtures("june")
def test_connections_csv_alone_removes_nobody_undecided(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A Connections.csv imported without Invitations.csv may be an old or partial copy: the
    connections missing from it stay connections (to review), and the import says so."""
    alone = tmp_path / "Connections.csv"
    alone.write_bytes((JULY / "Connections.csv").read_bytes())
    out = run(capsys, "import", str(alone))
    assert "4 connections not in this Connections.csv kept" in out
    assert "gone from Connections.csv" not in out
    audit = {r["name"]: r for r in run_json(capsys, "audit", "--json")}
    assert {"Rob Seller", "Sam Nobody", "Kim Pitch", "Lena Vogt"} <= set(audit)
    assert run_json(capsys, "list", "--status", "gone", "--json") == []
    # The whole export does say who is gone.
    out = run(capsys, "import", str(JULY))
    assert "gone from Connections.csv" in out
    names = {r["name"] for r in run_json(capsys, "audit", "--json")}
    assert not {"Rob Seller", "Sam Nobody", "Kim Pitch", "Lena Vogt"} & names


@pytest.mark.usefixtures("june")
def test_audit_reads_as_a_list_of_people_with_their_reasons(
    capsys: pytest.CaptureFixture[str],
) -> None:
    capsys.readouterr()
    assert main(["audit"]) == 0
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert "Rob Seller" in lines[0] and "! 2016-01-08" in lines[0]
    assert lines[1].strip().startswith("remove: no messages, endorsements or shared employer")
    assert "Mateo Iglesias" in lines[-2]
    assert lines[-1].strip() == "keep: You exchanged 2 messages (last 10 Mar 2026)"
    assert "7 connections to review, least known first" in err


def test_show_and_reply_speak_of_a_connection_as_one(
    june: dict[str, dict[str, Any]], capsys: pytest.CaptureFixture[str]
) -> None:
    """`show` on a connection says when they connected and what to do (keep …), never a
    reply as if they had invited the user; `reply` says a connection needs none."""
    mateo = str(june["Mateo Iglesias"]["id"])
    shown = run(capsys, "show", mateo)
    assert "(id " + mateo + ", connection, not reviewed)" in shown
    assert "connected " in shown and "invited you" not in shown
    assert "Suggestion: keep" in shown
    assert "Reply: none: this is an existing connection" in shown
    assert "Hi Mateo" not in shown  # no rendered reply
    assert main(["reply", mateo]) == 2
    assert "existing connection" in capsys.readouterr().err
    run(capsys, "decide", mateo, "keep")
    assert "reviewed: keep," in run(capsys, "show", mateo)
