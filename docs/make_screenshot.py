"""Regenerate docs/screenshot.svg from the demo inbox: `python docs/make_screenshot.py`."""

from __future__ import annotations

import asyncio
import os
import tempfile
from pathlib import Path

HERE = Path(__file__).parent


async def main() -> None:
    root = Path(tempfile.mkdtemp())
    os.environ.update(
        LINKINBOX_CONFIG_DIR=str(root / "config"),
        LINKINBOX_DATA_DIR=str(root / "data"),
        LINKINBOX_NOW="2026-11-20T12:00:00",
        LINKINBOX_NO_BROWSER="1",
    )
    from linkinbox.demo import prepare_demo
    from linkinbox.inbox import Inbox
    from linkinbox.tui.app import LinkinboxApp

    prepare_demo()
    with Inbox() as inbox:
        app = LinkinboxApp(inbox, demo=True)
        async with app.run_test(size=(120, 36)) as pilot:
            await pilot.pause()
            await pilot.press("j")
            await pilot.pause(0.3)
            app.save_screenshot(str(HERE / "screenshot.svg"))


if __name__ == "__main__":
    asyncio.run(main())
