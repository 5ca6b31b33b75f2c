"""Work that runs beside the keys: background screening and batches share the interpreter
with the UI thread and step aside while a key is being drawn; full garbage collections wait for
a pause in typing."""

from __future__ import annotations

import contextlib
import sys
import threading
import time
from collections.abc import Iterator

from textual import work
from textual.app import App
from textual.worker import get_current_worker

from linkinbox import heap
from linkinbox.inbox import Inbox
from linkinbox.tui.screens.inbox import InboxScreen

IDLE_SECONDS = 1.0  # no input for this long: a full garbage collection will not be noticed
#: Seconds between full collections however busy the user is ... (often enough that each
#: is short: a minute of keys left ~60,000 objects of garbage, 0.3-0.5 s to collect at once) ...
FULL_AT_LEAST = 10.0
#: ... as long as no key is on its way: the screen has shown what the last key did this long ago
#: (a key pressed during a collection waits for its end: ~20-60 ms) ...
COLLECT_QUIET = 0.1
#: ... unless keys came without a pause for this long (a key held down).
FULL_AT_MOST = 240.0
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


class BackgroundApp(App[int]):
    """The part of the app that decides when background work may take the interpreter."""

    inbox: Inbox
    #: When the last input event came, and the last full collection ran (monotonic seconds).
    _last_input: float
    _last_full: float
    #: Input events so far, and how many of them the screen had been drawn after (when).
    _inputs: int
    _drawn: int
    _drawn_at: float
    _gc_thresholds: tuple[int, int, int] | None
    #: Set by `run_app` (a real start, after `heap.settle`): the first full collection freezes
    #: the first screen (`heap.freeze_session`). Tests' apps share their process: never.
    freeze_first_screen = False
    #: Said on the terminal once the app has closed (a batch stopped by quitting).
    exit_notes: list[str]

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
        # Not `call_from_thread`: it waits for the UI thread, and an app that is closing never
        # answers (its worker would hold the process open). A closed loop drops the message.
        with contextlib.suppress(RuntimeError):
            self.call_later(self._after_screening)

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
        at most `limit` seconds (keys that keep coming slow the work down, never stop it). A
        frame that never comes holds the work back until QUIET_GIVE_UP after the key, not at
        every step: the `y` that closes a dialog can have its frame counted on the dialog,
        which is gone (a batch of 30 then took 30 × `limit` under load)."""
        end = min(time.monotonic() + limit, self._last_input + QUIET_GIVE_UP)
        while self._inputs > self._drawn and time.monotonic() < end and self.is_running:
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
        # Not while the app closes: its screens' widgets are being removed, and re-reading
        # them raised NoMatches (seen at the end of test_hostile's app runs under load).
        if not self.is_running or not self.screen_stack:
            return
        screen = self.screen
        if isinstance(screen, InboxScreen) and screen.is_attached:
            screen.refresh_all()

    def _collect_when_idle(self) -> None:
        """A full collection (~25 ms) when no key came for a while, or every few seconds
        between keys: never while a key is being handled and drawn. (A collection forced in
        the middle of keys held `G` for up to 0.9 s: the footer kept every key it ever showed,
        so the heap grew with every view opened.)"""
        now = time.monotonic()
        if may_collect(
            now,
            self._last_input,
            self._inputs > self._drawn,
            self._drawn_at,
            now - self._last_full,
        ):
            if self.freeze_first_screen:
                self.freeze_first_screen = False
                warm_up()
                heap.freeze_session()
            else:
                heap.collect_full()
            self._last_full = now

    def on_unmount(self) -> None:
        if self._gc_thresholds is not None:
            heap.restore(self._gc_thresholds)


#: The switch interval before the first background work started, then one entry per work.
_SHARING: list[float] = []
_SHARING_LOCK = threading.Lock()


def warm_up() -> None:
    """At the first pause after the first screen: import what the first `/`, `?`, `t` or `r`
    would otherwise import while the user waits (every screen, Textual's TextArea: ~0.1 s),
    so that the collection that follows leaves it out of later ones too."""
    from linkinbox.tui.keys import binding_layers

    binding_layers()


def may_collect(
    now: float, last_key: float, undrawn: bool, drawn_at: float, since_full: float
) -> bool:
    """Whether a full garbage collection may start now: when no key came for IDLE_SECONDS,
    or one is due (FULL_AT_LEAST), and either way no key is on its way (`quiet_now` for
    COLLECT_QUIET); or keys have not paused for FULL_AT_MOST."""
    if since_full >= FULL_AT_MOST:
        return True
    if now - last_key < IDLE_SECONDS and since_full < FULL_AT_LEAST:
        return False
    return quiet_now(now, last_key, undrawn, drawn_at, COLLECT_QUIET)


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
