"""Themes as data: TOML files → validated `ThemeSpec` models. No Textual here.

A theme file maps one-to-one onto Textual's `Theme`: the top-level keys are its fields and the
`[variables]` table holds extra variables, among them the app's own (`decision-follow`, …). The
bundled themes live in the repository's top-level `themes/` folder, which the wheel carries as
`linkinbox/bundled_themes`; users add their own files to the config folder's `themes/`.
`linkinbox.tui.theming` is the only place that turns a `ThemeSpec` into a Textual `Theme`.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, field_validator

from linkinbox.atomic import read_regular_text
from linkinbox.errors import ConfigError
from linkinbox.theme_defaults import APP_VARIABLES as APP_VARIABLES
from linkinbox.theme_defaults import DEFAULT_THEME as DEFAULT_THEME
from linkinbox.theme_defaults import bundled_themes_dir as bundled_themes_dir
from linkinbox.tomlfile import line_of, problem_words

MAX_THEME_FILE_BYTES = 256 * 1024

# --- colours -------------------------------------------------------------------------------------
# The forms Textual's `Color.parse` accepts, checked without importing Textual.

ANSI_COLOURS: frozenset[str] = frozenset(
    {"ansi_default"}
    | {
        f"ansi_{name}"
        for base in ("black", "red", "green", "yellow", "blue", "magenta", "cyan", "white")
        for name in (base, f"bright_{base}")
    }
)

_CSS_COLOUR_NAMES = """
transparent black silver gray white maroon red purple fuchsia green lime olive yellow navy blue
teal aqua orange aliceblue antiquewhite aquamarine azure beige bisque blanchedalmond blueviolet
brown burlywood cadetblue chartreuse chocolate coral cornflowerblue cornsilk crimson cyan
darkblue darkcyan darkgoldenrod darkgray darkgreen darkgrey darkkhaki darkmagenta
darkolivegreen darkorange darkorchid darkred darksalmon darkseagreen darkslateblue
darkslategray darkslategrey darkturquoise darkviolet deeppink deepskyblue dimgray dimgrey
dodgerblue firebrick floralwhite forestgreen gainsboro ghostwhite gold goldenrod greenyellow
grey honeydew hotpink indianred indigo ivory khaki lavender lavenderblush lawngreen
lemonchiffon lightblue lightcoral lightcyan lightgoldenrodyellow lightgray lightgreen lightgrey
lightpink lightsalmon lightseagreen lightskyblue lightslategray lightslategrey lightsteelblue
lightyellow limegreen linen magenta mediumaquamarine mediumblue mediumorchid mediumpurple
mediumseagreen mediumslateblue mediumspringgreen mediumturquoise mediumvioletred midnightblue
mintcream mistyrose moccasin navajowhite oldlace olivedrab orangered orchid palegoldenrod
palegreen paleturquoise palevioletred papayawhip peachpuff peru pink plum powderblue rosybrown
royalblue saddlebrown salmon sandybrown seagreen seashell sienna skyblue slateblue slategray
slategrey snow springgreen steelblue tan thistle tomato turquoise violet wheat whitesmoke
yellowgreen rebeccapurple
"""
NAMED_COLOURS: frozenset[str] = frozenset(_CSS_COLOUR_NAMES.split())

_NUM = r"-?\d+\.?\d*"
_PCT = _NUM + "%"
_SEP = r"\s*,\s*"
_FUNCTIONS = {
    "rgb": re.compile(rf"rgb\(\s*{_NUM}{_SEP}{_NUM}{_SEP}{_NUM}\s*\)"),
    "rgba": re.compile(rf"rgba\(\s*{_NUM}{_SEP}{_NUM}{_SEP}{_NUM}{_SEP}{_NUM}\s*\)"),
    "hsl": re.compile(rf"hsl\(\s*{_NUM}{_SEP}{_PCT}{_SEP}{_PCT}\s*\)"),
    "hsla": re.compile(rf"hsla\(\s*{_NUM}{_SEP}{_PCT}{_SEP}{_PCT}{_SEP}{_NUM}\s*\)"),
}
_HEX = re.compile(r"#(?:[0-9a-f]{3}|[0-9a-f]{4}|[0-9a-f]{6}|[0-9a-f]{8})")
_ALPHA = re.compile(r"(?:100|\d{1,2})(?:\.\d+)?%")
_COLOUR_FORMS = "#rrggbb, #rgb, #rrggbbaa, rgb(r, g, b), hsl(h, s%, l%), a colour name or ansi_*"
_STYLE_WORDS = frozenset(
    {"b", "blink", "bold", "dim", "i", "italic", "none", "not", "o", "overline", "reverse"}
    | {"strike", "u", "underline", "uu"}
)
_VARIABLE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_NAMED_PROBLEM = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*): (.*)", re.DOTALL)


def is_colour(text: str) -> bool:
    """Whether `text` (already stripped and lower-cased) is a colour Textual can parse."""
    if text in ANSI_COLOURS or text in NAMED_COLOURS or _HEX.fullmatch(text):
        return True
    function = text.split("(", 1)[0].strip()
    pattern = _FUNCTIONS.get(function)
    return pattern is not None and pattern.fullmatch(text) is not None


def check_colour(value: str) -> str:
    """Return `value` normalised (stripped, lower case) or raise ValueError saying what is wrong."""
    text = value.strip().lower()
    if is_colour(text):
        return text
    problem = f"{value!r} is not a colour (use {_COLOUR_FORMS})"
    if not text.startswith(("#", "rgb", "hsl")):
        close = difflib.get_close_matches(text, sorted(ANSI_COLOURS | NAMED_COLOURS), n=1)
        if close:
            problem += f"; did you mean {close[0]!r}?"
    raise ValueError(problem)


def split_alpha(text: str) -> tuple[str, str]:
    """Split "colour NN%" into the colour and the percentage ("" when there is none)."""
    colour, _, last = text.rpartition(" ")
    if colour and _ALPHA.fullmatch(last):
        return colour.strip(), last
    return text, ""


def check_variable(name: str, value: str, *, colour_only: bool = False) -> str:
    """Validate one `[variables]` entry the way Textual will use it; return the normalised value.

    A variable whose name contains "style" is a text style (`bold`, `not underline`, `none`);
    any other is a colour, optionally followed by an alpha percentage (`#81a1c1 35%`), and may be
    `auto` (the contrasting text colour) or `initial`. The app's own variables must be colours.
    """
    if not _VARIABLE_NAME.fullmatch(name):
        raise ValueError(f"{name!r} is not a valid variable name (letters, digits, '-' and '_')")
    text = " ".join(value.split()).lower()
    if not text:
        raise ValueError(f"{name}: is empty")
    if "style" in name and not colour_only:
        words = text.split()
        if all(word in _STYLE_WORDS for word in words):
            return text
        raise ValueError(
            f"{name}: {value!r} is not a text style (use words such as bold, italic, underline, "
            "reverse, not underline or none)"
        )
    colour = split_alpha(text)[0]
    if not colour_only and colour in ("auto", "initial"):
        return text
    try:
        check_colour(colour)
    except ValueError as error:
        raise ValueError(f"{name}: {error}") from None
    return text


def _colour(value: str) -> str:
    return check_colour(value)


Colour = Annotated[str, AfterValidator(_colour)]


# --- the model -----------------------------------------------------------------------------------


class ThemeSpec(BaseModel):
    """One theme file, field for field Textual's `Theme` (see `linkinbox.tui.theming`)."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    name: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]{0,47}$")
    primary: Colour
    secondary: Colour | None = None
    accent: Colour | None = None
    warning: Colour | None = None
    error: Colour | None = None
    success: Colour | None = None
    foreground: Colour | None = None
    background: Colour | None = None
    surface: Colour | None = None
    panel: Colour | None = None
    boost: Colour | None = None
    dark: bool = True
    luminosity_spread: float = Field(default=0.15, ge=0.0, le=1.0)
    text_alpha: float = Field(default=0.95, ge=0.0, le=1.0)
    ansi: bool = False
    variables: dict[str, str] = Field(default_factory=dict)

    @field_validator("variables")
    @classmethod
    def _check_variables(cls, variables: dict[str, str]) -> dict[str, str]:
        return {
            name: check_variable(name, value, colour_only=name in APP_VARIABLES)
            for name, value in variables.items()
        }


@dataclass(frozen=True)
class ThemeEntry:
    """A loaded theme and where it came from."""

    spec: ThemeSpec
    origin: Literal["bundled", "user"]
    path: Path


# --- loading -------------------------------------------------------------------------------------


_KNOWN_FIELDS = ", ".join(ThemeSpec.model_fields)


def _describe(error: dict[str, Any], text: str) -> str:
    loc = [str(part) for part in error["loc"]]
    field = ".".join(loc) or "(file)"
    kind = error["type"]
    message = problem_words(error, unknown=f"unknown field (a theme has: {_KNOWN_FIELDS})")
    if kind == "missing":
        message = "missing; every theme needs it"
    elif kind == "string_pattern_mismatch" and loc == ["name"]:
        message = (
            f"{error['input']!r} is not a usable theme name "
            "(letters, digits, '-' and '_', at most 48, starting with a letter or digit)"
        )
    elif kind == "value_error":
        named = _NAMED_PROBLEM.fullmatch(str(error["msg"]).removeprefix("Value error, "))
        if loc == ["variables"] and named:
            name, message = named.groups()
            field = f"variables.{name}"
            loc.append(name)
    line = line_of(text, loc[-1]) if loc else None
    where = f" (line {line})" if line else ""
    return f"{field}: {message}{where}"


def load_theme_file(path: Path) -> ThemeSpec:
    """Read and validate one theme file; raise ConfigError "<file>: <field>: <problem>."."""
    try:
        if path.stat().st_size > MAX_THEME_FILE_BYTES:
            raise ConfigError(f"{path}: is too large to be a theme file.")
        text = read_regular_text(path)
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        raise ConfigError(f"{path}: cannot be read ({reason}).") from error
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML: {error}.") from error
    try:
        return ThemeSpec.model_validate(raw)
    except ValidationError as error:
        problems = [_describe(dict(item), text) for item in error.errors()]
        extra = len(problems) - 1
        more = f" (and {extra} more problem{'s' if extra > 1 else ''})" if extra else ""
        raise ConfigError(f"{path}: {problems[0]}{more}.") from error


def _theme_files(folder: Path) -> list[Path]:
    files = [p for p in folder.glob("*.toml") if p.is_file() and not p.name.startswith(".")]
    return sorted(files, key=lambda path: (path.stem != DEFAULT_THEME, path.name))


def _skipped(error: ConfigError) -> str:
    return f"{str(error).rstrip('.')}; the theme is skipped."


def load_themes(
    user_dir: Path | None, *, bundled: bool = True
) -> tuple[list[ThemeEntry], list[str]]:
    """Every usable theme, bundled first (unless not `bundled`) then the user's, and one
    sentence per file skipped.

    A user theme with the name of a bundled theme replaces it. Two files with the same name in
    one folder: the later file (by file name) wins, and that is reported.
    """
    problems: list[str] = []
    themes: dict[str, ThemeEntry] = {}
    sources: list[tuple[Literal["bundled", "user"], Path | None]] = [
        ("bundled", bundled_themes_dir()),
        ("user", user_dir),
    ]
    for origin, folder in sources:
        if folder is None or (origin == "bundled" and not bundled):
            continue
        try:
            files = _theme_files(folder) if folder.is_dir() else []
        except OSError as error:
            problems.append(
                f"{folder}: cannot be read ({error.strerror or error}); no themes from it."
            )
            continue
        if origin == "bundled" and not files:
            problems.append(f"{folder}: no bundled themes found; the installation is incomplete.")
        for path in files:
            try:
                spec = load_theme_file(path)
            except ConfigError as error:
                problems.append(_skipped(error))
                continue
            earlier = themes.pop(spec.name, None)
            if earlier is not None and earlier.origin == origin:
                problems.append(
                    f"{path}: name: {spec.name!r} is also the name of {earlier.path}; "
                    f"using {path.name}."
                )
            themes[spec.name] = ThemeEntry(spec=spec, origin=origin, path=path)
    return list(themes.values()), problems
