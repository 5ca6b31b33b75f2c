"""Bad files through the real command line: one clear line, exit status 2, nothing changed.

Each file goes to `python -m linkinbox import PATH` in a subprocess, after a good import. The
answer is exactly one line on stderr naming the file, exit status 2, no traceback, and the store
byte-for-byte the same as before. ZIP bombs are refused in seconds with bounded memory.
UTF-16 files from spreadsheets are decoded, not refused.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import random
import shutil
import sqlite3
import struct
import subprocess
import sys
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from cli_helpers import linkinbox, python

from linkinbox.cli import main

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "tests" / "fixtures" / "sample-export"
HOSTILE = REPO / "tests" / "fixtures" / "hostile"
HEADER = "From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl"
MB = 1024 * 1024


def store_dump() -> str:
    """Everything the store holds, as SQL text."""
    path = Path(os.environ["LINKINBOX_DATA_DIR"]) / "inbox.sqlite3"
    with contextlib.closing(sqlite3.connect(path)) as db:
        return "\n".join(db.iterdump())


def listed() -> list[dict[str, object]]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["list", "--status", "all", "--json"]) == 0
    items: list[dict[str, object]] = json.loads(out.getvalue())
    return items


@pytest.fixture(scope="module")
def good_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder after a good import of the sample export (made once, copied per test)."""
    root = tmp_path_factory.mktemp("good")
    env = {
        **os.environ,
        "LINKINBOX_DATA_DIR": str(root / "data"),
        "LINKINBOX_CONFIG_DIR": str(root / "config"),
        "LINKINBOX_NOW": "2026-06-14T09:00:00",
        "PYTHONPATH": str(REPO),
    }
    result = subprocess.run(
        [sys.executable, "-m", "linkinbox", "import", str(SAMPLE)],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    assert "3 added" in result.stdout
    return root / "data"


@pytest.fixture
def imported(good_store: Path) -> list[dict[str, object]]:
    shutil.copytree(good_store, os.environ["LINKINBOX_DATA_DIR"])
    before = listed()
    assert len(before) == 4  # 3 pending, 1 sent
    return before


# --- building bad files -------------------------------------------------------------------------


def raw_deflate(data: bytes) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    return packer.compress(data) + packer.flush()


def zero_deflate(megabytes: int) -> tuple[bytes, int]:
    """A raw deflate stream of `megabytes` MB of zeros, built from one compressed MB, and its CRC."""
    zeros = bytes(MB)
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = packer.compress(zeros) + packer.flush(zlib.Z_FULL_FLUSH)
    final = zlib.compressobj(9, zlib.DEFLATED, -15).flush()  # an empty last block
    crc = 0
    for _ in range(megabytes):
        crc = zlib.crc32(zeros, crc)
    return block * megabytes + final, crc


LOCAL_HEADER = struct.Struct("<IHHHHHIIIHH")
CENTRAL_HEADER = struct.Struct("<IHHHHHHIIIHHHHHII")
END_OF_DIRECTORY = struct.Struct("<IHHHHIIH")


def write_zip(path: Path, members: list[tuple[str, bytes, int, int]], flags: int = 0) -> Path:
    """A ZIP of already-deflated members (name, deflated, crc, size): sizes may say anything."""
    body = io.BytesIO()
    central = io.BytesIO()
    flags |= 0x800  # UTF-8 names
    for name, packed, crc, size in members:
        encoded = name.encode("utf-8")
        offset = body.tell()
        sizes = (crc, len(packed), size, len(encoded))
        body.write(LOCAL_HEADER.pack(0x04034B50, 20, flags, 8, 0, 0x21, *sizes, 0))
        body.write(encoded + packed)
        entry = (0x02014B50, 20, 20, flags, 8, 0, 0x21, *sizes, 0, 0, 0, 0, 0, offset)
        central.write(CENTRAL_HEADER.pack(*entry) + encoded)
    start = body.tell()
    directory = central.getvalue()
    count = len(members)
    body.write(directory)
    body.write(END_OF_DIRECTORY.pack(0x06054B50, 0, 0, count, count, len(directory), start, 0))
    path.write_bytes(body.getvalue())
    return path


def invitations_text(rows: int, note: str = "") -> str:
    lines = [HEADER]
    for i in range(rows):
        lines.append(
            f'Person {i},Me,"6/12/26, 8:03 AM",{note},INCOMING,https://www.linkedin.com/in/bad-{i},'
        )
    return "\n".join(lines) + "\n"


def sample_zip(path: Path) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in sorted(SAMPLE.iterdir()):
            archive.write(file, f"Basic_LinkedInDataExport_06-14-2026/{file.name}")
    return path


def noise(size: int, seed: int = 7) -> bytes:
    return random.Random(seed).randbytes(size)


def make_empty(folder: Path) -> Path:
    path = folder / "Invitations.csv"
    path.write_bytes(b"")
    return path


def make_blank(folder: Path) -> Path:
    path = folder / "blank.csv"
    path.write_bytes(b"\r\n \n\t\n\xef\xbb\xbf\n")
    return path


def make_binary_csv(folder: Path) -> Path:
    path = folder / "Invitations.csv"
    path.write_bytes(noise(64 * 1024))
    return path


def make_png_as_csv(folder: Path) -> Path:
    path = folder / "Connections.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + noise(8192))
    return path


def make_unknown_binary(folder: Path) -> Path:
    path = folder / "photo.jpg"
    path.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF" + noise(4096))
    return path


def make_wrong_header(folder: Path) -> Path:
    path = folder / "Invitations.csv"
    path.write_text("Name,Email,Phone\nAda,ada@example.com,555\n", encoding="utf-8")
    return path


def make_contacts_csv(folder: Path) -> Path:
    path = folder / "contacts.csv"
    path.write_text("email,phone,birthday\na@example.com,1,2\n", encoding="utf-8")
    return path


def make_json_object(folder: Path) -> Path:
    path = folder / "list.json"
    path.write_text('{"name": "Ada"}', encoding="utf-8")
    return path


def make_broken_json(folder: Path) -> Path:
    path = folder / "list.json"
    path.write_text('[{"name": "Ada",]', encoding="utf-8")
    return path


def make_json_huge_number(folder: Path) -> Path:
    path = folder / "list.json"
    path.write_text(
        '[{"name": "Ada", "mutual_connections": 1' + "0" * 5000 + "}]", encoding="utf-8"
    )
    return path


def make_json_deeply_nested(folder: Path) -> Path:
    path = folder / "list.json"
    path.write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")
    return path


def make_json_items_not_objects(folder: Path) -> Path:
    path = folder / "list.json"
    path.write_text('[{"name": "Ada"}, "Bob", 3]', encoding="utf-8")
    return path


def make_truncated_zip(folder: Path) -> Path:
    whole = sample_zip(folder / "whole.zip").read_bytes()
    path = folder / "Basic_LinkedInDataExport_06-14-2026.zip"
    path.write_bytes(whole[: len(whole) // 2])
    return path


def make_fake_zip(folder: Path) -> Path:
    path = folder / "export.zip"
    path.write_bytes(b"PK\x03\x04" + noise(2048))
    return path


def make_text_named_zip(folder: Path) -> Path:
    path = folder / "export.zip"
    path.write_text("this is not a zip file at all\n", encoding="utf-8")
    return path


def make_zip_without_csv(folder: Path) -> Path:
    path = folder / "export.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("README.txt", "nothing here")
        archive.writestr("Profile.csv", "First Name,Last Name\nDana,Whitfield\n")
    return path


def make_encrypted_zip(folder: Path) -> Path:
    text = invitations_text(3).encode()
    return write_zip(
        folder / "locked.zip",
        [("Invitations.csv", raw_deflate(text), zlib.crc32(text), len(text))],
        flags=0x1,
    )


def make_lying_zip(folder: Path) -> Path:
    """A member whose header says 1,000 bytes but whose data inflates to 64 MB."""
    packed, crc = zero_deflate(64)
    return write_zip(folder / "liar.zip", [("Invitations.csv", packed, crc, 1000)])


def make_zip_bad_member(folder: Path) -> Path:
    path = folder / "export.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("Connections.csv", (SAMPLE / "Connections.csv").read_bytes())
        archive.writestr("Invitations.csv", noise(20000))
    return path


def make_folder_without_csv(folder: Path) -> Path:
    path = folder / "Basic_LinkedInDataExport_06-14-2026"
    path.mkdir()
    (path / "README.txt").write_text("nothing", encoding="utf-8")
    (path / "photo.jpg").write_bytes(noise(100))
    return path


def make_folder_with_binary_invitations(folder: Path) -> Path:
    path = folder / "export-folder"
    path.mkdir()
    shutil.copy(SAMPLE / "Connections.csv", path / "Connections.csv")
    (path / "Invitations.csv").write_bytes(noise(10000))
    return path


def make_unclosed_quote_huge_field(folder: Path) -> Path:
    path = folder / "Invitations.csv"
    with path.open("w", encoding="utf-8") as handle:
        handle.write(HEADER + "\n")
        handle.write('Ada,Me,"6/12/26, 8:03 AM","never closed ')
        chunk = "lorem ipsum " * 10_000
        while handle.tell() < 20 * MB:
            handle.write(chunk)
    return path


def make_bad_utf16(folder: Path) -> Path:
    path = folder / "Invitations.csv"
    path.write_bytes(b"\xff\xfe" + HEADER.encode("utf-16-le") + b"\x00\xd8\x41")  # odd, lone half
    return path


def make_not_mbox(folder: Path) -> Path:
    path = folder / "archive.mbox"
    path.write_bytes(noise(3000))
    return path


def make_binary_eml(folder: Path) -> Path:
    path = folder / "invitation.eml"
    path.write_bytes(b"\x00\x01\x02" + noise(3000))
    return path


def make_missing(folder: Path) -> Path:
    return folder / "Basic_LinkedInDataExport_missing.zip"


BAD_FILES: dict[str, Callable[[Path], Path]] = {
    "empty": make_empty,
    "blank lines only": make_blank,
    "binary named Invitations.csv": make_binary_csv,
    "a PNG named Connections.csv": make_png_as_csv,
    "a JPEG": make_unknown_binary,
    "wrong header": make_wrong_header,
    "someone else's CSV": make_contacts_csv,
    "JSON object, not a list": make_json_object,
    "broken JSON": make_broken_json,
    "JSON number of 5,000 digits": make_json_huge_number,
    "JSON nested 200,000 deep": make_json_deeply_nested,
    "JSON items that are not objects": make_json_items_not_objects,
    "truncated ZIP": make_truncated_zip,
    "fake ZIP": make_fake_zip,
    "text named .zip": make_text_named_zip,
    "ZIP without export files": make_zip_without_csv,
    "encrypted ZIP": make_encrypted_zip,
    "ZIP member larger than it says": make_lying_zip,
    "ZIP with a binary Invitations.csv": make_zip_bad_member,
    "folder without CSV": make_folder_without_csv,
    "folder with a binary Invitations.csv": make_folder_with_binary_invitations,
    "20 MB field in an unclosed quote": make_unclosed_quote_huge_field,
    "UTF-16 BOM, not UTF-16": make_bad_utf16,
    "mbox that is not mail": make_not_mbox,
    "binary .eml": make_binary_eml,
    "missing file": make_missing,
}


def assert_refused(result: subprocess.CompletedProcess[str], path: Path) -> None:
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and result.stderr.endswith("\n"), result.stderr
    assert lines[0].startswith("linkinbox: ")
    assert path.name in lines[0], lines[0]
    assert len(lines[0]) < 600
    assert result.stdout == ""


@pytest.mark.parametrize("kind", BAD_FILES)
def test_bad_file_is_one_line_status_2_and_changes_nothing(
    kind: str, imported: list[dict[str, object]], tmp_path: Path
) -> None:
    bad = BAD_FILES[kind](tmp_path)
    dump = store_dump()
    result = linkinbox("import", str(bad))
    assert_refused(result, bad)
    assert store_dump() == dump
    assert listed() == imported


@pytest.mark.usefixtures("imported")
def test_one_bad_file_among_good_ones_imports_nothing(tmp_path: Path) -> None:
    good = tmp_path / "list.json"
    good.write_text(json.dumps([{"name": "Newcomer Person"}]), encoding="utf-8")
    bad = make_fake_zip(tmp_path)
    dump = store_dump()
    result = linkinbox("import", str(good), str(bad))
    assert_refused(result, bad)
    assert store_dump() == dump


@pytest.mark.usefixtures("imported")
def test_zip_member_names_are_shown_inert(tmp_path: Path) -> None:
    path = tmp_path / "export.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            "\x1b]0;hacked\x07evil\x1b[2J\nsecond line/Invitations.csv", "Foo,Bar\n1,2\n"
        )
    result = linkinbox("import", str(path))
    assert_refused(result, path)
    assert "\x1b" not in result.stderr and "evil second line/Invitations.csv" in result.stderr


# --- ZIP bombs ----------------------------------------------------------------------------------

# Counts what is unpacked (every read of a ZIP member) and how much memory grew: both depend on
# what the import did, never on how fast the machine is.
MEASURE = """
import resource, sys, zipfile
import linkinbox.cli, linkinbox.inbox, linkinbox.importers.linkedin_export, linkinbox.screening
unpacked = 0
real_read = zipfile.ZipExtFile.read
def counted_read(self, n=-1):
    global unpacked
    data = real_read(self, n)
    unpacked += len(data)
    return data
zipfile.ZipExtFile.read = counted_read
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
code = linkinbox.cli.main(["import", sys.argv[1]])
grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
print(f"grown_kb={grown} unpacked_kb={unpacked // 1024}", flush=True)
sys.exit(code)
"""


def make_classic_bomb(folder: Path) -> Path:
    """One member of 1 GB of zeros in a 1 MB file."""
    packed, crc = zero_deflate(1024)
    return write_zip(folder / "bomb.zip", [("Invitations.csv", packed, crc, 1024 * MB)])


def make_many_member_bomb(folder: Path) -> Path:
    """390 members just under 1 MB of valid rows each: 390 MB of CSV in a 1.5 MB file."""
    row = 'Ada Lovelace,Me,"6/12/26, 8:03 AM",,INCOMING,https://www.linkedin.com/in/ada,\n'
    body = (HEADER + "\n" + row * ((MB - 100) // len(row))).encode()
    packed, crc = raw_deflate(body), zlib.crc32(body)
    members = [(f"Invitations {i}.csv", packed, crc, len(body)) for i in range(390)]
    return write_zip(folder / "many.zip", members)


def make_nested_bomb(folder: Path) -> Path:
    """A ZIP inside a ZIP: never opened (only CSV files are read)."""
    inner = make_classic_bomb(folder).read_bytes()
    path = folder / "nested.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("Invitations.zip", inner)
        archive.writestr("Connections.csv", (SAMPLE / "Connections.csv").read_bytes())
    return path


BOMBS: dict[str, Callable[[Path], Path]] = {
    "1 GB of zeros": make_classic_bomb,
    "390 members of valid rows": make_many_member_bomb,
    "member larger than it says": make_lying_zip,
}


@pytest.mark.usefixtures("imported")
@pytest.mark.parametrize("kind", BOMBS)
def test_zip_bomb_is_refused_before_unpacking_with_bounded_memory(
    kind: str, tmp_path: Path
) -> None:
    bomb = BOMBS[kind](tmp_path)
    assert bomb.stat().st_size < 2 * MB
    dump = store_dump()
    result = python(MEASURE, str(bomb), timeout=60)
    assert_refused(
        subprocess.CompletedProcess(result.args, result.returncode, "", result.stderr), bomb
    )
    unpacked_kb = int(result.stdout.split("unpacked_kb=")[1].split()[0])
    assert unpacked_kb < 2 * 1024, f"{unpacked_kb // 1024} MB unpacked before the refusal"
    grown_kb = int(result.stdout.split("grown_kb=")[1].split()[0])
    assert grown_kb < 80 * 1024, f"memory grew by {grown_kb // 1024} MB"
    assert store_dump() == dump


@pytest.mark.usefixtures("imported")
def test_zip_inside_a_zip_is_not_opened(tmp_path: Path) -> None:
    result = linkinbox("import", str(make_nested_bomb(tmp_path)))
    assert result.returncode == 0, result.stderr
    assert "0 added" in result.stdout


# --- hard but readable files: imported, not refused ---------------------------------------------


@pytest.mark.usefixtures("imported")
def test_spreadsheet_utf16_tab_separated_export_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "Invitations.csv"
    rows = [
        HEADER.split(","),
        ["Søren Ækerlund-Nuñez", "Me", "6/13/26, 9:15 PM", "Hej! Vi mødtes i Århus.", "INCOMING",
         "https://www.linkedin.com/in/søren-ækerlund", ""],
        ["山田 太郎", "Me", "6/12/26, 8:03 AM", "", "INCOMING", "", ""],
    ]  # fmt: skip
    text = "\r\n".join("\t".join(row) for row in rows) + "\r\n"
    path.write_bytes(b"\xff\xfe" + text.encode("utf-16-le"))  # Excel's "Unicode Text"
    result = linkinbox("import", str(path))
    assert result.returncode == 0, result.stderr
    assert "2 added" in result.stdout
    names = {item["name"] for item in listed()}
    assert {"Søren Ækerlund-Nuñez", "山田 太郎"} <= names


@pytest.mark.usefixtures("imported")
@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be-bom", "utf-32"])
def test_spreadsheet_utf16_own_list_is_decoded(encoding: str, tmp_path: Path) -> None:
    path = tmp_path / "my-list.csv"
    text = "name,headline,mutual_connections\r\nZoë Ångström,Ingeniør,4\r\n"
    if encoding == "utf-16-be-bom":
        path.write_bytes(b"\xfe\xff" + text.encode("utf-16-be"))
    else:
        path.write_bytes(text.encode(encoding))
    result = linkinbox("import", str(path))
    assert result.returncode == 0, result.stderr
    assert "1 added" in result.stdout
    (zoe,) = [item for item in listed() if item["name"] == "Zoë Ångström"]
    assert zoe["headline"] == "Ingeniør" and zoe["mutual_connections"] == 4


@pytest.mark.usefixtures("imported")
def test_enormous_fields_are_cut_not_refused(tmp_path: Path) -> None:
    path = tmp_path / "Invitations.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER.split(","))
        writer.writerow(
            [
                "N" * 100_000,
                "Me",
                "6/12/26, 8:03 AM",
                "note " * 400_000,
                "INCOMING",
                "https://www.linkedin.com/in/huge",
                "",
            ]
        )
        writer.writerow(["Normal Person", "Me", "6/11/26, 8:03 AM", "hi", "INCOMING", "", ""])
    result = linkinbox("import", str(path))
    assert result.returncode == 0, result.stderr
    assert "2 added" in result.stdout
    huge = next(item for item in listed() if str(item["profile_url"]).endswith("/huge"))
    assert len(str(huge["name"])) <= 200 and len(str(huge["message"])) <= 10_000


@pytest.mark.usefixtures("imported")
def test_a_stray_nul_in_a_note_does_not_refuse_the_export(tmp_path: Path) -> None:
    path = tmp_path / "Invitations.csv"
    text = invitations_text(3).replace("INCOMING", "INCOMING", 1)
    text = text.replace('AM",,INCOMING', 'AM",Hi\x00there,INCOMING', 1)
    path.write_text(text, encoding="utf-8")
    result = linkinbox("import", str(path))
    assert result.returncode == 0, result.stderr
    assert "3 added" in result.stdout
    assert "Hithere" in {item["message"] for item in listed()}


@pytest.mark.usefixtures("imported")
def test_zip_member_paths_never_reach_the_disk(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "export.zip"
    path.parent.mkdir(parents=True)
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("../../escaped/Invitations.csv", invitations_text(2))
        archive.writestr("/etc/linkinbox-test/Connections.csv", "")
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    result = linkinbox("import", str(path))
    assert result.returncode == 0, result.stderr
    assert "2 added" in result.stdout
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before
    assert not Path("/etc/linkinbox-test").exists()


@pytest.mark.usefixtures("imported")
def test_rows_that_cannot_be_read_are_reported_and_skipped() -> None:
    path = HOSTILE / "invitations_mixed_bad_rows.csv"
    result = linkinbox("import", str(path))
    assert result.returncode == 1, result.stderr  # imported, with rows skipped
    assert "Traceback" not in result.stderr
    skipped = result.stderr.splitlines()
    assert len(skipped) == 3 and all(line.startswith("linkinbox: skipped: ") for line in skipped)
    assert all(path.name in line and ", row " in line for line in skipped)
    assert "2 added" in result.stdout and "3 skipped" in result.stdout
