"""Text measured in terminal cells: cut with "…" without splitting a character someone sees as
one (👨‍💻, é, क्षि), padded by cells (CJK takes two), with slack for what terminals disagree on.
No Textual here: `linkinbox list` uses it too."""

from __future__ import annotations

import unicodedata

from rich.cells import cell_len, split_graphemes

ELLIPSIS = "…"


def cut(text: str, width: int, ellipsis: str = ELLIPSIS) -> str:
    """`text` if it fits in `width` cells, else its longest start of whole grapheme clusters
    that fits with `ellipsis` after it."""
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return text
    room = width - cell_len(ellipsis)
    if room < 0:
        return ellipsis[:width]
    spans, _ = split_graphemes(text)
    used = 0
    end = 0
    for _start, stop, cells in spans:
        if used + cells > room:
            break
        used += cells
        end = stop
    return text[:end].rstrip() + ellipsis


def fit(text: str, width: int, ellipsis: str = ELLIPSIS) -> str:
    """`text` cut (see `cut`) and padded with spaces to take exactly `width` cells on screen.

    Spacing marks (see `slack`) take a cell in most terminals and none in rich's count, so a
    Devanagari name gets one space less per mark: the columns after it line up on screen."""
    shown = cut(text, width, ellipsis)
    room = width
    while shown and cell_len(shown) + slack(shown) > width:
        room -= 1
        shown = cut(text, room, ellipsis)
    return shown + " " * max(0, width - cell_len(shown) - slack(shown))


def drawn(text: str) -> int:
    """The cells `text` takes in most terminals: rich's count plus the spacing marks."""
    return cell_len(text) + slack(text)


def slack(text: str) -> int:
    """How many cells terminals may disagree on for `text`: spacing vowel signs and other
    spacing marks (Devanagari ा, Tamil ா) are one cell in most terminals and none in others."""
    if text.isascii():
        return 0
    return sum(1 for c in text if unicodedata.category(c) == "Mc")
