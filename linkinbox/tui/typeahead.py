"""Keys typed faster than the screen can take them: held while the inbox starts, or while the
input a key opens (the filter, the editor, the palette) is not there yet, then handed on in
order, so a burst like `/dave` never decides a request."""

from __future__ import annotations

import sys
import time

from textual import events
from textual.app import ScreenStackError
from textual.screen import Screen

from linkinbox.tui.background import BackgroundApp

#: Bindings whose key opens something to type into: keys typed right after belong to it.
OPENERS = {"filter", "edit-reply", "import", "pick-theme", "command_palette"}
TYPEAHEAD_TICK = 0.02  # how often held keys look for the input they were typed for
TYPEAHEAD_GIVE_UP = 5.0  # seconds: whatever happened, held keys go on by then
EARLY_KEYS_GIVE_UP = 10.0  # seconds: keys typed during start go on by then whatever happens
TYPEAHEAD_NOTHING = 0.5  # seconds after the opener acted with nothing opened: keys go on


class Typeahead:
    """Keys typed after a key that opens an input, held until that input is there.

    Keys reach the app faster than a filter box or an editor can take focus: without this,
    `/dave` typed in one burst declined the selected request (`d`) and filtered by nothing.
    """

    def __init__(self, opener: events.Key, screen: Screen[object], focused: object) -> None:
        self.opener = opener
        self.screen = screen
        self.focused = focused
        self.held: list[events.Key | events.Paste] = []
        self.handled_at: float | None = None
        self.started = time.monotonic()
        self.opened_ticks = 0


class TypeaheadApp(BackgroundApp):
    """The part of the app that holds early keys and keys typed for an input being opened."""

    _typeahead: Typeahead | None
    #: Keys typed before the inbox is ready to act on them, in order; None once it is.
    _early_keys: list[events.Key | events.Paste] | None

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.InputEvent):
            self._user_waits()
        typeahead = self._typeahead
        if isinstance(event, (events.Key, events.Paste)) and not event.is_forwarded:
            if self._early_keys is not None:
                # Typed while the inbox is still being built (`/dave` right after start):
                # held until it can act on them, then handed on in order. Before, `/` did
                # nothing yet and the `d` after it declined a request.
                self._early_keys.append(event)
                return
            if typeahead is not None:
                typeahead.held.append(event)  # typed for the input being opened
                return
            if isinstance(event, events.Key) and self._opens_input(event.key):
                typeahead = self._typeahead = Typeahead(event, self.screen, self.focused)
                self.set_timer(TYPEAHEAD_TICK, self._release_typeahead)
        # Forwarding marks the event itself as forwarded: what it was on arrival counts.
        came_back = event.is_forwarded
        await super().on_event(event)
        # A binding of the app (the palette's) acts as the key arrives; the others once it
        # has come back up from the focused widget (which, busy starting, can take a while:
        # counting from when it was sent there let `/dave`'s `d` decline under load).
        if (
            typeahead is not None
            and event is typeahead.opener
            and typeahead.handled_at is None
            and (came_back or self.focused is not typeahead.focused)
        ):
            typeahead.handled_at = time.monotonic()

    @property
    def keys_ready(self) -> bool:
        """Whether keys act as they arrive (before, they are held: see `inbox_ready`)."""
        return self._early_keys is None

    def inbox_ready(self) -> None:
        """The inbox screen can act on keys now: hand on those typed before."""
        early, self._early_keys = self._early_keys, None
        for held in early or []:
            if isinstance(held, events.Key):
                self.post_message(events.Key(held.key, held.character))
            else:
                self.post_message(events.Paste(held.text))

    def _opens_input(self, key: str) -> bool:
        """Whether `key` opens something to type into, from where the keys are now."""
        if _typing_into(self.focused):
            return False
        active = self.screen.active_bindings.get(key)
        if active is None or not active.enabled:
            return False
        binding = active.binding
        return binding.id in OPENERS or binding.action in OPENERS

    def _release_typeahead(self) -> None:
        """Hand held keys on once the input they were typed for has focus (or nothing opened)."""
        typeahead = self._typeahead
        if typeahead is None:
            return
        now = time.monotonic()
        try:
            screen = self.screen
        except ScreenStackError:  # the app is closing: no screen to hand keys to
            self._typeahead = None
            return
        opened = (screen is not typeahead.screen and screen.focused is not None) or (
            screen is typeahead.screen
            and self.focused is not None
            and self.focused is not typeahead.focused
        )
        # What opened gets a frame to settle (the palette puts its cursor in place).
        typeahead.opened_ticks = typeahead.opened_ticks + 1 if opened else 0
        handled = typeahead.handled_at
        # Nothing opened: the opener acted a while ago and the focus is where it was. A
        # screen it pushed (the palette), or an input it focused, is waited for: under load
        # it takes longer than that, and its keys went astray.
        nothing_opened = (
            handled is not None
            and now - handled > TYPEAHEAD_NOTHING
            and not opened
            and screen is typeahead.screen
            and self.focused is typeahead.focused
        )
        ready = typeahead.opened_ticks > 5
        if not (ready or nothing_opened or now - typeahead.started > TYPEAHEAD_GIVE_UP):
            self.set_timer(TYPEAHEAD_TICK, self._release_typeahead)
            return
        self._typeahead = None
        # Back into the app's queue in the order typed, ahead of any key typed from now on.
        for held in typeahead.held:
            if isinstance(held, events.Key):
                self.post_message(events.Key(held.key, held.character))
            else:
                self.post_message(events.Paste(held.text))


def _typing_into(widget: object) -> bool:
    """Whether `widget` is a text box. Textual's TextArea is looked at only once something
    imported it (the template editor): importing it here took ~0.1 s of the first key."""
    from textual.widgets import Input  # the filter box's: imported with the inbox

    text_area = sys.modules.get("textual.widgets._text_area")
    if text_area is not None and isinstance(widget, text_area.TextArea):
        return True
    return isinstance(widget, Input)
