"""The inbox driven as a person does without the keymap: the command palette's own commands, a
mouse click on a row, the window resized; and `retention_days` forgetting old decisions."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.widgets import Input
from tui_helpers import (
    demo_inbox,
    inbox_screen,
    me_config,
    run,
    screen_text,
    static_text,
    wait_until,
)

from linkinbox.inbox import Inbox
from linkinbox.models import Status
from linkinbox.tui.app import LinkinboxApp
from linkinbox.tui.screens.inbox import InboxScreen
from linkinbox.tui.widgets.request_list import RequestList


def current_name(app: LinkinboxApp) -> str:
    current = inbox_screen(app).current
    assert current is not None
    return current.name


async def run_command(app: LinkinboxApp, pilot: Pilot[int], title: str) -> None:
    """Open the palette, type the command's title, take the first match."""
    await pilot.press("ctrl+p")
    await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette))
    app.screen.query_one(Input).value = title
    await wait_until(pilot, lambda: title in screen_text(app), timeout=10)
    await pilot.press("enter")
    await wait_until(pilot, lambda: isinstance(app.screen, InboxScreen))


def sized(app: LinkinboxApp, size: tuple[int, int]) -> Callable[[], bool]:
    return lambda: app.size == size


# --- the palette ---------------------------------------------------------------------------------


def test_palette_views_switch_what_the_list_shows(inbox: Inbox) -> None:
    first = next(iter(inbox.requests("pending")))
    inbox.decide([first.id], "decline")

    async def scenario(app: LinkinboxApp, pilot: Pilot[int]) -> None:
        await run_command(app, pilot, "View: decided")
        await wait_until(pilot, lambda: inbox_screen(app).view == "decided")
        await wait_until(pilot, lambda: current_name(app) == first.name)
        assert "decided" in static_text(app, "#title-view").lower()
        await run_command(app, pilot, "View: pending requests")
        await wait_until(pilot, lambda: inbox_screen(app).view == "pending")
        assert current_name(app) != first.name

    run(LinkinboxApp(inbox), scenario)


def test_palette_sort_puts_the_most_mutual_connections_first(inbox: Inbox) -> None:
    pending = list(inbox.requests("pending"))
    most = max(
        pending,
        key=lambda r: (-1 if r.mutual_connections is None else r.mutual_connections, r.sent_at),
    )

    async def scenario(app: LinkinboxApp, pilot: Pilot[int]) -> None:
        assert current_name(app) != most.name  # newest first, to begin with
        await run_command(app, pilot, "Sort: most mutual connections")
        await wait_until(pilot, lambda: inbox_screen(app).sort == "mutual")
        await wait_until(pilot, lambda: current_name(app) == most.name)

    run(LinkinboxApp(inbox), scenario)


def test_palette_help_shows_the_keys(inbox: Inbox) -> None:
    async def scenario(app: LinkinboxApp, pilot: Pilot[int]) -> None:
        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette))
        app.screen.query_one(Input).value = "Help: keys"
        await wait_until(pilot, lambda: "Help: keys" in screen_text(app), timeout=10)
        await pilot.press("enter")
        await wait_until(pilot, lambda: "decide-follow" in screen_text(app))

    run(LinkinboxApp(inbox), scenario)


# --- the mouse -----------------------------------------------------------------------------------


def test_a_click_on_a_row_selects_that_request_and_keys_act_on_it(inbox: Inbox) -> None:
    third = list(inbox.requests("pending"))[2]

    async def scenario(app: LinkinboxApp, pilot: Pilot[int]) -> None:
        await pilot.click(RequestList, offset=(4, 2))  # the third row
        await wait_until(pilot, lambda: current_name(app) == third.name)
        assert third.name in static_text(app, "#profile-name")
        await pilot.press("d")
        await wait_until(pilot, lambda: inbox.get(third.id).status == Status.DECLINE)  # type: ignore[union-attr]

    run(LinkinboxApp(inbox), scenario)


def test_a_click_below_the_last_row_changes_nothing(tmp_path: Path) -> None:
    me_config()
    with demo_inbox(tmp_path) as inbox:
        for request in list(inbox.requests("pending"))[2:]:
            inbox.decide([request.id], "decline")
        first = next(iter(inbox.requests("pending")))

        async def scenario(app: LinkinboxApp, pilot: Pilot[int]) -> None:
            await pilot.click(RequestList, offset=(4, 10))  # two rows, then nothing
            await pilot.pause()
            assert current_name(app) == first.name

        run(LinkinboxApp(inbox), scenario)


# --- the window resized --------------------------------------------------------------------------


def test_resizing_keeps_the_selected_request_on_screen(inbox: Inbox) -> None:
    async def scenario(app: LinkinboxApp, pilot: Pilot[int]) -> None:
        await pilot.press("G")  # the last (oldest) request, at the bottom of a long list
        last = list(inbox.requests("pending"))[-1]
        await wait_until(pilot, lambda: current_name(app) == last.name)
        for size in ((80, 24), (60, 16), (150, 50)):
            await pilot.resize_terminal(*size)
            await wait_until(pilot, sized(app, size))
            await wait_until(pilot, lambda: last.name[:12] in screen_text(app))
            assert current_name(app) == last.name
            assert "pending" in screen_text(app)  # the title still says where you are

    run(LinkinboxApp(inbox), scenario)


# --- retention_days ------------------------------------------------------------------------------


def test_retention_days_forgets_only_decisions_older_than_it(tmp_path: Path) -> None:
    me_config("retention_days = 30\n")
    with demo_inbox(tmp_path) as inbox:
        pending = list(inbox.requests("pending"))
        old, recent = pending[0], pending[1]
        inbox.decide([old.id], "decline")
        inbox.decide([recent.id], "connect")
        with inbox.store.transaction() as db:  # decided 40 days before the test's clock
            db.execute(
                "UPDATE requests SET decided_at = datetime(decided_at, '-40 days') WHERE id = ?",
                (old.id,),
            )
        assert inbox.apply_retention() == 1
        assert inbox.get(old.id) is None
        kept = inbox.get(recent.id)
        assert kept is not None and kept.status == Status.CONNECT
        assert len(list(inbox.requests("pending"))) == len(pending) - 2
        assert inbox.apply_retention() == 0  # nothing older is left


def test_without_retention_days_nothing_is_forgotten(tmp_path: Path) -> None:
    me_config()
    with demo_inbox(tmp_path) as inbox:
        first = next(iter(inbox.requests("pending")))
        inbox.decide([first.id], "decline")
        with inbox.store.transaction() as db:
            db.execute("UPDATE requests SET decided_at = '2001-01-01T00:00:00'")
        assert inbox.apply_retention() == 0
        assert inbox.get(first.id) is not None
