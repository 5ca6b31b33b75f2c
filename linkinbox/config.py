"""`config.toml`: loaded, validated strictly (pydantic), saved keeping comments. No Textual."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from linkinbox.atomic import read_regular_text, write_atomic
from linkinbox.errors import ConfigError
from linkinbox.tomlfile import document_to_edit, line_of, problem_words

if TYPE_CHECKING:
    from linkinbox.config_model import Config


DEFAULTS: dict[str, Any] = {
    "my_name": "",
    "my_profile_url": "",
    "theme": "linkinbox",
    "keymap": {},
    "rules": [],
    "withdraw_after_weeks": 3,
    "retention_days": None,
    # The Follow setup checklist (linkinbox.follow_setup): the settings ticked off on LinkedIn.
    "follow_primary_set": False,
    "invitations_set": False,
}
"""Every setting of config.toml with its default (the pydantic model in config_model.py
declares the same settings and validates them)."""


def _plausible(key: str, value: Any) -> bool:
    """A cheap check, good enough to use a value before the full validation has run."""
    default = DEFAULTS[key]
    if key == "retention_days":
        return value is None or (type(value) is int and value >= 1)
    if isinstance(default, bool):
        return type(value) is bool
    if isinstance(default, bool | int):
        return type(value) is int and value >= 1
    if isinstance(default, dict):
        return isinstance(value, dict) and all(isinstance(v, str) for v in value.values())
    if isinstance(default, list):
        return isinstance(value, list) and all(isinstance(v, dict) for v in value)
    return isinstance(value, type(default))


class LoadedConfig:
    """The config in force and what was wrong with the file (one sentence each).

    Reading the file is cheap (tomllib); validating it with pydantic is not, so it happens on
    first use of `config` or `problems`, never on the way to the first screen: `value` serves
    plausible raw values until then.
    """

    def __init__(self, path: Path, shown: Path | None = None) -> None:
        """`shown`: how messages name the file (a copy names the file it was copied from)."""
        self.path = path
        self.shown = shown or path
        self.raw: dict[str, Any] = {}
        self.text = ""
        self.readable = True
        self._config: Config | None = None
        self._problems: list[str] = []
        if path.exists():
            self._read()

    def _read(self) -> None:
        import tomllib  # here: without a config.toml nothing is parsed

        path = self.shown
        try:
            self.text = read_regular_text(self.path)
            self.raw = tomllib.loads(self.text)
        except (OSError, UnicodeDecodeError) as error:
            self.readable = False
            reason = error.strerror if isinstance(error, OSError) and error.strerror else error
            self._problems.append(f"{path}: cannot be read ({reason}); using the defaults.")
        except tomllib.TOMLDecodeError as error:
            self.readable = False
            self._problems.append(f"{path}: not valid TOML: {error}; using the defaults.")

    def value(self, key: str) -> Any:
        """One setting: validated if validation has run, else the file's value when plausible."""
        if self._config is not None:
            return getattr(self._config, key)
        value = self.raw.get(key, DEFAULTS[key])
        return value if _plausible(key, value) else DEFAULTS[key]

    @property
    def config(self) -> Config:
        if self._config is None:
            self._config = self._validate()
        return self._config

    @config.setter
    def config(self, value: Config) -> None:
        self._config = value

    @property
    def problems(self) -> list[str]:
        """What is wrong with the file. When every key is known and every value plainly right,
        nothing can be, and pydantic is not even loaded."""
        plain = all(key in DEFAULTS and _plausible(key, value) for key, value in self.raw.items())
        if self._config is None and not plain:
            self._config = self._validate()
        return self._problems

    def _validate(self) -> Config:
        from pydantic import ValidationError

        from linkinbox.config_model import Config

        raw, text, path = self.raw, self.text, self.shown
        try:
            return Config.model_validate(raw)
        except ValidationError as error:
            bad_top: set[str] = set()
            for item in error.errors():
                loc = [str(p) for p in item["loc"]]
                key = ".".join(loc)
                line = line_of(text, loc[-1] if loc else "")
                where = f", line {line}" if line else ""
                words = problem_words(item, unknown="unknown setting")
                self._problems.append(f"{path}{where}: {key}: {words}.")
                if loc:
                    bad_top.add(loc[0])
        cleaned = {k: v for k, v in raw.items() if k not in bad_top}
        try:
            return Config.model_validate(cleaned)
        except ValidationError:
            return Config()

    def set_value(self, key: str, value: Any) -> None:
        """Set one top-level setting and write the file back, comments and all."""
        if not self.readable:
            raise ConfigError(f"{self.path} could not be read, so it is not overwritten.")
        import tomlkit  # only to write: it keeps the user's comments

        doc = document_to_edit(self.path, "linkinbox settings: see the README for every key.")
        # tomlkit puts a new top-level key before the first table (moving items in its body
        # by hand broke the second such key: it landed inside the last table).
        doc[key] = value
        write_atomic(self.path, tomlkit.dumps(doc))
        self.remember(key, value)

    def remember(self, key: str, value: Any) -> None:
        """Use a value for this session without writing the file."""
        self.raw[key] = value
        if self._config is not None:
            self._config = self._config.model_copy(update={key: value})


def load_config(path: Path, shown: Path | None = None) -> LoadedConfig:
    return LoadedConfig(path, shown)
