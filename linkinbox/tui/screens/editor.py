"""The template editor: a text area, a live preview for the selected sender, a length counter."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static, TextArea

from linkinbox.errors import LinkinboxError, TemplateError
from linkinbox.models import Request
from linkinbox.templates import NOTE_LIMIT, PLACEHOLDERS
from linkinbox.text import one_line
from linkinbox.tui.drawing import marks
from linkinbox.tui.widgets.footer import KeyFooter

if TYPE_CHECKING:
    from linkinbox.inbox import Inbox


class TemplateEditor(Screen[bool]):
    """Edit one reply template; `ctrl+s` saves to templates.toml, `escape` goes back."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="save-reply", priority=True),
        Binding("escape", "leave", "Back", id="leave-editor", priority=True),
    ]

    def __init__(self, inbox: Inbox, name: str, decision: str, request: Request | None) -> None:
        super().__init__()
        self.inbox = inbox
        self.template_name = name
        self.decision = decision
        self.request = request
        self.saved_body = inbox.templates.body(name)
        self._warned = False

    def compose(self) -> ComposeResult:
        who = one_line(self.request.name, limit=40) if self.request else "nobody"
        with Vertical(id="editor"):
            yield Static(
                Content(f"Reply template “{self.template_name}” · preview for {who}"),
                id="editor-title",
            )
            yield Static(
                Content(" ".join("{" + p + "}" for p in PLACEHOLDERS) + " · {{ }} literal braces"),
                id="editor-help",
            )
            yield TextArea(
                self.saved_body, id="editor-body", soft_wrap=True, show_line_numbers=False
            )
            yield Static("", id="editor-status", markup=False)
            yield Static("Preview", id="editor-preview-title", markup=False)
            yield Static("", id="editor-preview", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)
        self.update_preview()

    @property
    def body(self) -> str:
        return self.query_one(TextArea).text

    @on(TextArea.Changed)
    def update_preview(self) -> None:
        self._warned = False
        status = self.query_one("#editor-status", Static)
        preview = self.query_one("#editor-preview", Static)
        try:
            from linkinbox.templates import render, values_for

            text = render(
                self.body, values_for(self.request, self.inbox.my_name, self.inbox.my_profile_url)
            )
        except TemplateError as error:
            status.update(Content(f"{marks(self).error} {error}"))
            status.set_classes("error")
            return
        length = len(text)
        dirty = " · unsaved" if self.body.strip("\n") != self.saved_body.strip("\n") else ""
        if length > NOTE_LIMIT:
            status.update(
                Content(f"{length}/{NOTE_LIMIT} characters: over LinkedIn's limit{dirty}")
            )
            status.set_classes("warning")
        else:
            status.update(Content(f"{length}/{NOTE_LIMIT} characters{dirty}"))
            status.set_classes("ok")
        preview.update(Content(text))

    def action_save(self) -> None:
        try:
            self.inbox.templates.save(self.template_name, self.body)
        except TemplateError as error:
            self.notify(f"Not saved: {error}", severity="error", markup=False)
            return
        except LinkinboxError as error:
            self.notify(f"Not saved: {error}", severity="error", markup=False)
            return
        self.saved_body = self.body
        self.update_preview()
        path = self.inbox.templates.path
        self.notify(
            f"Saved the “{self.template_name}” template to {path}.", markup=False, timeout=3
        )

    def action_leave(self) -> None:
        if self.body.strip("\n") != self.saved_body.strip("\n") and not self._warned:
            self._warned = True
            self.notify(
                "Unsaved changes: ctrl+s saves, escape again discards them.",
                severity="warning",
                timeout=4,
            )
            return
        self.dismiss(self.body == self.saved_body)
