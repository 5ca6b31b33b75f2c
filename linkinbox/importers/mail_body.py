"""The words and links of an invitation e-mail's body (its plain text, else its HTML as lines,
hidden parts left out) and which link is the sender's LinkedIn profile. No Textual here."""

from __future__ import annotations

import re
from email.message import EmailMessage, Message
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urlsplit

from linkinbox.text import (
    UnsafeAddress,
    clean_text,
    has_controls,
    one_line,
    profile_url,
    slug_from_url,
)

# Labels of the link to the sender's profile (text before the URL, or the anchor text).
PROFILE_LABELS = (
    "view profile",
    "view full profile",
    "profil anzeigen",
    "voir le profil",
    "ver perfil",
    "profiel bekijken",
    "bekijk profiel",
    "visualizza profilo",
)

URL = re.compile(r"https?://[^\s<>\"'()\[\]]+", re.IGNORECASE)
MAX_FIELD = 1000


# --- the body -------------------------------------------------------------------------------

Link = tuple[str, str]  # (label, url)


def body(message: EmailMessage) -> tuple[list[str], list[Link]]:
    """The body as cleaned lines ("" for a paragraph break) and its links."""
    part = message.get_body(preferencelist=("plain",))
    if part is not None:
        return _text_lines(_content(part))
    part = message.get_body(preferencelist=("html",))
    if part is not None:
        return _html_lines(_content(part))
    return [], []


def _content(part: Message) -> str:
    content = part.get_content() if isinstance(part, EmailMessage) else ""
    return content if isinstance(content, str) else ""


def _text_lines(text: str) -> tuple[list[str], list[Link]]:
    if not text.isprintable():
        # A link with a raw control character in it is refused, not cleaned into another link.
        for match in URL.finditer(text):
            if has_controls(match.group(0)):
                clean_profile_url(match.group(0))
    lines = [one_line(line, limit=MAX_FIELD) for line in clean_text(text).split("\n")]
    links: list[Link] = []
    previous = ""
    for line in lines:
        for match in URL.finditer(line):
            label = line[: match.start()].strip().rstrip(":").strip()
            links.append((label or previous, match.group(0)))
        if line and not URL.search(line):
            previous = line.rstrip(":").strip()
    return lines, links


class _HtmlText(HTMLParser):
    """Visible text of an HTML mail, one line per block, plus its links (anchor text, href)."""

    _BLOCKS = frozenset(
        [
            "p",
            "div",
            "br",
            "tr",
            "td",
            "th",
            "li",
            "ul",
            "ol",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "table",
            "hr",
            "blockquote",
            "section",
            "article",
            "header",
            "footer",
            "center",
        ]
    )
    _SKIP = frozenset(["head", "style", "script", "title", "template"])
    _VOID = frozenset(
        [
            "area",
            "base",
            "br",
            "col",
            "embed",
            "hr",
            "img",
            "input",
            "link",
            "meta",
            "source",
            "track",
            "wbr",
        ]
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[Link] = []
        self._stack: list[tuple[str, bool]] = []
        # How many open elements are hidden, and how many of each name are open: kept as the
        # stack changes, so that deep nesting costs linear time, not quadratic.
        self._hidden_open = 0
        self._open: dict[str, int] = {}
        self._anchor: tuple[str, list[str]] | None = None

    def _hidden(self) -> bool:
        return self._hidden_open > 0

    def _push(self, tag: str, hidden: bool) -> None:
        self._stack.append((tag, hidden))
        self._hidden_open += hidden
        self._open[tag] = self._open.get(tag, 0) + 1

    def _pop(self) -> str:
        tag, hidden = self._stack.pop()
        self._hidden_open -= hidden
        self._open[tag] -= 1
        return tag

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {key: value or "" for key, value in attrs}
        if tag in self._BLOCKS:
            self.parts.append("\n")
        if tag not in self._VOID:
            style = attributes.get("style", "").replace(" ", "").lower()
            hidden = tag in self._SKIP or "display:none" in style or "hidden" in attributes
            self._push(tag, hidden)
        if tag == "a" and not self._hidden():
            self._anchor = (attributes.get("href", ""), [])

    def handle_endtag(self, tag: str) -> None:
        if tag in self._VOID:
            return
        if tag == "a" and self._anchor is not None:
            href, text = self._anchor
            self._anchor = None
            if href:
                self.links.append((one_line("".join(text)), href))
        if self._open.get(tag):
            while self._stack and self._pop() != tag:
                pass
        if tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._hidden():
            return
        self.parts.append(data)
        if self._anchor is not None:
            self._anchor[1].append(data)


def _html_lines(html: str) -> tuple[list[str], list[Link]]:
    parser = _HtmlText()
    parser.feed(html)
    parser.close()
    lines = [one_line(line, limit=MAX_FIELD) for line in "".join(parser.parts).split("\n")]
    # HTML has no paragraph breaks worth keeping: each block is its own line.
    lines = [line for line in lines if line]
    return lines, parser.links


# --- links ----------------------------------------------------------------------------------


def clean_profile_url(url: str) -> str:
    """The canonical profile URL, or "" when `url` is not a LinkedIn profile link."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return ""
    host = (parts.hostname or "").lower()
    if parts.scheme.lower() not in ("http", "https"):
        return ""
    if host != "linkedin.com" and not host.endswith(".linkedin.com"):
        return ""
    slug = slug_from_url(url)  # raises UnsafeAddress for `%1b` and its kind
    if slug:
        return profile_url(slug)
    path = parts.path.rstrip("/")
    if path.lower().endswith("/profile/view"):
        ids = [value for key, value in parse_qsl(parts.query) if key == "id" and value]
        if ids and has_controls(ids[0]):
            raise UnsafeAddress("its profile id holds control characters")
        if ids:
            return "https://www.linkedin.com/profile/view?" + urlencode({"id": ids[0]})
    return ""


def profile_link(links: list[Link], name: str) -> str:
    candidates = [(label, clean_profile_url(url)) for label, url in links]
    candidates = [(label, url) for label, url in candidates if url]
    if not candidates:
        return ""
    for label, url in candidates:
        lowered = label.casefold()
        if any(lowered.startswith(prefix) for prefix in PROFILE_LABELS):
            return url
    target = name.casefold()
    for label, url in candidates:
        if target and label.casefold() == target:
            return url
    return candidates[0][1]
