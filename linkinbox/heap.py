"""Start-up and the cyclic garbage collector.

Starting up allocates what lives as long as the process: modules, classes, the argument parser,
Textual's widgets and stylesheet. `linkinbox.cli.main` turns the collector off while that
happens, and `settle` turns it back on once start-up is over, after `gc.freeze()` has told it to
leave everything made so far alone. Without this, full collections rescanning that heap cost
the first screen ~30 ms of pauses; with it, later collections are small too.
"""

from __future__ import annotations

import gc


def settle() -> None:
    """Start-up is over: keep what exists out of future collections, and collect again."""
    gc.freeze()
    gc.enable()
