"""Screening the whole inbox: every pending request and connection measured against the
user's notes, companies, follows, evidence and rules, in batches saved as they go (a part of
`Inbox`)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from linkinbox.config import LoadedConfig
    from linkinbox.config_model import Config
    from linkinbox.store import Store

#: Requests screened, then saved, at a time (a decision made meanwhile may wait for one save).
SCREENING_BATCH = 500

Progress = Callable[[int, int, str], None]


class InboxScreening:
    """The inbox's screening: `Inbox` is the one that holds the store and the settings."""

    store: Store
    loaded: LoadedConfig
    _rules: tuple[list[Any], list[str]] | None

    if TYPE_CHECKING:  # what `Inbox` provides

        @property
        def config(self) -> Config: ...

        @property
        def my_name(self) -> str: ...

        @property
        def read_only(self) -> bool: ...

        def setting(self, key: str) -> Any: ...

    @property
    def rules(self) -> list[Any]:
        """The `[[rules]]` of config.toml, parsed and validated on first use: validating them
        (pydantic) is not on the way to the first frame (the TUI asks after it)."""
        return self._load_rules()[0]

    @property
    def rule_problems(self) -> list[str]:
        return self._load_rules()[1]

    def _load_rules(self) -> tuple[list[Any], list[str]]:
        if self._rules is None:
            if not self.setting("rules"):
                self._rules = ([], [])  # screening (and its expressions) loads only when needed
            else:
                from linkinbox.rules import parse_rules

                self._rules = parse_rules(self.config.rules, str(self.loaded.shown))
        return self._rules

    def rules_signature(self) -> str:
        return json.dumps(self.setting("rules"), sort_keys=True, default=str) + self.my_name

    def screen_all(
        self, progress: Progress | None = None, pause: Callable[[], None] | None = None
    ) -> int:
        """Compute the stranger mark, suggestion and reasons of every pending request.

        `pause` is called every few requests: the TUI, screening in a thread, waits there
        while keys are coming, so that the interpreter is the inbox's while someone types.
        """
        from linkinbox import screening, signals
        from linkinbox.merge import search_text

        store = self.store
        step = pause or (lambda: None)  # between the steps that cannot pause themselves
        step()
        notes, companies, followed = store.screening_inputs()
        step()
        ctx = signals.build_context(notes, companies, followed, self.my_name)
        step()
        ctx.add_invitations(store.invitation_companies())  # same-company bursts
        step()
        ctx.former_slugs, ctx.former_bare, ctx.former_names = store.connected_keys(former=True)
        if store.has_evidence():
            from linkinbox.evidence import Index

            step()
            ctx.evidence = Index(store.evidence_rows())
        step()
        total = store.count()
        screened = 0
        # In batches, each saved in a transaction of its own: the inbox's decisions wait for
        # one batch's write (milliseconds), never for the whole screening (seconds at 100,000),
        # and no more than a batch of verdicts is held at once.
        for batch in store.pending_batches(SCREENING_BATCH):
            rows = []
            for request in batch:
                if pause is not None:
                    pause()  # every request: a key waits for one request's screening at most
                verdict = screening.screen(request, ctx, self.rules)
                stranger = None if verdict.stranger is None else int(verdict.stranger)
                rows.append(
                    (
                        request.id,
                        stranger,
                        verdict.suggested,
                        json.dumps(verdict.reasons, ensure_ascii=False),
                        verdict.template,
                        search_text(request.name, request.headline, request.message),
                    )
                )
            if pause is not None:
                pause()  # not while keys are coming: a decision would wait for the write
            store.save_screening(rows)
            # Its own pages out of the write-ahead log at once: else the inbox's next decision
            # would copy them back into the store (SQLite checkpoints on a commit) and wait.
            store.checkpoint()
            screened += len(batch)
            if progress:
                progress(screened, total, "screening")
        screened += self._screen_connections(ctx, progress, pause)
        store.set_meta("screened", self.rules_signature())
        store.set_meta("unscreened", "0")
        store.build_order_indexes()  # after the suggestions are in: written once, not twice
        return screened

    def _screen_connections(
        self,
        ctx: Any,
        progress: Progress | None = None,
        pause: Callable[[], None] | None = None,
    ) -> int:
        """How well the user knows each connection (`linkinbox.network`): stranger mark,
        suggestion, reasons and the score the "least known first" order reads."""
        from linkinbox import network

        store = self.store
        total = store.connection_count()
        if not total:
            return 0
        net = network.NetworkContext(
            store.positions(),
            store.invitation_notes(),
            ctx.followed_names,
            ctx.evidence,
            has_evidence=ctx.evidence is not None,
            today=network.today(),
        )
        screened = 0
        for batch in store.connection_batches(SCREENING_BATCH):
            rows = []
            for request in batch:
                if pause is not None:
                    pause()
                verdict = network.screen(request, net, self.rules)
                rows.append(
                    (
                        request.id,
                        None if verdict.stranger is None else int(verdict.stranger),
                        verdict.suggested,
                        json.dumps(verdict.reasons, ensure_ascii=False),
                        verdict.template,
                        verdict.known_score,
                    )
                )
            store.save_connection_screening(rows)
            screened += len(batch)
            if progress:
                progress(screened, total, "screening connections")
        return screened

    def needs_screening(self) -> bool:
        """After an import, or when the rules or the user's name changed (never on a read-only
        store: its screening cannot be saved, so what it holds is what is shown)."""
        if self.read_only:
            return False
        return (
            self.store.meta("unscreened") == "1"
            or self.store.meta("screened") != self.rules_signature()
        )

    def ensure_screened(self, progress: Progress | None = None) -> None:
        """Screen what an import (or a change of rules) left unscreened. Imports do not screen,
        so they stay fast; the TUI does this in a worker, the commands that show reasons here."""
        if self.read_only:
            return  # nothing can be saved: shown as it was last screened
        if self.needs_screening():
            self.screen_all(progress)
        else:
            self.store.build_order_indexes()  # a large import that added nothing dropped them
