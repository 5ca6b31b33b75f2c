"""The export's evidence files: messages, endorsements and recommendations (DESIGN.md, "More of
the export"). What they give is counts and dates, never text: a message's content, subject and
the conversation's title are never even kept in a variable past the row being read.

- `messages.csv`: `CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,[RECIPIENT
  PROFILE URLS,]DATE,SUBJECT,CONTENT,FOLDER[,ATTACHMENTS,IS MESSAGE DRAFT,IS CONVERSATION DRAFT]`;
  2018's `Messages.csv`: `From,To,Date,Subject,Content,Direction,Folder`. Read as a stream (it can
  be hundreds of MB), tallied per conversation and person; which sender is the user is worked out
  at the end (`MessageTally.resolve`).
- `Endorsement_Received_Info.csv` / `Endorsement_Given_Info.csv`: `Endorsement Date,Skill Name,
  Endorser First Name,Endorser Last Name,Endorser Public Url,Endorsement Status` (`Endorsee …`
  in the given file); URLs without a scheme.
- `Recommendations_Received.csv` / `Recommendations_Given.csv`: `First Name,Last Name,Company,
  Job Title,Text,Creation Date,Status`: names only, the direction only in the file's name.

No Textual here.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterator
from functools import partial

from linkinbox.evidence import (
    ENDORSEMENT,
    MESSAGES,
    RECEIVED,
    RECOMMENDATION,
    THEM,
    YOU,
    Evidence,
)
from linkinbox.importers.dates import parse_sent_at
from linkinbox.models import ImportData
from linkinbox.text import UnsafeAddress, normalise_name, one_line, slug_from_url

MESSAGES_KIND = "messages"
ENDORSEMENTS_RECEIVED = "endorsements-received"
ENDORSEMENTS_GIVEN = "endorsements-given"
RECOMMENDATIONS = "recommendations"  # by header; the name says which way
RECOMMENDATIONS_RECEIVED = "recommendations-received"
RECOMMENDATIONS_GIVEN = "recommendations-given"

KINDS = (
    MESSAGES_KIND,
    ENDORSEMENTS_RECEIVED,
    ENDORSEMENTS_GIVEN,
    RECOMMENDATIONS_RECEIVED,
    RECOMMENDATIONS_GIVEN,
)
EXPECTED = {
    MESSAGES_KIND: "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,DATE,SUBJECT,"
    "CONTENT,FOLDER",
    ENDORSEMENTS_RECEIVED: "Endorsement Date,Skill Name,Endorser First Name,Endorser Last Name,"
    "Endorser Public Url,Endorsement Status",
    ENDORSEMENTS_GIVEN: "Endorsement Date,Skill Name,Endorsee First Name,Endorsee Last Name,"
    "Endorsee Public Url,Endorsement Status",
    RECOMMENDATIONS_RECEIVED: "First Name,Last Name,Company,Job Title,Text,Creation Date,Status",
    RECOMMENDATIONS_GIVEN: "First Name,Last Name,Company,Job Title,Text,Creation Date,Status",
}

#: More conversations than this in one messages.csv are not tallied (memory stays bounded
#: whatever the file holds; a heavy user has a few thousand).
MAX_CONVERSATIONS = 200_000
MAX_NAME_CHARS = 200
MAX_SKILL_CHARS = 100
_ME = "@me"  # the user, in 2018's files whose Direction column says who wrote


def kind_of(cols: dict[str, int]) -> str | None:
    """Which evidence file a header belongs to (columns by normalised name), or None."""
    if ("date" in cols and "from" in cols and "to" in cols) and (
        "conversationid" in cols or ("content" in cols and "direction" in cols)
    ):
        return MESSAGES_KIND
    if "skillname" in cols:
        if "endorserfirstname" in cols or "endorserpublicurl" in cols:
            return ENDORSEMENTS_RECEIVED
        if "endorseefirstname" in cols or "endorseepublicurl" in cols:
            return ENDORSEMENTS_GIVEN
    if {"firstname", "lastname", "creationdate"} <= cols.keys() and "connectedon" not in cols:
        return RECOMMENDATIONS
    return None


def kind_from_name(base: str) -> str | None:
    """The evidence file a base name (lowercase, letters and digits only) names, or None."""
    if base.startswith("messages"):
        return MESSAGES_KIND
    if base.startswith("endorsement"):
        if "received" in base:
            return ENDORSEMENTS_RECEIVED
        if "given" in base:
            return ENDORSEMENTS_GIVEN
    if base.startswith("recommendation"):
        if "received" in base:
            return RECOMMENDATIONS_RECEIVED
        if "given" in base:
            return RECOMMENDATIONS_GIVEN
    return None


def _iso(value: str) -> str | None:
    """`2026-06-10 08:00:00 UTC` (fast), `2025/06/05 15:47:58 UTC`, or any date `parse_sent_at`
    reads, as ISO 8601 to the second; None when it cannot be read."""
    s = value.strip()
    if len(s) == 23 and s.endswith(" UTC") and s[4] in "-/" and s[10] == " ":
        candidate = f"{s[:4]}-{s[5:7]}-{s[8:10]}T{s[11:19]}"
        if candidate[:4].isdigit() and candidate[5:7].isdigit() and candidate[8:10].isdigit():
            return candidate
    if not s:
        return None
    if s[:4].isdigit() and len(s) > 4 and s[4] == "/":
        s = s.replace("/", "-", 2)
    moment = parse_sent_at(s.removesuffix(" UTC") if s.endswith(" UTC") else s)
    return moment.isoformat(timespec="seconds") if moment is not None else None


def _person(name: str, url: str) -> tuple[str, str, str]:
    """(identity key, display name, normalised name) of a name and profile URL."""
    shown = one_line(name, limit=MAX_NAME_CHARS) if name else ""
    norm = normalise_name(shown) if shown else ""
    try:
        slug = slug_from_url(url) if url else ""
    except UnsafeAddress:  # refused, not repaired: no key, so the row is left out
        return "", shown, norm
    if slug:
        return slug, shown, norm
    return (f"name:{norm}" if norm else ""), shown, norm


def _pad(row: list[str], width: int) -> list[str]:
    return row if len(row) >= width else row + [""] * (width - len(row))


def _col(cols: dict[str, int], *names: str) -> int:
    for name in names:
        if name in cols:
            return cols[name]
    return -1


# -- messages -------------------------------------------------------------------------------------


class _Conversation:
    """One conversation's tally: per person [display name, normalised name, messages written]."""

    __slots__ = ("first_at", "first_key", "last_at", "people")

    def __init__(self) -> None:
        self.people: dict[str, list[object]] = {}
        self.first_at = ""
        self.first_key = ""
        self.last_at = ""

    def saw(self, key: str, name: str, norm: str, wrote: int) -> None:
        entry = self.people.get(key)
        if entry is None:
            self.people[key] = [name, norm, wrote]
        else:
            if wrote:
                entry[2] = int(entry[2]) + wrote  # type: ignore[call-overload]
            if name and not entry[0]:
                entry[0] = name


class MessageTally:
    """What one messages.csv says, per conversation and person, before it is known which
    sender is the user."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.conversations: dict[str, _Conversation] = {}
        self.read = 0  # messages counted
        self.dropped = 0  # messages of conversations beyond MAX_CONVERSATIONS

    def _conversation(self, ref: str) -> _Conversation | None:
        conversation = self.conversations.get(ref)
        if conversation is None:
            if len(self.conversations) >= MAX_CONVERSATIONS:
                self.dropped += 1
                return None
            conversation = self.conversations[ref] = _Conversation()
        return conversation

    def add(
        self,
        ref: str,
        sender: tuple[str, str, str],
        recipients: list[tuple[str, str, str]],
        at: str | None,
    ) -> None:
        conversation = self._conversation(ref)
        if conversation is None:
            return
        key, name, norm = sender
        self.read += 1
        if key:
            conversation.saw(key, name, norm, 1)
        for r_key, r_name, r_norm in recipients:
            if r_key and r_key != key:
                conversation.saw(r_key, r_name, r_norm, 0)
        if at:
            if not conversation.first_at or at < conversation.first_at:
                conversation.first_at = at
                conversation.first_key = key
            if at > conversation.last_at:
                conversation.last_at = at

    def guess_me(self) -> tuple[set[str], set[str]]:
        """(keys, normalised names) of the user: the one person in (nearly) every conversation.

        Empty when it cannot be told (a single conversation, or two people tied)."""
        seen: Counter[str] = Counter()
        for conversation in self.conversations.values():
            seen.update({str(entry[1]) for entry in conversation.people.values() if entry[1]})
        if len(self.conversations) < 2 or not seen:
            return set(), set()
        (top, count), *rest = seen.most_common(2)
        if rest and rest[0][1] >= count:
            return set(), set()
        keys = {
            key
            for conversation in self.conversations.values()
            for key, entry in conversation.people.items()
            if entry[1] == top
        }
        return keys, {top}

    def resolve(self, me_keys: set[str], me_names: set[str]) -> tuple[list[Evidence], str]:
        """One `Evidence` per person and conversation the user took part in, and a problem
        sentence ("" when none)."""
        guessed_keys, guessed_names = self.guess_me()
        me_keys = {*me_keys, *guessed_keys, _ME}
        me_names = {*me_names, *guessed_names}
        # the user's name, as the recipient of what others wrote (TO has no URL before 2023)
        for conversation in self.conversations.values():
            for key, entry in conversation.people.items():
                if key in me_keys and entry[1]:
                    me_names.add(str(entry[1]))
        out: list[Evidence] = []
        unknown = 0
        for ref, conversation in self.conversations.items():
            mine = [
                key
                for key, entry in conversation.people.items()
                if key in me_keys or entry[1] in me_names
            ]
            if not mine:
                unknown += 1
                continue
            sent = sum(int(conversation.people[k][2]) for k in mine)  # type: ignore[call-overload]
            # the same person once by URL (as a sender) and once by name (as a recipient)
            by_name = {
                str(entry[1]): key
                for key, entry in conversation.people.items()
                if not key.startswith("name:") and key not in mine
            }
            others: dict[str, list[object]] = {}
            for key, entry in conversation.people.items():
                if key in mine:
                    continue
                if key.startswith("name:") and key[5:] in by_name:
                    key = by_name[key[5:]]
                merged = others.get(key)
                if merged is None:
                    others[key] = list(entry)
                else:
                    merged[2] = int(merged[2]) + int(entry[2])  # type: ignore[call-overload]
            digest = hashlib.sha1(ref.encode(), usedforsecurity=False).hexdigest()[:16]
            for key, (name, _norm, wrote) in others.items():
                received = int(wrote)  # type: ignore[call-overload]
                if not received and not sent:
                    continue
                first = conversation.first_key
                first_from = THEM if first == key else YOU if first in mine else ""
                out.append(
                    Evidence(
                        key=key,
                        name=str(name),
                        kind=MESSAGES,
                        direction="",
                        ref=digest,
                        first_at=conversation.first_at or None,
                        last_at=conversation.last_at or None,
                        received=received,
                        sent=sent,
                        first_from=first_from,
                    )
                )
        problem = ""
        if unknown:
            problem = (
                f"{self.label}: {unknown:,} conversations were not counted: it cannot tell which "
                "sender is you (import the whole export, or set my_profile_url in config.toml)."
            )
        if self.dropped:
            problem = (
                f"{self.label}: only the first {MAX_CONVERSATIONS:,} conversations were counted; "
                f"{self.dropped:,} messages of later ones were not."
            )
        return out, problem


def _split_urls(value: str) -> list[str]:
    return [part for part in value.replace(",", " ").split() if "/in/" in part or "." in part]


def _is_draft(row: list[str], i_draft: int, i_folder: int) -> bool:
    if 0 <= i_draft < len(row) and row[i_draft].strip().lower() in ("yes", "true"):
        return True
    return i_folder >= 0 and row[i_folder].strip().lower() in ("draft", "drafts")


def _recipients(to: str, urls: list[str]) -> list[tuple[str, str]]:
    """(name, profile URL) of each recipient: the names of `To` pair with the URLs when they
    are as many, else the URLs stand alone."""
    if len(urls) > 1:
        names = [n.strip() for n in to.split(",")]
        if len(names) != len(urls):
            names = [""] * len(urls)
        return list(zip(names, urls, strict=True))
    return [(to, urls[0] if urls else "")] if to.strip() or urls else []


def read_messages(
    rows: Iterator[list[str]], cols: dict[str, int], number: int, label: str, out: ImportData
) -> None:
    """Tally messages.csv (either era) as it streams by: nothing of a row outlives it but the
    sender, the recipients and the date."""
    tally = MessageTally(label)
    i_conv = _col(cols, "conversationid")
    i_from = cols["from"]
    i_sender = _col(cols, "senderprofileurl")
    i_to = cols["to"]
    i_recipients = _col(cols, "recipientprofileurls", "recipientprofileurl")
    i_date = cols["date"]
    i_dir = _col(cols, "direction")
    i_folder = _col(cols, "folder")
    i_draft = _col(cols, "ismessagedraft")
    width = max(i_conv, i_from, i_sender, i_to, i_recipients, i_date, i_dir, i_folder) + 1
    bad_dates = 0
    people: dict[tuple[str, str], tuple[str, str, str]] = {}  # (name, url) → _person(...)

    def person(name: str, url: str) -> tuple[str, str, str]:
        found = people.get((name, url))
        if found is None:
            found = _person(name, url)
            if len(people) < 50_000:
                people[(name, url)] = found
        return found

    for row in rows:
        number += 1
        if len(row) < width:
            if not any(cell.strip() for cell in row):
                continue
            row = _pad(row, width)
        if _is_draft(row, i_draft, i_folder):
            continue
        raw_date = row[i_date]
        at = _iso(raw_date)
        if at is None and raw_date.strip():
            bad_dates += 1
            continue
        if i_dir >= 0:  # 2018: the Direction column says who wrote; the other side is the person
            direction = row[i_dir].strip().lower()
            if direction == "incoming":
                them = person(row[i_from], "")
                tally.add(them[0], them, [(_ME, "", "")], at)
            elif direction == "outgoing":
                them = person(row[i_to], "")
                tally.add(them[0], (_ME, "", ""), [them], at)
            continue
        sender = person(row[i_from], row[i_sender] if i_sender >= 0 else "")
        urls = _split_urls(row[i_recipients]) if i_recipients >= 0 else []
        recipients = [person(name, url) for name, url in _recipients(row[i_to], urls)]
        ref = row[i_conv].strip() if i_conv >= 0 else ""
        tally.add(ref or "(no conversation id)", sender, recipients, at)
    if bad_dates:
        out.problems.append(
            f"{label}: {bad_dates:,} messages had a date that cannot be read "
            "(expected like 2026-06-10 08:00:00 UTC) and were not counted."
        )
    out.messages.append(tally)


# -- endorsements and recommendations -------------------------------------------------------------

_DROPPED_STATUSES = ("reject", "revoke", "hidden", "hide", "delete", "withdraw", "decline")


def _kept(status: str) -> bool:
    low = status.strip().lower()
    return not any(word in low for word in _DROPPED_STATUSES)


def _people(
    rows: Iterator[list[str]], cols: dict[str, int], first: int, last: int, url: int
) -> Iterator[tuple[list[str], str, str]]:
    """(row, key, shown name) of each row of an endorsements or recommendations file that names
    someone and was not rejected, hidden or withdrawn; a missing column (-1) reads as empty."""
    i_status = _col(cols, "endorsementstatus", "status")
    width = max(first, last, url, i_status, *cols.values()) + 1
    for row in rows:
        row = _pad(row, width)
        if i_status >= 0 and not _kept(row[i_status]):
            continue
        name = " ".join(row[i].strip() for i in (first, last) if i >= 0).strip()
        key, shown, _norm = _person(name, row[url] if url >= 0 else "")
        if key:
            yield row, key, shown


def read_people_evidence(
    rows: Iterator[list[str]],
    cols: dict[str, int],
    number: int,  # noqa: ARG001 (every reader of linkedin_export.READERS takes it)
    label: str,  # noqa: ARG001 (every reader of linkedin_export.READERS takes it)
    out: ImportData,
    direction: str,
    kind: str,
) -> None:
    """Endorsements (`kind` ENDORSEMENT: one per skill) or recommendations, received or given
    (`direction`), as evidence about the person on the other side."""
    if kind == ENDORSEMENT:
        who = "endorser" if direction == RECEIVED else "endorsee"
        i_date = _col(cols, "endorsementdate", "date")
        i_skill = cols["skillname"]
        i_first = _col(cols, f"{who}firstname")
        i_last = _col(cols, f"{who}lastname")
        i_url = _col(cols, f"{who}publicurl", f"{who}profileurl", f"{who}url")
    else:
        i_date = _col(cols, "creationdate", "date")
        i_skill = i_url = -1
        i_first, i_last = cols["firstname"], cols["lastname"]
    for row, key, shown in _people(rows, cols, i_first, i_last, i_url):
        skill = one_line(row[i_skill], limit=MAX_SKILL_CHARS) if i_skill >= 0 else ""
        at = _iso(row[i_date]) if i_date >= 0 else None
        out.evidence.append(Evidence(key, shown, kind, direction, skill, at, at))


read_endorsements = partial(read_people_evidence, kind=ENDORSEMENT)
read_recommendations = partial(read_people_evidence, kind=RECOMMENDATION)


def resolve_messages(data: ImportData, me_url: str, me_name: str) -> list[Evidence]:
    """Every message tally of an import as evidence, now that the user is known (from the
    export's own invitations, the store or config, and the tally itself). Problems are added to
    `data.problems`."""
    me_keys: set[str] = set()
    me_names: set[str] = set()
    for url in (data.me_url, me_url):
        try:
            slug = slug_from_url(url) if url else ""
        except UnsafeAddress:
            slug = ""
        if slug:
            me_keys.add(slug)
    for name in (data.me_name, me_name):
        norm = normalise_name(name) if name else ""
        if norm:
            me_names.add(norm)
            me_keys.add(f"name:{norm}")
    rows: list[Evidence] = []
    for tally in data.messages:
        found, problem = tally.resolve(me_keys, me_names)
        rows.extend(found)
        if problem:
            data.problems.append(problem)
    data.messages = []
    return rows
