"""Start-up, pauses and the cyclic garbage collector.

Starting up allocates what lives as long as the process: modules, classes, the argument parser,
Textual's widgets and stylesheet. `linkinbox.cli.main` turns the collector off while that
happens, and `settle` turns it back on once start-up is over, after `gc.freeze()` has told it to
leave everything made so far alone. Without this, full collections rescanning that heap cost
the first screen ~30 ms of pauses.

In the inbox, a full collection still takes ~25 ms once the session has made enough objects, and
it comes whenever allocation says so: in the middle of drawing a filter's results, say. The
inbox therefore runs full collections itself when nobody is typing (`defer_full_collections`,
`collect_full`); young objects are collected as usual. The first of those, once the first
screen is drawn, also freezes that screen (`freeze_session`). An import makes many objects and
hardly any cycles, and runs with no cyclic collection at all (`paused`).
"""

from __future__ import annotations

import contextlib
import gc
import sys
from collections.abc import Iterator

#: Collections of the middle generation before an automatic full one: never, in practice.
_NEVER = 1 << 30
#: Python 3.14's collector is incremental: two generations, the old one scanned a slice at a
#: time with every young collection, so there is no full-collection pause to put off and the
#: third threshold means nothing. There the inbox leaves the collector as it is. (Up to 3.13 the
#: collector has the three generations this module's tuning assumes.)
INCREMENTAL = sys.version_info >= (3, 14)


def settle() -> None:
    """Start-up is over: keep what exists out of future collections, and collect again."""
    gc.freeze()
    gc.enable()


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """No cyclic collection inside (unless `settle` ends start-up in it): for start-up, and for
    bulk work that makes many objects and hardly any cycles, such as an import (the collector
    took ~7% of an import of 100,000 rows). It is back on afterwards if it was on before."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def collect_young() -> None:
    """Inside `paused` bulk work that does make cycles (each parsed e-mail is a web of parts,
    headers and policies pointing at each other): free the cycles made since the last call.
    Only the youngest generation is scanned, so calling this every few dozen items keeps an
    import linear in time and flat in memory (a 5,000-mail mbox: 314 MiB without it)."""
    gc.collect(0)


def defer_full_collections() -> tuple[int, int, int]:
    """No automatic full collection from now on; returns the thresholds to `restore`."""
    thresholds = gc.get_threshold()
    if not INCREMENTAL:
        gc.set_threshold(thresholds[0], thresholds[1], _NEVER)
    return thresholds


def restore(thresholds: tuple[int, int, int]) -> None:
    gc.set_threshold(*thresholds)


def collect_full() -> bool:
    """A full collection, when anything reached the old generation since the last one (never
    with the incremental collector, which does that work itself, a slice at a time)."""
    if INCREMENTAL or gc.get_count()[2] == 0:
        return False
    gc.collect()
    return True


#: Allocations between young collections while a batch runs on a worker (Python's default: 700).
BATCH_YOUNG = 10_000


@contextlib.contextmanager
def fewer_young_collections(threshold: int = BATCH_YOUNG) -> Iterator[None]:
    """Around bulk work on a worker thread (Apply suggestions, its undo). Its rows and tuples
    set off a young collection every 700 allocations, and each middle-generation one moves what
    the UI thread is drawing at that moment into the old generation: after 25,000 decisions
    with keys pressed, the next full collection scanned 250,000 objects (~350 ms, the screen
    frozen) instead of 80,000. Fewer, larger young collections keep that garbage young."""
    if INCREMENTAL:
        yield
        return
    before = gc.get_threshold()[0]
    gc.set_threshold(max(before, threshold), *gc.get_threshold()[1:])
    try:
        yield
    finally:
        gc.set_threshold(before, *gc.get_threshold()[1:])


def freeze_session() -> None:
    """Once the inbox's first screen is built and drawn: a full collection, then what is left
    (its widgets, styles and caches, which live as long as the session) is left out of later
    full collections too, as `settle` did with start-up's. Each full collection then scans
    what the session made since, not the whole screen: half the time or less. Cycles among
    what is frozen here are never freed; that is what the screen made once, bounded."""
    gc.collect()
    gc.freeze()
