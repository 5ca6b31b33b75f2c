"""From a worker thread, hand a result to a screen without waiting for it: a window that is
closing drops it instead of leaving the worker blocked for ever."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

from textual.message_pump import MessagePump


def tell(pump: MessagePump, callback: Callable[..., Any], *args: Any) -> None:
    """Run `callback(*args)` on `pump`'s own turn (thread-safe, never blocking).

    `App.call_from_thread` waits until the UI thread has run the callback: when the app closes
    first, the worker waits for ever and so does the interpreter's exit. A callback posted to a
    screen that has closed is dropped; one posted after the event loop has closed is too."""
    with contextlib.suppress(RuntimeError):  # the event loop is closed
        pump.call_later(callback, *args)
