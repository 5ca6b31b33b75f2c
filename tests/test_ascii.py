"""Odd terminals (#15 items 2 and 6): ASCII marks for LINKINBOX_ASCII=1, the Linux console, an
old TERM and a locale that is not UTF-8, with every column where it would be; and every mark
(the stats chart's bars too) told apart by its shape, never by colour alone."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from cli_helpers import REPO
from rich.cells import cell_len
from textual.pilot import Pilot
from textual.widgets import Static
from tui_helpers import (
    demo_inbox,
    demo_network_inbox,
    me_config,
    run,
    screen_text,
    static_text,
    wait_until,
)

from linkinbox import cells, glyphs
from linkinbox.glyphs import ASCII, CONSOLE, UNICODE, charset, drawable_text
from linkinbox.tui.app import LinkinboxApp
from linkinbox.tui.screens.stats import StatsScreen
from linkinbox.tui.widgets.decision_bar import DecisionBar

UTF8 = {"TERM": "xterm-256color"}


@pytest.mark.parametrize(
    ("environ", "encoding", "expected"),
    [
        (UTF8, "utf-8", None),
        ({"TERM": "xterm-16color"}, "UTF-8", None),
        ({**UTF8, "LINKINBOX_ASCII": "1"}, "utf-8", "ascii"),
        (UTF8, "ISO-8859-1", "iso8859-1"),  # a Latin-1 locale
        (UTF8, "ANSI_X3.4-1968", "ascii"),  # LANG=C without Python's UTF-8 mode
        ({"TERM": "linux"}, "utf-8", CONSOLE),
        ({"TERM": "vt100"}, "utf-8", "ascii"),
        ({"TERM": "linux", "LINKINBOX_ASCII": "0"}, "latin-1", None),  # asked for Unicode
    ],
)
def test_what_the_terminal_draws(environ: dict[str, str], encoding: str, expected: str) -> None:
    assert charset(environ, encoding) == expected
    assert glyphs.marks_for(expected) is (UNICODE if expected is None else ASCII)


def test_every_mark_differs_by_shape() -> None:
    """Each mark means one thing in the list and its panes; the chart's fills differ too."""
    for drawn in (UNICODE, ASCII):
        row = [drawn.cursor, drawn.marked, drawn.stranger, drawn.known, drawn.cant_tell]
        row += [drawn.suggested, drawn.stale, drawn.gone, "F", "C", "D"]
        assert len(set(row)) == len(row), drawn
        for fills in (
            [drawn.follow, drawn.connect, drawn.decline, drawn.pending],
            [drawn.known_fill, drawn.cant_tell_fill, drawn.strangers_fill],
            [drawn.reviewed_fill, drawn.left_fill],
        ):
            assert len(set(fills)) == len(fills), drawn
    for value in vars(ASCII).values():
        assert value.isascii()


NAMES = [
    "Søren Ækerlund-Nuñez",
    "Łukasz Wiśniewski",
    "王芳",
    "Jess Monroe 👨‍💻",
    "अनन्या शर्मा",  # spacing vowel signs: one cell each on screen
    "Zoë “Z” Castellanos — CTO…",
    "╭─ box ─╮ ▕▔ █▓▒░",
]


@pytest.mark.parametrize("drawable", ["ascii", "iso8859-1", CONSOLE])
@pytest.mark.parametrize("name", NAMES)
def test_stand_ins_take_the_cells_the_terminal_would(name: str, drawable: str) -> None:
    shown = drawable_text(name, drawable)
    assert cell_len(shown) == cells.drawn(name)  # what follows stays in its column
    codec = "ascii" if drawable == "ascii" else "iso8859-1"
    if drawable != CONSOLE:
        shown.encode(codec)  # the terminal can draw every character
    assert drawable_text(name, None) == name


def test_readable_stand_ins() -> None:
    assert drawable_text("Søren Ækerlund, Łukasz, Zoë…", "ascii") == "Soren Akerlund, Lukasz, Zoe~"
    assert drawable_text("Søren Ækerlund, Łukasz, Zoë…", "iso8859-1") == (
        "Søren Ækerlund, Lukasz, Zoë~"
    )
    assert drawable_text("line one ★\nline two", "ascii") == "line one <\nline two"


# -- the inbox in a terminal that draws no Unicode --------------------------------------------


def check_screen(text: str, codec: str) -> list[str]:
    """The screen's lines, after checking every character is one the terminal can draw."""
    text.encode(codec)
    return text.splitlines()


@pytest.mark.parametrize("drawable", ["ascii", "iso8859-1"])
def test_the_inbox_in_ascii_keeps_its_columns(tmp_path: Path, drawable: str) -> None:
    me_config()
    inbox = demo_inbox(tmp_path)

    async def scenario(app: LinkinboxApp, pilot: Pilot[int]) -> None:
        lines = check_screen(screen_text(app), drawable)
        rows = [line for line in lines[1:-1] if line[:1] in (">", " ") and line[2:3] in "*v "]
        assert rows and rows[0].startswith("> ")  # the cursor, in ASCII
        assert any(r[2] == "*" for r in rows) and any(r[2] == "v" for r in rows)
        # The pane border beside the list is in one column on every line, whatever the name
        # (CJK, Devanagari, emoji): every stand-in takes the cells the name took.
        column = lines[1].index(" 2h |") + 4
        assert all(line[column] == "|" for line in lines[1:-1]), "\n".join(lines)
        assert "~" in screen_text(app)  # names and headlines cut with an ASCII ellipsis
        assert "<" in (app.screen.query_one(DecisionBar).border_title or "")  # the suggestion
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: bool(app.screen.query("#help")))
        check_screen(screen_text(app), drawable)
        key = static_text(app, "#help-symbols")
        assert "*  looks like a stranger" in key
        assert "v  looks like someone you know" in key
        assert "<  the suggested decision" in key

    with inbox:
        run(LinkinboxApp(inbox, drawable=drawable), scenario)


def test_ascii_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    me_config()
    monkeypatch.setenv("LINKINBOX_ASCII", "1")
    inbox = demo_inbox(tmp_path)

    async def scenario(app: LinkinboxApp, _pilot: Pilot[int]) -> None:
        check_screen(screen_text(app), "ascii")

    with inbox:
        app = LinkinboxApp(inbox)
        assert app.marks is ASCII
        run(app, scenario)


def month_bars(app: LinkinboxApp) -> dict[str, str]:
    return {
        kind: "".join(str(bar.render()) for bar in app.screen.query(f".month .month-bar.{kind}"))
        for kind in ("follow", "connect", "decline", "pending")
    }


@pytest.mark.parametrize("drawable", [None, "ascii"])
def test_the_stats_chart_reads_without_colour(tmp_path: Path, drawable: str | None) -> None:
    """Each kind of bar is drawn with its own character, and the legend says which is which."""
    me_config()
    inbox = demo_network_inbox(tmp_path)

    async def scenario(app: LinkinboxApp, pilot: Pilot[int]) -> None:
        for key in "fcd":  # a decision of each kind this month
            await pilot.press(key)
            await pilot.pause()
        await pilot.press("S")
        await wait_until(pilot, lambda: isinstance(app.screen, StatsScreen))
        drawn = app.marks
        bars = month_bars(app)
        for kind, fill in bars.items():
            assert fill and set(fill) == {getattr(drawn, kind)}, (kind, fill)
        assert len({fill[0] for fill in bars.values()}) == 4
        legend = app.screen.query_one("#stats-legend")
        for kind in bars:
            item = legend.query_one(f".{kind}", Static)
            assert str(item.render()) == f"{getattr(drawn, kind)} {kind}"
            bar = app.screen.query(f".month .month-bar.{kind}").last()
            assert item.rich_style.color == bar.rich_style.color  # in the bar's colour
        shown = screen_text(app)
        for fill in (drawn.known_fill, drawn.cant_tell_fill, drawn.strangers_fill):
            assert fill * 2 in shown  # the network's bars, each kind its own fill
        if drawable:
            shown.encode("ascii")

    with inbox:
        run(LinkinboxApp(inbox, drawable=drawable), scenario)


# -- the command line ------------------------------------------------------------------------


def run_list(env: dict[str, str], *args: str) -> list[str]:
    """`linkinbox --demo list` (or `args`) as bytes decoded from the encoding the output was
    given."""
    path = os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")])
    done = subprocess.run(
        [sys.executable, "-m", "linkinbox", "--demo", *(args or ("list",))],
        capture_output=True,
        stdin=subprocess.DEVNULL,
        env={**os.environ, "PYTHONPATH": path, "LINKINBOX_ASCII": "", **env},
        timeout=120,
        check=True,
    )
    codec = env.get("PYTHONIOENCODING", "utf-8")
    return done.stdout.decode(codec).splitlines()


@pytest.mark.parametrize(
    ("env", "codec"),
    [({"LINKINBOX_ASCII": "1"}, "ascii"), ({"PYTHONIOENCODING": "iso8859-1"}, "iso8859-1")],
)
def test_plain_list_in_ascii_keeps_its_columns(env: dict[str, str], codec: str) -> None:
    lines = run_list(env)
    assert lines
    text = "\n".join(lines)
    text.encode(codec)
    assert "stranger =>decline" in text and "known =>" in text  # words, not ● ✓ ★
    assert "?" in text  # CJK names: a stand-in per cell
    # Every headline starts in the same column: names with CJK, Devanagari or emoji included.
    # (id 6, age 4, signal 21, name 32 and their gaps: 70 cells; each character here is one.)
    assert all(line[68:70] == "  " and line[70] != " " for line in lines), "\n".join(lines)


@pytest.mark.parametrize(
    ("env", "codec", "arrow"),
    [
        ({"LINKINBOX_ASCII": "1"}, "ascii", "->"),
        ({"PYTHONIOENCODING": "iso8859-1"}, "iso8859-1", "->"),
        ({"PYTHONIOENCODING": "utf-8"}, "utf-8", "→"),
    ],
)
def test_decide_says_what_it_did_with_an_arrow_the_output_can_show(
    env: dict[str, str], codec: str, arrow: str
) -> None:
    (line,) = [x for x in run_list(env, "decide", "1", "follow") if x.startswith("1:")]
    assert f" {arrow} follow" in line, line  # not "?" for an arrow the terminal cannot show
    line.encode(codec)
