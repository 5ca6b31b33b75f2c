"""Snapshot tests of the TUI (pytest-textual-snapshot): what the screens look like at 120x40.

The demo inbox is dated relative to the fixed clock (LINKINBOX_NOW), so the pictures are stable.
After a deliberate change of the look: `pytest tests/test_snapshots.py -n0 --snapshot-update`,
then look at the new SVGs in tests/__snapshots__/test_snapshots/ before committing them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from tui_helpers import (
    SIZE,
    demo_network_inbox,
    me_config,
    open_editor_still,
    until_ready,
    wait_until,
)

from linkinbox.inbox import Inbox
from linkinbox.tui.app import LinkinboxApp
from linkinbox.tui.screens.help import HelpScreen
from linkinbox.tui.screens.inbox import InboxScreen
from linkinbox.tui.screens.stats import StatsScreen

SnapCompare = Callable[..., bool]
BUNDLED_THEMES = ["linkinbox", "paper", "high-contrast", "terminal"]
STRANGER = "Derek Soto"  # a demo sender with a template-like pitch and many reasons


def test_main_screen(snap_compare: SnapCompare, inbox: Inbox) -> None:
    """The demo inbox: list on the left, the newest request's profile, decisions and reply."""
    assert snap_compare(LinkinboxApp(inbox), terminal_size=SIZE, run_before=until_ready)


def test_help_screen(snap_compare: SnapCompare, inbox: Inbox) -> None:
    """`?`: every key with its binding id, over the inbox."""

    async def open_help(pilot: Pilot[Any]) -> None:
        await until_ready(pilot)
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, HelpScreen))

    assert snap_compare(LinkinboxApp(inbox), terminal_size=SIZE, run_before=open_help)


def test_template_editor(snap_compare: SnapCompare, inbox: Inbox) -> None:
    """`r`: the suggested decision's template, placeholders, length and preview."""

    assert snap_compare(LinkinboxApp(inbox), terminal_size=SIZE, run_before=open_editor_still)


def test_stranger_profile(snap_compare: SnapCompare, inbox: Inbox) -> None:
    """A stranger: the ● mark, the reasons behind it, the note, and the decline reply."""

    async def go_to_stranger(pilot: Pilot[Any]) -> None:
        await until_ready(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, InboxScreen)
        for _ in range(60):
            if screen.current is not None and screen.current.name == STRANGER:
                break
            await pilot.press("j")
        assert screen.current is not None and screen.current.name == STRANGER
        await pilot.pause()

    assert snap_compare(LinkinboxApp(inbox), terminal_size=SIZE, run_before=go_to_stranger)


@pytest.mark.parametrize("theme", BUNDLED_THEMES)
def test_main_screen_in_theme(snap_compare: SnapCompare, inbox: Inbox, theme: str) -> None:
    """The main screen in each bundled theme."""

    async def check_theme(pilot: Pilot[Any]) -> None:
        await until_ready(pilot)
        assert pilot.app.theme == theme

    app = LinkinboxApp(inbox, theme=theme)
    assert snap_compare(app, terminal_size=SIZE, run_before=check_theme)


def test_todo_view(snap_compare: SnapCompare, inbox: Inbox) -> None:
    """`4`: decisions still to do on LinkedIn, oldest first; what to press, where, the steps."""

    async def open_todo(pilot: Pilot[Any]) -> None:
        await until_ready(pilot)
        await pilot.press("d", "4")
        screen = pilot.app.screen
        assert isinstance(screen, InboxScreen)
        await wait_until(pilot, lambda: screen.view == "todo")
        pilot.app.clear_notifications()  # the toast times out: on a slow machine, before the shot
        await pilot.pause()

    assert snap_compare(LinkinboxApp(inbox), terminal_size=SIZE, run_before=open_todo)


@pytest.fixture
def network_inbox(tmp_path: Path) -> Iterator[Inbox]:
    me_config()
    with demo_network_inbox(tmp_path) as opened:
        opened.ensure_screened()
        yield opened


def test_connections_view(snap_compare: SnapCompare, network_inbox: Inbox) -> None:
    """`5`: connections to review, least known first; keep, follow instead, remove and what
    each means on LinkedIn; the title says how many are left."""

    async def open_connections(pilot: Pilot[Any]) -> None:
        await until_ready(pilot)
        await pilot.press("5")
        screen = pilot.app.screen
        assert isinstance(screen, InboxScreen)
        await wait_until(pilot, lambda: screen.view == "connections")

    app = LinkinboxApp(network_inbox)
    assert snap_compare(app, terminal_size=SIZE, run_before=open_connections)


def test_stats_with_the_network(snap_compare: SnapCompare, network_inbox: Inbox) -> None:
    """`S` after a few reviews: the network's composition, the review's progress, the years."""

    async def open_stats(pilot: Pilot[Any]) -> None:
        await until_ready(pilot)
        await pilot.press("5", "c", "f", "d", "S")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, StatsScreen))
        pilot.app.clear_notifications()
        await pilot.pause()

    app = LinkinboxApp(network_inbox)
    assert snap_compare(app, terminal_size=SIZE, run_before=open_stats)
