"""config.toml: strict validation with file, key and line; saving keeps comments."""

from __future__ import annotations

from pathlib import Path

from linkinbox.config import load_config


def test_missing_file_gives_defaults(tmp_path: Path) -> None:
    loaded = load_config(tmp_path / "config.toml")
    assert loaded.problems == []
    assert loaded.config.theme == "linkinbox"


def test_typo_is_reported_with_file_key_and_line(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('my_name = "Dana"\n\n\nthem = "paper"\n')
    loaded = load_config(path)
    assert loaded.config.my_name == "Dana"
    assert len(loaded.problems) == 1
    problem = loaded.problems[0]
    assert str(path) in problem and "line 4" in problem and "them" in problem


def test_wrong_type_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('withdraw_after_weeks = "soon"\n')
    loaded = load_config(path)
    assert "withdraw_after_weeks" in loaded.problems[0]
    assert loaded.config.withdraw_after_weeks == 3


def test_not_toml_is_reported_and_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("theme = \n[[[")
    loaded = load_config(path)
    assert "not valid TOML" in loaded.problems[0] and str(path) in loaded.problems[0]
    try:
        loaded.set_value("theme", "paper")
    except Exception as error:
        assert "not overwritten" in str(error)
    assert path.read_text() == "theme = \n[[["


def test_set_value_keeps_comments_and_other_keys(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        '# my settings\nmy_name = "Dana" # me\n\n[keymap]\n# keys\ndecide-decline = "x"\n'
    )
    loaded = load_config(path)
    loaded.set_value("theme", "paper")
    text = path.read_text()
    assert "# my settings" in text and "# me" in text and "# keys" in text
    again = load_config(path)
    assert again.problems == []
    assert again.config.theme == "paper"
    assert again.config.keymap == {"decide-decline": "x"}
    loaded.set_value("theme", "linkinbox")
    assert load_config(path).config.theme == "linkinbox"
    assert path.stat().st_mode & 0o077 == 0


def test_wrong_values_are_said_in_plain_words_with_their_line(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        'withdraw_after_weeks = "soon"\nretention_days = 0\nfollow_primary_set = "maybe"\n'
    )
    problems = load_config(path).problems
    assert problems == [
        f"{path}, line 1: withdraw_after_weeks: must be a whole number.",
        f"{path}, line 2: retention_days: must be 1 or more.",
        f"{path}, line 3: follow_primary_set: must be true or false.",
    ]
