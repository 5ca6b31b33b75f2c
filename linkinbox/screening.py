"""Screening: whether a request looks like a stranger or someone known, and what to do with it.

The request's `signals` (each a sentence and a weight: > 0 toward "known", < 0 toward "stranger")
are added up, a decision suggested, and the user's `[[rules]]` applied (the first rule whose
conditions all hold wins). No Textual here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from linkinbox.models import Request
from linkinbox.rules import Rule
from linkinbox.signals import Context, Facts, collect, strength

# Score thresholds: the sum of the weights at or beyond these marks a stranger / someone known.
STRANGER_AT = -2
KNOWN_AT = 2


@dataclass(frozen=True)
class Verdict:
    """What screening concluded about one request."""

    stranger: bool | None  # True looks like a stranger, False looks known, None can't tell
    suggested: str | None  # "follow" | "connect" | "decline" | None
    reasons: list[str]  # never empty
    rule: str | None  # name of the rule that matched, if any
    template: str | None  # template name from the matching rule, if any


def _suggest(facts: Facts, stranger: bool | None) -> str | None:
    if facts.scam:
        return "decline"
    if (
        stranger is False
        and (facts.shared_company or facts.worked or facts.messaged or facts.endorsed)
        and not facts.denied
    ):
        return "connect"
    if facts.link and stranger is not False:
        return "decline"
    if facts.followed:
        return "follow"
    if facts.pitch:
        return "decline"
    if stranger is True and not facts.personal:
        return "decline"
    if facts.personal and stranger is not True:
        return "follow"
    return None


def screen(req: Request, ctx: Context, rules: Sequence[Rule]) -> Verdict:
    """Screen one request: stranger or known, a suggested decision, and the reasons for both."""
    facts = collect(req, ctx)
    reasons = facts.reasons
    score = sum(weight for _, weight in reasons)
    stranger = True if score <= STRANGER_AT else False if score >= KNOWN_AT else None
    reasons.sort(key=strength)
    texts = [text for text, _ in reasons]
    suggested = _suggest(facts, stranger)
    for rule in rules:
        if rule.matches(
            req, messaged=facts.messaged, endorsed=facts.endorsed, scam=facts.scam or facts.link
        ):
            return Verdict(stranger, rule.suggest, [rule.reason, *texts], rule.name, rule.template)
    if not texts:
        texts = ["nothing known either way"]
    return Verdict(stranger, suggested, texts, None, None)
