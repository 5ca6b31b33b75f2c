"""The decision bar: the three decisions, the suggested one marked, the reply one highlighted."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Static

DECISIONS = ("follow", "connect", "decline")
LABELS = {"follow": "[F]ollow", "connect": "[C]onnect", "decline": "[D]ecline"}


class DecisionBar(Horizontal):
    """Three labels; the screen sets `suggested` and `selected` (the reply shown below)."""

    def compose(self) -> ComposeResult:
        for decision in DECISIONS:
            yield Static(
                LABELS[decision], id=f"decision-{decision}", classes="decision", markup=False
            )

    def show(self, suggested: str | None, selected: str, marked: int = 0) -> None:
        for decision in DECISIONS:
            label = self.query_one(f"#decision-{decision}", Static)
            text = LABELS[decision]
            if decision == suggested:
                text += " ★"
            label.update(text)
            label.set_class(decision == suggested, "suggested")
            label.set_class(decision == selected, "selected")
        if marked:
            self.border_title = f"{marked} marked: a decision applies to all · esc clears"
        elif suggested:
            self.border_title = "suggested ★ · enter takes it"
        else:
            self.border_title = ""
