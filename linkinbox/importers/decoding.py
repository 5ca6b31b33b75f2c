"""Text of a file from its bytes: byte-order marks, the encodings spreadsheets write, and the
delimiter a re-saved CSV uses. Shared by the importers. No Textual here.
"""

from __future__ import annotations

import re

from linkinbox.errors import InputError

_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
    (b"\xef\xbb\xbf", "utf-8-sig"),
)
#: What to try, in order, for a file without a byte-order mark that is not valid in the first.
_FALLBACKS = ("utf-8", "cp1252", "latin-1")
_BLANK = re.compile(rb"[ \t\r\n\x00\xef\xbb\xbf\xff\xfe]*")


def is_blank(data: bytes) -> bool:
    """Nothing but white space and byte-order marks."""
    return _BLANK.fullmatch(data) is not None


def bom_encoding(data: bytes) -> str:
    """The encoding `data`'s byte-order mark names, or "" without one."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    return ""


def delimiter_of(header: str) -> str:
    """The delimiter of a CSV header line: `,` normally; `;` or tab for a file re-saved by a
    spreadsheet (EU locales, "Unicode text"), whichever the line holds most of."""
    counts = {d: header.count(d) for d in (",", ";", "\t")}
    return max(counts, key=lambda d: counts[d])


def encodings(data: bytes) -> tuple[str, ...]:
    """The encodings to read a CSV file with, in order: the one its byte-order mark names (only
    that one), else UTF-16 when its zeros say so, UTF-8, Windows-1252 and Latin-1."""
    named = bom_encoding(data)
    if named:
        return (named,)
    head = data[:8192]
    if b"\x00" in head:
        # UTF-16 without a BOM has a zero in every other byte of ASCII text.
        even, odd = head[0::2].count(0), head[1::2].count(0)
        if odd > len(head) // 4 and even == 0:
            return ("utf-16-le", *_FALLBACKS)
        if even > len(head) // 4 and odd == 0:
            return ("utf-16-be", *_FALLBACKS)
    # Otherwise a stray NUL in a stranger's note must not refuse the whole file: the share of
    # control characters (`check_text`) tells text from binary.
    return _FALLBACKS


def check_text(data: bytes, encoding: str, label: str) -> None:
    """Refuse a binary file: too many control characters in its first 8 KiB."""
    sample = data[:8192].decode(encoding, "replace")
    controls = sum(1 for ch in sample if ch < " " and ch not in "\t\n\r") + sample.count("\x7f")
    if controls > len(sample) // 20:
        raise InputError(f"{label} is a binary file, not a CSV text file.")


def decode(data: bytes, label: str, errors: str = "strict") -> str:
    """The text of (the start of) a CSV file, in the first of `encodings` that reads it."""
    candidates = encodings(data)
    for encoding in candidates:
        try:
            text = data.decode(encoding, errors)
        except UnicodeDecodeError as error:
            if len(candidates) == 1:
                raise not_valid(label, encoding, f"byte {error.start}") from None
            continue
        check_text(data, encoding, label)
        return text
    raise AssertionError("Latin-1 decodes any bytes")  # pragma: no cover


def not_valid(label: str, encoding: str, where: str, kind: str = "CSV") -> InputError:
    """The sentence for a file whose byte-order mark names an encoding its bytes are not in."""
    name = encoding.removesuffix("-sig").upper()
    return InputError(
        f"{label} starts with a {name} byte-order mark but is not valid {name} text ({where}); "
        f"save it again as UTF-8{' ' + kind if kind else ''}."
    )


class Undecodable(Exception):
    """The file stopped being valid in the encoding it was being read in, at `line`."""

    def __init__(self, line: int) -> None:
        super().__init__(line)
        self.line = line
