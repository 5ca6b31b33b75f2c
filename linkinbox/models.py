"""The data linkinbox works with. No Textual here.

Records are `NamedTuple`s, and the two that are filled in as an import goes plain classes, not
dataclasses: importing `dataclasses` (it imports `inspect`) and building a dataclass cost every
command ~12 ms, a third of what `linkinbox import` of a small file takes.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from linkinbox.evidence import Evidence
    from linkinbox.importers.evidence_export import MessageTally

from linkinbox.words import plural


class Decision(StrEnum):
    FOLLOW = "follow"
    CONNECT = "connect"
    DECLINE = "decline"


class Status(StrEnum):
    PENDING = "pending"
    FOLLOW = "follow"
    CONNECT = "connect"
    DECLINE = "decline"
    SENT = "sent"
    WITHDRAWN = "withdrawn"
    #: No longer pending on LinkedIn: gone from a newer export without becoming a connection.
    GONE = "gone"
    #: An existing connection (a row of Connections.csv) not reviewed yet. Reviewed, it takes
    #: one of the decisions' statuses: connect = keep, follow = follow instead, decline = remove
    #: (`Request.direction` is "connection"; see `CONNECTION_WORDS`).
    CONNECTED = "connected"


DECIDED = (Status.FOLLOW, Status.CONNECT, Status.DECLINE)

#: `Request.direction` of an existing connection (a row of Connections.csv).
CONNECTION = "connection"

#: What a decision means for an existing connection, as the command line and the TUI say it.
CONNECTION_WORDS = {"connect": "keep", "follow": "follow instead", "decline": "remove"}
#: The words the command line also takes for a decision on a connection.
CONNECTION_DECISIONS = {"keep": "connect", "follow-instead": "follow", "remove": "decline"}


class OnLinkedIn(StrEnum):
    """What is left to press on LinkedIn for a decision: see DESIGN.md, "LinkedIn's side"."""

    TODO = "todo"
    DONE = "done"


class Invitation(NamedTuple):
    """One invitation read from any source, before it is merged into the store.

    `direction` is "incoming" (someone invited the user) or "outgoing" (the user invited someone).
    For outgoing invitations the name/URL fields describe the invitee.
    """

    name: str
    direction: str = "incoming"
    profile_url: str = ""
    sent_at: datetime | None = None
    message: str = ""
    first_name: str = ""
    last_name: str = ""
    headline: str = ""
    location: str = ""
    company: str = ""
    mutual_connections: int | None = None
    source: str = "export"
    # Only set by linkinbox's own CSV/JSON format (a round trip of `export`).
    status: str | None = None
    decided_at: datetime | None = None
    reply: str | None = None
    # How many times this sender invited, when a source says so directly (the demo, own lists).
    invite_count: int = 1
    # Only set by linkinbox's own format: whether the decision is done on LinkedIn yet.
    on_linkedin: str | None = None
    done_at: datetime | None = None
    # The sender's normalised profile slug when the reader worked it out from `profile_url`
    # (`text.slug_from_url`): the merge and reconciliation use it instead of working it out again.
    slug: str = ""


class Connection(NamedTuple):
    """A row of Connections.csv: someone the user is already connected to."""

    first_name: str
    last_name: str
    profile_url: str = ""
    email: str = ""
    company: str = ""
    position: str = ""
    connected_on: date | None = None

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class Position(NamedTuple):
    """A row of the user's own Positions.csv (`finished_on` None: still there)."""

    company: str
    title: str = ""
    started_on: date | None = None
    finished_on: date | None = None


class People(NamedTuple):
    """A set of people as `text.same_person` matches them: profile slugs, the names of those
    without a URL, and every name (all normalised)."""

    slugs: set[str]
    bare: set[str]
    names: set[str]


class ExportSnapshot(NamedTuple):
    """One LinkedIn export as reconciliation sees it: its date and who is in each file
    (None: the export has no such file)."""

    date: datetime
    label: str
    invited: People | None  # senders of INCOMING rows of Invitations.csv
    connected: People | None  # Connections.csv
    followed: frozenset[str] | None  # normalised names `Active` in Member_Follows.csv


class ImportData:
    """Everything one import read, ready to merge. `problems`: one sentence each."""

    __slots__ = (
        "connections",
        "evidence",
        "exports",
        "follows",
        "invitations",
        "kinds",
        "me_name",
        "me_url",
        "messages",
        "other_mail",
        "positions",
        "problems",
        "skipped",
        "skips",
    )

    def __init__(
        self,
        *,
        invitations: list[Invitation] | None = None,
        connections: list[Connection] | None = None,
        follows: list[str] | None = None,
        positions: list[Position] | None = None,
        problems: list[str] | None = None,
        skipped: int = 0,
        me_name: str = "",
        me_url: str = "",
    ) -> None:
        self.invitations = invitations if invitations is not None else []
        self.connections = connections if connections is not None else []
        self.follows = follows if follows is not None else []
        self.positions = positions if positions is not None else []
        self.problems = problems if problems is not None else []
        self.skipped = skipped
        # Skipped, but nothing wrong: LinkedIn mails that are not invitations (one sentence
        # each) and other mail (not from LinkedIn's invitation address; counted).
        self.skips: list[str] = []
        self.other_mail = 0
        # Which export files were read ("invitations", "connections", "follows", "positions").
        self.kinds: set[str] = set()
        # One snapshot per LinkedIn export read (see linkinbox.reconcile): what to reconcile with.
        self.exports: list[ExportSnapshot] = []
        # The user, as the other side of their own invitations (To of incoming, From of
        # outgoing).
        self.me_name = me_name
        self.me_url = me_url
        # Messages, endorsements and recommendations (linkinbox.evidence): rows ready to store,
        # and message tallies still waiting to learn which sender is the user.
        self.evidence: list[Evidence] = []
        self.messages: list[MessageTally] = []

    def extend(self, other: ImportData) -> None:
        self.me_name = other.me_name or self.me_name
        self.me_url = other.me_url or self.me_url
        self.invitations.extend(other.invitations)
        self.connections.extend(other.connections)
        self.follows.extend(other.follows)
        self.positions.extend(other.positions)
        self.problems.extend(other.problems)
        self.skipped += other.skipped
        self.skips.extend(other.skips)
        self.other_mail += other.other_mail
        self.kinds |= other.kinds
        self.exports.extend(other.exports)
        self.evidence.extend(other.evidence)
        self.messages.extend(other.messages)


class Request(NamedTuple):
    """A connection request as stored: one per sender.

    A plain record, not a pydantic model: it is built from rows the store wrote itself (no
    input to validate), thousands at a time, and on the path to the first screen.
    """

    id: int
    key: str
    name: str
    first_name: str = ""
    last_name: str = ""
    headline: str = ""
    location: str = ""
    company: str = ""
    profile_url: str = ""
    message: str = ""
    sent_at: datetime | None = None
    mutual_connections: int | None = None
    source: str = ""
    status: Status = Status.PENDING
    decided_at: datetime | None = None
    reply: str | None = None
    invite_count: int = 1
    marked: bool = False
    on_linkedin: str | None = None
    done_at: datetime | None = None
    #: "incoming", "outgoing", or "connection" (an existing connection, `CONNECTION`).
    direction: str = "incoming"

    @property
    def is_connection(self) -> bool:
        return self.direction == CONNECTION


class ImportSummary:
    """What an import did, for the one-line report."""

    __slots__ = (
        "accepted",
        "added",
        "already_connected",
        "connections",
        "connections_back",
        "connections_gone",
        "connections_unlisted",
        "done",
        "evidence",
        "forgotten",
        "gone",
        "older_export",
        "other_mail",
        "problems",
        "reconciled",
        "removed_connected",
        "sent",
        "skipped",
        "skips",
        "still_todo",
        "unchanged",
        "updated",
    )

    def __init__(self, *, skipped: int = 0, problems: list[str] | None = None) -> None:
        self.added = 0
        self.updated = 0
        self.unchanged = 0
        self.skipped = skipped
        self.connections = 0
        self.sent = 0
        self.removed_connected = 0
        self.evidence = 0  # people the messages, endorsements and recommendations told of
        self.already_connected = 0  # invitations from people already among your connections
        self.forgotten = 0  # invitations you decided and then purged: not brought back
        # Reconciliation with LinkedIn (linkinbox.reconcile): the export's date when one was
        # reconciled, to-dos proved done and still to do, pending requests accepted on LinkedIn
        # (now connections) and gone from it; an older export's date, which changed nothing.
        self.reconciled: datetime | None = None
        self.done = 0
        self.still_todo = 0
        self.accepted = 0
        self.gone = 0
        self.older_export: tuple[datetime, datetime] | None = None
        # Connections gone from the latest Connections.csv without a decision here (removed on
        # LinkedIn: status gone), and gone ones listed again.
        self.connections_gone = 0
        self.connections_back = 0
        # Missing from a Connections.csv imported without Invitations.csv (maybe an old or
        # partial copy): left as they were.
        self.connections_unlisted = 0
        self.problems = problems if problems is not None else []
        self.skips: list[str] = []  # see ImportData.skips
        self.other_mail = 0

    def skip_reasons(self) -> list[str]:
        """Why each skipped mail or row was skipped, one a line (other mail counted as one)."""
        reasons = [*self.problems, *self.skips]
        if self.other_mail:
            reasons.append(
                f"{plural(self.other_mail, 'other mail')}: not from invitations@linkedin.com, "
                "so not a LinkedIn invitation; skipped."
            )
        return reasons

    def __repr__(self) -> str:
        counts = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__)
        return f"ImportSummary({counts})"

    def sentence(self) -> str:
        """`3 added, 2 from people already connected with you, 5 connections known`: what
        happened, zero counts left out (but `added`)."""
        parts = [f"{self.added:,} added"]
        if self.updated:
            parts.append(f"{self.updated:,} updated")
        if self.unchanged:
            parts.append(f"{self.unchanged:,} unchanged")
        if self.skipped:
            parts.append(f"{self.skipped:,} skipped")
        if self.already_connected:
            parts.append(f"{self.already_connected:,} from people already connected with you")
        if self.forgotten:
            parts.append(f"{self.forgotten:,} decided and purged before (not brought back)")
        if self.removed_connected:
            parts.append(
                f"{plural(self.removed_connected, 'request')} removed: those people are"
                " connections now"
            )
        if self.connections:
            parts.append(plural(self.connections, "connection") + " known")
        if self.connections_gone:
            parts.append(f"{plural(self.connections_gone, 'connection')} gone from Connections.csv")
        if self.connections_back:
            parts.append(f"{plural(self.connections_back, 'connection')} back in Connections.csv")
        if self.connections_unlisted:
            parts.append(
                f"{plural(self.connections_unlisted, 'connection')} not in this Connections.csv "
                "kept (without Invitations.csv beside it, it may be an old copy: import the "
                "whole export to see who is gone)"
            )
        if self.sent:
            parts.append(plural(self.sent, "sent invitation"))
        if self.evidence:
            who = "person" if self.evidence == 1 else "people"
            parts.append(f"messages, endorsements or recommendations of {self.evidence:,} {who}")
        return ", ".join(parts)

    def linkedin_sentence(self) -> str:
        """What the import proved about LinkedIn's side, or "" when nothing."""
        if self.reconciled is not None and (
            self.done or self.still_todo or self.accepted or self.gone
        ):
            return (
                f"Reconciled with LinkedIn (export of {long_date(self.reconciled)}): "
                f"{self.done:,} done, {self.still_todo:,} still to do, "
                f"{self.accepted:,} accepted there, {self.gone:,} gone."
            )
        if self.older_export is not None:
            export, newest = self.older_export
            return (
                f"The export of {long_date(export)} is older than the one already reconciled "
                f"({long_date(newest)}): it added what was new and changed no decision."
            )
        if self.accepted:
            return f"{self.accepted:,} pending accepted on LinkedIn (now connections)."
        if self.done:  # connections removed or followed instead, proved by a newer list
            return f"{self.done:,} done on LinkedIn (gone from Connections.csv)."
        return ""


def long_date(moment: datetime | date) -> str:
    """`29 Nov 2026`, the way the summaries say a date."""
    return f"{moment.day} {_MONTHS[moment.month - 1]} {moment.year}"


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
