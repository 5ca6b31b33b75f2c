"""Reply templates: plain placeholder substitution (never `str.format` on user text). No Textual."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any, NamedTuple

from linkinbox.atomic import read_regular_text, write_atomic
from linkinbox.errors import ConfigError, TemplateError
from linkinbox.models import Decision, Request
from linkinbox.text import clean_text

PLACEHOLDERS = ("first_name", "last_name", "full_name", "headline", "my_name", "my_profile_url")
NOTE_LIMIT = 300

DEFAULT_TEMPLATES: dict[str, str] = {
    "follow": (
        "Hi {first_name}, thanks for reaching out! I keep my connections to people I've worked "
        "with, so I've followed you instead. Follow me back to get my updates: {my_profile_url}"
    ),
    "connect": (
        "Hi {first_name}, great to hear from you. Happy to connect again, and hope all is well!"
    ),
    "decline": (
        "Hi {first_name}, thanks for the invitation. I only connect with people I've worked with. "
        "If you'd like my updates, the Follow button on my profile does that: {my_profile_url}"
    ),
}


class MissingProfileUrl(TemplateError):
    """The reply links the user's profile, and their profile URL is not known."""

    def __init__(self) -> None:
        super().__init__(
            "This reply points to your profile ({my_profile_url}), and linkinbox does not know "
            "your profile URL (LinkedIn's invitation e-mails do not carry it): set "
            "my_profile_url in config.toml, or import your LinkedIn data export, which carries it."
        )


def uses(body: str, placeholder: str) -> bool:
    """Whether a template body has `placeholder` (False when it cannot be parsed)."""
    try:
        return any(part.placeholder == placeholder for part in _parsed(body))
    except TemplateError:
        return False


class Part(NamedTuple):
    literal: str
    placeholder: str | None = None


def _where(text: str, index: int) -> str:
    line = text.count("\n", 0, index) + 1
    return f"line {line}"


def parse(body: str) -> list[Part]:
    """Split a template into literals and placeholders; raise TemplateError on anything else.

    Linear in the template's size: a single left-to-right scan, no regular expressions.
    """
    parts: list[Part] = []
    buf: list[str] = []
    i, n = 0, len(body)
    while i < n:
        ch = body[i]
        if ch == "{":
            if i + 1 < n and body[i + 1] == "{":
                buf.append("{")
                i += 2
                continue
            end = body.find("}", i + 1)
            nxt = body.find("{", i + 1)
            if end == -1 or (nxt != -1 and nxt < end):
                raise TemplateError(
                    f"{_where(body, i)}: a '{{' is never closed; write '{{{{' for a literal brace."
                )
            name = body[i + 1 : end]
            if name not in PLACEHOLDERS:
                shown = name if len(name) <= 40 else name[:40] + "…"
                if any(c in name for c in ".[]!:()"):
                    raise TemplateError(
                        f"{_where(body, i)}: {{{shown}}} is not allowed: placeholders are plain "
                        f"names, one of {', '.join('{' + p + '}' for p in PLACEHOLDERS)}."
                    )
                raise TemplateError(
                    f"{_where(body, i)}: unknown placeholder {{{shown}}}; use one of "
                    f"{', '.join('{' + p + '}' for p in PLACEHOLDERS)}."
                )
            if buf:
                parts.append(Part("".join(buf)))
                buf = []
            parts.append(Part("", name))
            i = end + 1
            continue
        if ch == "}":
            if i + 1 < n and body[i + 1] == "}":
                buf.append("}")
                i += 2
                continue
            raise TemplateError(
                f"{_where(body, i)}: a stray '}}'; write '}}}}' for a literal brace."
            )
        buf.append(ch)
        i += 1
    if buf:
        parts.append(Part("".join(buf)))
    return parts


@functools.lru_cache(maxsize=64)
def _parsed(body: str) -> tuple[Part, ...]:
    """`parse`, once per template body: a batch of 25,000 replies parses its template once."""
    return tuple(parse(body))


def render(body: str, values: dict[str, str]) -> str:
    """Render `body`, substituting each placeholder's value verbatim (never parsed again)."""
    out: list[str] = []
    for part in _parsed(body):
        if part.placeholder is None:
            out.append(part.literal)
        else:
            out.append(values.get(part.placeholder, ""))
    # What is pasted, printed and copied holds no escape code: not from a stranger's name, nor
    # from a profile URL the user's own export (or config) brought.
    return clean_text("".join(out))


def values_for(request: Request | None, my_name: str, my_profile_url: str) -> dict[str, str]:
    if request is None:
        return {p: "" for p in PLACEHOLDERS} | {
            "my_name": my_name,
            "my_profile_url": my_profile_url,
        }
    first = request.first_name or request.name.split(" ")[0]
    return {
        "first_name": first,
        "last_name": request.last_name,
        "full_name": request.name,
        "headline": request.headline,
        "my_name": my_name,
        "my_profile_url": my_profile_url,
    }


def _check_file(raw: dict[str, Any]) -> tuple[dict[str, str], list[str]]:
    """The bodies in a parsed templates.toml, and a sentence for each key that is wrong."""
    problems: list[str] = []
    bodies: dict[str, str] = {}
    for key in raw:
        if key != "templates":
            problems.append(f"{key}: unknown key (templates.toml holds [templates.NAME] tables)")
    tables = raw.get("templates", {})
    if not isinstance(tables, dict):
        return bodies, [*problems, "templates: must be a table of [templates.NAME] tables"]
    for name, table in tables.items():
        if not isinstance(table, dict):
            problems.append(f"templates.{name}: must be a table with a body")
            continue
        extra = sorted(set(table) - {"body"})
        if extra:
            problems.append(f"templates.{name}.{extra[0]}: unknown key (a template has a body)")
        body = table.get("body")
        if not isinstance(body, str):
            problems.append(f"templates.{name}.body: missing or not a string")
            continue
        bodies[name] = body
    return bodies, problems


class Templates:
    """The templates in force: the defaults overlaid with the user's `templates.toml`."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self.bodies: dict[str, str] = dict(DEFAULT_TEMPLATES)
        self.problems: list[str] = []
        self.readable = True
        if path is not None and path.exists():
            self._load(path)

    def _load(self, path: Path) -> None:
        import tomllib  # here: without a templates.toml nothing is parsed

        try:
            raw = tomllib.loads(read_regular_text(path))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
            self.readable = False
            reason = error.strerror if isinstance(error, OSError) and error.strerror else error
            self.problems.append(
                f"{path}: not readable as TOML ({reason}); using default templates."
            )
            return
        bodies, problems = _check_file(raw)
        self.problems.extend(f"{path}: {problem}." for problem in problems)
        for name, body in bodies.items():
            try:
                parse(body)
            except TemplateError as error:
                self.problems.append(f"{path}: templates.{name}: {error}")
                continue
            self.bodies[name] = body.strip("\n")

    def body(self, name: str) -> str:
        return self.bodies.get(name, DEFAULT_TEMPLATES.get(name, ""))

    def render_for(
        self, name: str | Decision, request: Request | None, my_name: str, my_profile_url: str
    ) -> str:
        body = self.body(str(name))
        if not my_profile_url and uses(body, "my_profile_url"):
            # Not a sentence ending in "…does that:" with nothing after it.
            raise MissingProfileUrl()
        return render(body, values_for(request, my_name, my_profile_url))

    def save(self, name: str, body: str) -> None:
        """Validate `body` and write it into templates.toml, keeping the rest of the file."""
        parse(body)
        if self.path is None:
            raise ConfigError("No templates.toml to save to.")
        if not self.readable:
            raise ConfigError(
                f"{self.path} could not be read, so it is not overwritten; fix or move it first."
            )
        import tomlkit  # only to write: it keeps the user's comments

        from linkinbox.tomlfile import document_to_edit

        doc = document_to_edit(
            self.path,
            "linkinbox reply templates: one [templates.NAME] table each.",
            "Placeholders: " + ", ".join("{" + p + "}" for p in PLACEHOLDERS),
        )
        if "templates" not in doc:
            doc["templates"] = tomlkit.table(is_super_table=True)
        table = doc["templates"]
        entry = tomlkit.table()
        text = body.strip("\n") + "\n"
        entry["body"] = tomlkit.string(text, multiline=True)
        if name in table:
            table[name]["body"] = tomlkit.string(text, multiline=True)
        else:
            table[name] = entry
        write_atomic(self.path, tomlkit.dumps(doc))
        self.bodies[name] = body.strip("\n")
