"""The inbox as the command line and the TUI both use it: store + config + templates + screening.

One place decides, undoes and imports, so a key press and `linkinbox decide` do exactly the same.
No Textual here.
"""

from __future__ import annotations

import contextlib
import copy
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from linkinbox import heap, paths
from linkinbox.config import load_config
from linkinbox.errors import LinkinboxError, TemplateError
from linkinbox.inbox_screening import InboxScreening, Progress
from linkinbox.models import Decision, ImportData, ImportSummary, Request, Status
from linkinbox.store import Query, Row, Store
from linkinbox.templates import Templates
from linkinbox.text import inert, same_person
from linkinbox.words import connection_word, past

if TYPE_CHECKING:
    from linkinbox.config_model import Config
    from linkinbox.evidence import Event
    from linkinbox.todo import Action

#: Requests read at a time while a batch of decisions renders their replies.
DECIDE_CHUNK = 200
# Progress is read from here by the TUI.
__all__ = ["Inbox", "Progress"]


class Inbox(InboxScreening):
    """Everything a session of linkinbox works with. Open it once; close it at the end.

    The one way into the store: the screens and the command line ask the inbox, never `Store`.
    A worker thread works on `reopen()`, a connection of its own to the same files.
    """

    def __init__(
        self,
        store_path: Path | None = None,
        config_path: Path | None = None,
        templates_path: Path | None = None,
        *,
        where: paths.Paths | None = None,
    ) -> None:
        """`where`: the folders (default: the user's, see `paths.default`); a path given on its
        own wins over the one in `where`."""
        self.paths = where or paths.default()
        self.loaded = load_config(
            config_path or self.paths.config_file, None if config_path else self.paths.shown_config
        )
        for key, value in self.paths.session:
            self.loaded.remember(key, value)
        self.templates = Templates(templates_path or self.paths.templates_file)
        self.store = Store(store_path or self.paths.store_file)
        self._rules: tuple[list[Any], list[str]] | None = None
        self._has_evidence: bool | None = None  # known once `history` first asks

    @property
    def config(self) -> Config:
        """The validated settings (validating imports pydantic: not on the way to first paint)."""
        return self.loaded.config

    def setting(self, key: str) -> Any:
        """One setting, cheaply: see LoadedConfig.value."""
        return self.loaded.value(key)

    @property
    def problems(self) -> list[str]:
        found = [*self.loaded.problems, *self.templates.problems, *self.rule_problems]
        return [self.paths.as_shown(problem) for problem in found]

    @property
    def my_name(self) -> str:
        """From config.toml, else as seen in the user's own export."""
        return str(self.setting("my_name")) or self.store.meta("me_name") or ""

    @property
    def my_profile_url(self) -> str:
        return str(self.setting("my_profile_url")) or self.store.meta("me_url") or ""

    def from_export(self, key: str) -> str:
        """What the user's own export said about them: "me_name" or "me_url" ("" when not)."""
        return self.store.meta(key) or ""

    def close(self) -> None:
        self.store.close()

    @property
    def read_only(self) -> bool:
        """The user made the store read-only: it is read, never written (decisions, imports,
        screening, retention are all refused or skipped)."""
        return self.store.read_only_by_user

    def read_only_sentence(self) -> str:
        """Why nothing can be saved, in one sentence, with the way out."""
        return self.store.read_only_sentence()

    def reopen(self, *, readonly: bool = False) -> Inbox:
        """The same inbox (store, settings, templates, rules) on a connection of its own, for a
        worker thread; `readonly` for one that only reads. Close it when the work is done."""
        twin = copy.copy(self)
        twin.store = Store(self.store.path, readonly=readonly)
        # Batches a worker writes are this window's own (`last_batch_owner`).
        twin.store.own_batches = self.store.own_batches
        twin.store.opened_after_batch = self.store.opened_after_batch
        return twin

    @property
    def store_path(self) -> Path:
        return self.store.path

    def __enter__(self) -> Inbox:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- importing ----------------------------------------------------------------------------

    def import_paths(
        self, sources: Sequence[Path], progress: Progress | None = None
    ) -> ImportSummary:
        """Read every source first (a bad file changes nothing), then merge in one transaction."""
        from linkinbox.importers import read_path

        with heap.paused():
            data = ImportData()
            for i, source in enumerate(sources):
                if progress:
                    progress(i, len(sources), f"reading {source.name}")
                data.extend(read_path(source))
            if progress:
                progress(len(sources), len(sources), "saving")
            if data.messages:  # which sender is the user: the export's, else config's
                from linkinbox.importers.evidence_export import resolve_messages

                data.evidence.extend(resolve_messages(data, self.my_profile_url, self.my_name))
            return self.store.import_data(data)

    def import_data(self, data: ImportData, *, screen: bool = True) -> ImportSummary:
        summary = self.store.import_data(data)
        if screen:
            self.screen_all()
        return summary

    # -- replies and decisions ----------------------------------------------------------------

    def template_name(self, request: Request | None, decision: Decision | str) -> str:
        """The template for a decision: a matching rule's template when it names one."""
        decision = Decision(decision).value
        if request is None:
            return decision
        suggested, template = self.store.rule_template(request.id)
        return self._template_for(decision, suggested, template)

    def _template_for(self, decision: str, suggested: str | None, template: str | None) -> str:
        if template and suggested == decision and template in self.templates.bodies:
            return template
        return decision

    def render_reply(self, request: Request, decision: Decision | str) -> str:
        name = self.template_name(request, decision)
        return self.templates.render_for(name, request, self.my_name, self.my_profile_url)

    def safe_reply(self, request: Request, decision: Decision | str) -> str | None:
        try:
            return self.render_reply(request, decision)
        except TemplateError:
            return None

    def decide(self, ids: Iterable[int], decision: Decision | str) -> list[int]:
        """Decide pending requests as one batch (one undo), storing each rendered reply."""
        decision = Decision(decision)
        return self.decide_each([(rid, decision) for rid in ids])

    def decide_each(
        self, pairs: Sequence[tuple[int, Decision | str]], progress: Progress | None = None
    ) -> list[int]:
        """Decide each request its own way, as one batch (one undo), with rendered replies.

        Requests are read a chunk at a time with their rule's template, and each template is
        parsed once: 25,000 decisions cost what their writes do. `progress` hears how far."""
        replies: dict[int, str] = {}
        me, my_url = self.my_name, self.my_profile_url
        total = len(pairs)
        for start in range(0, total, DECIDE_CHUNK):
            chunk = pairs[start : start + DECIDE_CHUNK]
            found = self.store.get_many([rid for rid, _ in chunk])
            for rid, decision in chunk:
                if rid not in found:
                    continue
                request, suggested, template = found[rid]
                if request.is_connection:
                    continue  # nothing to say to an existing connection
                name = self._template_for(Decision(decision).value, suggested, template)
                with contextlib.suppress(TemplateError):
                    replies[rid] = self.templates.render_for(name, request, me, my_url)
            if progress:
                progress(start + len(chunk), total, "writing replies")
        return self.store.decide_each(pairs, replies, progress)

    def redecide(self, ids: Iterable[int], decision: Decision | str) -> list[int]:
        """Change decisions already taken, as one batch (one undo), with the new replies."""
        decision = Decision(decision)
        targets = list(ids)
        replies: dict[int, str] = {}
        for rid in targets:
            request = self.store.get(rid)
            if request is not None and not request.is_connection:
                reply = self.safe_reply(request, decision)
                if reply is not None:
                    replies[rid] = reply
        return self.store.redecide_each([(rid, decision) for rid in targets], replies)

    def apply_suggestions(self, progress: Progress | None = None) -> list[int]:
        """Take every pending request's suggestion, as one batch."""
        pairs = [(rid, s) for rid, _, s in self.store.suggestions()]
        return self.decide_each(pairs, progress)

    def decide_ref(self, ref: str, decision: Decision | str) -> Request:
        request = self.store.find(ref)
        self.check_decidable(request)
        self.decide([request.id], decision)
        decided = self.store.get(request.id)
        assert decided is not None
        return decided

    def check_decidable(self, request: Request) -> None:
        """LinkinboxError, in a sentence, unless `request` is pending or a connection not
        reviewed yet."""
        if request.status == Status.CONNECTED:
            return
        if request.is_connection:
            raise LinkinboxError(
                f"Connection {request.id} ({request.name}) is already reviewed: "
                f"{connection_word(request.status.value)}. `linkinbox undo` reverses the last "
                "decision."
            )
        if request.status in (Status.SENT, Status.WITHDRAWN):
            raise LinkinboxError(
                f"Request {request.id} ({request.name}) is an invitation you sent; only "
                "invitations you received are followed, connected or declined."
            )
        if request.status != Status.PENDING:
            raise LinkinboxError(
                f"Request {request.id} ({request.name}) is already decided: "
                f"{past(request.status.value)}. `linkinbox undo` reverses the last decision."
            )

    def undo(self, progress: Progress | None = None) -> list[int]:
        return self.store.undo(progress)

    def last_batch_owner(self) -> str:
        """Who made what `undo` would undo: "none", "mine" (this inbox or its workers),
        "elsewhere" (another window or a command, while this inbox was open) or "earlier"."""
        return self.store.last_batch_owner()

    def changed_elsewhere(self) -> str | None:
        """Poll for changes another window or command committed since the last call (the TUI
        asks twice a second): None, "requests" (requests may have moved between statuses) or
        "details" (screening, marks, settings)."""
        return self.store.changed_elsewhere()

    def apply_retention(self) -> int:
        """Forget decided requests older than `retention_days`, when that setting is on."""
        days = self.setting("retention_days")
        return self.store.purge(days) if days and not self.read_only else 0

    # -- output ---------------------------------------------------------------------------------

    def history(self, request: Request, store: Store | _Known | None = None) -> list[Event]:
        """The person's dated events, newest first: invitations, messages, endorsements,
        recommendations, becoming a connection. (`store`: what `json_rows` asks instead of the
        store, to ask it only about people it may know more about.)"""
        from linkinbox.evidence import timeline

        store = store or self.store
        if self._has_evidence is None:
            self._has_evidence = store.has_evidence()
        rows = store.evidence_for(request.key, request.name) if self._has_evidence else []
        return timeline(
            store.invitation_dates(request.key),
            store.connection_of(request.key, request.name),
            rows,
        )

    def as_json(
        self,
        request: Request,
        screening: tuple[int | None, str | None, list[str]] | None = None,
        *,
        history: bool = True,
        known: _Known | None = None,
    ) -> dict[str, Any]:
        """The request as `list --json` and `export` write it (`history=False`: without its
        history, for the CSV export, which has no column for it)."""
        stranger, suggested, reasons = screening or self.store.screening(request.id)
        # The store's text on its way out to a terminal or a file: inert, whatever the store holds.
        r = request
        fields: tuple[str, ...] = (
            r.name, r.first_name, r.last_name, r.headline, r.location, r.company
        )  # fmt: skip
        if not "".join(fields).isprintable() or not (r.profile_url + r.source).isprintable():
            fields = tuple(map(inert, fields))
            r = r._replace(profile_url=inert(r.profile_url), source=inert(r.source))
        sent_at, decided_at, done_at = r.sent_at, r.decided_at, r.done_at
        events: list[Event] = []
        if history:
            lone = None if known is None else known.lone_invitation(request)
            events = self.history(request, known) if lone is None else lone
        return {
            "id": r.id,
            "name": fields[0],
            "first_name": fields[1],
            "last_name": fields[2],
            "headline": fields[3],
            "location": fields[4],
            "company": fields[5],
            "profile_url": r.profile_url,
            "message": inert(r.message, multiline=True),
            "sent_at": sent_at.isoformat() if sent_at else None,
            "mutual_connections": r.mutual_connections,
            "invite_count": r.invite_count,
            "source": r.source,
            "status": str(r.status),
            "decided_at": decided_at.isoformat() if decided_at else None,
            "reply": None if r.reply is None else inert(r.reply, multiline=True),
            "stranger": None if stranger is None else bool(stranger),
            "reasons": reasons,
            "suggested": suggested,
            "on_linkedin": r.on_linkedin,
            "done_at": done_at.isoformat() if done_at else None,
            "history": [{"date": e.date, "what": e.what} for e in events],
            **(
                {
                    "connected_on": sent_at.date().isoformat() if sent_at else None,
                    "position": inert(r.headline),
                }
                if r.is_connection
                else {}
            ),
        }

    def json_rows(
        self, status: str = "all", order: str = "date", *, history: bool = True
    ) -> Iterator[dict[str, Any]]:
        """`as_json` of every request of a view, read in one query as it is written out. The
        store is asked for a person's history only when it may hold more than their request
        (a few sets of keys read first tell): not three queries per request. `history=False`
        (the CSV export, which has no column for them): no history, and no screening reasons.
        """
        if history:  # the common row straight from its columns (see linkinbox.output)
            from linkinbox.output import json_rows

            cursor = self.store.output_cursor(status, order)  # before the lookups: one snapshot
            yield from json_rows(self, cursor, _Known(self.store))
            return
        # Started first: the lookups below see the snapshot its rows are read from.
        rows = self.store.requests_for_output(status, order, screening=history)
        known = _Known(self.store) if history else None
        for request, stranger, suggested, reasons, direction, sent_at in rows:
            if known is not None:
                known.current = (direction, sent_at)
            screening = (stranger, suggested, reasons)
            yield self.as_json(request, screening, history=history, known=known)

    def csv_chunks(self, fields: tuple[str, ...]) -> Iterator[list[Sequence[Any]]]:
        """The cells of every request for `export --format csv` (`fields`: its columns, each a
        column of the store), a few hundred rows at a time: see `linkinbox.output`."""
        from linkinbox.output import csv_chunks

        return csv_chunks(self, self.store.csv_cursor(fields), fields)

    # -- the network (existing connections, #18) ---------------------------------------------

    #: The Connections view's query: connections not reviewed yet, least known first.
    AUDIT = Query(status="connected", order="known")

    def audit(self) -> Iterator[Request]:
        """Connections not reviewed yet, least known first (what `linkinbox audit` lists)."""
        return self.store.requests(status="connected", order="known")

    def audit_json(self) -> Iterator[dict[str, Any]]:
        """`as_json` of every connection not reviewed yet, least known first."""
        return self.json_rows("connected", "known")

    def connections_left(self) -> int:
        """How many connections are left to review (status connected)."""
        return self.store.count(self.AUDIT)

    def network_stats(self) -> dict[str, Any]:
        """The network's composition: see `Store.network_stats`."""
        return self.store.network_stats()

    # -- LinkedIn's side ------------------------------------------------------------------------

    def action(self, request: Request) -> Action:
        """What is left to press on LinkedIn for a decided request, and where."""
        from linkinbox import todo

        return todo.action(
            request,
            connected=self.store.is_connection(request.key, request.name),
            invitation_gone=self.store.gone_at(request.id) is not None,
        )

    def todos(self) -> Iterator[tuple[Request, Action]]:
        """Every decision still to do on LinkedIn, oldest decision first, with its action."""
        from linkinbox import todo

        slugs, bare, names = self.store.connected_keys()
        for request, gone_at in self.store.todos():
            yield (
                request,
                todo.action(
                    request,
                    connected=same_person(request.key, request.name, slugs, bare, names),
                    invitation_gone=gone_at is not None,
                ),
            )

    def todo_json(self, request: Request, action: Action) -> dict[str, Any]:
        return {**self.as_json(request), "action": action.words, "url": action.url}

    def mark_done(self, ids: Sequence[int]) -> list[int]:
        """Mark to-dos done on LinkedIn, as one batch (one undo)."""
        return self.store.mark_done(ids)

    # -- reading --------------------------------------------------------------------------------

    def pending_count(self) -> int:
        return self.store.pending_count()

    def count(self, query: Query | None = None) -> int:
        """How many requests a view shows."""
        return self.store.count(query)

    def page(self, query: Query, offset: int, limit: int, total: int | None = None) -> list[Row]:
        """Rows `offset` to `offset + limit` of a view (see `Store.page`)."""
        return self.store.page(query, offset, limit, total)

    def index_of(self, query: Query, request_id: int) -> int | None:
        """Where a request is in a view, or None when the view does not show it."""
        return self.store.index_of(query, request_id)

    def page_after(self, query: Query, row: Row, limit: int) -> list[Row]:
        """The `limit` rows of a view after `row` (see `Store.page_after`)."""
        return self.store.page_after(query, row, limit)

    def page_before(self, query: Query, row: Row, limit: int) -> list[Row]:
        """The `limit` rows of a view before `row` (see `Store.page_before`)."""
        return self.store.page_before(query, row, limit)

    def last_batch_size(self) -> int:
        """How many requests `undo` would restore."""
        return self.store.last_batch_size()

    def todo_count(self) -> int:
        """How many decisions are still to do on LinkedIn."""
        return self.store.todo_count()

    def get(self, request_id: int) -> Request | None:
        return self.store.get(request_id)

    def find(self, ref: str) -> Request:
        """A request by its id, profile URL or slug; NotFound says so in a sentence."""
        return self.store.find(ref)

    def requests(self, status: str = "all", order: str = "date") -> Iterator[Request]:
        return self.store.requests(status=status, order=order)

    def requests_screened(
        self, status: str = "all"
    ) -> Iterator[tuple[Request, int | None, str | None, list[str]]]:
        """Every request of a view with (stranger, suggestion, reasons), read as it goes."""
        return self.store.requests_screened(status)

    def screening(self, request_id: int) -> tuple[int | None, str | None, list[str]]:
        """(stranger, suggested decision, reasons) as screening left them for a request."""
        return self.store.screening(request_id)

    def suggestions(self) -> list[tuple[int, str, str]]:
        """(id, name, suggested decision) of every pending request with a suggestion."""
        return self.store.suggestions()

    def stats(self) -> dict[str, Any]:
        """Counts by status, overall and per month."""
        return self.store.stats()

    # -- marks, withdrawals, housekeeping -------------------------------------------------------

    def marked_ids(self, query: Query | None = None) -> list[int]:
        """Marked requests; with a query, only those it shows."""
        return self.store.marked_ids(query)

    def set_marked(self, ids: Iterable[int], marked: bool) -> None:
        self.store.set_marked(ids, marked)

    def clear_marks(self) -> None:
        self.store.clear_marks()

    def withdraw(self, ids: Sequence[int]) -> list[int]:
        """Record sent invitations as withdrawn (one undo); returns those that were still sent."""
        return self.store.set_status(ids, Status.WITHDRAWN, Status.SENT)

    def missing_order_indexes(self) -> list[str]:
        """The sort orders' indexes a large import dropped (built again in the background;
        never on a read-only store)."""
        return [] if self.read_only else self.store.missing_order_indexes()

    def build_order_indexes(self) -> None:
        if not self.read_only:
            self.store.build_order_indexes()

    def purge(self, older_than_days: int) -> int:
        """Forget decided requests decided more than `older_than_days` ago; compact the store."""
        return self.store.purge(older_than_days)


class _Known:
    """Stands in for the store in `Inbox.history` while `json_rows` writes many requests: it
    answers from the request's own row, or "nothing", when the store could not tell more, and
    asks the store otherwise (anything else it is asked goes to the store)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.shared, self.connections, self.evidence = store.output_lookups()
        self.current: tuple[str, str | None] = ("incoming", None)  # (direction, sent_at) stored
        self._lone: dict[str, str | None] = {}  # a lone invitation's words, by direction

    def __getattr__(self, name: str) -> Any:
        return getattr(self.store, name)

    def lone_invitation(self, request: Request) -> list[Event] | None:
        """The history of someone the store knows nothing more about than this request (the
        request's own invitation, as `timeline` words it); None when it may know more."""
        key, name = request.key, request.name
        if (
            key in self.shared
            or self.connections.may_hold(key, name)
            or self.evidence.may_hold(key, name)
        ):
            return None
        invitations = self.store.own_invitation(*self.current)
        if not invitations or not invitations[0][1]:
            return []
        direction, sent_at = invitations[0]
        what = self.lone_what(direction)
        if what is None:
            return None
        from linkinbox.evidence import Event

        return [Event(str(sent_at), what)]

    def lone_what(self, direction: str) -> str | None:
        """How `timeline` words the one invitation of someone it knows nothing more about
        (None: it says more than one event, or not with the invitation's own date)."""
        if direction not in self._lone:
            from linkinbox.evidence import timeline

            probe = timeline([(str(direction), "\0")], None, [])
            ok = len(probe) == 1 and probe[0].date == "\0"
            self._lone[direction] = probe[0].what if ok else None
        return self._lone[direction]

    def invitation_dates(self, key: str) -> list[tuple[str, str]]:
        if key in self.shared:  # another request or an earlier invitation: ask
            return self.store.invitation_dates(key)
        return self.store.own_invitation(*self.current)

    def connection_of(self, key: str, name: str) -> Any:
        return self.store.connection_of(key, name) if self.connections.may_hold(key, name) else None

    def evidence_for(self, key: str, name: str) -> Any:
        return self.store.evidence_for(key, name) if self.evidence.may_hold(key, name) else []
