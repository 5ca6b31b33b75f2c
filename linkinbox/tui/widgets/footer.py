"""The footer: `?` and `q` first, so a narrow window never drops them; compact when narrow; a
key that does not fit whole is left out rather than cut in half. Its keys are updated where
they stand when the bindings change (opening a view, a dialog), not built anew."""

from __future__ import annotations

from typing import NamedTuple

from textual.app import ComposeResult
from textual.events import Resize
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

ESSENTIAL = ("help", "app.help", "quit", "app.quit")
COMPACT_BELOW = 100  # columns
PALETTE = "-command-palette"


class KeySpec(NamedTuple):
    """What one key of the footer shows (Textual's `FooterKey` arguments)."""

    key: str
    display: str
    description: str
    action: str
    disabled: bool
    tooltip: str
    palette: bool = False


class KeyFooter(Footer):
    """Textual's footer with the essential keys moved to the front.

    Textual's footer composes all its keys again whenever the bindings may have changed, and
    each key it composed stays referenced by the footer (its `compact` data binding) for as
    long as the footer lives: opening a view cost ~0.2 s, and every full garbage collection
    grew with the views opened so far. This one binds nothing and, when only what the keys say
    changed, changes them where they stand.
    """

    def __init__(self) -> None:
        super().__init__()
        self._widths: dict[tuple[str, str], int] = {}

    def specs(self) -> list[KeySpec]:
        """The keys to show now, in order (what `Footer.compose` shows; linkinbox's bindings
        have no groups), the essential ones first and the palette's last."""
        active = self.screen.active_bindings
        first: dict[str, KeySpec] = {}  # one key per action: its first binding
        for _, binding, enabled, tooltip in active.values():
            if binding.show and binding.action not in first:
                first[binding.action] = KeySpec(
                    binding.key,
                    self.app.get_key_display(binding),
                    binding.description,
                    binding.action,
                    not enabled,
                    tooltip,
                )

        def rank(spec: KeySpec) -> int:
            return ESSENTIAL.index(spec.action) // 2 if spec.action in ESSENTIAL else 2

        specs = sorted(first.values(), key=rank)
        palette = active.get(self.app.COMMAND_PALETTE_BINDING)
        if self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE and palette is not None:
            _, binding, enabled, _ = palette
            specs.append(
                KeySpec(
                    binding.key,
                    self.app.get_key_display(binding),
                    binding.description,
                    binding.action,
                    not enabled,
                    binding.tooltip or binding.description,
                    palette=True,
                )
            )
        return specs

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        for spec in self.specs():
            yield self._key(spec)

    def _key(self, spec: KeySpec) -> FooterKey:
        key = FooterKey(
            spec.key,
            spec.display,
            spec.description,
            spec.action,
            disabled=spec.disabled,
            tooltip=spec.tooltip,
            classes=PALETTE if spec.palette else "",
        )
        if not spec.palette:  # Textual's footer leaves its palette key compact
            key.set_reactive(FooterKey.compact, self.compact)
            key.set_class(self.compact, "-compact")
        return key

    def watch_compact(self, compact: bool) -> None:
        for key in self.query_children(FooterKey):
            if not key.has_class(PALETTE):
                key.compact = compact

    def on_mount(self) -> None:
        super().on_mount()
        self.call_after_refresh(self._fit)

    async def recompose(self) -> None:
        if not self.is_attached:
            return
        specs = self.specs()
        keys = list(self.query_children(FooterKey))
        palette = [k for k in keys if k.has_class(PALETTE)]
        palette_spec = [s for s in specs if s.palette]
        if len(palette) != len(palette_spec):
            await super().recompose()  # the palette's key came or went: composed again
            self.call_after_refresh(self._fit)
            return
        shown = [k for k in keys if not k.has_class(PALETTE)]
        wanted = [s for s in specs if not s.palette]
        pairs = [*zip(shown, wanted, strict=False), *zip(palette, palette_spec, strict=True)]
        changed = [_update(key, spec) for key, spec in pairs]
        if len(shown) > len(wanted):  # a view with fewer keys (Connections)
            await self.remove_children(shown[len(wanted) :])
        elif len(wanted) > len(shown):
            added = [self._key(spec) for spec in wanted[len(shown) :]]
            if shown:
                await self.mount_all(added, after=shown[-1])
            else:
                await self.mount_all(added, before=0 if palette else None)
        elif not any(changed):
            return
        for key in self.query_children(FooterKey):  # laid out with what it shows, then fitted
            key.display = True
        self.call_after_refresh(self._fit)

    def on_resize(self, event: Resize) -> None:
        self.compact = event.size.width < COMPACT_BELOW
        self.call_after_refresh(self._fit)

    def _fit(self) -> None:
        """Show the keys that fit whole before the palette key; hide the rest."""
        keys = [k for k in self.query(FooterKey) if not k.has_class(PALETTE)]
        palette = [k for k in self.query(FooterKey) if k.has_class(PALETTE)]
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


def _update(key: FooterKey, spec: KeySpec) -> bool:
    """Make a footer key show `spec` (it showed another binding, or the same one); True when
    its size may change."""
    shown = (key.key, key.key_display, key.description, key.action, key._disabled)
    if shown == (spec.key, spec.display, spec.description, spec.action, spec.disabled):
        if (key.tooltip or "") != spec.tooltip:
            key.tooltip = spec.tooltip or None
        return False
    resized = (key.key_display, key.description) != (spec.display, spec.description)
    key.key, key.key_display, key.description, key.action = spec[:4]
    key._disabled = spec.disabled
    key.set_class(spec.disabled, "-disabled")
    key.tooltip = spec.tooltip or None
    key.refresh(layout=resized)
    return resized
