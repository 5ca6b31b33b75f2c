"""The pydantic model of config.toml: strict validation (a typo is an error naming the key).

Imported only when the configuration is validated (see config.LoadedConfig), so that pydantic
stays off the path to the first screen.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from linkinbox.config import DEFAULTS


class Config(BaseModel):
    """Every setting of config.toml (documented in the README)."""

    model_config = ConfigDict(extra="forbid")

    my_name: str = DEFAULTS["my_name"]
    my_profile_url: str = DEFAULTS["my_profile_url"]
    theme: str = DEFAULTS["theme"]
    keymap: dict[str, str] = Field(default_factory=dict)
    rules: list[dict[str, Any]] = Field(default_factory=list)
    withdraw_after_weeks: int = Field(default=DEFAULTS["withdraw_after_weeks"], ge=1)
    retention_days: int | None = Field(default=DEFAULTS["retention_days"], ge=1)
    follow_primary_set: bool = DEFAULTS["follow_primary_set"]
    invitations_set: bool = DEFAULTS["invitations_set"]
