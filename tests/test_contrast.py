"""Colour that reads (#15 item 2): every text on screen, as drawn (Textual's blending of
translucent colours done, then reduced to 256 colours like a terminal without true colour),
meets 4.5:1 against what is behind it, and 7:1 in the high-contrast theme."""

from __future__ import annotations

import pytest
from rich.color import Color, ColorSystem
from textual.geometry import Region
from textual.pilot import Pilot
from tui_helpers import run, screen_strips, toasts_on_screen, wait_until

from linkinbox.inbox import Inbox
from linkinbox.theme_defaults import bundled_names
from linkinbox.tui.app import LinkinboxApp

#: `terminal` draws in the terminal's own 16 colours: their contrast is the terminal's.
THEMES = [name for name in bundled_names() if name != "terminal"]
GOAL = {"high-contrast": 7.0}
SYSTEMS = {"24-bit": None, "256": ColorSystem.EIGHT_BIT}


def luminance(color: Color) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = color.get_truecolor()
    return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)


def contrast(one: Color, other: Color) -> float:
    """WCAG's contrast ratio, 1 (none) to 21 (black on white)."""
    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def is_decoration(text: str) -> bool:
    """Borders, rules and scrollbars: lines and blocks, not text anyone reads."""
    return all(c == " " or 0x2500 <= ord(c) <= 0x259F for c in text)


def low_contrast(app: LinkinboxApp, goal: float, within: Region | None = None) -> list[str]:
    """`system: text (ratio)` for every text on screen (or `within` a dialog) below `goal`."""
    found: set[str] = set()
    for label, system in SYSTEMS.items():
        for y, strip in enumerate(screen_strips(app)):
            x = 0
            for segment in strip:
                style = segment.style
                at, x = x, x + segment.cell_length
                if within is not None and not within.contains(at, y):
                    continue  # the inbox behind a dialog, dimmed on purpose
                if style is None or is_decoration(segment.text):
                    continue
                if style.color is None or style.bgcolor is None:
                    continue
                fore, back = style.color, style.bgcolor
                if system is not None:
                    fore, back = fore.downgrade(system), back.downgrade(system)
                if style.reverse:
                    fore, back = back, fore
                ratio = contrast(fore, back)
                if ratio < goal:
                    found.add(f"{label}: {segment.text.strip()[:30]!r} ({ratio:.2f}:1)")
    return sorted(found)


@pytest.mark.parametrize("theme", THEMES)
def test_every_text_meets_its_contrast_goal(inbox: Inbox, theme: str) -> None:
    goal = GOAL.get(theme, 4.5)

    async def scenario(app: LinkinboxApp, pilot: Pilot[int]) -> None:
        app.theme = theme
        await pilot.press("f")  # a decision: its toast, and the next row under the cursor
        await wait_until(pilot, lambda: bool(toasts_on_screen(app)))
        problems = low_contrast(app, goal)
        for view in "234":  # Sent, Decided, To do: their tabs, marks and panes
            await pilot.press(view)
            await pilot.pause()
            problems += low_contrast(app, goal)
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: bool(app.screen.query("#help")))
        problems += low_contrast(app, goal, app.screen.query_one("#help").region)
        assert not problems, f"{theme}, below {goal}:1: " + "; ".join(sorted(set(problems)))

    run(LinkinboxApp(inbox), scenario)
