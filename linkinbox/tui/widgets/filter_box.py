"""The filter box: the screen learns what to filter by from its messages, never by reaching in."""

from __future__ import annotations

from textual import on
from textual.binding import Binding
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input

#: Keys typed this close together make one filter, not one query each.
SETTLE_SECONDS = 0.03


class FilterBox(Input):
    """Text to filter the list by. Posts `Filter` (debounced), `Cleared` and `Leave`."""

    BINDINGS = [
        Binding("escape", "clear_filter", "Clear filter", id="clear-filter", show=True),
        Binding("down,enter", "to_list", "To list", id="filter-to-list", show=False),
    ]

    class Filter(Message):
        """Filter the list by `text` (empty: show all)."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class Cleared(Message):
        """The user cleared the filter and wants the list back."""

    class Leave(Message):
        """The user is done typing and wants the list back, filter kept."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(placeholder="filter: name, headline or note", id=id)
        self._timer: Timer | None = None

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        if self._timer is not None:
            self._timer.stop()
        text = event.value
        self._timer = self.set_timer(SETTLE_SECONDS, lambda: self.post_message(self.Filter(text)))

    def action_clear_filter(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        with self.prevent(Input.Changed):
            self.value = ""
        self.post_message(self.Cleared())

    def action_to_list(self) -> None:
        self.post_message(self.Leave())
