"""The app's marks and the line filter that keeps every cell drawable where a terminal draws
no Unicode (see `linkinbox.glyphs`)."""

from __future__ import annotations

from rich.segment import Segment
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
