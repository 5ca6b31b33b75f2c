"""Set up LinkedIn for Follow: a checklist of the two settings, and the name and profile URL the
replies use. Ticks and the name/URL are written to config.toml."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Static

from linkinbox.browser import open_in_browser
from linkinbox.errors import LinkinboxError
from linkinbox.follow_setup import STEPS, TITLE, SetupStep
from linkinbox.text import one_line, profile_url, slug_from_url

if TYPE_CHECKING:
    from linkinbox.inbox import Inbox


class SetupCheck(Checkbox):
    """One setting to tick off (the built-in binding again, with an id)."""

    BINDINGS = [Binding("enter,space", "toggle_button", "Tick", id="setup-tick", show=False)]

    def __init__(self, step: SetupStep, value: bool) -> None:
        super().__init__(label(step, value), value, id=f"setup-{step.setting}")
        self.step = step


def label(step: SetupStep, done: bool) -> Content:
    return Content(f"{step.title}: {'done' if done else 'to do'}")


class FollowSetupScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("o", "open_page", "Open the setting's page", id="setup-open"),
        Binding("escape", "close", "Close", id="close-setup"),
    ]

    def __init__(self, inbox: Inbox, demo: bool = False) -> None:
        super().__init__()
        self.inbox = inbox
        self.demo = demo

    def compose(self) -> ComposeResult:
        inbox = self.inbox
        with Vertical(id="setup"):
            yield Static(Content(TITLE), id="setup-title")
            yield Static(
                Content(
                    "Your replies point strangers at the Follow button on your profile; it only "
                    "works if your profile offers it. Do these once on LinkedIn and tick them off."
                ),
                classes="help-note",
            )
            for number, step in enumerate(STEPS, 1):
                yield SetupCheck(step, bool(inbox.setting(step.setting)))
                yield Static(
                    Content(f"{number}. {step.where}\n   {step.url}"), classes="setup-where"
                )
            yield Static(
                Content("Used in replies as {my_name} and {my_profile_url}:"), classes="help-note"
            )
            yield Static(Content(self._source("my_name", "me_name")), id="setup-name-source")
            yield Input(inbox.my_name, placeholder="your name", id="setup-name")
            yield Static(Content(self._source("my_profile_url", "me_url")), id="setup-url-source")
            yield Input(
                inbox.my_profile_url,
                placeholder="https://www.linkedin.com/in/…",
                id="setup-url",
            )
            yield Static(
                Content(
                    "tab moves · space ticks · o opens the setting's page (and copies its link) · "
                    "enter in a field saves it · escape closes"
                ),
                classes="help-note",
            )

    def _source(self, setting: str, meta: str) -> str:
        label = "Your name" if setting == "my_name" else "Your profile URL"
        if self.inbox.setting(setting):
            return f"{label}: from config.toml"
        if self.inbox.from_export(meta):
            return f"{label}: from your LinkedIn export (enter saves it to config.toml)"
        return f"{label}: not known yet, please type it"

    def on_mount(self) -> None:
        self.query_one(SetupCheck).focus()

    def _save(self, key: str, value: object) -> bool:
        if self.demo:
            self.inbox.loaded.remember(key, value)
            return True
        try:
            self.inbox.loaded.set_value(key, value)
        except LinkinboxError as error:
            self.notify(f"Not saved: {error}", severity="error", markup=False)
            return False
        return True

    @on(Checkbox.Changed)
    def on_ticked(self, event: Checkbox.Changed) -> None:
        check = event.checkbox
        if isinstance(check, SetupCheck) and self._save(check.step.setting, event.value):
            check.label = label(check.step, event.value)
            state = "done" if event.value else "not done yet"
            self.notify(f"{check.step.title}: {state}.", timeout=2)

    @on(Input.Submitted, "#setup-name")
    def on_name(self, event: Input.Submitted) -> None:
        name = one_line(event.value, limit=200)
        if not name:
            self.notify("Type your name as LinkedIn shows it.", severity="warning")
            return
        if self._save("my_name", name):
            self.query_one("#setup-name-source", Static).update(
                Content(self._source("my_name", "me_name"))
            )
            self.notify(f"Replies sign as {name}.", markup=False, timeout=2)

    @on(Input.Submitted, "#setup-url")
    def on_url(self, event: Input.Submitted) -> None:
        value = event.value.strip()
        slug = slug_from_url(value) if "linkedin.com/" in value.lower() else ""
        if not slug or any(ch.isspace() for ch in slug):
            self.notify(
                "That is not a LinkedIn profile URL: it looks like "
                "https://www.linkedin.com/in/your-name",
                severity="warning",
            )
            return
        url = profile_url(slug)
        if self._save("my_profile_url", url):
            event.input.value = url
            self.query_one("#setup-url-source", Static).update(
                Content(self._source("my_profile_url", "me_url"))
            )
            self.notify(f"Replies point at {url}.", markup=False, timeout=2)

    def action_open_page(self) -> None:
        focused = self.focused
        step = focused.step if isinstance(focused, SetupCheck) else STEPS[0]
        self.app.copy_to_clipboard(step.url)
        verb = "Opened" if open_in_browser(step.url) else "No browser here:"
        self.notify(
            f"{verb} the page for “{step.title}”; its link is on the clipboard: {step.url}",
            markup=False,
            timeout=4,
        )

    def action_close(self) -> None:
        self.dismiss(None)
