"""The reply pane: the selected decision's template rendered for the selected sender."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from linkinbox.templates import NOTE_LIMIT


class ReplyPane(VerticalScroll, can_focus=False):
    def compose(self) -> ComposeResult:
        yield Static("", id="reply-title", markup=False)
        yield Static("", id="reply-body", markup=False)

    def show(
        self,
        decision: str,
        text: str | None,
        error: str | None = None,
        *,
        what: str = "template error",
        missing: str = "",
    ) -> None:
        """`missing`: what to say instead of an empty reply and a "0/300" count (a decision
        kept without a reply, or nothing selected)."""
        title = self.query_one("#reply-title", Static)
        body = self.query_one("#reply-body", Static)
        body.set_class(bool(missing and not text and not error), "empty")
        if missing and not text and not error:
            title.update(Content(f"Reply ({decision})" if decision else "Reply"))
            body.remove_class("error")
            body.update(Content(missing))
            return
        if error:
            title.update(Content(f"Reply ({decision}): {what}"))
            body.update(Content(error))
            body.add_class("error")
            return
        body.remove_class("error")
        length = len(text or "")
        over = " — over LinkedIn's limit" if length > NOTE_LIMIT else ""
        title.update(Content(f"Reply ({decision}) · {length}/{NOTE_LIMIT}{over}"))
        body.update(Content(text or ""))
