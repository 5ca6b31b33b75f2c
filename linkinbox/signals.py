"""Signals: what one request's note, headline, counts and history say toward "stranger" or
"known", each a short sentence with a weight, measured against a `Context` of the whole inbox.

No Textual here. Signals are found for up to 100,000 requests in a worker, so every regular
expression is compiled once, at import (or once per `Context`), never per call.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from linkinbox import scams
from linkinbox.evidence import Index, findings
from linkinbox.models import Request
from linkinbox.phrases import (
    AT_RECENTLY,
    EVENT_TAIL,
    HEADLINE,
    HEADLINE_ANY_CASE,
    NEGATION,
    NOTE,
    NOTE_ANY_CASE,
    kind_of,
)
from linkinbox.text import normalise_name, one_line, same_person, split_name

SNIPPET_LIMIT = 40
FINGERPRINT_WORDS = 12  # near-duplicates: notes that agree on their first 12 words
FINGERPRINT_MIN_CHARS = 20
NOTE_CACHE_LIMIT = 50_000  # distinct notes whose opening build_context keeps for screen


@dataclass(frozen=True)
class Reason:
    """One signal: a short human sentence and how far it points toward known (> 0) or stranger."""

    text: str
    weight: int


# -- near-duplicate notes ---------------------------------------------------------------------

_GREETING = (
    r"(?:hi+|hello+|hey+|hiya|heya|howdy|dear|greetings|hallo|hola|bonjour|salut|ciao|hej|hei"
    r"|moin|ol[aá]|namaste|good\s+(?:morning|afternoon|evening|day))"
)
# "Hi Dana," / "Hello Sam!" / "Hi there -": greeting, at most three name words, then punctuation.
_GREETING_NAMED = re.compile(
    rf"\s*{_GREETING}\b(?P<name>(?:\s+[^\s,!.:;?]+){{0,3}}?)\s*(?:[,!.:;?\n]+|\s[-–—]\s)",
    re.IGNORECASE,
)
_GREETING_BARE = re.compile(rf"\s*{_GREETING}\b\s*", re.IGNORECASE)
# "Dana, it's Priya…" / "Dana-san, …": a leading one- or two-word name followed by a comma.
_VOCATIVE = re.compile(r"\s*[^\W\d_][\w'’-]*(?:\s[^\W\d_][\w'’-]*)?\s*[,!]")
_SIGN_OFF = re.compile(
    r"[\s,.!?]*\b(?:best(?:\s+regards|\s+wishes)?|kind\s+regards|warm\s+regards|regards|thanks"
    r"|thank\s+you|cheers|sincerely|all\s+the\s+best|br)\b[\s,.!\-–—]*"
    r"(?:[^\W\d_][\w'’.-]*(?:\s+[^\W\d_][\w'’.-]*)?)?\s*$",
    re.IGNORECASE,
)
_SIGNATURE_LINE = re.compile(r"\n\s*(?:[-–—]\s*)?\S+(?:\s+\S+){0,2}\s*$")
_SIGN_OFF_WORDS = ("best", "regards", "thank", "cheers", "sincerely", "br")
_WORD = re.compile(r"[^\W\d_]+")
_ASCII_WORD = re.compile(r"[a-z]+")


# Words after a greeting that are not the name of the person greeted.
_NOT_NAMES = frozenset(
    {
        *("i", "i'm", "i’m", "i've", "i’ve", "i'd", "i’d", "im", "we", "we're", "we’re", "my"),
        *("it", "it's", "it’s", "its", "this", "just", "hope", "how", "again", "there", "all"),
        *("everyone", "everybody", "folks", "friend", "friends", "team", "sir", "madam"),
    }
)


def _looks_like_name(word: str) -> bool:
    return word[:1].isalpha() and not word[0].islower() and word.casefold() not in _NOT_NAMES


def _split_greeting(note: str) -> tuple[str, str]:
    """(the note without its greeting and name, the first word of the name it greets or "")."""
    match = _GREETING_NAMED.match(note)
    if match is not None:
        name = match.group("name").split()
        return note[match.end() :], name[0] if name and _looks_like_name(name[0]) else ""
    match = _GREETING_BARE.match(note)
    if match is not None:
        rest = note[match.end() :]
        first, _, tail = rest.partition(" ")
        return (tail, first) if _looks_like_name(first) else (rest, "")
    match = _VOCATIVE.match(note)
    if match is not None:
        return note[match.end() :], ""
    return note, ""


def _words(text: str) -> list[str]:
    text = text.casefold()
    return (_ASCII_WORD if text.isascii() else _WORD).findall(text)


def _key(text: str) -> str:
    # Only the first words count: work on a head of the text, not all of it.
    head = text.split(maxsplit=FINGERPRINT_WORDS + 4)
    if len(head) > FINGERPRINT_WORDS + 4:
        words = _words(" ".join(head[: FINGERPRINT_WORDS + 4]))
        if len(words) < FINGERPRINT_WORDS:
            words = _words(text)
    else:
        # only a short note's sign-off ("Thanks, Marcus") reaches into its first words
        text = _SIGNATURE_LINE.sub("", text)
        tail = max(0, len(text) - 48)
        if any(word in text[tail:].lower() for word in _SIGN_OFF_WORDS):
            sign_off = _SIGN_OFF.search(text, tail)
            if sign_off is not None:
                text = text[: sign_off.start()]
        words = _words(text)
    key = " ".join(words[:FINGERPRINT_WORDS])
    return key if len(key) >= FINGERPRINT_MIN_CHARS else ""


def fingerprint(note: str) -> str:
    """A key that near-duplicate notes share: "" for a note too short to compare.

    Lowercased, without the greeting and name ("Hi Dana," / "Hello Sam!"), a sign-off or
    signature line, punctuation and digits; only the first 12 words count, since mass-sent
    notes often differ only in their closing question.
    """
    return _key(_split_greeting(note.strip())[0])


class _NoteKey(NamedTuple):
    fingerprint: str
    greeted: str  # the first word of the name the note greets, or ""
    long: bool  # long enough, without its greeting, to count as a personal note


def _note_key(note: str) -> _NoteKey:
    """What `screen` needs of a stripped note's opening; `build_context` keeps it for reuse."""
    body, greeted = _split_greeting(note)
    key = _key(body)
    return _NoteKey(key, greeted, bool(key) or len(body.strip()) >= FINGERPRINT_MIN_CHARS)


# -- context ----------------------------------------------------------------------------------

_COMPANY_SUFFIX = re.compile(
    r"[\s,.]+(?:inc|incorporated|ltd|limited|llc|llp|plc|gmbh|ag|sa|s\.a|bv|b\.v|co|corp"
    r"|corporation|company|pty|srl|oy|ab|as)\.?$",
    re.IGNORECASE,
)
# Positions that name no employer anyone could share.
_NOT_COMPANIES = frozenset(
    {
        "self-employed",
        "self employed",
        "freelance",
        "freelancer",
        "independent",
        "independent consultant",
        "consultant",
        "stealth",
        "stealth startup",
        "stealth mode",
        "confidential",
        "various",
        "none",
        "n/a",
        "retired",
        "student",
        "university",
    }
)


def normalise_company(name: str) -> str:
    """A company name reduced for matching ("Contoso, Inc." → "contoso"); "" for no employer."""
    norm = normalise_name(name)
    previous = None
    while norm != previous:
        previous = norm
        norm = _COMPANY_SUFFIX.sub("", norm).strip(" ,.")
    if len(norm) < 2 or norm in _NOT_COMPANIES:
        return ""
    return norm


def _company_patterns(
    companies: Iterable[str],
) -> tuple[re.Pattern[str], re.Pattern[str]] | None:
    """Word-bounded patterns for the user's companies: for casefolded text, and any-case text."""
    names = {normalise_company(c) for c in companies} - {""}
    if not names:
        return None
    parts = [
        r"\s+".join(re.escape(w) for w in n.split()) for n in sorted(names, key=len, reverse=True)
    ]
    source = rf"(?<!\w)(?:{'|'.join(parts)})(?!\w)"
    if all(n[0].isalnum() for n in names):
        source = rf"\b(?:{'|'.join(parts)})(?!\w)"  # lets `re` skip from word to word
    return re.compile(source), re.compile(source, re.IGNORECASE)


# -- same-company bursts ----------------------------------------------------------------------

#: Invitations from people at one company within a week of each other form a burst ...
BURST_DAYS = 7
#: ... when there are at least this many of them (this one included).
BURST_AT = 3

# "… at Contoso" / "… @Contoso" up to where that part of the headline ends ("SDR at Contoso |
# Helping teams grow" names Contoso).
_AT_COMPANY = re.compile(
    r"(?:^|(?<=[\s|·•,;/]))(?:at\s+|@\s*)(?P<company>[^|·•,;/]+?)"
    r"(?=\s[-–—]\s|\s*[|·•,;/]|\s*$)",
    re.IGNORECASE,
)


def company_of(company: str, headline: str) -> str:
    """The employer a request names, as written: its company field, else the part of its
    headline after "at" or "@" ("Account Executive at Contoso | …" → "Contoso"); "" if none."""
    if company.strip():
        return " ".join(company.split())
    match = _AT_COMPANY.search(headline)
    if match is None:
        return ""
    found = match.group("company")
    inner = found.lower().rfind(" at ")  # the last "at": "Scaling teams at scale at Umbrella"
    if inner >= 0:
        found = found[inner + 4 :]
    return " ".join(found.split()).strip(" .")


@dataclass
class Context:
    """What is known about the user and the whole inbox (build it with `build_context`)."""

    my_companies: set[str]  # normalised names from the user's Positions.csv
    followed_names: set[str]  # normalised names from Member_Follows.csv
    note_counts: dict[str, int]  # fingerprint(note) -> how many senders sent that note
    my_first_name: str = ""
    # people who were connections and are not any more: slugs, the normalised names of those
    # without a profile URL, and every normalised name (`Store.connected_keys(former=True)`)
    former_slugs: set[str] = field(default_factory=set)
    former_bare: set[str] = field(default_factory=set)
    former_names: set[str] = field(default_factory=set)
    # messages, endorsements and recommendations by person (`Store.evidence_index`)
    evidence: Index | None = None
    # request id -> (its company as written, how many others there invited the user within
    # `BURST_DAYS` of it), for the requests in a same-company burst (`add_invitations`)
    bursts: dict[int, tuple[str, int]] = field(default_factory=dict)
    _companies_seen: frozenset[str] | None = field(
        default=None, init=False, repr=False, compare=False
    )
    _company_res: tuple[re.Pattern[str], re.Pattern[str]] | None = field(
        default=None, init=False, repr=False, compare=False
    )
    _company_heads: tuple[str, ...] = field(default=(), init=False, repr=False, compare=False)
    # stripped note -> its _NoteKey, computed once by build_context instead of once per request
    _note_keys: dict[str, _NoteKey] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def find_company(self, text: str) -> str | None:
        """The first of the user's companies named in `text` (whole words, any case), as written."""
        if self._companies_seen is None or self._companies_seen != self.my_companies:
            self._companies_seen = frozenset(self.my_companies)
            self._company_res = _company_patterns(self._companies_seen)
            names = {normalise_company(c) for c in self._companies_seen} - {""}
            self._company_heads = tuple({n.split()[0] for n in names})
        if self._company_res is None or not text:
            return None
        folded = text.casefold()
        if len(folded) == len(text):
            # a substring test per company is much cheaper than the search it usually spares
            if not any(head in folded for head in self._company_heads):
                return None
            match = self._company_res[0].search(folded)
        else:
            match = self._company_res[1].search(text)
        return text[match.start() : match.end()] if match is not None else None

    def add_invitations(self, invited: Iterable[tuple[str, str, list[tuple[int, int]]]]) -> None:
        """Find the same-company bursts: rows of (company, headline, (request id, day number as
        `date.toordinal`) of each invitation), one per company and headline, as
        `Store.invitation_companies` groups them. Each request in a burst is remembered by id,
        so that screening it costs one lookup. The user's own companies never form a burst
        (new colleagues do invite)."""
        keys: dict[str, str] = {}  # company as written -> normalised: companies repeat
        members: dict[str, list[tuple[int, int, str]]] = {}  # key -> (day, id, as written)
        for company, headline, on in invited:
            shown = company_of(company, headline)
            if not shown:
                continue
            key = keys.get(shown)
            if key is None:
                key = keys[shown] = normalise_company(shown)
            if key and key not in self.my_companies:
                members.setdefault(key, []).extend((day, rid, shown) for rid, day in on)
        self.bursts = {}
        for found in members.values():
            if len(found) < BURST_AT:
                continue
            found.sort()
            days = [day for day, _, _ in found]
            for day, rid, shown in found:
                near = bisect_right(days, day + BURST_DAYS) - bisect_left(days, day - BURST_DAYS)
                if near >= BURST_AT:
                    self.bursts[rid] = (shown, near - 1)  # this invitation is one of them


def build_context(
    notes: Iterable[str],
    companies: Iterable[str],
    followed: Iterable[str],
    my_name: str = "",
) -> Context:
    """The context for screening an inbox.

    `notes`: every sender's note (one per sender, including the requests being screened);
    `companies`: the user's employers (Positions.csv); `followed`: names the user follows.
    """
    counts: Counter[str] = Counter()
    keys: dict[str, _NoteKey] = {}
    for note in notes:
        note = note.strip()
        if not note:
            continue
        known = keys.get(note)
        if known is None:
            known = _note_key(note)
            if len(keys) < NOTE_CACHE_LIMIT:
                keys[note] = known
        if known.fingerprint:
            counts[known.fingerprint] += 1
    context = Context(
        my_companies={c for c in map(normalise_company, companies) if c},
        followed_names={n for n in map(normalise_name, followed) if n},
        note_counts=dict(counts),
        my_first_name=split_name(my_name)[0].casefold(),
    )
    context._note_keys = keys
    return context


# -- signals ----------------------------------------------------------------------------------


_SNIPPET_END = re.compile(r"[.!?;:,\n(]")


def _short(text: str, limit: int = SNIPPET_LIMIT) -> str:
    """A piece of a stranger's text fit for a reason: one clean line, at most `limit` long."""
    if not text.isprintable():
        text = one_line(text)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _snippet(text: str, start: int, limit: int = SNIPPET_LIMIT) -> str:
    """The words of `text` from `start` up to the end of the phrase, cleaned and shortened."""
    rest = text[start : start + limit * 2]
    end = _SNIPPET_END.search(rest)
    if end is not None:
        rest = rest[: end.start()]
    return _short(rest, limit)


def _name_key(name: str) -> str:
    """`normalise_name`, with a fast path for the plain ASCII names most people have."""
    if name.isascii() and name.isprintable():
        return " ".join(name.split()).casefold()
    return normalise_name(name)


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}" if n == 1 else f"{n:,} {word}s"


def _headline_label(found: str) -> str:
    label = " ".join(found.split()).lower()
    if label[:3] in ("sdr", "bdr"):
        return label[:3].upper() + label[3:]
    return "I help" if label == "i help" else label


@dataclass(slots=True)
class Facts:
    """What the signals found, beyond their sentences: what a suggestion is made from."""

    reasons: list[tuple[str, int]]  # (text, weight) of each Reason
    personal: bool = False
    pitch: bool = False
    shared_company: bool = False
    worked: bool = False
    denied: bool = False  # the note says they never worked with the user
    followed: bool = False
    former: bool = False
    scam: bool = False  # a scam or automation that suggests decline whatever else is known
    link: bool = False  # a link in the note
    messaged: bool = False  # messages went both ways
    endorsed: bool = False  # an endorsement or recommendation, either way
    one_way: bool = False  # they wrote, the user never answered


def _was_connection(req: Request, ctx: Context) -> bool:
    """By profile URL; by name when the request or the old connection has no URL."""
    return bool(ctx.former_names) and same_person(
        req.key, req.name, ctx.former_slugs, ctx.former_bare, ctx.former_names
    )


#: The phrases that are a reason of their own: (kind of match, what the reason says, weight).
_PHRASE_REASONS = (
    ("sales", "sales pitch", -2),
    ("hiring", "recruiting pitch", -2),
    ("stock", "stock phrase", -1),
)


def _note_signals(note: str, ctx: Context, facts: Facts) -> None:
    add = facts.reasons.append
    fp, greeted, long = ctx._note_keys.get(note) or _note_key(note)
    low = note.lower()
    pattern = NOTE
    if len(low) != len(note):
        low, pattern = note, NOTE_ANY_CASE
    found: dict[str, re.Match[str]] = {}
    for match in pattern.finditer(low):
        found.setdefault(kind_of(match), match)

    same = ctx.note_counts.get(fp, 0) if fp else 0
    if same >= 2:
        add((f"same note as {_plural(same - 1, 'other sender')}", -3))
    for kind, label, weight in _PHRASE_REASONS:
        phrase = found.get(kind)
        if phrase is not None:
            add((f'{label}: "{_short(note[phrase.start() : phrase.end()])}"', weight))
    facts.pitch = same >= 2 or "sales" in found or "hiring" in found
    if ctx.my_first_name and greeted:
        # "Hi Sam," sent to Dana: a note pasted to many people (a nickname "Dan" is fine)
        name = greeted.casefold().strip("'’-")
        mine = ctx.my_first_name
        if not (name.startswith(mine[:3]) or mine.startswith(name)):
            add((f'note greets "{_short(greeted)}", not you', -1))
    if not (facts.pitch or "stock" in found):
        if long:
            facts.personal = True
            add(("personal note", 1))
        else:
            add(("short note", 0))

    worked = found.get("worked")
    if worked is not None:
        if NEGATION.search(low, max(0, worked.start() - 30), worked.start()):
            facts.denied = True
            add(("says you never worked together", -1))
        else:
            facts.worked = True
            add((f"says you worked together: “{_snippet(note, worked.start())}”", 3))

    where = _where_met(note, low, found)
    if where:
        add((f"mentions where you met: {where}", 2))


def _where_met(note: str, low: str, found: dict[str, re.Match[str]]) -> str:
    """The event or place the note says you met at, shortened; "" when it names none."""
    event = found.get("event")
    if event is not None:
        tail = EVENT_TAIL.match(note, event.end())
        end = tail.end() if tail is not None else event.end()
        return _short(note[event.start() : end])
    recently = (
        AT_RECENTLY.search(note)
        if "week" in low or "month" in low or "night" in low or "year" in low
        else None
    )
    if recently is not None:
        return _short(recently.group(1))
    if "met" in found:
        return _snippet(note, found["met"].start())
    return ""


def collect(req: Request, ctx: Context) -> Facts:
    """Every signal about `req`, as weighted reasons, and the facts the suggestion rests on."""
    facts = Facts(reasons=[])
    add = facts.reasons.append
    note = req.message.strip()
    if note:
        _note_and_scam_signals(note, ctx, facts)
    else:
        add(("no note", -1))
    if ctx.evidence:
        _evidence_signals(req, ctx.evidence, facts)
    if req.mutual_connections is not None:
        add(_mutual_reason(req.mutual_connections))
    if req.invite_count > 1:
        add((f"invited you {req.invite_count:,} times", -1 if req.invite_count == 2 else -2))

    if _was_connection(req, ctx):
        facts.former = True
        add(("was a connection before", 3))

    if ctx.followed_names and (
        _name_key(req.name) in ctx.followed_names
        or _name_key(f"{req.first_name} {req.last_name}") in ctx.followed_names
    ):
        facts.followed = True
        add(("you already follow them", 1))

    burst = ctx.bursts.get(req.id) if ctx.bursts else None
    if burst is not None:
        sweep, others = burst
        add((f"{_plural(others, 'other')} at {_short(sweep)} invited you within a week", -2))

    if ctx.my_companies:
        _company_signals(req, note, ctx, facts)

    headline = req.headline.lower()
    if len(headline) == len(req.headline):
        title = HEADLINE.search(headline)
    else:
        title = HEADLINE_ANY_CASE.search(req.headline)
    if title is not None:
        add((f"headline: {_headline_label(title.group(0))}", -1))
    return facts


def _note_and_scam_signals(note: str, ctx: Context, facts: Facts) -> None:
    _note_signals(note, ctx, facts)
    for scam in scams.find(note):
        facts.reasons.append((scam.text, scam.weight))
        if scam.kind == scams.LINK:
            facts.link = True
        else:
            facts.scam = True
    if facts.scam and facts.personal:  # a scam's opening is not a personal note
        facts.personal = False
        facts.reasons.remove(("personal note", 1))


def _evidence_signals(req: Request, evidence: Index, facts: Facts) -> None:
    """What the rest of the export says: messages, endorsements, recommendations."""
    known = evidence.find(req.key, req.name)
    if known is None:
        return
    for finding in findings(known):
        facts.reasons.append((finding.text, finding.weight))
    facts.messaged = known.messaged
    facts.endorsed = known.endorsed or known.recommended
    facts.one_way = bool(known.received) and not known.sent


def _mutual_reason(mutual: int) -> tuple[str, int]:
    if mutual <= 0:
        return ("0 mutual connections", -2)
    if mutual < 5:
        return (f"only {_plural(mutual, 'mutual connection')}", -1)
    return (f"{mutual:,} mutual connections", 0 if mutual < 20 else 1 if mutual < 50 else 2)


def _company_signals(req: Request, note: str, ctx: Context, facts: Facts) -> None:
    """A company of yours in their headline or company (worked there too), or else in the note."""
    company = ctx.find_company(req.headline) or ctx.find_company(req.company)
    if company is not None:
        facts.shared_company = True
        facts.reasons.append((f"worked at {_short(company)} too", 3))
    elif note:
        company = ctx.find_company(note)
        if company is not None:
            facts.reasons.append((f"note mentions {_short(company)}", 1))


def strength(reason: tuple[str, int]) -> int:
    return -abs(reason[1])


def signals(req: Request, ctx: Context) -> list[Reason]:
    """Every signal about `req`, strongest first (for and against, with their weights)."""
    reasons = collect(req, ctx).reasons
    reasons.sort(key=strength)
    return [Reason(text, weight) for text, weight in reasons]
