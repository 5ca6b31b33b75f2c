"""Work that ends while the app closes: background screening or the filter's count finishing
as the window closes (under load they can) must not raise; the app closes as if nothing came."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable

import pytest
from tui_helpers import inbox_screen, screen_text, wait_until

from linkinbox.inbox import Inbox
from linkinbox.tui.app import LinkinboxApp
from linkinbox.tui.later import tell
from linkinbox.tui.screens.inbox import InboxScreen
from linkinbox.tui.widgets.footer import KeyFooter

Arrival = Callable[[LinkinboxApp], None]


def screening_ends(app: LinkinboxApp) -> None:
    app._after_screening()


def filter_count_comes(app: LinkinboxApp) -> None:
    screen = inbox_screen(app)
    screen.show_count(screen.request_list.query_spec, 3)


@pytest.mark.parametrize("arrives", [screening_ends, filter_count_comes])
def test_work_that_ends_while_the_app_closes_is_ignored(
    inbox: Inbox, monkeypatch: pytest.MonkeyPatch, arrives: Arrival
) -> None:
    app = LinkinboxApp(inbox)
    arrived_running: list[bool] = []

    def unmounted(_footer: KeyFooter) -> None:
        # The inbox's widgets are being removed: the worker's answer arrives now.
        arrived_running.append(app.is_running)
        arrives(app)

    async def main() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_until(pilot, lambda: app.keys_ready)
            inbox_screen(app)
            monkeypatch.setattr(KeyFooter, "on_unmount", unmounted, raising=False)

    asyncio.run(main())  # before the fix: NoMatches('TitleBar') out of the close
    assert arrived_running and not any(arrived_running)


def test_screening_that_ends_while_the_app_runs_shows_its_work(inbox: Inbox) -> None:
    app = LinkinboxApp(inbox)

    async def main() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_until(pilot, lambda: app.keys_ready)
            screening_ends(app)  # the inbox is read again and still shown
            await wait_until(pilot, lambda: "pending" in screen_text(app))

    asyncio.run(main())


def test_a_worker_hands_its_result_over_without_waiting_for_a_closed_window(inbox: Inbox) -> None:
    """The filter's and the import's workers hand results over with `tell`: delivered while the
    window is open, dropped (and the worker not held) once it has closed."""
    app = LinkinboxApp(inbox)
    got: list[str] = []
    errors: list[BaseException] = []

    def hand_over(screen: InboxScreen, what: str) -> None:
        try:
            tell(screen, got.append, what)
        except BaseException as error:  # the worker would end with an error
            errors.append(error)

    def from_a_thread(screen: InboxScreen, what: str) -> threading.Thread:
        thread = threading.Thread(target=hand_over, args=(screen, what), daemon=True)
        thread.start()
        return thread

    async def main() -> InboxScreen:
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_until(pilot, lambda: app.keys_ready)
            screen = inbox_screen(app)
            from_a_thread(screen, "while open")
            await wait_until(pilot, lambda: got == ["while open"])
        return screen

    screen = asyncio.run(main())
    late = from_a_thread(screen, "after closing")
    late.join(30)
    assert not late.is_alive()  # App.call_from_thread would wait here for ever
    assert got == ["while open"]
    assert not errors  # App.call_from_thread: "App is not running"
