"""The user's `[[rules]]` from config.toml: validated (with pydantic, loaded only when there are
rules) into `Rule`s, each saying which requests it matches and what to suggest for them.

No Textual here.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any, Literal

from linkinbox.models import Request
from linkinbox.text import one_line
from linkinbox.tomlfile import problem_words


@dataclass(frozen=True)
class Rule:
    """One `[[rules]]` table of config.toml. Conditions left as None are not checked."""

    name: str
    suggest: str
    note_matches: re.Pattern[str] | None = None
    headline_matches: re.Pattern[str] | None = None
    no_note: bool | None = None
    min_mutual: int | None = None
    max_mutual: int | None = None
    invited_before: bool | None = None
    messaged: bool | None = None
    endorsed: bool | None = None
    scam: bool | None = None
    template: str | None = None

    def matches(
        self, req: Request, *, messaged: bool = False, endorsed: bool = False, scam: bool = False
    ) -> bool:
        """True when every condition this rule gives holds for `req`.

        `messaged` (you and they both wrote), `endorsed` (an endorsement or recommendation,
        either way) and `scam` are what screening found. A mutual-connection bound never holds
        while the count is unknown.
        """
        if self.messaged is not None and messaged != self.messaged:
            return False
        if self.endorsed is not None and endorsed != self.endorsed:
            return False
        if self.scam is not None and scam != self.scam:
            return False
        if self.no_note is not None and (not req.message.strip()) != self.no_note:
            return False
        if self.invited_before is not None and (req.invite_count > 1) != self.invited_before:
            return False
        mutual = req.mutual_connections
        if self.min_mutual is not None and (mutual is None or mutual < self.min_mutual):
            return False
        if self.max_mutual is not None and (mutual is None or mutual > self.max_mutual):
            return False
        if self.note_matches is not None and self.note_matches.search(req.message) is None:
            return False
        return not (
            self.headline_matches is not None and self.headline_matches.search(req.headline) is None
        )

    @property
    def reason(self) -> str:
        return self.name if self.name.startswith("rule #") else f"rule: {self.name}"


@functools.cache
def _rule_model() -> Any:
    """The pydantic model of one `[[rules]]` table, built the first time rules are read:
    screening an inbox without rules (the TUI does it in the background at start) does not
    pay for importing pydantic."""
    from pydantic import BaseModel, ConfigDict, Field

    class RuleModel(BaseModel):
        model_config = ConfigDict(extra="forbid", strict=True)

        name: str | None = None
        suggest: Literal["follow", "connect", "decline"]
        note_matches: str | None = None
        headline_matches: str | None = None
        no_note: bool | None = None
        min_mutual: int | None = Field(default=None, ge=0)
        max_mutual: int | None = Field(default=None, ge=0)
        invited_before: bool | None = None
        messaged: bool | None = None
        endorsed: bool | None = None
        scam: bool | None = None
        template: str | None = Field(default=None, min_length=1)

    return RuleModel


def _problem_text(item: Any) -> tuple[str, str]:
    """(key, what is wrong) for one pydantic error, in words a config.toml user understands."""
    loc = ".".join(str(p) for p in item["loc"]) or "rule"
    kind = item["type"]
    if kind == "missing" and loc == "suggest":
        return loc, "missing (say follow, connect or decline)"
    if kind == "literal_error":
        return loc, f"must be follow, connect or decline, not {item.get('input')!r}"
    if kind.startswith("string") and kind != "string_type":
        return loc, "must not be empty"
    return loc, problem_words(item)


def parse_rules(
    raw: list[dict[str, Any]], source: str = "config.toml"
) -> tuple[list[Rule], list[str]]:
    """Validate the `[[rules]]` tables of config.toml.

    Returns the usable rules, in order, and one sentence per problem, such as
    "config.toml: rule 'recruiters': note_matches: unterminated character set at position 3".
    A rule with any problem is skipped; the others still apply. Regexes are case-insensitive.
    """
    from pydantic import ValidationError

    rules: list[Rule] = []
    problems: list[str] = []
    for number, item in enumerate(raw, start=1):
        if not isinstance(item, dict):
            problems.append(f"{source}: rule #{number}: must be a [[rules]] table; skipped")
            continue
        name = item.get("name")
        named = isinstance(name, str) and bool(name.strip())
        label = f"'{one_line(name)}'" if named else f"#{number}"
        where = f"{source}: rule {label}"
        data = dict(item)
        if isinstance(data.get("suggest"), str):
            data["suggest"] = data["suggest"].strip().lower()
        try:
            model = _rule_model().model_validate(data)
        except ValidationError as error:
            for err in error.errors():
                key, what = _problem_text(err)
                problems.append(f"{where}: {key}: {what}")
            continue
        compiled: dict[str, re.Pattern[str] | None] = {}
        bad = False
        for key in ("note_matches", "headline_matches"):
            pattern = getattr(model, key)
            compiled[key] = None
            if pattern is None:
                continue
            try:
                compiled[key] = re.compile(pattern, re.IGNORECASE)
            except re.error as error:
                problems.append(f"{where}: {key}: {error}")
                bad = True
        if (
            model.min_mutual is not None
            and model.max_mutual is not None
            and model.min_mutual > model.max_mutual
        ):
            problems.append(
                f"{where}: min_mutual ({model.min_mutual}) is more than max_mutual "
                f"({model.max_mutual}), so it could never match"
            )
            bad = True
        if bad:
            continue
        rules.append(
            Rule(
                name=one_line(name) if named else f"rule #{number}",
                suggest=model.suggest,
                note_matches=compiled["note_matches"],
                headline_matches=compiled["headline_matches"],
                no_note=model.no_note,
                min_mutual=model.min_mutual,
                max_mutual=model.max_mutual,
                invited_before=model.invited_before,
                messaged=model.messaged,
                endorsed=model.endorsed,
                scam=model.scam,
                template=model.template,
            )
        )
    return rules, problems
