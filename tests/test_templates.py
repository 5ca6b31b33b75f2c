"""Reply templates: plain substitution, clear refusals, saving without losing the file."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from linkinbox.errors import TemplateError
from linkinbox.models import Request
from linkinbox.templates import DEFAULT_TEMPLATES, Templates, parse, render, values_for

SOREN = Request(
    id=1,
    key="soren",
    name="Søren Ækerlund-Nuñez",
    first_name="Søren",
    last_name="Ækerlund-Nuñez",
    headline="Staff Engineer at Fabrikam",
)


def test_every_placeholder_is_substituted() -> None:
    values = values_for(SOREN, "Dana Whitfield", "https://www.linkedin.com/in/dana")
    text = render(
        "{first_name}|{last_name}|{full_name}|{headline}|{my_name}|{my_profile_url}", values
    )
    assert text == (
        "Søren|Ækerlund-Nuñez|Søren Ækerlund-Nuñez|Staff Engineer at Fabrikam|"
        "Dana Whitfield|https://www.linkedin.com/in/dana"
    )


def test_double_braces_are_literal() -> None:
    assert render("{{first_name}} is {first_name}", {"first_name": "Ann"}) == "{first_name} is Ann"


def test_values_are_never_parsed_again() -> None:
    """A stranger named `{my_profile_url}` stays that text."""
    assert render("Hi {first_name}", {"first_name": "{my_profile_url}"}) == "Hi {my_profile_url}"


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ("Hi {first_name.__class__}", "not allowed"),
        ("{first_name!r}", "not allowed"),
        ("{first_name:>999999999}", "not allowed"),
        ("{first_name[0]}", "not allowed"),
        ("Hi {frist_name}", "unknown placeholder {frist_name}"),
        ("Hi {first_name", "never closed"),
        ("Hi } there", "stray"),
        ("{}", "unknown placeholder"),
    ],
)
def test_bad_templates_are_refused_with_a_sentence(body: str, words: str) -> None:
    with pytest.raises(TemplateError, match=words.replace("{", r"\{").replace("[", r"\[")):
        parse(body)


def test_error_names_the_line() -> None:
    with pytest.raises(TemplateError, match="line 3"):
        parse("Hi\nthere\n{nope}")


def test_defaults_render_for_every_decision() -> None:
    for name in DEFAULT_TEMPLATES:
        text = Templates().render_for(name, SOREN, "Dana", "https://x")
        assert "Søren" in text


def test_save_writes_templates_toml_and_keeps_other_tables(tmp_path: Path) -> None:
    path = tmp_path / "templates.toml"
    path.write_text('# mine\n[templates.sales]\nbody = "No thanks, {first_name}."\n')
    templates = Templates(path)
    templates.save("decline", "Hi {first_name},\nthanks!")
    data = tomllib.loads(path.read_text())
    assert data["templates"]["decline"]["body"].strip() == "Hi {first_name},\nthanks!"
    assert data["templates"]["sales"]["body"] == "No thanks, {first_name}."
    assert "# mine" in path.read_text()
    assert Templates(path).render_for("decline", SOREN, "", "") == "Hi Søren,\nthanks!"
    assert path.stat().st_mode & 0o077 == 0


def test_save_refuses_a_bad_template_and_leaves_the_file(tmp_path: Path) -> None:
    path = tmp_path / "templates.toml"
    templates = Templates(path)
    with pytest.raises(TemplateError):
        templates.save("decline", "{first_name.__class__}")
    assert not path.exists()


def test_unreadable_file_is_reported_and_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "templates.toml"
    path.write_text("this is [not toml")
    templates = Templates(path)
    assert templates.problems and str(path) in templates.problems[0]
    with pytest.raises(Exception, match="not overwritten"):
        templates.save("decline", "hello")
    assert path.read_text() == "this is [not toml"


def test_bad_template_in_file_is_reported_by_name(tmp_path: Path) -> None:
    path = tmp_path / "templates.toml"
    path.write_text('[templates.decline]\nbody = "Hi {first_name.__class__}"\n')
    templates = Templates(path)
    assert "templates.decline" in templates.problems[0]
    assert templates.body("decline") == DEFAULT_TEMPLATES["decline"]


def test_rendering_is_linear_in_size() -> None:
    body = "{first_name} " * 50_000 + "{{" * 50_000
    assert len(render(body, {"first_name": "A"})) == 150_000
