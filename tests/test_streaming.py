"""`export` and `list --json` write each request as it is read, and write what they always did:
the same text as building the whole list first and writing it in one go."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from tui_helpers import demo_inbox

from linkinbox.cli import main
from linkinbox.importers.own import OWN_CSV_FIELDS


@pytest.fixture
def inbox_rows(tmp_path: Path) -> list[dict[str, object]]:
    with demo_inbox(tmp_path) as inbox:
        ids = [r.id for r in inbox.requests("pending")]
        inbox.decide(ids[:3], "decline")
        inbox.decide(ids[3:5], "follow")
        inbox.ensure_screened()
        return [inbox.as_json(r) for r in inbox.requests("all")]


def test_export_json_is_the_whole_list_at_once(
    capsys: pytest.CaptureFixture[str], inbox_rows: list[dict[str, object]], tmp_path: Path
) -> None:
    assert main(["export", "--format", "json"]) == 0
    out = capsys.readouterr().out
    assert out == json.dumps(inbox_rows, ensure_ascii=False, indent=1) + "\n"
    assert any(row["reasons"] for row in inbox_rows)  # screening is in it, per request
    target = tmp_path / "export.json"
    assert main(["export", "--format", "json", "-o", str(target)]) == 0
    assert target.read_text(encoding="utf-8") == out
    assert target.stat().st_mode & 0o077 == 0
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_export_csv_and_list_json_carry_every_request(
    capsys: pytest.CaptureFixture[str], inbox_rows: list[dict[str, object]]
) -> None:
    assert main(["export", "--format", "csv"]) == 0
    table = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert table[0] == list(OWN_CSV_FIELDS)
    assert [row[OWN_CSV_FIELDS.index("name")] for row in table[1:]] == [
        r["name"] for r in inbox_rows
    ]
    assert main(["list", "--status", "all", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == inbox_rows


def test_an_empty_inbox_exports_an_empty_list(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--format", "json"]) == 0
    assert capsys.readouterr().out == "[]\n"


def test_rules_are_validated_when_used_not_when_the_inbox_opens(tmp_path: Path) -> None:
    """pydantic validates `[[rules]]`; the TUI's first frame must not wait for it."""
    config = tmp_path / "config"
    config.mkdir(exist_ok=True)
    (config / "config.toml").write_text(
        '[[rules]]\nname = "r"\nsuggest = "follow"\nnote_matches = "kubecon"\n', encoding="utf-8"
    )
    probe = (
        "import sys\n"
        "from linkinbox.inbox import Inbox\n"
        "inbox = Inbox()\n"
        "print('pydantic' in sys.modules)\n"
        "print(len(inbox.rules), inbox.rule_problems)\n"
        "print('pydantic' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.splitlines() == ["False", "1 []", "True"]
