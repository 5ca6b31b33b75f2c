"""Snapshot tests of small windows (#15): 80×24 and 60×20, where a cut word shows first.

Every word is whole or cut with "…"; the keys `?` and `q` stay in the footer; the decision bar
keeps its keys and the ★; the editor keeps its counter and preview.
After a deliberate change of the look: `pytest tests/test_snapshots_small.py -n0 --snapshot-update`,
then look at the new SVGs before committing them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.pilot import Pilot
from tui_helpers import open_editor_still, until_ready, wait_until

from linkinbox.inbox import Inbox
from linkinbox.tui.app import LinkinboxApp
from linkinbox.tui.screens.help import HelpScreen
from linkinbox.tui.screens.inbox import InboxScreen

SnapCompare = Callable[..., bool]
SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((60, 20), id="60x20")]


@pytest.mark.parametrize("size", SIZES)
def test_inbox(snap_compare: SnapCompare, inbox: Inbox, size: tuple[int, int]) -> None:
    assert snap_compare(LinkinboxApp(inbox), terminal_size=size, run_before=until_ready)


@pytest.mark.parametrize("size", SIZES)
def test_editor(snap_compare: SnapCompare, inbox: Inbox, size: tuple[int, int]) -> None:
    assert snap_compare(LinkinboxApp(inbox), terminal_size=size, run_before=open_editor_still)


@pytest.mark.parametrize("size", SIZES)
def test_help(snap_compare: SnapCompare, inbox: Inbox, size: tuple[int, int]) -> None:
    async def open_help(pilot: Pilot[Any]) -> None:
        await until_ready(pilot)
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, HelpScreen))

    assert snap_compare(LinkinboxApp(inbox), terminal_size=size, run_before=open_help)


@pytest.mark.parametrize("size", SIZES)
def test_sent_view(snap_compare: SnapCompare, inbox: Inbox, size: tuple[int, int]) -> None:
    async def open_sent(pilot: Pilot[Any]) -> None:
        await until_ready(pilot)
        await pilot.press("2")
        screen = pilot.app.screen
        assert isinstance(screen, InboxScreen)
        await wait_until(pilot, lambda: screen.view == "sent")

    assert snap_compare(LinkinboxApp(inbox), terminal_size=size, run_before=open_sent)
