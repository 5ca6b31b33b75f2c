"""Legible everywhere (#15): messages read as sentences, plain text, never markup."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot
from tui_helpers import demo_inbox, me_config, notifications, run, screen_text, wait_until

from linkinbox import clock
from linkinbox.inbox import Inbox
from linkinbox.models import ImportSummary
from linkinbox.tui.app import LinkinboxApp
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
