"""A side pane of plain-text parts (the profile and to-do panes): the screen sets it, it posts
nothing, and strangers' text in it is never markup."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static


class TextPane(VerticalScroll, can_focus=False):
    """One `Static` (markup off) for each of `PARTS`, with the id `<PREFIX>-<part>`."""

    PREFIX: ClassVar[str] = ""
    PARTS: ClassVar[tuple[str, ...]] = ()

    def compose(self) -> ComposeResult:
        for part in self.PARTS:
            yield Static("", id=f"{self.PREFIX}-{part}", markup=False)

    def part(self, name: str) -> Static:
        return self.query_one(f"#{self.PREFIX}-{name}", Static)
