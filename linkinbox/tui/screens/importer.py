"""Import inside the app: a path prompt with completion, a worker with progress, a summary."""

from __future__ import annotations

import os
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Input, ProgressBar, Static

from linkinbox.errors import LinkinboxError
from linkinbox.inbox import Inbox
from linkinbox.models import ImportSummary
from linkinbox.tui.later import tell
from linkinbox.words import plural

#: Reasons listed in the dialog at most (the command line, `linkinbox import`, lists them all).
LISTED = 500


class PathSuggester(Suggester):
    """Completes file and folder names as you type; → accepts the completion."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        if not value:
            return None
        expanded = os.path.expanduser(value)
        folder, prefix = os.path.split(expanded)
        try:
            names = sorted(os.listdir(folder or "."))
        except OSError:
            return None
        for name in names:
            if name.startswith(prefix) and (prefix.startswith(".") or not name.startswith(".")):
                full = os.path.join(folder, name)
                if os.path.isdir(full):
                    full += os.sep
                if value.startswith("~"):
                    full = "~" + full[len(os.path.expanduser("~")) :]
                return full if full != value else None
        return None


class PathInput(Input):
    """The path box: tab takes the completion shown (as → does at the end of the text)."""

    BINDINGS = [Binding("tab", "complete", "Complete the path", id="import-complete", show=False)]

    def action_complete(self) -> None:
        self.action_end()
        self.action_cursor_right()  # at the end, → takes the suggestion


class ImportScreen(ModalScreen[ImportSummary | None]):
    """Ask for a path; import it off the UI thread; dismiss with the summary. When something was
    skipped, the dialog stays and lists why, each mail or row on a line, until it is closed."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="import-cancel"),
        Binding("enter", "cancel", "Close", id="import-close", show=False),
    ]

    def __init__(self, inbox: Inbox) -> None:
        super().__init__()
        self.inbox = inbox
        self.busy = False
        self.summary: ImportSummary | None = None  # once imported, with something skipped

    def compose(self) -> ComposeResult:
        with Vertical(id="import"):
            yield Static(
                "Import: a LinkedIn export (ZIP or folder), a CSV or JSON list, an .eml, mbox or "
                "Maildir. tab or → completes the path; enter imports.",
                id="import-title",
                markup=False,
            )
            yield PathInput(
                placeholder="~/Downloads/…_LinkedInDataExport_….zip",
                id="import-path",
                suggester=PathSuggester(),
                select_on_focus=False,  # after an error, the path stays as typed, to fix
            )
            yield ProgressBar(total=None, id="import-progress", show_eta=False)
            yield Static("", id="import-status", markup=False)
            with VerticalScroll(id="import-skips"):
                yield Static("", id="import-reasons", markup=False)

    def on_mount(self) -> None:
        self.query_one(ProgressBar).display = False
        self.query_one("#import-skips").display = False
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        if self.busy:
            return
        raw = event.value.strip()
        if not raw:
            return
        path = Path(os.path.expanduser(raw))
        if not path.exists():
            self.query_one("#import-status", Static).update(Content(f"No such file: {path}"))
            return
        self.busy = True
        self.query_one(ProgressBar).display = True
        self.query_one(Input).disabled = True
        self.run_import(path)

    @work(thread=True, exclusive=True, group="import")
    def run_import(self, path: Path) -> None:
        def progress(done: int, total: int, what: str) -> None:
            tell(self, self.show_progress, done, total, what)

        try:
            with self.inbox.reopen() as inbox:  # the app's own store, on this thread's connection
                summary = inbox.import_paths([path], progress)
                inbox.ensure_screened(progress)
        except LinkinboxError as error:
            tell(self, self.failed, str(error))
            return
        tell(self, self.finished, summary)

    def finished(self, summary: ImportSummary) -> None:
        """Nothing skipped: closed, and the inbox says what was imported. Something skipped:
        the dialog says what was imported and why each mail or row was skipped."""
        reasons = summary.skip_reasons()
        if not reasons:
            self.dismiss(summary)
            return
        self.summary = summary
        self.busy = False
        self.query_one(ProgressBar).display = False
        self.query_one(Input).display = False
        close = self.key_named("import-close", "enter")
        cancel = self.key_named("import-cancel", "esc")
        self.query_one("#import-status", Static).update(
            Content(
                f"Imported: {summary.sentence()}. Why each was skipped "
                f"({close} or {cancel} closes):"
            )
        )
        shown = reasons[:LISTED]
        if len(reasons) > LISTED:
            shown.append(
                f"… and {plural(len(reasons) - LISTED, 'more')}: `linkinbox import PATH` "
                "lists them all."
            )
        self.query_one("#import-reasons", Static).update(Content("\n".join(shown)))
        scroll = self.query_one("#import-skips", VerticalScroll)
        scroll.display = True
        scroll.focus()

    def key_named(self, ident: str, default: str) -> str:
        """The key bound to `ident` now, as a sentence names it."""
        keys_of = getattr(self.app, "keys_of", None)
        keys = keys_of(ident) if keys_of is not None else []
        return keys[0] if keys else default

    def show_progress(self, done: int, total: int, what: str) -> None:
        bar = self.query_one(ProgressBar)
        bar.update(total=max(total, 1), progress=done)
        self.query_one("#import-status", Static).update(Content(what.capitalize() + "…"))

    def failed(self, message: str) -> None:
        self.busy = False
        self.query_one(ProgressBar).display = False
        self.query_one(Input).disabled = False
        self.query_one(Input).focus()
        status = self.query_one("#import-status", Static)
        status.update(Content(f"Nothing imported: {message}"))
        status.add_class("error")

    def action_cancel(self) -> None:
        if not self.busy:
            self.dismiss(self.summary)
