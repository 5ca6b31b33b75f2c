"""The bundled demo inbox (`linkinbox --demo`): well formed, showing the real range of requests."""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from datetime import datetime, timedelta
from importlib.resources import files
from typing import Any

import pytest

from linkinbox.text import one_line, slug_from_url

STR_FIELDS = (
    "name",
    "first_name",
    "last_name",
    "headline",
    "location",
    "company",
    "profile_url",
    "message",
    "sent_at",
    "source",
    "status",
)
KNOWN_FIELDS = {*STR_FIELDS, "mutual_connections", "invite_count", "decided_at", "direction"}
STATUSES = {"pending", "follow", "connect", "decline", "sent"}
PROFILE_URL = re.compile(r"^https://www\.linkedin\.com/in/[^/?#\s]+$")
NON_LATIN_SCRIPTS = ("CJK", "HIRAGANA", "HANGUL", "ARABIC", "DEVANAGARI", "CYRILLIC", "GREEK")


def _load() -> list[dict[str, Any]]:
    text = files("linkinbox").joinpath("data", "demo.json").read_text(encoding="utf-8")
    data = json.loads(text)
    assert isinstance(data, list)
    return data


@pytest.fixture(scope="module")
def demo() -> list[dict[str, Any]]:
    return _load()


def _pending(demo: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [r for r in demo if r["status"] == "pending"]


def _is_emoji(ch: str) -> bool:
    return unicodedata.category(ch) == "So" and (ord(ch) >= 0x1F000 or 0x2600 <= ord(ch) <= 0x27BF)


def _scripts(text: str) -> set[str]:
    found = set()
    for ch in text:
        name = unicodedata.name(ch, "")
        for script in NON_LATIN_SCRIPTS:
            if name.startswith(script):
                found.add(script)
    return found


def test_is_a_json_array_of_objects_shipped_in_the_package(demo: list[dict[str, Any]]) -> None:
    assert len(demo) >= 48
    assert all(isinstance(row, dict) for row in demo)


def test_every_field_has_the_right_type(demo: list[dict[str, Any]]) -> None:
    for row in demo:
        who = row.get("name")
        assert set(row) <= KNOWN_FIELDS, (who, set(row) - KNOWN_FIELDS)
        for key in STR_FIELDS:
            assert isinstance(row[key], str), (who, key)
        assert row["name"] and row["first_name"], who
        mutual = row["mutual_connections"]
        assert mutual is None or (type(mutual) is int and 0 <= mutual <= 120), who
        assert row["source"] == "demo", who
        assert row["status"] in STATUSES, who
        if "invite_count" in row:
            assert type(row["invite_count"]) is int and row["invite_count"] >= 1, who


def test_text_is_already_clean_so_nothing_is_mangled_on_screen(
    demo: list[dict[str, Any]],
) -> None:
    for row in demo:
        for key in ("name", "first_name", "last_name", "headline", "location", "company"):
            assert one_line(row[key]) == row[key], (row["name"], key)
        assert len(row["headline"]) <= 220, row["name"]


def test_mostly_pending_with_two_decided_and_three_sent(demo: list[dict[str, Any]]) -> None:
    counts = Counter(r["status"] for r in demo)
    assert counts["pending"] >= 40
    assert counts["follow"] == 1
    assert counts["decline"] == 1
    assert counts["sent"] == 3
    for row in demo:
        decided = row["status"] in ("follow", "connect", "decline")
        assert ("decided_at" in row) == decided, row["name"]
        if decided:
            assert datetime.fromisoformat(row["decided_at"]) >= datetime.fromisoformat(
                row["sent_at"]
            )


def test_profile_urls_are_linkedin_profiles_and_unique(demo: list[dict[str, Any]]) -> None:
    for row in demo:
        assert PROFILE_URL.match(row["profile_url"]), row["profile_url"]
    slugs = [slug_from_url(r["profile_url"]) for r in demo]
    assert all(slugs)
    assert len(set(slugs)) == len(slugs), [s for s, n in Counter(slugs).items() if n > 1]


def test_sent_at_is_iso_without_zone_within_sixty_days(demo: list[dict[str, Any]]) -> None:
    stamps = [datetime.fromisoformat(r["sent_at"]) for r in demo]
    assert all(s.tzinfo is None for s in stamps)
    assert max(stamps) < datetime(2026, 11, 20)
    incoming = [datetime.fromisoformat(r["sent_at"]) for r in demo if r["status"] != "sent"]
    assert max(incoming) - min(incoming) <= timedelta(days=60)
    assert max(incoming) - min(incoming) >= timedelta(days=45)


def test_outgoing_invitations_are_one_five_and_ten_weeks_old(
    demo: list[dict[str, Any]],
) -> None:
    newest = max(datetime.fromisoformat(r["sent_at"]) for r in demo)
    ages = sorted(
        (newest - datetime.fromisoformat(r["sent_at"])).days // 7
        for r in demo
        if r["status"] == "sent"
    )
    assert ages == [1, 5, 10]


def test_notes_fit_linkedins_limit_and_include_none_and_a_long_one(
    demo: list[dict[str, Any]],
) -> None:
    lengths = [len(r["message"]) for r in demo]
    assert max(lengths) <= 300
    assert any(250 <= n <= 300 for n in lengths)
    pending = _pending(demo)
    empty = sum(1 for r in pending if r["message"] == "")
    assert 0.25 <= empty / len(pending) <= 0.45


def test_names_cover_scripts_diacritics_credentials_and_emoji(
    demo: list[dict[str, Any]],
) -> None:
    names = [r["name"] for r in demo]
    found = set().union(*(_scripts(n) for n in names))
    assert found >= set(NON_LATIN_SCRIPTS) - {"HIRAGANA"}, found
    assert any(_is_emoji(ch) for n in names for ch in n)
    assert any(_is_emoji(ch) for r in demo for ch in r["headline"])
    assert any("," in n for n in names)
    assert any(
        not ch.isascii() and unicodedata.name(ch, "").startswith("LATIN") for n in names for ch in n
    ), "a name with diacritics"


def test_shows_the_real_mix_of_senders(demo: list[dict[str, Any]]) -> None:
    pending = _pending(demo)
    notes = [r["message"] for r in pending]
    assert sum("Contoso" in n or "Fabrikam" in n for n in notes) >= 5
    assert any("PyData" in n for n in notes)
    assert any("KubeCon" in n for n in notes)
    assert sum("recruit" in r["headline"].lower() for r in pending) >= 2
    openings = Counter(n[:40] for n in notes if n)
    assert openings.most_common(1)[0][1] >= 3, "a template pitch sent by several people"
    assert any(r.get("invite_count") == 2 for r in pending)
    assert any(r["mutual_connections"] is None for r in pending)
    assert any(r["mutual_connections"] == 0 for r in pending)
    assert all("Dana" in n for n in notes if n and not n.startswith(("Great chatting", "Enjoyed")))
