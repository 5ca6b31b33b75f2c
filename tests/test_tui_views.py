"""Pilot tests of the views and tools beyond single decisions: sent, decided, import, stats,
suggestions, sorting, and the keymap checks."""

from __future__ import annotations

import json
from pathlib import Path

from textual.pilot import Pilot
from tui_helpers import (
    demo_inbox,
    me_config,
    notifications,
    pending_in_header,
    run,
    screen_text,
    wait_until,
)

from linkinbox.inbox import Inbox
from linkinbox.models import Status
from linkinbox.store import Query
from linkinbox.tui.app import LinkinboxApp
from linkinbox.tui.keys import check_keymap
from linkinbox.tui.screens.confirm import ConfirmScreen
from linkinbox.tui.screens.importer import ImportScreen
from linkinbox.tui.screens.messages import MessagesScreen
from linkinbox.tui.screens.stats import StatsScreen
from linkinbox.tui.widgets.request_list import RequestList

FIXTURES = Path(__file__).parent / "fixtures"


def test_sent_view_lists_outgoing_and_withdraw_is_undoable(inbox: Inbox) -> None:
    async def scenario(app: LinkinboxApp, pilot: Pilot[int]) -> None:
        await pilot.press("2")
        await pilot.pause()
        listing = app.screen.query_one(RequestList)
        assert listing.query_spec.status == "sent" and listing.count == 3
        assert "[Sent]" in screen_text(app)
        await pilot.press("G")  # the oldest: 10 weeks, past the 3-week mark
        await pilot.pause()
        assert "consider withdrawing" in screen_text(app)
        await pilot.press("w")
        await pilot.pause()
        assert listing.count == 2
        assert [r.name for r in inbox.requests("withdrawn")] == ["Teresa Whitcombe"]
        await pilot.press("u")
        await pilot.pause()
        assert listing.count == 3
        await pilot.press("f")  # deciding is for pending requests only
        await pilot.pause()
        assert inbox.count(Query("sent")) == 3
        await pilot.press("1")
        await pilot.pause()
        assert listing.query_spec.status == "pending"

    run(LinkinboxApp(inbox), scenario)


def test_decided_view_shows_the_stored_reply(inbox: Inbox) -> None:
    async def scenario(app: LinkinboxApp, pilot: Pilot[int]) -> None:
        first = app.screen.query_one(RequestList).current_id
        await pilot.press("d", "3")
        await pilot.pause()
        listing = app.screen.query_one(RequestList)
        assert listing.current_id == first  # the newest decision first
        assert "declined" in screen_text(app) and "as decided" in screen_text(app)

    run(LinkinboxApp(inbox), scenario)


def test_import_screen_imports_and_reports(inbox: Inbox) -> None:
    before = inbox.pending_count()

    async def scenario(app: LinkinboxApp, pilot: Pilot[int]) -> None:
        await pilot.press("i")
        await wait_until(pilot, lambda: isinstance(app.screen, ImportScreen))
        await pilot.press(*str(FIXTURES / "sample-export"), "enter")
        await wait_until(pilot, lambda: not isinstance(app.screen, ImportScreen), timeout=10)
        await wait_until(pilot, lambda: inbox.pending_count() > before)
        await wait_until(
            pilot, lambda: pending_in_header(app) == f"{inbox.pending_count()} pending"
        )
        assert any(n.startswith("Imported: 2 added") for n in notifications(app))

    run(LinkinboxApp(inbox), scenario)


def test_import_screen_says_what_is_wrong_and_stays(inbox: Inbox, tmp_path: Path) -> None:
    bad = tmp_path / "Invitations.csv"
    bad.write_text("Foo,Bar\n1,2\n")

    async def scenario(app: LinkinboxApp, pilot: Pilot[int]) -> None:
        await pilot.press("i")
        await pilot.press(*str(bad), "enter")
        await wait_until(pilot, lambda: "Nothing imported" in screen_text(app), timeout=10)
        assert isinstance(app.screen, ImportScreen)
        await pilot.press("escape")
        await wait_until(pilot, lambda: not isinstance(app.screen, ImportScreen))

    run(LinkinboxApp(inbox), scenario)


def test_apply_suggestions_asks_then_decides_all_as_one_undo(inbox: Inbox) -> None:
    suggested = len(inbox.suggestions())
    assert suggested > 5
    pending = inbox.pending_count()

    async def scenario(app: LinkinboxApp, pilot: Pilot[int]) -> None:
        app.screen.action_apply_suggestions()  # type: ignore[attr-defined]
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert f"Apply {suggested} suggestions" in screen_text(app)
        await pilot.press("n")
        await pilot.pause()
        assert inbox.pending_count() == pending
        app.screen.action_apply_suggestions()  # type: ignore[attr-defined]
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")  # written off the UI thread: wait for it
        await wait_until(pilot, lambda: inbox.pending_count() == pending - suggested)
        # Saved is not yet shown: until the title no longer says so, `u` says "Still applying".
        await wait_until(pilot, lambda: "applying suggestions" not in screen_text(app))
        await pilot.press("u")
        await wait_until(pilot, lambda: inbox.pending_count() == pending)

    run(LinkinboxApp(inbox), scenario)


def test_enter_takes_the_suggestion(inbox: Inbox) -> None:
    async def scenario(app: LinkinboxApp, pilot: Pilot[int]) -> None:
        rid = app.screen.query_one(RequestList).current_id
        assert rid is not None
        _, suggested, _ = inbox.screening(rid)
        assert suggested is not None
        await pilot.press("enter")
        await pilot.pause()
        request = inbox.get(rid)
        assert request is not None and request.status == Status(suggested)

    run(LinkinboxApp(inbox), scenario)


def test_stats_screen_shows_the_counts(inbox: Inbox) -> None:
    async def scenario(app: LinkinboxApp, pilot: Pilot[int]) -> None:
        await pilot.press("f", "S")
        await pilot.pause()
        assert isinstance(app.screen, StatsScreen)
        text = screen_text(app)
        stats = inbox.stats()
        assert f"{stats['pending']}" in text and "follow" in text and "2026-" in text
        assert f"On LinkedIn: {stats['todo']} to do (4 lists them), {stats['done']} done." in text
        assert stats["todo"] >= 1  # the follow just made
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, StatsScreen)

    run(LinkinboxApp(inbox), scenario)


def test_sort_cycles_and_says_so(inbox: Inbox) -> None:
    async def scenario(app: LinkinboxApp, pilot: Pilot[int]) -> None:
        await pilot.press("s")
        await pilot.pause()
        listing = app.screen.query_one(RequestList)
        assert listing.query_spec.order == "mutual"
        assert "sorted by most mutual connections" in screen_text(app)
        first = listing.row(0)
        assert first is not None
        top = max(r.mutual_connections or 0 for r in inbox.requests("pending"))
        assert first.mutual_connections == top

    run(LinkinboxApp(inbox), scenario)


def test_keymap_check_reports_unknown_ids_and_clashes() -> None:
    keymap, problems = check_keymap(
        {"decide-declin": "x", "decide-decline": "f", "undo": "s", "stats": "z"},
        "config.toml",
        '[keymap]\ndecide-declin = "x"\ndecide-decline = "f"\nundo = "s"\nstats = "z"\n',
    )
    assert keymap == {"undo": "s", "stats": "z"}
    assert any("line 2: keymap: unknown binding id “decide-declin”" in p for p in problems)
    # Follow would have lost its only key: refused, the default stays, and said so.
    assert any(
        "line 3: keymap: decide-decline = “f” refused" in p and "decide-decline keeps d" in p
        for p in problems
    )
    # A clash says truly which binding gets the key.
    assert any(
        "line 4: keymap: “s” is bound to both undo and sort" in p and "sort has no key" in p
        for p in problems
    ), problems


def test_startup_problems_are_shown_in_one_message(tmp_path: Path) -> None:
    me_config('[keymap]\n"no-such-key" = "x"\n')
    with demo_inbox(tmp_path) as inbox:

        async def scenario(app: LinkinboxApp, pilot: Pilot[int]) -> None:
            await wait_until(pilot, lambda: isinstance(app.screen, MessagesScreen))
            assert "no-such-key" in screen_text(app)
            assert any("no-such-key" in m.text for m in app.message_log.entries)

        run(LinkinboxApp(inbox), scenario)


def test_list_json_matches_what_the_list_shows(inbox: Inbox) -> None:
    """The TUI and the CLI read the same store in the same order."""
    ids = [r.id for r in inbox.requests("pending")]
    rows = inbox.page(Query(), 0, len(ids))
    assert [r.id for r in rows] == ids
    assert json.loads(json.dumps(inbox.as_json(inbox.get(ids[0]))))["id"] == ids[0]  # type: ignore[arg-type]
