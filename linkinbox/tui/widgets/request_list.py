"""The request list: a virtual list drawing only its visible rows, read in windows."""

from __future__ import annotations

import textwrap
from collections import OrderedDict
from collections.abc import Callable
from datetime import datetime
from typing import Any, Self

from rich.cells import set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from linkinbox import clock
from linkinbox.cells import fit, slack
from linkinbox.inbox import Inbox
from linkinbox.store import Query, Row
from linkinbox.text import one_line
from linkinbox.tui.drawing import marks

PAGE = 200
DECISION_STYLES = {
    "follow": ("F ", "request-list--follow"),
    "connect": ("C ", "request-list--connect"),
    "decline": ("D ", "request-list--decline"),
    "withdrawn": ("W ", "request-list--dim"),
    "gone": ("× ", "request-list--dim"),
}
#: A reviewed connection in the Decided view: keep, follow instead, remove.
CONNECTION_STYLES = {
    "connect": ("K ", "request-list--connect"),
    "follow": ("F ", "request-list--follow"),
    "decline": ("R ", "request-list--decline"),
}
MAX_PAGES = 16


#: What an empty list says; `{import}` and `{clear}` are the keys bound to those ids now.
EMPTY = {
    "pending": (
        "Nothing pending. {import} imports your LinkedIn export (or: linkinbox import PATH)."
    ),
    "sent": "No sent invitations waiting for an answer.",
    "decided": "Nothing decided yet.",
    "connected": "No connections to review. i imports your LinkedIn export (or: linkinbox import "
    "PATH): its Connections.csv lists the people you are connected to. Those you reviewed are in "
    "the Decided (3) and To do (4) views.",
}
NOTHING_MATCHES = "Nothing matches the filter. {clear} clears it."
DEFAULT_HINT_KEYS = {"import": "i", "clear": "escape"}


class RequestList(ScrollView, can_focus=True, inherit_bindings=False):
    """Pending requests, newest first. Holds no request list: only a few cached windows of rows."""

    BINDINGS = [
        Binding("j,down", "cursor_down", "Down", id="cursor-down", show=False),
        Binding("k,up", "cursor_up", "Up", id="cursor-up", show=False),
        Binding("g,home", "first", "First", id="first", show=False),
        Binding("G,end", "last", "Last", id="last", show=False),
        Binding("pagedown,ctrl+d", "page_down", "Page down", id="page-down", show=False),
        Binding("pageup,ctrl+u", "page_up", "Page up", id="page-up", show=False),
    ]

    COMPONENT_CLASSES = {
        "request-list--cursor",
        "request-list--stranger",
        "request-list--known",
        "request-list--marked",
        "request-list--dim",
        "request-list--empty",
        "request-list--follow",
        "request-list--connect",
        "request-list--decline",
    }

    cursor: reactive[int] = reactive(0, always_update=True, init=False)

    class Highlighted(Message):
        """The cursor moved to another request (`request_id` None when the list is empty)."""

        def __init__(self, request_id: int | None, index: int, count: int) -> None:
            super().__init__()
            self.request_id = request_id
            self.index = index
            self.count = count

    def __init__(self, inbox: Inbox, query: Query | None = None, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.inbox = inbox
        self.query_spec = query or Query()
        self.count = 0
        self.empty_text = EMPTY["pending"]
        self._pages: OrderedDict[int, list[Row]] = OrderedDict()
        self._now: datetime = clock.now()
        self._last_posted: int | str | None = "never"
        self._styles: dict[tuple[str, Style], Style] = {}
        self._strips: LRUCache[tuple[Row, bool, int, Style], Strip] = LRUCache(256)
        self.stale_weeks = 3
        #: The key bound to a binding id now (the screen sets it: keymaps rebind keys).
        self.key_name: Callable[[str], str] = DEFAULT_HINT_KEYS.__getitem__

    # -- data ---------------------------------------------------------------------------------

    def reload(
        self,
        *,
        keep_id: int | None = None,
        index: int | None = None,
        prefetched: tuple[int, list[Row]] | None = None,
        changed_from: int | None = None,
    ) -> None:
        """Re-read the count; keep the cursor on `keep_id` or at `index`.

        `prefetched` is (count, first page) already read by a worker for the current query.
        `changed_from` is the first position whose row may have changed (a decision on the
        cursor's row, the undo of one): the pages before it are still right and kept. Without
        it every cached row is dropped.
        """
        self._now = clock.now()
        if prefetched is not None:
            self._pages.clear()
            self.count, self._pages[0] = prefetched
        else:
            self.count = self.inbox.count(self.query_spec)
            self._forget_from(changed_from)
        self.virtual_size = Size(self.size.width, self.count)
        target = self.cursor if index is None else index
        if keep_id is not None:
            found = self._position(keep_id, changed_from)
            if found is not None:
                target = found
        self._set_cursor(max(0, min(target, self.count - 1)), force=True)
        self.refresh()

    def _forget_from(self, position: int | None) -> None:
        if position is None:
            self._pages.clear()
            return
        first = max(0, position) // PAGE
        for page_no in [p for p in self._pages if p >= first]:
            del self._pages[page_no]

    def _position(self, request_id: int, guess: int | None) -> int | None:
        """Where a request is now: at `guess` (an undone decision comes back where it was
        decided) when the fresh row there is it, else counted along the order's index."""
        if guess is not None:
            row = self.row(guess)
            if row is not None and row.id == request_id:
                return guess
        found = self.inbox.index_of(self.query_spec, request_id)
        if found is not None and guess is not None and found < guess:
            self._forget_from(found)  # it came back above the guess: those pages moved
        return found

    def update_count(self, count: int) -> None:
        """The full count, once known, for a view shown from its first page."""
        self.count = count
        self.virtual_size = Size(self.size.width, count)
        self.refresh()

    def set_query(self, query: Query, prefetched: tuple[int, list[Row]] | None = None) -> None:
        self.query_spec = query
        self.empty_text = EMPTY.get(query.status, EMPTY["pending"])
        if query.text:
            self.empty_text = NOTHING_MATCHES
        self.scroll_to(y=0, animate=False)
        self.reload(index=0, prefetched=prefetched)
        self.call_after_refresh(self._read_last_page, query)

    def _read_last_page(self, query: Query) -> None:
        """Once a view is shown: its last page, read ahead of `G` (the jump to the end then
        reads nothing; read cold at 100,000 it was most of the jump's time)."""
        if query == self.query_spec and self.count > PAGE:
            self.row(self.count - 1)

    def row(self, index: int) -> Row | None:
        if not 0 <= index < self.count:
            return None
        page_no, offset = divmod(index, PAGE)
        page = self._pages.get(page_no)
        if page is None:
            page = self._read_page(page_no)
            self._pages[page_no] = page
            while len(self._pages) > MAX_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(page_no)
        return page[offset] if offset < len(page) else None

    def _read_page(self, page_no: int) -> list[Row]:
        """A page, read after the page above it or before the one below it when either is
        cached (keyset paging: no offset to walk), else at its offset."""
        query = self.query_spec
        if query.keys() is not None:
            above = self._pages.get(page_no - 1)
            if above is not None and len(above) == PAGE:
                return self.inbox.page_after(query, above[-1], PAGE)
            below = self._pages.get(page_no + 1)
            if below:
                return self.inbox.page_before(query, below[0], PAGE)
        return self.inbox.page(query, page_no * PAGE, PAGE, self.count)

    def is_stale(self, sent_at: datetime | str | None) -> bool:
        """An outgoing invitation old enough to suggest withdrawing it."""
        if sent_at is None:
            return False
        when = datetime.fromisoformat(sent_at) if isinstance(sent_at, str) else sent_at
        return (self._now - when).days >= 7 * self.stale_weeks

    @property
    def current_id(self) -> int | None:
        row = self.row(self.cursor)
        return row.id if row else None

    # -- cursor -------------------------------------------------------------------------------

    def _set_cursor(self, index: int, *, force: bool = False) -> None:
        index = max(0, min(index, self.count - 1)) if self.count else 0
        old = self.cursor
        self.set_reactive(RequestList.cursor, index)
        if old != index:
            self.refresh()
        self._scroll_cursor_into_view()
        request_id = self.current_id
        if force or request_id != self._last_posted:
            self._last_posted = request_id
            self.post_message(self.Highlighted(request_id, index, self.count))

    def _scroll_cursor_into_view(self) -> None:
        if self.count:
            self.scroll_to_region(Region(0, self.cursor, 1, 1), animate=False, immediate=True)

    def action_cursor_down(self) -> None:
        self._set_cursor(self.cursor + 1)

    def action_cursor_up(self) -> None:
        self._set_cursor(self.cursor - 1)

    def action_first(self) -> None:
        self._set_cursor(0)

    def action_last(self) -> None:
        self._set_cursor(self.count - 1)

    def action_page_down(self) -> None:
        self._set_cursor(self.cursor + max(1, self.size.height - 1))

    def action_page_up(self) -> None:
        self._set_cursor(self.cursor - max(1, self.size.height - 1))

    def on_click(self, event: events.Click) -> None:
        index = self.scroll_offset.y + event.y
        if 0 <= index < self.count:
            self._set_cursor(index)

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(event.size.width, self.count)
        self._scroll_cursor_into_view()

    # -- drawing ------------------------------------------------------------------------------

    def notify_style_update(self) -> None:
        """The theme or the CSS changed: styles and drawn rows are stale."""
        self._styles.clear()
        self._strips.clear()
        super().notify_style_update()

    def _style(self, name: str, base: Style, *, partial: bool = True) -> Style:
        """A component style over `base`, computed once per theme (not once per row)."""
        key = (name, base)
        style = self._styles.get(key)
        if style is None:
            style = base + self.get_component_rich_style(name, partial=partial)
            self._styles[key] = style
        return style

    def refresh(self, *args: Any, **kwargs: Any) -> Self:
        self._strips.clear()
        return super().refresh(*args, **kwargs)

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        index = self.scroll_offset.y + y
        base = self.rich_style
        if self.count == 0:
            # The hint wraps: a narrow list shows all of it, not its first words.
            hint = self.empty_text.format_map({k: self.key_name(k) for k in DEFAULT_HINT_KEYS})
            lines = textwrap.wrap(hint, max(8, width - 4))
            if 1 <= y <= len(lines):
                style = self.get_component_rich_style("request-list--empty")
                return Strip([Segment(set_cell_size("  " + lines[y - 1], width), style)])
            return Strip.blank(width, base)
        row = self.row(index)
        if row is None:
            return Strip.blank(width, base)
        is_cursor = index == self.cursor
        key = (row, is_cursor, width, base)
        strip = self._strips.get(key)
        if strip is None:
            strip = self._render_row(row, is_cursor, width, base)
            self._strips[key] = strip
        return strip

    def _render_row(self, row: Row, is_cursor: bool, width: int, base: Style) -> Strip:
        """One row as one Strip: every segment styled and the row padded to `width` here."""
        if is_cursor:
            base = self._style("request-list--cursor", base, partial=False)
        drawn = marks(self)
        if row.status == "sent":
            stale = self.is_stale(row.sent_at)
            signal = (f"{drawn.stale} ", "request-list--stranger") if stale else ("  ", "")
        elif row.is_connection and row.status in CONNECTION_STYLES:
            signal = CONNECTION_STYLES[row.status]
        elif row.status == "gone":
            signal = (f"{drawn.gone} ", "request-list--dim")
        elif row.status in DECISION_STYLES:
            signal = DECISION_STYLES[row.status]
        elif row.stranger == 1:
            signal = (f"{drawn.stranger} ", "request-list--stranger")
        elif row.stranger == 0:
            signal = (f"{drawn.known} ", "request-list--known")
        else:
            signal = ("  ", "")
        dim = self._style("request-list--dim", base)
        age = clock.age(datetime.fromisoformat(row.sent_at), self._now) if row.sent_at else ""
        name = one_line(row.name)
        headline = one_line(row.headline)
        # The cells left of the scrollbar: the last column is under it.
        visible = min(width, self.scrollable_content_region.width or width)
        fixed = 2 + 2 + 1 + 5  # pointer+mark, signal, gap, age
        rest = max(0, visible - fixed)
        if visible - fixed < 28:  # a narrow list: the whole name rather than a bit of each
            name_width, head_width = rest, 0
        else:
            name_width = min(max(14, rest * 2 // 5), 28, rest)
            head_width = max(0, rest - name_width)
        # `fit` pads a Devanagari name with one space less per spacing vowel sign: rich counts
        # those signs as no cell, most terminals as one. So the row is `spare` cells shorter
        # for rich than on screen, and every column after the name is where the screen has
        # it: the age is never pushed off, and nothing spills over the pane border (or a
        # dialog) beside the list.
        shown_name = fit(name, name_width) + " "
        shown_headline = fit(headline, head_width)
        spare = slack(shown_name) + slack(shown_headline)
        segments = [
            Segment(drawn.cursor if is_cursor else " ", base),
            Segment(drawn.marked, self._style("request-list--marked", base))
            if row.marked
            else Segment(" ", base),
            Segment(signal[0], self._style(signal[1], base) if signal[1] else base),
            Segment(shown_name, base),
            Segment(shown_headline, dim),
            Segment(f"{age:>5}", dim),
        ]
        used = 2 + 2 + name_width + 1 + head_width + 5  # the cells filled above, on screen
        if used > width:
            return Strip(segments, used - spare).crop(0, width)
        if spare:
            # Nothing is written under the scrollbar: a crop there would keep what spills.
            segments.append(Segment(" " * max(0, visible - used), base))
        else:
            segments.append(Segment(" " * (width - used), base))
        return Strip(segments, width)
