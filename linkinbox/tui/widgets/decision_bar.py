"""The decision bar: the three decisions, the suggested one marked, the reply one highlighted."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Static

DECISIONS = ("follow", "connect", "decline")
LABELS = {"follow": "[F]ollow", "connect": "[C]onnect", "decline": "[D]ecline"}


def label(decision: str, key: str) -> str:
    """`[D]ecline` when `d` declines; the word and its key otherwise (the keymap rebinds)."""
    word = decision.capitalize()
    if key.lower() == word[0].lower():
        return f"[{word[0]}]{word[1:]}"
    return f"{word} [{key}]"


class DecisionBar(Horizontal):
    """Three labels; the screen sets `suggested` and `selected` (the reply shown below)."""

    def compose(self) -> ComposeResult:
        for decision in DECISIONS:
            yield Static(
                LABELS[decision], id=f"decision-{decision}", classes="decision", markup=False
            )

    def show(
        self,
        suggested: str | None,
        selected: str,
        marked: int = 0,
        *,
        hidden: int = 0,
        keys: dict[str, str] | None = None,
    ) -> None:
        """`marked`: marked requests shown; `hidden`: marked but not shown (left alone);
        `keys`: the key of each decision now."""
        for decision in DECISIONS:
            widget = self.query_one(f"#decision-{decision}", Static)
            text = label(decision, keys[decision]) if keys else LABELS[decision]
            if decision == suggested:
                text += " ★"
            widget.update(text)
            widget.set_class(decision == suggested, "suggested")
            widget.set_class(decision == selected, "selected")
        if marked:
            self.border_title = f"{marked} marked: a decision applies to all · esc clears"
            if hidden:
                self.border_title += f" · {hidden} not shown, left alone"
        elif hidden:
            self.border_title = f"{hidden} marked, not shown here: a decision takes the cursor's"
        elif suggested:
            self.border_title = "suggested ★ · enter takes it"
        else:
            self.border_title = ""
