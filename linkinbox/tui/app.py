"""The Textual application: themes, the keymap, toasts and the message log, the palette's commands
(background work and held keys in its two bases). Screens and widgets do the work."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable
from pathlib import Path

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.filter import LineFilter
from textual.notifications import Notification, Notify, SeverityLevel
from textual.screen import Screen
from textual.theme import Theme

from linkinbox import heap, paths
from linkinbox.errors import LinkinboxError
from linkinbox.glyphs import charset, marks_for
from linkinbox.inbox import Inbox
from linkinbox.text import clean_text
from linkinbox.theme_defaults import APP_VARIABLES, bundled_names, read_bundled
from linkinbox.tui.background import IDLE_SECONDS
from linkinbox.tui.drawing import DrawableFilter, ReadableFilter
from linkinbox.tui.keys import check_keymap
from linkinbox.tui.screens.help import HelpScreen, binding_rows
from linkinbox.tui.screens.inbox import SORTS, InboxScreen
from linkinbox.tui.screens.messages import MessageLog, MessagesScreen, plain_words
from linkinbox.tui.typeahead import EARLY_KEYS_GIVE_UP, TypeaheadApp

DEFAULT_THEME = "linkinbox"

#: Toasts on screen at once, at most: ten decisions in three seconds show the last three.
MAX_TOASTS = 3


class LinkinboxApp(TypeaheadApp):
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
        #: Said on the terminal once the app has closed (a batch stopped by quitting).
        self.exit_notes: list[str] = []
        #: Everything said this session: the palette's "Messages" shows it.
        self.message_log = MessageLog()
        #: The toasts raised and not yet timed out, oldest first (see `_make_room_for`).
        self._toasts: list[Notification] = []
        #: The usable part of config.toml's [keymap] (see `linkinbox.tui.keys`).
        self.keymap: dict[str, str] = {}
        self._binding_keys: dict[str, list[str]] | None = None
        # What background work and held keys keep (see BackgroundApp and TypeaheadApp).
        self._gc_thresholds = None
        self._last_input = self._last_full = time.monotonic()
        self._inputs = self._drawn = 0
        self._drawn_at = self._last_input
        self._typeahead = None
        self._early_keys = []
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
        problems = [self.inbox.paths.as_shown(problem) for problem in problems]
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
        app.freeze_first_screen = True  # and the first screen, once it is drawn
        app.run()
        for note in app.exit_notes:
            print(note, file=sys.stderr)
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
