"""Screening: the reasons a user reads for each request, the stranger mark, suggestions, rules."""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from linkinbox.models import Request
from linkinbox.rules import Rule, parse_rules
from linkinbox.screening import Verdict, screen
from linkinbox.signals import Context, build_context, fingerprint, normalise_company, signals

PITCH = (
    "Hi Dana, I help SaaS founders scale outbound to 50+ qualified meetings a month "
    "without hiring SDRs. Open to a quick 15-min call?"
)


def req(**fields: Any) -> Request:
    fields.setdefault("id", 1)
    fields.setdefault("key", f"k{fields['id']}")
    fields.setdefault("name", "Alex Doe")
    return Request(**fields)


def ctx(
    notes: list[str] | None = None,
    companies: list[str] | None = None,
    followed: list[str] | None = None,
    my_name: str = "Dana Whitfield",
) -> Context:
    return build_context(notes or [], companies or [], followed or [], my_name)


def check(
    request: Request, context: Context | None = None, rules: list[Rule] | None = None
) -> Verdict:
    return screen(request, context or ctx(), rules or [])


def weights(request: Request, context: Context | None = None) -> dict[str, int]:
    return {r.text: r.weight for r in signals(request, context or ctx())}


# -- each signal on its own -------------------------------------------------------------------


def test_no_note_is_a_reason_against() -> None:
    assert weights(req(message="")) == {"no note": -1}
    assert weights(req(message="   ")) == {"no note": -1}


@pytest.mark.parametrize(
    ("key", "name", "slugs", "bare", "names", "former"),
    [
        ("ravi-kumar-1a2b3c", "Ravi Kumar", {"ravi-kumar-1a2b3c"}, set(), {"ravi kumar"}, True),
        ("ravi-kumar-9z", "Ravi Kumar", {"ravi-kumar-1a2b3c"}, set(), {"ravi kumar"}, False),
        ("name:ravi kumar", "Ravi Kumar", {"ravi-kumar-1a2b3c"}, set(), {"ravi kumar"}, True),
        ("ravi-kumar-9z", "Ravi  KUMAR", set(), {"ravi kumar"}, {"ravi kumar"}, True),
        ("other-1", "Ravi Kumar", set(), set(), set(), False),
    ],
)
def test_a_former_connection_is_a_strong_reason_for(
    key: str, name: str, slugs: set[str], bare: set[str], names: set[str], former: bool
) -> None:
    """By profile URL, or by name when either side has no URL (two people may share a name)."""
    context = ctx()
    context.former_slugs, context.former_bare, context.former_names = slugs, bare, names
    found = weights(req(key=key, name=name, message=""), context)
    assert ("was a connection before" in found) == former
    if former:
        assert found["was a connection before"] == 3


def test_a_personal_note_is_a_mild_reason_for() -> None:
    note = "Thanks for your answer on the forum about SQLite WAL mode. It saved my weekend."
    assert weights(req(message=note)) == {"personal note": 1}


def test_a_short_note_is_mentioned_but_not_counted() -> None:
    verdict = check(req(message="Hi!"))
    assert verdict.reasons == ["short note"]
    assert verdict.stranger is None


def test_the_same_note_from_several_senders_is_template_like() -> None:
    notes = [PITCH, PITCH.replace("Dana", "Sam"), "Hey Dana! " + PITCH[9:], "We met at PyCon"]
    verdict = check(req(message=PITCH), ctx(notes))
    assert verdict.reasons[0] == "same note as 2 other senders"
    assert verdict.stranger is True
    assert verdict.suggested == "decline"


def test_one_sender_alone_is_not_a_template() -> None:
    note = "Thanks for your answer on the forum about SQLite WAL mode. It saved my weekend."
    assert not any("same note" in r for r in check(req(message=note), ctx([note])).reasons)


@pytest.mark.parametrize(
    ("note", "reason"),
    [
        (PITCH, 'sales pitch: "I help SaaS founders scale outbound"'),
        ("Can we schedule a call about offshore developers?", 'sales pitch: "schedule a"'),
        ("We do lead generation for fintechs like yours.", 'sales pitch: "lead generation"'),
        (
            "I have an exciting opportunity you'd be perfect for.",
            'recruiting pitch: "exciting opportunity"',
        ),
        ("Are you open to new opportunities this year?", 'recruiting pitch: "new opportunities"'),
        (
            "Hi, I came across your profile and liked it.",
            'stock phrase: "I came across your profile"',
        ),
        ("I'm looking to expand my network with engineers.", 'stock phrase: "expand my network"'),
    ],
)
def test_stock_sales_and_recruiting_phrases_are_named(note: str, reason: str) -> None:
    verdict = check(req(message=note))
    assert reason in verdict.reasons
    assert "personal note" not in verdict.reasons


def test_a_sales_pitch_is_declined_even_without_other_signals() -> None:
    verdict = check(req(message="We help engineering teams cut cloud costs, worth a quick chat?"))
    assert verdict.suggested == "decline"
    assert verdict.stranger is True


@pytest.mark.parametrize(
    ("mutual", "reason", "weight"),
    [
        (0, "0 mutual connections", -2),
        (1, "only 1 mutual connection", -1),
        (4, "only 4 mutual connections", -1),
        (5, "5 mutual connections", 0),
        (20, "20 mutual connections", 1),
        (49, "49 mutual connections", 1),
        (1200, "1,200 mutual connections", 2),
    ],
)
def test_mutual_connections(mutual: int, reason: str, weight: int) -> None:
    assert weights(req(message="", mutual_connections=mutual))[reason] == weight


def test_unknown_mutual_connections_say_nothing() -> None:
    assert check(req(message="", mutual_connections=None)).reasons == ["no note"]


def test_invited_before() -> None:
    assert weights(req(invite_count=2))["invited you 2 times"] == -1
    assert weights(req(invite_count=4))["invited you 4 times"] == -2
    assert not any("invited" in r for r in check(req(invite_count=1)).reasons)


def test_an_invitation_repeated_by_a_known_person_is_not_a_stranger() -> None:
    verdict = check(
        req(invite_count=3, headline="Engineer at Contoso", mutual_connections=60),
        ctx(companies=["Contoso"]),
    )
    assert "invited you 3 times" in verdict.reasons
    assert verdict.stranger is False


def test_someone_you_already_follow_is_suggested_follow() -> None:
    context = ctx(followed=["Kwame  MENSAH"])
    verdict = check(req(name="Kwame Mensah", message="", mutual_connections=3), context)
    assert "you already follow them" in verdict.reasons
    assert verdict.suggested == "follow"


def test_followed_matches_the_name_without_titles() -> None:
    context = ctx(followed=["Priya Raman"])
    request = req(name="Priya Raman, PhD", first_name="Priya", last_name="Raman")
    assert "you already follow them" in check(request, context).reasons


def test_a_shared_company_is_a_strong_reason_for_and_suggests_connect() -> None:
    context = ctx(companies=["Contoso, Inc.", "Fabrikam"])
    verdict = check(req(headline="Senior SRE at CONTOSO", mutual_connections=42), context)
    assert verdict.reasons[0] == "worked at CONTOSO too"
    assert verdict.stranger is False
    assert verdict.suggested == "connect"


def test_a_shared_company_is_found_in_the_company_field_and_ex_headlines() -> None:
    context = ctx(companies=["Contoso"])
    assert "worked at Contoso too" in check(req(company="Contoso"), context).reasons
    headline = "Principal Engineer at Woodgrove | ex-Contoso"
    assert "worked at Contoso too" in check(req(headline=headline), context).reasons


def test_a_company_only_matches_whole_words() -> None:
    context = ctx(companies=["Meta"])
    assert not any(
        "worked at" in r for r in check(req(headline="Metabase consultant"), context).reasons
    )


def test_no_employer_positions_never_match() -> None:
    assert normalise_company("Self-employed") == ""
    assert normalise_company("Freelance") == ""
    assert normalise_company("Contoso Ltd.") == "contoso"
    context = ctx(companies=["Self-employed"])
    assert not any("worked at" in r for r in check(req(headline="Self-employed"), context).reasons)


def test_a_note_naming_your_company_is_a_mild_reason_for() -> None:
    note = "Dana, it's Priya from the Contoso forecasting project. Let's connect!"
    verdict = check(
        req(message=note, headline="Data Scientist at Trey Research"), ctx(companies=["Contoso"])
    )
    assert "note mentions Contoso" in verdict.reasons


@pytest.mark.parametrize(
    ("note", "where"),
    [
        ("Hi Dana, we met at the PyData Lisbon meetup last week!", "PyData Lisbon"),
        ("I was asking about backpressure after your talk at KubeCon. Thanks!", "KubeCon"),
        ("Great to see you at Fabrikam Summit last week, let's keep in touch", "Fabrikam Summit"),
        ("Lovely chatting at the conference dinner in Porto", "conference dinner in Porto"),
    ],
)
def test_a_note_saying_where_you_met(note: str, where: str) -> None:
    verdict = check(req(message=note))
    assert f"mentions where you met: {where}" in verdict.reasons
    assert verdict.suggested == "follow"


def test_a_note_saying_you_worked_together_suggests_connect() -> None:
    note = "Hi Dana! We worked together at Contoso on the billing rewrite. Let's stay in touch."
    verdict = check(req(message=note, mutual_connections=30))
    assert verdict.reasons[0].startswith("says you worked together: “worked together at Contoso")
    assert verdict.reasons[0].endswith("…”")
    assert verdict.stranger is False
    assert verdict.suggested == "connect"


@pytest.mark.parametrize(
    "note",
    [
        "Former colleague here, hope all is well!",
        "It was a pleasure working with you on the onboarding redesign.",
        "We overlapped at Contoso on the identity team in 2021.",
    ],
)
def test_ways_of_saying_you_worked_together(note: str) -> None:
    assert any(r.startswith("says you worked together") for r in check(req(message=note)).reasons)


def test_never_worked_together_is_not_a_colleague() -> None:
    note = "Hi Dana, fellow Contoso alum here! We never worked together, but I'd love to connect."
    verdict = check(
        req(message=note, headline="Enterprise Sales at Contoso"), ctx(companies=["Contoso"])
    )
    assert "says you never worked together" in verdict.reasons
    assert verdict.suggested != "connect"


@pytest.mark.parametrize(
    ("headline", "reason"),
    [
        ("Senior Technical Recruiter at Woodgrove Bank", "headline: recruiter"),
        ("Talent Acquisition Specialist", "headline: talent acquisition"),
        ("Director of Sales at Litware", "headline: sales"),
        ("Business Development Manager", "headline: business development"),
        ("Growth Hacker 🚀", "headline: growth hacker"),
        ("SDR at Proseware", "headline: SDR"),
    ],
)
def test_recruiter_and_sales_headlines(headline: str, reason: str) -> None:
    assert weights(req(headline=headline))[reason] == -1


def test_salesforce_is_not_sales() -> None:
    assert not any(
        r.startswith("headline") for r in check(req(headline="Salesforce Developer")).reasons
    )


def test_a_note_greeting_someone_else_was_pasted() -> None:
    verdict = check(req(message="Hi Sam, I loved your recent article on distributed queues."))
    assert 'note greets "Sam", not you' in verdict.reasons
    ok = check(
        req(message="Hi Dan, I loved your recent article on distributed queues."),
        ctx(my_name="Daniel"),
    )
    assert not any("greets" in r for r in ok.reasons)
    pronoun = check(req(message="Hey I loved your recent article on distributed queues."))
    assert not any("greets" in r for r in pronoun.reasons)


def test_strangers_text_in_reasons_is_one_clean_line() -> None:
    note = "We met at the\x1b[31m summit\u202e last week. Amazing \n talk!"
    for reason in check(req(message=note)).reasons:
        assert reason.isprintable()
        assert len(reason) < 80


# -- score and suggestions --------------------------------------------------------------------


def test_score_thresholds() -> None:
    # -1 (no note) alone: can't tell
    assert check(req(message="")).stranger is None
    # -1 -1 = -2: a stranger
    assert check(req(message="", mutual_connections=3)).stranger is True
    # +1 +1 = 2: known
    note = "Thanks for your answer on the forum about SQLite WAL mode. It saved my weekend."
    assert check(req(message=note, mutual_connections=25)).stranger is False
    # +1 alone: can't tell
    assert check(req(message=note)).stranger is None


def test_no_note_and_few_mutual_connections_is_declined() -> None:
    verdict = check(req(message="", mutual_connections=0, headline="Crypto | Web3 | NFT 🚀"))
    assert verdict.stranger is True
    assert verdict.suggested == "decline"
    assert verdict.reasons[:2] == ["0 mutual connections", "no note"]


def test_an_empty_profile_gets_no_suggestion_but_still_a_reason() -> None:
    verdict = check(req(message="", mutual_connections=10))
    assert verdict.suggested is None
    assert verdict.reasons == ["no note", "10 mutual connections"]


def test_reasons_are_never_empty_and_strongest_first() -> None:
    requests = [
        req(),
        req(message="hi"),
        req(message=PITCH, mutual_connections=0, headline="Recruiter", invite_count=3),
        req(message="", mutual_connections=None, headline=""),
    ]
    for request in requests:
        reasons = signals(request, ctx())
        assert reasons, request
        assert [abs(r.weight) for r in reasons] == sorted(
            (abs(r.weight) for r in reasons), reverse=True
        )
        assert check(request).reasons


# -- fingerprint ------------------------------------------------------------------------------


def test_fingerprint_ignores_greeting_name_and_punctuation() -> None:
    a = fingerprint("Hi Dana, I help X companies grow faster with less effort")
    b = fingerprint("Hello Sam! I help X companies grow faster with less effort.")
    c = fingerprint("Hey Jo - I help X companies grow faster, with less effort!!")
    d = fingerprint("Hi Dana I help X companies grow faster with less effort")
    assert a == b == c == d != ""


def test_fingerprint_ignores_digits_and_sign_offs() -> None:
    a = fingerprint("Hi Dana, loved your 2024 talk on queues and retries. Thanks, Marcus")
    b = fingerprint("Hi Sam, loved your 2025 talk on queues and retries. Thanks, Tyler")
    assert a == b != ""


def test_fingerprint_of_notes_that_only_differ_at_the_end() -> None:
    a = fingerprint(PITCH)
    b = fingerprint(PITCH.replace("Open to a quick 15-min call?", "Worth a chat this week?"))
    assert a == b


def test_fingerprint_of_short_notes_is_empty() -> None:
    assert fingerprint("Hi Dana, let's connect!") == ""
    assert fingerprint("") == ""


def test_different_notes_have_different_fingerprints() -> None:
    a = fingerprint("Hi Dana, we met at the PyData Lisbon meetup last week.")
    b = fingerprint("Hi Dana, thanks for your answer on the forum about SQLite.")
    assert a != b


# -- rules ------------------------------------------------------------------------------------


def rules_of(*tables: dict[str, Any]) -> list[Rule]:
    rules, problems = parse_rules(list(tables))
    assert problems == []
    return rules


def test_a_matching_rule_overrides_the_suggestion_and_says_so() -> None:
    rules = rules_of(
        {
            "name": "recruiters",
            "headline_matches": "recruit|talent",
            "suggest": "follow",
            "template": "polite",
        }
    )
    verdict = check(
        req(headline="Senior Technical RECRUITER", message="", mutual_connections=0), rules=rules
    )
    assert verdict.suggested == "follow"
    assert verdict.rule == "recruiters"
    assert verdict.template == "polite"
    assert verdict.reasons[0] == "rule: recruiters"
    assert verdict.stranger is True  # a rule changes the suggestion, not the stranger mark


def test_a_rule_that_does_not_match_leaves_the_default() -> None:
    rules = rules_of({"name": "recruiters", "headline_matches": "recruit", "suggest": "follow"})
    verdict = check(req(headline="Staff Engineer", message="", mutual_connections=0), rules=rules)
    assert verdict.rule is None
    assert verdict.template is None
    assert verdict.suggested == "decline"
    assert not any(r.startswith("rule") for r in verdict.reasons)


def test_the_first_matching_rule_wins() -> None:
    rules = rules_of(
        {"name": "first", "no_note": True, "suggest": "decline"},
        {"name": "second", "no_note": True, "suggest": "follow"},
    )
    assert check(req(message=""), rules=rules).rule == "first"
    assert check(req(message=""), rules=list(reversed(rules))).rule == "second"


def test_every_condition_of_a_rule_must_hold() -> None:
    rules = rules_of(
        {"name": "both", "headline_matches": "engineer", "min_mutual": 10, "suggest": "connect"}
    )
    assert check(req(headline="Engineer", mutual_connections=12), rules=rules).rule == "both"
    assert check(req(headline="Engineer", mutual_connections=3), rules=rules).rule is None
    assert check(req(headline="Designer", mutual_connections=12), rules=rules).rule is None


@pytest.mark.parametrize(
    ("table", "matching", "not_matching"),
    [
        ({"note_matches": r"pydata|pycon"}, {"message": "See you at PYCON!"}, {"message": "hello"}),
        ({"headline_matches": "^cto"}, {"headline": "CTO at X"}, {"headline": "Former CTO"}),
        ({"no_note": True}, {"message": ""}, {"message": "hello there"}),
        ({"no_note": False}, {"message": "hello there"}, {"message": ""}),
        ({"min_mutual": 5}, {"mutual_connections": 5}, {"mutual_connections": 4}),
        ({"min_mutual": 5}, {"mutual_connections": 50}, {"mutual_connections": None}),
        ({"max_mutual": 2}, {"mutual_connections": 0}, {"mutual_connections": 3}),
        ({"max_mutual": 2}, {"mutual_connections": 2}, {"mutual_connections": None}),
        ({"invited_before": True}, {"invite_count": 2}, {"invite_count": 1}),
        ({"invited_before": False}, {"invite_count": 1}, {"invite_count": 3}),
    ],
)
def test_each_kind_of_condition(
    table: dict[str, Any], matching: dict[str, Any], not_matching: dict[str, Any]
) -> None:
    rules = rules_of({"name": "r", "suggest": "decline", **table})
    assert check(req(**matching), rules=rules).rule == "r"
    assert check(req(**not_matching), rules=rules).rule is None


def test_a_rule_without_a_name_is_numbered() -> None:
    rules = rules_of({"suggest": "decline"}, {"suggest": "follow", "no_note": True})
    assert [r.name for r in rules] == ["rule #1", "rule #2"]
    assert check(req(), rules=rules).reasons[0] == "rule #1"


def test_a_bad_regex_is_reported_with_the_rule_name_and_skipped() -> None:
    rules, problems = parse_rules(
        [
            {"name": "recruiters", "note_matches": "rec[ruit", "suggest": "decline"},
            {"name": "ok", "suggest": "follow"},
        ]
    )
    assert problems == [
        "config.toml: rule 'recruiters': note_matches: unterminated character set at position 3"
    ]
    assert [r.name for r in rules] == ["ok"]


@pytest.mark.parametrize(
    ("table", "problem"),
    [
        (
            {"name": "x", "suggest": "decline", "colour": "red"},
            "config.toml: rule 'x': colour: unknown key",
        ),
        (
            {"name": "x", "suggest": "accept"},
            "config.toml: rule 'x': suggest: must be follow, connect or decline, not 'accept'",
        ),
        ({"name": "x"}, "config.toml: rule 'x': suggest: missing (say follow, connect or decline)"),
        (
            {"suggest": "follow", "min_mutual": "5"},
            "config.toml: rule #1: min_mutual: must be a whole number",
        ),
        (
            {"suggest": "follow", "min_mutual": -1},
            "config.toml: rule #1: min_mutual: must be 0 or more",
        ),
        (
            {"suggest": "follow", "no_note": "yes"},
            "config.toml: rule #1: no_note: must be true or false",
        ),
        (
            {"name": "x", "suggest": "follow", "min_mutual": 9, "max_mutual": 2},
            "config.toml: rule 'x': min_mutual (9) is more than max_mutual (2), "
            "so it could never match",
        ),
    ],
)
def test_bad_rules_are_reported_and_skipped(table: dict[str, Any], problem: str) -> None:
    rules, problems = parse_rules([table, {"name": "fine", "suggest": "follow"}])
    assert problems == [problem]
    assert [r.name for r in rules] == ["fine"]


def test_a_rule_that_is_not_a_table_is_reported() -> None:
    rules, problems = parse_rules(["decline everyone"], source="/home/u/config.toml")  # type: ignore[list-item]
    assert rules == []
    assert problems == ["/home/u/config.toml: rule #1: must be a [[rules]] table; skipped"]


def test_suggest_is_case_insensitive_and_regexes_ignore_case() -> None:
    (rule,) = rules_of({"name": "x", "suggest": "Follow", "note_matches": "KUBECON"})
    assert rule.suggest == "follow"
    assert rule.note_matches is not None
    assert rule.note_matches.flags & re.IGNORECASE


# -- the whole inbox --------------------------------------------------------------------------


def test_context_counts_notes_across_the_inbox() -> None:
    context = build_context(
        [PITCH, PITCH.replace("Dana", "Sam"), "", "short"], ["Contoso"], ["A B"], "Dana W"
    )
    assert list(context.note_counts.values()) == [2]
    assert context.my_companies == {"contoso"}
    assert context.followed_names == {"a b"}
    assert context.my_first_name == "dana"


def test_a_context_built_by_hand_with_raw_company_names_works() -> None:
    context = Context(my_companies={"Contoso, Inc."}, followed_names=set(), note_counts={})
    assert "worked at Contoso too" in screen(req(headline="PM at Contoso"), context, []).reasons
    context.my_companies.add("Fabrikam")
    assert "worked at Fabrikam too" in screen(req(headline="PM at Fabrikam"), context, []).reasons
    context.note_counts[fingerprint(PITCH)] = 3
    assert "same note as 2 other senders" in screen(req(message=PITCH), context, []).reasons


@settings(max_examples=100, deadline=None)
@given(
    message=st.text(max_size=300),
    headline=st.text(max_size=120),
    mutual=st.none() | st.integers(min_value=0, max_value=10_000),
    invites=st.integers(min_value=1, max_value=9),
)
def test_any_request_gets_printable_reasons_and_never_raises(
    message: str, headline: str, mutual: int | None, invites: int
) -> None:
    request = req(
        message=message, headline=headline, mutual_connections=mutual, invite_count=invites
    )
    context = ctx([message, PITCH], ["Contoso"], ["Alex Doe"])
    verdict = screen(request, context, [])
    assert verdict.reasons
    assert verdict.suggested in (None, "follow", "connect", "decline")
    for reason in verdict.reasons:
        assert reason.isprintable(), reason
