"""The network the user already has: how well they know each connection (#18). No Textual here.

Each connection (a row of Connections.csv, kept as a request with direction "connection") gets
reasons with weights, like a pending request's signals: messages both ways, endorsements and
recommendations, an employer shared when they connected (Positions.csv's dates), against a sales
note in the invitation that started it, one-way messages, a pitch for a position, nothing at all.
Their sum is `known_score`: the "least known first" order reads it ascending, then the oldest
connection first. `stranger` is True at `STRANGER_AT` or below, False at `KNOWN_AT` or above, else
None (can't tell).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, timedelta
from typing import NamedTuple

from linkinbox.evidence import Index, findings
from linkinbox.models import Request
from linkinbox.phrases import HEADLINE, HEADLINE_ANY_CASE, NOTE, NOTE_ANY_CASE, kind_of
from linkinbox.rules import Rule
from linkinbox.signals import _headline_label, normalise_company
from linkinbox.text import normalise_name, one_line

STRANGER_AT = -2
KNOWN_AT = 2
#: A connection this many years old with nothing known since counts a little further toward
#: stranger.
LONG_AGO_YEARS = 5
#: Connected this long after leaving an employer still counts as "when you both worked there".
TENURE_SLACK = timedelta(days=183)


class Tenure(NamedTuple):
    """One of the user's employers (Positions.csv): normalised name, as written, and dates."""

    key: str
    company: str
    started_on: date | None
    finished_on: date | None  # None: still there (or not known)


class NetworkContext:
    """What screening a connection is measured against."""

    def __init__(
        self,
        positions: Sequence[tuple[str, str | None, str | None]],
        notes: dict[str, str],
        followed: set[str],
        evidence: Index | None,
        *,
        has_evidence: bool,
        today: date,
    ) -> None:
        self.tenures: dict[str, list[Tenure]] = {}
        for company, started, finished in positions:
            key = normalise_company(company)
            if key:
                self.tenures.setdefault(key, []).append(
                    Tenure(key, company, _date(started), _date(finished))
                )
        self.notes = notes  # person key -> the note of their invitation to the user
        self.followed = followed  # normalised names the user follows
        self.evidence = evidence
        self.has_evidence = has_evidence
        self.today = today


class Verdict(NamedTuple):
    stranger: bool | None
    suggested: str | None  # "connect" (keep), "follow" (follow instead), "decline" (remove)
    reasons: list[str]
    known_score: int
    template: str | None


def _date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _short(text: str, limit: int = 40) -> str:
    text = one_line(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def pitch_phrase(note: str) -> str | None:
    """The sales or recruiting phrase of a note, as written, or None."""
    low = note.lower()
    pattern = NOTE
    if len(low) != len(note):
        low, pattern = note, NOTE_ANY_CASE
    for match in pattern.finditer(low):
        if kind_of(match) in ("sales", "hiring"):
            return _short(note[match.start() : match.end()])
    return None


def _employer(request: Request, ctx: NetworkContext, connected: date | None) -> tuple[str, int]:
    """A reason about an employer the user shares with the connection, or ("", 0)."""
    key = normalise_company(request.company)
    tenures = ctx.tenures.get(key) if key else None
    if not tenures:
        return "", 0
    company = _short(request.company)
    dated = [t for t in tenures if t.started_on is not None]
    if connected is not None and dated:
        for tenure in dated:
            assert tenure.started_on is not None
            end = tenure.finished_on or ctx.today
            if tenure.started_on <= connected <= end + TENURE_SLACK:
                return f"you both worked at {company} when you connected ({connected.year})", 3
        return f"works at {company}, where you worked (not when you connected)", 1
    return f"works at {company}, where you worked", 2


def screen(request: Request, ctx: NetworkContext, rules: Sequence[Rule] = ()) -> Verdict:
    """How well the user knows one connection, the reasons, and a suggested decision."""
    reasons: list[tuple[str, int]] = []
    add = reasons.append
    known_strongly = False
    one_way = False
    messaged = endorsed = False
    heard = False  # the evidence tells something of them, good or bad
    if ctx.evidence:
        known = ctx.evidence.find(request.key, request.name)
        if known is not None:
            for finding in findings(known):
                add((finding.text, finding.weight))
                known_strongly |= finding.known
                one_way |= finding.one_way
            messaged = known.messaged
            endorsed = known.endorsed or known.recommended
            heard = True
    connected = request.sent_at.date() if request.sent_at is not None else None
    text, weight = _employer(request, ctx, connected)
    if text:
        add((text, weight))
        known_strongly |= weight >= 3
    note = (request.message or ctx.notes.get(request.key, "")).strip()
    pitch = pitch_phrase(note) if note else None
    if pitch is not None:
        when = f" ({connected.year})" if connected else ""
        add((f'connected after a sales note{when}: "{pitch}"', -2))
    headline = request.headline
    title = (
        HEADLINE.search(headline.lower())
        if len(headline.lower()) == len(headline)
        else HEADLINE_ANY_CASE.search(headline)
    )
    if title is not None:
        add((f"position: {_headline_label(title.group(0))}", -1))
    followed = bool(ctx.followed) and normalise_name(request.name) in ctx.followed
    if followed:
        add(("you follow them", 1))
    if not reasons or (not known_strongly and not any(w > 0 for _, w in reasons) and not heard):
        if not ctx.has_evidence:
            add(("no messages imported: nothing known either way", 0))
        else:
            add(("no messages, endorsements or shared employer", -2))
            if connected is not None and ctx.today.year - connected.year >= LONG_AGO_YEARS:
                add((f"connected in {connected.year}, nothing since", -1))
    score = sum(w for _, w in reasons)
    stranger = True if score <= STRANGER_AT else False if score >= KNOWN_AT else None
    reasons.sort(key=lambda r: -abs(r[1]))
    texts = [t for t, _ in reasons]
    suggested = _suggestion(stranger, followed)
    for rule in rules:
        if rule.matches(request, messaged=messaged, endorsed=endorsed, scam=pitch is not None):
            return Verdict(stranger, rule.suggest, [rule.reason, *texts], score, rule.template)
    return Verdict(stranger, suggested, texts, score, None)


def _suggestion(stranger: bool | None, followed: bool) -> str | None:
    """Keep whom you know, follow whom you follow, remove strangers; no word when unsure."""
    if stranger is False:
        return "connect"
    if followed:
        return "follow"
    return "decline" if stranger is True else None


def today() -> date:
    from linkinbox import clock

    return clock.now().date()


def year_of(sent_at: str | None) -> str:
    """The year a connection was made ("unknown" without a date)."""
    if sent_at and re.match(r"\d{4}", sent_at):
        return sent_at[:4]
    return "unknown"
