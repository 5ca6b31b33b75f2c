"""Pilot tests of the To do view (`4`): what to press on LinkedIn, the guided flow, done and undo."""

from __future__ import annotations

import tomllib
from datetime import datetime

import pytest
from textual.pilot import Pilot
from textual.widgets import Input
from tui_helpers import (
    inbox_screen,
    notifications,
    run,
    small_inbox,
    static_text,
    wait_until,
)

from linkinbox import paths
from linkinbox.follow_setup import STEPS
from linkinbox.inbox import Inbox
from linkinbox.models import Invitation
from linkinbox.tui.app import LinkinboxApp
from linkinbox.tui.screens.follow_setup import FollowSetupScreen
from linkinbox.tui.screens.inbox import InboxScreen

INVITATION_MANAGER = "https://www.linkedin.com/mynetwork/invitation-manager/"


def test_the_todo_view_walks_a_batch_through_linkedin(
    inbox: Inbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = LinkinboxApp(inbox)
    copied: list[str] = []
    monkeypatch.setattr(app, "copy_to_clipboard", copied.append)

    async def scenario(app: LinkinboxApp, pilot: Pilot[int]) -> None:
        screen = inbox_screen(app)
        declined = screen.current
        assert declined is not None
        await pilot.press("d")  # the newest request: declined here, a to-do on LinkedIn
        await pilot.pause()
        todos = [r for r, _ in inbox.todos()]
        assert declined.id in [r.id for r in todos]
        assert static_text(app, "#title-todo") == f"{len(todos)} to do · "

        await pilot.press("4")
        await wait_until(pilot, lambda: screen.view == "todo")
        assert screen.request_list.count == len(todos)
        first = screen.current
        assert first is not None and first.id == todos[0].id  # oldest decision first
        action = inbox.action(first)
        assert f"{first.name}: {action.words}" == static_text(app, "#todo-action")
        assert static_text(app, "#todo-url") == action.url

        # Go to the request just declined: Ignore in the invitation manager.
        await pilot.press("G")
        await pilot.pause()
        current = screen.current
        assert current is not None and current.id == declined.id
        assert static_text(app, "#todo-action") == f"{declined.name}: Ignore (invitation manager)"
        assert "▸ 1. y  copy the reply" in static_text(app, "#todo-steps")

        await pilot.press("enter")  # step 1: the reply as decided goes to the clipboard
        await pilot.pause()
        assert current.reply and copied[-1] == current.reply
        assert "✓ 1. y  copy the reply" in static_text(app, "#todo-steps")
        assert "▸ 2. o  open invitation manager" in static_text(app, "#todo-steps")

        await pilot.press("enter")  # step 2: the page (no browser in tests: the link is copied)
        await pilot.pause()
        assert copied[-1] == INVITATION_MANAGER
        assert any(INVITATION_MANAGER in n for n in notifications(app))
        assert inbox.get(declined.id).on_linkedin == "todo"  # type: ignore[union-attr]

        await pilot.press("enter")  # step 3: done, and on to the next
        await pilot.pause()
        stored = inbox.get(declined.id)
        assert stored is not None and stored.on_linkedin == "done" and stored.done_at
        assert screen.request_list.count == len(todos) - 1
        assert static_text(app, "#title-todo") == f"{len(todos) - 1} to do · "
        assert f"Done on LinkedIn: {declined.name}. u undoes." in " ".join(notifications(app))

        await pilot.press("u")  # back on the list, to do again
        await pilot.pause()
        stored = inbox.get(declined.id)
        assert stored is not None and stored.on_linkedin == "todo"
        assert screen.request_list.count == len(todos)

        await pilot.press("g", "x")  # x: done at once, without the steps
        await pilot.pause()
        stored = inbox.get(todos[0].id)
        assert stored is not None and stored.on_linkedin == "done"

        await pilot.press("f")  # no decision in the To do view
        await pilot.pause()
        assert inbox.todo_count() == len(todos) - 1
        assert any("The To do view is for review" in n for n in notifications(app))

    run(app, scenario)


def test_enter_still_takes_the_suggestion_in_the_pending_view(inbox: Inbox) -> None:
    inbox.ensure_screened()

    async def scenario(app: LinkinboxApp, pilot: Pilot[int]) -> None:
        screen = inbox_screen(app)
        await wait_until(pilot, lambda: screen.suggested is not None or screen.current is None)
        first = screen.current
        suggested = screen.suggested
        assert first is not None and suggested is not None
        await pilot.press("enter")
        await pilot.pause()
        decided = inbox.get(first.id)
        assert decided is not None and decided.status.value == suggested
        assert decided.on_linkedin == "todo"

    run(LinkinboxApp(inbox), scenario)


def test_follow_setup_checklist_is_remembered(monkeypatch: pytest.MonkeyPatch) -> None:
    """F (and the palette): tick the two settings, open their pages, set name and URL."""
    inbox = small_inbox(Invitation(name="Kim Lee", sent_at=datetime(2026, 6, 1)))
    inbox.store.set_meta("me_name", "Dana Whitfield")  # as an export would have it
    app = LinkinboxApp(inbox)
    copied: list[str] = []
    monkeypatch.setattr(app, "copy_to_clipboard", copied.append)

    async def scenario(app: LinkinboxApp, pilot: Pilot[int]) -> None:
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Set up LinkedIn for Follow" in titles
        await pilot.press("F")
        await wait_until(pilot, lambda: isinstance(app.screen, FollowSetupScreen))
        assert "from your LinkedIn export" in static_text(app, "#setup-name-source")
        assert "not known yet" in static_text(app, "#setup-url-source")

        await pilot.press("o")  # the first setting's page, its link copied
        await pilot.pause()
        assert copied[-1] == STEPS[0].url
        await pilot.press("space")  # ticked, and written to config.toml
        await pilot.pause()
        await pilot.press("tab", "space")  # the second setting
        await pilot.pause()
        config = tomllib.loads((paths.config_dir() / "config.toml").read_text(encoding="utf-8"))
        assert config["follow_primary_set"] is True and config["invitations_set"] is True

        app.screen.query_one("#setup-name").focus()
        await pilot.press("enter")  # the export's name, kept in config.toml
        await pilot.pause()
        app.screen.query_one("#setup-url").focus()
        await pilot.press(*"not a url", "enter")
        await pilot.pause()
        assert any("not a LinkedIn profile URL" in n for n in notifications(app))
        app.screen.query_one("#setup-url", Input).value = ""
        await pilot.press(*"www.linkedin.com/in/dana-oko/", "enter")
        await pilot.pause()
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, InboxScreen))

    run(app, scenario)
    config = tomllib.loads((paths.config_dir() / "config.toml").read_text(encoding="utf-8"))
    assert config["my_name"] == "Dana Whitfield"
    assert config["my_profile_url"] == "https://www.linkedin.com/in/dana-oko"
    assert Inbox().my_profile_url == "https://www.linkedin.com/in/dana-oko"
