"""Dates as LinkedIn's exports and spreadsheets' copies of them spell them.

`parse_sent_at` reads Invitations.csv's `Sent At`, `parse_connected_on` Connections.csv's
`Connected On`; both give None for what they cannot read. No Textual here.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache
from typing import Any

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
# `6/12/26, 8:03 AM`, `06/12/2026 20:03`, `6/12/26, 8:03\u202fPM`, `6/12/26`, `12.06.2026 20:03`.
_NUMERIC_RE = re.compile(
    r"(\d{1,2})([/.-])(\d{1,2})[/.-](\d{4}|\d{2})"
    r"(?:,?\s*(?:\s|T)\s*(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(?:([AaPp])\.?[Mm]\.?)?)?"
)
# `08 Jun 2026`, `29-May-24`, `8 June 2026, 14:05`.
_DAY_MONTH_RE = re.compile(
    r"(\d{1,2})[\s/.-]*([A-Za-z]{3,9})\.?[\s/.,-]+(\d{4}|\d{2})"
    r"(?:,?\s+(?:at\s+)?(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(?:([AaPp])\.?[Mm]\.?)?)?"
)
# `Jun 8, 2026`, `June 8th 2026, 8:03 AM`.
_MONTH_DAY_RE = re.compile(
    r"([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})"
    r"(?:,?\s+(?:at\s+)?(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(?:([AaPp])\.?[Mm]\.?)?)?"
)


_AMPM_SPACES = (" ", "\u202f", "\xa0")

#: The years a date linkinbox reads may be in. LinkedIn began in 2003: a year outside these is a
#: misreading or an attack (`9999-12-31T23:59:59-05:00` is past the end of the calendar in
#: UTC), and inside them every sum of dates and every time-zone change stays in the calendar.
FIRST_YEAR, LAST_YEAR = 1900, 2999


def in_calendar(value: datetime | date) -> bool:
    """Whether a date read from a file lies in the years linkinbox accepts."""
    return FIRST_YEAR <= value.year <= LAST_YEAR


def local_naive(value: datetime) -> datetime | None:
    """`value` as a naive time on the local clock (the export's times are local and naive), or
    None when it lies outside the accepted years."""
    if not in_calendar(value):
        return None
    if value.tzinfo is not None:
        try:
            value = value.astimezone().replace(tzinfo=None)
        except (OverflowError, OSError, ValueError):  # pragma: no cover - inside the years
            return None
    return value if in_calendar(value) else None


def _year(text: str) -> int:
    year = int(text)
    return year + 2000 if len(text) == 2 else year  # LinkedIn started in 2003


def _build(
    year: int, month: int, day: int, hour: str | None, minute: str | None,
    second: str | None, ampm: str | None,
) -> datetime | None:  # fmt: skip
    h = int(hour) if hour else 0
    if ampm:
        if not 1 <= h <= 12:
            return None
        if ampm in "Pp":
            h = 12 if h == 12 else h + 12
        elif h == 12:
            h = 0
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return None
    try:
        return datetime(year, month, day, h, int(minute or 0), int(second or 0))
    except ValueError:
        return None


def _numeric(m: re.Match[str]) -> datetime | None:
    a, sep, b, y, hour, minute, second, ampm = m.groups()
    month, day = int(a), int(b)
    # Day first when dots say so (`12.06.2026`, German) or when the first number cannot be a
    # month (`13/06/2026`, a spreadsheet's copy).
    if sep == "." or month > 12 >= day:
        month, day = day, month
    return _build(_year(y), month, day, hour, minute, second, ampm)


def _month(name: str) -> int | None:
    return _MONTHS.get(name[:3].lower())


def _parse_datetime(s: str) -> datetime | None:
    """Every accepted date/time spelling except the fast path's; `s` is stripped."""
    m = _NUMERIC_RE.fullmatch(s)
    if m:
        return _numeric(m)
    m = _DAY_MONTH_RE.fullmatch(s)
    if m:
        month = _month(m.group(2))
        if month is None:
            return None
        return _build(_year(m.group(3)), month, int(m.group(1)), *m.group(4, 5, 6, 7))
    m = _MONTH_DAY_RE.fullmatch(s)
    if m:
        month = _month(m.group(1))
        if month is None:
            return None
        return _build(int(m.group(3)), month, int(m.group(2)), *m.group(4, 5, 6, 7))
    if s[:4].isdigit() and len(s) >= 8:
        try:
            value = datetime.fromisoformat(s.replace(" UTC", "Z"))
        except ValueError:
            return None
        return local_naive(value)
    return None


def parse_sent_at(value: str) -> datetime | None:
    """`Sent At` of Invitations.csv (`6/12/26, 8:03 AM`), or None when it cannot be read.

    Also accepts 4-digit years, 24-hour times, seconds, a no-break or narrow no-break space before
    AM/PM, day-first copies where the first number cannot be a month, `08 Jun 2026` and ISO 8601.
    """
    # Fast path for LinkedIn's own spelling: `M/D/YY, H:MM AM` (strptime is ten times slower),
    # its day and its time each read once (an export has few of either).
    parts = value.split("/", 2)
    if len(parts) == 3:
        rest = parts[2]  # `26, 8:03 AM` or `26, 10:47 PM`
        if (len(rest) == 11 or len(rest) == 12) and rest[2] == "," and rest[3] == " ":
            clock = _FAST_TIMES.get(rest[4:], _UNREAD)
            if clock is _UNREAD:
                clock = _remember(_FAST_TIMES, rest[4:], _fast_time(rest[4:]))
            if clock is not None:
                day = _FAST_DAYS.get((parts[0], parts[1], rest[:2]), _UNREAD)
                if day is _UNREAD:
                    key = (parts[0], parts[1], rest[:2])
                    day = _remember(_FAST_DAYS, key, _fast_day(*key))
                if day is not None:
                    try:
                        return datetime(*day, *clock)
                    except (ValueError, OverflowError):  # 31 April, a day of 20 digits
                        return None
    s = value.strip()
    if not s:
        return None
    return _parse_datetime(s)


#: `parse_sent_at`'s fast path: the times (`8:03 AM`) and days (`6`, `12`, `26`) it has read, as
#: (hour, minute) and (year, month, day), or None for one it does not read; at most
#: `_FAST_KEPT` of each (a file of odd values cannot make them grow without end).
_FAST_TIMES: dict[str, Any] = {}
_FAST_DAYS: dict[tuple[str, str, str], Any] = {}
_FAST_KEPT = 8192
_UNREAD = object()


def _remember(seen: dict[Any, Any], key: Any, value: Any) -> Any:
    if len(seen) >= _FAST_KEPT:
        seen.clear()
    seen[key] = value
    return value


def _fast_time(text: str) -> tuple[int, int] | None:
    """`H:MM AM` (or `HH:MM PM`, any of `_AMPM_SPACES`) as (hour, minute), else None."""
    if text[-6] != ":" or text[-3] not in _AMPM_SPACES:
        return None
    hh, mi, ap = text[:-6], text[-5:-3], text[-2:]
    if not ((ap == "AM" or ap == "PM") and hh.isdigit() and mi.isdigit()):
        return None
    h = int(hh)
    if not 1 <= h <= 12:
        return None
    if ap == "PM":
        h = 12 if h == 12 else h + 12
    elif h == 12:
        h = 0
    return h, int(mi)


def _fast_day(mo: str, dd: str, yy: str) -> tuple[int, int, int] | None:
    """`M`, `D`, `YY` as (year, month, day) when all are digits and the month is one, else None
    (whether the day exists in that month is `datetime`'s to say)."""
    if not (mo.isdigit() and dd.isdigit() and yy.isdigit()):
        return None
    month = int(mo)
    if not 1 <= month <= 12:
        return None
    return 2000 + int(yy), month, int(dd)


@lru_cache(maxsize=8192)
def parse_connected_on(value: str) -> date | None:
    """`Connected On` of Connections.csv (`08 Jun 2026`; `29-May-24` from a spreadsheet), or None.

    Also accepts `Jun 8, 2026`, `6/8/26`, ISO 8601 and everything `parse_sent_at` reads.
    """
    s = value.strip()
    if not s:
        return None
    m = _DAY_MONTH_RE.fullmatch(s)
    if m and m.group(4) is None:
        month = _month(m.group(2))
        if month is None:
            return None
        try:
            day = date(_year(m.group(3)), month, int(m.group(1)))
        except ValueError:
            return None
        return day if in_calendar(day) else None
    moment = _parse_datetime(s)
    return moment.date() if moment else None


_MONTH_YEAR_RE = re.compile(r"([A-Za-z]{3,9})\.?\s+(\d{4})")


def parse_month(value: str) -> date | None:
    """`Started On` / `Finished On` of Positions.csv (`Mar 2019`; a bare `2019`), as the first
    day of that month (year), or None; also reads whatever `parse_connected_on` reads."""
    s = value.strip()
    if not s:
        return None
    m = _MONTH_YEAR_RE.fullmatch(s)
    if m:
        month = _month(m.group(1))
        if month is None:
            return None
        day = date(int(m.group(2)), month, 1)
        return day if in_calendar(day) else None
    if s.isascii() and s.isdigit() and len(s) == 4:
        day = date(int(s), 1, 1)
        return day if in_calendar(day) else None
    return parse_connected_on(s)
