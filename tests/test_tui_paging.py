"""The list at more than a few pages, in every sort: a decision and its undo land on the right
row, and the rows it keeps cached between them are the rows the store has."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest
from textual.pilot import Pilot
from tui_helpers import notifications, run, screen_text, small_inbox, wait_until

from linkinbox.inbox import Inbox
from linkinbox.models import Invitation
from linkinbox.store import Query
from linkinbox.tui.app import LinkinboxApp
from linkinbox.tui.screens.inbox import InboxScreen
from linkinbox.tui.widgets.request_list import PAGE, RequestList

N = 3 * PAGE + 50


@pytest.fixture
def inbox() -> Iterator[Inbox]:
    invitations = [
        Invitation(
            name=f"Person {i:04}",
            profile_url=f"https://www.linkedin.com/in/person-{i}",
            sent_at=None if i % 37 == 0 else datetime(2026, 1 + i % 5, 1 + i % 27, 9, i % 60),
            mutual_connections=None if i % 3 == 0 else i % 9,
        )
        for i in range(N)
    ]
    with small_inbox(*invitations) as opened:
        for i, suggested in enumerate(("connect", "follow", "decline", None)):
            opened.store.db.execute(
                "UPDATE requests SET suggested = ? WHERE id % 4 = ?", (suggested, i)
            )
        yield opened


def shown_ids(listing: RequestList) -> list[int]:
    return [row.id for i in range(listing.count) if (row := listing.row(i)) is not None]


def fresh_ids(inbox: Inbox, query: Query) -> list[int]:
    return [row.id for row in inbox.page(query, 0, 100_000)]


@pytest.mark.parametrize("order", ["date", "mutual", "suggestion"])
def test_decide_and_undo_deep_in_every_sort(inbox: Inbox, order: str) -> None:
    async def scenario(app: LinkinboxApp, pilot: Pilot[int]) -> None:
        screen = app.screen
        assert isinstance(screen, InboxScreen)
        listing = screen.query_one(RequestList)
        if order != "date":
            screen.sort_by(order)
        await wait_until(pilot, lambda: listing.query_spec.order == order)
        query = listing.query_spec
        before = fresh_ids(inbox, query)
        # Deep in the list, past the pages read at its start: the end, then six screens up.
        await pilot.press("G", *["pageup"] * 6, "k")
        await pilot.pause()
        at = listing.cursor
        assert PAGE < at < N - PAGE and listing.current_id == before[at]
        await pilot.press("d")
        await wait_until(pilot, lambda: listing.count == N - 1)
        assert listing.cursor == at and listing.current_id == before[at + 1]
        assert screen.current is not None and screen.current.id == before[at + 1]
        assert shown_ids(listing) == fresh_ids(inbox, query) == before[:at] + before[at + 1 :]
        await pilot.press("u")
        await wait_until(pilot, lambda: listing.count == N)
        assert listing.cursor == at and listing.current_id == before[at]
        assert shown_ids(listing) == before
        # Decided at the top, undone from the bottom: the request comes back at the top.
        await pilot.press("g", "j", "d")
        await wait_until(pilot, lambda: listing.count == N - 1)
        await pilot.press("G", "u")
        await wait_until(pilot, lambda: listing.count == N)
        assert listing.cursor == 1 and listing.current_id == before[1]
        assert shown_ids(listing) == before

    run(LinkinboxApp(inbox), scenario)


def test_decided_view_opens_and_jumps_to_its_oldest(inbox: Inbox) -> None:
    pending = fresh_ids(inbox, Query())
    inbox.decide(pending[:300], "decline")
    inbox.decide(pending[300:310], "follow")

    async def scenario(app: LinkinboxApp, pilot: Pilot[int]) -> None:
        listing = app.screen.query_one(RequestList)
        await pilot.press("3")
        await wait_until(pilot, lambda: listing.query_spec.status == "decided")
        assert listing.count == 310
        expected = fresh_ids(inbox, Query(status="decided", order="decided"))
        await pilot.press("G")
        await pilot.pause()
        assert listing.current_id == expected[-1] and listing.cursor == 309
        assert shown_ids(listing) == expected

    run(LinkinboxApp(inbox), scenario)


def test_apply_suggestions_runs_off_the_ui_thread_with_progress_and_undoes_as_one(
    inbox: Inbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    import linkinbox.store
    import linkinbox.tui.screens.inbox_decisions as inbox_screen

    monkeypatch.setattr(inbox_screen, "BACKGROUND_BATCH", 10)  # the undo goes there too
    monkeypatch.setattr(linkinbox.store, "PROGRESS_EVERY", 50)
    seen: list[str] = []

    def progress(self: InboxScreen, text: str) -> None:
        seen.append(text)
        self.update_title()

    monkeypatch.setattr(InboxScreen, "_progress", progress)
    suggested = len(inbox.suggestions())
    assert suggested > 100

    async def scenario(app: LinkinboxApp, pilot: Pilot[int]) -> None:
        screen = app.screen
        assert isinstance(screen, InboxScreen)
        listing = screen.query_one(RequestList)
        before = fresh_ids(inbox, Query())
        screen.action_apply_suggestions()
        await pilot.pause()
        await pilot.press("y")
        await wait_until(pilot, lambda: listing.count == N - suggested, timeout=30)
        await wait_until(pilot, lambda: screen._batch is None)
        assert any(t.startswith("applying suggestions: saving") for t in seen)
        assert shown_ids(listing) == fresh_ids(inbox, Query())
        assert inbox.store.last_batch_size() == suggested  # one batch
        await pilot.press("u")
        await wait_until(pilot, lambda: listing.count == N, timeout=30)
        await wait_until(pilot, lambda: screen._batch is None)
        assert any(t.startswith("undoing: undoing") for t in seen)
        assert shown_ids(listing) == before
        assert inbox.store.last_batch_size() == 0

    run(LinkinboxApp(inbox), scenario)


def test_keys_that_write_wait_while_a_batch_is_written(inbox: Inbox) -> None:
    async def scenario(app: LinkinboxApp, pilot: Pilot[int]) -> None:
        screen = app.screen
        assert isinstance(screen, InboxScreen)
        screen._batch = "applying suggestions: saving 500 of 25,000"  # as while one runs
        screen.update_title()
        await pilot.press("d", "space", "u")
        await pilot.pause()
        assert inbox.pending_count() == N and not inbox.marked_ids()
        assert "applying suggestions: saving 500 of 25,000" in screen_text(app)
        assert any(n.startswith("Still applying suggestions") for n in notifications(app))

    run(LinkinboxApp(inbox), scenario)


def test_quitting_mid_batch_exits_and_the_store_has_none_of_it(
    inbox: Inbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    """q while Apply suggestions is being written: the worker stops at its next step instead of
    writing the rest, rolls back (the store has the whole batch or none of it), never waits for
    the closed app, and the terminal is told."""
    import threading

    import linkinbox.store
    from linkinbox.store import Store

    monkeypatch.setattr(linkinbox.store, "PROGRESS_EVERY", 10)
    suggested = len(inbox.suggestions())
    assert suggested > 100
    halfway = threading.Event()
    written: list[int] = []
    apps: list[LinkinboxApp] = []
    history = Store._history

    def slow_history(*args: Any) -> None:
        history(*args)
        written.append(1)
        if len(written) == 50:  # the batch is half written when the user quits
            halfway.set()
            deadline = time.monotonic() + 30
            while apps[0].is_running and time.monotonic() < deadline:
                time.sleep(0.01)

    monkeypatch.setattr(Store, "_history", staticmethod(slow_history))

    async def scenario(app: LinkinboxApp, pilot: Pilot[int]) -> None:
        apps.append(app)
        screen = app.screen
        assert isinstance(screen, InboxScreen)
        screen.action_apply_suggestions()
        await pilot.pause()
        await pilot.press("y")
        await wait_until(pilot, halfway.is_set, timeout=30)
        await pilot.press("q")
        await wait_until(pilot, lambda: not app.is_running)

    app = LinkinboxApp(inbox)
    run(app, scenario)  # returns once the worker's thread has ended too
    assert len(written) < 50 + 10  # it stopped at its next step, far from the end
    assert inbox.pending_count() == N  # rolled back: none of the batch is in the store
    assert inbox.store.last_batch_size() == 0
    assert all(r.status == "pending" for r in inbox.page(Query(), 0, N))
    assert app.exit_notes == [
        "Quit while applying suggestions: none of it was saved, the inbox is as it was before."
    ]


def test_quitting_mid_undo_keeps_the_batch_whole(
    inbox: Inbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    """q while a large undo is being written: it stops at its next step and rolls back, so the
    batch is still whole in the store and `u` can undo it next time."""
    import threading

    import linkinbox.store
    import linkinbox.tui.screens.inbox_decisions as decisions

    monkeypatch.setattr(decisions, "BACKGROUND_BATCH", 10)  # the undo runs on the worker
    monkeypatch.setattr(linkinbox.store, "PROGRESS_EVERY", 10)
    applied = inbox.apply_suggestions()
    assert len(applied) > 100
    halfway = threading.Event()
    steps: list[int] = []
    apps: list[LinkinboxApp] = []
    step_aside = LinkinboxApp.step_aside

    def slow_step_aside(self: LinkinboxApp, limit: float = 0.3) -> None:
        step_aside(self, limit)
        steps.append(1)
        if len(steps) == 5:  # forty requests restored when the user quits
            halfway.set()
            deadline = time.monotonic() + 30
            while self.is_running and time.monotonic() < deadline:
                time.sleep(0.01)

    monkeypatch.setattr(LinkinboxApp, "step_aside", slow_step_aside)

    async def scenario(app: LinkinboxApp, pilot: Pilot[int]) -> None:
        apps.append(app)
        await pilot.press("u")
        await wait_until(pilot, halfway.is_set, timeout=30)
        await pilot.press("q")
        await wait_until(pilot, lambda: not app.is_running)

    app = LinkinboxApp(inbox)
    run(app, scenario)
    assert len(steps) == 5  # no step after the quit
    assert inbox.pending_count() == N - len(applied)  # none of the undo is in the store
    assert inbox.store.last_batch_size() == len(applied)  # the batch can still be undone
    assert app.exit_notes == [
        "Quit while undoing: none of it was saved, the inbox is as it was before."
    ]
