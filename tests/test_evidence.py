"""Evidence from the whole export: messages, endorsements and recommendations, kept as counts and
dates (never text), turned into reasons, a history, and rule conditions."""

from __future__ import annotations

import csv
import json
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest

from linkinbox import paths
from linkinbox.cli import main
from linkinbox.evidence import MESSAGES, Evidence
from linkinbox.importers import linkedin_export, safezip
from linkinbox.importers.evidence_export import resolve_messages
from linkinbox.inbox import Inbox

EXPORT = Path(__file__).parent / "fixtures" / "evidence-export"
ME = "https://www.linkedin.com/in/dana-whitfield-7b21a9"

HEADER_2022 = (
    "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,DATE,SUBJECT,CONTENT,FOLDER"
)
HEADER_2018 = "From,To,Date,Subject,Content,Direction,Folder"


def listed(capsys: pytest.CaptureFixture[str]) -> dict[str, dict[str, Any]]:
    capsys.readouterr()
    assert main(["list", "--json"]) == 0
    return {r["name"]: r for r in json.loads(capsys.readouterr().out)}


@pytest.fixture
def imported(capsys: pytest.CaptureFixture[str]) -> dict[str, dict[str, Any]]:
    assert main(["import", str(EXPORT)]) == 0
    out = capsys.readouterr().out
    assert "messages, endorsements or recommendations of 6 people" in out
    return listed(capsys)


def message_rows(path: Path) -> list[Evidence]:
    data = linkedin_export.read_export(path)
    assert data.problems == []
    return [e for e in resolve_messages(data, "", "") if e.kind == MESSAGES]


# -- what a user sees ----------------------------------------------------------------------------


def test_someone_you_exchanged_messages_with_says_so_and_looks_known(
    imported: dict[str, dict[str, Any]],
) -> None:
    mateo = imported["Mateo Iglesias"]
    assert mateo["reasons"][0] == "You exchanged 4 messages (last 10 Jun 2026)."
    assert mateo["stranger"] is False
    assert mateo["suggested"] == "connect"


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("Inês Duarte", "Endorsed you for Data Engineering and Python (2025)."),
        ("Tomasz Wójcik", "You endorsed them for Kubernetes (2024)."),
        ("Amara Okafor", "Recommended you (2023)."),
        ("Ben Carter", "You recommended them (2022)."),
    ],
)
def test_endorsements_and_recommendations_each_way_are_strong_reasons_for(
    imported: dict[str, dict[str, Any]], name: str, reason: str
) -> None:
    """Inês's endorsement URL has no scheme and a percent-encoded slug; her invitation has the raw
    Unicode one. Amara and Ben are matched by name: recommendations carry no URL."""
    request = imported[name]
    assert request["reasons"][0] == reason
    assert request["stranger"] is False
    assert request["suggested"] == "connect"


def test_a_cold_pitch_that_wrote_three_times_is_not_known(
    imported: dict[str, dict[str, Any]],
) -> None:
    """Three messages, none answered (the user's draft reply, never sent, does not count)."""
    chad = imported["Chad Pipeline"]
    assert "Wrote to you 3 times; you never replied." in chad["reasons"]
    assert not any(r.startswith("You exchanged") for r in chad["reasons"])
    assert chad["stranger"] is True
    assert chad["suggested"] == "decline"


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        (
            "Lena Vogel",
            "Asks to move the conversation to WhatsApp, off LinkedIn: a common scam opening.",
        ),
        ("Jessica Lin", "Offers crypto or an investment (“crypto”): a common scam."),
        ("Rob Automaton", "Sent by automation that left the placeholder {firstName} unfilled."),
    ],
)
def test_scams_and_automation_are_named_and_suggested_for_decline(
    imported: dict[str, dict[str, Any]], name: str, reason: str
) -> None:
    request = imported[name]
    assert request["reasons"][0] == reason
    assert "personal note" not in request["reasons"]
    assert request["stranger"] is True
    assert request["suggested"] == "decline"


def test_history_lists_every_dated_event_newest_first(
    imported: dict[str, dict[str, Any]],
) -> None:
    assert imported["Chad Pipeline"]["history"] == [
        {"date": "2026-06-09T15:33:00", "what": "Invited you."},
        {"date": "2026-06-01T15:00:00", "what": "Wrote to you 3 times; you never replied."},
        {"date": "2026-03-02T10:00:00", "what": "Invited you."},
    ]
    assert imported["Mateo Iglesias"]["history"] == [
        {"date": "2026-06-12T09:10:00", "what": "Invited you."},
        {
            "date": "2026-06-10T08:00:00",
            "what": "Conversation: 4 messages since 1 May 2026, they wrote first.",
        },
    ]
    assert imported["Inês Duarte"]["history"][1:] == [
        {"date": "2025-06-05T15:48:02", "what": "Endorsed you for Data Engineering."},
        {"date": "2025-06-05T15:47:58", "what": "Endorsed you for Python."},
    ]
    assert imported["Rob Automaton"]["history"] == [
        {"date": "2026-06-07T01:01:00", "what": "Invited you."}
    ]


def test_history_says_when_they_became_a_connection(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A former connection's new invitation: when they connected, and that they no longer are."""
    preamble = "Notes:\n\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    before, after = tmp_path / "before", tmp_path / "after"
    before.mkdir()
    after.mkdir()
    (before / "Connections.csv").write_text(
        preamble + "Mia,Hart,https://www.linkedin.com/in/mia-hart,,,,01 Feb 2021\n"
        "Harriet,Okonjo,https://www.linkedin.com/in/harriet-okonjo-3f88c2,,,,29 May 2026",
        encoding="utf-8",
    )
    (after / "Connections.csv").write_text(
        preamble
        + "Harriet,Okonjo,https://www.linkedin.com/in/harriet-okonjo-3f88c2,,,,29 May 2026",
        encoding="utf-8",
    )
    (after / "Invitations.csv").write_text(
        "From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl\n"
        f'Mia Hart,Dana Whitfield,"6/1/26, 9:00 AM",,INCOMING,https://www.linkedin.com/in/mia-hart,{ME}\n',
        encoding="utf-8",
    )
    assert main(["import", str(before)]) == 0
    assert main(["import", str(after)]) == 0
    # The export has no date in its name: its newest date inside is the day they left.
    assert listed(capsys)["Mia Hart"]["history"] == [
        {"date": "2026-06-01T09:00:00", "what": "Invited you."},
        {
            "date": "2026-06-01T09:00:00",
            "what": "Stopped being a connection (export of 1 Jun 2026).",
        },
        {"date": "2021-02-01", "what": "Became a connection."},
    ]


# -- privacy ---------------------------------------------------------------------------------------


def test_no_message_or_recommendation_text_reaches_the_store(tmp_path: Path) -> None:
    archive = tmp_path / "Complete_LinkedInDataExport_06-14-2026.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        for file in EXPORT.iterdir():
            z.write(file, f"Complete_LinkedInDataExport_06-14-2026/{file.name}")
    assert main(["import", str(archive)]) == 0
    assert main(["import", str(EXPORT)]) == 0
    assert main(["list", "--json"]) == 0
    stored = b"".join(p.read_bytes() for p in paths.data_dir().rglob("*") if p.is_file())
    assert b"SECRET-" not in stored
    for words in (b"pipeline review", b"Loved your talk", b"Scale your outbound", b"Pipelines"):
        assert words not in stored  # contents, a conversation title and a subject
    assert b"Mateo Iglesias" in stored  # the check can fail: the store was read


# -- formats -----------------------------------------------------------------------------------------


def test_messages_before_recipient_urls_2022(tmp_path: Path) -> None:
    """2022: no RECIPIENT PROFILE URLS, so a person written to but silent is known by name."""
    (tmp_path / "messages.csv").write_text(
        f"{HEADER_2022}\n"
        f'c1,,Dana Whitfield,{ME},Sam Ortiz,2022-03-02 10:00:00 UTC,,"hi\nSam",INBOX\n'
        "c1,,Sam Ortiz,https://www.linkedin.com/in/sam-ortiz,Dana Whitfield,"
        "2022-03-01 09:00:00 UTC,,hello,INBOX\n"
        f"c2,,Dana Whitfield,{ME},Kim Lee,2022-04-01 09:00:00 UTC,,ping,SENT\n",
        encoding="utf-8",
    )
    rows = {(r.key, r.received, r.sent, r.first_from) for r in message_rows(tmp_path)}
    assert rows == {("sam-ortiz", 1, 1, "them"), ("name:kim lee", 0, 1, "you")}


def test_messages_of_2018_with_a_direction_column(tmp_path: Path) -> None:
    (tmp_path / "Messages.csv").write_text(
        f"{HEADER_2018}\n"
        '"Ravi Kumar","Dana Whitfield","3/14/18, 10:22 AM","Lunch","See you at noon?",'
        "INCOMING,INBOX\n"
        '"Dana Whitfield","Ravi Kumar","3/14/18, 11:00 AM","Re: Lunch","Yes!",OUTGOING,SENT\n'
        '"Ravi Kumar","Dana Whitfield","3/15/18, 9:00 AM","Re: Lunch","Great",INCOMING,INBOX\n',
        encoding="utf-8",
    )
    (row,) = message_rows(tmp_path)
    assert (row.key, row.received, row.sent, row.first_from) == ("name:ravi kumar", 2, 1, "them")
    assert (row.first_at, row.last_at) == ("2018-03-14T10:22:00", "2018-03-15T09:00:00")


def test_which_sender_is_you_is_worked_out_from_messages_alone(tmp_path: Path) -> None:
    """No Invitations.csv in sight: the user is the one person in every conversation."""
    shutil.copy(EXPORT / "messages.csv", tmp_path / "messages.csv")
    keys = {r.key for r in message_rows(tmp_path)}
    assert keys == {"mateo-iglesias-dev", "chad-pipeline-growth"}


def test_a_single_conversation_without_a_hint_is_reported_not_guessed(tmp_path: Path) -> None:
    (tmp_path / "messages.csv").write_text(
        f"{HEADER_2022}\n"
        "c1,,Ann Bo,https://www.linkedin.com/in/ann-bo,Cy Do,2022-03-01 09:00:00 UTC,,hi,INBOX\n",
        encoding="utf-8",
    )
    data = linkedin_export.read_export(tmp_path)
    assert resolve_messages(data, "", "") == []
    assert data.problems == [
        f"{tmp_path / 'messages.csv'}: 1 conversations were not counted: it cannot tell which "
        "sender is you (import the whole export, or set my_profile_url in config.toml)."
    ]
    assert [
        r.key for r in resolve_messages(linkedin_export.read_export(tmp_path), "", "Cy Do")
    ] == ["ann-bo"]


def test_messages_csv_is_streamed_not_read_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Larger than any file read whole may be, from a folder and from a ZIP."""
    monkeypatch.setattr(safezip, "MAX_FILE_BYTES", 64 * 1024)
    lines = [HEADER_2022]
    for i in range(3000):
        them = (f"Sam Ortiz{i % 7}", f"https://www.linkedin.com/in/sam-ortiz-{i % 7}")
        (name, url), to = (("Dana Whitfield", ME), them[0]) if i % 2 else (them, "Dana Whitfield")
        minute = f"{i % 60:02d}"
        lines.append(
            f'c{i % 7},,{name},{url},{to},2022-03-01 09:{minute}:00 UTC,,"{"text " * 20}",INBOX'
        )
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "messages.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert (folder / "messages.csv").stat().st_size > 4 * 64 * 1024
    rows = message_rows(folder)
    assert {r.key for r in rows} == {f"sam-ortiz-{n}" for n in range(7)}
    assert sum(r.received + r.sent for r in rows) == 3000
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        z.write(folder / "messages.csv", "Export/MESSAGES.CSV")
    assert sum(r.received + r.sent for r in message_rows(archive)) == 3000


def test_importing_again_adds_nothing_and_an_older_export_lowers_no_count(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import", str(EXPORT)]) == 0
    first = listed(capsys)
    older = tmp_path / "older"
    older.mkdir()
    with (EXPORT / "messages.csv").open(encoding="utf-8", newline="") as file:
        records = list(csv.reader(file))
    with (older / "messages.csv").open("w", encoding="utf-8", newline="") as file:
        csv.writer(file).writerows([records[0], *records[3:]])  # Mateo's last two messages
    assert main(["import", str(EXPORT)]) == 0
    assert main(["import", str(older / "messages.csv")]) == 0
    assert listed(capsys) == first


# -- rules --------------------------------------------------------------------------------------------


def test_rules_can_use_messaged_endorsed_and_scam(capsys: pytest.CaptureFixture[str]) -> None:
    config = paths.config_file()
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(
        '[[rules]]\nname = "scams"\nscam = true\nsuggest = "decline"\ntemplate = "decline"\n\n'
        '[[rules]]\nname = "talked"\nmessaged = true\nsuggest = "follow"\n\n'
        '[[rules]]\nname = "vouched"\nendorsed = true\nsuggest = "follow"\n\n'
        '[[rules]]\nname = "silent"\nmessaged = false\nendorsed = false\nno_note = true\n'
        'suggest = "follow"\n',
        encoding="utf-8",
    )
    assert main(["import", str(EXPORT)]) == 0
    rows = listed(capsys)
    assert rows["Lena Vogel"]["reasons"][0] == "rule: scams"
    assert rows["Mateo Iglesias"]["reasons"][0] == "rule: talked"
    assert rows["Amara Okafor"]["reasons"][0] == "rule: vouched"
    assert rows["Inês Duarte"]["reasons"][0] == "rule: vouched"
    assert rows["Chad Pipeline"]["reasons"][0] != "rule: silent"  # it has a note


def test_a_typo_in_an_evidence_condition_is_reported() -> None:
    from linkinbox.rules import parse_rules

    rules, problems = parse_rules([{"name": "x", "scam": "yes", "suggest": "decline"}])
    assert rules == []
    assert problems == ["config.toml: rule 'x': scam: must be true or false"]


def test_the_inbox_screens_with_evidence() -> None:
    with Inbox() as inbox:
        inbox.import_paths([EXPORT])
        inbox.ensure_screened()
        mateo = inbox.store.find("mateo-iglesias-dev")
        stranger, suggested, _reasons = inbox.store.screening(mateo.id)
        assert (stranger, suggested) == (0, "connect")
        assert [e.what for e in inbox.history(mateo)][-1].startswith("Conversation: 4 messages")


# -- the profile pane ---------------------------------------------------------------------------------


def test_the_profile_pane_shows_the_senders_history_as_a_short_timeline() -> None:
    from textual.pilot import Pilot
    from tui_helpers import run, static_text, wait_until

    from linkinbox.tui.app import LinkinboxApp

    inbox = Inbox()
    inbox.import_paths([EXPORT])
    inbox.ensure_screened()

    async def scenario(app: LinkinboxApp, pilot: Pilot[int]) -> None:
        await wait_until(pilot, lambda: "Mateo" in static_text(app, "#profile-name"))
        assert static_text(app, "#profile-history").splitlines() == [
            "History",
            "  12 Jun 2026  Invited you.",
            "  10 Jun 2026  Conversation: 4 messages since 1 May 2026, they wrote first.",
        ]
        assert "You exchanged 4 messages (last 10 Jun 2026)." in static_text(
            app, "#profile-reasons"
        )

    with inbox:
        run(LinkinboxApp(inbox), scenario)
