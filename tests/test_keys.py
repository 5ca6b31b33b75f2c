"""Keys act on what the user sees (issue 12): bursts after `/`, hidden marks, messages that name
the right person, changing a decision, config mistakes and hints that follow the keymap."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from textual import events
from textual.pilot import Pilot
from textual.widgets import Input, TextArea
from tui_helpers import demo_inbox, me_config, pending_in_header, run, static_text, wait_until

from linkinbox.inbox import Inbox
from linkinbox.models import Status
from linkinbox.tui.app import LinkinboxApp
from linkinbox.tui.screens.editor import TemplateEditor
from linkinbox.tui.screens.inbox import InboxScreen


@pytest.fixture
def inbox(tmp_path: Path) -> Iterator[Inbox]:
    me_config()
    with demo_inbox(tmp_path) as opened:
        yield opened


def inbox_screen(app: LinkinboxApp) -> InboxScreen:
    screen = app.screen
    assert isinstance(screen, InboxScreen), f"expected the inbox, got {screen!r}"
    return screen


def burst(app: LinkinboxApp, text: str) -> None:
    """Every key in the app's queue before the first is handled, as a terminal delivers a
    fast typist's keys or `tmux send-keys -l`."""
    for char in text:
        key = {"/": "slash", " ": "space"}.get(char, char)
        app.post_message(events.Key(key, char))


def statuses(inbox: Inbox) -> dict[int, Status]:
    return {r.id: r.status for r in inbox.store.requests(status="all")}


@pytest.mark.parametrize("text", ["/dave", "/xyz", "/fcd"])
def test_keys_typed_right_after_slash_filter_and_never_decide(inbox: Inbox, text: str) -> None:
    before = statuses(inbox)
    pending = inbox.store.pending_count()

    async def scenario(app: LinkinboxApp, pilot: Pilot[int]) -> None:
        burst(app, text)
        box = None

        def typed() -> bool:
            nonlocal box
            boxes = app.screen.query("#filter")
            box = boxes.first() if boxes else None
            return isinstance(box, Input) and box.value == text[1:]

        await wait_until(pilot, typed)
        await wait_until(pilot, lambda: text[1:] in static_text(app, "#title-view"))
        assert statuses(inbox) == before  # nothing decided
        assert pending_in_header(app) == f"{pending} pending"

    run(LinkinboxApp(inbox), scenario)


def test_keys_typed_right_after_r_go_into_the_editor(inbox: Inbox) -> None:
    before = statuses(inbox)

    async def scenario(app: LinkinboxApp, pilot: Pilot[int]) -> None:
        burst(app, "rdcf")
        await wait_until(pilot, lambda: isinstance(app.screen, TemplateEditor))
        editor = app.screen.query_one(TextArea)
        await wait_until(pilot, lambda: "dcf" in editor.text)
        assert statuses(inbox) == before

    run(LinkinboxApp(inbox), scenario)


def test_keys_typed_right_after_the_palette_go_into_it(inbox: Inbox) -> None:
    before = statuses(inbox)

    async def scenario(app: LinkinboxApp, pilot: Pilot[int]) -> None:
        app.post_message(events.Key("ctrl+p", None))
        burst(app, "dfc")
        await wait_until(
            pilot,
            lambda: any(i.value == "dfc" for i in app.screen.query(Input)),
        )
        assert statuses(inbox) == before

    run(LinkinboxApp(inbox), scenario)
