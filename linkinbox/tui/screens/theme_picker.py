"""The theme picker: moving previews a theme live; enter keeps it, escape reverts."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option


class ThemePicker(ModalScreen[str | None]):
    BINDINGS = [
        Binding("escape", "revert", "Revert", id="theme-revert"),
        Binding("enter", "keep", "Keep", id="theme-keep", priority=True),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.original = ""

    def compose(self) -> ComposeResult:
        with Vertical(id="theme-picker"):
            yield Static(
                "Theme · enter keeps · escape reverts", id="theme-picker-title", markup=False
            )
            yield OptionList(id="theme-list")

    def on_mount(self) -> None:
        self.original = self.app.theme
        names = sorted(self.app.available_themes)
        options = self.query_one(OptionList)
        for name in names:
            theme = self.app.available_themes[name]
            options.add_option(Option(f"{name}  ({'dark' if theme.dark else 'light'})", id=name))
        if self.original in names:
            options.highlighted = names.index(self.original)
        options.focus()

    @on(OptionList.OptionHighlighted)
    def preview(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id:
            self.app.theme = event.option.id

    @on(OptionList.OptionSelected)
    def selected(self) -> None:
        self.action_keep()

    def action_keep(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is not None:
            chosen = options.get_option_at_index(options.highlighted).id
            if chosen:
                self.app.theme = chosen
                remember = getattr(self.app, "remember_theme", None)
                if remember is not None:
                    remember(chosen)
                self.notify(f"Theme: {chosen}.", markup=False, timeout=2)
        self.dismiss(self.app.theme)

    def action_revert(self) -> None:
        self.app.theme = self.original
        self.dismiss(None)
