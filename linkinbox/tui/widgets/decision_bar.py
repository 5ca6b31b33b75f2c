"""The decision bar: the three decisions, the suggested one marked, the reply one highlighted."""

from __future__ import annotations

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from linkinbox.cells import cut
from linkinbox.tui.drawing import marks

DECISIONS = ("follow", "connect", "decline")
LABELS = {"follow": "[F]ollow", "connect": "[C]onnect", "decline": "[D]ecline"}
STAR = " ★"


def fitted(text: str, suggested: bool, width: int, star_mark: str = STAR) -> str:
    """A label in `width` cells: the ★ always, the words cut with "…" (the key comes first)."""
    star = star_mark if suggested else ""
    if len(text) + len(star) <= width:
        return text + star
    return cut(text, max(3, width - len(star))) + star


def share(needs: list[int], room: int) -> list[int]:
    """Widths for labels needing `needs` cells in `room` cells: each its need when all fit (the
    rest shared out), else the shortest whole and the longest cut."""
    total = sum(needs)
    if total <= room:
        extra, left = divmod(room - total, len(needs))
        return [n + extra + (1 if i < left else 0) for i, n in enumerate(needs)]
    widths = [0] * len(needs)
    remaining = room
    order = sorted(range(len(needs)), key=lambda i: needs[i])
    for position, index in enumerate(order):
        widths[index] = min(needs[index], remaining // (len(needs) - position))
        remaining -= widths[index]
    return widths


def label(decision: str, key: str, word: str | None = None) -> str:
    """`[D]ecline` when `d` declines; the word and its key otherwise (the keymap rebinds).
    `word`: what the decision is called here ("keep" for an existing connection)."""
    word = (word or decision).capitalize()
    if key.lower() == word[0].lower():
        return f"[{word[0]}]{word[1:]}"
    return f"{word} [{key}]"


class DecisionBar(Horizontal):
    """Three labels; the screen sets `suggested` and `selected` (the reply shown below).
    A click on a label posts `Chosen`: the screen takes it as the decision's key."""

    class Chosen(Message):
        def __init__(self, decision: str) -> None:
            super().__init__()
            self.decision = decision

    def on_click(self, event: events.Click) -> None:
        widget = event.widget
        while widget is not None and widget is not self:
            if widget.id and widget.id.removeprefix("decision-") in DECISIONS:
                event.stop()
                self.post_message(self.Chosen(widget.id.removeprefix("decision-")))
                return
            widget = widget.parent  # type: ignore[assignment]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: tuple[str | None, str, int, int, dict[str, str] | None] = (
            None,
            "",
            0,
            0,
            None,
        )
        self._words: dict[str, str] | None = None
        self._meanings: dict[str, tuple[str, str]] | None = None

    def compose(self) -> ComposeResult:
        for decision in DECISIONS:
            yield Static(
                LABELS[decision], id=f"decision-{decision}", classes="decision", markup=False
            )

    def on_resize(self) -> None:
        self.show(
            *self._shown[:3],
            hidden=self._shown[3],
            keys=self._shown[4],
            words=self._words,
            meanings=self._meanings,
        )

    def show(
        self,
        suggested: str | None,
        selected: str,
        marked: int = 0,
        *,
        hidden: int = 0,
        keys: dict[str, str] | None = None,
        words: dict[str, str] | None = None,
        meanings: dict[str, tuple[str, str]] | None = None,
    ) -> None:
        """`marked`: marked requests shown; `hidden`: marked but not shown (left alone);
        `keys`: the key of each decision now; `words`: what each decision is called here
        (keep, follow instead, remove for an existing connection); `meanings`: a second line
        under each, what it does on LinkedIn (in words, and shorter for a narrow bar)."""
        self._shown = (suggested, selected, marked, hidden, keys)
        self._words = words
        self._meanings = meanings
        self.set_class(bool(meanings), "-meanings")
        if words and not keys:
            keys = {d: d[0] for d in DECISIONS}
        texts = [
            label(d, keys[d], words.get(d) if words else None) if keys else LABELS[d]
            for d in DECISIONS
        ]
        star = f" {marks(self).suggested}"
        fulls = [
            t + (star if d == suggested else "") for t, d in zip(texts, DECISIONS, strict=True)
        ]
        room = self.content_size.width
        # A cell of space each, so a ★ never touches the next key.
        needs = [cell_len(f) + 1 for f in fulls]
        if meanings:  # room for the short meaning too
            needs = [
                max(n, cell_len(meanings[d][1]) + 1) for n, d in zip(needs, DECISIONS, strict=True)
            ]
        widths = share(needs, room) if room else None
        for index, decision in enumerate(DECISIONS):
            widget = self.query_one(f"#decision-{decision}", Static)
            if widths is None:
                shown = fulls[index]
            else:
                widget.styles.width = widths[index]
                shown = fitted(texts[index], decision == suggested, widths[index] - 1, star)
            if meanings:  # what it does, dim, on a line of its own
                cells = widths[index] - 1 if widths else cell_len(meanings[decision][0])
                full, short = meanings[decision]
                line = cut(full if cell_len(full) <= cells else short, cells)
                widget.update(Content.assemble(shown, "\n", (line, "dim")))
            else:
                widget.update(shown)
            widget.set_class(decision == suggested, "suggested")
            widget.set_class(decision == selected, "selected")
        narrow = bool(room) and room < 40
        clear = keys.get("clear", "esc") if keys else "esc"
        enter = keys.get("accept", "enter") if keys else "enter"
        if marked:
            self.border_title = (
                f"{marked} marked · {clear} clears"
                if narrow
                else f"{marked} marked: a decision applies to all · {clear} clears"
            )
            if hidden:
                self.border_title += f" · {hidden} not shown, left alone"
        elif hidden:
            self.border_title = f"{hidden} marked, not shown here: a decision takes the cursor's"
        elif suggested:
            self.border_title = (
                f"{star.strip()} {enter} takes it"
                if narrow
                else f"suggested{star} · {enter} takes it"
            )
        else:
            self.border_title = ""
