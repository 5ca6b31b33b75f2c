"""Background work (batches) steps aside while a key is drawn, and never waits for a frame that
will not come."""

from __future__ import annotations

import time

import pytest
from textual.pilot import Pilot
from tui_helpers import run

from linkinbox.inbox import Inbox
from linkinbox.tui import background
from linkinbox.tui.app import LinkinboxApp


def test_a_batch_steps_aside_for_a_key_until_it_is_drawn(
    inbox: Inbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    waits: list[float] = []

    async def scenario(app: LinkinboxApp, _pilot: Pilot[int]) -> None:
        def sleep(seconds: float) -> None:
            waits.append(seconds)
            if len(waits) == 3:
                app._drawn = app._inputs  # the key's frame is drawn

        app._last_input = time.monotonic()
        app._inputs = app._drawn + 1  # a key has come, not drawn yet
        with monkeypatch.context() as patch:
            patch.setattr(time, "sleep", sleep)  # how step_aside waits
            app.step_aside(3600)

    run(LinkinboxApp(inbox), scenario)
    assert len(waits) == 3


def test_a_batch_does_not_wait_at_every_step_for_a_frame_that_never_came(
    inbox: Inbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its key counted on a dialog that closed before drawing: the batch went on at 0.3 s a
    step (test_hostile's Apply suggestions outlasted its wait under load)."""
    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        if len(waits) > 100:
            raise AssertionError("the batch waits for a frame that never comes")

    async def scenario(app: LinkinboxApp, _pilot: Pilot[int]) -> None:
        app._last_input = time.monotonic() - background.QUIET_GIVE_UP - 1
        app._inputs = app._drawn + 1  # never drawn, and long ago
        with monkeypatch.context() as patch:
            patch.setattr(time, "sleep", sleep)  # how step_aside waits
            for _ in range(30):
                app.step_aside(3600)

    run(LinkinboxApp(inbox), scenario)
    assert waits == []
