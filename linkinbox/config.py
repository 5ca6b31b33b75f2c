"""`config.toml`: loaded, validated strictly (pydantic), saved keeping comments. No Textual."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from linkinbox.atomic import write_atomic
from linkinbox.errors import ConfigError


class Config(BaseModel):
    """Every setting of config.toml (documented in the README)."""

    model_config = ConfigDict(extra="forbid")

    my_name: str = ""
    my_profile_url: str = ""
    theme: str = "linkinbox"
    keymap: dict[str, str] = Field(default_factory=dict)
    rules: list[dict[str, Any]] = Field(default_factory=list)
    withdraw_after_weeks: int = Field(default=3, ge=1)
    retention_days: int | None = Field(default=None, ge=1)


def _line_of(text: str, key: str) -> int | None:
    pattern = re.compile(rf"^[ \t]*[\"']?{re.escape(key)}[\"']?[ \t]*=", re.MULTILINE)
    match = pattern.search(text)
    if match is None:
        match = re.compile(rf"^[ \t]*\[+[ \t]*{re.escape(key)}[ \t]*\]+", re.MULTILINE).search(text)
    return text.count("\n", 0, match.start()) + 1 if match else None


class LoadedConfig:
    """The config in force and what was wrong with the file (one sentence each)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.config = Config()
        self.problems: list[str] = []
        self.readable = True
        if path.exists():
            self._load()

    def _load(self) -> None:
        path = self.path
        try:
            text = path.read_text(encoding="utf-8-sig")
            raw = tomllib.loads(text)
        except (OSError, UnicodeDecodeError) as error:
            self.readable = False
            self.problems.append(f"{path}: cannot be read ({error}); using the defaults.")
            return
        except tomllib.TOMLDecodeError as error:
            self.readable = False
            self.problems.append(f"{path}: not valid TOML: {error}; using the defaults.")
            return
        try:
            self.config = Config.model_validate(raw)
            return
        except ValidationError as error:
            bad_top: set[str] = set()
            for item in error.errors():
                loc = [str(p) for p in item["loc"]]
                key = ".".join(loc)
                line = _line_of(text, loc[-1] if loc else "")
                where = f", line {line}" if line else ""
                msg = item["msg"]
                if item["type"] == "extra_forbidden":
                    msg = "unknown setting"
                self.problems.append(f"{path}{where}: {key}: {msg}.")
                if loc:
                    bad_top.add(loc[0])
        cleaned = {k: v for k, v in raw.items() if k not in bad_top}
        try:
            self.config = Config.model_validate(cleaned)
        except ValidationError:
            self.config = Config()

    def set_value(self, key: str, value: Any) -> None:
        """Set one top-level setting and write the file back, comments and all."""
        if not self.readable:
            raise ConfigError(f"{self.path} could not be read, so it is not overwritten.")
        import tomlkit  # only to write: it keeps the user's comments

        doc: Any
        if self.path.exists():
            try:
                doc = tomlkit.parse(self.path.read_text(encoding="utf-8-sig"))
            except Exception as error:
                raise ConfigError(
                    f"{self.path} is not valid TOML ({error}); not overwritten."
                ) from error
        else:
            doc = tomlkit.document()
            doc.add(tomlkit.comment("linkinbox settings: see the README for every key."))
        if key in doc:
            doc[key] = value
        else:
            # top-level keys must precede tables: insert before the first table
            body = doc.body
            index = next(
                (
                    i
                    for i, (_, item) in enumerate(body)
                    if isinstance(item, tomlkit.items.Table | tomlkit.items.AoT)
                ),
                None,
            )
            if index is None:
                doc[key] = value
            else:
                doc.add(key, value)
                item = doc.body.pop()
                doc.body.insert(index, item)
        write_atomic(self.path, tomlkit.dumps(doc))
        self.config = self.config.model_copy(update={key: value})


def load_config(path: Path) -> LoadedConfig:
    return LoadedConfig(path)
