"""One request as plain text: what the profile pane shows, for `linkinbox show`. No Textual.

Every stranger's field goes out through `one_line`/`clean_text`: no escape code reaches the
terminal from a name, a note or a profile URL.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from linkinbox import clock
from linkinbox.errors import TemplateError
from linkinbox.evidence import day
from linkinbox.models import CONNECTION_WORDS, DECIDED, Request, Status
from linkinbox.text import clean_text, one_line
from linkinbox.words import connection_word, plural

if TYPE_CHECKING:
    from linkinbox.inbox import Inbox

DONE = {"follow": "followed", "connect": "connected", "decline": "declined"}
SIGNALS = {1: "looks like a stranger", 0: "looks like someone you know"}
NOT_A_REPLY = (Status.SENT, Status.WITHDRAWN)


def is_stale(sent_at: datetime | None, weeks: int, now: datetime | None = None) -> bool:
    """A sent invitation old enough to suggest withdrawing it (the TUI's `!`)."""
    if sent_at is None:
        return False
    return (now or clock.now()) - sent_at >= timedelta(weeks=weeks)


def signal_words(stranger: int | None, reasons: list[str]) -> str:
    """The stranger/known signal in words ("" when screening said nothing)."""
    if stranger in SIGNALS:
        return SIGNALS[stranger]
    return "can't tell" if reasons else ""


def sent_reasons(inbox: Inbox, request: Request) -> list[str]:
    weeks = int(inbox.setting("withdraw_after_weeks"))
    if request.status == Status.SENT and is_stale(request.sent_at, weeks):
        return [
            f"you invited them over {plural(weeks, 'week')} ago and they have not answered: "
            "consider withdrawing it (`linkinbox withdraw ID` records it)"
        ]
    return ["waiting for their answer"] if request.status == Status.SENT else []


def screening_of(inbox: Inbox, request: Request) -> tuple[int | None, str | None, list[str]]:
    """(stranger, suggestion, reasons) as the profile pane shows them for `request`."""
    stranger, suggested, reasons = inbox.screening(request.id)
    if request.status in NOT_A_REPLY:
        return None, None, sent_reasons(inbox, request)
    if request.status not in (Status.PENDING, Status.CONNECTED):
        suggested = None
    return stranger, suggested, reasons


def reply_decision(request: Request, suggested: str | None) -> str | None:
    """Which reply a request gets: the decision taken, else the suggested, else decline; None
    for an invitation the user sent and for an existing connection (nothing to reply to)."""
    if request.status in NOT_A_REPLY or request.is_connection:
        return None
    if request.status in DECIDED:
        return request.status.value
    return suggested or "decline"


def reply_text(inbox: Inbox, request: Request, decision: str) -> str:
    """The reply for `decision`: the one stored with the decision taken, else rendered now.
    Raises TemplateError (MissingProfileUrl too) when it cannot be rendered."""
    if request.status in DECIDED and request.status.value == decision and request.reply:
        return clean_text(request.reply)
    return inbox.render_reply(request, decision)


def _facts(request: Request) -> list[str]:
    """The profile pane's line of facts: mutual connections, place, when, what was decided."""
    facts = [
        "mutual connections unknown"
        if request.mutual_connections is None
        else f"{request.mutual_connections} mutual connections",
        one_line(request.location),
    ]
    if request.sent_at is not None:
        who = "you invited them" if request.status in NOT_A_REPLY else "invited you"
        if request.is_connection:
            who = "connected"
        facts.append(f"{who} {clock.ago(request.sent_at)} ({day(request.sent_at.isoformat())})")
    if request.invite_count > 1:
        facts.append(f"{request.invite_count} invitations")
    if request.status in DECIDED:
        done = DONE[request.status.value]
        if request.is_connection:
            done = f"reviewed: {CONNECTION_WORDS[request.status.value]},"
        facts.append(f"{done} {clock.ago(request.decided_at)}")
        if request.on_linkedin:
            facts.append(f"{request.on_linkedin} on LinkedIn")
    return facts


def describe(inbox: Inbox, request: Request) -> list[str]:
    """Everything the profile pane shows of `request`, as lines of plain text."""
    stranger, suggested, reasons = screening_of(inbox, request)
    status = request.status.value
    if request.is_connection:
        status = f"connection, {connection_word(status)}"
    lines = [f"{one_line(request.name)}  (id {request.id}, {status})"]
    headline = one_line(request.headline)
    if request.company and request.company.casefold() not in request.headline.casefold():
        headline = " · ".join(b for b in (headline, one_line(request.company)) if b)
    lines.append(headline or "no headline known")
    lines.append(" · ".join(f for f in _facts(request) if f))
    if request.profile_url:
        lines.append(f"Profile: {one_line(request.profile_url)}")
    lines.append("")
    if request.status in NOT_A_REPLY:
        lines.append(f"Your invitation: {request.status.value}")
    else:
        signal = signal_words(stranger, reasons)
        lines.append(f"Signal: {signal}" if signal else "Signal: not worked out yet")
    lines.extend(f"  · {one_line(reason)}" for reason in reasons)
    if request.status == Status.PENDING:
        lines.append(f"Suggestion: {suggested}" if suggested else "Suggestion: none")
    elif request.status == Status.CONNECTED:
        word = CONNECTION_WORDS.get(suggested or "")
        lines.append(f"Suggestion: {word}" if word else "Suggestion: none")
    lines.append("")
    message = clean_text(request.message)
    if message:
        lines.append("Note:")
        lines.extend(f"  {line}" for line in message.splitlines())
    else:
        lines.append("Note: no note")
    history = inbox.history(request)
    if history:
        lines.append("")
        lines.append("History:")
        lines.extend(f"  {day(event.date):>11}  {one_line(event.what)}" for event in history)
    lines.append("")
    decision = reply_decision(request, suggested)
    if decision is None:
        what = (
            "this is an existing connection: keep, follow instead or remove needs no reply"
            if request.is_connection
            else "this is an invitation you sent; there is nothing to reply to"
        )
        lines.append(f"Reply: none: {what}.")
        return lines
    how = (
        "as decided"
        if request.status in DECIDED
        else "suggested"
        if decision == suggested
        else "no suggestion: decline"
    )
    try:
        text = reply_text(inbox, request, decision)
    except TemplateError as error:
        lines.append(f"Reply ({decision}, {how}): cannot be written: {one_line(str(error))}")
        return lines
    lines.append(f"Reply ({decision}, {how}, {len(text)} characters):")
    lines.extend(f"  {line}" for line in text.splitlines())
    return lines
