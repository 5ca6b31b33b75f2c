"""The inbox screen: list on the left; profile, decisions and reply on the right; its keys."""

from __future__ import annotations

from textual import on, work
from textual.actions import SkipAction
from textual.binding import Binding
from textual.worker import get_current_worker

from linkinbox.browser import (
    CONNECTIONS_PAGE,
    INVITATION_MANAGER,
    SENT_INVITATIONS,
    open_in_browser,
)
from linkinbox.errors import TemplateError
from linkinbox.models import DECIDED, ImportSummary
from linkinbox.store import Query, Row
from linkinbox.text import inert, one_line
from linkinbox.tui.later import tell
from linkinbox.tui.screens.inbox_decisions import InboxDecisions
from linkinbox.tui.screens.inbox_view import (
    DECISION_ORDER,
    NOT_FOR_CONNECTIONS,
    SORTS,
    VIEWS,
)
from linkinbox.tui.widgets.decision_bar import DecisionBar
from linkinbox.tui.widgets.filter_box import FilterBox
from linkinbox.tui.widgets.profile import ProfilePane
from linkinbox.tui.widgets.request_list import PAGE
from linkinbox.tui.widgets.todo_pane import steps_for
from linkinbox.words import plural

__all__ = ["SORTS", "InboxScreen"]  # the app reads SORTS from here


class InboxScreen(InboxDecisions):
    """Pending requests with one key per decision: the keys, and what those do that only
    show, copy, open, filter or sort (`InboxView` shows, `InboxDecisions` writes)."""

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

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:  # noqa: ARG002 (Textual's signature)
        # f, c and d decide requests, or review connections in the Connections view.
        if action == "review":
            return self._ready and self.view == "connections"
        if self.view == "connections" and action in NOT_FOR_CONNECTIONS:
            return False
        # A key typed while the inbox is still being built does nothing rather than fail.
        return self._ready

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
            tell(self, self._filtered, query, (len(first), first))
            if len(first) == PAGE:
                count = reader.count(query)
                if not worker.is_cancelled:
                    tell(self, self.show_count, query, count)

    def _window_closing(self) -> bool:
        """The filter's answer came after the window began to close (its widgets are going)."""
        return not (self.app.is_running and self.is_attached)

    def _filtered(self, query: Query, prefetched: tuple[int, list[Row]]) -> None:
        if self._window_closing():
            return
        self._prefetched = (query, prefetched)
        self.filter_text = query.text
        self._prefetched = None

    def show_count(self, query: Query, count: int) -> None:
        if self._window_closing():
            return
        if self.request_list.query_spec == query:
            self.request_list.update_count(count)
            self.update_title()

    def action_view(self, view: str) -> None:
        self.view = view

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
