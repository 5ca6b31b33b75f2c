"""Scams and automation named for what they are, in the languages linkinbox reads."""

from __future__ import annotations

import pytest

from linkinbox import scams


def kinds(note: str) -> set[str]:
    return {s.kind for s in scams.find(note)}


def reason(note: str, kind: str) -> str:
    return next(s.text for s in scams.find(note) if s.kind == kind)


@pytest.mark.parametrize(
    ("note", "app"),
    [
        ("Hi Dana, add me on WhatsApp so we can talk business", "WhatsApp"),
        ("Let's continue on whats app, it's easier", "WhatsApp"),
        ("Message me here: wa.me/447700900123", "WhatsApp"),
        ("Hallo Dana, schreib mir bitte auf WhatsApp", "WhatsApp"),
        ("Bonjour, contactez-moi sur Telegram pour plus d'infos", "Telegram"),
        ("Hola, escríbeme por Telegram: t.me/inversiones", "Telegram"),
        ("Olá! Me chama no WhatsApp", "WhatsApp"),
        ("Ciao, scrivimi su Telegram", "Telegram"),
        ("Hoi, stuur me een bericht op WhatsApp", "WhatsApp"),
        ("Text me on Signal, I don't use LinkedIn much", "Signal"),
        ("Écrivez-moi sur Signal", "Signal"),
    ],
)
def test_moving_off_linkedin_is_named_with_the_app(note: str, app: str) -> None:
    text = reason(note, scams.OFF_PLATFORM)
    assert f"to {app}, off LinkedIn" in text
    assert text.endswith(".")


@pytest.mark.parametrize(
    "note",
    [
        "Call me at +44 7700 900123 to discuss",
        "Il mio numero è +39 333 123 4567, scrivimi",
        "Mein Handy: 0151 234 56789 — ruf an!",
        "my number is (555) 010-9999, text me",
    ],
)
def test_a_phone_number_to_move_off_linkedin_is_named_with_the_number(note: str) -> None:
    text = reason(note, scams.OFF_PLATFORM)
    assert text.startswith("Gives a phone number (")
    assert "off LinkedIn" in text


@pytest.mark.parametrize(
    ("note", "quoted"),
    [
        ("I made 30% monthly returns on a crypto trading platform", "crypto"),
        ("Let me show you how Bitcoin doubled my savings", "Bitcoin"),
        ("Earn 40% ROI weekly, no risk", "40% ROI"),
        ("Interested in passive income? DM me", "passive income"),
        (
            "Ich biete Ihnen eine Investitionsmöglichkeit mit garantierter Rendite",
            "Investitionsmöglichkeit",
        ),
        (
            "Une opportunité d'investissement unique en cryptomonnaie",
            "opportunité d'investissement",
        ),
        ("Gana dinero con criptomonedas desde casa", "criptomonedas"),
        ("Ganhe renda passiva todos os dias", "renda passiva"),
        ("Een unieke beleggingskans voor jou", "beleggingskans"),
        ("Rendimento garantito del 20% al mese", "Rendimento garantito"),
    ],
)
def test_crypto_and_investment_offers_are_named_with_their_words(note: str, quoted: str) -> None:
    text = reason(note, scams.CRYPTO)
    assert f"(“{quoted}”)" in text
    assert "scam" in text


@pytest.mark.parametrize(
    ("note", "quoted"),
    [
        ("To release the payment please send your bank details", "bank details"),
        ("There is a small fee for processing", "small fee"),
        ("Buy me gift cards and I will repay you", "gift cards"),
        ("Please share a copy of your passport for the visa", "passport"),
        ("Bitte senden Sie mir Ihre Bankverbindung", "Bankverbindung"),
        ("Merci d'envoyer vos coordonnées bancaires", "coordonnées bancaires"),
        ("Envíame tus datos bancarios", "datos bancarios"),
        ("Preciso dos seus dados bancários", "dados bancários"),
        ("Stuur je bankgegevens", "bankgegevens"),
        ("Mandami il tuo codice fiscale", "codice fiscale"),
    ],
)
def test_asking_for_money_or_personal_data_is_named(note: str, quoted: str) -> None:
    assert f"(“{quoted}”)" in reason(note, scams.MONEY)


@pytest.mark.parametrize(
    ("note", "placeholder"),
    [
        ("Hi {firstName}, I noticed we both work in tech.", "{firstName}"),
        ("Hello [Name], quick question about your team", "[Name]"),
        ("Hey {{first_name}} - loved your recent post!", "{{first_name}}"),
        ("Hi {{ contact.first_name }}, hope you're well", "{{ contact.first_name }}"),
        ("Hi [First Name], I see you work at [Company]", "[First Name]"),
        ("Hallo [Vorname], ich habe Ihr Profil gesehen", "[Vorname]"),
        ("Bonjour {prénom}, j'ai vu votre profil", "{prénom}"),
        ("Hola [Nombre], ¿cómo estás?", "[Nombre]"),
        ("Dear %FIRSTNAME%, great to connect", "%FIRSTNAME%"),
        ("Hi *|FNAME|*, a quick note", "*|FNAME|*"),
    ],
)
def test_an_unfilled_placeholder_is_named_in_the_reason(note: str, placeholder: str) -> None:
    assert reason(note, scams.PLACEHOLDER) == (
        f"Sent by automation that left the placeholder {placeholder} unfilled."
    )


@pytest.mark.parametrize(
    "note",
    [
        "Have a look: https://bit.ly/3xYz9",
        "My calendar: calendly.com/chad/15min",
        "See www.example.com for details",
    ],
)
def test_a_link_in_the_note_is_named(note: str) -> None:
    assert reason(note, scams.LINK).startswith("Puts a link in the note (“")


@pytest.mark.parametrize(
    "note",
    [
        "",
        "Hi Dana, we met at PyCon — great talk on signal processing!",
        "I worked on Signal at OWS and loved your post",
        "We worked together at Contoso 2019-2023, would be great to reconnect.",
        "Loved your talk about the Telegraph data pipeline",
        "Happy to connect — I read your passport-control UX case study.",
        "Congrats on the 10-year anniversary at Fabrikam!",
        "Hi Dana, [I hope this is okay] — we met at the offsite.",
    ],
)
def test_ordinary_notes_are_not_called_scams(note: str) -> None:
    assert scams.find(note) == []


def test_several_kinds_in_one_note_are_each_named_once_strongest_first() -> None:
    found = scams.find(
        "Hi {firstName}! Invest in crypto with me, WhatsApp +1 555 010 9999, "
        "details: https://bit.ly/x and crypto again"
    )
    assert [s.kind for s in found][-1] == scams.LINK
    assert sorted(s.kind for s in found) == sorted(
        [scams.PLACEHOLDER, scams.CRYPTO, scams.OFF_PLATFORM, scams.LINK]
    )
    assert all(s.weight < 0 for s in found)


def test_strangers_text_in_a_reason_is_one_clean_line() -> None:
    text = reason("Join my crypto\x1b[31m group\n now", scams.CRYPTO)
    assert "\x1b" not in text and "\n" not in text
