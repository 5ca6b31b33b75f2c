"""The phrase tables screening searches notes and headlines for, each compiled once into one
fast pattern whose matched group names the kind of phrase (sales, hiring, stock, worked, event,
met; a headline's title). No Textual here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence


def alternatives(named: dict[str, Sequence[str]], flags: int = 0) -> re.Pattern[str]:
    """One word-bounded pattern for many phrases, each a regex starting with a lowercase literal.

    The phrases are grouped by their first character, which lets `re` reject most words after
    one comparison (many times faster than a flat alternation). Each phrase ends in an empty group
    named after its kind and number (`sales3`), so `match.lastgroup` says which kind matched.
    """
    by_first: dict[str, list[str]] = {}
    for kind, phrases in named.items():
        for number, phrase in enumerate(phrases):
            first = phrase[0]
            if not (first.isalnum() and first == first.lower()):
                raise ValueError(f"phrase {phrase!r} must start with a lowercase letter or digit")
            by_first.setdefault(first, []).append(f"{phrase[1:]}(?P<{kind}{number}>)")
    branches = [re.escape(first) + "(?:" + "|".join(rest) + ")" for first, rest in by_first.items()]
    return re.compile(r"\b(?:" + "|".join(branches) + ")", flags)


def kind_of(match: re.Match[str]) -> str:
    return (match.lastgroup or "").rstrip("0123456789")


# Searched for in the lowercased note, all in one pass. Kinds: sales, hiring and stock
# (template-like notes), worked (says they worked with the user), event and met (where they met).
NOTE_PHRASES: dict[str, Sequence[str]] = {
    "sales": (
        r"i\s+help\b(?:\s+[\w'’-]+){0,4}",
        r"we\s+help\b(?:\s+[\w'’-]+){0,4}",
        r"helping\s+(?:saas|b2b|founders|companies|businesses|brands|startups)(?:\s+[\w'’-]+){0,3}",
        r"scale\s+your\b",
        r"scale\s+outbound\b",
        r"book\s+a\s+(?:call|demo|meeting)\b",
        r"quick\s+(?:call|chat)\b",
        r"grow\s+your\s+(?:business|revenue|sales|pipeline)\b",
        r"lead\s+generation\b",
        r"lead\s+gen\b",
        r"qualified\s+(?:meetings|leads)\b",
        r"schedule\s+a\b",
        r"15[\s-]?min(?:ute)?s?\b",
        r"outsourcing\b",
        r"offshore\b",
        r"dedicated\s+developers\b",
        r"free\s+(?:audit|trial|consultation)\b",
        r"partnership\s+opportunit(?:y|ies)\b",
        r"mutually\s+beneficial\b",
        r"win[\s-]win\b",
        r"increase\s+your\s+(?:revenue|sales)\b",
        r"cold\s+email",
    ),
    "hiring": (
        r"exciting\s+(?:opportunity|opportunities|role)\b",
        r"new\s+opportunities\b",
        r"job\s+opportunit(?:y|ies)\b",
        r"career\s+opportunit(?:y|ies)\b",
        r"i[’']?m\s+hiring\b",
        r"i\s+am\s+hiring\b",
        r"we[’']?re\s+hiring\b",
        r"we\s+are\s+hiring\b",
        r"open\s+roles?\b",
        r"great\s+fit\b",
        r"perfect\s+fit\b",
        r"strong\s+comp\b",
    ),
    "stock": (
        r"i\s+came\s+across\s+your\s+profile\b",
        r"came\s+across\s+your\s+profile\b",
        r"expand(?:ing)?\s+my\s+(?:professional\s+)?network\b",
        r"grow(?:ing)?\s+my\s+(?:professional\s+)?network\b",
        r"would\s+love\s+to\s+add\s+you\b",
        r"add\s+you\s+to\s+my\s+(?:professional\s+)?network\b",
        r"join\s+your\s+linkedin\s+network\b",
        r"like[\s-]minded\s+professionals\b",
        r"thought\s+it\s+would\s+be\s+great\s+to\s+connect\b",
    ),
    "worked": (
        r"worked\s+together\b",
        r"work(?:ing)?\s+together\s+again\b",
        r"worked\s+with\s+you\b",
        r"pleasure\s+working\s+with\s+you\b",
        r"great\s+working\s+with\s+you\b",
        r"fun\s+working\s+with\s+you\b",
        r"enjoyed\s+working\s+with\s+you\b",
        r"loved\s+working\s+with\s+you\b",
        r"ex[\s-](?:colleague|co-?worker|teammate|manager|boss)s?\b",
        r"former\s+(?:colleague|co-?worker|teammate|manager|boss)s?\b",
        r"old\s+(?:colleague|co-?worker|teammate|manager|boss)s?\b",
        r"colleagues?\b",
        r"co-?workers?\b",
        r"teammates?\b",
        r"same\s+team\b",
        r"we\s+overlapped\b",
        r"overlapped\s+at\b",
        r"on\s+your\s+team\b",
        r"in\s+your\s+team\b",
        r"my\s+(?:old\s+)?manager\b",
        r"sat\s+next\s+to\b",
    ),
    "event": (
        r"pycon\b",
        r"pydata\b",
        r"kubecon\b",
        r"cloudnativecon\b",
        r"europython\b",
        r"djangocon\b",
        r"jsconf\b",
        r"rustconf\b",
        r"gophercon\b",
        r"fosdem\b",
        r"re:invent\b",
        r"google\s+i/o\b",
        r"wwdc\b",
        r"strange\s+loop\b",
        r"qcon\b",
        r"leaddev\b",
        r"srecon\b",
        r"devopsdays\b",
        r"neurips\b",
        r"icml\b",
        r"web\s+summit\b",
        r"saastr\b",
        r"devoxx\b",
    ),
    "met": (
        r"met\s+at\b",
        r"we\s+met\b",
        r"met\s+you\b",
        r"good\s+(?:meeting|to\s+meet|seeing|to\s+see)\s+you\b",
        r"great\s+(?:meeting|to\s+meet|seeing|to\s+see)\s+you\b",
        r"nice\s+(?:meeting|to\s+meet|seeing|to\s+see)\s+you\b",
        r"lovely\s+(?:meeting|to\s+meet|seeing|to\s+see)\s+you\b",
        r"great\s+chatting\b",
        r"good\s+chatting\b",
        r"nice\s+chatting\b",
        r"chatted\s+at\b",
        r"we\s+spoke\b",
        r"meet-?ups?\b",
        r"conference\b",
        r"summit\b",
        r"talk\s+at\b",
        r"after\s+your\s+(?:talk|keynote|panel|session|workshop)\b",
        r"your\s+(?:talk|keynote|panel|session|workshop)\b",
        r"booth\b",
        r"offsite\b",
        r"hackathon\b",
    ),
}
NOTE = alternatives(NOTE_PHRASES)
# For the rare note whose length changes when lowercased ("İ"), so spans still fit the original.
NOTE_ANY_CASE = alternatives(NOTE_PHRASES, re.IGNORECASE)
# After an event's name: up to two capitalised words or a year ("PyData Lisbon", "KubeCon EU 2024").
EVENT_TAIL = re.compile(r"(?:[ \t]+(?:[A-Z][\w'’-]*|\d{2,4})(?![\w'’-])){0,2}")
NEGATION = re.compile(
    r"\b(?:never|not|no|haven[’']?t|didn[’']?t|don[’']?t)\b[^.!?]{0,12}$", re.IGNORECASE
)
# "at <Something> last week": the capital letters matter, so this one is case-sensitive.
AT_RECENTLY = re.compile(
    r"\b[Aa]t\s+(?:the\s+)?((?:[A-Z0-9][\w'’&.-]*\s+){0,3}?[A-Z0-9][\w'’&.-]*)\s+"
    r"(?:last|this\s+past|this)\s+(?:week(?:end)?|month|night|year)"
)
# Searched for in the lowercased headline.
HEADLINE_PHRASES: dict[str, Sequence[str]] = {
    "title": (
        r"recruiter\b",
        r"recruiting\b",
        r"recruitment\b",
        r"talent\s+acquisition\b",
        r"talent\s+partner\b",
        r"headhunter\b",
        r"executive\s+search\b",
        r"sales\b",
        r"business\s+development\b",
        r"account\s+executive\b",
        r"growth\s+hack(?:er|ing)\b",
        r"lead\s+generation\b",
        r"lead\s+gen\b",
        r"cold\s+email\b",
        r"sdrs?\b",
        r"bdrs?\b",
        r"i\s+help\b",
        r"we[’']?re\s+hiring\b",
    )
}
HEADLINE = alternatives(HEADLINE_PHRASES)
HEADLINE_ANY_CASE = alternatives(HEADLINE_PHRASES, re.IGNORECASE)
