"""LinkedIn invitation e-mails: every era and language, .eml, mbox and Maildir."""

from __future__ import annotations

import re
import shutil
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from linkinbox.errors import InputError
from linkinbox.importers.mail import looks_like_mail, read_mail
from linkinbox.models import Invitation

FIXTURES = Path(__file__).parent / "fixtures" / "mail"


def fields(invitation: Invitation) -> dict[str, Any]:
    return {
        "name": invitation.name,
        "first_name": invitation.first_name,
        "last_name": invitation.last_name,
        "headline": invitation.headline,
        "location": invitation.location,
        "mutual_connections": invitation.mutual_connections,
        "profile_url": invitation.profile_url,
        "message": invitation.message,
        "sent_at": invitation.sent_at,
    }


EXPECTED: dict[str, dict[str, Any]] = {
    # English, 2024: text + HTML, both quoted-printable; percent-encoded Unicode slug.
    "en-2024-quoted-printable.eml": {
        "name": "Søren Ækerlund-Nuñez",
        "first_name": "Søren",
        "last_name": "Ækerlund-Nuñez",
        "headline": "Staff Engineer at Fabrikam",
        "location": "Copenhagen, Capital Region of Denmark",
        "mutual_connections": 12,
        "profile_url": "https://www.linkedin.com/in/søren-ækerlund-nuñez-91b2c0",
        "message": "",
        "sent_at": datetime(2024, 6, 12, 8, 3, 17),
    },
    # English, 2023: base64 parts, a personal note in typographic quotes, "1 connection".
    "en-2023-note-base64.eml": {
        "name": "Priya Raman, PhD",
        "first_name": "Priya",
        "last_name": "Raman",
        "headline": "Senior Data Scientist at Contoso | Causal inference & experimentation",
        "location": "Bengaluru, Karnataka, India",
        "mutual_connections": 1,
        "profile_url": "https://www.linkedin.com/in/priya-raman-phd",
        "message": (
            "Hi Dana,\nI read your post on experiment guardrails and would love to compare "
            "notes.\nBest, Priya"
        ),
        "sent_at": datetime(2023, 6, 11, 22, 47, 9),
    },
    # "<Name> wants to connect": the name comes from the subject (From says just "LinkedIn").
    "en-2018-wants-to-connect.eml": {
        "name": "Marcus Bell",
        "first_name": "Marcus",
        "last_name": "Bell",
        "headline": "Growth Marketing | SaaS | Helping founders scale",
        "location": "Austin, Texas, United States",
        "mutual_connections": 3,
        "profile_url": "https://www.linkedin.com/in/marcusbell",
        "message": "",
        "sent_at": datetime(2018, 10, 9, 15, 21, 44),
    },
    # HTML only: hidden preheader, the recipient's own avatar linked before the sender.
    "en-2024-html-only.eml": {
        "name": "Tomás O’Connell",
        "first_name": "Tomás",
        "last_name": "O’Connell",
        "headline": "Founder & CEO at Proseware <hiring>",
        "location": "Dublin, County Dublin, Ireland",
        "mutual_connections": 8,
        "profile_url": "https://www.linkedin.com/in/tomas-oconnell-b7",
        "message": "",
        "sent_at": datetime(2024, 6, 7, 16, 20, 45),
    },
    # Old era: plain name, note between greeting and "- Harold", /profile/view?id= link.
    "en-2014-please-add-me.eml": {
        "name": "Harold Finch",
        "first_name": "Harold",
        "last_name": "Finch",
        "headline": "Owner, Finch Consulting",
        "location": "Greater New York City Area",
        "mutual_connections": None,
        "profile_url": "https://www.linkedin.com/profile/view?id=AAsAAAJ3k1sBq1Zx",
        "message": (
            "We worked together on the Northwind billing migration in 2012. "
            "I'd be glad to stay in touch."
        ),
        "sent_at": datetime(2014, 3, 20, 23, 5, 33),
    },
    "de-2024-quoted-printable.eml": {
        "name": "Jürgen Müller-Lüdenscheidt",
        "first_name": "Jürgen",
        "last_name": "Müller-Lüdenscheidt",
        "headline": "Leiter Softwareentwicklung bei Contoso GmbH",
        "location": "München, Bayern, Deutschland",
        "mutual_connections": 5,
        "profile_url": "https://www.linkedin.com/in/juergen-mueller-luedenscheidt",
        "message": "",
        "sent_at": datetime(2024, 6, 3, 9, 15),
    },
    "fr-2024-base64.eml": {
        "name": "Élodie Fournier",
        "first_name": "Élodie",
        "last_name": "Fournier",
        "headline": "Responsable produit chez Tailspin Toys",
        "location": "Lyon, Auvergne-Rhône-Alpes, France",
        "mutual_connections": 7,
        "profile_url": "https://www.linkedin.com/in/élodie-fournier-0a1b2c",
        "message": (
            "Bonjour Dana, nous nous sommes croisées à ProductCamp Lyon. Au plaisir d’échanger !"
        ),
        "sent_at": datetime(2024, 5, 16, 18, 40, 2),
    },
    "es-2024-quoted-printable.eml": {
        "name": "Lucía Fernández",
        "first_name": "Lucía",
        "last_name": "Fernández",
        "headline": "Ingeniera de datos en Adventure Works",
        "location": "Madrid, Comunidad de Madrid, España",
        "mutual_connections": 2,
        "profile_url": "https://www.linkedin.com/in/luciafernandez",
        "message": "",
        "sent_at": datetime(2024, 5, 24, 11, 2, 33),
    },
    "pt-2024-base64.eml": {
        "name": "João Pereira",
        "first_name": "João",
        "last_name": "Pereira",
        "headline": "Gerente de projetos na Woodgrove Bank",
        "location": "São Paulo, São Paulo, Brasil",
        "mutual_connections": 1,
        "profile_url": "https://www.linkedin.com/in/joao-pereira-42",
        "message": "",
        "sent_at": datetime(2024, 6, 1, 14, 30),
    },
    "it-2024-quoted-printable.eml": {
        "name": "Giulia Rossi",
        "first_name": "Giulia",
        "last_name": "Rossi",
        "headline": "Sviluppatrice frontend presso Fourth Coffee",
        "location": "Milano, Lombardia, Italia",
        "mutual_connections": 6,
        "profile_url": "https://www.linkedin.com/in/giulia-rossi-fe",
        "message": (
            "Ciao Dana, ho seguito il tuo intervento al PyCon Italia: "
            "mi piacerebbe restare in contatto."
        ),
        "sent_at": datetime(2024, 6, 5, 13, 13, 13),
    },
    "nl-2024-quoted-printable.eml": {
        "name": "Sanne de Vries",
        "first_name": "Sanne",
        "last_name": "de Vries",
        "headline": "UX-onderzoeker bij Litware",
        "location": "Utrecht, Utrecht, Nederland",
        "mutual_connections": 4,
        "profile_url": "https://www.linkedin.com/in/sannedevries",
        "message": "",
        "sent_at": datetime(2024, 5, 28, 7, 45, 10),
    },
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_era_and_language_reads_every_field(name: str) -> None:
    data = read_mail(FIXTURES / name)

    assert data.problems == []
    assert data.skipped == 0
    assert [fields(invitation) for invitation in data.invitations] == [EXPECTED[name]]
    invitation = data.invitations[0]
    assert invitation.direction == "incoming"
    assert invitation.source == "email"


def test_fixtures_use_the_transfer_encodings_they_claim() -> None:
    raw = {name: (FIXTURES / name).read_bytes() for name in EXPECTED}

    assert b"Content-Transfer-Encoding: quoted-printable" in raw["en-2024-quoted-printable.eml"]
    assert b"S=C3=B8ren" in raw["en-2024-quoted-printable.eml"]
    assert b"Content-Transfer-Encoding: base64" in raw["en-2023-note-base64.eml"]
    assert b"Priya Raman" not in raw["en-2023-note-base64.eml"].split(b"\n\n", 1)[1]
    assert b"=?UTF-8?B?" in raw["fr-2024-base64.eml"]
    assert b"text/plain" not in raw["en-2024-html-only.eml"]


def test_html_part_is_read_when_there_is_no_text_part(tmp_path: Path) -> None:
    source = (FIXTURES / "en-2024-quoted-printable.eml").read_bytes()
    head, _, rest = source.partition(b"\r\n\r\n")
    boundary = b"------=_Part_4518991_1046232411.1718172197300"
    parts = rest.split(boundary)
    html_only = head + b"\r\n\r\n" + boundary.join(p for p in parts if b"text/plain" not in p)
    assert b"text/plain" not in html_only and b"text/html" in html_only
    path = tmp_path / "html.eml"
    path.write_bytes(html_only)

    data = read_mail(path)

    assert [fields(invitation) for invitation in data.invitations] == [
        EXPECTED["en-2024-quoted-printable.eml"]
    ]


def test_tracking_parameters_are_stripped_from_profile_links() -> None:
    raw = (FIXTURES / "en-2024-html-only.eml").read_text(encoding="ascii")
    assert "midToken" in raw and "trk=3Deml" in raw  # the mail is full of them

    for name in EXPECTED:
        url = read_mail(FIXTURES / name).invitations[0].profile_url
        assert "trk" not in url and "midToken" not in url and "/comm/" not in url
        assert "authToken" not in url and "lipi" not in url


def test_the_recipients_own_profile_link_is_never_taken_for_the_senders() -> None:
    (invitation,) = read_mail(FIXTURES / "en-2024-html-only.eml").invitations

    assert "dana-whitfield" not in invitation.profile_url


@pytest.mark.parametrize("name", ["not-linkedin-lookalike.eml", "linkedin-accepted.eml"])
def test_other_mail_is_skipped_and_counted_not_reported(name: str) -> None:
    data = read_mail(FIXTURES / name)

    assert data.invitations == []
    assert data.skipped == 1
    assert data.problems == []


def test_mbox_holds_invitations_and_other_mail() -> None:
    data = read_mail(FIXTURES / "inbox.mbox")

    assert [invitation.name for invitation in data.invitations] == ["Marta Kowalska", "Wei Zhang"]
    assert data.skipped == 2  # a newsletter and a LinkedIn digest
    assert data.problems == []
    marta, wei = data.invitations
    # The note's "From " line was escaped as ">From " in the mbox and comes back whole.
    assert marta.message == (
        "Hello Dana!\nFrom what I saw at the Python meetup, we share a taste for boring pipelines."
    )
    assert marta.location == "Gdańsk, Pomorskie, Poland"
    assert marta.mutual_connections is None
    # 2011 era: LinkedIn's default text is no note; no profile link, so identity is the name.
    assert wei.message == ""
    assert wei.profile_url == ""
    assert wei.sent_at == datetime(2011, 2, 15, 9, 30, 12)


def test_maildir_reads_new_and_cur(tmp_path: Path) -> None:
    maildir = tmp_path / "Mail"
    shutil.copytree(FIXTURES / "Maildir", maildir)
    (maildir / "tmp").mkdir(exist_ok=True)

    data = read_mail(maildir)

    assert sorted(invitation.name for invitation in data.invitations) == [
        "Chidi Okafor",
        "田中 愛子",
    ]
    assert data.skipped == 1
    chidi = next(i for i in data.invitations if i.name == "Chidi Okafor")
    assert chidi.mutual_connections == 27
    assert chidi.profile_url == "https://www.linkedin.com/in/chidi-okafor-5e"


def test_looks_like_mail(tmp_path: Path) -> None:
    other = tmp_path / "Invitations.csv"
    other.write_text("From,To,Sent At\n", encoding="utf-8")
    plain_folder = tmp_path / "folder"
    plain_folder.mkdir()

    assert looks_like_mail(FIXTURES / "en-2024-quoted-printable.eml")
    assert looks_like_mail(FIXTURES / "inbox.mbox")
    assert looks_like_mail(FIXTURES / "Maildir")
    assert not looks_like_mail(other)
    assert not looks_like_mail(plain_folder)
    assert not looks_like_mail(tmp_path / "missing.eml.gone")


def test_strangers_text_is_cleaned(tmp_path: Path) -> None:
    path = tmp_path / "evil.eml"
    path.write_bytes(
        b"From: =?UTF-8?Q?Eve=1B[31m_Hacker_via_LinkedIn?= <INVITATIONS@LinkedIn.com>\n"
        b"Subject: I want to connect\n"
        b"Date: Mon, 10 Jun 2024 10:00:00 +0000\n"
        b"Content-Type: text/plain; charset=utf-8\n\n"
        b"Eve\x1b[31m Hacker\n"
        b"Chief \xe2\x80\xaeOfficer\x07\n"
        b"\n"
        b'"Click \x1b]8;;http://evil.example\x07here\x1b]8;;\x07"\n'
        b"View profile: https://www.linkedin.com/comm/in/eve-hacker?trk=x\n"
    )

    (invitation,) = read_mail(path).invitations

    assert invitation.name == "Eve Hacker"
    assert invitation.headline == "Chief Officer"
    assert invitation.message == "Click here"
    assert invitation.profile_url == "https://www.linkedin.com/in/eve-hacker"


def test_links_to_other_sites_are_never_a_profile_url(tmp_path: Path) -> None:
    path = tmp_path / "other-links.eml"
    path.write_bytes(
        b"From: Eve Hacker via LinkedIn <invitations@linkedin.com>\n"
        b"Subject: I want to connect\n"
        b"Content-Type: text/plain; charset=utf-8\n\n"
        b"Eve Hacker\n\n"
        b"View profile: https://linkedin.com.evil.example/in/eve\n"
    )

    (invitation,) = read_mail(path).invitations

    assert invitation.profile_url == ""
    assert invitation.sent_at is None


def test_invitation_without_any_name_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "nameless.eml"
    path.write_bytes(
        b"From: invitations@linkedin.com\nSubject: I want to connect\n\nAccept: https://x\n"
    )

    data = read_mail(path)

    assert data.invitations == []
    assert data.skipped == 1
    assert data.problems == [f"{path}: no sender name found in this LinkedIn invitation; skipped."]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("broken.mbox", b"this is not an mbox at all\n"),
        ("garbage.eml", b"\x00\x01\x02\xff\xfe binary"),
        ("empty.eml", b""),
    ],
)
def test_unreadable_mail_file_is_an_input_error_naming_it(
    tmp_path: Path, name: str, content: bytes
) -> None:
    path = tmp_path / name
    path.write_bytes(content)

    with pytest.raises(InputError, match=re.escape(name)):
        read_mail(path)


def test_missing_file_and_plain_folder_are_input_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=re.escape("gone.eml")):
        read_mail(tmp_path / "gone.eml")
    with pytest.raises(InputError, match=re.escape("not a Maildir")):
        read_mail(tmp_path)
