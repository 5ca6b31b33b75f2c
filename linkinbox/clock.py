"""The time, as linkinbox sees it. `LINKINBOX_NOW` (ISO 8601) fixes it for tests and demos."""

from __future__ import annotations

import os
from datetime import datetime


def now() -> datetime:
    """The current local time, naive (LinkedIn's dates carry no zone either)."""
    fixed = os.environ.get("LINKINBOX_NOW")
    if fixed:
        try:
            return datetime.fromisoformat(fixed).replace(tzinfo=None)
        except ValueError:
            pass
    return datetime.now()


def stamp() -> str:
    """Now as ISO 8601 to the second, for `decided_at`."""
    return now().isoformat(timespec="seconds")


def age(then: datetime | None, reference: datetime | None = None) -> str:
    """A short age like `5m`, `3h`, `2d`, `6w`, `1y`."""
    if then is None:
        return ""
    seconds = ((reference or now()) - then).total_seconds()
    if seconds < 60:
        return "now"
    minutes = seconds / 60
    if minutes < 60:
        return f"{int(minutes)}m"
    hours = minutes / 60
    if hours < 24:
        return f"{int(hours)}h"
    days = hours / 24
    if days < 14:
        return f"{int(days)}d"
    if days < 365:
        return f"{int(days // 7)}w"
    return f"{int(days // 365)}y"


def ago(then: datetime | None, reference: datetime | None = None) -> str:
    """`age` as words: "just now", "5m ago"; "" when unknown."""
    short = age(then, reference)
    if not short:
        return ""
    return "just now" if short == "now" else f"{short} ago"
