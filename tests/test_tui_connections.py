"""Pilot tests of the Connections view (`5`): the network you already have, least known first;
keep (c), follow instead (f) and remove (d) with their to-dos; undo, marks and the filter; the
stats screen's picture of the network."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Static
from tui_helpers import (
    demo_network_inbox,
    inbox_screen,
    me_config,
    notifications,
    run,
    screen_text,
    small_inbox,
    static_text,
    wait_until,
)

from linkinbox.inbox import Inbox
from linkinbox.models import Invitation, Status
from linkinbox.store import Query
from linkinbox.tui.app import LinkinboxApp
from linkinbox.tui.screens.help import HelpScreen
from linkinbox.tui.screens.stats import StatsScreen
from linkinbox.tui.widgets.decision_bar import DecisionBar

CONNECTED = Query(status="connected", order="known")


@pytest.fixture
def inbox(tmp_path: Path) -> Iterator[Inbox]:
    me_config()
    with demo_network_inbox(tmp_path) as opened:
        yield opened


def left_to_review(inbox: Inbox) -> int:
    return inbox.count(CONNECTED)


def title(app: LinkinboxApp) -> str:
    return static_text(app, "#title-view")


def test_five_shows_connections_least_known_first_and_each_key_means_its_todo(
    inbox: Inbox,
) -> None:
    total = left_to_review(inbox)
    assert total >= 10
    pending = inbox.pending_count()
    todo = inbox.todo_count()

    async def scenario(app: LinkinboxApp, pilot: Pilot[int]) -> None:
        screen = inbox_screen(app)
        await pilot.press("5")
        await wait_until(pilot, lambda: screen.view == "connections")
        assert f"[Connections] · {total} to review" in title(app)
        assert f"{pending} pending" in screen_text(app)  # connections are never pending
        first = screen.current
        assert first is not None and first.status == Status.CONNECTED
        stranger, _, reasons = inbox.screening(first.id)
        assert stranger == 1 and reasons  # least known first: a stranger, and why
        text = screen_text(app)
        assert first.name in text and "looks like a stranger" in text
        assert "Keep [c]" in text and "[F]ollow instead" in text and "Remove [d]" in text
        assert "Reply" not in text  # no reply to write to an existing connection

        await pilot.press("c")  # keep: nothing to do on LinkedIn
        await pilot.pause()
        kept = inbox.get(first.id)
        assert kept is not None and kept.status == Status.CONNECT
        assert inbox.todo_count() == todo
        assert f"Kept {first.name}. u undoes." in notifications(app)
        assert f"{total - 1} to review" in title(app)

        following = screen.current
        assert following is not None and following.id != first.id
        await pilot.press("f")  # follow instead: remove the connection, then Follow
        await pilot.pause()
        decided = inbox.get(following.id)
        assert decided is not None and decided.status == Status.FOLLOW
        assert inbox.action(decided).words == "Remove connection, then Follow (profile)"
        assert inbox.todo_count() == todo + 1
        assert (
            f"{following.name}: remove connection, then Follow — in To do. u undoes."
            in notifications(app)
        )

        removing = screen.current
        assert removing is not None
        await pilot.press("d")  # remove: a to-do to remove the connection
        await pilot.pause()
        decided = inbox.get(removing.id)
        assert decided is not None and decided.status == Status.DECLINE
        assert inbox.action(decided).words == "Remove connection (profile)"
        assert f"{removing.name}: remove connection — in To do. u undoes." in notifications(app)
        assert f"{total - 3} to review" in title(app)
        assert inbox.pending_count() == pending

        await pilot.press("4")  # the To do view says what to press on LinkedIn
        await wait_until(pilot, lambda: screen.view == "todo")
        for _ in range(screen.request_list.count):
            if screen.current is not None and screen.current.id == removing.id:
                break
            await pilot.press("j")
        assert static_text(app, "#todo-title").endswith(": connection, remove")
        assert static_text(app, "#todo-action") == f"{removing.name}: Remove connection (profile)"
        await pilot.press("5")
        await wait_until(pilot, lambda: screen.view == "connections")

        await pilot.press("u")  # the removal is undone: back to review, no to-do
        await pilot.pause()
        restored = inbox.get(removing.id)
        assert restored is not None and restored.status == Status.CONNECTED
        assert inbox.todo_count() == todo + 1
        assert f"{total - 2} to review" in title(app)
        current = screen.current
        assert current is not None and current.id == removing.id

    run(LinkinboxApp(inbox), scenario)


def test_marks_hidden_by_the_filter_are_left_alone(inbox: Inbox) -> None:
    async def scenario(app: LinkinboxApp, pilot: Pilot[int]) -> None:
        screen = inbox_screen(app)
        await pilot.press("5")
        await wait_until(pilot, lambda: screen.view == "connections")
        first, second = (screen.request_list.row(i) for i in (0, 1))
        assert first is not None and second is not None
        await pilot.press("space", "space")  # marks the first two
        await pilot.pause()
        assert set(inbox.marked_ids()) == {first.id, second.id}
        assert "2 marked" in title(app)

        await pilot.press("slash", *second.name.split()[-1].lower(), "enter")
        await wait_until(pilot, lambda: screen.request_list.count == 1)
        assert "1 not shown" in title(app)

        await pilot.press("d")  # only the marked connection the filter shows
        await pilot.pause()
        assert inbox.get(second.id).status == Status.DECLINE  # type: ignore[union-attr]
        assert inbox.get(first.id).status == Status.CONNECTED  # type: ignore[union-attr]
        message = notifications(app)[-1]
        assert message.startswith(f"{second.name}: remove connection — in To do.")
        assert "1 marked request not shown here left as they are." in message

        await pilot.press("escape")  # the filter goes; the hidden mark is still there
        await pilot.pause()
        assert inbox.marked_ids() == [first.id]

    run(LinkinboxApp(inbox), scenario)


def test_keys_say_what_they_mean_for_a_connection(inbox: Inbox) -> None:
    async def scenario(app: LinkinboxApp, pilot: Pilot[int]) -> None:
        screen = inbox_screen(app)
        await pilot.press("5")
        await wait_until(pilot, lambda: screen.view == "connections")
        keep = screen.query_one(DecisionBar).query_one("#decision-connect", Static)
        # The meaning under the key: in words when they fit, else shorter.
        assert str(keep.content) in ("Keep [c]\nnothing to do on LinkedIn", "Keep [c]\nno to-do")
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        text = screen_text(app)
        assert "Keep: nothing to do on LinkedIn" in text
        assert "Follow instead: to do, remove + Follow" in text
        assert "Remove: to do, remove connection" in text
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        assert ("5", "View connections to review", "view-connections") in help_screen.rows
        await pilot.press("escape", "1")  # back in the inbox, the keys decide requests again
        await wait_until(pilot, lambda: screen.view == "pending")
        assert "[F]ollow" in screen_text(app) and "Keep [c]" not in screen_text(app)

    run(LinkinboxApp(inbox), scenario)


def test_enter_takes_the_suggestion_for_a_connection(inbox: Inbox) -> None:
    inbox.ensure_screened()

    async def scenario(app: LinkinboxApp, pilot: Pilot[int]) -> None:
        screen = inbox_screen(app)
        await pilot.press("5")
        await wait_until(pilot, lambda: screen.view == "connections")
        first = screen.current
        assert first is not None
        _, suggested, _ = inbox.screening(first.id)
        assert suggested is not None
        await pilot.press("enter")
        await pilot.pause()
        assert inbox.get(first.id).status.value == suggested  # type: ignore[union-attr]

    run(LinkinboxApp(inbox), scenario)


def test_no_connections_says_how_to_get_them() -> None:
    me_config()
    inbox = small_inbox(
        Invitation(name="Ada Okafor", profile_url="https://www.linkedin.com/in/ada")
    )

    async def scenario(app: LinkinboxApp, pilot: Pilot[int]) -> None:
        screen = inbox_screen(app)
        await pilot.press("5")
        await wait_until(pilot, lambda: screen.view == "connections")
        text = screen_text(app)
        assert "0 to review" in title(app)
        assert "Connections.csv" in text and "import" in text
        await pilot.press("c")  # nothing to act on: says so, changes nothing
        await pilot.pause()
        assert "Nothing to review: the list is empty." in notifications(app)
        assert inbox.pending_count() == 1

    with inbox:
        run(LinkinboxApp(inbox), scenario)


def test_stats_draw_the_network(inbox: Inbox) -> None:
    inbox.ensure_screened()
    network = inbox.stats()["network"]

    async def scenario(app: LinkinboxApp, pilot: Pilot[int]) -> None:
        await pilot.press("S")
        await wait_until(pilot, lambda: isinstance(app.screen, StatsScreen))
        text = screen_text(app)
        total = network["connections"]
        assert f"Your network: {total} connections" in text
        assert f"█ {network['known']} known" in text
        assert f"▓ {network['strangers']} strangers" in text
        assert f"{network['cant_tell']} can't tell" in text
        assert f"0 of {total} · {total} left" in text
        assert "By year connected" in text
        first_year = network["by_year"][0]["year"]
        assert f"{first_year}  " in text

    run(LinkinboxApp(inbox), scenario)


@pytest.mark.parametrize("size", [(60, 20), (80, 24)])
def test_the_stats_legends_stay_whole_in_a_small_window(
    inbox: Inbox, size: tuple[int, int]
) -> None:
    inbox.ensure_screened()
    network = inbox.stats()["network"]
    share = round(100 * network["strangers"] / network["connections"])

    async def scenario(app: LinkinboxApp, pilot: Pilot[int]) -> None:
        await pilot.press("S")
        await wait_until(pilot, lambda: isinstance(app.screen, StatsScreen))
        text = screen_text(app)
        assert f"▓ {network['strangers']} strangers ({share}%)" in text
        assert "▓ strangers" in text  # the year chart's legend

    run(LinkinboxApp(inbox), scenario, size=size)


def test_a_review_is_changed_in_the_decided_view(inbox: Inbox) -> None:
    async def scenario(app: LinkinboxApp, pilot: Pilot[int]) -> None:
        screen = inbox_screen(app)
        await pilot.press("5")
        await wait_until(pilot, lambda: screen.view == "connections")
        kept = screen.current
        assert kept is not None
        await pilot.press("c", "3")  # kept, then the Decided view: the newest decision first
        await wait_until(pilot, lambda: screen.view == "decided")
        current = screen.current
        assert current is not None and current.id == kept.id
        await pilot.press("d")  # changed to remove: now a to-do
        await pilot.pause()
        changed = inbox.get(kept.id)
        assert changed is not None and changed.status == Status.DECLINE
        assert inbox.action(changed).words == "Remove connection (profile)"
        assert f"Changed: {kept.name}, remove. u undoes." in notifications(app)

    run(LinkinboxApp(inbox), scenario)
