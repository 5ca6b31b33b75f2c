"""A yes/no question with the list of what would happen."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static


class ConfirmScreen(ModalScreen[bool]):
    BINDINGS = [
        Binding("y,enter", "answer(True)", "Yes", id="confirm-yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm-no"),
    ]

    def __init__(self, title: str, lines: list[str], question: str) -> None:
        super().__init__()
        self.title_text = title
        self.lines = lines
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm"):
            yield Static(Content(self.title_text), id="confirm-title")
            with VerticalScroll(id="confirm-list"):
                yield Static(Content("\n".join(self.lines)))
            yield Static(Content(f"{self.question}  y yes · n no"), id="confirm-question")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
