"""Read LinkedIn invitation e-mails from an `.eml` file, an mbox file or a Maildir folder.

Supported invitation mails (sender `invitations@linkedin.com`, best effort):

- **2016 onwards, English**: subject `I want to connect` (also `I'd like to connect`) or
  `<Name> wants to connect`; From `<Name> via LinkedIn`; text and/or HTML body with name,
  headline, location, `N connections in common` / `N mutual connections`, the sender's note in
  quotes, `View profile:` and `Accept:` links.
- **2019 onwards, translated**: German (`Ich möchte mich mit Ihnen vernetzen`), French
  (`Je souhaite me connecter`, `J'aimerais me connecter`), Spanish (`Quiero conectar`),
  Portuguese (`Quero me conectar`), Dutch (`Ik wil graag met je connecten`) and Italian
  (`Vorrei collegarmi`), with the mutual-connection counts and `View profile` labels of each.
- **2012–2018**: subject `<Your first name>, please add me to your LinkedIn network`, From the
  plain name; the note sits between the greeting and the `- <First name>` signature (LinkedIn's
  default text counts as no note); profile links `…/profile/view?id=…`.
- **Before 2012**: subject `Invitation to connect on LinkedIn`, same body layout as above.

HTML-only mails are read too. Mail from any other sender, and LinkedIn mail that is not an
invitation (accepted invitations, reminders, digests), is skipped and counted.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from email import policy
from email.message import EmailMessage, Message
from email.parser import BytesParser
from email.utils import parseaddr
from pathlib import Path
from typing import BinaryIO

from linkinbox import heap
from linkinbox.atomic import NotRegularFile, open_regular, special_kind
from linkinbox.errors import InputError
from linkinbox.importers.dates import FIRST_YEAR, LAST_YEAR, in_calendar
from linkinbox.importers.mail_body import (
    MAX_FIELD,
    PROFILE_LABELS,
    URL,
    body,
    profile_link,
)
from linkinbox.models import ImportData, Invitation
from linkinbox.text import (
    UnsafeAddress,
    clean_text,
    one_line,
    split_name,
)

SENDER = "invitations@linkedin.com"

# Subjects of invitation mails, by language. Matched case-insensitively as a prefix of the subject.
INVITATION_SUBJECTS: dict[str, tuple[str, ...]] = {
    "en": ("I want to connect", "I'd like to connect", "Invitation to connect on LinkedIn"),
    "de": ("Ich möchte mich mit Ihnen vernetzen", "Ich möchte mich mit dir vernetzen"),
    "fr": ("Je souhaite me connecter", "J'aimerais me connecter"),
    "es": ("Quiero conectar", "Me gustaría conectar"),
    "pt": ("Quero me conectar", "Quero conectar"),
    "nl": ("Ik wil graag met je connecten", "Ik wil graag met u connecten"),
    "it": ("Vorrei collegarmi",),
}
# Subjects that carry the sender's name (`name` group) or the recipient's first name.
_SUBJECT_PATTERNS = (
    re.compile(r"^(?P<name>.+?) wants to connect\b", re.IGNORECASE),
    re.compile(r"^(?P<name>.+?) möchte sich mit (?:Ihnen|dir) vernetzen\b", re.IGNORECASE),
    re.compile(r"^.*\bplease add me to your LinkedIn network\b", re.IGNORECASE),
)
# What LinkedIn appends to the sender's name in the From header.
_VIA_SUFFIXES = (
    " via LinkedIn",
    " über LinkedIn",
    " a través de LinkedIn",
    " por meio do LinkedIn",
    " tramite LinkedIn",
)
# "N connections in common" and its translations; group 1 is the number.
_NUM = r"(\d{1,3}(?:[.,\u00a0\u202f ]\d{3})+|\d+)"
MUTUAL_PATTERNS = tuple(
    # Never from inside a run of digits: a line of a thousand digits is tried once, not 1,000
    # times over (which made every such line cost a fifth of a second).
    re.compile(r"(?<!\d)" + _NUM + pattern, re.IGNORECASE)
    for pattern in (
        r"\s+(?:mutual\s+|shared\s+)?connections?\s+in\s+common\b",
        r"\s+(?:mutual|shared)\s+connections?\b",
        r"\s+gemeinsame[nr]?\s+(?:Kontakte?|Kontakten)\b",
        r"\s+relations?\s+en\s+commun\b",
        r"\s+(?:contactos?|conexiones|conexión)\s+en\s+común\b",
        r"\s+(?:conexões|conexão|conexoes|conexao)\s+em\s+comum\b",
        r"\s+(?:gemeenschappelijke|gedeelde)\s+connecties?\b",
        r"\s+collegament[io]\s+in\s+comune\b",
    )
)
# LinkedIn's own default note in the old era: the same as no note.
_DEFAULT_NOTES = (
    "i'd like to add you to my professional network on linkedin.",
    "i'd like to add you to my professional network.",
    "ich möchte sie gerne zu meinem beruflichen netzwerk auf linkedin hinzufügen.",
    "je souhaiterais vous inviter à rejoindre mon réseau professionnel en ligne, "
    "sur le site linkedin.",
)
# Button and link labels that never are a headline or a location.
_NOT_PROFILE_LINES = {
    "accept",
    "ignore",
    "reply",
    "annehmen",
    "ignorieren",
    "accepter",
    "ignorer",
    "aceptar",
    "ignorar",
    "aceitar",
    "accepteren",
    "negeren",
    "accetta",
    "ignora",
    *PROFILE_LABELS,
}

_OPEN_QUOTES = '"“„«»‹‚'
_CLOSE_QUOTES = '"”“»«›’‘'
_GREETING = re.compile(r"^\S.{0,60},$")
_ESCAPED_FROM = re.compile(rb"^>+From ")
_HEADER_LINE = re.compile(rb"[!-9;-~]+:")

# --- limits: what one message may hold before it is skipped unparsed -------------------------
# A LinkedIn invitation is under 200 KB, its headers under 1 KB each, its MIME tree two or
# three parts deep. Beyond these the e-mail parser's time and memory run away (16,000 encoded
# words in a From header took 4 GB; 2,000 nested parts overflowed the stack), so a message past
# any of them is reported and skipped before it is parsed; reading stays within these bounds.

#: Largest message read; only its first this many bytes are ever held in memory.
MAX_MESSAGE_BYTES = 4 * 1024 * 1024
#: Longest header (a logical line, with its folded continuation lines), in any MIME part.
MAX_HEADER_BYTES = 8 * 1024
#: Largest block of headers (of the message or of one part).
MAX_HEADER_BLOCK_BYTES = 256 * 1024
#: Most multipart or message/* containers in one message (each is a level the parser nests).
MAX_MIME_CONTAINERS = 12
#: How much of a line an mbox is read in at a time (a line may be as long as the file).
READ_STEP = 64 * 1024
_CONTAINER = re.compile(rb"(?im)^content-type:[ \t]*(?:\r?\n[ \t]+)*(?:multipart|message)/")


def looks_like_mail(path: Path) -> bool:
    """True for an `.eml` file, an mbox file (starts with `From `) or a Maildir folder."""
    try:
        if path.is_dir():
            return is_maildir(path)
        if path.suffix.lower() == ".eml":
            return True
        with path.open("rb") as handle:
            return handle.read(5) == b"From "
    except OSError:
        return False


def read_mail(path: Path) -> ImportData:
    """Every LinkedIn invitation in the mail file or folder at `path`."""
    data = ImportData()
    for number, (where, raw, size) in enumerate(_messages(path, data.problems), 1):
        _read_message(raw, where, data, size)
        if number % 64 == 0:
            heap.collect_young()  # parsed e-mails are cycles; imports run with gc paused
    return data


# --- reading mail files ---------------------------------------------------------------------


def is_maildir(path: Path) -> bool:
    """A folder with cur/ and new/ inside: a Maildir."""
    return (path / "cur").is_dir() and (path / "new").is_dir()


def _messages(path: Path, problems: list[str]) -> Iterator[tuple[str, bytes, int]]:
    """(where, raw bytes, size) of each message; `where` names the file (and message) for
    problems. Only the first `MAX_MESSAGE_BYTES` + 1 bytes of a message are read into `raw`."""
    try:
        if path.is_dir():
            if not is_maildir(path):
                raise InputError(f"{path} is a folder but not a Maildir (no cur/ and new/ inside).")
            yield from _maildir_messages(path, problems)
            return
        with path.open("rb") as handle:
            start = handle.read(5)
            handle.seek(0)
            if start == b"From ":
                yield from _mbox_messages(handle, path)
                return
            raw, size = _read_capped(handle)
    except InputError:
        raise
    except OSError as error:
        reason = error.strerror or str(error)
        raise InputError(f"{error.filename or path} cannot be read: {reason}.") from error
    if path.suffix.lower() == ".mbox":
        raise InputError(f"{path} is not an mbox file: it does not start with a 'From ' line.")
    if b"\x00" in raw[:8192] or not _HEADER_LINE.match(raw):
        raise InputError(f"{path} is not an e-mail message.")
    yield str(path), raw, size


def _read_capped(handle: BinaryIO) -> tuple[bytes, int]:
    """The first `MAX_MESSAGE_BYTES` + 1 bytes of a file, and its whole size."""
    raw = handle.read(MAX_MESSAGE_BYTES + 1)
    size = len(raw)
    if size > MAX_MESSAGE_BYTES:
        handle.seek(0, 2)
        size = handle.tell()
    return raw, size


def _maildir_messages(path: Path, problems: list[str]) -> Iterator[tuple[str, bytes, int]]:
    """Each message file of a Maildir; a FIFO, device or socket among them is skipped with a
    sentence in `problems`, never opened (reading it would wait for ever)."""
    for sub in ("new", "cur"):
        for file in sorted((path / sub).iterdir()):
            if file.name.startswith("."):
                continue
            special = special_kind(file)
            if special is not None:
                problems.append(f"{file} is {special}, not a mail; skipped without reading it.")
                continue
            if not file.is_file():
                continue
            try:
                handle = open_regular(file)  # swapped for a FIFO since: refused, not waited on
            except NotRegularFile as error:
                problems.append(f"{file} is {error.kind}, not a mail; skipped without reading it.")
                continue
            with handle:
                raw, size = _read_capped(handle)
            yield str(file), raw, size


def _mbox_messages(handle: BinaryIO, path: Path) -> Iterator[tuple[str, bytes, int]]:
    """Split an mbox on its `From ` lines (mboxo and mboxrd: one `>` is removed from `>From `).

    Read a piece of a line at a time, keeping at most `MAX_MESSAGE_BYTES` + 1 of each message:
    memory stays flat whatever the file holds (one line may be the whole file).
    """
    lines: list[bytes] = []
    kept = size = count = 0
    seen_any = False
    at_start = True  # whether the next piece read starts a line
    while piece := handle.readline(READ_STEP):
        if at_start and piece.startswith(b"From "):
            if seen_any:
                count += 1
                yield f"{path}, message {count}", b"".join(lines), size
            seen_any = True
            lines = []
            kept = size = 0
            at_start = piece.endswith(b"\n")
            while not at_start and (piece := handle.readline(READ_STEP)):  # a long From line
                at_start = piece.endswith(b"\n")
            continue
        if at_start and _ESCAPED_FROM.match(piece):
            piece = piece[1:]
        at_start = piece.endswith(b"\n")
        size += len(piece)
        if kept <= MAX_MESSAGE_BYTES:
            lines.append(piece)
            kept += len(piece)
    if seen_any:
        count += 1
        yield f"{path}, message {count}", b"".join(lines), size


def _too_big(raw: bytes, size: int) -> str | None:
    """Why a message is not parsed at all (see the limits above), or None. Linear in `raw`."""
    if size > MAX_MESSAGE_BYTES:
        return (
            f"it is {size / 2**20:,.1f} MB, more than the {MAX_MESSAGE_BYTES // 2**20} MB "
            "an invitation could be"
        )
    containers = len(_CONTAINER.findall(raw))
    if containers > MAX_MIME_CONTAINERS:
        return (
            f"it holds {containers:,} multipart or attached-message parts, more than the "
            f"{MAX_MIME_CONTAINERS} an invitation could have"
        )
    # Every header block: the message's own, and each one after a line starting with `--` (a
    # part's, after its boundary; a body line starting so only makes this stricter).
    in_headers = True
    header = block = 0
    for line in raw.splitlines():
        if not in_headers:
            if line.startswith(b"--"):
                in_headers = True
                header = block = 0
            continue
        if not line.strip():
            in_headers = False
            continue
        if line[:1] in (b" ", b"\t"):
            header += len(line)
        else:
            header = len(line)
        block += len(line)
        if header > MAX_HEADER_BYTES:
            return f"a header is longer than the {MAX_HEADER_BYTES:,} bytes an invitation has"
        if block > MAX_HEADER_BLOCK_BYTES:
            return f"its headers are longer than the {MAX_HEADER_BLOCK_BYTES:,} bytes allowed"
    return None


def _parse(raw: bytes) -> EmailMessage:
    message = BytesParser(policy=policy.default).parsebytes(raw)
    assert isinstance(message, EmailMessage)
    return message


# --- one message ----------------------------------------------------------------------------


def _read_message(raw: bytes, where: str, data: ImportData, size: int | None = None) -> None:
    # Cheap pre-filter: the sender's address is plain ASCII and never folded, so a mail whose
    # headers do not contain it is not an invitation (full parsing is ~100x slower).
    headers = re.split(rb"\r?\n\r?\n", raw, maxsplit=1)[0]
    if SENDER.encode() not in headers.lower():
        data.skipped += 1
        data.other_mail += 1
        return
    reason = _too_big(raw, len(raw) if size is None else size)
    if reason:
        data.problems.append(f"{where}: this LinkedIn mail was not read: {reason}; skipped.")
        data.skipped += 1
        return
    try:
        message = _parse(raw)
        sender_name, sender_address = _from(message)
    except Exception:  # a message the email package chokes on is not a LinkedIn invitation
        data.skipped += 1
        data.other_mail += 1
        return
    if sender_address.lower() != SENDER:
        data.skipped += 1
        data.other_mail += 1
        return
    try:
        subject = one_line(_header(message, "Subject"))
        invitation = _invitation(message, sender_name, subject) if _is_invitation(subject) else None
    except _OutOfCalendar as error:
        data.problems.append(
            f"{where}: the date “{error}” of this LinkedIn invitation is not between the years "
            f"{FIRST_YEAR} and {LAST_YEAR}; skipped."
        )
        data.skipped += 1
        return
    except UnsafeAddress:  # refused, not cleaned into some other address
        data.problems.append(
            f"{where}: a profile link in this LinkedIn invitation holds control characters; "
            "skipped."
        )
        data.skipped += 1
        return
    except Exception as error:  # one broken mail must not stop the import
        reason = one_line(error, limit=80) or type(error).__name__
        data.problems.append(f"{where}: this LinkedIn mail could not be read ({reason}); skipped.")
        data.skipped += 1
        return
    if invitation is None:
        data.skips.append(
            f"{where}: “{one_line(subject, limit=80)}” is a LinkedIn mail but not an "
            "invitation (an accepted invitation, a reminder or a digest); skipped."
        )
        data.skipped += 1
        return
    if not invitation.name:
        data.problems.append(f"{where}: no sender name found in this LinkedIn invitation; skipped.")
        data.skipped += 1
        return
    data.invitations.append(invitation)


def _header(message: Message, name: str) -> str:
    value = message.get(name)
    return "" if value is None else str(value)


def _from(message: EmailMessage) -> tuple[str, str]:
    header = message.get("From")
    if header is None:
        return "", ""
    addresses = getattr(header, "addresses", None)
    if addresses is not None:
        if len(addresses) != 1:
            return "", ""
        return str(addresses[0].display_name), str(addresses[0].addr_spec)
    name, address = parseaddr(str(header))
    return name, address


def _normalise_subject(subject: str) -> str:
    return " ".join(subject.replace("’", "'").replace("‘", "'").split()).casefold()


def _is_invitation(subject: str) -> bool:
    norm = _normalise_subject(subject)
    for phrases in INVITATION_SUBJECTS.values():
        if any(norm.startswith(_normalise_subject(phrase)) for phrase in phrases):
            return True
    return any(pattern.search(subject) for pattern in _SUBJECT_PATTERNS)


def _sender_name(display: str, subject: str) -> str:
    name = one_line(display)
    for suffix in _VIA_SUFFIXES:
        if name.lower().endswith(suffix.lower()):
            name = name[: -len(suffix)].strip()
            break
    if name and name.lower() not in ("linkedin", SENDER):
        return name
    for pattern in _SUBJECT_PATTERNS:
        match = pattern.search(subject)
        if match and "name" in match.groupdict():
            return one_line(match.group("name"))
    return ""


class _OutOfCalendar(ValueError):
    """The mail's Date is outside the years linkinbox accepts."""


def _sent_at(message: Message) -> datetime | None:
    """The Date header, naive on the clock of its own zone; None when it cannot be read."""
    try:
        value = getattr(message.get("Date"), "datetime", None)
    except (ValueError, TypeError, IndexError, OverflowError):
        return None
    if not isinstance(value, datetime):
        return None
    if not in_calendar(value):
        raise _OutOfCalendar(one_line(_header(message, "Date"), limit=40))
    return value.replace(tzinfo=None)


def _invitation(message: EmailMessage, display: str, subject: str) -> Invitation:
    name = _sender_name(display, subject)
    lines, links = body(message)
    first, last = split_name(name)
    headline, location = _headline_location(lines, name)
    return Invitation(
        name=name,
        direction="incoming",
        source="email",
        first_name=first,
        last_name=last,
        headline=headline,
        location=location,
        mutual_connections=_mutual(lines),
        profile_url=profile_link(links, name),
        message=_note(lines, first),
        sent_at=_sent_at(message),
    )


def _is_mutual(line: str) -> bool:
    return any(pattern.search(line) for pattern in MUTUAL_PATTERNS)


def _mutual(lines: list[str]) -> int | None:
    for line in lines:
        for pattern in MUTUAL_PATTERNS:
            match = pattern.search(line)
            if match:
                digits = re.sub(r"\D", "", match.group(1))
                # A count no network reaches is a misreading (or a hostile mail): unknown.
                return int(digits) if len(digits) <= 7 else None
    return None


def _headline_location(lines: list[str], name: str) -> tuple[str, str]:
    """The (up to) two lines right after the line holding just the sender's name."""
    target = name.casefold()
    try:
        start = next(i for i, line in enumerate(lines) if line.casefold() == target)
    except StopIteration:
        return "", ""
    found: list[str] = []
    for line in lines[start + 1 :]:
        if not line:
            if found:
                break
            continue
        lowered = line.casefold().rstrip(":").strip()
        if (
            URL.search(line)
            or line.endswith(":")
            or _is_mutual(line)
            or line[0] in _OPEN_QUOTES
            or lowered in _NOT_PROFILE_LINES
        ):
            break
        found.append(line)
        if len(found) == 2:
            break
    found += ["", ""]
    return found[0], found[1]


def _note(lines: list[str], first_name: str) -> str:
    return _quoted_note(lines) or _signed_note(lines, first_name)


def _quoted_note(lines: list[str]) -> str:
    """A block of lines that starts with an opening quote and ends with a closing quote."""
    for i, line in enumerate(lines):
        if not line or line[0] not in _OPEN_QUOTES:
            continue
        for j in range(i, min(i + 40, len(lines))):
            end = lines[j]
            if end and end[-1] in _CLOSE_QUOTES and (j > i or len(end) > 1):
                block = "\n".join(lines[i : j + 1])
                return clean_text(block[1:-1], limit=MAX_FIELD)
    return ""


def _signed_note(lines: list[str], first_name: str) -> str:
    """Old-era notes: between a greeting ("Dana,") and the sender's signature ("- Harold")."""
    if not first_name:
        return ""
    signature = re.compile(rf"^[-–—]\s*{re.escape(first_name)}\b", re.IGNORECASE)
    for i, line in enumerate(lines):
        if not _GREETING.match(line):
            continue
        for j in range(i + 1, min(i + 40, len(lines))):
            if signature.match(lines[j]):
                note = clean_text("\n".join(lines[i + 1 : j]), limit=MAX_FIELD)
                note = re.sub(r"\n{3,}", "\n\n", note)
                if " ".join(note.split()).casefold().replace("’", "'") in _DEFAULT_NOTES:
                    return ""
                return note
    return ""
