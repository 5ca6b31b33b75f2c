"""What a terminal can draw: Unicode marks (▸ ● ✓ ★) where it can, ASCII marks (> * v <) where it
cannot, and a same-width stand-in for every other character it cannot draw, so columns stay
where they are. No Textual here: `linkinbox list` uses it too."""

from __future__ import annotations

import codecs
import os
import sys
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from rich.cells import cell_len, split_graphemes

#: TERM values whose terminals draw no Unicode beyond their own small font.
ASCII_TERMS = ("vt52", "vt100", "vt102", "vt220", "vt320", "ansi", "cons25")
#: The Linux console: its font has box lines, blocks and Latin letters (code page 437 or
#: Latin-1), not ● ✓ ★ ▸ or wide characters.
CONSOLE = "linux-console"


@dataclass(frozen=True)
class Marks:
    """Every mark linkinbox draws, each telling its meaning by shape (never by colour alone)."""

    cursor: str  # the request under the cursor
    marked: str  # marked for a batch decision
    stranger: str  # looks like a stranger
    known: str  # looks like someone you know
    cant_tell: str
    suggested: str  # the suggested decision
    stale: str  # your invitation, unanswered for weeks
    gone: str  # no longer a connection
    done: str  # a to-do step done
    error: str  # the editor's template error
    arrow: str  # your invitation →
    # The stats chart: one fill per kind, so the bars read without colour.
    follow: str
    connect: str
    decline: str
    pending: str
    known_fill: str
    cant_tell_fill: str
    strangers_fill: str
    reviewed_fill: str
    left_fill: str


UNICODE = Marks(
    cursor="▸",
    marked="+",
    stranger="●",
    known="✓",
    cant_tell="?",
    suggested="★",
    stale="!",
    gone="×",
    done="✓",
    error="✗",
    arrow="→",
    follow="█",
    connect="▓",
    decline="▒",
    pending="░",
    known_fill="█",
    cant_tell_fill="░",
    strangers_fill="▓",
    reviewed_fill="█",
    left_fill="░",
)
ASCII = Marks(
    cursor=">",
    marked="+",
    stranger="*",
    known="v",
    cant_tell="?",
    suggested="<",
    stale="!",
    gone="x",
    done="x",
    error="x",
    arrow="->",
    follow="F",
    connect="C",
    decline="D",
    pending=".",
    known_fill="#",
    cant_tell_fill=".",
    strangers_fill="*",
    reviewed_fill="#",
    left_fill=".",
)


def charset(environ: Mapping[str, str] | None = None, encoding: str | None = None) -> str | None:
    """None when the terminal draws Unicode; otherwise what it can draw: a codec name
    ("ascii", "iso8859-1") or `CONSOLE`.

    LINKINBOX_ASCII=1 asks for ASCII, LINKINBOX_ASCII=0 for Unicode whatever else is said;
    otherwise a TERM that draws no Unicode, the Linux console, or a locale (output encoding)
    that is not UTF-8 decides."""
    env = os.environ if environ is None else environ
    wanted = env.get("LINKINBOX_ASCII", "").strip().lower()
    if wanted in ("1", "yes", "true", "on"):
        return "ascii"
    if wanted in ("0", "no", "false", "off"):
        return None
    if encoding is None:
        encoding = getattr(sys.__stdout__, "encoding", None) or "utf-8"
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        name = "ascii"
    term = env.get("TERM", "").lower()
    if term.split("-")[0] in ASCII_TERMS:
        return "ascii"
    if not name.startswith("utf"):
        return name
    if term == "linux" or term.startswith("linux-"):
        return CONSOLE
    return None


def marks_for(drawable: str | None) -> Marks:
    """The marks for a terminal that draws `drawable` (see `charset`)."""
    return UNICODE if drawable is None else ASCII


#: Stand-ins for characters linkinbox and Textual draw often, each one cell like the original.
STAND_INS = {
    "…": "~",
    "·": "-",
    "•": "*",
    "●": "*",
    "✓": "v",
    "✗": "x",
    "×": "x",
    "★": "<",
    "▸": ">",
    "→": ">",
    "←": "<",
    "↑": "^",
    "↓": "v",
    "“": '"',
    "”": '"',
    "„": '"',
    "‘": "'",
    "’": "'",
    "–": "-",
    "—": "-",
    "█": "#",
    "▓": "%",
    "▒": ":",
    "░": ".",
    "▀": '"',
    "▄": "_",
    "▔": "-",
    "▁": "_",
    "▏": "|",
    "▕": "|",
    "▌": "|",
    "▐": "|",
    "\u00a0": " ",
}
# Letters with no accent to take off: the nearest one-cell ASCII letter.
STAND_INS.update(zip("ÆæØøŒœŁłĐđÐðĦħıßÞþ", "AaOoOoLlDdDdHhisTt", strict=True))


def _can_draw(cluster: str, drawable: str) -> bool:
    if cluster.isascii():
        return True
    if drawable == CONSOLE:
        return _encodes(cluster, "iso8859-1") or _encodes(cluster, "cp437")
    return _encodes(cluster, drawable)


def _encodes(text: str, codec: str) -> bool:
    try:
        text.encode(codec)
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def _stand_in(cluster: str, cells: int, drawable: str) -> str:
    """What to draw instead of `cluster`: as many cells as the terminal would have drawn."""
    if cells <= 0:
        return ""
    if len(cluster) == 1:
        if cluster in STAND_INS and cells == 1:
            return STAND_INS[cluster]
        if 0x2500 <= ord(cluster) <= 0x257F:  # box drawing: lines and corners
            name = unicodedata.name(cluster, "")
            if "HORIZONTAL" in name and "VERTICAL" not in name:
                return "-" * cells
            if "VERTICAL" in name and "HORIZONTAL" not in name:
                return "|" * cells
            return "+" * cells
        if 0x2580 <= ord(cluster) <= 0x259F:  # other block elements
            return "#" * cells
    # A letter with accents (é, ṡ): the letter without them, where the terminal has it.
    bare = "".join(
        c for c in unicodedata.normalize("NFKD", cluster) if not unicodedata.combining(c)
    )
    if bare and cell_len(bare) == cells and _can_draw(bare, drawable):
        return bare
    return "?" * cells


@lru_cache(maxsize=4096)
def drawable_text(text: str, drawable: str | None) -> str:
    """`text` with every character the terminal cannot draw replaced by a stand-in of the
    same width on screen (a spacing vowel sign counts one cell, as `cells.drawn` does), so
    what follows it stays in its column. `drawable` None: `text` unchanged."""
    if drawable is None or text.isascii():
        return text
    if "\n" in text:  # rich would count a line break as part of the character before it
        return "\n".join(drawable_text(line, drawable) for line in text.split("\n"))
    spans, _ = split_graphemes(text)
    out: list[str] = []
    for start, stop, cells in spans:
        cluster = text[start:stop]
        if _can_draw(cluster, drawable):
            out.append(cluster)
            continue
        # Terminals draw a spacing mark (Devanagari ा) in a cell of its own; rich counts none.
        marks = sum(1 for c in cluster if unicodedata.category(c) == "Mc")
        out.append(_stand_in(cluster, cells + marks, drawable))
    return "".join(out)
