"""The user's TOML files (config.toml, templates.toml, themes): where a key stands, pydantic's
complaints about a value in plain words, and a file read for rewriting with its comments kept."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from linkinbox.atomic import read_regular_text
from linkinbox.errors import ConfigError


def line_of(text: str, key: str) -> int | None:
    """The line where `key = …` (or else the table `[key]`) first stands in `text`."""
    pattern = re.compile(rf"^[ \t]*[\"']?{re.escape(key)}[\"']?[ \t]*=", re.MULTILINE)
    match = pattern.search(text)
    if match is None:
        match = re.compile(rf"^[ \t]*\[+[ \t]*{re.escape(key)}[ \t]*\]+", re.MULTILINE).search(text)
    return text.count("\n", 0, match.start()) + 1 if match else None


def problem_words(item: Any, unknown: str = "unknown key") -> str:
    """What is wrong, for one of pydantic's errors, in words a user of a TOML file understands
    (`unknown`: what a key the model does not have is called)."""
    kind = str(item["type"])
    if kind == "extra_forbidden":
        return unknown
    if kind == "missing":
        return "missing"
    if kind.startswith("bool"):
        return "must be true or false"
    if kind.startswith("int"):
        return "must be a whole number"
    if kind == "greater_than_equal":
        return f"must be {item.get('ctx', {}).get('ge', 0)} or more"
    if kind == "string_type":
        return "must be a text in quotes"
    message = str(item["msg"]).removeprefix("Value error, ")
    return message[:1].lower() + message[1:]


def document_to_edit(path: Path, *comments: str) -> Any:
    """`path` parsed by tomlkit to be changed and written back, comments and all; a new
    document starting with `comments` when there is no such file. Invalid TOML is a ConfigError:
    the file is never overwritten then."""
    import tomlkit  # only to write: it keeps the user's comments

    if not path.exists():
        doc = tomlkit.document()
        for comment in comments:
            doc.add(tomlkit.comment(comment))
        return doc
    try:
        return tomlkit.parse(read_regular_text(path))
    except Exception as error:  # tomlkit raises several types
        raise ConfigError(f"{path} is not valid TOML ({error}); not overwritten.") from error
