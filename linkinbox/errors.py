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
