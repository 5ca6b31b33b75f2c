"""Colour that reads (#15 item 2): every text on screen, as drawn (Textual's blending of
translucent colours done, then reduced to 256 or 16 colours like a terminal without true colour,
or to greys with NO_COLOR), meets 4.5:1 against what is behind it, and 7:1 in the high-contrast
theme; toasts of every severity too."""

from __future__ import annotations

import pytest
from rich.color import Color, ColorSystem, ColorType
from textual.geometry import Region
from textual.pilot import Pilot
from tui_helpers import run, screen_strips, toasts_on_screen, wait_until

from linkinbox.inbox import Inbox
from linkinbox.theme_defaults import bundled_names
from linkinbox.tui.app import LinkinboxApp
from linkinbox.tui.drawing import readable_pair, worst_contrast

#: `terminal` draws in the terminal's own 16 colours: their contrast is the terminal's.
THEMES = [name for name in bundled_names() if name != "terminal"]
GOAL = {"high-contrast": 7.0}
SYSTEMS = {"24-bit": None, "256": ColorSystem.EIGHT_BIT, "16": ColorSystem.STANDARD}
#: What a 16-colour terminal shows for each of its colours: rich picks the nearest of its own
#: palette (VGA's); xterm's (and tmux's, and most terminals' defaults) differs, so both count.
PALETTES = {
    "vga": [
        (0, 0, 0), (170, 0, 0), (0, 170, 0), (170, 85, 0), (0, 0, 170), (170, 0, 170),
        (0, 170, 170), (170, 170, 170), (85, 85, 85), (255, 85, 85), (85, 255, 85),
        (255, 255, 85), (85, 85, 255), (255, 85, 255), (85, 255, 255), (255, 255, 255),
    ],
    "xterm": [
        (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205),
        (0, 205, 205), (229, 229, 229), (127, 127, 127), (255, 0, 0), (0, 255, 0),
        (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
    ],
}  # fmt: skip


RGB = tuple[int, int, int]


def luminance(color: RGB) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = color
    return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)


def contrast(one: RGB, other: RGB) -> float:
    """WCAG's contrast ratio, 1 (none) to 21 (black on white)."""
    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def shown(color: Color, system: ColorSystem | None, palette: list[RGB]) -> RGB:
    """What the terminal shows for `color`: reduced to `system` as rich reduces it, a 16-colour
    terminal's colour number read from its `palette`."""
    if system is None:
        red, green, blue = color.get_truecolor()
        return red, green, blue
    reduced = color.downgrade(system)
    if reduced.type == ColorType.STANDARD and reduced.number is not None:
        return palette[reduced.number]
    red, green, blue = reduced.get_truecolor()
    return red, green, blue


def is_decoration(text: str) -> bool:
    """Borders, rules and scrollbars: lines and blocks, not text anyone reads."""
    return all(c == " " or 0x2500 <= ord(c) <= 0x259F for c in text)


def low_contrast(app: LinkinboxApp, goal: float, within: Region | None = None) -> list[str]:
    """`system: text (ratio)` for every text on screen (or `within` a dialog) below `goal`:
    in 24-bit and 256 colours, or in 16 (in either palette) where the app has 16."""
    found: set[str] = set()
    strips = screen_strips(app)
    sixteen = app.console.color_system == "standard"
    for label, system, palette in [
        (f"{label} ({name})" if system == ColorSystem.STANDARD else label, system, palette)
        for label, system in SYSTEMS.items()
        for name, palette in PALETTES.items()
        if (system == ColorSystem.STANDARD) == sixteen
        and (system == ColorSystem.STANDARD or name == "vga")
    ]:
        for y, strip in enumerate(strips):
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
                fore, back = (
                    shown(style.color, system, palette),
                    shown(style.bgcolor, system, palette),
                )
                if style.reverse:
                    fore, back = back, fore
                ratio = contrast(fore, back)
                if ratio < goal:
                    found.add(f"{label}: {segment.text.strip()[:30]!r} ({ratio:.2f}:1)")
    return sorted(found)


#: How the terminal draws: its colours as the environment says (rich reads TERM and COLORTERM).
TERMINALS = {
    "true colour": {"COLORTERM": "truecolor"},
    "16 colours": {"COLORTERM": "", "TERM": "xterm-16color"},
    "NO_COLOR": {"COLORTERM": "truecolor", "NO_COLOR": "1"},  # Textual draws in greys
}


@pytest.mark.parametrize("terminal", TERMINALS)
@pytest.mark.parametrize("theme", THEMES)
def test_every_text_meets_its_contrast_goal(
    inbox: Inbox, theme: str, terminal: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    goal = GOAL.get(theme, 4.5)
    for name, value in TERMINALS[terminal].items():
        monkeypatch.setenv(name, value)

    async def scenario(app: LinkinboxApp, pilot: Pilot[int]) -> None:
        app.theme = theme
        await pilot.press("f")  # a decision: its toast, and the next row under the cursor
        await wait_until(pilot, lambda: bool(toasts_on_screen(app)))
        for severity in ("warning", "error"):  # toasts of every severity
            app.notify(f"A toast of severity {severity}", title=severity, severity=severity)
        await wait_until(pilot, lambda: len(toasts_on_screen(app)) >= 3)
        assert any("severity error" in toast for toast in toasts_on_screen(app))
        problems = low_contrast(app, goal)
        for view in "234":  # Sent, Decided, To do: their tabs, marks and panes
            await pilot.press(view)
            await pilot.pause()
            problems += low_contrast(app, goal)
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: bool(app.screen.query("#help")))
        problems += low_contrast(app, goal, app.screen.query_one("#help").region)
        assert not problems, f"{theme}, below {goal}:1: " + "; ".join(sorted(set(problems)))

    app = LinkinboxApp(inbox)
    assert (app.console.color_system == "standard") == (terminal == "16 colours")
    run(app, scenario)


@pytest.mark.parametrize("goal", [4.5, 7.0])
def test_every_pair_of_the_16_colours_is_made_to_read(goal: float) -> None:
    """In 16 colours a text becomes its brighter (or darker) twin, or white (or black), until
    it meets the goal in both palettes; the middle grey, drawn 85 or 127, is never behind it."""
    for fore in range(16):
        for back in range(16):
            text, behind = readable_pair(fore, back, goal)
            assert behind != 8
            best = max(worst_contrast(15, behind), worst_contrast(0, behind))
            assert worst_contrast(text, behind) >= min(goal, best), (fore, back)
            if back != 8 and worst_contrast(fore, back) >= goal:
                assert (text, behind) == (fore, back)  # a pair that reads is left as it is
