"""Pilot tests of the inbox TUI: what a user sees and what the store holds after each key."""

from __future__ import annotations

import tomllib
from datetime import datetime
from pathlib import Path

import pytest
from textual.color import Color
from textual.pilot import Pilot
from textual.widgets import TextArea
from tui_helpers import (
    demo_inbox,
    inbox_screen,
    me_config,
    notifications,
    pending_in_header,
    run,
    screen_strips,
    screen_text,
    small_inbox,
    static_text,
    wait_until,
)

from linkinbox import paths
from linkinbox.inbox import Inbox
from linkinbox.models import Invitation, Status
from linkinbox.store import Query
from linkinbox.tui.app import LinkinboxApp
from linkinbox.tui.background import QUIET_GIVE_UP, quiet_now
from linkinbox.tui.screens.editor import TemplateEditor
from linkinbox.tui.screens.help import HelpScreen
from linkinbox.tui.screens.inbox import InboxScreen
from linkinbox.tui.screens.theme_picker import ThemePicker

FIRST = "Marguerite Okafor"  # the newest request of the demo list
DECIDED = {"f": Status.FOLLOW, "c": Status.CONNECT, "d": Status.DECLINE}
PAST = {"f": "Followed", "c": "Connected with", "d": "Declined"}


def current_id(app: LinkinboxApp) -> int:
    current = inbox_screen(app).current
    assert current is not None
    return current.id


def help_line(app: LinkinboxApp, ident: str) -> list[str]:
    """The keys column of the help row for binding `ident`, e.g. ["f"]."""
    for line in static_text(app, "#help-keys").splitlines():
        if line.rstrip().endswith(" " + ident):
            keys = line.strip().split("  ")[0]
            return [k.strip() for k in keys.split("/")]
    raise AssertionError(f"help lists no {ident}: {static_text(app, '#help-keys')}")


async def type_text(pilot: Pilot[int], text: str) -> None:
    await pilot.press(*text)


# -- decisions --------------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["f", "c", "d"])
def test_decision_key_stores_moves_on_and_undo_restores(inbox: Inbox, key: str) -> None:
    pending = inbox.pending_count()

    async def scenario(app: LinkinboxApp, pilot: Pilot[int]) -> None:
        screen = inbox_screen(app)
        assert pending_in_header(app) == f"{pending} pending"
        first = current_id(app)
        second = screen.request_list.row(1)
        assert second is not None
        before = inbox.get(first)
        assert before is not None and before.name == FIRST

        await pilot.press(key)
        await pilot.pause()

        decided = inbox.get(first)
        assert decided is not None
        assert decided.status == DECIDED[key]
        assert decided.decided_at == datetime(2026, 6, 14, 9, 0)
        assert decided.reply == inbox.render_reply(before, DECIDED[key].value)
        assert decided.reply and "Marguerite" in decided.reply
        assert pending_in_header(app) == f"{pending - 1} pending"
        assert current_id(app) == second.id
        assert f"{PAST[key]} {FIRST}. u undoes; y copies the reply to them." in notifications(app)
        assert f"{PAST[key]} {FIRST}" in screen_text(app)
        assert FIRST not in static_text(app, "#profile-name")

        await pilot.press("u")
        await pilot.pause()

        restored = inbox.get(first)
        assert restored == before
        assert restored is not None
        assert restored.status == Status.PENDING
        assert restored.decided_at is None
        assert restored.reply is None
        assert current_id(app) == first
        assert pending_in_header(app) == f"{pending} pending"
        assert static_text(app, "#profile-name") == FIRST

    run(LinkinboxApp(inbox), scenario)


def test_keys_typed_in_a_burst_act_on_the_request_under_the_cursor(inbox: Inbox) -> None:
    """`j` then `d` faster than the screen hears about the move: `d` declines the second
    request, the one the cursor is on, never the first."""

    async def scenario(app: LinkinboxApp, pilot: Pilot[int]) -> None:
        screen = inbox_screen(app)
        first, second = screen.request_list.row(0), screen.request_list.row(1)
        assert first is not None and second is not None
        # Both keys run before any message is handled, as when a terminal delivers "jd" at once.
        app.simulate_key("j")
        app.simulate_key("d")
        await pilot.pause()
        assert inbox.get(second.id).status == Status.DECLINE  # type: ignore[union-attr]
        assert inbox.get(first.id).status == Status.PENDING  # type: ignore[union-attr]

    run(LinkinboxApp(inbox), scenario)


def test_suggestions_wait_for_screening_and_say_so(
    inbox: Inbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While screening is still going (just after an import), enter and "Apply suggestions"
    say so instead of deciding from half the reasons."""
    monkeypatch.setattr(Inbox, "needs_screening", lambda _self: True)
    monkeypatch.setattr(LinkinboxApp, "screen_in_background", lambda _self: None)
    with inbox.store.transaction() as db:  # as just after an import: nothing screened yet
        db.execute("UPDATE requests SET suggested = NULL, stranger = NULL, reasons = NULL")
    pending = inbox.pending_count()

    async def scenario(app: LinkinboxApp, pilot: Pilot[int]) -> None:
        await pilot.press("enter")
        await pilot.pause()
        inbox_screen(app).action_apply_suggestions()
        await pilot.pause()
        still = [n for n in notifications(app) if n.startswith("Still working out reasons")]
        assert len(still) == 2
        assert inbox.pending_count() == pending
        assert isinstance(app.screen, InboxScreen)  # no confirmation was asked

    run(LinkinboxApp(inbox), scenario)


def test_background_screening_steps_aside_until_a_key_is_drawn() -> None:
    """Screening shares the interpreter with the screen: it waits while keys come and until
    the screen shows what the last one did (a slow key on a busy machine is not shared with
    it), but a frame that never comes does not hold it back for ever."""
    quiet = 0.25
    key = 100.0
    # A key just now: wait, drawn or not.
    assert not quiet_now(key + 0.1, key, undrawn=False, drawn_at=key + 0.05, quiet=quiet)
    # Drawn soon after it, and quiet since: screening goes on.
    assert quiet_now(key + 0.4, key, undrawn=False, drawn_at=key + 0.1, quiet=quiet)
    # A slow key, drawn only now: wait a little more.
    assert not quiet_now(key + 0.4, key, undrawn=False, drawn_at=key + 0.35, quiet=quiet)
    # Not drawn yet: wait ...
    assert not quiet_now(key + 0.4, key, undrawn=True, drawn_at=key - 5, quiet=quiet)
    # ... but not for ever.
    assert quiet_now(key + QUIET_GIVE_UP + quiet, key, undrawn=True, drawn_at=0, quiet=quiet)


def test_undo_after_restart(inbox: Inbox) -> None:
    pending = inbox.pending_count()
    declined: list[int] = []

    async def decide(app: LinkinboxApp, pilot: Pilot[int]) -> None:
        await pilot.press("j")
        declined.append(current_id(app))
        await pilot.press("d", "q")

    run(LinkinboxApp(inbox), decide)
    (request_id,) = declined
    request = inbox.get(request_id)
    assert request is not None and request.status == Status.DECLINE
    inbox.close()

    with Inbox() as again:

        async def undo(app: LinkinboxApp, pilot: Pilot[int]) -> None:
            assert pending_in_header(app) == f"{pending - 1} pending"
            await pilot.press("u")
            await pilot.pause()
            assert pending_in_header(app) == f"{pending} pending"
            assert current_id(app) == request_id
            assert f"Restored {request.name} to pending." in notifications(app)

        run(LinkinboxApp(again), undo)
        restored = again.get(request_id)
        assert restored is not None
        assert (restored.status, restored.decided_at, restored.reply) == (
            Status.PENDING,
            None,
            None,
        )


def test_marked_requests_are_decided_and_undone_together(inbox: Inbox) -> None:
    pending = inbox.pending_count()

    async def scenario(app: LinkinboxApp, pilot: Pilot[int]) -> None:
        screen = inbox_screen(app)
        ids = [row.id for row in (screen.request_list.row(i) for i in range(3)) if row]
        await pilot.press("space", "space", "space")
        await pilot.pause()
        assert sorted(inbox.marked_ids()) == sorted(ids)
        rows = screen_text(app).splitlines()[1:4]
        assert all(row.startswith(" +") for row in rows), rows

        await pilot.press("d")
        await pilot.pause()
        assert [inbox.get(i).status for i in ids] == [Status.DECLINE] * 3  # type: ignore[union-attr]
        assert pending_in_header(app) == f"{pending - 3} pending"
        assert "Declined 3 requests. u undoes all 3." in notifications(app)
        assert inbox.marked_ids() == []

        await pilot.press("u")
        await pilot.pause()
        for request_id in ids:
            request = inbox.get(request_id)
            assert request is not None
            assert (request.status, request.decided_at, request.reply) == (
                Status.PENDING,
                None,
                None,
            )
        assert pending_in_header(app) == f"{pending} pending"

    run(LinkinboxApp(inbox), scenario)


def test_marked_count_is_shown(inbox: Inbox) -> None:
    async def scenario(app: LinkinboxApp, pilot: Pilot[int]) -> None:
        await pilot.press("space", "space", "space")
        await pilot.pause()
        assert "3 marked" in screen_text(app)

    run(LinkinboxApp(inbox), scenario)


# -- reply templates --------------------------------------------------------------------------


def test_edit_template_previews_saves_and_shows_in_reply_pane(inbox: Inbox) -> None:
    templates = paths.config_dir() / "templates.toml"

    async def scenario(app: LinkinboxApp, pilot: Pilot[int]) -> None:
        decision = inbox_screen(app).reply_decision
        await pilot.press("r")
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, TemplateEditor)
        area = editor.query_one(TextArea)
        assert area.text == inbox.templates.body(decision)
        assert f"Reply template “{decision}” · preview for {FIRST}" in screen_text(app)

        area.clear()
        await type_text(pilot, "Hi {first_name}!")
        await pilot.pause()
        assert static_text(app, "#editor-preview") == "Hi Marguerite!"
        area.insert(" See you around.")
        await pilot.pause()
        assert static_text(app, "#editor-preview") == "Hi Marguerite! See you around."
        assert "unsaved" in static_text(app, "#editor-status")
        assert not templates.exists()

        await pilot.press("ctrl+s")
        await pilot.pause()
        saved = tomllib.loads(templates.read_text(encoding="utf-8"))
        assert saved["templates"][decision]["body"] == "Hi {first_name}! See you around.\n"
        assert "unsaved" not in static_text(app, "#editor-status")

        await pilot.press("escape")
        await pilot.pause()
        inbox_screen(app)
        assert static_text(app, "#reply-body") == "Hi Marguerite! See you around."

    run(LinkinboxApp(inbox), scenario)


def test_template_with_attribute_access_is_an_error_and_not_saved(inbox: Inbox) -> None:
    templates = paths.config_dir() / "templates.toml"

    async def scenario(app: LinkinboxApp, pilot: Pilot[int]) -> None:
        reply_before = static_text(app, "#reply-body")
        await pilot.press("r")
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, TemplateEditor)
        area = editor.query_one(TextArea)
        area.clear()
        area.insert("Hi {first_name")
        await type_text(pilot, ".__class__}")
        await pilot.pause()
        status = static_text(app, "#editor-status")
        assert status.startswith("✗")
        assert "first_name.__class__" in status
        assert editor.query_one("#editor-status").has_class("error")
        assert "class" not in static_text(app, "#editor-preview")

        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not templates.exists()
        assert any(m.startswith("Not saved:") for m in notifications(app))

        await pilot.press("escape")  # warns about unsaved changes first
        await pilot.pause()
        assert isinstance(app.screen, TemplateEditor)
        await pilot.press("escape")
        await pilot.pause()
        inbox_screen(app)
        assert static_text(app, "#reply-body") == reply_before

    run(LinkinboxApp(inbox), scenario)


def test_copy_puts_the_rendered_reply_on_the_clipboard(
    inbox: Inbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    copied: list[str] = []
    app = LinkinboxApp(inbox)
    monkeypatch.setattr(app, "copy_to_clipboard", copied.append)

    async def scenario(app: LinkinboxApp, pilot: Pilot[int]) -> None:
        screen = inbox_screen(app)
        assert screen.current is not None
        expected = inbox.render_reply(screen.current, screen.reply_decision)
        await pilot.press("y")
        await pilot.pause()
        assert copied == [expected]
        assert expected.startswith("Hi Marguerite")
        assert any(m.startswith("Copied the") and FIRST in m for m in notifications(app))
        assert static_text(app, "#reply-body") == expected

    run(app, scenario)


def test_open_copies_the_profile_url(inbox: Inbox, monkeypatch: pytest.MonkeyPatch) -> None:
    copied: list[str] = []
    app = LinkinboxApp(inbox)
    monkeypatch.setattr(app, "copy_to_clipboard", copied.append)

    async def scenario(app: LinkinboxApp, pilot: Pilot[int]) -> None:
        await pilot.press("o")
        await pilot.pause()
        url = "https://www.linkedin.com/in/marguerite-okafor-3c9e17"
        assert copied == [url]
        assert f"No browser here: the profile; its link is on the clipboard: {url}" in (
            notifications(app)
        )
        # opening is not deciding
        assert static_text(app, "#profile-name") == FIRST

    run(app, scenario)


# -- help and keys ----------------------------------------------------------------------------


def test_help_lists_live_bindings(inbox: Inbox) -> None:
    async def scenario(app: LinkinboxApp, pilot: Pilot[int]) -> None:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert help_line(app, "decide-follow") == ["f"]
        assert help_line(app, "decide-decline") == ["d"]
        assert "decide-follow" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        inbox_screen(app)

    run(LinkinboxApp(inbox), scenario)


def test_keymap_from_config_rebinds_decline(tmp_path: Path) -> None:
    me_config('[keymap]\n"decide-decline" = "n"\n')
    with demo_inbox(tmp_path) as inbox:
        pending = inbox.pending_count()

        async def scenario(app: LinkinboxApp, pilot: Pilot[int]) -> None:
            first = current_id(app)
            await pilot.press("n")
            await pilot.pause()
            declined = inbox.get(first)
            assert declined is not None and declined.status == Status.DECLINE
            assert pending_in_header(app) == f"{pending - 1} pending"

            await pilot.press("question_mark")
            await pilot.pause()
            assert help_line(app, "decide-decline") == ["n"]
            assert help_line(app, "decide-follow") == ["f"]

        run(LinkinboxApp(inbox), scenario)


# -- filter -----------------------------------------------------------------------------------


def test_filter_narrows_the_list_and_escape_clears_it(inbox: Inbox) -> None:
    pending = inbox.pending_count()
    expected = inbox.count(Query(text="contoso"))
    assert 0 < expected < pending

    async def scenario(app: LinkinboxApp, pilot: Pilot[int]) -> None:
        screen = inbox_screen(app)
        await pilot.press("slash")
        await type_text(pilot, "contoso")
        await wait_until(pilot, lambda: "contoso" in static_text(app, "#title-view"))
        assert f"filter “contoso”: {expected}" in static_text(app, "#title-view")
        assert pending_in_header(app) == f"{pending} pending"  # typing decided nothing
        assert screen.current is not None
        shown = f"{screen.current.name} {screen.current.headline} {screen.current.message}"
        assert "contoso" in shown.casefold()

        await pilot.press("escape")
        await pilot.pause()
        assert "contoso" not in static_text(app, "#title-view")
        assert screen.request_list.count == pending
        assert screen.request_list.has_focus

    run(LinkinboxApp(inbox), scenario)


# -- themes -----------------------------------------------------------------------------------


def test_theme_picker_previews_reverts_and_keeps(inbox: Inbox) -> None:
    config = paths.config_dir() / "config.toml"

    async def scenario(app: LinkinboxApp, pilot: Pilot[int]) -> None:
        original = app.theme
        assert original == "linkinbox"
        names = sorted(app.available_themes)
        following = names[names.index(original) + 1]

        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, ThemePicker)
        await pilot.press("down")
        await pilot.pause()
        assert app.theme == following
        await pilot.press("escape")
        await pilot.pause()
        assert app.theme == original
        inbox_screen(app)
        assert tomllib.loads(config.read_text(encoding="utf-8")).get("theme", original) == (
            original
        )

        await pilot.press("t")
        await pilot.pause()
        await pilot.press("down", "enter")
        await pilot.pause()
        inbox_screen(app)
        assert app.theme == following
        assert tomllib.loads(config.read_text(encoding="utf-8"))["theme"] == following

    run(LinkinboxApp(inbox), scenario)


def test_previewing_themes_does_not_write_config(inbox: Inbox) -> None:
    config = paths.config_dir() / "config.toml"
    before = config.read_bytes()

    async def scenario(app: LinkinboxApp, pilot: Pilot[int]) -> None:
        await pilot.press("t")
        await pilot.pause()
        await pilot.press("down", "down")
        await pilot.pause()
        assert app.theme != "linkinbox"
        assert config.read_bytes() == before  # only enter keeps a theme
        await pilot.press("escape")
        await pilot.pause()
        assert config.read_bytes() == before

    run(LinkinboxApp(inbox), scenario)


def test_list_headlines_are_legible_in_the_light_theme(tmp_path: Path) -> None:
    me_config('theme = "paper"\n')
    with demo_inbox(tmp_path) as inbox:

        async def scenario(app: LinkinboxApp, _pilot: Pilot[int]) -> None:
            assert app.theme == "paper"
            row = screen_strips(app)[2]  # the second request
            (segment,) = [s for s in row if s.text.startswith("Staff Engineer")]
            assert segment.style is not None
            assert segment.style.color is not None and segment.style.bgcolor is not None
            ink = Color.from_rich_color(segment.style.color)
            paper = Color.from_rich_color(segment.style.bgcolor)
            assert abs(ink.brightness - paper.brightness) > 0.3, (ink.hex, paper.hex)

        run(LinkinboxApp(inbox), scenario)


# -- strangers' text is data ------------------------------------------------------------------


def test_markup_and_escape_sequences_from_strangers_are_shown_inert() -> None:
    name = "[bold red]ADMIN[/bold red]"
    with small_inbox(
        Invitation(
            name=name,
            headline="[link=https://evil.example]Click[/link] me",
            profile_url="https://www.linkedin.com/in/admin-x",
            message="Hello \x1b]52;c;SGVsbG8=\x07 there \x1b]0;pwned\x07 friend \x1b[31mred",
            sent_at=datetime(2026, 6, 13, 9, 0),
            source="export",
        )
    ) as inbox:

        async def scenario(app: LinkinboxApp, _pilot: Pilot[int]) -> None:
            text = screen_text(app)
            assert name in text
            assert "[link=https://evil.example]Click[/link] me" in text
            assert "Hello" in static_text(app, "#profile-note")
            assert "friend" in static_text(app, "#profile-note")
            assert "pwned" not in text
            for control in ("\x1b", "\x07"):
                assert control not in text
                assert control not in app.export_screenshot()

        run(LinkinboxApp(inbox), scenario)
