"""Themes as data: bundled and user theme files, their validation, and their Textual twins."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

from linkinbox.errors import ConfigError
from linkinbox.themes import (
    ANSI_COLOURS,
    APP_VARIABLES,
    NAMED_COLOURS,
    ThemeSpec,
    bundled_themes_dir,
    check_colour,
    load_theme_file,
    load_themes,
)

BUNDLED = sorted(bundled_themes_dir().glob("*.toml"))
BUNDLED_NAMES = {"linkinbox", "paper", "high-contrast", "terminal"}

GOOD_USER_THEME = """\
name = "sunset"
primary = "#ff7e5f"
background = "rgb(30, 20, 40)"
accent = "hsl(30, 90%, 60%)"
dark = true

[variables]
decision-follow = "#feb47b"
"""


def _write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


# --- WCAG contrast, computed here rather than trusted from the code under test -------------------


def _luminance(hex_colour: str) -> float:
    digits = hex_colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    channels = [int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _bundled(name: str) -> ThemeSpec:
    entries, problems = load_themes(None)
    assert problems == []
    return next(entry.spec for entry in entries if entry.spec.name == name)


# --- bundled themes ------------------------------------------------------------------------------


def test_the_four_bundled_themes_ship_and_load_without_problems() -> None:
    entries, problems = load_themes(None)
    assert problems == []
    assert {entry.spec.name for entry in entries} >= BUNDLED_NAMES
    assert all(entry.origin == "bundled" for entry in entries)
    assert entries[0].spec.name == "linkinbox"  # the default comes first
    assert _bundled("linkinbox").dark and _bundled("linkinbox").primary.startswith("#0a66c2")
    assert not _bundled("paper").dark
    assert _bundled("terminal").ansi


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
def test_every_bundled_theme_sets_every_app_variable(path: Path) -> None:
    spec = load_theme_file(path)
    assert set(APP_VARIABLES) <= set(spec.variables)


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
def test_bundled_theme_files_use_only_fields_textual_themes_have(path: Path) -> None:
    from dataclasses import fields

    from textual.theme import Theme

    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    assert set(raw) <= {field.name for field in fields(Theme)}


def test_high_contrast_body_text_is_at_least_7_to_1_on_every_background() -> None:
    spec = _bundled("high-contrast")
    assert spec.foreground and spec.background and spec.surface and spec.panel
    for ground in (spec.background, spec.surface, spec.panel):
        assert _contrast(spec.foreground, ground) >= 7.0, ground
        # text drawn with Textual's $text variable, and the app's own colours, too
        assert _contrast(spec.variables["text"], ground) >= 7.0
        for name in APP_VARIABLES:
            assert _contrast(spec.variables[name], ground) >= 7.0, name


@pytest.mark.parametrize("name", ["linkinbox", "paper"])
def test_other_rgb_themes_keep_body_text_readable(name: str) -> None:
    spec = _bundled(name)
    assert spec.foreground and spec.background and spec.surface and spec.panel
    for ground in (spec.background, spec.surface, spec.panel):
        assert _contrast(spec.foreground, ground) >= 4.5


def test_terminal_theme_uses_only_the_terminals_palette() -> None:
    spec = _bundled("terminal")
    colours = [
        getattr(spec, f) for f in ("primary", "foreground", "background", "surface", "panel")
    ]
    colours += [spec.variables[name] for name in APP_VARIABLES]
    assert all(colour.startswith("ansi_") for colour in colours)


# --- colours -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["#abc", "#AABBCC", "#aabbcc80", "rgb(1, 2, 3)", "rgba(1,2,3,0.5)", "hsl(210, 50%, 40%)",
     "ansi_bright_blue", "ansi_default", "red", " Navy "],
)  # fmt: skip
def test_colours_textual_accepts_are_accepted(text: str) -> None:
    from textual.color import Color

    value = check_colour(text)
    Color.parse(value)  # and Textual agrees with the normalised form


@pytest.mark.parametrize(
    "text", ["blu", "#12345", "#ggg", "rgb(1, 2)", "hsl(1, 2, 3)", "ansi_purple", "", "0a66c2"]
)
def test_colours_textual_refuses_are_refused(text: str) -> None:
    from textual.color import Color, ColorParseError

    with pytest.raises(ValueError, match="is not a colour"):
        check_colour(text)
    with pytest.raises(ColorParseError):
        Color.parse(text.strip().lower())


def test_the_core_knows_exactly_the_colour_names_textual_knows() -> None:
    from textual._color_constants import COLOR_NAME_TO_RGB

    textual_names = set(COLOR_NAME_TO_RGB) | {"ansi_default"}
    assert textual_names == ANSI_COLOURS | NAMED_COLOURS


def test_the_core_loads_themes_without_importing_textual() -> None:
    code = (
        "import sys, linkinbox.themes as t; t.load_themes(None); sys.exit('textual' in sys.modules)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("decision-follow", "rgb(10, 102, 194)"),
        ("input-selection-background", "rgb(10, 102, 194) 35%"),
        ("text", "auto 87%"),
        ("link-style-hover", "not underline"),
    ],
)
def test_variable_values_in_textual_forms_are_accepted(
    tmp_path: Path, name: str, value: str
) -> None:
    from linkinbox.tui.theming import to_textual_theme

    path = _write(
        tmp_path, "v.toml", f'name = "v"\nprimary = "#fff"\n[variables]\n{name} = "{value}"\n'
    )
    assert to_textual_theme(load_theme_file(path)).variables[name] == value


def test_a_misspelt_colour_name_gets_a_suggestion() -> None:
    with pytest.raises(ValueError, match="did you mean 'ansi_blue'"):
        check_colour("ansi_bleu")


# --- user themes ---------------------------------------------------------------------------------


def test_a_user_theme_appears_after_the_bundled_ones(tmp_path: Path) -> None:
    path = _write(tmp_path / "themes", "sunset.toml", GOOD_USER_THEME)
    entries, problems = load_themes(tmp_path / "themes")
    assert problems == []
    assert entries[-1].spec.name == "sunset"
    assert entries[-1].origin == "user" and entries[-1].path == path
    assert entries[-1].spec.variables["decision-follow"] == "#feb47b"


def test_a_user_theme_with_a_bundled_name_replaces_it(tmp_path: Path) -> None:
    _write(tmp_path, "mine.toml", 'name = "paper"\nprimary = "#ff0000"\ndark = false\n')
    entries, problems = load_themes(tmp_path)
    assert problems == []
    papers = [entry for entry in entries if entry.spec.name == "paper"]
    assert len(papers) == 1
    assert papers[0].origin == "user" and papers[0].spec.primary == "#ff0000"


def test_missing_user_folder_is_not_a_problem(tmp_path: Path) -> None:
    entries, problems = load_themes(tmp_path / "nowhere")
    assert problems == [] and {e.spec.name for e in entries} == BUNDLED_NAMES


@pytest.mark.parametrize(
    ("text", "field", "words"),
    [
        ('name = "x"\nprimary = "#fff"\nprimery = "#000"\n', "primery", "unknown field"),
        ('name = "x"\nprimary = "blu"\n', "primary", "is not a colour"),
        ('name = "x"\nprimary = "#fff"\n[variables]\ndecision-follow = "lots"\n',
         "variables.decision-follow", "is not a colour"),
        ('primary = "#fff"\n', "name", "missing"),
        ('name = "x"\nprimary = "#fff"\ndark = "yes"\n', "dark", "must be true or false"),
        ('name = "my theme!"\nprimary = "#fff"\n', "name", "not a usable theme name"),
        ('name = "x"\nprimary = "#fff"\n[variables]\nblock-cursor-text-style = "#fff"\n',
         "variables.block-cursor-text-style", "not a text style"),
    ],
)  # fmt: skip
def test_a_bad_theme_file_names_the_file_and_the_field(
    tmp_path: Path, text: str, field: str, words: str
) -> None:
    path = _write(tmp_path, "bad.toml", text)
    with pytest.raises(ConfigError) as caught:
        load_theme_file(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: {field}: ")
    assert words in message
    assert "\n" not in message


def test_a_bad_field_message_gives_its_line(tmp_path: Path) -> None:
    path = _write(tmp_path, "bad.toml", 'name = "x"\n\nprimary = "blu"\n')
    with pytest.raises(ConfigError, match=r"primary: .*\(line 3\)"):
        load_theme_file(path)


def test_a_file_that_is_not_toml_gives_its_line(tmp_path: Path) -> None:
    path = _write(tmp_path, "broken.toml", 'name = "x"\nprimary = #fff\n')
    with pytest.raises(ConfigError) as caught:
        load_theme_file(path)
    assert str(caught.value).startswith(f"{path}: not valid TOML")
    assert "line 2" in str(caught.value)


def test_bad_user_files_are_reported_and_skipped_while_the_others_load(tmp_path: Path) -> None:
    folder = tmp_path / "themes"
    _write(folder, "a-unknown.toml", 'name = "a"\nprimary = "#fff"\nshade = "#000"\n')
    _write(folder, "b-colour.toml", 'name = "b"\nprimary = "#ff00zz"\n')
    _write(folder, "c-not-toml.toml", "name = \n")
    _write(folder, "d-good.toml", GOOD_USER_THEME)
    (folder / "e-binary.toml").write_bytes(b"\xff\xfe\x00bad")
    _write(folder, "notes.txt", "not a theme, not looked at")

    entries, problems = load_themes(folder)

    names = {entry.spec.name for entry in entries}
    assert names == BUNDLED_NAMES | {"sunset"}
    assert len(problems) == 4
    assert problems[0].startswith(f"{folder / 'a-unknown.toml'}: shade: unknown field")
    assert problems[1].startswith(f"{folder / 'b-colour.toml'}: primary: ")
    assert problems[2].startswith(f"{folder / 'c-not-toml.toml'}: not valid TOML")
    assert problems[3].startswith(f"{folder / 'e-binary.toml'}: cannot be read")
    assert all(problem.endswith("the theme is skipped.") for problem in problems)


def test_two_user_files_with_one_name_are_reported(tmp_path: Path) -> None:
    _write(tmp_path, "a.toml", 'name = "twin"\nprimary = "#111"\n')
    _write(tmp_path, "b.toml", 'name = "twin"\nprimary = "#222"\n')
    entries, problems = load_themes(tmp_path)
    twins = [entry for entry in entries if entry.spec.name == "twin"]
    assert [twin.spec.primary for twin in twins] == ["#222"]
    assert len(problems) == 1 and "b.toml" in problems[0] and "a.toml" in problems[0]


# --- Textual -------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
def test_every_bundled_theme_converts_to_a_textual_theme(path: Path) -> None:
    from linkinbox.tui.theming import to_textual_theme

    spec = load_theme_file(path)
    theme = to_textual_theme(spec)
    assert theme.name == spec.name and theme.dark == spec.dark and theme.ansi == spec.ansi
    assert {name: theme.variables[name] for name in APP_VARIABLES} == {
        name: spec.variables[name] for name in APP_VARIABLES
    }
    assert "primary" in theme.to_color_system().generate()


def test_a_colour_textual_refuses_skips_that_file_only(tmp_path: Path) -> None:
    from textual.app import App

    from linkinbox.tui.theming import register_themes

    # The core's parser and Textual's agree, so simulate a disagreement with a model built by hand.
    bad = ThemeSpec.model_construct(name="odd", primary="not-a-colour", variables={})
    with pytest.raises(ConfigError, match="theme 'odd': primary"):
        from linkinbox.tui.theming import to_textual_theme

        to_textual_theme(bad)

    _write(tmp_path, "sunset.toml", GOOD_USER_THEME)
    app: App[Any] = App()
    assert register_themes(app, tmp_path) == []
    assert {"linkinbox", "paper", "high-contrast", "terminal", "sunset"} <= set(
        app.available_themes
    )
    assert "textual-dark" in app.available_themes  # Textual's own stay available


def test_each_theme_paints_the_apps_own_colours(tmp_path: Path) -> None:
    asyncio.run(_paint_each_theme(tmp_path))


async def _paint_each_theme(tmp_path: Path) -> None:
    from textual.app import App, ComposeResult
    from textual.color import Color
    from textual.widgets import Static

    from linkinbox.tui.theming import register_themes

    class Demo(App[None]):
        CSS = "#follow { color: $decision-follow; background: $surface; }"

        def get_theme_variable_defaults(self) -> dict[str, str]:
            return dict(APP_VARIABLES)

        def compose(self) -> ComposeResult:
            yield Static("Follow", id="follow")

    _write(tmp_path, "sunset.toml", GOOD_USER_THEME)
    app = Demo()
    problems = register_themes(app, tmp_path)
    assert problems == []
    async with app.run_test() as pilot:
        for name in ("linkinbox", "paper", "high-contrast", "sunset"):
            app.theme = name
            await pilot.pause()
            painted = app.query_one("#follow").styles.color
            expected = app.get_theme(name)
            assert expected is not None
            assert painted == Color.parse(expected.variables["decision-follow"])
        app.theme = "terminal"
        await pilot.pause()
        assert app.query_one("#follow").styles.color.ansi is not None
        app.theme = "nord"  # a Textual theme without the app's variables falls back to defaults
        await pilot.pause()
        assert app.query_one("#follow").styles.color == Color.parse(
            APP_VARIABLES["decision-follow"]
        )
