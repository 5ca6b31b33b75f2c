"""Stats: the network's composition (known, can't tell, strangers; reviewed; by year connected),
counts by status, and a bar chart of decisions per month."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static

from linkinbox.glyphs import Marks
from linkinbox.tui.drawing import marks
from linkinbox.tui.widgets.footer import KeyFooter

KINDS = ("follow", "connect", "decline", "pending")
BAR = 40
#: The network's kinds, from known to strangers: (key in the stats, words). Each has its own
#: fill (`Marks.known_fill`…) as well as its colour, so the chart reads without colour too.
NETWORK = (
    ("known", "known"),
    ("cant_tell", "can't tell"),
    ("strangers", "strangers"),
)


def fill(drawn: Marks, kind: str) -> str:
    """The character a bar of `kind` is drawn with: each kind its own, so colour is not needed."""
    if kind in KINDS:
        return str(getattr(drawn, kind))
    return str(getattr(drawn, f"{kind}_fill"))


#: Cells of the longest year's bar.
YEAR_BAR = 40


class StatsScreen(Screen[None]):
    BINDINGS = [Binding("escape,q", "close", "Back", id="close-stats")]

    def __init__(self, stats: dict[str, Any]) -> None:
        super().__init__()
        self.stats = stats

    def compose(self) -> ComposeResult:
        stats = self.stats
        with VerticalScroll(id="stats"):
            yield Static("Stats", id="stats-title", markup=False)
            network = stats.get("network")
            if network and network.get("connections"):
                yield from network_chart(network, marks(self), review_key(self))
            yield Static("Requests", classes="stats-heading", id="stats-requests", markup=False)
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
            drawn = marks(self)
            with Horizontal(id="stats-legend"):  # each kind in its colour and with its fill
                yield Static("Per month", classes="network-legend heading", markup=False)
                for kind in KINDS:
                    yield Static(
                        f"{fill(drawn, kind)} {kind}",
                        classes=f"network-legend month-bar {kind}",
                        markup=False,
                    )
            months = stats["months"]
            peak = max((sum(m[k] for k in KINDS) for m in months), default=0)
            if not months:
                yield Static("No requests yet.", classes="stats-empty", markup=False)
            for month in months:
                yield MonthBar(month, peak)
            if network is not None and not network.get("connections"):
                yield Static(
                    "Your network: no connections known yet. Import your LinkedIn export (i in the "
                    "inbox): its Connections.csv lists them, and this draws how many you know.",
                    classes="stats-empty",
                    markup=False,
                )
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
            yield Static(fill(marks(self), kind) * cells, classes=f"month-bar {kind}", markup=False)
        yield Static(f" {total:,}", classes="month-total", markup=False)


def percent(part: int, whole: int) -> str:
    return f"{part / whole:.0%}" if whole else "0%"


def review_key(widget: Widget) -> str:
    """The key that opens the Connections view now (keymaps rebind it; 5 by default)."""
    keys_of = getattr(widget.app, "keys_of", None)
    keys = keys_of("view-connections") if keys_of is not None else []
    return str(keys[0]) if keys else "5"


def network_chart(network: dict[str, Any], drawn: Marks, review: str = "5") -> ComposeResult:
    """The network's composition as a picture: one bar of the whole network split by how well
    the user knows them, the review's progress, and a stacked bar per year connected."""
    total = network["connections"]
    yield Static(
        Content(f"Your network: {total:,} connections"),
        classes="stats-heading",
        id="network-title",
    )
    yield ShareBar(
        [(network[key], key, fill(drawn, key)) for key, _ in NETWORK], id="network-composition"
    )
    with Horizontal(id="network-legend"):
        for key, words in NETWORK:
            yield Static(
                Content(
                    f"{fill(drawn, key)} {network[key]:,} {words} ({percent(network[key], total)})"
                ),
                classes=f"network-legend {key}",
            )
    reviewed, left = network["reviewed"], network["left"]
    with Horizontal(id="network-reviewed"):
        yield Static("Reviewed", classes="network-label", markup=False)
        yield ShareBar(
            [(reviewed, "reviewed", drawn.reviewed_fill), (left, "left", drawn.left_fill)],
            classes="network-bar",
        )
        yield Static(
            Content(f" {reviewed:,} of {reviewed + left:,} · {left:,} left"),
            classes="network-count",
        )
    detail = (
        f"kept {network['keep']:,} · follow instead {network['follow_instead']:,} · "
        f"remove {network['remove']:,}"
        if reviewed
        else "nothing reviewed yet"
    )
    hint = f" · {review} reviews the rest" if left else " · every connection reviewed"
    yield Static(Content(detail + hint), id="network-review-detail")
    if network.get("gone"):
        yield Static(
            Content(f"{network['gone']:,} no longer connections (gone from Connections.csv)"),
            classes="network-note",
        )
    years = network.get("by_year") or []
    if years:
        with Horizontal(id="network-years-legend"):
            yield Static("By year connected", classes="network-legend heading", markup=False)
            for key, words in NETWORK:
                yield Static(
                    Content(f"{fill(drawn, key)} {words}"), classes=f"network-legend {key}"
                )
        peak = max(y["total"] for y in years)
        for year in years:
            yield YearBar(year, peak, drawn)


def cells_for(counts: list[int], width: int) -> list[int]:
    """`width` cells shared out by `counts` (largest remainder); a count above 0 gets a cell."""
    total = sum(counts)
    if not total or width <= 0:
        return [0] * len(counts)
    exact = [c * width / total for c in counts]
    cells = [int(e) for e in exact]
    order = sorted(range(len(counts)), key=lambda i: exact[i] - cells[i], reverse=True)
    for i in order[: width - sum(cells)]:
        cells[i] += 1
    for i, count in enumerate(counts):  # a sliver of the network is still drawn
        if count and not cells[i]:
            donor = max(range(len(cells)), key=lambda j: cells[j])
            if cells[donor] > 1:
                cells[donor] -= 1
                cells[i] = 1
    return cells


class ShareBar(Widget):
    """One bar as wide as it is given, split between `parts` ((count, kind, character)); each
    kind's colour is its component class in the stylesheet."""

    COMPONENT_CLASSES = {
        "share--known",
        "share--cant_tell",
        "share--strangers",
        "share--reviewed",
        "share--left",
    }

    def __init__(
        self,
        parts: list[tuple[int, str, str]],
        *,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.parts = parts

    def render(self) -> Text:
        widths = cells_for([count for count, _, _ in self.parts], self.size.width)
        bar = Text(no_wrap=True, overflow="crop")
        for cells, (_, kind, char) in zip(widths, self.parts, strict=True):
            bar.append(char * cells, self.get_component_rich_style(f"share--{kind}"))
        return bar


class YearBar(Horizontal):
    """One year connected: its label, a bar stacked known / can't tell / strangers, its total."""

    def __init__(self, year: dict[str, Any], peak: int, drawn: Marks) -> None:
        super().__init__(classes="year")
        self.year = year
        self.peak = peak
        self.drawn = drawn

    def compose(self) -> ComposeResult:
        year = self.year
        yield Static(year["year"], classes="year-label", markup=False)
        length = max(1, round(year["total"] * YEAR_BAR / self.peak)) if self.peak else 0
        counts = [year[key] for key, _ in NETWORK]
        for cells, (key, _) in zip(cells_for(counts, length), NETWORK, strict=True):
            yield Static(fill(self.drawn, key) * cells, classes=f"year-bar {key}", markup=False)
        yield Static(f" {year['total']:,}", classes="year-total", markup=False)
