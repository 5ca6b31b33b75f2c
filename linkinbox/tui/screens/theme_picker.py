"""The theme picker: type to narrow the list, move to preview a theme live on the inbox behind
it; enter keeps it, escape reverts."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option


class ThemePicker(ModalScreen[str | None]):
    BINDINGS = [
        Binding("escape", "revert", "Revert", id="theme-revert"),
        Binding("enter", "keep", "Keep", id="theme-keep", priority=True),
        Binding("down", "move(1)", "Next theme", id="theme-next", show=False, priority=True),
        Binding("up", "move(-1)", "Previous theme", id="theme-previous", show=False, priority=True),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.original = ""

    def compose(self) -> ComposeResult:
        with Vertical(id="theme-picker"):
            yield Static(
                "Theme · type to narrow · ↑↓ preview · enter keeps · escape reverts",
                id="theme-picker-title",
                markup=False,
            )
            yield Input(placeholder="type a name, dark or light", id="theme-filter")
            yield OptionList(id="theme-list")

    def on_mount(self) -> None:
        self.original = self.app.theme
        self.show_matching("")
        self.query_one(Input).focus()

    def show_matching(self, text: str) -> None:
        """Themes whose name or kind holds every word typed, the current one highlighted."""
        words = text.casefold().split()
        options = self.query_one(OptionList)
        options.clear_options()
        shown: list[str] = []
        for name in sorted(self.app.available_themes):
            kind = "dark" if self.app.available_themes[name].dark else "light"
            if all(w in f"{name} {kind}".casefold() for w in words):
                options.add_option(Option(f"{name}  ({kind})", id=name))
                shown.append(name)
        if self.app.theme in shown:
            options.highlighted = shown.index(self.app.theme)
        elif shown:
            options.highlighted = 0

    @on(Input.Changed, "#theme-filter")
    def narrow(self, event: Input.Changed) -> None:
        self.show_matching(event.value)

    def action_move(self, step: int) -> None:
        options = self.query_one(OptionList)
        if options.option_count:
            current = options.highlighted if options.highlighted is not None else -step
            options.highlighted = max(0, min(options.option_count - 1, current + step))

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
