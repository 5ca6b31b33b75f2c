"""Evidence from the rest of the user's export: messages, endorsements, recommendations.

linkinbox keeps what screening needs and nothing more (DESIGN.md, principle 4): per person and
conversation, how many messages each side wrote, the first and last date, and who wrote first;
per endorsement, the skill and the date; per recommendation, its direction and date. Never the
text of a message, its subject or the conversation's title.

`Evidence` is one stored row; `Known` is what screening and the history read of one person.
No Textual here.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import NamedTuple

from linkinbox.text import normalise_name

MESSAGES = "messages"
ENDORSEMENT = "endorsement"
RECOMMENDATION = "recommendation"

RECEIVED = "received"  # they → you
GIVEN = "given"  # you → them

THEM = "them"
YOU = "you"


class Evidence(NamedTuple):
    """One fact about one person, as stored. Dates are ISO 8601 (seconds), or None."""

    key: str  # the person's identity: normalised slug, or "name:<normalised name>"
    name: str
    kind: str  # MESSAGES, ENDORSEMENT or RECOMMENDATION
    direction: str  # RECEIVED or GIVEN; "" for messages
    ref: str  # a conversation's digest, an endorsement's skill, or ""
    first_at: str | None
    last_at: str | None
    received: int = 0  # messages they wrote in the conversation
    sent: int = 0  # messages the user wrote in it
    first_from: str = ""  # who wrote first: THEM, YOU or "" (someone else, or not known)


class Known:
    """Everything the evidence says about one person, summed over their rows."""

    __slots__ = (
        "conversations",
        "endorsed_them",
        "endorsed_you",
        "first_from_them",
        "last_message",
        "received",
        "recommended_them",
        "recommended_you",
        "sent",
    )

    def __init__(self) -> None:
        self.received = 0
        self.sent = 0
        self.conversations = 0
        self.first_from_them = 0  # conversations they opened
        self.last_message: str | None = None
        self.endorsed_you: list[tuple[str, str | None]] = []  # (skill, date)
        self.endorsed_them: list[tuple[str, str | None]] = []
        self.recommended_you: list[str | None] = []  # dates
        self.recommended_them: list[str | None] = []

    def add(self, row: Evidence) -> None:
        if row.kind == MESSAGES:
            self.received += row.received
            self.sent += row.sent
            self.conversations += 1
            self.first_from_them += row.first_from == THEM
            if row.last_at and (self.last_message is None or row.last_at > self.last_message):
                self.last_message = row.last_at
        elif row.kind == ENDORSEMENT:
            target = self.endorsed_you if row.direction == RECEIVED else self.endorsed_them
            target.append((row.ref, row.first_at))
        elif row.kind == RECOMMENDATION:
            dates = self.recommended_you if row.direction == RECEIVED else self.recommended_them
            dates.append(row.first_at)

    @property
    def messaged(self) -> bool:
        """Messages went both ways: a conversation, not a sequence."""
        return self.received > 0 and self.sent > 0

    @property
    def endorsed(self) -> bool:
        return bool(self.endorsed_you or self.endorsed_them)

    @property
    def recommended(self) -> bool:
        return bool(self.recommended_you or self.recommended_them)


def summarise(rows: Iterable[Evidence]) -> dict[str, Known]:
    """Rows grouped by person key."""
    known: dict[str, Known] = {}
    for row in rows:
        entry = known.get(row.key)
        if entry is None:
            entry = known[row.key] = Known()
        entry.add(row)
    return known


# -- sentences ------------------------------------------------------------------------------------

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def day(iso: str | None) -> str:
    """`2026-06-10T08:00:00` → `10 Jun 2026` ("" when unknown)."""
    moment = _parse(iso)
    if moment is None:
        return ""
    return f"{moment.day} {_MONTHS[moment.month - 1]} {moment.year}"


def year(iso: str | None) -> str:
    moment = _parse(iso)
    return str(moment.year) if moment is not None else ""


def _parse(iso: str | None) -> datetime | None:
    if not iso:
        return None
    try:
        return datetime.fromisoformat(iso)
    except ValueError:
        return None


def times(n: int) -> str:
    return "once" if n == 1 else "twice" if n == 2 else f"{n:,} times"


def messages_word(n: int) -> str:
    return f"{n:,} message" if n == 1 else f"{n:,} messages"


def _skills(items: list[tuple[str, str | None]], limit: int = 3) -> str:
    """ "Python, SQL and 2 more (2025)": distinct skills, newest first, and the newest year."""
    ordered = sorted(items, key=lambda item: item[1] or "", reverse=True)
    names: list[str] = []
    for skill, _ in ordered:
        if skill and skill not in names:
            names.append(skill)
    shown = names[:limit]
    more = len(names) - len(shown)
    if not shown:
        text = "a skill"
    elif more:
        text = f"{', '.join(shown)} and {more} more"
    elif len(shown) > 1:
        text = f"{', '.join(shown[:-1])} and {shown[-1]}"
    else:
        text = shown[0]
    when = year(ordered[0][1]) if ordered else ""
    return f"{text} ({when})" if when else text


def _years(dates: list[str | None]) -> str:
    found = sorted({year(d) for d in dates} - {""})
    return f" ({', '.join(found)})" if found else ""


class Finding(NamedTuple):
    text: str
    weight: int
    known: bool  # strong evidence of a relationship
    one_way: bool  # they wrote and the user never answered


def findings(known: Known) -> list[Finding]:
    """The reasons the evidence gives, as plain sentences with the facts behind them."""
    out: list[Finding] = []
    if known.messaged:
        total = known.received + known.sent
        last = day(known.last_message)
        when = f" (last {last})" if last else ""
        out.append(Finding(f"You exchanged {messages_word(total)}{when}.", 4, True, False))
    elif known.received:
        out.append(
            Finding(
                f"Wrote to you {times(known.received)}; you never replied.",
                -3 if known.received >= 2 else -1,
                False,
                True,
            )
        )
    elif known.sent:
        out.append(
            Finding(f"You wrote to them {times(known.sent)}; they never replied.", 0, False, False)
        )
    if known.endorsed_you:
        text = f"Endorsed you for {_skills(known.endorsed_you)}."
        out.append(Finding(text, 3, True, False))
    if known.endorsed_them:
        text = f"You endorsed them for {_skills(known.endorsed_them)}."
        out.append(Finding(text, 3, True, False))
    if known.recommended_you:
        out.append(Finding(f"Recommended you{_years(known.recommended_you)}.", 4, True, False))
    if known.recommended_them:
        text = f"You recommended them{_years(known.recommended_them)}."
        out.append(Finding(text, 4, True, False))
    return out


# -- matching people ------------------------------------------------------------------------------


class Index:
    """Evidence by person, for matching requests: by slug, and by name where a side has no URL."""

    def __init__(self, rows: Iterable[Evidence]) -> None:
        self.by_key: dict[str, Known] = {}
        self.by_name: dict[str, Known] = {}  # name-only evidence (recommendations, old messages)
        self.slugged_names: dict[str, list[str]] = {}  # name → slugs with evidence
        for row in rows:
            entry = self.by_key.get(row.key)
            if entry is None:
                entry = self.by_key[row.key] = Known()
                if row.key.startswith("name:"):
                    self.by_name[row.key[5:]] = entry
                else:
                    name = normalise_name(row.name)
                    if name:
                        self.slugged_names.setdefault(name, []).append(row.key)
            entry.add(row)

    def __bool__(self) -> bool:
        return bool(self.by_key)

    def __len__(self) -> int:
        return len(self.by_key)

    def keys_for(self, key: str, name: str) -> list[str]:
        """The evidence keys that are this person: their slug, and their name where the evidence
        has no URL (or the request has none)."""
        found: list[str] = []
        norm = key[5:] if key.startswith("name:") else normalise_name(name) if name else ""
        if not key.startswith("name:") and key in self.by_key:
            found.append(key)
        if norm:
            if f"name:{norm}" in self.by_key:
                found.append(f"name:{norm}")
            if key.startswith("name:"):
                found.extend(self.slugged_names.get(norm, ()))
        return found

    def find(self, key: str, name: str) -> Known | None:
        """One person's evidence, summed over every way they matched."""
        keys = self.keys_for(key, name)
        if not keys:
            return None
        if len(keys) == 1:
            return self.by_key[keys[0]]
        merged = Known()
        for k in keys:
            part = self.by_key[k]
            merged.received += part.received
            merged.sent += part.sent
            merged.conversations += part.conversations
            merged.first_from_them += part.first_from_them
            if part.last_message and (
                merged.last_message is None or part.last_message > merged.last_message
            ):
                merged.last_message = part.last_message
            merged.endorsed_you += part.endorsed_you
            merged.endorsed_them += part.endorsed_them
            merged.recommended_you += part.recommended_you
            merged.recommended_them += part.recommended_them
        return merged


# -- history --------------------------------------------------------------------------------------


class Event(NamedTuple):
    date: str  # ISO 8601
    what: str


def events(rows: Iterable[Evidence]) -> list[Event]:
    """The dated events these evidence rows tell (one per conversation, endorsement or
    recommendation)."""
    out: list[Event] = []
    for row in rows:
        if row.kind == MESSAGES:
            date = row.last_at or row.first_at
            if not date:
                continue
            total = row.received + row.sent
            if row.received and row.sent:
                opener = (
                    "they wrote first"
                    if row.first_from == THEM
                    else "you wrote first"
                    if row.first_from == YOU
                    else ""
                )
                since = day(row.first_at)
                span = f" since {since}" if since and row.first_at != row.last_at else ""
                what = f"Conversation: {messages_word(total)}{span}"
                what += f", {opener}." if opener else "."
            elif row.received:
                what = f"Wrote to you {times(row.received)}; you never replied."
            else:
                what = f"You wrote to them {times(row.sent)}; no reply."
            out.append(Event(date, what))
        elif row.kind == ENDORSEMENT and row.first_at:
            skill = row.ref or "a skill"
            what = (
                f"Endorsed you for {skill}."
                if row.direction == RECEIVED
                else f"You endorsed them for {skill}."
            )
            out.append(Event(row.first_at, what))
        elif row.kind == RECOMMENDATION and row.first_at:
            what = "Recommended you." if row.direction == RECEIVED else "You recommended them."
            out.append(Event(row.first_at, what))
    return out


def timeline(
    invitations: Iterable[tuple[str, str]],
    connection: tuple[str | None, bool, str | None] | None,
    rows: Iterable[Evidence],
) -> list[Event]:
    """A person's history, newest first: every invitation either way (`(direction, date)`), when
    they became a connection (`(connected on, gone from the latest Connections.csv, the date of
    the export they were first missing from)`) and stopped being one, and what the evidence rows
    tell."""
    out = [
        Event(at, "Invited you." if direction == "incoming" else "You invited them.")
        for direction, at in invitations
        if at
    ]
    connected_on, former, left_at = connection or (None, False, None)
    if connected_on:
        what = "Became a connection."
        if former and not left_at:
            what = "Became a connection; no longer one in your latest Connections.csv."
        out.append(Event(connected_on, what))
    if former and left_at:
        out.append(Event(left_at, f"Stopped being a connection (export of {day(left_at)})."))
    out.extend(events(rows))
    out.sort(key=lambda event: event.date, reverse=True)
    return out
