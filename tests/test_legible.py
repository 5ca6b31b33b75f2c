"""Legible everywhere (#15): messages read as sentences, plain text, never markup."""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList
from tui_helpers import (
    Scenario,
    me_config,
    notifications,
    run,
    screen_text,
    wait_until,
)

from linkinbox import cli, clock
from linkinbox.browser import INVITATION_MANAGER, open_in_browser
from linkinbox.cells import drawn, fit, slack
from linkinbox.inbox import Inbox
from linkinbox.models import ImportSummary
from linkinbox.text import clean_text, has_controls, one_line, split_name
from linkinbox.tui.app import LinkinboxApp
from linkinbox.tui.screens.editor import TemplateEditor
from linkinbox.tui.screens.importer import ImportScreen
from linkinbox.tui.screens.theme_picker import ThemePicker
from linkinbox.tui.widgets.profile import ProfilePane
from linkinbox.tui.widgets.request_list import RequestList
from linkinbox.words import plural


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


# -- modals you can see through ---------------------------------------------------------------


def test_theme_picker_narrows_as_you_type_and_the_inbox_shows_behind(inbox: Inbox) -> None:
    async def scenario(app: LinkinboxApp, pilot: Pilot[int]) -> None:
        await pilot.press("t")
        await wait_until(pilot, lambda: isinstance(app.screen, ThemePicker))
        options = app.screen.query_one("#theme-list", OptionList)
        assert options.option_count == len(app.available_themes)
        # The inbox stays on screen beside the picker, so a preview recolours what you use.
        assert "Marguerite Okafor" in screen_text(app)
        await pilot.press(*"contrast")
        await wait_until(pilot, lambda: options.option_count == 1)
        assert app.theme == "high-contrast"  # the one left is previewed at once
        await pilot.press("enter")
        await wait_until(pilot, lambda: not isinstance(app.screen, ThemePicker))
        assert app.theme == "high-contrast"

    run(LinkinboxApp(inbox), scenario)


def test_theme_picker_filter_by_kind_and_nothing_matching(inbox: Inbox) -> None:
    async def scenario(app: LinkinboxApp, pilot: Pilot[int]) -> None:
        await pilot.press("t")
        await wait_until(pilot, lambda: isinstance(app.screen, ThemePicker))
        options = app.screen.query_one("#theme-list", OptionList)
        await pilot.press(*"light")
        await wait_until(pilot, lambda: options.option_count < len(app.available_themes))
        shown = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert shown and all("(light)" in s for s in shown)
        await pilot.press(*"zzz")
        await wait_until(pilot, lambda: options.option_count == 0)
        await pilot.press("down", "enter")  # nothing to keep: the current theme stays
        await wait_until(pilot, lambda: not isinstance(app.screen, ThemePicker))

    run(LinkinboxApp(inbox), scenario)


@pytest.mark.parametrize("key", ["question_mark", "i"])
def test_dialogs_show_the_inbox_behind_them(inbox: Inbox, key: str) -> None:
    async def scenario(app: LinkinboxApp, pilot: Pilot[int]) -> None:
        await pilot.press(key)
        await wait_until(pilot, lambda: isinstance(app.screen, ModalScreen))
        await pilot.pause()
        assert app.screen.styles.background.a < 1  # a tint, not an opaque wall
        assert "pending" in screen_text(app).splitlines()[0]  # the inbox's title bar

    run(LinkinboxApp(inbox), scenario)


# -- panes that say what they show ------------------------------------------------------------


def test_nothing_selected_keeps_nothing_of_the_request_before(inbox: Inbox) -> None:
    async def scenario(app: LinkinboxApp, pilot: Pilot[int]) -> None:
        assert "History" in screen_text(app)  # the first request has one
        await pilot.press("slash", *"zzzz no one")
        await wait_until(pilot, lambda: "No request selected" in screen_text(app))
        text = screen_text(app)
        assert "History" not in text and "Invited you" not in text
        assert "0/300" not in text and "Nothing selected." in text

    run(LinkinboxApp(inbox), scenario)


def test_sent_view_says_it_is_your_invitation(inbox: Inbox) -> None:
    async def scenario(app: LinkinboxApp, pilot: Pilot[int]) -> None:
        await pilot.press("2")
        await wait_until(pilot, lambda: "your invitation" in screen_text(app))
        assert "can't tell" not in screen_text(app)

    run(LinkinboxApp(inbox), scenario)


def test_todo_view_says_when_no_reply_was_kept(inbox: Inbox) -> None:
    async def scenario(app: LinkinboxApp, pilot: Pilot[int]) -> None:
        await pilot.press("4")
        await wait_until(pilot, lambda: "as decided" in screen_text(app))
        text = screen_text(app)
        assert "0/300" not in text
        assert "No reply was kept with this decision." in text

    run(LinkinboxApp(inbox), scenario)


@pytest.mark.parametrize("size", [(120, 40), (80, 24), (60, 20)])
def test_devanagari_rows_end_at_the_list_edge_on_screen(
    inbox: Inbox, size: tuple[int, int]
) -> None:
    """Terminals draw a spacing vowel sign (ा) in a cell that rich does not count: a row
    holding one is written that much shorter, so on screen it ends where every other row
    does, not over the pane border beside it."""

    async def scenario(app: LinkinboxApp, _pilot: Pilot[int]) -> None:
        listing = app.screen.query_one(RequestList)
        visible = listing.scrollable_content_region.width
        checked = 0
        for y in range(listing.size.height):
            text = "".join(s.text for s in listing.render_line(y))
            if not text.strip():
                continue
            if slack(text):
                assert drawn(text) == visible, text  # up to the scrollbar, not under it
                checked += 1
            else:
                assert drawn(text) == listing.size.width, text
        assert checked, "the demo shows a Devanagari name on the first screen"
        assert drawn(fit("अनन्या शर्मा", 14)) == 14
        assert drawn(fit("अनन्या शर्मा", 8)) == 8 and fit("अनन्या शर्मा", 8).endswith("…")

    run_at(LinkinboxApp(inbox), size, scenario)


# -- names and emoji ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "first", "last"),
    [
        ("Okonkwo, Chidi", "Chidi", "Okonkwo"),
        ("Raman, Priya A.", "Priya", "Raman"),
        ("van der Berg, Anna", "Anna", "van der Berg"),
        ("Priya Raman, PhD", "Priya", "Raman"),
        ("John Smith, Jr.", "John", "Smith"),
        ("Ana Li, CISSP", "Ana", "Li"),
        ("Ana Li, MBA, PhD", "Ana", "Li"),
        ("Cher", "Cher", ""),
    ],
)
def test_last_comma_first_names_give_the_first_name(name: str, first: str, last: str) -> None:
    assert split_name(name) == (first, last)


def test_a_last_comma_first_sender_is_greeted_by_first_name(tmp_path: Path) -> None:
    export = tmp_path / "export"
    export.mkdir()
    (export / "Invitations.csv").write_text(
        "From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl\n"
        '"Okonkwo, Chidi",Me,"6/14/26, 9:00 AM",,INCOMING,'
        "https://www.linkedin.com/in/chidi-okonkwo,\n",
        encoding="utf-8",
    )
    me_config()
    with Inbox() as inbox:
        inbox.import_paths([export])
        (request,) = inbox.requests(status="pending")
        assert inbox.render_reply(request, "connect").startswith("Hi Chidi")


@pytest.mark.parametrize("emoji", ["👨‍💻", "👩🏽‍💻", "🏳️‍🌈", "❤️‍🔥"])
def test_joined_emoji_stay_whole(emoji: str) -> None:
    name = f"Dev {emoji} Person"
    assert clean_text(name) == name
    assert one_line(f"Sam {emoji}") == f"Sam {emoji}"
    # Cut, it goes whole or not at all.
    for width in range(4, 12):
        shown = fit(f"Sam {emoji} Lee", width)
        assert emoji in shown or "\u200d" not in shown, shown


def test_a_joiner_outside_emoji_is_still_removed() -> None:
    assert clean_text("Ze\u200dro") == "Zero"
    assert clean_text("a\u200d👨") == "a👨"
    assert has_controls("https://www.linkedin.com/in/a\u200db")  # never in an address


# -- odd terminals ------------------------------------------------------------------------------


def test_o_uses_the_browser_named_in_BROWSER_without_a_display(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = tmp_path / "opened.txt"
    script = tmp_path / "my-browser"
    script.write_text(f'#!/bin/sh\nprintf "%s" "$1" > "{seen}"\n', encoding="utf-8")
    script.chmod(0o755)
    monkeypatch.delenv("LINKINBOX_NO_BROWSER")
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setenv("BROWSER", f"{tmp_path / 'missing'}{os.pathsep}{script}")
    assert open_in_browser(INVITATION_MANAGER)
    deadline = time.monotonic() + 30  # started in the background: wait for it to write
    while not (seen.exists() and seen.read_text(encoding="utf-8")):
        assert time.monotonic() < deadline, "the browser never wrote"
        time.sleep(0.01)
    assert seen.read_text(encoding="utf-8") == INVITATION_MANAGER
    assert not open_in_browser("https://evil.example/")  # still only LinkedIn's own pages


def test_no_browser_anywhere_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LINKINBOX_NO_BROWSER")
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "BROWSER"):
        monkeypatch.delenv(name, raising=False)
    if sys.platform == "linux":
        assert not open_in_browser(INVITATION_MANAGER)


@pytest.mark.parametrize("args", [[], ["--demo"]])
def test_term_dumb_points_at_list(
    args: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("TERM", "dumb")
    assert cli.main(args) == 2
    err = capsys.readouterr().err
    assert "TERM=dumb" in err and "linkinbox list" in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


# -- help that teaches ---------------------------------------------------------------------------


def completions(script: str, *words: str) -> list[str]:
    """What bash offers after `linkinbox WORDS…` with the script loaded."""
    line = " ".join(f"'{w}'" for w in ("linkinbox", *words))
    program = (
        f"{script}\nCOMP_WORDS=({line}); COMP_CWORD={len(words)}; _linkinbox; "
        'printf "%s\\n" "${COMPREPLY[@]}"'
    )
    done = subprocess.run(["bash", "-c", program], capture_output=True, text=True, check=True)
    return done.stdout.split()


def test_completion_bash_is_valid_and_completes(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["completion", "bash"]) == 0
    script = capsys.readouterr().out
    subprocess.run(["bash", "-n"], input=script, text=True, check=True)
    assert completions(script, "li") == ["list"]
    assert "--status" in completions(script, "list", "--st")
    assert completions(script, "completion", "") == ["--help", "bash", "zsh", "fish"]


@pytest.mark.parametrize("shell", ["zsh", "fish"])
def test_completion_zsh_and_fish_parse(shell: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["completion", shell]) == 0
    script = capsys.readouterr().out
    assert "import" in script and "--status" in script.replace("-l status", "--status")
    if shutil.which(shell) is None:
        pytest.skip(f"{shell} is not installed here")
    subprocess.run([shell, "-n"], input=script, text=True, check=True)


def test_every_subcommand_help_has_a_description_and_an_example(
    capsys: pytest.CaptureFixture[str],
) -> None:
    parser = cli.build_parser()
    (sub,) = (a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    for name in sub.choices:
        with pytest.raises(SystemExit):
            parser.parse_args([name, "--help"])
        text = capsys.readouterr().out
        assert "example" in text and f"linkinbox {name}" in text, name
    with pytest.raises(SystemExit):
        parser.parse_args(["import", "--help"])
    assert "Invitations.csv" in capsys.readouterr().out  # it names what it reads


def test_plain_list_columns_line_up_on_screen_for_wide_scripts(
    inbox: Inbox, capsys: pytest.CaptureFixture[str]
) -> None:
    """CJK takes two cells, Devanagari vowel signs one more than rich counts: the headline
    column starts at the same place on screen in every row."""
    headlines = {one_line(r.headline, limit=50) for r in inbox.requests(status="pending")}
    assert cli.main(["list"]) == 0
    rows = capsys.readouterr().out.splitlines()
    starts = set()
    wide = 0
    for row in rows:
        shown = [h for h in headlines if h and row.endswith(h)]
        if not shown:
            continue
        start = row[: len(row) - len(max(shown, key=len))]
        starts.add(drawn(start))
        wide += drawn(start) != len(start)
    assert wide >= 2, "the demo has CJK and Devanagari names"
    assert len(starts) == 1, starts


def test_import_dialog_completes_with_tab_and_keeps_a_wrong_path_to_fix(
    inbox: Inbox, tmp_path: Path
) -> None:
    (tmp_path / "linkedin-export-2026.zip").write_bytes(b"not a zip")

    async def scenario(app: LinkinboxApp, pilot: Pilot[int]) -> None:
        await pilot.press("i")
        await wait_until(pilot, lambda: isinstance(app.screen, ImportScreen))
        box = app.screen.query_one("#import-path", Input)
        await pilot.press(*f"{tmp_path}/linkedin-e")
        deadline = time.monotonic() + 30
        # the completion is worked out in the background: tab until it is
        while time.monotonic() < deadline:
            await pilot.press("tab")
            if box.value.endswith("linkedin-export-2026.zip"):
                break
            await pilot.pause(0.02)
        assert box.value == f"{tmp_path}/linkedin-export-2026.zip"
        await pilot.press("enter")
        await wait_until(pilot, lambda: "Nothing imported" in screen_text(app), timeout=10)
        assert box.value.endswith("linkedin-export-2026.zip")
        assert box.selected_text == ""  # not all selected: the next key does not wipe it
        await pilot.press("escape")

    run(LinkinboxApp(inbox), scenario)
