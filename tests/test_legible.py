"""Legible everywhere (#15): messages read as sentences, plain text, never markup."""

from __future__ import annotations

import asyncio
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot
from tui_helpers import (
    Scenario,
    demo_inbox,
    me_config,
    notifications,
    run,
    screen_text,
    wait_until,
)

from linkinbox import clock
from linkinbox.inbox import Inbox
from linkinbox.models import ImportSummary
from linkinbox.text import one_line
from linkinbox.tui.app import LinkinboxApp
from linkinbox.tui.screens.editor import TemplateEditor
from linkinbox.tui.widgets.profile import ProfilePane
from linkinbox.tui.widgets.request_list import RequestList
from linkinbox.words import plural


@pytest.fixture
def inbox(tmp_path: Path) -> Iterator[Inbox]:
    me_config()
    with demo_inbox(tmp_path) as opened:
        yield opened


def test_counts_read_as_words() -> None:
    assert plural(1, "request") == "1 request"
    assert plural(0, "request") == "0 requests"
    assert plural(1200, "request") == "1,200 requests"
    summary = ImportSummary()
    summary.connections = 1
    summary.sent = 1
    assert "1 connection known" in summary.sentence()
    assert "1 sent invitation" in summary.sentence() and "invitations" not in summary.sentence()


def test_ages_read_as_words() -> None:
    now = clock.now()
    assert clock.ago(now) == "just now"
    assert clock.ago(now.replace(hour=now.hour - 2)) == "2h ago"
    assert clock.ago(None) == ""


def test_ctrl_c_says_how_to_quit_in_plain_text(inbox: Inbox) -> None:
    async def scenario(app: LinkinboxApp, pilot: Pilot[int]) -> None:
        await pilot.press("ctrl+c")
        await wait_until(pilot, lambda: bool(notifications(app)))
        message = notifications(app)[-1]
        assert "[b]" not in message and "q" in message
        assert "[b]" not in screen_text(app)

    run(LinkinboxApp(inbox), scenario)


def test_decided_right_now_reads_just_now(inbox: Inbox) -> None:
    async def scenario(app: LinkinboxApp, pilot: Pilot[int]) -> None:
        await pilot.press("f", "3")
        await pilot.pause()
        text = screen_text(app)
        assert "followed just now" in text
        assert "now ago" not in text

    run(LinkinboxApp(inbox), scenario)


def test_screenshot_is_private_and_its_message_is_plain(inbox: Inbox, tmp_path: Path) -> None:
    folder = tmp_path / "shots"

    async def scenario(app: LinkinboxApp, pilot: Pilot[int]) -> None:
        app.deliver_screenshot("inbox.svg", str(folder))
        await wait_until(pilot, lambda: bool(notifications(app)))
        message = notifications(app)[-1]
        assert "[$" not in message and str(folder / "inbox.svg") in message

    run(LinkinboxApp(inbox), scenario)
    shot = folder / "inbox.svg"
    assert shot.read_text(encoding="utf-8").startswith("<svg")
    assert stat.S_IMODE(os.stat(shot).st_mode) == 0o600


def test_first_import_calls_nothing_unchanged(
    capsys: pytest.CaptureFixture[str], sample_export: Path
) -> None:
    from linkinbox.cli import main

    assert main(["import", str(sample_export)]) == 0
    out = capsys.readouterr().out
    assert "unchanged" not in out  # nothing was there before
    assert "from people already connected with you" in out
    assert "1 sent invitation." in out
    assert main(["import", str(sample_export)]) == 0
    assert "unchanged" in capsys.readouterr().out


# -- small windows ------------------------------------------------------------------------------


def run_at(app: LinkinboxApp, size: tuple[int, int], scenario: Scenario) -> None:
    async def main() -> None:
        async with app.run_test(size=size, notifications=True) as pilot:
            await wait_until(pilot, lambda: bool(app.screen.query(RequestList)))
            await pilot.pause()
            await scenario(app, pilot)

    asyncio.run(main())


def footer_text(app: LinkinboxApp) -> str:
    return screen_text(app).splitlines()[-1]


@pytest.mark.parametrize("size", [(120, 40), (80, 24), (60, 20), (60, 16)])
def test_small_windows_keep_help_quit_the_keys_and_the_star(
    inbox: Inbox, size: tuple[int, int]
) -> None:
    async def scenario(app: LinkinboxApp, pilot: Pilot[int]) -> None:
        await wait_until(pilot, lambda: "? Help" in footer_text(app))
        footer = footer_text(app)
        assert "? Help" in footer and "q Quit" in footer
        # Every key shown is whole: no "Und" left of a cut "Undo".
        for word in footer.replace("▏", " ").split():
            assert word in FOOTER_WORDS, f"{word!r} cut in {footer!r}"
        bar = screen_text(app)
        assert "[F]" in bar and "[C]" in bar and "[D]" in bar and "★" in bar

    run_at(LinkinboxApp(inbox), size, scenario)


FOOTER_WORDS = {
    *[
        "?",
        "Help",
        "q",
        "Quit",
        "f",
        "Follow",
        "c",
        "Connect",
        "d",
        "Decline",
        "u",
        "Undo",
        "r",
        "Reply",
        "y",
        "Copy",
        "o",
        "Open",
        "/",
        "Filter",
    ],
    *["t", "Theme", "^p", "palette"],
}


@pytest.mark.parametrize("size", [(80, 24), (60, 20), (60, 16)])
def test_names_are_whole_or_cut_with_an_ellipsis(inbox: Inbox, size: tuple[int, int]) -> None:
    async def scenario(app: LinkinboxApp, _pilot: Pilot[int]) -> None:
        listing = app.screen.query_one(RequestList)
        names = [one_line(r.name) for r in inbox.store.requests(status="pending")]
        for y in range(listing.size.height):
            segments = list(listing.render_line(y))
            if len(segments) < 4:
                continue
            shown = segments[3].text.strip()  # pointer, mark, signal, then the name
            if not shown:
                continue
            assert shown in names or (
                shown.endswith("…") and any(n.startswith(shown[:-1]) for n in names)
            ), shown

    run_at(LinkinboxApp(inbox), size, scenario)


def test_editor_keeps_counter_and_preview_at_60x20(inbox: Inbox) -> None:
    async def scenario(app: LinkinboxApp, pilot: Pilot[int]) -> None:
        await pilot.press("r")
        await wait_until(pilot, lambda: isinstance(app.screen, TemplateEditor))
        text = screen_text(app)
        assert "/300 characters" in text and "Preview" in text
        assert "Hi Marguerite" in text  # the preview itself, not only its title

    run_at(LinkinboxApp(inbox), (60, 20), scenario)


def test_profile_scrolls_from_the_keyboard(inbox: Inbox) -> None:
    async def scenario(app: LinkinboxApp, pilot: Pilot[int]) -> None:
        pane = app.screen.query_one(ProfilePane)
        assert pane.max_scroll_y > 0, "the demo's first profile is longer than 60x16 shows"
        await pilot.press("J")
        await wait_until(pilot, lambda: pane.scroll_y > 0)
        await pilot.press("K")
        await wait_until(pilot, lambda: pane.scroll_y == 0)

    run_at(LinkinboxApp(inbox), (60, 16), scenario)


def test_first_run_hint_is_whole_in_a_narrow_list() -> None:
    me_config()
    with Inbox() as empty:

        async def scenario(app: LinkinboxApp, _pilot: Pilot[int]) -> None:
            text = " ".join(
                line.split("▕")[0].strip() for line in screen_text(app).splitlines()[1:]
            )
            assert "linkinbox import PATH)." in " ".join(text.split())

        run_at(LinkinboxApp(empty), (60, 20), scenario)
