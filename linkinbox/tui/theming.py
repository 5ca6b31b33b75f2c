"""The one place where theme files (`ThemeSpec`) become Textual `Theme` objects."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.app import App
from textual.color import Color, ColorParseError
from textual.theme import Theme

from linkinbox.errors import ConfigError
from linkinbox.themes import APP_VARIABLES, ThemeSpec, load_themes, split_alpha

_COLOUR_FIELDS = (
    "primary",
    "secondary",
    "accent",
    "warning",
    "error",
    "success",
    "foreground",
    "background",
    "surface",
    "panel",
    "boost",
)


def _textual_problems(spec: ThemeSpec) -> list[str]:
    """`<field>: <problem>` for every colour Textual itself refuses (the core checks first)."""
    problems: list[str] = []
    for field in _COLOUR_FIELDS:
        value = getattr(spec, field)
        if value is None:
            continue
        try:
            Color.parse(value)
        except ColorParseError as error:
            problems.append(f"{field}: {error}")
    for name, value in spec.variables.items():
        if "style" in name and name not in APP_VARIABLES:
            continue
        colour = split_alpha(value)[0]
        if colour in ("auto", "initial"):
            continue
        try:
            Color.parse(colour)
        except ColorParseError as error:
            problems.append(f"variables.{name}: {error}")
    return problems


def to_textual_theme(spec: ThemeSpec) -> Theme:
    """The Textual `Theme` for `spec`; ConfigError if Textual cannot parse one of its colours."""
    problems = _textual_problems(spec)
    if problems:
        raise ConfigError(f"theme {spec.name!r}: {problems[0]}.")
    theme = Theme(
        name=spec.name,
        primary=spec.primary,
        secondary=spec.secondary,
        accent=spec.accent,
        warning=spec.warning,
        error=spec.error,
        success=spec.success,
        foreground=spec.foreground,
        background=spec.background,
        surface=spec.surface,
        panel=spec.panel,
        boost=spec.boost,
        dark=spec.dark,
        luminosity_spread=spec.luminosity_spread,
        text_alpha=spec.text_alpha,
        variables=dict(spec.variables),
        ansi=spec.ansi,
    )
    try:
        # What the app does when the theme is picked: fail here, not in the middle of a repaint.
        theme.to_color_system().generate()
    except (ColorParseError, ValueError) as error:
        raise ConfigError(f"theme {spec.name!r}: {error}.") from error
    return theme


def register_themes(app: App[Any], user_dir: Path | None, *, bundled: bool = True) -> list[str]:
    """Register every bundled (unless not `bundled`) and user theme on `app`; return one
    sentence per problem.

    A file that cannot be used is skipped and reported; the app's built-in themes stay available.
    """
    entries, problems = load_themes(user_dir, bundled=bundled)
    for entry in entries:
        textual_problems = _textual_problems(entry.spec)
        if textual_problems:
            problems.append(f"{entry.path}: {textual_problems[0]}; the theme is skipped.")
            continue
        try:
            theme = to_textual_theme(entry.spec)
        except ConfigError as error:
            problems.append(f"{entry.path}: {str(error).rstrip('.')}; the theme is skipped.")
            continue
        app.register_theme(theme)
    return problems
