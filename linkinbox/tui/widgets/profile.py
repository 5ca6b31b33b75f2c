"""The profile pane: everything known of the selected sender, and why they look known or unknown."""

from __future__ import annotations

from textual.content import Content

from linkinbox import clock
from linkinbox.evidence import Event, day
from linkinbox.models import Request
from linkinbox.text import clean_text, one_line
from linkinbox.tui.drawing import marks
from linkinbox.tui.widgets.pane import TextPane

DONE = {
    "follow": "followed",
    "connect": "connected",
    "decline": "declined",
    "withdrawn": "withdrawn",
    "gone": "gone",
}
#: A reviewed connection: what the user decided for it.
REVIEWED = {"connect": "kept", "follow": "follow instead", "decline": "remove"}


def plain(text: str) -> Content:
    """Strangers' text as inert content: never markup."""
    return Content(text)


class ProfilePane(TextPane):
    """Shows one request. The screen sets it with `show(...)`; it posts nothing."""

    PREFIX = "profile"
    PARTS = ("name", "headline", "facts", "signal", "reasons", "note", "history")

    def show(
        self,
        request: Request | None,
        stranger: int | None = None,
        reasons: list[str] | None = None,
        history: list[Event] | None = None,
    ) -> None:
        name, headline, facts, signal, reasons_widget, note, history_widget = map(
            self.part, self.PARTS
        )
        if request is None:
            # Nothing of the request shown before stays: not its note, not its history.
            name.update(plain("No request selected"))
            for widget in (headline, facts, signal, reasons_widget, note, history_widget):
                widget.update("")
            signal.set_classes("")
            note.set_class(False, "empty")
            return
        name.update(plain(one_line(request.name)))
        bits = [one_line(request.headline)]
        if request.company and request.company.casefold() not in request.headline.casefold():
            bits.append(one_line(request.company))
        headline.update(plain(" · ".join(b for b in bits if b) or "no headline known"))
        mutual = (
            "mutual connections unknown"
            if request.mutual_connections is None
            else f"{request.mutual_connections} mutual"
        )
        if request.is_connection:
            fact_bits = [one_line(request.location), _connected(request)]
            if request.status.value in REVIEWED:
                reviewed = REVIEWED[request.status.value]
                fact_bits.append(f"reviewed {clock.ago(request.decided_at)}: {reviewed}")
        else:
            fact_bits = [mutual, one_line(request.location), _invited(request)]
            if request.invite_count > 1:
                fact_bits.append(f"{request.invite_count} invitations")
            if request.status.value not in ("pending", "sent"):
                done = DONE.get(request.status.value, request.status.value)
                fact_bits.append(f"{done} {clock.ago(request.decided_at)}")
        facts.update(plain(" · ".join(b for b in fact_bits if b)))
        drawn = marks(self)
        if request.status.value in ("sent", "withdrawn"):
            # Your own invitation: whether you know them is not the question, their answer is.
            # (`stranger` 1 here: unanswered for longer than `withdraw_after_weeks`.)
            signal.set_classes("stranger" if stranger == 1 else "")
            signal.update(
                plain(
                    f"{drawn.arrow} your invitation, withdrawn"
                    if request.status.value == "withdrawn"
                    else f"{drawn.stale} your invitation, unanswered for weeks"
                    if stranger == 1
                    else f"{drawn.arrow} your invitation, no answer yet"
                )
            )
        else:
            signal.set_classes("stranger" if stranger == 1 else "known" if stranger == 0 else "")
            signal.update(
                plain(
                    f"{drawn.stranger} looks like a stranger"
                    if stranger == 1
                    else f"{drawn.known} looks like someone you know"
                    if stranger == 0
                    else f"{drawn.cant_tell} can't tell"
                    if reasons
                    else ""
                )
            )
        reasons_widget.update(plain("\n".join(f"  · {one_line(r)}" for r in (reasons or []))))
        message = clean_text(request.message)
        note.set_class(not message, "empty")
        if request.is_connection and not message:
            note.update("")  # a connection sent no note: nothing to say
        else:
            note.update(plain(f"“{message}”" if message else "no note"))
        history_widget.update(plain(timeline_text(history or [])))
        self.scroll_home(animate=False)


#: Events the pane's timeline shows; `list --json` has them all.
TIMELINE_LIMIT = 6


def timeline_text(history: list[Event]) -> str:
    """A short timeline, newest first: `10 Jun 2026  Conversation: 4 messages …`."""
    if not history:
        return ""
    lines = ["History"]
    for event in history[:TIMELINE_LIMIT]:
        lines.append(f"  {day(event.date):>11}  {one_line(event.what)}")
    if len(history) > TIMELINE_LIMIT:
        lines.append(f"  … and {len(history) - TIMELINE_LIMIT} earlier")
    return "\n".join(lines)


def _connected(request: Request) -> str:
    """An existing connection's date (the export's `Connected On`)."""
    if request.sent_at is None:
        return "connected, date unknown"
    return f"connected {day(request.sent_at.isoformat())} ({clock.ago(request.sent_at)})"


def _invited(request: Request) -> str:
    if request.sent_at is None:
        return ""
    who = "you invited them" if request.status.value in ("sent", "withdrawn") else "invited"
    return f"{who} {clock.ago(request.sent_at)}"
