"""The footer and full garbage collections while views are opened: the footer shows each view's
keys, keeps none it no longer shows, and a forced full collection never starts while a key is
on its way (issue 14: `G` right after opening a view)."""

from __future__ import annotations

import gc
import subprocess
import sys
from datetime import datetime, timedelta

from textual.pilot import Pilot
from textual.widgets._footer import FooterKey
from tui_helpers import inbox_screen, run, screen_text, small_inbox, wait_until

from linkinbox.inbox import Inbox
from linkinbox.models import Invitation
from linkinbox.store import Query, Row
from linkinbox.tui.app import LinkinboxApp
from linkinbox.tui.background import (
    COLLECT_QUIET,
    FULL_AT_LEAST,
    FULL_AT_MOST,
    IDLE_SECONDS,
    may_collect,
)
from linkinbox.tui.widgets.footer import KeyFooter
from linkinbox.tui.widgets.request_list import PAGE, RequestList


def footer_line(app: LinkinboxApp) -> str:
    return screen_text(app).splitlines()[-1]


def test_views_show_their_own_keys_and_the_footer_keeps_no_old_ones(inbox: Inbox) -> None:
    """Opening views again and again: the footer says each view's keys (Keep and Remove for
    connections, Connect and Decline for requests), and no key it showed before stays alive.
    (Textual's footer composed its keys anew for each view and kept every old one: a session's
    heap grew with each view opened, and so did every full collection.)"""

    async def scenario(app: LinkinboxApp, pilot: Pilot[int]) -> None:
        screen = inbox_screen(app)
        for _ in range(4):
            await pilot.press("5")
            await wait_until(pilot, lambda: "Keep" in footer_line(app))
            assert "Remove" in footer_line(app) and "Connect" not in footer_line(app)
            await pilot.press("1")
            await wait_until(pilot, lambda: "Connect" in footer_line(app))
            assert "Decline" in footer_line(app) and "Keep" not in footer_line(app)
            await pilot.press("3")
            await wait_until(pilot, lambda: screen.view == "decided")
        await wait_until(pilot, lambda: "Connect" in footer_line(app))
        shown = set(screen.query_one(KeyFooter).query(FooterKey))
        gc.collect()
        alive = [o for o in gc.get_objects() if isinstance(o, FooterKey) and o.screen is not None]
        assert len(shown) >= 8
        assert [key for key in alive if key not in shown] == []

    run(LinkinboxApp(inbox), scenario)


def test_a_forced_full_collection_never_starts_while_a_key_is_on_its_way() -> None:
    """A full collection runs when nobody types, or once a minute between keys: never while
    a key has not been drawn yet, nor right after it was (the next one may be coming)."""
    key = 1000.0
    due = FULL_AT_LEAST + 1
    # Keys keep coming and none is due: no collection.
    assert not may_collect(key + 0.5, key, undrawn=False, drawn_at=key + 0.2, since_full=1)
    # Due, but the last key is not drawn yet ...
    assert not may_collect(key + 0.3, key, undrawn=True, drawn_at=key - 1, since_full=due)
    # ... or drawn only just now.
    drawn = key + 0.3
    assert not may_collect(drawn + COLLECT_QUIET / 2, key, False, drawn, since_full=due)
    # Due, and the screen showed the last key a moment ago: now.
    assert may_collect(drawn + COLLECT_QUIET, key, undrawn=False, drawn_at=drawn, since_full=due)
    # Nobody typed for a while: now, due or not.
    idle = key + IDLE_SECONDS
    assert may_collect(idle, key, undrawn=False, drawn_at=key + 0.1, since_full=5)
    # Keys without a pause for minutes (a key held down): now, whatever comes.
    assert may_collect(key + 0.01, key, undrawn=True, drawn_at=key - 1, since_full=FULL_AT_MOST)


FIRST_KEYS = """
import asyncio, sys
from linkinbox.inbox import Inbox
from linkinbox.models import Invitation
from linkinbox.store import Query, Row
from linkinbox.tui.app import LinkinboxApp

async def main():
    app = LinkinboxApp(Inbox())
    async with app.run_test(size=(120, 40)) as pilot:
        while not app.keys_ready:
            await pilot.pause(0.02)
        await pilot.press("j", "3", "G", "g", "5", "1", "d", "u")
        while app.screen.view != "pending":
            await pilot.pause(0.02)
        await pilot.pause()
    print("text area loaded" if "textual.widgets._text_area" in sys.modules else "not loaded")

asyncio.run(main())
"""


def test_the_first_keys_do_not_load_the_template_editor(inbox: Inbox) -> None:
    """Keys that open no text box never import Textual's TextArea (the template editor's):
    the check for keys typed into a text box did, and the first key of a session waited
    ~0.1 s for it."""
    inbox.close()
    done = subprocess.run(
        [sys.executable, "-c", FIRST_KEYS], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1] == "not loaded"


def test_g_right_after_opening_a_view_reads_nothing_more() -> None:
    """Once a view of several pages is shown, its last page is read ahead: `G` right after
    opening it jumps to the oldest request without a read (at 100,000 that read, cold, was
    most of the jump)."""
    count = 3 * PAGE + 50
    inbox = small_inbox(
        *(
            Invitation(
                name=f"Person {i:04}",
                profile_url=f"https://www.linkedin.com/in/person-{i}",
                sent_at=datetime(2026, 1, 1) + timedelta(minutes=i),
            )
            for i in range(count)
        )
    )
    reads: list[int] = []
    page = inbox.page

    def counted(query: Query, offset: int, limit: int, total: int | None = None) -> list[Row]:
        reads.append(offset)
        return page(query, offset, limit, total)

    inbox.page = counted  # type: ignore[method-assign]

    async def scenario(app: LinkinboxApp, pilot: Pilot[int]) -> None:
        listing = app.screen.query_one(RequestList)
        await pilot.press("2")
        await wait_until(pilot, lambda: listing.query_spec.status == "sent")
        await pilot.press("1")
        last = (count - 1) // PAGE * PAGE
        await wait_until(pilot, lambda: listing.query_spec.status == "pending" and last in reads)
        before = len(reads)
        await pilot.press("G")
        await wait_until(pilot, lambda: "Person 0000" in screen_text(app))
        assert listing.cursor == count - 1
        assert len(reads) == before

    with inbox:
        run(LinkinboxApp(inbox), scenario)
