"""The top line: the app's name, the view, `<N> to do` (on LinkedIn) and `<N> pending`."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Static


class TitleBar(Horizontal):
    def __init__(self, pending: int, todo: int = 0, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.pending = pending
        self.todo = todo

    def compose(self) -> ComposeResult:
        # The count is there from the first frame: the header never shows up without it.
        yield Static("linkinbox", id="title-name", markup=False)
        yield Static("", id="title-view", markup=False)
        yield Static(self._todo_text(self.todo), id="title-todo", markup=False)
        yield Static(f"{self.pending:,} pending", id="title-count", markup=False)

    @staticmethod
    def _todo_text(todo: int) -> str:
        return f"{todo:,} to do · " if todo else ""

    def show(self, pending: int, view: str | Content = "", todo: int | None = None) -> None:
        """`view`: the view tabs and what the list shows (a tab may carry a click action)."""
        self.query_one("#title-count", Static).update(f"{pending:,} pending")
        self.query_one("#title-view", Static).update(view)
        if todo is not None:
            self.query_one("#title-todo", Static).update(self._todo_text(todo))
