"""linkinbox's own CSV / JSON lists: what `export` writes comes back without loss."""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path

import pytest

from linkinbox.errors import InputError
from linkinbox.importers.own import OWN_CSV_FIELDS, looks_like_own_csv, read_own
from linkinbox.models import Invitation

FIXTURES = Path(__file__).parent / "fixtures" / "own"

EXPECTED = [
    Invitation(
        name="Søren Ækerlund-Nuñez",
        first_name="Søren",
        last_name="Ækerlund-Nuñez",
        headline="Staff Engineer at Fabrikam",
        location="Copenhagen, Capital Region of Denmark",
        company="Fabrikam",
        profile_url="https://www.linkedin.com/in/søren-ækerlund-nuñez-91b2c0",
        sent_at=datetime(2026, 6, 12, 8, 3),
        mutual_connections=12,
        source="email",
        status="pending",
    ),
    Invitation(
        name="Priya Raman, PhD",
        first_name="Priya",
        last_name="Raman",
        headline="Senior Data Scientist at Contoso",
        company="Contoso",
        profile_url="https://www.linkedin.com/in/priya-raman-phd",
        message='Hi Dana,\nloved your post on "guardrails". Happy to connect!',
        sent_at=datetime(2026, 6, 11, 22, 47),
        mutual_connections=0,
        source="export",
        status="decline",
        decided_at=datetime(2026, 6, 13, 9, 15, 30),
        reply="Hi Priya, thanks for the invitation.\nI only connect with people I've worked with.",
    ),
    Invitation(
        name="Mateo Iglesias",
        direction="outgoing",
        first_name="Mateo",
        last_name="Iglesias",
        profile_url="https://www.linkedin.com/in/mateo-iglesias-dev",
        message="Hi Mateo, loved your talk.",
        sent_at=datetime(2026, 6, 10, 16, 12),
        source="export",
        status="sent",
        invite_count=2,
    ),
    Invitation(
        name="Marcus Bell",
        first_name="Marcus",
        last_name="Bell",
        headline="- ex-Google, ex-Meta -",
        location="'Quoted on purpose",
        company="+1 Ventures",
        profile_url="https://www.linkedin.com/in/marcusbell",
        message="@Dana loved your talk",
        sent_at=datetime(2026, 6, 3, 10, 0),
        mutual_connections=3,
        source="email",
        status="follow",
        decided_at=datetime(2026, 6, 4, 12, 0),
        reply="=1+2",
    ),
]


def test_csv_export_reads_back_every_field() -> None:
    data = read_own(FIXTURES / "export.csv")

    assert data.problems == []
    assert data.skipped == 0
    assert data.invitations == EXPECTED


def test_json_export_reads_back_every_field_and_ignores_extras() -> None:
    raw = json.loads((FIXTURES / "export.json").read_text(encoding="utf-8"))
    assert raw[0]["reasons"] and raw[0]["suggested"] and raw[2]["invite_count"]

    data = read_own(FIXTURES / "export.json")

    assert data.problems == []
    assert data.invitations == EXPECTED


def test_csv_header_is_the_documented_field_order() -> None:
    header = (FIXTURES / "export.csv").read_text(encoding="utf-8-sig").splitlines()[0]

    assert tuple(header.split(",")) == OWN_CSV_FIELDS


def test_defused_cells_lose_exactly_one_quote(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_text(
        "name,headline,message,company,location,reply\n"
        "'=Robert,'==twice,'@you,'\tTabbed,'plain,'-\n",
        encoding="utf-8",
    )

    (invitation,) = read_own(path).invitations

    assert invitation.name == "=Robert"
    assert invitation.headline == "==twice"
    assert invitation.message == "@you"
    assert invitation.company == "Tabbed"  # the tab is then cleaned like any stranger's text
    assert invitation.location == "'plain"  # not a defused cell
    assert invitation.reply == "-"


def test_bad_rows_are_reported_with_file_and_row_and_the_rest_imports() -> None:
    path = FIXTURES / "bad-rows.csv"

    data = read_own(path)

    assert [invitation.name for invitation in data.invitations] == [
        "Harriet Okonjo",
        "Sanne de Vries",
    ]
    assert data.skipped == 4
    assert data.problems == [
        f"{path}, row 3: no name; skipped.",
        f"{path}, row 4: sent_at '13/06/2026' is not an ISO 8601 date; skipped.",
        f"{path}, row 5: status 'maybe' is not one of pending, follow, connect, decline, sent, "
        "withdrawn, gone; skipped.",
        f"{path}, row 6: mutual_connections 'many' is not a whole number; skipped.",
    ]
    sanne = data.invitations[1]
    assert sanne.profile_url == "https://www.linkedin.com/in/sannedevries"
    assert sanne.message == "Hallo Dana,\ntot ziens!"
    assert sanne.status is None
    assert sanne.source == "csv"
    assert sanne.sent_at == datetime(2026, 5, 28)


def test_only_name_is_required_and_source_defaults_to_the_format(tmp_path: Path) -> None:
    path = tmp_path / "mine.json"
    path.write_text(
        '[{"name": "Ada Lovelace", "mutual_connections": null, "color": "blue"},'
        ' {"name": "Grace Hopper", "id": 99, "sent_at": "2026-06-01T09:00:00Z"}]',
        encoding="utf-8",
    )

    data = read_own(path)

    ada, grace = data.invitations
    assert (ada.first_name, ada.last_name, ada.source, ada.direction) == (
        "Ada",
        "Lovelace",
        "json",
        "incoming",
    )
    assert ada.mutual_connections is None and ada.reply is None and ada.status is None
    assert grace.sent_at == datetime(2026, 6, 1, 9, 0)


def test_bad_json_items_are_reported(tmp_path: Path) -> None:
    path = tmp_path / "mine.json"
    path.write_text(
        '[{"name": ""}, {"name": "Ok"}, {"name": "N", "mutual_connections": true},'
        ' {"name": "U", "profile_url": "javascript:alert(1)//x"},'
        ' {"name": "V", "profile_url": "https://[www.linkedin.com/in/v"}]',
        encoding="utf-8",
    )

    data = read_own(path)

    assert [invitation.name for invitation in data.invitations] == ["Ok"]
    assert data.problems == [
        f"{path}, item 1: no name; skipped.",
        f"{path}, item 3: mutual_connections true/false is not a whole number; skipped.",
        f"{path}, item 4: profile_url 'javascript:alert(1)//x' is not a web address; skipped.",
        f"{path}, item 5: profile_url 'https://[www.linkedin.com/in/v' is not a web address; "
        "skipped.",
    ]
    assert data.skipped == 4


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("broken.json", '[{"name": "A"', "is not valid JSON"),
        ("object.json", '{"name": "A"}', "expected a JSON array"),
        ("strings.json", '["Ada", "Grace"]', "item 1: expected an object"),
        ("noname.csv", "headline,company\nx,y\n", "has no name column"),
        ("empty.csv", "", "is empty"),
    ],
)
def test_unreadable_lists_are_input_errors_naming_the_file(
    tmp_path: Path, name: str, content: str, says: str
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")

    with pytest.raises(InputError, match=re.escape(name)) as error:
        read_own(path)
    assert says in str(error.value)


def test_latin1_file_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes("name\nSøren\n".encode("latin-1"))

    with pytest.raises(InputError, match=re.escape("latin1.csv is not UTF-8")):
        read_own(path)


def test_bom_and_crlf_are_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.csv"
    path.write_bytes("\ufeffName,Profile_URL\r\nSøren,søren-ækerlund-nuñez-91b2c0\r\n".encode())

    (invitation,) = read_own(path).invitations

    assert invitation.name == "Søren"
    assert invitation.profile_url == "https://www.linkedin.com/in/søren-ækerlund-nuñez-91b2c0"


def test_looks_like_own_csv_by_header(tmp_path: Path) -> None:
    invitations = tmp_path / "Invitations.csv"
    invitations.write_text("From,To,Sent At,Message,Direction\n", encoding="utf-8")
    contacts = tmp_path / "contacts.csv"
    contacts.write_text("name,email,phone,birthday,street\n", encoding="utf-8")
    short = tmp_path / "short.csv"
    short.write_bytes(b"\xef\xbb\xbfname,profile_url,message\n")

    assert looks_like_own_csv(FIXTURES / "export.csv")
    assert looks_like_own_csv(FIXTURES / "bad-rows.csv")
    assert looks_like_own_csv(short)
    assert not looks_like_own_csv(invitations)
    # A header with a name column is meant as a list: read_own names what it does not know.
    assert looks_like_own_csv(contacts)
    with pytest.raises(InputError, match="unknown columns “email”, “phone”, “birthday”"):
        read_own(contacts)
    assert not looks_like_own_csv(tmp_path / "missing.csv")
