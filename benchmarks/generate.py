"""Generate a synthetic LinkedIn `Invitations.csv` of N pending requests, for the benchmarks.

The file looks like a real export's (see DESIGN.md, "Format facts"): the 2023+ header, `Sent At`
like `6/12/26, 8:03 AM`, newest first, raw Unicode slugs (some percent-encoded, some with a
trailing `/` or `?…`), notes on about a quarter of the rows (quotes, commas, newlines), and one
OUTGOING row for every twenty incoming ones. There is no Connections.csv, so every INCOMING row
is a pending request: the inbox holds exactly N.

Every INCOMING row has its own sender and its own minute, so the list order is known in advance:
row 0 is at the top of the list, row N-1 at the bottom. The oldest sender has a name that occurs
nowhere else (`OLDEST_NAME`) so the benchmark can see when a jump to the end is on screen.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import quote

HEADER = ["From", "To", "Sent At", "Message", "Direction", "inviterProfileUrl", "inviteeProfileUrl"]
ME = "Dana Whitfield"
ME_URL = "https://www.linkedin.com/in/dana-whitfield-7b21a9"
OLDEST_NAME = "Xanthippe Lastrowe"
#: A word that occurs in exactly one note (a filter that finds one request).
RARE_WORD = "kumquat"
#: The newest invitation; older ones go back from here, one or more minutes apart.
NEWEST = datetime(2026, 6, 12, 20, 3)
SPAN_MINUTES = 2 * 365 * 24 * 60

FIRST = (
    "Søren", "Priya", "Marcus", "Zoë", "José", "Ngozi", "Aiko", "Liam", "Fatima", "Chen", "Olga",
    "Mateo", "Harriet", "Kwame", "Ines", "Dmitri", "Amara", "Björn", "Lucía", "Tomás", "Yuki",
    "Anya", "Rahul", "Grace", "Émile", "Noor", "Oskar", "Wei", "Sade", "Jonas", "Maren", "Ravi",
    "Elif", "Kofi", "Ingrid", "Pablo", "Leila", "Hugo", "Mei", "Tariq",
)  # fmt: skip
LAST = (
    "Ækerlund-Nuñez", "Raman", "Bell", "Okonjo", "Iglesias", "Nakamura", "Schmidt", "Adeyemi",
    "Kowalski", "Haddad", "Novak", "Fernández", "O'Brien", "Lindqvist", "Mensah", "Petrov",
    "García", "Dubois", "Tanaka", "Müller", "Rossi", "Kaur", "Walsh", "Yilmaz", "Santos", "Berg",
    "Zhang", "Costa", "Moreau", "Ivanova", "Hughes", "Papadopoulos", "Nguyen", "Larsen", "Silva",
    "Jansen", "Cohen", "Osei", "Ferreira", "Kim",
)  # fmt: skip
SUFFIX = ("", "", "", "", "", "", ", PhD", ", MBA", " 🚀", " (she/her)")
NOTES = (
    "Hi {me}, I'd love to connect and learn more about your work.",
    'Hi {me}, loved your talk on "boring" data pipelines. Happy to connect!',
    "Hello {me},\nI'm expanding my network of professionals in tech. Let's connect!",
    "Hi {me} – we met at the Berlin meetup last spring, great chat about Rust, cheers.",
    "Hey {me}, I help founders scale their sales pipeline 10x. Open to a quick call?",
    "{me}, we worked together at Fabrikam (2019-2021), would be great to reconnect.",
)


@dataclass(frozen=True)
class Inbox:
    """What the benchmark needs to know about a generated file."""

    path: Path
    pending: int
    rows: int
    newest_name: str
    oldest_name: str
    #: The names of the first rows of the list, top first (up to 64).
    top_names: tuple[str, ...]


def _sent_at(when: datetime) -> str:
    hour = when.hour % 12 or 12
    ampm = "AM" if when.hour < 12 else "PM"
    return f"{when.month}/{when.day}/{when.year % 100:02d}, {hour}:{when.minute:02d} {ampm}"


def _slug(first: str, last: str, number: int, rng: random.Random) -> str:
    slug = f"{first}-{last}".lower().replace(" ", "-").replace("'", "") + f"-{number:x}"
    shape = rng.random()
    if shape < 0.15:
        return quote(slug, safe="-")  # percent-encoded, as Connections.csv writes slugs
    if shape < 0.25:
        return slug + "/"
    if shape < 0.30:
        return slug + "?miniProfileUrn=urn%3Ali%3Afs_miniProfile%3AACoAA"
    return slug  # raw Unicode, as Invitations.csv writes slugs


def write_invitations(path: Path, pending: int, seed: int = 6) -> Inbox:
    """Write an Invitations.csv holding `pending` incoming requests (plus 5% outgoing rows)."""
    rng = random.Random(seed)
    step = max(1, SPAN_MINUTES // max(pending, 1))
    rare_at = pending // 2
    rows = 0
    top: list[str] = []
    oldest_name = ""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(HEADER)
        for i in range(pending):
            when = NEWEST - timedelta(minutes=i * step)
            first, last = rng.choice(FIRST), rng.choice(LAST)
            name = f"{first} {last}{rng.choice(SUFFIX)}"
            if i == pending - 1:
                name = OLDEST_NAME
                first, last = name.split()
            note = ""
            if i == rare_at:
                note = f"Hi {ME.split()[0]}, I grow {RARE_WORD}s. Connect?"
            elif rng.random() < 0.25:
                note = rng.choice(NOTES).format(me=ME.split()[0])
            url = "https://www.linkedin.com/in/" + _slug(first, last, i, rng)
            writer.writerow([name, ME, _sent_at(when), note, "INCOMING", url, ME_URL])
            rows += 1
            if i % 20 == 10:  # an invitation the user sent, a little earlier
                o_first, o_last = rng.choice(FIRST), rng.choice(LAST)
                other = f"{o_first} {o_last}"
                other_url = "https://www.linkedin.com/in/" + _slug(o_first, o_last, i, rng)
                writer.writerow(
                    [ME, other, _sent_at(when - timedelta(seconds=30)), "", "OUTGOING", ME_URL,
                     other_url]
                )  # fmt: skip
                rows += 1
            if i < 64:
                top.append(name)
            oldest_name = name
    return Inbox(path, pending, rows, top[0] if top else "", oldest_name, tuple(top))


MAIL = """From invitations@linkedin.com {ctime}
From: =?UTF-8?Q?{qp_name}_via_LinkedIn?= <invitations@linkedin.com>
Message-ID: <{n}.{stamp}@ltx1-app15062.prod.linkedin.com>
Subject: I want to connect
MIME-Version: 1.0
To: {me} <dana.whitfield@example.org>
Date: {date}
X-LinkedIn-Class: INVITE-GUEST
Content-Type: multipart/alternative;
\tboundary="----=_Part_{n}_1046232411.{stamp}"

------=_Part_{n}_1046232411.{stamp}
Content-Type: text/plain; charset="UTF-8"
Content-Transfer-Encoding: quoted-printable

Hi Dana,

I'd like to join your LinkedIn network.

{qp_name}
{headline}
{location}
{mutual} connections in common

Accept: https://www.linkedin.com/comm/mynetwork/invite-accept?invitationId=
=3D72053121144{n:07}&sharedKey=3DdHq8_nKp&trk=3Deml-email_m2m_invite_single_01

View profile: https://www.linkedin.com/comm/in/{slug}?midToken=3DAQHv1E0Ykq9W2Q&tr=
k=3Deml-email_m2m_invite_single_01-hero-2-view~profile

-----------------------------------------

This email was intended for {me} (Product lead at Northwind Traders)
You are receiving Invitation emails.

------=_Part_{n}_1046232411.{stamp}
Content-Type: text/html; charset="UTF-8"
Content-Transfer-Encoding: quoted-printable

<html><body><table><tr><td><p>Hi Dana,</p><p>I'd like to join your LinkedIn network.</p>
<p><a href=3D"https://www.linkedin.com/comm/in/{slug}?trk=3Deml">{qp_name}</a></p>
<p>{headline}</p><p>{location}</p><p>{mutual} connections in common</p>
<p><a href=3D"https://www.linkedin.com/comm/mynetwork/invite-accept?invitationId=3D{n}">Accept</a></p>
</td></tr></table></body></html>

------=_Part_{n}_1046232411.{stamp}--

"""


def write_mbox(path: Path, count: int, seed: int = 7) -> int:
    """An mbox of `count` LinkedIn invitation e-mails (quoted-printable text and HTML parts, as
    LinkedIn sends them), each from its own sender: the mail import's benchmark input."""
    rng = random.Random(seed)
    with path.open("w", encoding="ascii", newline="\n") as out:
        for n in range(count):
            first, last = rng.choice(FIRST), rng.choice(LAST)
            name = f"{first} {last} {n}"
            qp = "".join(
                c if c.isascii() and c.isalnum() else "".join(f"={b:02X}" for b in c.encode())
                for c in name
            )
            when = NEWEST - timedelta(minutes=7 * n + 1)
            out.write(
                MAIL.format(
                    n=n,
                    stamp=1718172197301 + n,
                    ctime=when.strftime("%a %b %d %H:%M:%S %Y"),
                    date=when.strftime("%a, %d %b %Y %H:%M:%S +0000"),
                    qp_name=qp,
                    me=ME,
                    headline="Staff Engineer at Fabrikam",
                    location="Copenhagen, Capital Region of Denmark",
                    mutual=n % 40,
                    slug=f"{quote(first.lower())}-{n}-91b2c0",
                )
            )
    return count
