"""Never leak (#11): no stranger's bytes reach a terminal, no mail eats the machine.

- Profile URLs whose `%XX` (or HTML entities, quoted-printable, JSON escapes) decode to control
  characters are refused row by row, in every importer, with the file and row; nothing with a
  control character is stored, and whatever a store holds is inert again on its way out
  (`reply`, `list`, `export`, the reply preview, the clipboard of `y` and `o`).
- A property test: any text, through any source and any decoding, stores no control character.
- Header bombs and deeply nested MIME are skipped with a reason before the e-mail parser sees
  them, with memory flat (measured in a subprocess, never timed).

The attack inputs are files in tests/fixtures/leaks/ or generated into the test's folder.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import csv
import html
import io
import json
import os
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from cli_helpers import fresh_folders, linkinbox, python
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tui_helpers import SIZE, notifications, screen_text, wait_until

from linkinbox.errors import InputError
from linkinbox.inbox import Inbox
from linkinbox.tui.app import LinkinboxApp
from linkinbox.tui.screens.importer import ImportScreen
from linkinbox.tui.screens.inbox import InboxScreen

REPO = Path(__file__).resolve().parents[1]
LEAKS = REPO / "tests" / "fixtures" / "leaks"
#: What `linkinbox import` exits with when it imported a file but skipped some of its rows.
SKIPPED_ROWS = 1
# C0 controls but newline, DEL, C1 controls, bidi marks/overrides/isolates, zero-width
# characters, BOM, interlinear annotations, tag characters, lone surrogates.
UNSAFE = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064"
    "\u2066-\u2069\ud800-\udfff\ufeff\ufff9-\ufffb\U000e0000-\U000e007f]"
)
ESCAPES = (
    "\x1b]0;pwned\x07",
    "\x1b[31m",
    "\x1b]52;c;Y3VybCBldmlsIHwgc2g=\x07",
    "\x9b2J",
    "\x07",
    "\u202e",
)


def store_path() -> Path:
    return Path(os.environ["LINKINBOX_DATA_DIR"]) / "inbox.sqlite3"


def stored_text() -> Iterator[tuple[str, str, str]]:
    """(table, column, value) of every text value in every table of the store."""
    with contextlib.closing(sqlite3.connect(store_path())) as db:
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        for table in tables:
            cursor = db.execute(f'SELECT * FROM "{table}"')
            columns = [d[0] for d in cursor.description]
            for row in cursor:
                for column, value in zip(columns, row, strict=True):
                    if isinstance(value, str):
                        yield table, column, value


def assert_store_inert() -> None:
    for table, column, value in stored_text():
        # Notes and replies keep their lines; so does the search text made of a note.
        if table == "requests" and column in ("message", "reply", "search"):
            assert not UNSAFE.search(value), (table, column, value)
        else:
            assert not UNSAFE.search(value) and "\n" not in value, (table, column, value)


def assert_inert(text: str, where: str) -> None:
    found = sorted({f"U+{ord(c):04X}" for c in UNSAFE.findall(text)})
    assert not found, f"{where} holds {found}: {text[:300]!r}"


def assert_every_output_inert() -> None:
    """`list`, `list --json`, `export` (CSV and JSON) and `reply` for every request."""
    for args in (
        ("list", "--status", "all"),
        ("list", "--status", "all", "--json"),
        ("export",),
        ("export", "--format", "json"),
        ("todo",),
        ("todo", "--json"),
    ):
        result = linkinbox(*args)
        assert result.returncode == 0, result.stderr
        assert_inert(result.stdout.replace("\n", " "), " ".join(args))
        assert_inert(result.stderr.replace("\n", " "), " ".join(args))
    ids = [item["id"] for item in json.loads(linkinbox("list", "--status", "all", "--json").stdout)]
    for rid in ids:
        for decision in ("follow", "decline"):
            result = linkinbox("reply", str(rid), "--decision", decision)
            # Without the user's profile URL (no export, no config) it says what is missing.
            assert result.returncode == 0 or "my_profile_url" in result.stderr, result.stderr
            assert_inert(result.stderr.replace("\n", " "), f"reply {rid} --decision {decision}")
            assert_inert(result.stdout.replace("\n", " "), f"reply {rid} --decision {decision}")


# --- item 1: escape codes in profile URLs are refused, row by row ---------------------------------

# fixture → (requests added, one problem per refused row: the words that name its place)
REFUSED = {
    "Invitations-escape-in-urls.csv": (2, ["row 3", "row 4", "row 5", "row 6"]),
    "list-escape-in-urls.csv": (1, ["row 3", "row 4"]),
    "list-escape-in-urls.json": (1, ["item 2", "item 3"]),
    "mail-percent-escape-in-link.eml": (0, [""]),
    "mail-quoted-printable-escape-in-link.eml": (0, [""]),
    "mail-html-entity-escape-in-link.eml": (0, [""]),
}


@pytest.mark.parametrize("name", REFUSED)
def test_profile_url_with_escape_codes_is_refused_with_file_and_row(name: str) -> None:
    added, places = REFUSED[name]
    path = LEAKS / name
    result = linkinbox("import", str(path))
    assert "Traceback" not in result.stderr
    assert result.returncode == SKIPPED_ROWS, (result.returncode, result.stderr)
    assert f"{added} added" in result.stdout
    lines = result.stderr.splitlines()
    assert len(lines) == len(places), lines
    for line, place in zip(lines, places, strict=True):
        assert line.startswith(f"linkinbox: skipped: {path}"), line
        assert place in line and "control characters" in line and "skipped" in line, line
        assert_inert(line, "the problem sentence")
    assert_store_inert()
    if added:
        assert_every_output_inert()


def test_good_addresses_with_percent_escapes_still_import() -> None:
    """Only control characters are refused: `%C3%A9` (é) in a slug is a real LinkedIn address."""
    result = linkinbox("import", str(LEAKS / "Invitations-escape-in-urls.csv"))
    listed = json.loads(linkinbox("list", "--json").stdout)
    urls = {item["name"]: item["profile_url"] for item in listed}
    assert urls == {
        "Good Person": "https://www.linkedin.com/in/good-person",
        "Also Good": "https://www.linkedin.com/in/also-goodé",
    }, result.stderr


def test_a_store_holding_escape_codes_writes_none_out() -> None:
    """A store written before this fix (or edited by hand): `reply`, `list`, `export` inert."""
    assert linkinbox("import", str(LEAKS / "list-escape-in-urls.csv")).returncode == SKIPPED_ROWS
    assert linkinbox("import", str(LEAKS / "list-escape-in-urls.json")).returncode == SKIPPED_ROWS
    decided = linkinbox("decide", "https://www.linkedin.com/in/good-json", "follow")
    assert decided.returncode == 0, decided.stderr  # a to-do on LinkedIn: `todo` prints its URL
    poison_store()
    assert "good-json" in linkinbox("todo").stdout
    assert_every_output_inert()


def poison_store() -> None:
    """Put escape codes into every text field of every request and into the user's own URL."""
    with contextlib.closing(sqlite3.connect(store_path())) as db, db:
        evil = "".join(ESCAPES)
        db.execute(
            "UPDATE requests SET name = ? || name, first_name = ? || first_name, "
            "last_name = last_name || ?, headline = ?, location = ?, company = ?, "
            "profile_url = profile_url || ?, message = ?, source = ?",
            (evil, evil, evil, evil, evil, evil, evil, "Hi\n" + evil, evil),
        )
        db.execute(
            "INSERT OR REPLACE INTO meta (key, value) VALUES ('me_url', ?)",
            ("https://www.linkedin.com/in/me" + evil,),
        )
        db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('me_name', ?)", ("Me" + evil,))


def shown(app: LinkinboxApp) -> str:
    """Every character the screen shows, as the terminal gets it (segments, not a summary)."""
    return screen_text(app)


def test_reply_preview_and_clipboard_of_y_and_o_are_inert() -> None:
    assert linkinbox("import", str(LEAKS / "list-escape-in-urls.csv")).returncode == SKIPPED_ROWS
    poison_store()
    copied: list[str] = []

    async def scenario() -> None:
        with Inbox() as inbox:
            app = LinkinboxApp(inbox)
            async with app.run_test(size=SIZE) as pilot:
                await wait_until(pilot, lambda: isinstance(app.screen, InboxScreen))
                screen = app.screen
                assert isinstance(screen, InboxScreen)
                await wait_until(pilot, lambda: screen.current is not None)
                await wait_until(pilot, lambda: "linkedin.com/in/me" in shown(app))
                assert_inert(shown(app), "the screen with the reply preview")
                for key in ("y", "o"):
                    await pilot.press(key)
                    await pilot.pause()
                    copied.append(app.clipboard)

    asyncio.run(scenario())
    reply, profile = copied
    assert "linkedin.com/in/me" in reply and "Hi " in reply
    assert profile.startswith("https://www.linkedin.com/in/good-csv")
    for text in copied:
        assert_inert(text, "the clipboard")


# --- the property: any text, any source, any decoding → nothing unsafe stored ---------------------

PIECES = (
    *ESCAPES,
    "\x00",
    "\x85",
    "\r",
    "\n",
    "\t",
    "\u200b",
    "\u2066",
    "\ufeff",
    "%1b",
    "%07",
    "%c2%9b",
    "%0a",
    "%E2%80%AE",
    "&#27;",
    "&#x9b;",
    "=1B",
    "=?utf-8?q?=1b]0;x=07?=",
    "/",
    "?",
    "#",
    "%",
    '"',
    ",",
    "=",
)
hostile = st.lists(
    st.one_of(st.characters(exclude_categories=()), st.sampled_from(PIECES)), max_size=30
).map("".join)


def csv_bytes(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode("utf-8", "surrogatepass")


INVITATIONS_HEADER = [
    *("From", "To", "Sent At", "Message", "Direction", "inviterProfileUrl", "inviteeProfileUrl")
]
CONNECTIONS_HEADER = [
    *("First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On")
]


def export_files(root: Path, text: str) -> list[Path]:
    """Invitations.csv (both directions, both URL columns) and Connections.csv."""
    url = "https://www.linkedin.com/in/" + text
    quoted = "https://www.linkedin.com/in/p-" + quote(text.encode("utf-8", "surrogatepass"))
    invitations = root / "Invitations.csv"
    invitations.write_bytes(
        csv_bytes(
            [
                INVITATIONS_HEADER,
                [text, "Me" + text, "6/12/26, 8:03 AM", text, "INCOMING", url, quoted],
                ["Me", text, "6/11/26, 8:03 AM", text, "OUTGOING", quoted, url],
                ["In " + text, "Me", "6/10/26, 8:03 AM", text, "INCOMING", quoted, url],
                ["Plain " + text, "Me", text, text, "INCOMING", "", ""],
            ]
        )
    )
    connections = root / "Connections.csv"
    connections.write_bytes(
        b"Notes:\n\n"
        + csv_bytes(
            [
                CONNECTIONS_HEADER,
                [text, text, quoted, text, text, text, "08 Jun 2026"],
                ["C " + text, text, url, text, text, text, text],
            ]
        )
    )
    return [invitations, connections]


def own_files(root: Path, text: str) -> list[Path]:
    quoted = "https://www.linkedin.com/in/o-" + quote(text.encode("utf-8", "surrogatepass"))
    fields = ("headline", "location", "company", "message", "reply", "source", "first_name")
    item = {"name": "J " + text, "profile_url": quoted, "status": "decline"} | dict.fromkeys(
        fields, text
    )
    other = item | {"name": "K " + text, "profile_url": "https://example.com/" + text}
    listed = root / "list.json"
    listed.write_text(json.dumps([item, other], ensure_ascii=True), encoding="utf-8")
    own_csv = root / "list.csv"
    header = ["name", "profile_url", "sent_at", *fields]
    own_csv.write_bytes(
        csv_bytes(
            [
                header,
                ["C " + text, quoted, "2026-06-01T10:00:00", *[text] * len(fields)],
                ["D " + text, "https://example.com/" + text, text, *[text] * len(fields)],
            ]
        )
    )
    return [listed, own_csv]


def mail_files(root: Path, text: str) -> list[Path]:
    """One invitation mail per body encoding: base64 text, quoted-printable text, HTML with
    every character an entity; the name as an encoded word, the link percent-encoded."""
    raw = text.encode("utf-8", "surrogatepass")
    word = "=?utf-8?b?" + base64.b64encode(b"Mia " + raw).decode() + "?="
    link = "https://www.linkedin.com/in/m-" + quote(raw)
    body = f"Hi Dana,\n\nMia {text}\n{text}\n{text}\n\n“{text}”\n\nView profile: {link}\n"
    head = (
        f"From: {word} via LinkedIn <invitations@linkedin.com>\n"
        f"Subject: =?utf-8?b?{base64.b64encode(b'I want to connect ' + raw).decode()}?=\n"
        "To: Dana <dana@example.org>\nDate: Wed, 12 Jun 2024 08:03:17 +0200\nMIME-Version: 1.0\n"
    )
    encoded = body.encode("utf-8", "surrogatepass")
    b64 = base64.encodebytes(encoded).decode()
    qp = "".join(f"={byte:02X}" if byte > 126 or byte < 32 else chr(byte) for byte in encoded)
    qp = "=\n".join(qp[i : i + 60] for i in range(0, len(qp), 60))
    entities = "".join(f"&#{ord(c)};" for c in f"Mia {text}")
    page = (
        f"<html><body><p>{entities}</p><p>{html.escape(text)}</p>"
        f'<p><a href="{html.escape(link)}">View profile</a></p></body></html>'
    )
    mails = {
        "base64.eml": "Content-Type: text/plain; charset=utf-8\n"
        f"Content-Transfer-Encoding: base64\n\n{b64}",
        "qp.eml": "Content-Type: text/plain; charset=utf-8\n"
        f"Content-Transfer-Encoding: quoted-printable\n\n{qp}\n",
        "html.eml": f"Content-Type: text/html; charset=utf-8\n\n{page}\n",
    }
    paths = []
    for name, rest in mails.items():
        path = root / name
        path.write_bytes((head + rest).encode("utf-8", "surrogatepass"))
        paths.append(path)
    return paths


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(text=hostile)
def test_any_text_from_any_source_stores_no_control_character(text: str) -> None:
    with fresh_folders() as root:
        sources = [*export_files(root, text), *own_files(root, text), *mail_files(root, text)]
        with Inbox() as inbox:
            for source in sources:
                try:
                    summary = inbox.import_paths([source])
                except InputError as error:  # refused as a whole (too many controls: binary)
                    assert_inert(str(error), "the refusal")
                    continue
                for problem in summary.problems:
                    assert_inert(problem, "a problem sentence")
            inbox.ensure_screened()
        assert_store_inert()


# --- item 2: header bombs and deep MIME are skipped, memory flat ---------------------------------

MEASURE = """
import resource, sys
import linkinbox.cli, linkinbox.inbox, linkinbox.importers.mail
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
code = linkinbox.cli.main(["import", sys.argv[1]])
grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
print(f"grown_kb={grown}", flush=True)
sys.exit(code)
"""
HEAD = (
    "From: {sender} <invitations@linkedin.com>\r\nTo: Dana <dana@example.org>\r\n"
    "Subject: I want to connect\r\nDate: Wed, 12 Jun 2024 08:03:17 +0200\r\nMIME-Version: 1.0\r\n"
)


def invitation(name: str) -> bytes:
    slug = name.lower().replace(" ", "-")
    return (
        HEAD.format(sender=f"{name} via LinkedIn")
        + "Content-Type: text/plain; charset=utf-8\r\n\r\n"
        + f"Hi Dana,\r\n\r\n{name}\r\nEngineer at Contoso\r\n\r\n"
        + f"View profile: https://www.linkedin.com/in/{slug}\r\n"
    ).encode()


def header_bomb(words: int) -> bytes:
    """A From header of `words` encoded words (16,000 took 4 GB before)."""
    sender = "=?utf-8?q?=41?= " * words
    return (HEAD.format(sender=sender) + "Content-Type: text/plain\r\n\r\nHi\r\n").encode()


def part_header_bomb(words: int) -> bytes:
    """The same inside a MIME part's Content-Type, where only the body parser looks."""
    name = "=?utf-8?q?=41?= " * words
    return (
        HEAD.format(sender="Pat Part via LinkedIn")
        + 'Content-Type: multipart/alternative; boundary="b"\r\n\r\n--b\r\n'
        + f'Content-Type: text/plain; name="{name}"\r\n\r\nPat Part\r\n--b--\r\n'
    ).encode()


def nested_mime(depth: int, kind: str = "multipart") -> bytes:
    """`depth` nested multipart (or message/rfc822) parts: 2,000 overflowed the stack before."""
    if kind == "message":
        inner = "Content-Type: text/plain\r\n\r\nHi\r\n"
        for _ in range(depth):
            inner = "Content-Type: message/rfc822\r\n\r\n" + inner
        return (HEAD.format(sender="Nell Nested via LinkedIn") + inner).encode()
    opening = "".join(
        f'Content-Type: multipart/mixed; boundary="b{i}"\r\n\r\n--b{i}\r\n' for i in range(depth)
    )
    closing = "".join(f"\r\n--b{i}--\r\n" for i in reversed(range(depth)))
    return (
        HEAD.format(sender="Nell Nested via LinkedIn")
        + opening
        + "Content-Type: text/plain\r\n\r\nHi\r\n"
        + closing
    ).encode()


def huge_line(megabytes: int) -> bytes:
    """One message of a single line longer than any invitation (read a piece at a time)."""
    return (
        HEAD.format(sender="Lou Long via LinkedIn").encode()
        + b"\r\n"
        + b"x" * (megabytes * 1024 * 1024)
    )


ATTACKS = {
    "From of 50,000 encoded words": (header_bomb(50_000), "a header is longer"),
    "part header of 20,000 encoded words": (part_header_bomb(20_000), "a header is longer"),
    "2,000 nested multiparts": (nested_mime(2000), "2,000 multipart or attached-message parts"),
    "2,000 nested message/rfc822": (
        nested_mime(2000, "message"),
        "2,000 multipart or attached-message parts",
    ),
    "a 12 MB line": (huge_line(12), "more than the 4 MB"),
}


def mbox(*messages: bytes) -> bytes:
    return b"".join(
        b"From invitations@linkedin.com Wed Jun 12 08:03:17 2024\r\n" + m + b"\r\n"
        for m in messages
    )


@pytest.mark.parametrize("attack", ATTACKS)
@pytest.mark.parametrize("container", ["mbox", "eml", "maildir"])
def test_header_bombs_and_deep_mime_are_skipped_with_flat_memory(
    attack: str, container: str, tmp_path: Path
) -> None:
    bomb, reason = ATTACKS[attack]
    if container == "mbox":
        path = tmp_path / "inbox.mbox"
        path.write_bytes(mbox(invitation("Ada Before"), bomb, invitation("Bo After")))
        where, added = f"{path}, message 2", 2
    elif container == "eml":
        path = tmp_path / "bomb.eml"
        path.write_bytes(bomb)
        where, added = str(path), 0
    else:
        path = tmp_path / "Maildir"
        for sub in ("cur", "new", "tmp"):
            (path / sub).mkdir(parents=True)
        (path / "new" / "1.a").write_bytes(invitation("Ada Before"))
        (path / "new" / "2.bomb").write_bytes(bomb)
        (path / "new" / "3.b").write_bytes(invitation("Bo After"))
        where, added = str(path / "new" / "2.bomb"), 2
    result = python(MEASURE, str(path), timeout=300)
    assert "Traceback" not in result.stderr, result.stderr[-2000:]
    assert result.returncode == SKIPPED_ROWS, result.stderr
    assert f"Imported {path}: {added} added" in result.stdout
    lines = result.stderr.splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"linkinbox: skipped: {where}: ") and reason in lines[0], lines[0]
    grown_kb = int(result.stdout.split("grown_kb=")[1].split()[0])
    assert grown_kb < 100 * 1024, f"memory grew by {grown_kb // 1024} MB"


def test_invitations_just_inside_the_bounds_still_import(tmp_path: Path) -> None:
    """LinkedIn's own mails are far inside the bounds; so is a long but sane From header."""
    name = "Ada " + "Lovelace-" * 100
    path = tmp_path / "inbox.mbox"
    path.write_bytes(mbox(invitation(name), nested_mime(3), part_header_bomb(200)))
    result = linkinbox("import", str(path))
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert "3 added" in result.stdout


# --- item 4 (importer side): dates at the edge of the calendar -----------------------------------

EDGES = ("9999-12-31T23:59:59-05:00", "0001-01-01T00:00:00+05:00")


def edge_files(root: Path) -> dict[str, tuple[Path, list[str]]]:
    """Each importer's file: one good row and a row per edge date. → (path, where each bad one is)"""
    invitations = root / "Invitations.csv"
    invitations.write_bytes(
        csv_bytes(
            [
                INVITATIONS_HEADER,
                ["Good Date", "Me", "2026-06-01T08:00:00+02:00", "", "INCOMING", "", ""],
                *[
                    [f"Edge {i}", "Me", edge, "", "INCOMING", "", ""]
                    for i, edge in enumerate(EDGES)
                ],
            ]
        )
    )
    own_csv = root / "list.csv"
    own_csv.write_bytes(
        csv_bytes(
            [
                ["name", "sent_at", "status", "decided_at"],
                ["Good Own", "2026-06-01T08:00:00", "pending", ""],
                ["Edge Sent", EDGES[0], "pending", ""],
                ["Edge Decided", "2026-06-01T08:00:00", "decline", EDGES[1]],
            ]
        )
    )
    own_json = root / "list.json"
    own_json.write_text(
        json.dumps(
            [
                {"name": "Good Json", "sent_at": "2026-06-01T08:00:00"},
                {"name": "Edge Json", "sent_at": EDGES[1]},
                {"name": "Edge Json Too", "decided_at": EDGES[0], "status": "follow"},
            ]
        ),
        encoding="utf-8",
    )
    maildir = root / "Maildir"
    for sub in ("cur", "new", "tmp"):
        (maildir / sub).mkdir(parents=True)
    (maildir / "new" / "1.good").write_bytes(invitation("Good Mail"))
    (maildir / "new" / "2.edge").write_bytes(
        invitation("Edge Mail").replace(
            b"Wed, 12 Jun 2024 08:03:17 +0200", b"Fri, 31 Dec 9999 23:59:59 -0500"
        )
    )
    return {
        "export": (invitations, ["row 3", "row 4"]),
        "own csv": (own_csv, ["row 3", "row 4"]),
        "own json": (own_json, ["item 2", "item 3"]),
        "mail": (maildir, [str(maildir / "new" / "2.edge")]),
    }


@pytest.mark.parametrize("importer", ["export", "own csv", "own json", "mail"])
def test_dates_at_the_calendar_edge_are_bad_rows_in_every_importer(
    importer: str, tmp_path: Path
) -> None:
    path, places = edge_files(tmp_path)[importer]
    result = linkinbox("import", str(path))
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == SKIPPED_ROWS, result.stderr
    assert "1 added" in result.stdout
    lines = result.stderr.splitlines()
    assert len(lines) == len(places), lines
    for line, place in zip(lines, places, strict=True):
        assert line.startswith(f"linkinbox: skipped: {path}") and place in line, line
        assert "between the years 1900 and 2999" in line, line
    for args in (("list", "--status", "all"), ("export",), ("stats",)):
        assert linkinbox(*args).returncode == 0


def test_connected_on_at_the_calendar_edge_is_an_unknown_date(tmp_path: Path) -> None:
    path = tmp_path / "Connections.csv"
    path.write_bytes(
        csv_bytes(
            [
                CONNECTIONS_HEADER,
                ["Ada", "Edge", "", "", "", "", "31 Dec 9999"],
                ["Bo", "Edge", "", "", "", "", EDGES[1]],
            ]
        )
    )
    result = linkinbox("import", str(path))
    assert result.returncode == 0, result.stderr
    assert "2 connections" in result.stdout


def test_the_tui_import_reports_edge_dates_and_keeps_running(tmp_path: Path) -> None:
    path, _ = edge_files(tmp_path)["export"]

    async def scenario() -> None:
        with Inbox() as inbox:
            app = LinkinboxApp(inbox)
            async with app.run_test(size=SIZE, notifications=True) as pilot:
                await wait_until(pilot, lambda: isinstance(app.screen, InboxScreen))
                await pilot.press("i")
                await wait_until(pilot, lambda: isinstance(app.screen, ImportScreen))
                await pilot.press(*str(path), "enter")
                # The dialog stays and lists why each row was skipped, until it is closed.
                await wait_until(
                    pilot, lambda: "Why each was skipped" in screen_text(app), timeout=20
                )
                listed = screen_text(app)
                for row in ("row 3", "row 4"):
                    assert row in listed, listed
                await pilot.press("enter")
                await wait_until(pilot, lambda: isinstance(app.screen, InboxScreen), timeout=20)
                await wait_until(pilot, lambda: len(notifications(app)) >= 3, timeout=10)
                messages = notifications(app)
                assert any(m.startswith("Imported: 1 added") for m in messages), messages
                for row in ("row 3", "row 4"):
                    assert any(row in m and "skipped" in m for m in messages), messages
                assert app.is_running and inbox.pending_count() == 1

    asyncio.run(scenario())


# --- item 7 (importer side): unknown columns, and one exit status for partly bad files -----------


@pytest.mark.parametrize(
    ("header", "unknown"),
    [
        ("Name,Email", "“Email”"),
        ("name,headline,Phone,Birthday", "“Phone”, “Birthday”"),
        ("Email,Phone", "“Email,Phone”"),
        ("Full Name;E-mail", "“Full Name;E-mail”"),
    ],
)
def test_a_csv_with_unknown_columns_is_refused_naming_them(
    header: str, unknown: str, tmp_path: Path
) -> None:
    path = tmp_path / "contacts.csv"
    path.write_text(f"{header}\nAda Lovelace,ada@example.org,x,y\n", encoding="utf-8")
    result = linkinbox("import", str(path))
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr
    assert lines[0].startswith(f"linkinbox: {path}: unknown column") and unknown in lines[0]
    assert "name, first_name, last_name, headline" in lines[0]  # the accepted ones
    assert "Invitations.csv" in lines[0] and "Connections.csv" in lines[0]
    assert json.loads(linkinbox("list", "--status", "all", "--json").stdout) == []


def test_every_importer_says_partly_bad_the_same_way(tmp_path: Path) -> None:
    """0: all imported; 1: imported with rows skipped, each named; 2: nothing imported."""
    good = tmp_path / "good.csv"
    good.write_text("name\nAda Good\n", encoding="utf-8")
    assert linkinbox("import", str(good)).returncode == 0
    (tmp_path / "edges").mkdir()
    for importer, (path, places) in edge_files(tmp_path / "edges").items():
        result = linkinbox("import", str(path))
        assert result.returncode == 1, (importer, result.stderr)
        assert [line.split(": ", 2)[1] for line in result.stderr.splitlines()] == (
            ["skipped"] * len(places)
        ), importer
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    before = linkinbox("list", "--status", "all", "--json").stdout
    result = linkinbox("import", str(good), str(bad))
    assert result.returncode == 2 and len(result.stderr.splitlines()) == 1, result.stderr
    assert linkinbox("list", "--status", "all", "--json").stdout == before


def test_a_list_larger_than_any_list_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "huge.json"
    with path.open("wb") as handle:  # sparse: 201 MB on paper, nothing on disk
        handle.truncate(201 * 1024 * 1024)
    result = python(MEASURE, str(path))
    assert result.returncode == 2, result.stderr
    assert result.stderr == (
        f"linkinbox: {path} is larger than 200 MB, more than a list of requests could be; "
        "refusing to read it.\n"
    )
    grown_kb = int(result.stdout.split("grown_kb=")[1].split()[0])
    assert grown_kb < 50 * 1024, f"memory grew by {grown_kb // 1024} MB"


def test_escape_codes_in_the_evidence_files_of_an_export_are_left_out(tmp_path: Path) -> None:
    """messages.csv and the user's own row hold `%1b` URLs: no traceback, nothing unsafe stored."""
    export = tmp_path / "export"
    export.mkdir()
    source = REPO / "tests" / "fixtures" / "evidence-export"
    for file in source.iterdir():
        text = file.read_text(encoding="utf-8")
        text = text.replace("/in/mateo-iglesias-dev", "/in/mateo%1b]0;pwned%07")
        (export / file.name).write_text(
            text.replace("/in/dana-whitfield-7b21a9", "/in/dana%1b[31m", 1), encoding="utf-8"
        )
    result = linkinbox("import", str(export))
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode in (0, 1), result.stderr
    assert_store_inert()
