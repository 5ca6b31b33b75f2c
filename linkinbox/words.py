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
