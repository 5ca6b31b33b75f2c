"""The inbox screen: list on the left; profile, decisions and reply on the right."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, cast

from textual import on, work
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.reactive import reactive
from textual.screen import Screen
from textual.timer import Timer
from textual.worker import get_current_worker

from linkinbox.browser import (
    CONNECTIONS_PAGE,
    INVITATION_MANAGER,
    SENT_INVITATIONS,
    open_in_browser,
)
from linkinbox.errors import LinkinboxError, TemplateError
from linkinbox.follow_setup import STEPS, left
from linkinbox.models import CONNECTION_WORDS, DECIDED, ImportSummary, Request, Status
from linkinbox.store import Query, Row
from linkinbox.templates import MissingProfileUrl
from linkinbox.text import inert, one_line
from linkinbox.tui.widgets.decision_bar import DecisionBar
from linkinbox.tui.widgets.filter_box import FilterBox
from linkinbox.tui.widgets.footer import KeyFooter
from linkinbox.tui.widgets.profile import ProfilePane
from linkinbox.tui.widgets.reply_pane import ReplyPane
from linkinbox.tui.widgets.request_list import PAGE, RequestList
from linkinbox.tui.widgets.title_bar import TitleBar
from linkinbox.tui.widgets.todo_pane import TodoPane, steps_for
from linkinbox.words import connection_word, past, plural

if TYPE_CHECKING:
    from collections.abc import Callable

    from linkinbox.inbox import Inbox, Progress
    from linkinbox.tui.app import LinkinboxApp

    #: A batch's work, given the worker's own Inbox and a progress callback: the ids it changed.
    Batch = Callable[[Inbox, Progress], list[int]]

#: Batches larger than this are written (and undone) off the UI thread, with progress.
BACKGROUND_BATCH = 1000
DECISION_ORDER = ("follow", "connect", "decline")
#: A batch running in the background says how far it is in the title this often (seconds).
BATCH_TITLE_SECONDS = 0.25
#: How often the screen asks whether another window or a command changed the store.
POLL_SECONDS = 0.5
#: After a decision, `y` copies the reply to the person just decided for this long (the toast's).
JUST_DECIDED_SECONDS = 5.0
PAST = {"follow": "Followed", "connect": "Connected with", "decline": "Declined"}
SORTS = {"date": "newest first", "mutual": "most mutual connections", "suggestion": "suggestion"}
#: In the title, and the start of what a key that would write says, on a read-only store.
READ_ONLY = "read-only: decisions are not saved"
VIEWS = {
    "pending": "Pending",
    "sent": "Sent",
    "decided": "Decided",
    "todo": "To do",
    "connections": "Connections",
}
#: The store's status of what a view lists, where it is not the view's own name.
VIEW_STATUS = {"connections": Status.CONNECTED.value}
#: In the Connections view, what each decision means for an existing connection, as the toast
#: says it after the name ("Ada Park: remove connection — in To do").
CONNECTION_TODO = {
    "follow": "remove connection, then Follow",
    "decline": "remove connection",
}
#: Under each decision in the Connections view: what it does on LinkedIn (and in fewer cells).
CONNECTION_MEANINGS = {
    "follow": ("to do: remove, then Follow", "remove, Follow"),
    "connect": ("nothing to do on LinkedIn", "no to-do"),
    "decline": ("to do: remove connection", "to do: remove"),
}
#: Below this many columns the title names the other views by their keys only.
NARROW = 100
#: Actions with no meaning for an existing connection (no reply): not shown in that view.
NOT_FOR_CONNECTIONS = frozenset({"decide", "edit_reply", "copy_reply", "reply_decision"})
#: The Connections view's list, least known first (its "date" sort).
CONNECTIONS_ORDER = "known"
#: The sorts that mean something in a view, where not all do: LinkedIn's export carries no
#: mutual counts for connections or your own invitations, and only pending requests and
#: connections have suggestions.
VIEW_SORTS = {"connections": ("date", "suggestion"), "sent": ("date",)}
STILL_SCREENING = (
    "Still working out reasons and suggestions (it goes on when you stop typing); "
    "try again in a moment."
)


class InboxScreen(Screen[None]):
    """Pending requests with one key per decision.

    What the list shows is the view state: `view`, `sort`, `filter_text` and `marks`. Setting
    any of them refreshes list, title and side panes through one watcher (`_state_changed`);
    a change in the store (a decision, an import) goes through `data_changed`.
    """

    view: reactive[str] = reactive("pending", init=False)
    sort: reactive[str] = reactive("date", init=False)
    filter_text: reactive[str] = reactive("", init=False)
    marks: reactive[frozenset[int]] = reactive(frozenset(), init=False)

    BINDINGS = [
        Binding("f", "decide('follow')", "Follow", id="decide-follow"),
        Binding("c", "decide('connect')", "Connect", id="decide-connect"),
        Binding("d", "decide('decline')", "Decline", id="decide-decline"),
        # The same keys (and ids, so a keymap moves both) with their meaning for an existing
        # connection: only one of each pair is active, by the view (`check_action`).
        Binding(
            "f",
            "review('follow')",
            "Follow instead",
            id="decide-follow",
            tooltip="Follow instead: to do, remove + Follow",
        ),
        Binding(
            "c",
            "review('connect')",
            "Keep",
            id="decide-connect",
            tooltip="Keep: nothing to do on LinkedIn",
        ),
        Binding(
            "d",
            "review('decline')",
            "Remove",
            id="decide-decline",
            tooltip="Remove: to do, remove connection",
        ),
        Binding("u", "undo", "Undo", id="undo"),
        Binding("r", "edit_reply", "Reply", id="edit-reply"),
        Binding("y", "copy_reply", "Copy", id="copy-reply"),
        Binding("o", "open_profile", "Open", id="open-profile"),
        Binding("slash", "filter", "Filter", id="filter"),
        Binding("space", "toggle_mark", "Mark", id="toggle-mark", show=False),
        Binding(
            "enter", "accept_suggestion", "Take suggestion", id="accept-suggestion", show=False
        ),
        Binding("enter", "todo_step", "Next step (to do view)", id="todo-next", show=False),
        Binding("x", "mark_done", "Done on LinkedIn (to do view)", id="mark-done", show=False),
        Binding(
            "left,h",
            "reply_decision(-1)",
            "Previous reply template",
            id="reply-previous",
            show=False,
        ),
        Binding("right,l", "reply_decision(1)", "Next reply template", id="reply-next", show=False),
        Binding(
            "J,shift+down",
            "scroll_profile(3)",
            "Scroll the profile down",
            id="profile-down",
            show=False,
        ),
        Binding(
            "K,shift+up", "scroll_profile(-3)", "Scroll the profile up", id="profile-up", show=False
        ),
        Binding("s", "cycle_sort", "Sort", id="sort", show=False),
        Binding("i", "import", "Import", id="import", show=False),
        Binding("w", "withdraw", "Withdraw (sent view)", id="withdraw", show=False),
        Binding("1", "view('pending')", "View pending requests", id="view-pending", show=False),
        Binding("2", "view('sent')", "View sent invitations", id="view-sent", show=False),
        Binding("3", "view('decided')", "View decided requests", id="view-decided", show=False),
        Binding("4", "view('todo')", "View to-dos on LinkedIn", id="view-todo", show=False),
        Binding(
            "5",
            "view('connections')",
            "View connections to review",
            id="view-connections",
            show=False,
        ),
        Binding("F", "follow_setup", "Set up LinkedIn for Follow", id="follow-setup", show=False),
        Binding("S", "stats", "Stats", id="stats", show=False),
        Binding("escape", "clear", "Clear filter/marks", id="clear", show=False),
    ]

    def __init__(self, inbox: Inbox) -> None:
        # The view's class is there before the first styling: adding it later restyles it all.
        super().__init__(classes="-view-pending")
        self.inbox = inbox
        self._current: Request | None = None
        self._suggested: str | None = None
        self._shown_id: int | None = None
        self._ready = False
        self.chosen_reply: str | None = None
        # The guided flow of the To do view: the steps done for the request `_steps_of`.
        self._steps_of: int | None = None
        self._steps: set[str] = set()
        self._prefetched: tuple[Query, tuple[int, list[Row]]] | None = None
        # What a batch running off the UI thread is doing ("applying suggestions: 2,000 of
        # 25,000"), shown in the title; None when none is.
        self._batch: str | None = None
        self._just_decided: int | None = None
        self._view_keys: dict[str, str] = {}  # the views' keys, as the narrow title shows them
        self._undo_note = ""  # what `u` adds when it undid another window's change
        self._just_timer: Timer | None = None

    @property
    def linkinbox_app(self) -> LinkinboxApp:
        return cast("LinkinboxApp", self.app)

    def compose(self) -> ComposeResult:
        # A grid of the list column and the three side panes, no more containers than that:
        # every container draws every line of its area, which first paint pays for.
        yield TitleBar(self.inbox.pending_count(), self.inbox.todo_count(), id="title-bar")
        with Vertical(id="list-column"):
            yield RequestList(self.inbox, id="requests")
        yield ProfilePane(id="profile")
        yield DecisionBar(id="decisions")
        yield TodoPane(id="todo")
        yield ReplyPane(id="reply")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.request_list.stale_weeks = self.inbox.setting("withdraw_after_weeks")
        self.request_list.key_name = self.key_for
        self.request_list.reload(index=0)
        self.request_list.focus()
        self.set_reactive(InboxScreen.marks, frozenset(self.inbox.marked_ids()))
        for name in ("view", "sort", "filter_text", "marks"):
            self.watch(self, name, self._state_changed, init=False)
        self.update_title()
        self._ready = True
        self._follow_cursor()  # the first frame shows the first request, not an empty pane
        self.refresh_bindings()
        self.set_interval(POLL_SECONDS, self._poll_store)

    # -- other windows ------------------------------------------------------------------------

    def _poll_store(self) -> None:
        """Twice a second: did another window (or a command) change the store? Then show it:
        list, counts and panes, the cursor on the same request while the list still shows it."""
        change = self.inbox.changed_elsewhere()
        if change is None or self._batch is not None:
            return  # this window's own batch re-reads everything when it ends
        if change == "details" and self._screening():
            return  # this window's screening saving its work; it re-reads when done
        self.refresh_from_elsewhere()

    def _screening(self) -> bool:
        return any(w.group == "screening" and not w.is_finished for w in self.app.workers)

    def refresh_from_elsewhere(self) -> None:
        """Re-read everything another window may have changed, the request shown included."""
        keep = self._shown_id
        self._shown_id = None  # shown again: its status, marks or reasons may have changed
        self.data_changed(keep_id=keep)

    def changed_elsewhere(self, request: Request) -> str:
        """What another window (or a command) did to a request this window still showed."""
        now = self.inbox.get(request.id)
        name = one_line(request.name, limit=40)
        if now is None:
            return f"{name} was forgotten in another window."
        if now.status == Status.PENDING:
            return f"{name} was put back to pending in another window."
        if now.on_linkedin == "done" and request.on_linkedin == "todo":
            return f"{name} was already marked done on LinkedIn in another window."
        if now.is_connection:
            return (
                f"{name} was already reviewed in another window: "
                f"{connection_word(now.status.value)}."
            )
        return f"{name} was already {past(now.status.value)} in another window."

    def on_resize(self) -> None:
        if self._ready:
            self.update_title()  # the tabs are shorter in a narrow window

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:  # noqa: ARG002 (Textual's signature)
        # f, c and d decide requests, or review connections in the Connections view.
        if action == "review":
            return self._ready and self.view == "connections"
        if self.view == "connections" and action in NOT_FOR_CONNECTIONS:
            return False
        # A key typed while the inbox is still being built does nothing rather than fail.
        return self._ready

    @property
    def request_list(self) -> RequestList:
        return self.query_one(RequestList)

    # -- state --------------------------------------------------------------------------------

    def query_for_state(self) -> Query:
        """What the list shows for the view state; "newest" in the decided and to-do views is
        by when it was decided."""
        order = self.sort if self.sort in self.sorts_here() else "date"
        if self.view in ("decided", "todo") and order == "date":
            order = self.view
        if self.view == "connections" and order == "date":
            order = CONNECTIONS_ORDER
        status = VIEW_STATUS.get(self.view, self.view)
        return Query(status=status, text=self.filter_text, order=order)

    def _state_changed(self) -> None:
        """The one watcher of the view state: show the list it asks for, then everything else."""
        query = self.query_for_state()
        rows = self.request_list
        if query != rows.query_spec:
            prefetched = None
            if self._prefetched is not None and self._prefetched[0] == query:
                prefetched = self._prefetched[1]
            self._prefetched = None
            if query.status != rows.query_spec.status:
                self.chosen_reply = None
            rows.set_query(query, prefetched)
        else:
            rows.reload()
        self.show_state()
        self.refresh_bindings()  # f, c and d mean other things in the Connections view

    def data_changed(
        self,
        *,
        keep_id: int | None = None,
        index: int | None = None,
        changed_from: int | None = None,
    ) -> None:
        """The store changed (a decision, an undo, an import): re-read list, marks and panes.
        `changed_from`: see `RequestList.reload`."""
        self.set_reactive(InboxScreen.marks, frozenset(self.inbox.marked_ids()))
        self.request_list.reload(keep_id=keep_id, index=index, changed_from=changed_from)
        self.show_state()

    def show_state(self) -> None:
        """Title, decision bar and reply pane for what the list shows now."""
        self.update_title()
        self.show_reply()

    # -- showing ------------------------------------------------------------------------------

    def update_title(self) -> None:
        query = self.request_list.query_spec
        shows = {VIEW_STATUS.get(v, v): v for v in VIEWS}.get(query.status)
        if 0 < self.size.width < NARROW:  # the other views by their keys, the counts in sight
            keys = {v: self.key_for(f"view-{v}") for v in VIEWS}
            if "?" not in keys.values():  # while the filter has focus, the list's keys are off
                self._view_keys = keys
            others = self._view_keys or keys
        else:
            others = VIEWS
        # Each tab is a link: a click opens its view, like its key.
        tabs = Content(" ").join(
            Content.from_markup(
                f"[@click=screen.view('{v}')]$label[/]",
                label=f"[{VIEWS[v]}]" if v == shows else f" {others[v]} ",
            )
            for v in VIEWS
        )
        parts: list[str] = []
        if shows == "connections":
            left = self.request_list.count if not query.text else self.inbox.connections_left()
            parts.append(f"{left:,} to review")
        elif query.status != "pending":
            parts.append(f"{self.request_list.count:,} shown")
        if query.text:
            parts.append(f"filter “{one_line(query.text, limit=30)}”: {self.request_list.count:,}")
        elif query.order not in ("date", "decided", "todo", CONNECTIONS_ORDER):
            parts.append(f"sorted by {SORTS.get(query.order, query.order)}")
        if self._batch:
            parts.append(self._batch)
        if self.inbox.read_only:
            parts.append(READ_ONLY)
        if self.marks:
            hidden = self.hidden_marks()
            parts.append(
                f"{len(self.marks):,} marked" + (f" ({hidden:,} not shown)" if hidden else "")
            )
        unfiltered = query.status == "pending" and not query.text
        pending = self.request_list.count if unfiltered else self.inbox.pending_count()
        title = Content(" · ").join([tabs, *(Content(part) for part in parts)])
        self.query_one(TitleBar).show(pending, title, self.inbox.todo_count())

    @property
    def current(self) -> Request | None:
        """The request under the cursor, never the one before it: a key pressed right after a
        move acts on what the list shows, even before `Highlighted` has reached the screen."""
        self._follow_cursor()
        return self._current

    @property
    def suggested(self) -> str | None:
        self._follow_cursor()
        return self._suggested

    def _follow_cursor(self) -> bool:
        """Show the request under the cursor if the panes show another; True when it did."""
        if not self._ready:
            return False
        request_id = self.request_list.current_id
        if request_id == self._shown_id:
            return False
        self.show_request(request_id)
        return True

    @on(RequestList.Highlighted)
    def on_highlighted(self, event: RequestList.Highlighted) -> None:
        self.show_request(event.request_id)

    def show_request(self, request_id: int | None) -> None:
        """Show `request_id` in the profile, decision and reply panes."""
        request = self.inbox.get(request_id) if request_id is not None else None
        self._shown_id = request_id
        self._current = request
        stranger, suggested, reasons = (
            self.inbox.screening(request.id) if request else (None, None, [])
        )
        if request is not None and request.status == Status.SENT:
            stale = self.request_list.is_stale(request.sent_at)
            stranger, suggested, reasons = 1 if stale else None, None, self.sent_reasons(request)
        elif request is not None and request.status not in (Status.PENDING, Status.CONNECTED):
            suggested = None
        self._suggested = suggested
        history = self.inbox.history(request) if request is not None else []
        self.query_one(ProfilePane).show(request, stranger, reasons, history)
        self.show_reply()

    def sent_reasons(self, request: Request) -> list[str]:
        weeks = self.inbox.setting("withdraw_after_weeks")
        if self.request_list.is_stale(request.sent_at):
            return [
                f"you invited them over {plural(weeks, 'week')} ago and they have not answered: "
                f"consider withdrawing it ({self.key_for('open-profile')} opens your sent "
                f"invitations; {self.key_for('withdraw')} records it)"
            ]
        return ["waiting for their answer"]

    @property
    def reply_decision(self) -> str:
        return self.chosen_reply or self.suggested or "decline"

    def show_reply(self) -> None:
        if self._follow_cursor():
            return  # showing the request under the cursor showed its reply too
        bar = self.query_one(DecisionBar)
        pane = self.query_one(ReplyPane)
        for view in VIEWS:  # the stylesheet arranges the side panes for the view
            self.set_class(view == self.view, f"-view-{view}")
        if self.view in ("decided", "todo"):
            decided = self.current
            if decided is not None:
                pane.show(
                    f"{decided.status.value}, as decided",
                    decided.reply or "",
                    missing="No reply was kept with this decision.",
                )
            else:
                pane.show("", "", missing="Nothing selected.")
            if self.view == "todo":
                self.show_todo()
            return
        decision = self.reply_decision
        hidden = self.hidden_marks()
        keys = {d: self.key_for(f"decide-{d}") for d in DECISION_ORDER}
        keys["clear"] = self.key_for("clear")
        keys["accept"] = self.key_for("accept-suggestion")
        if self.view == "connections":  # no reply to an existing connection: the decision only
            marked = len(self.marks) - hidden
            words, meanings = CONNECTION_WORDS, CONNECTION_MEANINGS
            bar.show(
                self.suggested, "", marked, hidden=hidden, keys=keys, words=words, meanings=meanings
            )
            return
        bar.show(self.suggested, decision, len(self.marks) - hidden, hidden=hidden, keys=keys)
        if self.current is None:
            pane.show(decision, "", missing="Nothing selected.")
            return
        try:
            pane.show(decision, self.inbox.render_reply(self.current, decision))
        except MissingProfileUrl as error:
            setup = self.key_for("follow-setup")
            pane.show(
                decision, None, f"{error} {setup} sets it here.", what="your profile URL is missing"
            )
        except TemplateError as error:
            pane.show(decision, None, f"{error} Press {self.key_for('edit-reply')} to fix it.")

    def show_todo(self) -> None:
        """The to-do pane for the request under the cursor, with the steps done so far."""
        request = self.current
        if request is None or request.id != self._steps_of:
            self._steps_of = request.id if request else None
            self._steps = set()
        action = self.inbox.action(request) if request is not None else None
        count = self.request_list.count
        position = f" ({self.request_list.cursor + 1:,} of {count:,})" if count > 1 else ""
        setup_left = None
        if request is not None and request.status == Status.FOLLOW:
            setup_left = left({s.setting: bool(self.inbox.setting(s.setting)) for s in STEPS})
        ids = {
            "copy": "copy-reply",
            "open": "open-profile",
            "done": "mark-done",
            "todo-next": "todo-next",
            "undo": "undo",
            "follow-setup": "follow-setup",
        }
        keys = {step: self.key_for(ident) for step, ident in ids.items()}
        self.query_one(TodoPane).show(request, action, self._steps, position, setup_left, keys)

    def _step_done(self, step: str) -> None:
        if self.view == "todo" and self.current is not None:
            self._steps.add(step)
            self.show_todo()

    # -- actions ------------------------------------------------------------------------------

    def key_for(self, ident: str) -> str:
        """The key bound to a binding id now, as the footer shows it (keymaps rebind them)."""
        shown = None
        for key, active in self.active_bindings.items():
            if active.binding.id == ident:
                shown = self.app.get_key_display(active.binding) or key
                break
        else:
            # Not active where the focus is (the filter box takes letters): the keymap's key.
            keys = self.linkinbox_app.keys_of(ident)
            shown = keys[0] if keys else "?"
        return "enter" if shown == "⏎" else shown

    def decision_keys(self) -> str:
        follow, connect, decline = (self.key_for(f"decide-{d}") for d in DECISION_ORDER)
        return f"{follow}, {connect} or {decline}"

    def hidden_marks(self) -> int:
        """Marked requests the list does not show now (another view, or the filter)."""
        if not self.marks:
            return 0
        return len(self.marks) - len(self.inbox.marked_ids(self.request_list.query_spec))

    def _targets(self, statuses: tuple[Status, ...]) -> list[int]:
        """What a decision acts on: the marked requests the list shows, else the one under the
        cursor. Marks hidden by the filter or another view are never acted on unseen."""
        marked = self.inbox.marked_ids(self.request_list.query_spec)
        if marked:
            return marked
        return [self.current.id] if self.current and self.current.status in statuses else []

    def action_decide(self, decision: str) -> None:
        if self.view == "connections":
            self.action_review(decision)
            return
        if self.view == "decided":
            self.change_decision(decision)
            return
        if self.view != "pending":
            self.notify(
                f"The {VIEWS[self.view]} view is for review: {self.key_for('view-pending')} "
                "goes back to pending requests.",
                timeout=3,
            )
            return
        if self._busy():
            return
        targets = self._targets((Status.PENDING,))
        if not targets:
            self.notify("Nothing to decide: the list is empty.", severity="warning")
            return
        if len(targets) > BACKGROUND_BATCH:

            def decide(inbox: Inbox, progress: Progress) -> list[int]:
                return inbox.decide_each([(t, decision) for t in targets], progress)

            self._in_background(f"deciding {len(targets):,} marked requests", decide)
            return
        first = self.current
        hidden = self.hidden_marks()
        try:
            done = self.inbox.decide(targets, decision)
        except LinkinboxError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        if not done:  # another window decided them since this one showed them
            if first is not None and first.id in targets:
                message = self.changed_elsewhere(first)
            else:
                message = (
                    "The marked request was"
                    if len(targets) == 1
                    else f"All {len(targets):,} marked requests were"
                ) + " already decided in another window."
            self.notify(message, severity="warning", markup=False, timeout=5)
            self.refresh_from_elsewhere()
            return
        cursor = self.request_list.cursor
        # One request left the list at the cursor: the pages above it are still right.
        single = len(done) == 1 and first is not None and first.id == done[0]
        self.data_changed(index=cursor, changed_from=cursor if single else None)
        undo = self.key_for("undo")
        if single and first is not None:
            self._just_decided = first.id
            self._just_timer = self.set_timer(JUST_DECIDED_SECONDS, self._forget_just_decided)
            message = (
                f"{PAST[decision]} {one_line(first.name, limit=40)}. {undo} undoes; "
                f"{self.key_for('copy-reply')} copies the reply to them."
            )
        else:
            message = f"{PAST[decision]} {plural(len(done), 'request')}. {undo} undoes " + (
                "it." if len(done) == 1 else f"all {len(done):,}."
            )
        if hidden:
            message += f" {plural(hidden, 'marked request')} not shown here left as they are."
        if len(done) < len(targets):
            missed = len(targets) - len(done)
            message += f" {plural(missed, 'other')} had already been decided in another window."
        self.notify(message, markup=False, timeout=JUST_DECIDED_SECONDS)

    def action_review(self, decision: str) -> None:
        """In the Connections view: keep (c), follow instead (f) or remove (d) the connections
        marked and shown, else the one under the cursor; one undoable batch."""
        if self._busy():
            return
        targets = self._targets((Status.CONNECTED,))
        if not targets:
            self.notify("Nothing to review: the list is empty.", severity="warning")
            return
        if len(targets) > BACKGROUND_BATCH:

            def review(inbox: Inbox, progress: Progress) -> list[int]:
                return inbox.decide_each([(t, decision) for t in targets], progress)

            self._in_background(f"reviewing {len(targets):,} marked connections", review)
            return
        first = self.current
        hidden = self.hidden_marks()
        try:
            done = self.inbox.decide(targets, decision)
        except LinkinboxError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        if not done:  # another window reviewed them since this one showed them
            if first is not None and first.id in targets:
                message = self.changed_elsewhere(first)
            else:
                message = "The marked connections were already reviewed in another window."
            self.notify(message, severity="warning", markup=False, timeout=5)
            self.refresh_from_elsewhere()
            return
        cursor = self.request_list.cursor
        single = len(done) == 1 and first is not None and first.id == done[0]
        self.data_changed(index=cursor, changed_from=cursor if single else None)
        who = one_line(first.name, limit=40) if single and first is not None else ""
        if not who:
            who = plural(len(done), "connection")
        todo = CONNECTION_TODO.get(decision)
        message = f"Kept {who}." if todo is None else f"{who}: {todo} — in To do."
        undo = self.key_for("undo")
        message += f" {undo} undoes" + ("." if len(done) == 1 else f" all {len(done):,}.")
        if hidden:
            message += f" {plural(hidden, 'marked request')} not shown here left as they are."
        if len(done) < len(targets):
            missed = len(targets) - len(done)
            message += f" {plural(missed, 'other')} had already been reviewed in another window."
        self.notify(message, markup=False, timeout=JUST_DECIDED_SECONDS)

    def change_decision(self, decision: str) -> None:
        """In the Decided view: f, c or d changes the decision (one undoable step)."""
        targets = self._targets((Status.FOLLOW, Status.CONNECT, Status.DECLINE))
        if not targets:
            self.notify("Nothing decided yet.", severity="warning")
            return
        if self._busy():
            return
        first = self.current
        try:
            done = self.inbox.redecide(targets, decision)
        except LinkinboxError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        if not done:
            now = self.inbox.get(first.id) if first else None
            if first is not None and (now is None or now.status not in DECIDED):
                self.notify(self.changed_elsewhere(first), severity="warning", markup=False)
                self.refresh_from_elsewhere()
                return
            name = one_line(first.name, limit=40) if first else "It"
            already = PAST[decision].lower()
            if first is not None and first.is_connection:
                already = f"reviewed: {connection_word(decision)}"
            self.notify(f"{name} is already {already}.", markup=False, timeout=3)
            return
        self.data_changed(keep_id=first.id if first else None)
        undo = self.key_for("undo")
        if len(done) == 1 and first is not None and first.id == done[0] and first.is_connection:
            name = one_line(first.name, limit=40)
            message = f"Changed: {name}, {connection_word(decision)}."
        elif len(done) == 1 and first is not None and first.id == done[0]:
            message = f"Changed: {PAST[decision].lower()} {one_line(first.name, limit=40)}."
        else:
            message = f"Changed {plural(len(done), 'decision')} to {decision}."
        self.notify(f"{message} {undo} undoes.", markup=False, timeout=3)

    def _forget_just_decided(self) -> None:
        self._just_decided = None

    def action_accept_suggestion(self) -> None:
        if self.view == "todo":
            raise SkipAction()  # enter does the next step there (`todo-next`)
        keys = self.decision_keys()
        enter = self.key_for("accept-suggestion")
        if self.view == "sent":
            self.notify(
                f"{enter} takes a suggestion in the pending view. Here "
                f"{self.key_for('open-profile')}"
                f" opens your sent invitations on LinkedIn and {self.key_for('withdraw')} records "
                "one as withdrawn.",
                timeout=4,
            )
        elif self.view == "decided":
            self.notify(
                f"{enter} takes a suggestion in the pending view. Here {keys} changes the "
                "decision.",
                timeout=4,
            )
        elif self.current is None:
            self.notify(
                f"Nothing to decide: the list is empty. {enter} takes the ★ suggestion for the "
                f"selected request; {self.key_for('import')} imports your LinkedIn export.",
                timeout=4,
            )
        elif self.suggested:
            self.action_decide(self.suggested)
        elif self.inbox.needs_screening():
            self.notify(STILL_SCREENING, timeout=3)
        else:
            self.notify(f"No suggestion for this request: {keys} decides.", timeout=3)

    def action_todo_step(self) -> None:
        """The guided flow of the To do view: copy the reply, open the page, mark it done."""
        if self.view != "todo":
            raise SkipAction()
        if self.current is None:
            self.notify("Nothing to do on LinkedIn.", timeout=2)
            return
        step = next((s for s in steps_for(self.current) if s not in self._steps), "done")
        if step == "copy":
            self.action_copy_reply()
        elif step == "open":
            self.action_open_profile()
        else:
            self.action_mark_done()

    def action_mark_done(self) -> None:
        if self.view != "todo":
            self.notify("x marks a to-do done on LinkedIn: 4 shows them.", timeout=3)
            return
        if self._busy():
            return
        marked = self.inbox.marked_ids()
        first = self.current
        targets = marked or ([first.id] if first is not None else [])
        done = self.inbox.mark_done(targets)
        if not done and first is not None and first.id in targets:
            self.notify(self.changed_elsewhere(first), severity="warning", markup=False)
            self.refresh_from_elsewhere()
            return
        if not done:
            self.notify("Nothing to mark done: the list is empty.", severity="warning")
            return
        self.data_changed(index=self.request_list.cursor)
        undo = self.key_for("undo")
        if len(done) == 1 and first is not None and first.id == done[0]:
            message = f"Done on LinkedIn: {one_line(first.name, limit=40)}. {undo} undoes."
        else:
            message = f"Done on LinkedIn: {len(done)} to-dos. {undo} undoes all {len(done)}."
        left = self.inbox.todo_count()
        message += f" {left:,} to do." if left else " Nothing left to do."
        self.notify(message, markup=False, timeout=3)

    def action_undo(self) -> None:
        if self._busy():
            return
        # Said when what is undone is another window's (or a command's): the undo is shared.
        self._undo_note = (
            " That change was made in another window, not this one."
            if self.inbox.last_batch_owner() == "elsewhere"
            else ""
        )
        if self.inbox.last_batch_size() > BACKGROUND_BATCH:
            self._in_background("undoing", lambda inbox, progress: inbox.undo(progress))
            return
        try:
            restored = self.inbox.undo()
        except LinkinboxError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        if not restored:
            self.notify("Nothing to undo.", timeout=2)
            return
        # One request back: most likely where the cursor is, since that is where it left.
        guess = self.request_list.cursor if len(restored) == 1 else None
        self.data_changed(keep_id=restored[0], changed_from=guess)
        request = self.inbox.get(restored[0])
        if len(restored) == 1 and request is not None and request.status == Status.CONNECTED:
            message = f"Restored {one_line(request.name, limit=40)}: a connection to review again."
        elif len(restored) == 1 and request is not None:
            message = f"Restored {one_line(request.name, limit=40)} to {request.status.value}."
        else:
            noun = "connection" if self.view == "connections" else "request"
            message = f"Restored {plural(len(restored), noun)}."
        timeout = 6 if self._undo_note else 3
        self.notify(message + self._undo_note, markup=False, timeout=timeout)

    def action_toggle_mark(self) -> None:
        if self.current is None or self._busy():
            return
        shown = self.current
        now = self.inbox.get(shown.id)
        if now is None or now.status != shown.status:  # another window decided it meanwhile
            self.notify(self.changed_elsewhere(shown), severity="warning", markup=False)
            self.refresh_from_elsewhere()
            return
        marked = not self.current.marked
        self.inbox.set_marked([self.current.id], marked)
        self._current = self.inbox.get(self.current.id)
        cursor = self.request_list.cursor
        self.data_changed(index=cursor, changed_from=cursor)
        self.request_list.action_cursor_down()

    def action_scroll_profile(self, lines: int) -> None:
        """The profile pane scrolls from the keyboard: a long note in a small window."""
        self.query_one(ProfilePane).scroll_relative(y=lines, animate=False)

    def action_reply_decision(self, step: int) -> None:
        index = DECISION_ORDER.index(self.reply_decision)
        self.chosen_reply = DECISION_ORDER[(index + step) % len(DECISION_ORDER)]
        self.show_reply()

    def action_copy_reply(self) -> None:
        # Right after a decision (while its message says so), `y` is for the person decided.
        just = self.inbox.get(self._just_decided) if self._just_decided else None
        request = just if just is not None and just.status in DECIDED else self.current
        if request is None:
            self.notify("No request selected.", severity="warning")
            return
        decision = self.reply_decision
        if request.status in DECIDED and request.reply is not None:
            text, decision = request.reply, request.status.value
        else:
            if request.status in DECIDED:
                decision = request.status.value
            try:
                text = self.inbox.render_reply(request, decision)
            except TemplateError as error:
                self.notify(f"Cannot copy: {error}", severity="error", markup=False)
                return
        self.app.copy_to_clipboard(text)
        self.notify(
            f"Copied the {decision} reply for {one_line(request.name, limit=40)} "
            f"({plural(len(text), 'character')}). Paste it into LinkedIn.",
            markup=False,
            timeout=3,
        )
        self._step_done("copy")

    def action_open_profile(self) -> None:
        if self.view == "todo" and self.current is not None:
            action = self.inbox.action(self.current)
            target = inert(action.url)
            self.app.copy_to_clipboard(target)
            verb = "Opened" if open_in_browser(target) else "No browser here:"
            self.notify(
                f"{verb} {action.page} for “{action.words}”; its link is on the clipboard: "
                f"{target}",
                markup=False,
                timeout=4,
            )
            self._step_done("open")
            return
        url = inert(self.current.profile_url) if self.current and self.current.profile_url else ""
        if self.view == "sent":
            url = ""
        pages = {"sent": SENT_INVITATIONS, "connections": CONNECTIONS_PAGE}
        target = url or pages.get(self.view, INVITATION_MANAGER)
        self.app.copy_to_clipboard(target)
        opened = open_in_browser(target)
        names = {"sent": "sent invitations", "connections": "connections page"}
        what = "profile" if url else names.get(self.view, "invitation manager")
        verb = "Opened" if opened else "No browser here:"
        self.notify(
            f"{verb} the {what}; its link is on the clipboard: {target}", markup=False, timeout=4
        )

    def action_edit_reply(self) -> None:
        from linkinbox.tui.screens.editor import TemplateEditor

        decision = self.reply_decision
        name = self.inbox.template_name(self.current, decision) if self.current else decision

        def done(_: object) -> None:
            self.show_reply()

        self.app.push_screen(TemplateEditor(self.inbox, name, decision, self.current), done)

    @property
    def filter_box(self) -> FilterBox | None:
        """The filter box, mounted on the first `/` (an Input costs first paint time)."""
        boxes = self.query(FilterBox)
        return boxes.first() if boxes else None

    def action_filter(self) -> None:
        box = self.filter_box
        if box is None:
            box = FilterBox(id="filter")
            self.query_one("#list-column").mount(box, before=self.request_list)
        box.display = True
        box.focus()

    def action_clear(self) -> None:
        box = self.filter_box
        if self.filter_text or (box is not None and box.display):
            self.clear_filter()
        elif self.marks and not self._busy():
            self.inbox.clear_marks()
            self.marks = frozenset()
            self.notify("Marks cleared.", timeout=2)

    def clear_filter(self) -> None:
        box = self.filter_box
        if box is not None:
            box.value = ""
            box.display = False
        self.filter_text = ""
        self.request_list.focus()

    @on(FilterBox.Cleared)
    def on_filter_cleared(self) -> None:
        self.clear_filter()

    @on(DecisionBar.Chosen)
    async def on_decision_clicked(self, event: DecisionBar.Chosen) -> None:
        """A click on a decision does what its key does here (decide, or review a connection)."""
        for active in self.active_bindings.values():
            if active.binding.id == f"decide-{event.decision}" and active.enabled:
                await self.run_action(active.binding.action)
                return
        self.action_decide(event.decision)

    @on(FilterBox.Leave)
    def on_filter_leave(self) -> None:
        self.request_list.focus()

    def sorts_here(self) -> tuple[str, ...]:
        """The sorts that mean something in this view."""
        return VIEW_SORTS.get(self.view, tuple(SORTS))

    def action_cycle_sort(self) -> None:
        orders = self.sorts_here()
        if len(orders) == 1:
            self.notify(
                f"{VIEWS[self.view]} is listed {SORTS[orders[0]]}: there is nothing else to "
                "sort it by.",
                timeout=3,
                markup=False,
            )
            return
        current = self.sort if self.sort in orders else "date"
        self.sort_by(orders[(orders.index(current) + 1) % len(orders)])

    def sort_by(self, order: str) -> None:
        if order not in self.sorts_here():
            self.notify(
                f"Sorting by {SORTS[order]} means nothing in {VIEWS[self.view]}: "
                + (
                    "LinkedIn's export has no mutual counts there."
                    if order == "mutual"
                    else "there are no suggestions there."
                ),
                timeout=3,
                markup=False,
            )
            return
        self.sort = order
        label = SORTS[order]
        if self.view == "connections" and order == "date":
            label = "least known first"
        self.notify(f"Sorted by {label}.", timeout=2, markup=False)

    @on(FilterBox.Filter)
    def on_filter(self, event: FilterBox.Filter) -> None:
        self.run_filter(event.text)

    @work(exclusive=True, group="filter", thread=True)
    def run_filter(self, text: str) -> None:
        """Query off the UI thread, on a connection of its own: the first page of matches is
        shown at once; the full count follows when a page was not all there is."""
        worker = get_current_worker()
        query = self.query_for_state()._replace(text=text)
        with self.inbox.reopen(readonly=True) as reader:
            first = reader.page(query, 0, PAGE)
            if worker.is_cancelled:
                return
            self.app.call_from_thread(self._filtered, query, (len(first), first))
            if len(first) == PAGE:
                count = reader.count(query)
                if not worker.is_cancelled:
                    self.app.call_from_thread(self.show_count, query, count)

    def _filtered(self, query: Query, prefetched: tuple[int, list[Row]]) -> None:
        self._prefetched = (query, prefetched)
        self.filter_text = query.text
        self._prefetched = None

    def show_count(self, query: Query, count: int) -> None:
        if self.request_list.query_spec == query:
            self.request_list.update_count(count)
            self.update_title()

    def action_view(self, view: str) -> None:
        self.view = view

    def action_withdraw(self) -> None:
        if self.view != "sent" or self.current is None:
            self.notify(
                f"{self.key_for('withdraw')} records a sent invitation as withdrawn: "
                f"{self.key_for('view-sent')} shows them.",
                timeout=3,
            )
            return
        if self._busy():
            return
        invited = self.current
        done = self.inbox.withdraw([invited.id])
        if not done:
            self.notify(self.changed_elsewhere(invited), severity="warning", markup=False)
            self.refresh_from_elsewhere()
        if done:
            self.data_changed(index=self.request_list.cursor)
            self.notify(
                f"Recorded your invitation to {one_line(invited.name, limit=40)} as "
                f"withdrawn. {self.key_for('undo')} undoes.",
                markup=False,
                timeout=3,
            )

    def action_import(self) -> None:
        from linkinbox.tui.screens.importer import ImportScreen

        if self._busy():
            return

        def done(summary: ImportSummary | None) -> None:
            if summary is None:
                return
            self.refresh_all()
            self.notify(f"Imported: {summary.sentence()}.", markup=False, timeout=6)
            if summary.linkedin_sentence():
                self.notify(summary.linkedin_sentence(), markup=False, timeout=8)
            for problem in summary.problems[:3]:
                self.notify(problem, severity="warning", markup=False, timeout=8)

        self.app.push_screen(ImportScreen(self.inbox), done)

    def action_follow_setup(self) -> None:
        from linkinbox.tui.screens.follow_setup import FollowSetupScreen

        def closed(_: None) -> None:
            self.show_reply()  # the replies' name and URL may have changed

        self.app.push_screen(FollowSetupScreen(self.inbox, self.linkinbox_app.demo), closed)

    def action_stats(self) -> None:
        from linkinbox.tui.screens.stats import StatsScreen

        self.app.push_screen(StatsScreen(self.inbox.stats()))

    def action_apply_suggestions(self) -> None:
        from linkinbox.tui.screens.confirm import ConfirmScreen

        if self._busy():
            return
        if self.inbox.needs_screening():
            self.notify(STILL_SCREENING, timeout=3)
            return
        suggestions = self.inbox.suggestions()
        if not suggestions:
            self.notify("No pending request has a suggestion.", timeout=3)
            return
        counts = {d: sum(1 for *_, s in suggestions if s == d) for d in DECISION_ORDER}
        lines = [
            f"{PAST[s].split()[0]:<10} {one_line(name, limit=60)}"
            for _, name, s in suggestions[:500]
        ]
        if len(suggestions) > 500:
            lines.append(f"… and {len(suggestions) - 500:,} more")
        title = (
            f"Apply {plural(len(suggestions), 'suggestion')}: {counts['follow']:,} follow, "
            f"{counts['connect']:,} connect, {counts['decline']:,} decline"
        )

        def answer(yes: bool | None) -> None:
            if yes:
                self._in_background(
                    "applying suggestions",
                    lambda inbox, progress: inbox.apply_suggestions(progress),
                )

        self.app.push_screen(ConfirmScreen(title, lines, "Decide them all?"), answer)

    # -- batches off the UI thread ------------------------------------------------------------

    def _busy(self) -> bool:
        """While a batch is being written, keys that write wait for it (say so). On a store
        the user made read-only they never write: they say so instead."""
        if self.inbox.read_only:
            where = self.inbox.store_path
            self.notify(
                f"{READ_ONLY[0].upper()}{READ_ONLY[1:]}. `chmod u+w {where}` makes the inbox "
                "store writable again; then start linkinbox again.",
                severity="warning",
                timeout=5,
                markup=False,
            )
            return True
        if self._batch is None:
            return False
        self.notify(f"Still {self._batch}; a moment.", timeout=2, markup=False)
        return True

    def _in_background(self, label: str, job: Batch) -> None:
        """Run a batch of decisions (or its undo) on a worker with its own connection; the
        title shows how far it is, the list stays live, and the result is one undoable batch."""
        self._batch = label
        self.update_title()
        self.run_batch(label, job)

    @work(thread=True, exclusive=True, group="batch")
    def run_batch(self, label: str, job: Batch) -> None:
        app = self.linkinbox_app
        told = {"": 0.0}  # when the title last told each stage

        def progress(done: int, total: int, stage: str) -> None:
            app.step_aside()  # a key being handled goes first: the screen never stands still
            if time.monotonic() - told.get(stage, 0.0) >= BATCH_TITLE_SECONDS:
                app.call_from_thread(self._progress, f"{label}: {stage} {done:,} of {total:,}")
                told[stage] = time.monotonic()

        app.step_aside(1.0)  # the dialog that asked is closed and drawn before work starts
        try:
            with app.sharing_the_interpreter(), self.inbox.reopen() as worker:
                done = job(worker, progress)
        except LinkinboxError as error:
            self.app.call_from_thread(self._batch_done, label, None, str(error))
            return
        self.app.call_from_thread(self._batch_done, label, done, None)

    def _progress(self, text: str) -> None:
        if self._batch is not None:
            self._batch = text
            self.update_title()

    def _batch_done(self, label: str, done: list[int] | None, error: str | None) -> None:
        self._batch = None
        if done and label == "undoing":
            self.data_changed(keep_id=done[0])
        else:
            self.data_changed(index=0 if label.startswith("applying") else None)
        if error is not None or done is None:
            self.notify(error or "Nothing was done.", severity="error", markup=False)
        elif label == "undoing":
            self.notify(f"Restored {plural(len(done), 'request')}.{self._undo_note}", timeout=4)
        elif label.startswith("reviewing"):
            self.notify(
                f"Reviewed {plural(len(done), 'connection')}. u undoes them all.", timeout=4
            )
        else:
            self.notify(
                f"Decided {plural(len(done), 'request')}. {self.key_for('undo')} undoes "
                + ("it." if len(done) == 1 else "them all."),
                timeout=4,
            )

    def refresh_all(self) -> None:
        """After an import or screening: re-read everything, keep the cursor's request."""
        self.data_changed(keep_id=self.current.id if self.current else None)
