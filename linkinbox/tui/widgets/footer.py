"""The footer: `?` and `q` first, so a narrow window never drops them; compact when narrow; a
key that does not fit whole is left out rather than cut in half."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.events import Resize
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

ESSENTIAL = ("help", "app.help", "quit", "app.quit")
COMPACT_BELOW = 100  # columns


class KeyFooter(Footer):
    """Textual's footer with the essential keys moved to the front."""

    def __init__(self) -> None:
        super().__init__()
        self._widths: dict[tuple[str, str], int] = {}

    def compose(self) -> ComposeResult:
        # linkinbox's bindings have no groups, so the footer yields only FooterKeys.
        widgets = list(super().compose())

        def rank(widget: object) -> int:
            if isinstance(widget, FooterKey) and widget.action in ESSENTIAL:
                return ESSENTIAL.index(widget.action) // 2
            return 2

        yield from sorted(widgets, key=rank)

    def on_mount(self) -> None:
        super().on_mount()
        self.call_after_refresh(self._fit)

    async def recompose(self) -> None:
        await super().recompose()
        self.call_after_refresh(self._fit)

    def on_resize(self, event: Resize) -> None:
        self.compact = event.size.width < COMPACT_BELOW
        self.call_after_refresh(self._fit)

    def _fit(self) -> None:
        """Show the keys that fit whole before the palette key; hide the rest."""
        keys = [k for k in self.query(FooterKey) if not k.has_class("-command-palette")]
        palette = [k for k in self.query(FooterKey) if k.has_class("-command-palette")]
        # Widths as last drawn: keys just recomposed (a dialog opened over the screen) are not
        # laid out yet, and a width of 0 (the palette's too) would let a key in to be cut.
        room = self.size.width - sum(self._width(k) for k in palette)
        used = 0
        for key in keys:
            used += self._width(key)
            key.display = used <= room

    def _width(self, key: FooterKey) -> int:
        slot = (key.action, key.description)
        if key.display and key.outer_size.width:
            self._widths[slot] = key.outer_size.width + key.styles.margin.width
        return self._widths.get(slot, 0)
