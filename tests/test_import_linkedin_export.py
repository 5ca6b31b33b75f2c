"""Reading LinkedIn's data export: its ZIP, the unzipped folder and its single CSV files."""

from __future__ import annotations

import shutil
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from linkinbox.errors import InputError
from linkinbox.importers import linkedin_export, safezip
from linkinbox.importers.dates import parse_connected_on, parse_sent_at
from linkinbox.importers.linkedin_export import looks_like_export_csv, read_export
from linkinbox.models import Invitation
from linkinbox.text import UnsafeAddress, profile_url, slug_from_url

FIXTURES = Path(__file__).parent / "fixtures" / "export"

INVITATIONS_HEADER = "From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl\n"


def _by_name(items: list[Invitation]) -> dict[str, Invitation]:
    return {item.name: item for item in items}


# --- the shared sample --------------------------------------------------------------------------


def test_sample_folder_reads_every_invitation_and_connection(sample_export: Path) -> None:
    data = read_export(sample_export)

    assert data.problems == [] and data.skipped == 0
    invitations = _by_name(data.invitations)
    assert len(data.invitations) == 6
    incoming = {i.name for i in data.invitations if i.direction == "incoming"}
    assert incoming == {"Søren Ækerlund-Nuñez", "Priya Raman, PhD", "Marcus Bell", "Yuki Tanaka"}
    # Outgoing rows describe the invitee, not the user.
    assert {i.name for i in data.invitations if i.direction == "outgoing"} == {
        "Mateo Iglesias",
        "Harriet Okonjo",
    }
    priya = invitations["Priya Raman, PhD"]
    assert (priya.first_name, priya.last_name) == ("Priya", "Raman")
    assert priya.sent_at == datetime(2026, 6, 11, 22, 47)
    assert priya.message.splitlines()[1].startswith("we met at the PyData Lisbon meetup")
    assert priya.profile_url == "https://www.linkedin.com/in/priya-raman-phd"
    assert priya.source == "export"
    assert invitations["Mateo Iglesias"].message == (
        'Hi Mateo, loved your talk on "boring" data pipelines. Happy to connect!'
    )
    # One hidden profile (a date only) is skipped silently; the last row has no final newline.
    assert [c.name for c in data.connections] == [
        "Harriet Okonjo",
        "Yuki Tanaka",
        "Ana Lúcia Brandão",
        "Liam O'Neill",
        "Björn Öberg 🚀",
    ]
    assert data.connections[-1].connected_on == date(2025, 3, 21)
    assert data.connections[1].company == "Northwind Traders, Inc."


# --- Invitations.csv ----------------------------------------------------------------------------


def test_old_export_without_profile_url_columns() -> None:
    data = read_export(FIXTURES / "invitations_2022_no_urls.csv")

    grace, alan = data.invitations
    assert (grace.name, grace.direction, grace.profile_url) == ("Grace Hopper", "incoming", "")
    assert grace.sent_at == datetime(2022, 11, 3, 9, 41)
    assert grace.message == "Hello from the Navy."
    assert (alan.name, alan.direction, alan.first_name, alan.last_name) == (
        "Alan Turing",
        "outgoing",
        "Alan",
        "Turing",
    )


def test_bom_crlf_loose_header_and_multiline_quoted_message() -> None:
    raw = (FIXTURES / "invitations_bom_crlf.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw  # the fixture is what it claims

    priya, mateo = read_export(FIXTURES / "invitations_bom_crlf.csv").invitations

    assert priya.message == 'Hi Dana,\nwe talked about "boring" pipelines.\nPriya'
    assert priya.direction == "incoming" and mateo.direction == "outgoing"
    # Trailing slash, query string and upper case are normalised away.
    assert priya.profile_url == "https://www.linkedin.com/in/priya-raman-phd"
    assert mateo.profile_url == "https://www.linkedin.com/in/mateo-iglesias-dev"


def test_date_spellings_of_resaved_copies() -> None:
    data = read_export(FIXTURES / "invitations_date_variants.csv")

    assert data.problems == []
    dates = {i.name: i.sent_at for i in data.invitations}
    assert dates == {
        "Four Digit": datetime(2026, 6, 12, 8, 3),
        "Twenty Four": datetime(2026, 6, 12, 20, 3),
        "Narrow Space": datetime(2026, 6, 12, 20, 3),
        "No Break": datetime(2026, 6, 12, 20, 3),
        "Iso Time": datetime(2026, 6, 12, 8, 3),
    }


def test_bad_rows_are_reported_with_their_spreadsheet_row_and_the_rest_kept() -> None:
    path = FIXTURES / "invitations_bad_rows.csv"
    data = read_export(path)

    assert [i.name for i in data.invitations] == ["Ada Lovelace", "Charles Babbage"]
    assert data.invitations[0].message == "Line one\nline two\nline three"
    assert data.skipped == 2
    date_problem, direction_problem = data.problems
    # Row 3 in a spreadsheet (header, Ada, Bad Date), although it is line 5 of the file.
    assert str(path) in date_problem and "row 3" in date_problem
    assert "yesterday-ish" in date_problem
    assert str(path) in direction_problem and "row 4" in direction_problem
    assert "SIDEWAYS" in direction_problem


def test_utf16_tab_separated_copy_from_a_spreadsheet() -> None:
    (zoe,) = read_export(FIXTURES / "invitations_utf16.csv").invitations

    assert zoe.name == "Zoë Ğüneş"
    assert zoe.message == "Merhaba!"
    assert zoe.sent_at == datetime(2026, 6, 12, 8, 3)
    assert zoe.profile_url == "https://www.linkedin.com/in/zoe-gunes"


def test_windows_1252_file_is_decoded() -> None:
    (renee,) = read_export(FIXTURES / "invitations_cp1252.csv").invitations

    assert renee.name == "Renée Dubois"
    assert renee.message == "J’ai vu votre exposé."


def test_a_file_that_stops_being_utf8_late_is_read_as_windows_1252(tmp_path: Path) -> None:
    """The text is decoded as it is read: a Windows-1252 byte 20,000 rows down still makes the
    whole file Windows-1252, with nothing read twice and no row lost."""
    header = "From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl\r\n"
    row = (
        'Ana {n},Dana Whitfield,"6/12/26, 8:03 AM",Hi,INCOMING,'
        "https://www.linkedin.com/in/ana-{n},https://www.linkedin.com/in/dana\r\n"
    )
    body = "".join(row.format(n=n) for n in range(20_000)).encode("ascii")
    last = row.format(n="Renée").replace("Hi", "J’ai vu").encode("cp1252")
    path = tmp_path / "Invitations.csv"
    path.write_bytes(header.encode("ascii") + body + last)

    invitations = read_export(path).invitations

    assert len(invitations) == 20_001
    assert invitations[-1].name == "Ana Renée"
    assert invitations[-1].message == "J’ai vu"


def test_strangers_text_is_cleaned_and_enormous_notes_are_capped(tmp_path: Path) -> None:
    huge = "spam " * 60_000  # 300,000 characters: more than the csv module's default field limit
    path = tmp_path / "Invitations.csv"
    path.write_text(
        INVITATIONS_HEADER
        + f'"Evil\x1b[31m Red\u202e",Dana,"6/12/26, 8:03 AM",{huge},INCOMING,,\n'
        + 'Next Person,Dana,"6/12/26, 8:04 AM",,INCOMING,,\n',
        encoding="utf-8",
    )

    evil, nxt = read_export(path).invitations

    assert evil.name == "Evil Red"
    assert len(evil.message) <= linkedin_export.MAX_MESSAGE_CHARS
    assert nxt.name == "Next Person"


def test_header_only_file_reads_nothing_without_complaint(tmp_path: Path) -> None:
    path = tmp_path / "Invitations.csv"
    path.write_text(INVITATIONS_HEADER, encoding="utf-8")

    data = read_export(path)

    assert data.invitations == [] and data.problems == []


def test_blank_lines_are_not_problems(tmp_path: Path) -> None:
    path = tmp_path / "Invitations.csv"
    path.write_text(
        INVITATIONS_HEADER + '\nA Person,Dana,"6/12/26, 8:03 AM",,INCOMING,,\n\n,,,,,,\n',
        encoding="utf-8",
    )

    data = read_export(path)

    assert [i.name for i in data.invitations] == ["A Person"]
    assert data.problems == [] and data.skipped == 0


def test_row_without_name_or_url_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "Invitations.csv"
    path.write_text(INVITATIONS_HEADER + ',Dana,"6/12/26, 8:03 AM",Hi,INCOMING,,\n')

    data = read_export(path)

    assert data.invitations == [] and data.skipped == 1
    assert "row 2" in data.problems[0]


def test_a_day_too_large_for_any_calendar_is_a_bad_date(tmp_path: Path) -> None:
    """A day of twenty digits once ended the import with an internal error (OverflowError)."""
    path = tmp_path / "Invitations.csv"
    path.write_text(
        INVITATIONS_HEADER
        + 'Ada,Dana,"6/99999999999999999999/26, 8:03 AM",,INCOMING,https://www.linkedin.com/in/a,\n'
        + 'Bo,Dana,"6/12/26, 8:03 AM",,INCOMING,https://www.linkedin.com/in/b,\n'
    )

    data = read_export(path)

    assert [i.name for i in data.invitations] == ["Bo"] and data.skipped == 1
    assert "row 2" in data.problems[0] and "cannot be read as a date" in data.problems[0]


def test_invitations_are_not_deduplicated(tmp_path: Path) -> None:
    row = 'Marcus Bell,Dana,"6/2/26, 1:15 PM",,INCOMING,https://www.linkedin.com/in/marcus,\n'
    path = tmp_path / "Invitations.csv"
    path.write_text(INVITATIONS_HEADER + row + row, encoding="utf-8")

    assert len(read_export(path).invitations) == 2


# --- Connections.csv and friends ----------------------------------------------------------------


def test_connections_before_2023_preamble_no_url_hidden_rows_spreadsheet_dates() -> None:
    data = read_export(FIXTURES / "connections_2022_no_url.csv")

    assert data.problems == [] and data.skipped == 0  # hidden profiles are skipped silently
    grace, alan = data.connections
    assert (grace.name, grace.email, grace.profile_url) == ("Grace Hopper", "grace@example.org", "")
    assert grace.connected_on == date(2024, 5, 29)
    assert alan.company == "Bletchley Park, Hut 8"
    assert alan.connected_on == date(2022, 6, 8)  # the last row, without a final newline


def test_connections_preamble_of_any_length(tmp_path: Path) -> None:
    path = tmp_path / "Connections.csv"
    preamble = "Notes:\n" + "".join(f'"note line {n}, with a comma"\n' for n in range(12)) + "\n"
    path.write_text(
        preamble + "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Liam,O'Neill,https://www.linkedin.com/in/liamoneill,,Tailspin Toys,PM,02 Jan 2024",
        encoding="utf-8",
    )

    (liam,) = read_export(path).connections

    assert liam.profile_url == "https://www.linkedin.com/in/liamoneill"


def test_raw_unicode_and_percent_encoded_slugs_name_the_same_person() -> None:
    data = read_export(FIXTURES / "slugs")

    (invitation,) = data.invitations
    (connection,) = data.connections
    assert invitation.profile_url == "https://www.linkedin.com/in/søren-ækerlund-nuñez-91b2c0"
    assert invitation.profile_url == connection.profile_url
    assert slug_from_url(invitation.profile_url) == slug_from_url(connection.profile_url) != ""


def test_member_follows_and_positions() -> None:
    follows = read_export(FIXTURES / "Member_Follows.csv").follows
    positions = read_export(FIXTURES / "Positions.csv").positions

    assert follows == ["Satya Nadella", "Reid Hoffman"]  # the unfollowed one is left out
    assert [(p.company, p.title) for p in positions] == [
        ("Fabrikam", "Head of Data"),
        ("Contoso", "Data Engineer"),
    ]


def test_member_follows_with_other_header_spelling(tmp_path: Path) -> None:
    path = tmp_path / "member_follows.csv"
    path.write_text("Full Name,Date\nAda Lovelace,2026-01-01\n", encoding="utf-8")

    assert read_export(path).follows == ["Ada Lovelace"]


# --- whole exports ------------------------------------------------------------------------------


def _write_zip(path: Path, members: dict[str, bytes | str]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return path


def test_zip_with_upper_case_names_in_a_sub_folder_and_unrelated_files(tmp_path: Path) -> None:
    folder = "Basic_LinkedInDataExport_06-13-2026/"
    archive = _write_zip(
        tmp_path / "Basic_LinkedInDataExport_06-13-2026.zip",
        {
            folder + "INVITATIONS.CSV": (FIXTURES / "invitations_bom_crlf.csv").read_bytes(),
            folder + "connections.csv": (FIXTURES / "connections_2022_no_url.csv").read_bytes(),
            folder + "Member_Follows.csv": (FIXTURES / "Member_Follows.csv").read_bytes(),
            folder + "Ad_Targeting.csv": "Member Age,Company Names\n1,a\n",
            folder + "Profile.csv": "First Name,Last Name,Headline\nDana,Whitfield,CTO\n",
            "__MACOSX/" + folder + "._Invitations.csv": b"\x00\x05\x16\x07binary",
        },
    )

    data = read_export(archive)

    assert [i.name for i in data.invitations] == ["Priya Raman, PhD", "Mateo Iglesias"]
    assert [c.name for c in data.connections] == ["Grace Hopper", "Alan Turing"]
    assert data.follows == ["Satya Nadella", "Reid Hoffman"]
    assert data.problems == []


def test_zip_problem_names_the_member_and_the_zip(tmp_path: Path) -> None:
    archive = _write_zip(
        tmp_path / "export.zip",
        {"Invitations.csv": (FIXTURES / "invitations_bad_rows.csv").read_bytes()},
    )

    data = read_export(archive)

    assert "Invitations.csv in " in data.problems[0] and "export.zip" in data.problems[0]
    assert "row 3" in data.problems[0]


def test_zip_without_export_files(tmp_path: Path) -> None:
    archive = _write_zip(tmp_path / "other.zip", {"Ad_Targeting.csv": "a,b\n1,2\n"})

    with pytest.raises(InputError, match=r"contains no LinkedIn export files \(Invitations.csv"):
        read_export(archive)


def test_zip_bomb_is_refused_before_unpacking(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The same checks as for 200 MB, scaled down so the test stays fast.
    monkeypatch.setattr(safezip, "MAX_FILE_BYTES", 1024 * 1024)
    bomb = _write_zip(
        tmp_path / "bomb.zip", {"Invitations.csv": INVITATIONS_HEADER + "0" * (3 * 1024 * 1024)}
    )
    opened: list[str] = []
    original_open = zipfile.ZipFile.open

    def spy(self: zipfile.ZipFile, name: str | zipfile.ZipInfo, *args: Any, **kw: Any) -> IO[bytes]:
        opened.append(str(name))
        return original_open(self, name, *args, **kw)

    monkeypatch.setattr(zipfile.ZipFile, "open", spy)

    with pytest.raises(InputError, match="ZIP bomb") as error:
        read_export(bomb)

    assert "Invitations.csv" in str(error.value)
    assert opened == []  # refused from the directory alone: nothing was unpacked


def test_zip_member_that_compresses_too_well_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(safezip, "RATIO_MIN_BYTES", 1024)
    bomb = _write_zip(tmp_path / "ratio.zip", {"Connections.csv": "A" * 500_000})

    with pytest.raises(InputError, match="ZIP bomb"):
        read_export(bomb)


def test_fake_zip_is_refused_clearly() -> None:
    with pytest.raises(InputError, match="not a readable ZIP file"):
        read_export(FIXTURES / "fake.zip")


def test_truncated_zip_is_refused_clearly(tmp_path: Path) -> None:
    whole = _write_zip(
        tmp_path / "whole.zip",
        {"Invitations.csv": (FIXTURES / "invitations_bad_rows.csv").read_bytes()},
    )
    cut = tmp_path / "cut.zip"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])

    with pytest.raises(InputError, match="not a readable ZIP file"):
        read_export(cut)


def test_zip_without_zip_suffix_is_still_read(tmp_path: Path) -> None:
    archive = _write_zip(
        tmp_path / "download",
        {"Invitations.csv": (FIXTURES / "invitations_2022_no_urls.csv").read_bytes()},
    )

    assert len(read_export(archive).invitations) == 2


def test_folder_with_export_files_one_level_down(tmp_path: Path) -> None:
    inner = tmp_path / "Complete_LinkedInDataExport_06-13-2026"
    inner.mkdir()
    shutil.copy(FIXTURES / "invitations_2022_no_urls.csv", inner / "invitations.csv")
    shutil.copy(FIXTURES / "connections_2022_no_url.csv", inner / "CONNECTIONS.CSV")
    (inner / "messages.csv").write_text("CONVERSATION ID,FROM\n1,a\n", encoding="utf-8")

    data = read_export(tmp_path)

    assert len(data.invitations) == 2 and len(data.connections) == 2


def test_folder_without_export_files(tmp_path: Path) -> None:
    (tmp_path / "Ad_Targeting.csv").write_text("a,b\n", encoding="utf-8")

    with pytest.raises(InputError, match=r"contains no LinkedIn export files \(Invitations.csv"):
        read_export(tmp_path)


def test_odd_positions_file_in_an_export_is_a_problem_not_a_failure(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "invitations_2022_no_urls.csv", tmp_path / "Invitations.csv")
    (tmp_path / "Positions.csv").write_text("Something,Else\n1,2\n", encoding="utf-8")

    data = read_export(tmp_path)

    assert len(data.invitations) == 2
    assert len(data.problems) == 1 and "Positions.csv" in data.problems[0]


# --- files that cannot be read ------------------------------------------------------------------


def test_unknown_header_names_the_file_and_the_expected_header() -> None:
    path = FIXTURES / "not_an_export.csv"

    with pytest.raises(InputError) as error:
        read_export(path)

    message = str(error.value)
    assert str(path) in message and "Name,Email,Phone" in message
    assert "From,To,Sent At" in message and "\n" not in message


def test_unknown_header_in_invitations_says_what_was_expected(tmp_path: Path) -> None:
    path = tmp_path / "Invitations.csv"
    path.write_text("Who,When\nx,y\n", encoding="utf-8")

    with pytest.raises(InputError, match="From,To,Sent At,Message,Direction"):
        read_export(path)


def test_empty_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "Invitations.csv"
    path.write_bytes(b"\xef\xbb\xbf\r\n")

    with pytest.raises(InputError, match="is empty"):
        read_export(path)


def test_binary_garbage_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "Invitations.csv"
    path.write_bytes(bytes(range(256)) * 40)

    with pytest.raises(InputError, match="binary file"):
        read_export(path)


def test_missing_path_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="does not exist"):
        read_export(tmp_path / "nope.zip")


# --- detection ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "invitations_2022_no_urls.csv",
        "invitations_bom_crlf.csv",
        "invitations_utf16.csv",
        "connections_2022_no_url.csv",
        "Member_Follows.csv",
        "Positions.csv",
        "slugs/Connections.csv",
    ],
)
def test_export_csvs_are_recognised_by_header(name: str, tmp_path: Path) -> None:
    renamed = tmp_path / "whatever.csv"  # the name plays no part
    shutil.copy(FIXTURES / name, renamed)

    assert looks_like_export_csv(renamed)


def test_other_csvs_are_not_export_csvs(tmp_path: Path) -> None:
    own = tmp_path / "Invitations.csv"  # an export's name, but linkinbox's own columns
    own.write_text("id,name,profile_url,message,sent_at,status\n1,A,,,,pending\n")

    assert not looks_like_export_csv(own)
    assert not looks_like_export_csv(FIXTURES / "not_an_export.csv")
    assert not looks_like_export_csv(FIXTURES / "fake.zip")
    assert not looks_like_export_csv(tmp_path / "missing.csv")


# --- dates --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("6/12/26, 8:03 AM", datetime(2026, 6, 12, 8, 3)),
        ("6/12/26, 12:03 AM", datetime(2026, 6, 12, 0, 3)),
        ("6/12/26, 12:30 PM", datetime(2026, 6, 12, 12, 30)),
        ("12/31/25, 11:59 PM", datetime(2025, 12, 31, 23, 59)),
        ("6/12/2026, 8:03 AM", datetime(2026, 6, 12, 8, 3)),
        ("06/12/2026 20:03", datetime(2026, 6, 12, 20, 3)),
        ("6/12/26, 8:03\u202fpm", datetime(2026, 6, 12, 20, 3)),
        ("6/12/26, 8:03\xa0AM", datetime(2026, 6, 12, 8, 3)),
        ("2026-06-12T08:03:00", datetime(2026, 6, 12, 8, 3)),
        ("2026-06-12 08:03", datetime(2026, 6, 12, 8, 3)),
        ("13/06/2026 08:03", datetime(2026, 6, 13, 8, 3)),
        ("12.06.2026 08:03", datetime(2026, 6, 12, 8, 3)),
        ("Jun 12, 2026, 8:03 AM", datetime(2026, 6, 12, 8, 3)),
        ("  6/12/26, 8:03 AM  ", datetime(2026, 6, 12, 8, 3)),
    ],
)
def test_parse_sent_at(text: str, expected: datetime) -> None:
    assert parse_sent_at(text) == expected


@pytest.mark.parametrize(
    "text", ["", "yesterday", "6/31/26, 8:03 AM", "6/12/26, 13:03 PM", "13/13/26, 8:03 AM"]
)
def test_parse_sent_at_refuses_nonsense(text: str) -> None:
    assert parse_sent_at(text) is None


def test_parse_sent_at_keeps_aware_iso_times_naive() -> None:
    value = parse_sent_at("2026-06-12T08:03:00+00:00")

    assert value is not None and value.tzinfo is None


@given(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31)))
def test_fast_path_agrees_with_strptime(moment: datetime) -> None:
    moment = moment.replace(second=0, microsecond=0)
    hour = moment.hour % 12 or 12
    text = (
        f"{moment.month}/{moment.day}/{moment.year % 100:02d}, "
        f"{hour}:{moment.minute:02d} {'AM' if moment.hour < 12 else 'PM'}"
    )

    assert parse_sent_at(text) == moment
    if moment.year < 2069:  # strptime reads 69-99 as 19xx; LinkedIn began in 2003
        assert datetime.strptime(text, "%m/%d/%y, %I:%M %p") == moment


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("08 Jun 2026", date(2026, 6, 8)),
        ("8 June 2026", date(2026, 6, 8)),
        ("29-May-24", date(2024, 5, 29)),
        ("2024-05-29", date(2024, 5, 29)),
        ("5/29/24", date(2024, 5, 29)),
        ("Jun 8, 2026", date(2026, 6, 8)),
        ("", None),
        ("soon", None),
        ("31 Feb 2026", None),
    ],
)
def test_parse_connected_on(text: str, expected: date | None) -> None:
    assert parse_connected_on(text) == expected


@pytest.mark.parametrize(
    "url",
    [
        "https://www.linkedin.com/in/Marcus-Bell",
        "https://www.linkedin.com/in/marcus-bell/",
        "https://linkedin.com/in/marcus_bell.2",
        "http://www.linkedin.com/in/a~b",
        "https://www.linkedin.com/in/s%C3%B8ren",
        "https://www.linkedin.com/in/søren/?trk=abc",
        "https://www.linkedin.com/in/marcus-bell?miniProfileUrn=urn%3Ali%3Afs",
        "https://www.linkedin.com/in/Søren-Ækerlund#about",
        "https://www.linkedin.com/in/SØREN/",
        "https://www.linkedin.com/in/so\u0308ren",  # o + combining diaeresis: NFC makes ö
        "https://www.linkedin.com/in/İpek",  # lower-cases to i + combining dot
        "https://www.linkedin.com/in/a\u200bb",  # zero-width space: refused
        "https://www.linkedin.com/in/a\u202eb/",  # bidi override: refused
        "https://www.linkedin.com/in/søren?x=\x1b[31m",  # an escape in the query: refused
        "https://www.linkedin.com/company/fabrikam",
    ],
)
def test_fast_slug_path_agrees_with_slug_from_url(url: str) -> None:
    assert_slug_paths_agree(url)


def assert_slug_paths_agree(url: str) -> None:
    """The reader's fast paths give what `slug_from_url` gives (or refuse it the same way), and
    a slug they hand on as final is one `slug_from_url` gives back from its canonical URL."""
    try:
        expected: str | type[UnsafeAddress] = slug_from_url(url)
    except UnsafeAddress:
        expected = UnsafeAddress
    try:
        slug, final = linkedin_export._slugs(url)
    except UnsafeAddress:
        slug, final = UnsafeAddress, ""  # type: ignore[assignment]
    assert slug == expected
    if final:
        assert final == slug and slug_from_url(profile_url(final)) == final


@given(
    st.sampled_from(["https://www.linkedin.com/in/", "http://linkedin.com/in/"]),
    st.text(min_size=1, max_size=12),
    st.sampled_from(["", "/", "?trk=x", "/?a=%3A", "#b", "?q=\t", "/?x y"]),
)
def test_slug_fast_paths_agree_on_any_slug(prefix: str, slug: str, suffix: str) -> None:
    assert_slug_paths_agree(prefix + slug + suffix)
