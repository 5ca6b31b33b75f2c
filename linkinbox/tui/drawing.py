"""The app's marks and two line filters: one keeps every cell drawable where a terminal draws
no Unicode (see `linkinbox.glyphs`), one keeps every text readable in 16 colours."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from rich.color import Color as RichColor
from rich.color import ColorSystem, ColorType
from rich.segment import Segment
from rich.style import Style
from textual.color import Color
from textual.filter import LineFilter
from textual.widget import Widget

from linkinbox.glyphs import UNICODE, Marks, drawable_text


class DrawableFilter(LineFilter):
    """Every character the terminal cannot draw becomes a stand-in of the same width: names,
    borders, scrollbars and Textual's own widgets included, so columns stay aligned."""

    def __init__(self, drawable: str) -> None:
        super().__init__()
        self.drawable = drawable

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:  # noqa: ARG002
        drawable = self.drawable
        return [
            segment
            if segment.control or segment.text.isascii()
            else Segment(drawable_text(segment.text, drawable), segment.style)
            for segment in segments
        ]


def marks(widget: Widget) -> Marks:
    """The marks this widget's app draws (Unicode outside a linkinbox app)."""
    found = getattr(widget.app, "marks", UNICODE)
    return found if isinstance(found, Marks) else UNICODE


#: What terminals show for their 16 colours: rich picks the nearest of VGA's palette, and xterm
#: (tmux, most terminals' defaults) draws other ones; a colour must read in both.
PALETTES: tuple[tuple[tuple[int, int, int], ...], ...] = (
    (
        (0, 0, 0), (170, 0, 0), (0, 170, 0), (170, 85, 0), (0, 0, 170), (170, 0, 170),
        (0, 170, 170), (170, 170, 170), (85, 85, 85), (255, 85, 85), (85, 255, 85),
        (255, 255, 85), (85, 85, 255), (255, 85, 255), (85, 255, 255), (255, 255, 255),
    ),
    (
        (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205),
        (0, 205, 205), (229, 229, 229), (127, 127, 127), (255, 0, 0), (0, 255, 0),
        (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
    ),
)  # fmt: skip
#: A colour's brighter twin (for dark backgrounds) and darker one (for light), hue kept.
BRIGHTER = {0: 8, 1: 9, 2: 10, 3: 11, 4: 12, 5: 13, 6: 14, 7: 15, 8: 7}
#: What stands behind text instead of the middle grey (8): terminals draw that grey 85 or 127,
#: too light for white and too dark for black in one of them. Blue reads under white in both,
#: and a highlight (the focused row, the picked theme) stays a highlight.
GREY_BEHIND = 4
DARKER = {15: 7, 9: 1, 10: 2, 11: 3, 12: 4, 13: 5, 14: 6, 7: 8, 8: 0}


def _luminance(rgb: tuple[int, int, int]) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = rgb
    return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)


def worst_contrast(fore: int, back: int) -> float:
    """The WCAG contrast of colour `fore` on `back` (numbers of the 16) in the palette that
    draws them closest."""
    ratios = []
    for palette in PALETTES:
        high, low = sorted((_luminance(palette[fore]), _luminance(palette[back])), reverse=True)
        ratios.append((high + 0.05) / (low + 0.05))
    return min(ratios)


def _number(color: RichColor | None) -> int | None:
    if color is None or color.type == ColorType.DEFAULT:
        return None
    return color.downgrade(ColorSystem.STANDARD).number


@lru_cache(maxsize=1024)
def readable_pair(fore: int, back: int, goal: float) -> tuple[int, int]:
    """Colours `fore` on `back` (numbers of the 16) that meet `goal` in every palette: the
    middle grey (8, drawn 85 or 127) as a background becomes `GREY_BEHIND`, and a text too
    faint becomes its brighter (or darker) twin, else white (or black)."""
    if back == 8:
        back = GREY_BEHIND
    if worst_contrast(fore, back) >= goal:
        return fore, back
    dark = _luminance(PALETTES[0][back]) < 0.2
    twins = BRIGHTER if dark else DARKER
    candidates = [twins.get(fore, fore), twins.get(twins.get(fore, fore), fore), 15, 7, 0]
    readable = [c for c in candidates if worst_contrast(c, back) >= goal]
    if readable:
        return readable[0], back
    return max((15, 0), key=lambda c: worst_contrast(c, back)), back


@lru_cache(maxsize=4096)
def _readable_style(style: Style, goal: float) -> Style:
    text, back = (style.bgcolor, style.color) if style.reverse else (style.color, style.bgcolor)
    back_number = _number(back)
    if back_number is None:
        return style
    text_number = _number(text)
    if text_number is None:  # blank cells: only their background
        new_text, new_back = None, GREY_BEHIND if back_number == 8 else back_number
    else:
        new_text, new_back = readable_pair(text_number, back_number, goal)
    if (new_text, new_back) == (text_number, back_number):
        return style
    text_color = None if new_text is None else RichColor.from_ansi(new_text)
    back_color = RichColor.from_ansi(new_back)
    if style.reverse:
        return style + Style(color=back_color, bgcolor=text_color)
    return style + Style(color=text_color, bgcolor=back_color)


class ReadableFilter(LineFilter):
    """For a terminal of 16 colours: every text in two of them that read (see `readable_pair`),
    so nothing turns faint or vanishes where rich picks the nearest of the 16."""

    def __init__(self, goal: Callable[[], float]) -> None:
        super().__init__()
        self.goal = goal

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:  # noqa: ARG002
        goal = self.goal()
        return [
            segment
            if segment.control or segment.style is None
            else Segment(
                segment.text,
                _plain_style(segment.style)
                if is_decoration(segment.text)
                else _readable_style(segment.style, goal),
            )
            for segment in segments
        ]


def is_decoration(text: str) -> bool:
    """Borders, rules and scrollbars: lines and blocks, not text anyone reads (their colour
    says something of its own: a toast's severity, the focused pane)."""
    return all(c == " " or 0x2500 <= ord(c) <= 0x259F for c in text) and not text.isspace()


@lru_cache(maxsize=1024)
def _plain_style(style: Style) -> Style:
    """A border's `style` without the middle grey (8), which terminals draw 85 or 127: behind
    it, `GREY_BEHIND`; as the line, light grey on a dark background (black on a light one)."""
    text, back = _number(style.color), _number(style.bgcolor)
    if 8 not in (text, back):
        return style
    if back == 8:
        back = GREY_BEHIND
    if text == 8:
        dark = back is None or _luminance(PALETTES[0][back]) < 0.2
        text = 7 if dark else 0
    return style + Style(
        color=None if text is None else RichColor.from_ansi(text),
        bgcolor=None if back is None else RichColor.from_ansi(back),
    )
