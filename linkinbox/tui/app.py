"""The Textual application: thin. Screens and widgets do the work; the core holds the data."""

from __future__ import annotations

import contextlib
import sys
import threading
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

from textual import events, work
from textual.app import App, ScreenStackError, SystemCommand
from textual.binding import Binding
from textual.filter import LineFilter
from textual.notifications import Notification, Notify, SeverityLevel
from textual.screen import Screen
from textual.theme import Theme
from textual.worker import get_current_worker

from linkinbox import heap, paths
from linkinbox.errors import LinkinboxError
from linkinbox.glyphs import charset, marks_for
from linkinbox.inbox import Inbox
from linkinbox.text import clean_text
from linkinbox.theme_defaults import APP_VARIABLES, bundled_names, read_bundled
from linkinbox.tui.drawing import DrawableFilter, ReadableFilter
from linkinbox.tui.keys import check_keymap
from linkinbox.tui.screens.help import HelpScreen, binding_rows
from linkinbox.tui.screens.inbox import SORTS, InboxScreen
from linkinbox.tui.screens.messages import MessageLog, MessagesScreen, plain_words

DEFAULT_THEME = "linkinbox"
IDLE_SECONDS = 1.0  # no input for this long: a full garbage collection will not be noticed
FULL_AT_LEAST = 60.0  # seconds between full collections however busy the user is
QUIET_SECONDS = 0.25  # background screening waits until no key came for this long
#: ... and until the screen has been drawn after the last key, but no longer than this after it.
QUIET_GIVE_UP = 1.0
#: A batch of decisions (Apply suggestions, its undo) steps aside for a key at most this long at
#: a time: it holds the store's write lock meanwhile.
BATCH_STEP_ASIDE = 0.3
#: After the first frame, background screening starts once no key came for this long: what a
#: new user does first (look, move, decide) is not shared with the start of screening.
START_QUIET_SECONDS = 0.5
SCREENING_SWITCH = 0.001  # seconds: the interpreter's switch interval while screening runs
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


#: Toasts on screen at once, at most: ten decisions in three seconds show the last three.
MAX_TOASTS = 3


class LinkinboxApp(App[int]):
    """linkinbox: a keyboard-driven inbox for LinkedIn connection requests."""

    TITLE = "linkinbox"
    CSS_PATH = "linkinbox.tcss"
    ENABLE_COMMAND_PALETTE = True
    # Screens get -narrow/-wide and -short/-tall: the stylesheet lays out small windows.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall")]
    BINDINGS = [
        Binding("q", "quit", "Quit", id="quit"),
        Binding("question_mark", "help", "Help", id="help"),
        Binding("t", "pick_theme", "Theme", id="pick-theme"),
    ]

    def __init__(
        self,
        inbox: Inbox,
        *,
        theme: str | None = None,
        demo: bool = False,
        drawable: str | None = "auto",
    ) -> None:
        super().__init__()
        self.inbox = inbox
        #: What the terminal draws (None: Unicode; see `linkinbox.glyphs.charset`), and so
        #: which marks the screens use: ASCII ones for LINKINBOX_ASCII=1, the Linux console or
        #: a locale that is not UTF-8.
        self.drawable = charset() if drawable == "auto" else drawable
        self.marks = marks_for(self.drawable)
        self._drawable_filter = DrawableFilter(self.drawable) if self.drawable is not None else None
        # A terminal of 16 colours (TERM=xterm-16color, or plain xterm): rich draws the
        # nearest of them, so texts are kept to pairs of the 16 that read.
        sixteen = self.console.color_system == "standard"
        self._readable_filter = ReadableFilter(self.contrast_goal) if sixteen else None
        self.demo = demo
        self.start_theme = theme
        self._theme_ready = False
        self._all_themes = False
        #: Mistakes found while starting (config, keymap, themes): shown together in one
        #: message once the inbox is on screen, and kept in the message log.
        self.startup_problems: list[str] = []
        #: Things worth saying at start that are not mistakes (a toast each).
        self.startup_notes: list[str] = []
        #: Everything said this session: the palette's "Messages" shows it.
        self.message_log = MessageLog()
        #: The toasts raised and not yet timed out, oldest first (see `_make_room_for`).
        self._toasts: list[Notification] = []
        #: The usable part of config.toml's [keymap] (see `linkinbox.tui.keys`).
        self.keymap: dict[str, str] = {}
        self._binding_keys: dict[str, list[str]] | None = None
        self._gc_thresholds: tuple[int, int, int] | None = None
        self._last_input = self._last_full = time.monotonic()
        #: Input events so far, and how many of them the screen had been drawn after (when).
        self._inputs = self._drawn = 0
        self._drawn_at = self._last_input
        self._typeahead: Typeahead | None = None
        #: Keys typed before the inbox is ready to act on them, in order; None once it is.
        self._early_keys: list[events.Key | events.Paste] | None = []
        # Before the stylesheet is first parsed: setting the theme later parses it twice.
        self._setup_themes()

    def get_line_filters(self) -> list[LineFilter]:
        filters = list(super().get_line_filters())
        if self._readable_filter is not None:
            filters.append(self._readable_filter)
        if self._drawable_filter is not None:
            filters.append(self._drawable_filter)
        return filters

    def contrast_goal(self) -> float:
        """How much contrast every text needs: 7:1 in high-contrast, else 4.5:1 (WCAG AA);
        none where the theme draws in the terminal's own palette (`terminal`)."""
        if self.native_ansi_color:
            return 1.0
        return 7.0 if self.theme == "high-contrast" else 4.5

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Every toast is plain text with control characters removed (messages quote strangers,
        file names and config values), unless a screen asks for its own markup. Each is kept
        in the message log, as plain text. Toasts never pile up over the title: see
        `_make_room_for`."""
        self.message_log.add(plain_words(message) if markup else message, severity, title)
        toast = Notification(
            message if markup else clean_text(message),
            clean_text(title),
            severity,
            self.NOTIFICATION_TIMEOUT if timeout is None else timeout,
            markup=markup,
        )
        self._make_room_for(toast)
        self.post_message(Notify(toast))  # what App.notify does (thread-safe)

    def _make_room_for(self, new: Notification) -> None:
        """The same message again replaces its toast, and past `MAX_TOASTS` the oldest goes
        (information first: warnings and errors stay longer). A toast goes by timing out at
        once: Textual drops timed-out toasts when it shows the new one."""
        live = [toast for toast in self._toasts if not toast.has_expired]
        for old in live:
            if old.message == new.message and old.severity == new.severity:
                old.timeout = 0
        live = [toast for toast in live if not toast.has_expired]
        extra = len(live) + 1 - MAX_TOASTS
        if extra > 0:
            ranked = sorted(live, key=lambda old: (old.severity != "information", old.raised_at))
            for old in ranked[:extra]:
                old.timeout = 0
        self._toasts = [toast for toast in live if not toast.has_expired] + [new]

    def clear_notifications(self) -> None:
        self._toasts = []
        super().clear_notifications()

    def action_help_quit(self) -> None:
        """ctrl+c does not quit (it copies in text boxes): say which key does, as plain text."""
        keys = [
            key
            for key, active in self.active_bindings.items()
            if active.binding.action in ("quit", "app.quit")
        ]
        if keys:
            shown = " or ".join(self.get_key_display(self.active_bindings[k].binding) for k in keys)
            self.notify(f"Press {shown} to quit linkinbox.", title="Do you want to quit?")

    def deliver_screenshot(
        self,
        filename: str | None = None,
        path: str | None = None,
        time_format: str | None = None,
    ) -> str | None:
        """The palette's screenshot, saved readable by you alone: it shows people's names."""
        from platformdirs import user_downloads_path
        from textual._files import generate_datetime_filename

        from linkinbox.atomic import write_atomic

        name = filename or generate_datetime_filename(self.title, ".svg", time_format)
        target = (Path(path).expanduser() if path else user_downloads_path()) / name
        try:
            write_atomic(target, self.export_screenshot(), mode=0o600)
        except LinkinboxError as error:
            self.notify(f"No screenshot saved: {error}", title="Screenshot", severity="error")
            return None
        self.notify(f"Saved a screenshot to {target} (only you can read it).", title="Screenshot")
        return str(target)

    def get_theme_variable_defaults(self) -> dict[str, str]:
        return dict(APP_VARIABLES)

    def get_default_screen(self) -> InboxScreen:
        # The inbox is the app's first screen: no empty default screen is drawn before it.
        return InboxScreen(self.inbox)

    def on_mount(self) -> None:
        self._setup_keymap()
        # Should the inbox never say it is ready, early keys still go on (never lost).
        self.set_timer(EARLY_KEYS_GIVE_UP, self.inbox_ready)
        self.call_after_refresh(self._after_first_paint)

    def _after_first_paint(self) -> None:
        """What can wait until the inbox is on screen: validating the config (pydantic), every
        theme file, reporting problems, screening what an import left unscreened."""
        self.call_after_refresh(self.inbox_ready)  # keys typed while starting go on now
        if not self._all_themes:
            self._register_all_themes()
        for note in self.startup_notes:
            self.notify(note, markup=False, timeout=8)
        self.startup_notes = []
        if self.inbox.read_only:  # the title says so too; background writes are skipped
            self.notify(
                f"Read-only: decisions are not saved. {self.inbox.read_only_sentence()}",
                severity="warning",
                markup=False,
                timeout=10,
            )
        problems = [*self.startup_problems, *self.inbox.problems]
        self.startup_problems = []
        if problems:
            self.show_startup_problems(problems)
        if self.inbox.needs_screening() or self.inbox.missing_order_indexes():
            self._user_waits()  # what follows the first frame is drawn before screening starts
            self.screen_in_background()
        self._gc_thresholds = heap.defer_full_collections()
        self.set_interval(IDLE_SECONDS, self._collect_when_idle)

    # -- messages -----------------------------------------------------------------------------

    def show_startup_problems(self, problems: list[str]) -> None:
        """Every mistake found at start in one message that stays until it is closed (and in
        the log): a stack of toasts vanished before a new user had read them."""
        for problem in problems:
            self.message_log.add(problem, "warning", toast=False)
        count = len(problems)
        title = (
            f"{'One problem' if count == 1 else f'{count} problems'} in your settings. "
            "linkinbox goes on without what is wrong (the default stays):"
        )
        self.push_screen(MessagesScreen(title, [clean_text(p) for p in problems], self._log_note()))

    def _log_note(self) -> str:
        close = or_list(self.keys_of("close-messages")) or "esc"
        return (
            f"{close} closes. The command palette's “Messages” ({self.palette_key()}) "
            "shows these again."
        )

    def palette_key(self) -> str:
        return self.key_words(self.COMMAND_PALETTE_BINDING)

    def key_words(self, key: str) -> str:
        """A key as a sentence names it: `enter`, `ctrl+p`, `esc`, `f` (not ⏎ or ^p)."""
        shown = self.get_key_display(Binding(key, ""))
        if shown == "⏎":
            return "enter"
        if shown.startswith("^") and len(shown) == 2:
            return f"ctrl+{shown[1].lower()}"
        return shown

    def action_messages(self) -> None:
        """The message log: what linkinbox said this session, newest last."""
        if isinstance(self.screen, MessagesScreen):
            return
        lines = [entry.line() for entry in self.message_log.entries]
        count = len(lines)
        said = f"the last {count} of this session" if count else "nothing said yet"
        close = or_list(self.keys_of("close-messages")) or "esc"
        self.push_screen(MessagesScreen(f"Messages: {said}", lines, f"{close} closes."))

    def keys_of(self, ident: str) -> list[str]:
        """The keys that reach binding `ident` with the keymap applied, as the footer shows
        them, wherever the focus is (a filter box hides letters from `active_bindings`)."""
        if self._binding_keys is None:
            from linkinbox.tui.keys import effective_keys

            self._binding_keys = effective_keys(self.keymap)
        return [self.key_words(key) for key in self._binding_keys.get(ident, [])]

    # -- garbage collection (see linkinbox.heap) ---------------------------------------------

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
        from textual.widgets import Input, TextArea

        if isinstance(self.focused, (Input, TextArea)):
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

    def _collect_when_idle(self) -> None:
        """A full collection (~25 ms) when no key came for a while, or at least every minute."""
        now = time.monotonic()
        if now - self._last_input >= IDLE_SECONDS or now - self._last_full >= FULL_AT_LEAST:
            heap.collect_full()
            self._last_full = now

    def on_unmount(self) -> None:
        if self._gc_thresholds is not None:
            heap.restore(self._gc_thresholds)

    # -- themes -------------------------------------------------------------------------------

    def _register_all_themes(self) -> None:
        """Bundled themes straight from their files, which linkinbox's tests check: validating
        them with pydantic held the first key pressed after start for ~240 ms. The user's own
        theme files are validated (and reported) as ever."""
        names = bundled_names()
        for name in names:
            if name not in self.available_themes:
                raw = read_bundled(name)
                if raw is not None:
                    self.register_theme(Theme(**raw))
        user_dir = self.inbox.paths.themes_dir
        if not names or _has_toml(user_dir):
            from linkinbox.tui.theming import register_themes

            # Without bundled files, the full loader reports an incomplete installation.
            self.startup_problems.extend(register_themes(self, user_dir, bundled=not names))
        self._all_themes = True

    def _setup_themes(self) -> None:
        """Only the theme the first screen needs; the others are registered after it is shown."""
        wanted = self.start_theme or self.inbox.setting("theme") or DEFAULT_THEME
        if wanted not in self.available_themes:
            raw = read_bundled(wanted)
            if raw is not None:
                self.register_theme(Theme(**raw))
            else:
                self._register_all_themes()  # a user's own theme: validated before use
        if wanted not in self.available_themes:
            if self.start_theme is None:
                from linkinbox.tomlfile import line_of

                line = line_of(self.inbox.loaded.text, "theme")
                where = f", line {line}" if line else ""
                self.startup_problems.append(
                    f"{self.inbox.loaded.shown}{where}: theme: no theme named “{wanted}”; "
                    f"using {DEFAULT_THEME}. `linkinbox themes` lists them."
                )
            wanted = DEFAULT_THEME
            raw = read_bundled(wanted)
            if raw is not None and wanted not in self.available_themes:
                self.register_theme(Theme(**raw))
        # What App._watch_theme does, but without its queued CSS refresh: before the first
        # frame the stylesheet is not parsed yet, and would otherwise be parsed twice.
        self.set_reactive(App.theme, wanted)
        dark = self.current_theme.dark
        self.update_classes(
            {f"-theme-{wanted}": True, "-dark-mode": dark, "-light-mode": not dark}, update=False
        )
        self._refresh_truecolor_filter(self.ansi_theme)
        self.stylesheet.set_variables(self.get_css_variables())
        self._theme_ready = True

    def watch_theme(self, theme: str) -> None:
        """A theme chosen anywhere (the palette too) is remembered; picker previews are not."""
        from linkinbox.tui.screens.theme_picker import ThemePicker

        if self._theme_ready and not isinstance(self.screen, ThemePicker):
            self.remember_theme(theme)

    def remember_theme(self, theme: str) -> None:
        if self.inbox.setting("theme") == theme:
            return
        if self.demo:
            self.inbox.loaded.remember("theme", theme)
            return
        try:
            self.inbox.loaded.set_value("theme", theme)
        except LinkinboxError as error:
            self.notify(f"Theme not remembered: {error}", severity="warning", markup=False)

    def action_pick_theme(self) -> None:
        from linkinbox.tui.screens.theme_picker import ThemePicker

        self.push_screen(ThemePicker())

    # -- keys ---------------------------------------------------------------------------------

    def _setup_keymap(self) -> None:
        if not self.inbox.setting("keymap"):
            return
        loaded = self.inbox.loaded
        keymap, problems = check_keymap(
            self.inbox.setting("keymap"), str(loaded.shown), loaded.text
        )
        self.startup_problems.extend(problems)
        self.keymap = keymap
        self._binding_keys = None
        if keymap:
            self.set_keymap(keymap)

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(binding_rows(self.screen)))

    # -- palette ------------------------------------------------------------------------------

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if isinstance(screen, InboxScreen):
            for order, label in SORTS.items():
                if order not in screen.sorts_here():
                    continue  # no mutual counts for connections, no suggestions for sent
                if order == "date" and screen.view == "connections":
                    label = "least known first"
                yield SystemCommand(
                    f"Sort: {label}",
                    f"Order the list by {label}",
                    lambda order=order: screen.sort_by(order),  # type: ignore[misc]
                )
            commands = [
                (
                    "Apply suggestions",
                    "Decide every request that has a suggestion, after a look",
                    screen.action_apply_suggestions,
                ),
                ("Stats", "Counts by status and a chart per month", screen.action_stats),
                ("Import…", "Import an export, e-mails or a list", screen.action_import),
                (
                    "View: pending requests",
                    "Requests waiting for a decision",
                    lambda: screen.action_view("pending"),
                ),
                (
                    "View: sent invitations",
                    "Your invitations nobody answered yet",
                    lambda: screen.action_view("sent"),
                ),
                (
                    "View: decided",
                    "Everything you followed, connected or declined",
                    lambda: screen.action_view("decided"),
                ),
                (
                    "View: to do on LinkedIn",
                    "Decisions still to press on LinkedIn: what, where, and done",
                    lambda: screen.action_view("todo"),
                ),
                (
                    "View: connections to review",
                    "Your existing connections, least known first: keep, follow instead, remove",
                    lambda: screen.action_view("connections"),
                ),
                (
                    "Set up LinkedIn for Follow",
                    "The two settings that make Follow work, and your name and URL in replies",
                    screen.action_follow_setup,
                ),
                ("Help: keys", "Every key and its id", self.action_help),
            ]
            for title, help_text, callback in commands:
                yield SystemCommand(title, help_text, callback)
        yield SystemCommand(
            "Messages",
            "Everything linkinbox said this session: problems found at start, every toast",
            self.action_messages,
        )

    # -- background work ----------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="screening")
    def screen_in_background(self) -> None:
        """Work out reasons and suggestions off the UI thread, with a connection of its own."""
        # Not while the first frame is still settling or keys are coming: importing the
        # screening rules and reading what screening needs cannot pause.
        self._wait_for_quiet(START_QUIET_SECONDS)
        with self.sharing_the_interpreter(), self.inbox.reopen() as worker_inbox:
            if worker_inbox.needs_screening():
                worker_inbox.screen_all(pause=self._wait_for_quiet)  # then builds indexes
            else:
                worker_inbox.build_order_indexes()  # a large import dropped them
        self.call_from_thread(self._after_screening)

    @contextlib.contextmanager
    def sharing_the_interpreter(self) -> Iterator[None]:
        """Around background work: while it runs, a key's thread waits for the interpreter lock
        up to the switch interval (5 ms) at every hand-over, and there are dozens on a key's
        way; 1 ms while any such work runs."""
        with _SHARING_LOCK:
            if not _SHARING:
                _SHARING.append(sys.getswitchinterval())
                sys.setswitchinterval(min(_SHARING[0], SCREENING_SWITCH))
            _SHARING.append(0.0)
        try:
            yield
        finally:
            with _SHARING_LOCK:
                _SHARING.pop()
                if len(_SHARING) == 1:
                    sys.setswitchinterval(_SHARING.pop())

    def step_aside(self, limit: float = BATCH_STEP_ASIDE) -> None:
        """In a worker: wait while a key has come and the screen does not show what it did yet,
        at most `limit` seconds (keys that keep coming slow the work down, never stop it)."""
        end = time.monotonic() + limit
        while self._inputs > self._drawn and time.monotonic() < end:
            time.sleep(0.005)

    def _user_waits(self) -> None:
        """A key (or the first frame): background work steps aside until it is drawn."""
        self._last_input = time.monotonic()
        self._inputs += 1
        self.call_after_refresh(self._input_drawn, self._inputs)

    def _input_drawn(self, count: int) -> None:
        """The screen has been drawn after the `count`th input event (what it did is shown)."""
        if count > self._drawn:
            self._drawn, self._drawn_at = count, time.monotonic()

    def _wait_for_quiet(self, quiet: float = QUIET_SECONDS) -> None:
        """In the screening worker: while keys are coming, and until the screen shows what the
        last one did, wait. Threads share one interpreter lock: a decision made while 100,000
        requests were screened took twice as long, and the first key after the first frame of a
        fresh import seconds (waiting only a fixed time after a key let screening take the lock
        back while a slow key, on a busy machine, was still being drawn)."""
        worker = get_current_worker()
        while not worker.is_cancelled and not quiet_now(
            time.monotonic(), self._last_input, self._inputs > self._drawn, self._drawn_at, quiet
        ):
            time.sleep(QUIET_SECONDS / 4)

    def _after_screening(self) -> None:
        if isinstance(self.screen, InboxScreen):
            self.screen.refresh_all()


#: The switch interval before the first background work started, then one entry per work.
_SHARING: list[float] = []
_SHARING_LOCK = threading.Lock()


def quiet_now(
    now: float, last_key: float, undrawn: bool, drawn_at: float, quiet: float = QUIET_SECONDS
) -> bool:
    """Whether background work may take the interpreter now: no key came for `quiet` seconds
    and the screen was drawn after the last one `quiet` seconds ago (`undrawn`: not yet). A
    frame that never comes holds it back no longer than QUIET_GIVE_UP."""
    since_key = now - last_key
    if since_key < quiet:
        return False
    if undrawn:
        return since_key >= QUIET_GIVE_UP + quiet
    return now - drawn_at >= quiet


def run_app(theme: str | None = None, demo: bool = False, where: paths.Paths | None = None) -> int:
    """Run the inbox on the folders `where` (default: the user's)."""
    inbox = Inbox(where=where)
    try:
        if theme is not None:
            _check_theme_name(theme, inbox.paths.themes_dir)
        forgotten = inbox.apply_retention()
        app = LinkinboxApp(inbox, theme=theme, demo=demo)
        if forgotten:
            app.startup_notes.append(
                f"Forgot {forgotten:,} decisions older than {inbox.setting('retention_days')} days "
                "(retention_days in config.toml)."
            )
        heap.settle()  # Textual and the core are loaded and the app is built
        app.run()
        return app.return_code or 0
    finally:
        inbox.close()


def or_list(words: list[str]) -> str:
    """`a`, `a or b`, `a, b or c`."""
    return ", ".join(words[:-1]) + " or " + words[-1] if len(words) > 1 else "".join(words)


def _has_toml(folder: Path) -> bool:
    try:
        return any(p.suffix == ".toml" for p in folder.iterdir())
    except OSError:
        return False


def _check_theme_name(theme: str, themes_dir: Path) -> None:
    from textual.theme import BUILTIN_THEMES

    from linkinbox.themes import load_themes

    entries, _ = load_themes(themes_dir)
    names = sorted({e.spec.name for e in entries} | set(BUILTIN_THEMES))
    if theme not in names:
        raise LinkinboxError(f"No theme named “{theme}”. Themes: {', '.join(names)}.")
