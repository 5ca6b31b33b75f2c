"""The data linkinbox works with. No Textual here."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum


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


DECIDED = (Status.FOLLOW, Status.CONNECT, Status.DECLINE)


@dataclass(slots=True)
class Invitation:
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


@dataclass(slots=True)
class Connection:
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


@dataclass(slots=True)
class Position:
    """A row of the user's own Positions.csv."""

    company: str
    title: str = ""


@dataclass
class ImportData:
    """Everything one import read, ready to merge. `problems`: one sentence each."""

    invitations: list[Invitation] = field(default_factory=list)
    connections: list[Connection] = field(default_factory=list)
    follows: list[str] = field(default_factory=list)
    positions: list[Position] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    skipped: int = 0
    # The user, as the other side of their own invitations (To of incoming, From of outgoing).
    me_name: str = ""
    me_url: str = ""

    def extend(self, other: ImportData) -> None:
        self.me_name = other.me_name or self.me_name
        self.me_url = other.me_url or self.me_url
        self.invitations.extend(other.invitations)
        self.connections.extend(other.connections)
        self.follows.extend(other.follows)
        self.positions.extend(other.positions)
        self.problems.extend(other.problems)
        self.skipped += other.skipped


@dataclass(frozen=True, slots=True)
class Request:
    """A connection request as stored: one per sender.

    A plain dataclass, not a pydantic model: it is built from rows the store wrote itself (no
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


@dataclass
class ImportSummary:
    """What an import did, for the one-line report."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    connections: int = 0
    sent: int = 0
    removed_connected: int = 0
    problems: list[str] = field(default_factory=list)

    def sentence(self) -> str:
        parts = [
            f"{self.added:,} added",
            f"{self.updated:,} updated",
            f"{self.unchanged:,} unchanged",
        ]
        if self.skipped:
            parts.append(f"{self.skipped:,} skipped")
        if self.connections:
            parts.append(f"{self.connections:,} connections known")
        if self.sent:
            parts.append(f"{self.sent:,} sent invitations")
        return ", ".join(parts)
