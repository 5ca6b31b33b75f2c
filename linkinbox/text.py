"""Normalising identities and cleaning strangers' text. No Textual here."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote, unquote, urlsplit

# C0/C1 controls (except newline and tab), DEL, bidi marks/overrides/isolates (including the
# Arabic letter mark), zero-width characters, BOM, interlinear annotations, invisible tag
# characters (used to smuggle hidden text) and lone surrogates (which no file can store).
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064"
    "\u2066-\u2069\ud800-\udfff\ufeff\ufff9-\ufffb\U000e0000-\U000e007f]"
)
_ANSI = re.compile(
    r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[PX^_][^\x1b]*(?:\x1b\\)?|.)"
)
_SPACES = re.compile(r"\s+")
# What a web address or a profile slug may never hold, before or after its `%XX` are decoded:
# every character `_UNSAFE` removes from text, and also newline and tab.
_UNSAFE_IN_URL = re.compile(_UNSAFE.pattern[:-1] + "\n\t\u2028\u2029]")
# What multi-line text (a note, a reply) may not hold on its way out: the same but newlines.
_UNSAFE_MULTILINE = re.compile(_UNSAFE.pattern[:-1] + "\t]")
_CANONICAL = "https://www.linkedin.com/in/"
_NOT_CANONICAL = re.compile(r"[/?#%\sA-Z]")


def _is_emoji(char: str) -> bool:
    """Roughly Unicode's Extended_Pictographic, and what sits between it and a joiner: a
    variation selector (❤️) or a skin tone (👩🏽)."""
    code = ord(char)
    return (
        0x1F000 <= code <= 0x1FAFF
        or code == 0xFE0F
        or (0x2190 <= code <= 0x2BFF and unicodedata.category(char) == "So")
    )


def _keep_emoji_joiner(match: re.Match[str]) -> str:
    """`_UNSAFE`'s replacement that keeps a zero-width joiner between two emoji (👨‍💻 stays one
    person at a laptop, not two emoji); anywhere else it goes like the others."""
    if match.group() != "\u200d":
        return ""
    text, at = match.string, match.start()
    if 0 < at < len(text) - 1 and _is_emoji(text[at - 1]) and _is_emoji(text[at + 1]):
        return "\u200d"
    return ""


def clean_text(value: object, *, multiline: bool = True, limit: int | None = None) -> str:
    """Return `value` as plain, terminal-safe text.

    Escape sequences are removed whole (so no stray `[31m` remains), then every other control,
    bidi-override and zero-width character. Newlines are kept when `multiline`; tabs become spaces.
    """
    if value is None:
        return ""
    text = str(value)
    if not multiline and text.isprintable() and "  " not in text:
        # Fast path: printable text holds no control, bidi or zero-width character (all are
        # non-printable), and no whitespace but plain spaces.
        text = text.strip()
        if limit is not None and len(text) > limit:
            text = text[: limit - 1] + "…"
        return text
    if "\x1b" in text:
        text = _ANSI.sub("", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    if "\u2028" in text or "\u2029" in text:  # Unicode line and paragraph separators
        text = text.replace("\u2028", "\n").replace("\u2029", "\n")
    text = _UNSAFE.sub(_keep_emoji_joiner, text) if "\u200d" in text else _UNSAFE.sub("", text)
    if not multiline:
        text = _SPACES.sub(" ", text)
    text = text.strip()
    if limit is not None and len(text) > limit:
        text = text[: limit - 1] + "…"
    return text


def one_line(value: object, limit: int | None = None) -> str:
    """Clean text collapsed onto a single line."""
    return clean_text(value, multiline=False, limit=limit)


def inert(value: str, *, multiline: bool = False) -> str:
    """Stored text on its way out (a terminal, a file, the clipboard): `value` itself when it
    holds nothing `clean_text` would remove, as every field stored by an import does; else
    cleaned. The second half of the choke point: a store written by an older version, or
    changed by hand, still cannot put an escape sequence on the screen."""
    if value.isprintable():
        return value
    if (_UNSAFE_MULTILINE if multiline else _UNSAFE_IN_URL).search(value) is None:
        return value
    return clean_text(value, multiline=multiline)


class UnsafeAddress(ValueError):
    """A web address or profile slug holds control characters (raw or `%XX`-encoded): it is
    refused, never repaired into another address. `str(error)` says so in a few words."""


def has_controls(value: str) -> bool:
    """Whether `value` holds a character `clean_text` would remove (newline and tab included)."""
    return not value.isprintable() and _UNSAFE_IN_URL.search(value) is not None


def check_address(url: str) -> str:
    """`url` itself, or `UnsafeAddress` when it or its `%XX`-decoded form holds a control,
    bidi or zero-width character. For addresses that are kept as they are (not a slug)."""
    if has_controls(url) or ("%" in url and has_controls(unquote(url))):
        raise UnsafeAddress("it holds control characters")
    return url


def normalise_slug(slug: str) -> str:
    """`unquote(slug).lower()` with any trailing `/`, `?…`, `#…` removed.

    Raises `UnsafeAddress` when the slug holds a control, bidi or zero-width character, as
    written or once its `%XX` are decoded: such a slug is refused, never cleaned into another.
    """
    slug = slug.strip()
    for sep in ("?", "#"):
        slug = slug.split(sep, 1)[0]
    slug = unquote(slug).strip().strip("/")
    if has_controls(slug):
        raise UnsafeAddress("its profile name holds control characters")
    return unicodedata.normalize("NFC", slug).lower()


def slug_from_url(url: str) -> str:
    """The normalised profile slug of a LinkedIn profile URL, or "" when there is none.

    Accepts `https://www.linkedin.com/in/<slug>`, `…/comm/in/<slug>?…`, `linkedin.com/in/<slug>/`
    and a bare slug. Raises `UnsafeAddress` when the address holds a control, bidi or zero-width
    character, as written or once decoded (`%1b`): the one check every importer's URLs pass.
    """
    url = (url or "").strip()
    if not url:
        return ""
    if url.startswith(_CANONICAL):
        rest = url[len(_CANONICAL) :]
        if (
            rest
            and rest.isprintable()
            and not _NOT_CANONICAL.search(rest)
            and (
                rest.isascii() or (rest == rest.lower() and unicodedata.is_normalized("NFC", rest))
            )
        ):
            return rest  # already canonical: the common case, kept fast
    if "://" not in url and "/" not in url.strip("/"):
        return normalise_slug(url)
    if has_controls(url):  # before urlsplit, which silently drops tabs and newlines
        raise UnsafeAddress("it holds control characters")
    if "://" not in url:
        url = "https://" + url.lstrip("/")
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    segments = [s for s in parts.path.split("/") if s]
    for i, seg in enumerate(segments):
        if seg.lower() in ("in", "pub") and i + 1 < len(segments):
            return normalise_slug(segments[i + 1])
    return ""


_URL_SPECIAL = re.compile(r"[%?#/\s]")


def profile_url(slug: str) -> str:
    """The canonical profile URL for a normalised slug; `slug_from_url` of it is `slug` again
    (a `%`, `?`, `#`, `/` or space the slug holds once decoded is encoded back, never decoded
    twice: `%251b` is the slug `%1b`, not an escape character)."""
    if not slug:
        return ""
    if _URL_SPECIAL.search(slug):
        slug = _URL_SPECIAL.sub(lambda m: quote(m.group(0), safe=""), slug)
    return _CANONICAL + slug


def normalise_name(name: str) -> str:
    """A name reduced for matching: NFKC, case-folded, single spaces."""
    if name.isascii() and name.isprintable() and "  " not in name:
        return name.strip().casefold()  # already NFKC, one line, single spaces: most names
    name = unicodedata.normalize("NFKC", one_line(name))
    return _SPACES.sub(" ", name).strip().casefold()


def identity(url: str, name: str) -> str:
    """A request's identity: its sender's normalised slug, or without a URL its normalised name."""
    slug = slug_from_url(url)
    if slug:
        return slug
    norm = normalise_name(name)
    return f"name:{norm}" if norm else ""


def same_person(key: str, name: str, slugs: set[str], bare: set[str], names: set[str]) -> bool:
    """Whether the person of identity `key` (named `name`) is one of a set of people given as
    `Store.connected_keys` gives them: by URL, or by name where a side has no URL."""
    if key.startswith("name:"):
        return key[5:] in names
    return key in slugs or (bool(bare) and normalise_name(name) in bare)


# What follows a comma in a name without being a first name: degrees, honours, generations.
_SUFFIX_WORDS = (
    "phd md mba msc bsc ma ba jd dds dvm edd psyd rn cpa cfa pmp pe esq jr sr ii iii iv v "
    "mph llm meng beng dphil frcs obe mbe cbe"
)
_SUFFIXES = frozenset(_SUFFIX_WORDS.split())


def _is_suffix(word: str) -> bool:
    bare = word.replace(".", "").casefold()
    # Known ones, and the capitals-only kind ("CISSP", "FCCA", "Ph.D.").
    return bare in _SUFFIXES or (len(bare) >= 2 and word.replace(".", "").isupper())


def split_name(name: str) -> tuple[str, str]:
    """Best-effort first and last name of a display name: "Priya Raman, PhD" → Priya, Raman;
    "Okonkwo, Chidi" (last name first, as some people and directories write it) → Chidi,
    Okonkwo."""
    text = name if name.isprintable() else one_line(name)
    before, comma, after = text.partition(",")
    after_words = after.split()
    if (
        comma
        and "," not in after
        and 1 <= len(before.split()) <= 3
        and 1 <= len(after_words) <= 2
        and not any(_is_suffix(w) for w in after_words)
        and not after_words[0][0].islower()
    ):
        return after_words[0], " ".join(before.split())
    parts = before.split()
    if not parts:
        return "", ""
    if len(parts) == 1:
        return parts[0], ""
    return parts[0], " ".join(parts[1:])


# A CSV cell starting with one of these is a formula to a spreadsheet: strangers' names can.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def defuse(value: object) -> object:
    """Make a spreadsheet treat a CSV cell as text: a leading `'` before a formula's start (and
    before a `'` that already precedes one, so that `undefuse` gives the value back)."""
    if isinstance(value, str) and (
        value.startswith(_FORMULA_STARTS) or (value[:1] == "'" and value[1:2] in _FORMULA_STARTS)
    ):
        return "'" + value
    return value


def undefuse(value: object) -> object:
    """Undo `defuse` on a cell read back: `'=SUM(A1)` → `=SUM(A1)` (one quote, only then)."""
    if isinstance(value, str) and value[:1] == "'" and value[1:2] in _FORMULA_STARTS:
        return value[1:]
    return value
