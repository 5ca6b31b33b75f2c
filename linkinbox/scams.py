"""Scams and automation named for what they are: what a note asks for, in the sender's words.

`find(note)` returns one `Scam` per kind found, each a plain sentence with the fact behind it:

- off-platform: asks to move the talk to WhatsApp, Telegram, Signal or a phone number;
- crypto: crypto or investment offers ("guaranteed returns", "passive income");
- money: asks for money or personal data (bank details, a passport, a fee);
- link: a link in the note;
- placeholder: a mail-merge placeholder automation left unfilled (`{firstName}`, `[Name]`,
  `{{first_name}}`), named in the sentence.

English, German, French, Spanish, Portuguese, Dutch and Italian phrasings: the languages of the
invitation e-mails linkinbox reads. No Textual here; every pattern is compiled once, at import.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from linkinbox.text import one_line

OFF_PLATFORM = "off-platform"
CRYPTO = "crypto"
MONEY = "money"
LINK = "link"
PLACEHOLDER = "placeholder"

#: How far each kind points toward "stranger" (screening's weights: a former connection is +3).
WEIGHTS = {OFF_PLATFORM: -6, CRYPTO: -6, MONEY: -6, PLACEHOLDER: -5, LINK: -3}
#: Kinds that suggest decline whatever else is known (a link alone does not, from someone known).
ALWAYS_DECLINE = frozenset({OFF_PLATFORM, CRYPTO, MONEY, PLACEHOLDER})

QUOTE_LIMIT = 40


class Scam(NamedTuple):
    kind: str
    text: str  # the reason, a plain sentence with the fact
    weight: int


# -- off LinkedIn ---------------------------------------------------------------------------------

# Apps people are moved to. "Signal" is also a plain word: only capitalised, after "message me on".
_APPS = re.compile(
    r"\b(?:(?P<whatsapp>whats\s?app|watsapp|whatsap|wa\.me/)"
    r"|(?P<telegram>telegram|t\.me/)"
    r"|(?P<wechat>wechat|we\s?chat\b)"
    r"|(?P<viber>viber)"
    r"|(?P<kakao>kakao\s?talk))",
    re.IGNORECASE,
)
_SIGNAL = re.compile(
    r"(?i:\b(?:me|us|chat|talk|text|write|message|contact|reach|add|mir|mich|moi|nos|mij|mi)\b"
    r"[^.!?\n]{0,20}?\b(?:on|via|over|auf|per|über|sur|par|por|pelo|no|op|su|tramite|en))"
    r"\s+Signal\b"
    r"|\bSignal\s+(?i:app|messenger)\b"
)
_APP_HINTS = ("whats", "watsap", "wa.me", "telegram", "t.me/", "chat", "viber", "kakao")
_APP_NAMES = {
    "whatsapp": "WhatsApp",
    "telegram": "Telegram",
    "wechat": "WeChat",
    "viber": "Viber",
    "kakao": "KakaoTalk",
}
# An international number (+44 7700 900123, +1 (555) 010-9999) or a North American one.
_PHONE = re.compile(
    r"(?<![\w+])(?:\+\d{1,3}[\s.-]?(?:\(\d{1,4}\)[\s.-]?)?\d[\d\s.-]{5,14}\d"
    r"|\(\d{3}\)\s?\d{3}[\s.-]\d{4}|\d{3}[.-]\d{3}[.-]\d{4}"
    r"|0\d{2,4}[\s/.-]?\d{2,4}[\s.-]?\d{2,6})(?![\w])"
)
_THREE_DIGITS = re.compile(r"\d\d\d")
# Words around a number that make it a way to reach them.
_PHONE_CONTEXT = re.compile(
    r"\b(?:call|text|sms|phone|mobile|cell|number|reach\s+me|contact\s+me|message\s+me"
    r"|anruf|ruf|handy|nummer|telefon|appel|appelez|t[ée]l[ée]phone|num[ée]ro|portable"
    r"|llam|tel[ée]fono|n[úu]mero|m[óo]vil|celular|liga|ligue|bel\s+me|telefoon|nummer"
    r"|chiama|cellulare|numero)",
    re.IGNORECASE,
)


def _off_platform(note: str) -> Scam | None:
    low = note.lower()
    app = _APPS.search(note) if any(hint in low for hint in _APP_HINTS) else None
    if app is not None:
        name = _APP_NAMES[app.lastgroup or "whatsapp"]
        return Scam(
            OFF_PLATFORM,
            f"Asks to move the conversation to {name}, off LinkedIn: a common scam opening.",
            WEIGHTS[OFF_PLATFORM],
        )
    if "signal" in low and _SIGNAL.search(note):
        return Scam(
            OFF_PLATFORM,
            "Asks to move the conversation to Signal, off LinkedIn: a common scam opening.",
            WEIGHTS[OFF_PLATFORM],
        )
    phone = _PHONE.search(note) if _THREE_DIGITS.search(note) else None
    if phone is not None:
        digits = sum(ch.isdigit() for ch in phone.group(0))
        if digits >= 9 and (phone.group(0).startswith("+") or _PHONE_CONTEXT.search(note)):
            number = one_line(phone.group(0), limit=QUOTE_LIMIT)
            return Scam(
                OFF_PLATFORM,
                f"Gives a phone number ({number}) to move the conversation off LinkedIn: "
                "a common scam opening.",
                WEIGHTS[OFF_PLATFORM],
            )
    return None


# -- phrase lists ---------------------------------------------------------------------------------

_CRYPTO_PHRASES = (
    # English
    r"crypto(?:currenc(?:y|ies))?",
    r"bitcoins?",
    r"btc",
    r"ethereum",
    r"usdt",
    r"binance",
    r"forex",
    r"binary\s+options?",
    r"trading\s+(?:platform|signals?|account|bot)",
    r"investment\s+(?:opportunit(?:y|ies)|plan|platform|returns?)",
    r"invest(?:ing)?\s+with\s+(?:me|us)",
    r"passive\s+income",
    r"guaranteed\s+(?:returns?|profits?|income|roi)",
    r"daily\s+(?:profits?|returns?)",
    r"double\s+your\s+(?:money|investment)",
    r"financial\s+freedom",
    # German
    r"krypto(?:währung(?:en)?|s)?",
    r"investitionsm[öo]glichkeit(?:en)?",
    r"geldanlage",
    r"passives\s+einkommen",
    r"garantierte[nr]?\s+(?:rendite|gewinne?)",
    # French
    r"cryptomonnaies?",
    r"opportunit[ée]s?\s+d[’']investissement",
    r"revenus?\s+passifs?",
    r"rendement\s+garanti",
    r"profits?\s+garantis?",
    # Spanish
    r"criptomonedas?",
    r"oportunidad(?:es)?\s+de\s+inversi[óo]n",
    r"ingresos\s+pasivos",
    r"rentabilidad\s+garantizada",
    r"ganancias\s+garantizadas",
    # Portuguese
    r"criptomoedas?",
    r"oportunidades?\s+de\s+investimento",
    r"renda\s+passiva",
    r"retorno\s+garantido",
    r"lucros?\s+garantidos?",
    # Dutch
    r"cryptomunt(?:en)?",
    r"beleggingskans(?:en)?",
    r"passief\s+inkomen",
    r"gegarandeerd\s+rendement",
    # Italian
    r"criptovalut[ae]",
    r"opportunit[àa]\s+di\s+investimento",
    r"reddito\s+passivo",
    r"rendimento\s+garantito",
    r"guadagni?\s+garantit[io]",
)
_MONEY_PHRASES = (
    # English
    r"send\s+(?:me\s+|us\s+)?(?:the\s+)?money",
    r"wire\s+(?:me\s+|us\s+)?(?:the\s+)?(?:money|funds|transfer|payment)",
    r"western\s+union",
    r"moneygram",
    r"gift\s*cards?",
    r"bank\s+(?:details|account|information|info|login)",
    r"account\s+number",
    r"routing\s+number",
    r"iban",
    r"credit\s+card",
    r"passport",
    r"id\s+card",
    r"driver[’']?s\s+licen[cs]e",
    r"social\s+security",
    r"ssn",
    r"date\s+of\s+birth",
    r"processing\s+fee",
    r"registration\s+fee",
    r"upfront\s+fee",
    r"application\s+fee",
    r"small\s+fee",
    r"transfer\s+fee",
    r"pay\s+(?:a|the)\s+fee",
    r"password",
    # German
    r"bankverbindung",
    r"bankdaten",
    r"kontonummer",
    r"überweisung",
    r"reisepass",
    r"personalausweis",
    r"kreditkarte",
    r"bearbeitungsgebühr",
    # French
    r"coordonn[ée]es\s+bancaires",
    r"virement",
    r"passeport",
    r"carte\s+d[’']identit[ée]",
    r"carte\s+(?:bancaire|de\s+cr[ée]dit)",
    r"frais\s+de\s+dossier",
    # Spanish
    r"datos\s+bancarios",
    r"cuenta\s+bancaria",
    r"transferencia\s+bancaria",
    r"pasaporte",
    r"documento\s+de\s+identidad",
    r"tarjeta\s+de\s+cr[ée]dito",
    # Portuguese
    r"dados\s+banc[áa]rios",
    r"conta\s+banc[áa]ria",
    r"transfer[êe]ncia\s+banc[áa]ria",
    r"passaporte",
    r"cart[ãa]o\s+de\s+cr[ée]dito",
    # Dutch
    r"bankgegevens",
    r"rekeningnummer",
    r"paspoort",
    r"creditcard",
    # Italian
    r"dati\s+bancari",
    r"conto\s+bancario",
    r"bonifico",
    r"passaporto",
    r"carta\s+d[’']identit[àa]",
    r"carta\s+di\s+credito",
    r"codice\s+fiscale",
)


def _phrases(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern for many phrases (each starting with a lowercase letter), for lowercased text.

    Grouped by first letter behind one `\\b`: `re` rejects most words after one comparison,
    many times faster than a flat alternation tried at every position.
    """
    by_first: dict[str, list[str]] = {}
    for phrase in phrases:
        first = phrase[0]
        if not (first.isalpha() and first == first.lower()):
            raise ValueError(f"phrase {phrase!r} must start with a lowercase letter")
        by_first.setdefault(first, []).append(phrase[1:])
    branches = [re.escape(f) + "(?:" + "|".join(rest) + ")" for f, rest in by_first.items()]
    return re.compile(r"\b(?:" + "|".join(branches) + r")(?![\w-])")


_LITERAL = re.compile(r"[^\W\d_]+")
_OPENERS = "\"'“‘„«(¿¡[#*-/"


def _heads(phrases: tuple[str, ...]) -> frozenset[str]:
    """The first four letters of each phrase's first word: a note none of whose words begins
    so cannot match, and is not searched (most notes, at a set intersection's cost)."""
    return frozenset(_LITERAL.match(phrase).group(0)[:4] for phrase in phrases)  # type: ignore[union-attr]


_CRYPTO = _phrases(_CRYPTO_PHRASES)
_CRYPTO_HEADS = _heads(_CRYPTO_PHRASES)
_RETURNS = re.compile(r"\d+\s?%\s+(?:returns?|roi|profit|monthly|weekly|daily)\b")
_MONEY = _phrases(_MONEY_PHRASES)
_MONEY_HEADS = _heads(_MONEY_PHRASES)

# -- links ----------------------------------------------------------------------------------------

_LINK = re.compile(
    r"(?:https?://|www\.)[^\s<>\"“”]+"
    r"|\b(?:bit\.ly|tinyurl\.com|t\.co|goo\.gl|linktr\.ee|calendly\.com|cal\.com|ow\.ly"
    r"|rebrand\.ly|is\.gd|buff\.ly|lnkd\.in|forms\.gle)/[^\s<>\"“”]*"
    r"|\b[a-z0-9][a-z0-9-]{1,62}\.(?:com|io|co|net|org|xyz|ai|app|biz|info|me|ly|site|online"
    r"|shop|link|club|top)/[^\s<>\"“”]*",
    re.IGNORECASE,
)

# -- placeholders ---------------------------------------------------------------------------------

# Words a mail-merge field is made of: the recipient's name or company, in any of the languages.
_FIELD_WORDS = (
    r"(?:first|last|full|given|sur|family|contact|recipient|lead|prospect|company|business|account"
    r"|job|title|position|role|city|location|country|industry|user|your|their|his|her|target)?"
    r"[\s_.-]?(?:name|names|firstname|lastname|company|company[\s_]?name|title|job[\s_]?title"
    r"|city|industry|role|position|vorname|nachname|firma|unternehmen|pr[ée]nom|nom|soci[ée]t[ée]"
    r"|entreprise|nombre|apellido|empresa|nome|sobrenome|voornaam|achternaam|naam|bedrijf"
    r"|cognome|azienda|first|fname|lname)"
)
_PLACEHOLDER = re.compile(
    r"\{\{\s*[A-Za-z_][\w.\s-]{0,30}?\s*\}\}"  # {{first_name}}, {{ contact.firstName }}
    r"|\{\s*" + _FIELD_WORDS + r"\s*\}"  # {firstName}, {company}
    r"|\[\s*" + _FIELD_WORDS + r"\s*\]"  # [Name], [First Name], [Vorname]
    r"|<\s*" + _FIELD_WORDS + r"\s*>"  # <first name>
    r"|%" + _FIELD_WORDS + r"%"  # %FIRSTNAME%
    r"|\*\|\s*[A-Z_]{2,20}\s*\|\*"  # *|FNAME|* (Mailchimp)
    r"|#" + _FIELD_WORDS + r"#",  # #firstname#
    re.IGNORECASE,
)


def _quote(text: str) -> str:
    return "“" + one_line(text, limit=QUOTE_LIMIT) + "”"


def find(note: str) -> list[Scam]:
    """Every kind of scam or automation `note` shows, each once, strongest first."""
    if not note:
        return []
    found: list[Scam] = []
    placeholder = _PLACEHOLDER.search(note)
    if placeholder is not None:
        field = one_line(placeholder.group(0), limit=QUOTE_LIMIT)
        found.append(
            Scam(
                PLACEHOLDER,
                f"Sent by automation that left the placeholder {field} unfilled.",
                WEIGHTS[PLACEHOLDER],
            )
        )
    off = _off_platform(note)
    if off is not None:
        found.append(off)
    low = note.lower()
    if len(low) != len(note):  # a rare letter whose lowercase is longer ("İ"): spans must fit
        low = note
    words = low.split()
    heads = {word[:4] for word in words}
    heads.update(word.lstrip(_OPENERS)[:4] for word in words if not word[:1].isalnum())
    crypto = _CRYPTO.search(low) if not _CRYPTO_HEADS.isdisjoint(heads) else None
    if crypto is None and "%" in low:
        crypto = _RETURNS.search(low)
    if crypto is not None:
        found.append(
            Scam(
                CRYPTO,
                f"Offers crypto or an investment ({_quote(note[crypto.start() : crypto.end()])}): "
                "a common scam.",
                WEIGHTS[CRYPTO],
            )
        )
    money = _MONEY.search(low) if not _MONEY_HEADS.isdisjoint(heads) else None
    if money is not None:
        found.append(
            Scam(
                MONEY,
                "Asks for money or personal data "
                f"({_quote(note[money.start() : money.end()])}): a common scam.",
                WEIGHTS[MONEY],
            )
        )
    if "/" in note or "www." in low:
        link = _LINK.search(note)
        if link is not None:
            found.append(
                Scam(LINK, f"Puts a link in the note ({_quote(link.group(0))}).", WEIGHTS[LINK])
            )
    found.sort(key=lambda s: s.weight)
    return found
