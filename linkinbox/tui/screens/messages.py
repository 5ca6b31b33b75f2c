"""The message log: every toast and every problem found at start, kept for the session.

Toasts vanish; this does not. At start, mistakes in the config are shown here at once (one
message, not a stack of toasts); later, the palette's "Messages" opens it again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from linkinbox.text import clean_text


@dataclass(frozen=True)
class LoggedMessage:
    """One message as it was said: when, how serious, the words (plain text, control characters
    gone), and whether it was shown as a toast (or else only in a dialog or this log)."""

    at: datetime
    severity: str
    text: str
    title: str = ""
    toast: bool = True

    def line(self) -> str:
        label = {"warning": "problem", "error": "error"}.get(self.severity, "")
        prefix = f"{self.at:%H:%M:%S}  " + (f"{label}: " if label else "")
        title = f"{self.title}: " if self.title else ""
        return prefix + title + self.text


def plain_words(markup: str) -> str:
    """The words of a message written in Textual's content markup (the markup itself gone)."""
    try:
        return Content.from_markup(markup).plain
    except Exception:  # Textual raises several types for bad markup; the words are still there
        return markup


class MessageLog:
    """What linkinbox said this session, oldest first (a few hundred kept)."""

    LIMIT = 500

    def __init__(self) -> None:
        self.entries: list[LoggedMessage] = []

    def add(
        self, text: str, severity: str = "information", title: str = "", *, toast: bool = True
    ) -> LoggedMessage:
        entry = LoggedMessage(datetime.now(), severity, clean_text(text), clean_text(title), toast)
        self.entries.append(entry)
        del self.entries[: -self.LIMIT]
        return entry


class MessagesScreen(ModalScreen[None]):
    """The log, or (at start) the problems just found, with where to find them again."""

    BINDINGS = [
        Binding("escape,enter,q", "close", "Close", id="close-messages"),
    ]

    def __init__(self, title: str, lines: list[str], note: str) -> None:
        super().__init__()
        self.title_text = title
        self.lines = lines
        self.note = note

    def compose(self) -> ComposeResult:
        with Vertical(id="messages"):
            yield Static(Content(self.title_text), id="messages-title")
            with VerticalScroll(id="messages-list"):
                for line in self.lines or ["Nothing was said yet."]:
                    yield Static(Content(line), classes="message")
            yield Static(Content(self.note), id="messages-note")

    def action_close(self) -> None:
        self.dismiss(None)
