"""Shared helpers for the Pilot and snapshot tests of the TUI, and their `inbox` fixture (the
demo inbox; tests/conftest.py makes it known to every test module, and a module's own `inbox`
fixture wins)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.strip import Strip
from textual.widgets import Static, TextArea

from linkinbox import paths
from linkinbox.demo import DEMO_ME, shifted_demo
from linkinbox.importers.own import read_own
from linkinbox.inbox import Inbox
from linkinbox.models import ImportData, Invitation
from linkinbox.tui.app import LinkinboxApp
from linkinbox.tui.screens.editor import TemplateEditor
from linkinbox.tui.screens.inbox import InboxScreen
from linkinbox.tui.widgets.request_list import RequestList

SIZE = (120, 40)

Scenario = Callable[[LinkinboxApp, Pilot[int]], Awaitable[None]]


def write_config(text: str) -> Path:
    """Write config.toml into the (temporary) config folder before an Inbox is opened."""
    folder = paths.config_dir()
    paths.ensure_private_dir(folder)
    path = folder / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def me_config(extra: str = "") -> Path:
    """config.toml naming the user as the demo does, plus `extra` TOML (tables go last)."""
    lines = [f'{key} = "{value}"' for key, value in DEMO_ME.items()]
    return write_config("\n".join(lines) + "\n" + extra)


def demo_inbox(tmp_path: Path) -> Inbox:
    """An Inbox in the test's folders holding the bundled demo list, dated relative to the clock."""
    inbox = Inbox()
    inbox.import_data(read_own(shifted_demo(tmp_path / "demo.json")))
    return inbox


@pytest.fixture
def inbox(tmp_path: Path) -> Iterator[Inbox]:
    """The demo inbox (see `demo_inbox`), with config.toml naming the user as the demo does."""
    me_config()
    with demo_inbox(tmp_path) as opened:
        yield opened


def inbox_screen(app: LinkinboxApp) -> InboxScreen:
    """The screen on top, which must be the inbox."""
    screen = app.screen
    assert isinstance(screen, InboxScreen), f"expected the inbox, got {screen!r}"
    return screen


def small_inbox(*invitations: Invitation) -> Inbox:
    inbox = Inbox()
    inbox.import_data(ImportData(invitations=list(invitations)))
    return inbox


def run(app: LinkinboxApp, scenario: Scenario, size: tuple[int, int] = SIZE) -> None:
    """Run `scenario` against `app` in a headless terminal of `size` (no pytest-asyncio here)."""

    async def main() -> None:
        async with app.run_test(size=size, notifications=True) as pilot:
            await pilot.pause()
            # The inbox is the first screen: let it finish building (its list, its first
            # request) before the scenario's first key, as a person would see it first.
            # (A message about config mistakes may already be on top of it.)
            await wait_until(pilot, lambda: bool(app.screen_stack[0].query(RequestList)))
            await wait_until(pilot, lambda: app.keys_ready)  # keys typed before are held
            await scenario(app, pilot)

    asyncio.run(main())


async def wait_until(
    pilot: Pilot[int], condition: Callable[[], bool], timeout: float = 15.0
) -> None:
    """Let the app run until `condition()` holds (workers and timers need real time). The
    timeout only ends a test that fails anyway: on a loaded machine a step that takes a tenth
    of a second alone can take seconds, so it is generous."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(
                f"the app never reached the expected state; the screen was:\n{shown(pilot)}"
            )
        await pilot.pause(0.02)
    await pilot.pause()


def shown(pilot: Pilot[Any]) -> str:
    """What the terminal shows, for a failure's message (never itself a failure)."""
    try:
        return "\n".join(strip.text for strip in pilot.app.screen._compositor.render_strips())
    except Exception as error:  # a message, whatever the app's state
        return f"(not readable: {error!r})"


async def until_ready(pilot: Pilot[Any]) -> None:
    """Wait until the inbox is built and acts on keys at once, as `run` does before a scenario
    (a snapshot test's `run_before` starts the moment the app runs: keys pressed then are held,
    and a loop pressing keys until something shows would press too many)."""
    app = pilot.app
    assert isinstance(app, LinkinboxApp)
    await wait_until(pilot, lambda: bool(app.screen_stack[0].query(RequestList)))
    await wait_until(pilot, lambda: app.keys_ready)


async def until_still(pilot: Pilot[Any], timeout: float = 15.0) -> None:
    """Wait until two screen updates in a row draw the same picture: whatever a key started
    (the footer fitting its keys once they are laid out, panes filled after the list) is drawn.
    Textual's own wait before a snapshot guesses from CPU time, and on a loaded machine a
    process starved of CPU looks idle."""
    app = pilot.app
    assert isinstance(app, LinkinboxApp)
    deadline = time.monotonic() + timeout
    before: list[Strip] | None = None
    while True:
        app.screen.refresh()  # an update even when nothing else asks for one
        await asyncio.wait_for(app.screen.wait_for_refresh(), timeout)
        await pilot.pause()
        now = screen_strips(app)
        if now == before:
            return
        if time.monotonic() > deadline:
            raise AssertionError("the screen never stopped changing")
        before = now


@pytest.fixture
def snap_compare(snap_compare: Callable[..., bool]) -> Callable[..., bool]:
    """pytest-textual-snapshot's `snap_compare`, taking its picture only once the screen is
    still (`until_still`) after the test's `run_before`."""

    def compare(app: LinkinboxApp, *args: Any, run_before: Any = None, **kwargs: Any) -> bool:
        async def then_still(pilot: Pilot[Any]) -> None:
            if run_before is not None:
                await run_before(pilot)
            await until_still(pilot)

        return snap_compare(app, *args, run_before=then_still, **kwargs)

    return compare


async def open_editor_still(pilot: Pilot[Any]) -> None:
    """`r` opens the template editor, its cursor drawn and held still for a picture: a blinking
    cursor is drawn or not by the clock."""
    await until_ready(pilot)
    await pilot.press("r")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, TemplateEditor))
    # Focused first: a text area without focus would hide its cursor for good.
    await wait_until(pilot, lambda: isinstance(pilot.app.focused, TextArea))
    area = pilot.app.focused
    assert isinstance(area, TextArea)
    area.cursor_blink = False  # one picture, not two
    await pilot.pause()  # a blink already under way lands here
    area.blur()
    await pilot.pause()
    area.focus()  # focus shows the cursor, and no blink hides it again
    await pilot.pause()


def screen_text(app: LinkinboxApp) -> str:
    """What the terminal shows right now, as plain text (toasts and modal screens included)."""
    return "\n".join(strip.text for strip in screen_strips(app))


def region_text(app: LinkinboxApp, selector: str) -> str:
    """What the terminal shows inside one widget (a dialog over the inbox), as plain text: the
    inbox showing through beside a dialog does not cut the dialog's sentences apart."""
    region = app.screen.query_one(selector).region
    strips = screen_strips(app)[region.y : region.bottom]
    return "\n".join(strip.crop(region.x, region.right).text for strip in strips)


def static_text(app: LinkinboxApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).content)


def pending_in_header(app: LinkinboxApp) -> str:
    return static_text(app, "#title-count")


def notifications(app: LinkinboxApp) -> list[str]:
    """The words of every toast raised so far, oldest first, as the message log keeps them
    (toasts time out, and only the last few stay on screen)."""
    return [entry.text for entry in app.message_log.entries if entry.toast]


def toasts_on_screen(app: LinkinboxApp) -> list[str]:
    """The words of the toasts the terminal shows right now, top to bottom."""
    return [" ".join(str(toast.render()).split()) for toast in app.screen.query("Toast")]


def demo_network_inbox(tmp_path: Path) -> Inbox:
    """The demo inbox with the demo user's network (`linkinbox --demo` has both): connections
    known by messages, endorsements and a shared employer, and strangers."""
    from linkinbox.demo import demo_network

    inbox = Inbox()
    inbox.import_paths([demo_network()])
    inbox.import_data(read_own(shifted_demo(tmp_path / "demo.json")))
    return inbox


def screen_strips(app: LinkinboxApp) -> list[Strip]:
    """What the terminal shows right now, as styled lines (colours after Textual's blending).

    The one place the tests read Textual's private compositor: Textual has no public render of
    the screen as lines (only `export_screenshot`'s SVG)."""
    return list(app.screen._compositor.render_strips())
