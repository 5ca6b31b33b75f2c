"""Stats: counts by status, and a bar chart of decisions per month."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from linkinbox.tui.widgets.footer import KeyFooter

KINDS = ("follow", "connect", "decline", "pending")
BAR = 40


class StatsScreen(Screen[None]):
    BINDINGS = [Binding("escape,q", "close", "Back", id="close-stats")]

    def __init__(self, stats: dict[str, Any]) -> None:
        super().__init__()
        self.stats = stats

    def compose(self) -> ComposeResult:
        stats = self.stats
        with VerticalScroll(id="stats"):
            yield Static("Stats", id="stats-title", markup=False)
            with Horizontal(id="stats-totals"):
                for kind in KINDS:
                    yield Static(Content(f"{stats[kind]:,}\n{kind}"), classes=f"stats-total {kind}")
                yield Static(Content(f"{stats['sent']:,}\nsent"), classes="stats-total sent")
                if stats.get("gone"):
                    yield Static(Content(f"{stats['gone']:,}\ngone"), classes="stats-total sent")
            yield Static(
                Content(
                    f"On LinkedIn: {stats.get('todo', 0):,} to do (4 lists them), "
                    f"{stats.get('done', 0):,} done."
                ),
                id="stats-linkedin",
            )
            share = stats.get("suggestion_share")
            if share is not None:
                yield Static(
                    Content(
                        f"{share:.0%} of your decisions took the suggestion "
                        f"({stats['followed_suggestion']:,} of "
                        f"{stats['decisions_with_suggestion']:,})."
                    ),
                    id="stats-share",
                )
            yield Static(
                "Per month (█ follow  █ connect  █ decline  ░ pending)",
                id="stats-legend",
                markup=False,
            )
            months = stats["months"]
            peak = max((sum(m[k] for k in KINDS) for m in months), default=0)
            if not months:
                yield Static("No requests yet.", classes="stats-empty", markup=False)
            for month in months:
                yield MonthBar(month, peak)
        yield KeyFooter()

    def action_close(self) -> None:
        self.dismiss(None)


class MonthBar(Horizontal):
    """One month: its label, a stacked bar, and its total."""

    def __init__(self, month: dict[str, Any], peak: int) -> None:
        super().__init__(classes="month")
        self.month = month
        self.peak = peak

    def compose(self) -> ComposeResult:
        month = self.month
        total = sum(month[k] for k in KINDS)
        yield Static(month["month"], classes="month-label", markup=False)
        for kind in KINDS:
            cells = round(month[kind] * BAR / self.peak) if self.peak else 0
            if month[kind] and not cells:
                cells = 1
            char = "░" if kind == "pending" else "█"
            yield Static(char * cells, classes=f"month-bar {kind}", markup=False)
        yield Static(f" {total:,}", classes="month-total", markup=False)
