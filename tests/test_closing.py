"""Work that ends while the app closes: background screening finishing as the window closes
(under load it can) must not raise; the app closes as if nothing had come."""

from __future__ import annotations

import asyncio

import pytest
from tui_helpers import screen_text, wait_until

from linkinbox.inbox import Inbox
from linkinbox.tui.app import LinkinboxApp
from linkinbox.tui.widgets.footer import KeyFooter


def test_screening_that_ends_while_the_app_closes_is_ignored(
    inbox: Inbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = LinkinboxApp(inbox)
    arrived: list[bool] = []

    def unmounted(_footer: KeyFooter) -> None:
        # The inbox's widgets are being removed: screening's end arrives now.
        arrived.append(app.is_running)
        app._after_screening()

    monkeypatch.setattr(KeyFooter, "on_unmount", unmounted, raising=False)

    async def main() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_until(pilot, lambda: app.keys_ready)
            app._after_screening()  # while it runs: the inbox is read again, still shown
            await wait_until(pilot, lambda: "pending" in screen_text(app))

    asyncio.run(main())  # before the fix: NoMatches('TitleBar') raised out of the app's close
    assert arrived and not any(arrived)
