"""Errors that reach the user as one clear sentence (and exit status 2 on the command line)."""

from __future__ import annotations


class LinkinboxError(Exception):
    """A problem the user can act on. `str(error)` is the whole message: one sentence."""

    exit_code = 2


class InputError(LinkinboxError):
    """A file given to linkinbox could not be read; the message names the file (and row)."""


class ConfigError(LinkinboxError):
    """A configuration, template or theme file is invalid; the message names the file and key."""


class TemplateError(LinkinboxError):
    """A reply template cannot be rendered (unknown placeholder, stray brace)."""


class StoreError(LinkinboxError):
    """The inbox store cannot be read or written (read-only folder, full disk, corrupt file)."""


class NotFound(LinkinboxError):
    """No request matches the id the user gave."""


def describe_store_error(path: object, error: BaseException) -> str:
    """One sentence for an SQLite error on the inbox store at `path`: what happened, that
    nothing was changed (SQLite undid the transaction), and the way out."""
    reason = str(error).strip().rstrip(".") or type(error).__name__
    lowered = reason.lower()
    if "malformed" in lowered or "not a database" in lowered:
        return (
            f"The inbox store {path} is damaged ({reason}); linkinbox changed nothing. "
            f"Keep a copy of it, then try `sqlite3 {path} .recover | sqlite3 recovered.sqlite3` "
            "and put recovered.sqlite3 in its place, or move it aside and import your export "
            "again (decisions not in the export are lost)."
        )
    if "full" in lowered:
        return (
            f"The disk holding the inbox store {path} is full ({reason}); nothing was saved "
            "and the store is as it was. Free some space and try again."
        )
    if "readonly" in lowered or "read-only" in lowered:
        return (
            f"The inbox store {path} is read-only ({reason}); nothing was changed. "
            "Make it writable (chmod u+w) to change it."
        )
    if "locked" in lowered or "busy" in lowered:
        return (
            f"The inbox store {path} is busy ({reason}): another linkinbox is writing it; "
            "nothing was changed. Try again in a moment."
        )
    return f"The inbox store {path} cannot be used ({reason}); nothing was changed."
