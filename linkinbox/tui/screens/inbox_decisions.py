"""What the inbox screen's writing keys do: decide, review, change, undo, mark, withdraw, mark
done and apply suggestions, large batches on a worker off the UI thread."""

from __future__ import annotations

import contextlib
import time
from typing import TYPE_CHECKING, NamedTuple

from textual import work
from textual.actions import SkipAction
from textual.message import Message
from textual.worker import get_current_worker

from linkinbox import heap
from linkinbox.errors import LinkinboxError
from linkinbox.models import DECIDED, Status
from linkinbox.text import one_line
from linkinbox.tui.screens.inbox_view import (
    BATCH_TITLE_SECONDS,
    CONNECTION_TODO,
    DECISION_ORDER,
    JUST_DECIDED_SECONDS,
    PAST,
    READ_ONLY,
    STILL_SCREENING,
    VIEWS,
    InboxView,
)
from linkinbox.words import connection_word, plural

if TYPE_CHECKING:
    from collections.abc import Callable

    from linkinbox.inbox import Inbox, Progress

    #: A batch's work, given the worker's own Inbox and a progress callback: the ids it changed.
    Batch = Callable[[Inbox, Progress], list[int]]

#: Batches larger than this are written (and undone) off the UI thread, with progress.
BACKGROUND_BATCH = 1000
#: Said on the terminal after quitting while a batch was written (it was rolled back).
STOPPED = "Quit while {label}: none of it was saved, the inbox is as it was before."


class BatchStopped(Exception):
    """The app closed while a batch was written: it stops and rolls back."""


class BatchProgress(Message, bubble=False):
    """From a batch's worker: how far it is, for the title."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


class BatchDone(Message, bubble=False):
    """From a batch's worker: the ids it changed, or the error that stopped it."""

    def __init__(self, label: str, done: list[int] | None, error: str | None) -> None:
        super().__init__()
        self.label, self.done, self.error = label, done, error


class BatchWords(NamedTuple):
    """How the screen speaks of one kind of batch decision: `{count}`, `{who}` and `{undo}` are
    filled in (`who` is the one person's name, or the count and noun)."""

    status: Status  # what a request must be to be decided this way
    verb: str  # "Nothing to {verb}: the list is empty."
    past: str  # "… had already been {past} in another window."
    noun: str  # what the list holds, counted
    running: str  # in the title while a large batch is written
    gone_one: str  # when every target was decided in another window meanwhile
    gone_many: str
    outcome: dict[str, str]  # by decision: what was done
    undoes_one: str  # after the outcome of one request that was not under the cursor
    copy_after: bool  # `y` copies the reply to the one just decided (a request, not a connection)


#: Pending requests: follow, connect or decline.
DECIDING = BatchWords(
    status=Status.PENDING,
    verb="decide",
    past="decided",
    noun="request",
    running="deciding {count} marked requests",
    gone_one="The marked request was already decided in another window.",
    gone_many="All {count} marked requests were already decided in another window.",
    outcome={d: f"{PAST[d]} {{who}}." for d in DECISION_ORDER},
    undoes_one=" {undo} undoes it.",
    copy_after=True,
)
#: Existing connections (the Connections view): keep, follow instead or remove.
REVIEWING = BatchWords(
    status=Status.CONNECTED,
    verb="review",
    past="reviewed",
    noun="connection",
    running="reviewing {count} marked connections",
    gone_one="The marked connections were already reviewed in another window.",
    gone_many="The marked connections were already reviewed in another window.",
    outcome={
        "connect": "Kept {who}.",
        **{d: f"{{who}}: {todo} — in To do." for d, todo in CONNECTION_TODO.items()},
    },
    undoes_one=" {undo} undoes.",
    copy_after=False,
)


class InboxDecisions(InboxView):
    """The inbox screen's keys that write to the store (a part of `InboxScreen`)."""

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
        self._decide_batch(DECIDING, decision)

    def action_review(self, decision: str) -> None:
        """In the Connections view: keep (c), follow instead (f) or remove (d) the connections
        marked and shown, else the one under the cursor; one undoable batch."""
        self._decide_batch(REVIEWING, decision)

    def _decide_batch(self, words: BatchWords, decision: str) -> None:
        """Decide the marked requests shown (else the one under the cursor) as one undoable
        batch, off the UI thread when large, and say what happened in `words`."""
        if self._busy():
            return
        targets = self._targets((words.status,))
        if not targets:
            self.notify(f"Nothing to {words.verb}: the list is empty.", severity="warning")
            return
        if len(targets) > BACKGROUND_BATCH:

            def job(inbox: Inbox, progress: Progress) -> list[int]:
                return inbox.decide_each([(t, decision) for t in targets], progress)

            self._in_background(words.running.format(count=f"{len(targets):,}"), job)
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
                gone = words.gone_one if len(targets) == 1 else words.gone_many
                message = gone.format(count=f"{len(targets):,}")
            self.notify(message, severity="warning", markup=False, timeout=5)
            self.refresh_from_elsewhere()
            return
        cursor = self.request_list.cursor
        # One request left the list at the cursor: the pages above it are still right.
        single = len(done) == 1 and first is not None and first.id == done[0]
        self.data_changed(index=cursor, changed_from=cursor if single else None)
        undo = self.key_for("undo")
        who = plural(len(done), words.noun)
        if single and first is not None:
            who = one_line(first.name, limit=40)
        message = words.outcome[decision].format(who=who)
        if single and first is not None and words.copy_after:
            self._just_decided = first.id
            self._just_timer = self.set_timer(JUST_DECIDED_SECONDS, self._forget_just_decided)
            message += f" {undo} undoes; {self.key_for('copy-reply')} copies the reply to them."
        elif len(done) == 1:
            message += words.undoes_one.format(undo=undo)
        else:
            message += f" {undo} undoes all {len(done):,}."
        if hidden:
            message += f" {plural(hidden, 'marked request')} not shown here left as they are."
        if len(done) < len(targets):
            missed = len(targets) - len(done)
            message += (
                f" {plural(missed, 'other')} had already been {words.past} in another window."
            )
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

    def action_mark_done(self) -> None:
        if self.view != "todo":
            self.notify(
                f"{self.key_for('mark-done')} marks a to-do done on LinkedIn: "
                f"{self.key_for('view-todo')} shows them.",
                timeout=3,
            )
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
        """The batch on a worker thread. It tells the screen by messages, never waiting for the
        UI thread: once the app is closing, nothing would answer. Quitting mid-batch stops it
        at its next step and rolls it back, so the store has all of the batch or none."""
        app = self.linkinbox_app
        worker = get_current_worker()
        told: dict[str, float] = {}  # when the title last told each stage

        def stop_if_closing() -> None:
            if worker.is_cancelled or not app.is_running:
                raise BatchStopped(label)

        def progress(done: int, total: int, stage: str) -> None:
            stop_if_closing()
            app.step_aside()  # a key being handled goes first: the screen never stands still
            if time.monotonic() - told.get(stage, 0.0) >= BATCH_TITLE_SECONDS:
                self._tell(BatchProgress(f"{label}: {stage} {done:,} of {total:,}"))
                told[stage] = time.monotonic()

        app.step_aside(1.0)  # the dialog that asked is closed and drawn before work starts
        try:
            with (
                app.sharing_the_interpreter(),
                heap.fewer_young_collections(),
                self.inbox.reopen() as batch_inbox,
            ):
                stop_if_closing()  # the app may have closed meanwhile
                done = job(batch_inbox, progress)
        except BatchStopped:
            app.exit_notes.append(STOPPED.format(label=label))
            return
        except LinkinboxError as error:
            self._tell(BatchDone(label, None, str(error)))
            return
        self._tell(BatchDone(label, done, None))

    def _tell(self, message: Message) -> None:
        """From the batch's thread: post `message` to this screen without waiting (an app that
        has closed drops it)."""
        with contextlib.suppress(RuntimeError):  # the event loop is closed
            self.post_message(message)

    def on_batch_progress(self, message: BatchProgress) -> None:
        self._progress(message.text)

    def on_batch_done(self, message: BatchDone) -> None:
        self._batch_done(message.label, message.done, message.error)

    def _progress(self, text: str) -> None:
        if self._batch is not None:
            self._batch = text
            self.update_title()

    def _batch_done(self, label: str, done: list[int] | None, error: str | None) -> None:
        self._batch = None
        # The batch's commit is read once, here: the next poll would read it all again.
        self.inbox.changed_elsewhere()
        self._shown_id = None
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
                f"Reviewed {plural(len(done), 'connection')}. "
                f"{self.key_for('undo')} undoes them all.",
                timeout=4,
            )
        else:
            self.notify(
                f"Decided {plural(len(done), 'request')}. {self.key_for('undo')} undoes "
                + ("it." if len(done) == 1 else "them all."),
                timeout=4,
            )
