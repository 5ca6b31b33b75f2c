"""Help: every key, read from the live bindings (so a remapped key shows as remapped)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from linkinbox.glyphs import UNICODE, Marks
from linkinbox.tui.drawing import marks

ABOUT = (
    "linkinbox never logs in to LinkedIn and never clicks for you: decide here, then paste the "
    "reply ({copy}) and open the profile or invitation manager ({open}) to act on LinkedIn."
)
CLOSING = (
    "The tabs at the top are the views: click one, or press its key.\n"
    "{palette} opens the command palette: sorting, themes and more.\n"
    "{setup}: Set up LinkedIn for Follow (once), so that replies pointing at your "
    "Follow button work.\n"
    "Rebind any key by its id in config.toml, under [keymap]."
)
#: The keys the notes name, by binding id, where the app cannot tell (no keymap known).
NOTE_KEYS = {"copy": "copy-reply", "open": "open-profile", "setup": "follow-setup"}
DEFAULT_NOTE_KEYS = {"copy": "y", "open": "o", "setup": "F", "palette": "ctrl+p"}


def symbols(drawn: Marks = UNICODE) -> tuple[tuple[str, str], ...]:
    """What the list and the panes show: (mark, meaning), in the marks this terminal draws."""
    return (
        (drawn.cursor, "the request under the cursor"),
        (drawn.marked, "marked for a batch decision (space)"),
        (drawn.stranger, "looks like a stranger (the pane says why)"),
        (drawn.known, "looks like someone you know"),
        (drawn.cant_tell, "can't tell whether you know them"),
        (drawn.suggested, "the suggested decision: enter takes it"),
        (drawn.stale, "your invitation, unanswered for weeks"),
        ("F C D", "followed, connected, declined"),
    )


def symbols_text(drawn: Marks = UNICODE) -> str:
    """The marks' key, one a line."""
    return "\n".join(["What the marks mean", *(f"{m:>5}  {text}" for m, text in symbols(drawn))])


def binding_rows(screen: Screen[object]) -> list[tuple[str, str, str]]:
    """(keys, description, id) for every binding active on `screen`, grouped by action."""
    app = screen.app
    rows: dict[tuple[str, str], list[str]] = {}
    order: list[tuple[str, str]] = []
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if binding.id is None:
            continue
        # A tooltip is the longer description (what a key means in this view), where one is set.
        description = binding.tooltip or binding.description or binding.action.replace("_", " ")
        ident = binding.id or ""
        slot = (description, ident)
        if slot not in rows:
            rows[slot] = []
            order.append(slot)
        display = app.get_key_display(
            binding.with_key(key) if hasattr(binding, "with_key") else binding
        )
        if display not in rows[slot]:
            rows[slot].append(display)
    return [(" / ".join(rows[slot]), slot[0], slot[1]) for slot in order]


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,question_mark,q", "close", "Close", id="close-help"),
    ]

    def __init__(self, rows: list[tuple[str, str, str]]) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static("Keys", id="help-title")
            keys = self.note_keys()
            yield Static(Content(ABOUT.format_map(keys)), classes="help-note")
            width = self.app.size.width
            key_width = max((len(k) for k, _, _ in self.rows), default=4)
            desc_width = max((len(d) for _, d, _ in self.rows), default=10)
            # The ids only where they fit beside the keys (the dialog: 80 cells, or 95% of a
            # narrower window, less its border and padding): a narrow window wraps nothing.
            id_width = max((len(i) for _, _, i in self.rows), default=10)
            room = min(80, width * 95 // 100) - 4
            with_ids = key_width + 2 + desc_width + 2 + max(id_width, 16) <= room
            if with_ids:
                lines = [f"{'key':<{key_width}}  {'action':<{desc_width}}  id, for [keymap]"]
            else:
                lines = [f"{'key':<{key_width}}  action (ids: README, or a wider window)"]
            lines += [
                f"{keys:<{key_width}}  {desc:<{desc_width}}  {ident}"
                if with_ids
                else f"{keys:<{key_width}}  {desc}"
                for keys, desc, ident in self.rows
            ]
            yield Static(Content("\n".join(lines)), id="help-keys")
            yield Static(Content(symbols_text(marks(self))), id="help-symbols")
            yield Static(Content(CLOSING.format_map(keys)), classes="help-note")

    def note_keys(self) -> dict[str, str]:
        """The keys the notes name, as bound now (a keymap moves them)."""
        keys = dict(DEFAULT_NOTE_KEYS)
        keys_of = getattr(self.app, "keys_of", None)
        if keys_of is not None:
            for name, ident in NOTE_KEYS.items():
                bound = keys_of(ident)
                keys[name] = " / ".join(bound) if bound else "(no key)"
        palette_key = getattr(self.app, "palette_key", None)
        if palette_key is not None:
            keys["palette"] = palette_key()
        return keys

    def action_close(self) -> None:
        self.dismiss(None)
