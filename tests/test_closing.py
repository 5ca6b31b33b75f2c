"""Work that ends while the app closes: background screening or the filter's count finishing
as the window closes (under load they can) must not raise; the app closes as if nothing came."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest
from tui_helpers import inbox_screen, screen_text, wait_until

from linkinbox.inbox import Inbox
from linkinbox.tui.app import LinkinboxApp
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
