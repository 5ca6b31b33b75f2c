"""What the inbox screen shows: the list, the title, and the profile, decision, reply and to-do
panes for the view state (view, sort, filter, marks), kept in step with the store."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.reactive import reactive
from textual.screen import Screen
from textual.timer import Timer

from linkinbox.errors import TemplateError
from linkinbox.follow_setup import STEPS, left
from linkinbox.models import CONNECTION_WORDS, Request, Status
from linkinbox.store import Query, Row
from linkinbox.templates import MissingProfileUrl
from linkinbox.text import one_line
from linkinbox.tui.widgets.decision_bar import DecisionBar
from linkinbox.tui.widgets.footer import KeyFooter
from linkinbox.tui.widgets.profile import ProfilePane
from linkinbox.tui.widgets.reply_pane import ReplyPane
from linkinbox.tui.widgets.request_list import RequestList
from linkinbox.tui.widgets.title_bar import TitleBar
from linkinbox.tui.widgets.todo_pane import TodoPane
from linkinbox.words import connection_word, past, plural

if TYPE_CHECKING:
    from linkinbox.inbox import Inbox
    from linkinbox.tui.app import LinkinboxApp

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


class InboxView(Screen[None]):
    """Pending requests with one key per decision.

    What the list shows is the view state: `view`, `sort`, `filter_text` and `marks`. Setting
    any of them refreshes list, title and side panes through one watcher (`_state_changed`);
    a change in the store (a decision, an import) goes through `data_changed`.
    """

    view: reactive[str] = reactive("pending", init=False)
    sort: reactive[str] = reactive("date", init=False)
    filter_text: reactive[str] = reactive("", init=False)
    marks: reactive[frozenset[int]] = reactive(frozenset(), init=False)

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
        self.set_reactive(InboxView.marks, frozenset(self.inbox.marked_ids()))
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
        self.set_reactive(InboxView.marks, frozenset(self.inbox.marked_ids()))
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
        # Each tab is a link: a click opens its view, like its key. Narrow, the keys go closer
        # together, so that the view shown keeps its whole name at 60 columns.
        narrow = 0 < self.size.width < NARROW
        tabs = Content("" if narrow else " ").join(
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
        self._mark_view()
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

    def _mark_view(self) -> None:
        """The view's class on the screen: the stylesheet arranges the grid and the side panes
        by it (`InboxScreen.-view-todo #todo`). Only the screen and its grid's cells are styled
        again, at once: setting the class the usual way restyled every widget on the screen
        (each pane's lines, the footer's keys) twice, once for the old view's class and once
        for the new one, and that was most of the time it took to open a view."""
        classes = {f"-view-{view}": view == self.view for view in VIEWS}
        if all(self.has_class(name) == wanted for name, wanted in classes.items()):
            return
        self.update_classes(classes, update=False)
        cells = [self, *self.query_children()]  # title, list column, panes, footer
        self.app.stylesheet.update_nodes(cells, animate=False)

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

    # -- keys ---------------------------------------------------------------------------------

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

    def sorts_here(self) -> tuple[str, ...]:
        """The sorts that mean something in this view."""
        return VIEW_SORTS.get(self.view, tuple(SORTS))

    def refresh_all(self) -> None:
        """After an import or screening: re-read everything, keep the cursor's request."""
        self.data_changed(keep_id=self.current.id if self.current else None)
