"""What the app needs of themes before its first screen: no pydantic, no Textual.

The full loader (validation of bundled and user files) is `linkinbox.themes`.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

APP_VARIABLES: dict[str, str] = {
    # Mid-tone defaults, readable on dark and light backgrounds alike, for themes (such as
    # Textual's built-in ones) that do not set them.
    "decision-follow": "#3d8fd9",  # the Follow decision: key hints, badges, history
    "decision-connect": "#3fa34d",  # the Connect decision
    "decision-decline": "#d0504c",  # the Decline decision
    "stranger": "#d99a1e",  # the "looks like a stranger" mark and its reasons
    "known": "#2fa89a",  # signals that the sender is known (mutual connections, worked together)
    "mark": "#a36ee0",  # rows marked for a batch decision
}
"""The app's own theme variables and their defaults (the tui returns them from
`App.get_theme_variable_defaults()`); every bundled theme sets each of them."""

DEFAULT_THEME = "linkinbox"
"""The bundled theme used when config.toml names none; listed first."""


def bundled_themes_dir() -> Path:
    """The bundled themes: `<package>/bundled_themes` in a wheel, `<repo>/themes` in a checkout."""
    package = Path(__file__).resolve().parent
    installed = package / "bundled_themes"
    if installed.is_dir():
        return installed
    return package.parent / "themes"


def bundled_names() -> list[str]:
    """The names of the bundled theme files, the default first."""
    try:
        names = [p.stem for p in bundled_themes_dir().glob("*.toml") if p.is_file()]
    except OSError:
        return []
    return sorted(names, key=lambda name: (name != DEFAULT_THEME, name))


def read_bundled(name: str) -> dict[str, Any] | None:
    """The raw fields of a bundled theme file named `name`, or None when there is none.

    Bundled files are part of linkinbox and checked by its tests, so this skips validation:
    it is what lets the first screen appear in the chosen theme without loading pydantic.
    """
    path = bundled_themes_dir() / f"{name}.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    return data if data.get("name") == name else None
