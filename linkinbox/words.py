"""Words for counts and decisions, so every message reads as a sentence. No Textual here."""

from __future__ import annotations

PAST = {
    "follow": "followed",
    "connect": "connected",
    "decline": "declined",
    "withdrawn": "withdrawn",
    "sent": "sent",
    "pending": "pending",
}


def plural(count: int, singular: str, many: str | None = None) -> str:
    """`1 request`, `2 requests`, `1,200 requests`; `many` for irregular plurals."""
    word = singular if count == 1 else (many or singular + "s")
    return f"{count:,} {word}"


def past(status: str) -> str:
    """A status as what was done: `decline` → `declined`."""
    return PAST.get(status, status)


#: What a status means for an existing connection (`models.CONNECTION_WORDS`, plus the rest).
CONNECTION_STATUS_WORDS = {
    "connected": "not reviewed",
    "connect": "keep",
    "follow": "follow instead",
    "decline": "remove",
    "gone": "gone (no longer a connection)",
}


def connection_word(status: str) -> str:
    """A status as it reads for an existing connection: `decline` → `remove`."""
    return CONNECTION_STATUS_WORDS.get(status, status)
