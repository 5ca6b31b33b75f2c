"""The command line: JSON schema, the keys' twins, clear errors with exit status 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from linkinbox.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "linkinbox", *args], capture_output=True, text=True, timeout=60
    )


@pytest.fixture
def imported(capsys: pytest.CaptureFixture[str], sample_export: Path) -> None:
    code, out, _ = run(capsys, "import", str(sample_export))
    assert code == 0
    assert "3 added" in out and "3 pending" in out


@pytest.mark.usefixtures("imported")
def test_list_json_has_the_documented_fields(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "list", "--json")
    assert code == 0
    items = json.loads(out)
    assert [i["name"] for i in items] == [
        "Søren Ækerlund-Nuñez",
        "Priya Raman, PhD",
        "Marcus Bell",
    ]  # newest first
    for item in items:
        for field in (
            "id",
            "name",
            "first_name",
            "last_name",
            "headline",
            "profile_url",
            "message",
            "sent_at",
            "mutual_connections",
            "source",
            "status",
            "decided_at",
            "reply",
            "reasons",
            "suggested",
        ):
            assert field in item, field
        assert item["status"] == "pending" and item["decided_at"] is None
        assert item["reasons"], "a pending request always has reasons"
    assert items[1]["first_name"] == "Priya" and items[1]["sent_at"] == "2026-06-11T22:47:00"
    assert "we met at the PyData Lisbon meetup" in items[1]["message"]


@pytest.mark.usefixtures("imported")
def test_list_sent_and_empty_status(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "list", "--status", "sent", "--json")
    assert [i["name"] for i in json.loads(out)] == ["Mateo Iglesias"]
    _, out, _ = run(capsys, "list", "--status", "follow", "--json")
    assert json.loads(out) == []


@pytest.mark.usefixtures("imported")
def test_decide_reply_undo(capsys: pytest.CaptureFixture[str]) -> None:
    items = json.loads(run(capsys, "list", "--json")[1])
    soren = items[0]["id"]
    code, out, _ = run(capsys, "reply", str(soren), "--decision", "decline")
    assert code == 0 and out.startswith("Hi Søren, thanks for the invitation.")
    code, out, _ = run(capsys, "decide", str(soren), "follow")
    assert code == 0 and "2 pending" in out
    followed = json.loads(run(capsys, "list", "--status", "follow", "--json")[1])
    assert followed[0]["id"] == soren and followed[0]["reply"].startswith("Hi Søren")
    assert followed[0]["decided_at"].startswith("2026-06-14T09:00")
    code, _, err = run(capsys, "decide", str(soren), "decline")
    assert code == 2 and "already decided: followed" in err
    code, out, _ = run(capsys, "undo")
    assert code == 0 and "Søren" in out and "3 pending" in out
    code, out, _ = run(capsys, "undo")
    assert "Nothing to undo" in out


@pytest.mark.usefixtures("imported")
def test_decide_by_profile_url(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "decide", "https://www.linkedin.com/in/marcus-bell-growth/", "decline"
    )
    assert code == 0 and "Marcus Bell" in out


@pytest.mark.usefixtures("imported")
def test_unknown_id_is_one_line_and_status_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "decide", "99999", "follow")
    assert code == 2 and err.count("\n") == 1 and "99999" in err


def test_bad_file_one_line_status_2_no_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "Invitations.csv"
    bad.write_text("Foo,Bar,Baz\nx,y,z\n")
    result = cli("import", str(bad))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert str(bad) in result.stderr or "Invitations.csv" in result.stderr
    assert result.stderr.strip().count("\n") == 0
    missing = cli("import", str(tmp_path / "nope.zip"))
    assert missing.returncode == 2 and "nope.zip" in missing.stderr


@pytest.mark.usefixtures("imported")
def test_stats_add_up(capsys: pytest.CaptureFixture[str]) -> None:
    items = json.loads(run(capsys, "list", "--json")[1])
    run(capsys, "decide", str(items[0]["id"]), "follow")
    run(capsys, "decide", str(items[1]["id"]), "decline")
    stats = json.loads(run(capsys, "stats", "--json")[1])
    assert (stats["pending"], stats["follow"], stats["connect"], stats["decline"]) == (1, 1, 0, 1)
    months = stats["months"]
    assert sum(m["pending"] + m["follow"] + m["connect"] + m["decline"] for m in months) == 3


def test_export_csv_defuses_formulas(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    own = tmp_path / "list.json"
    own.write_text(json.dumps([{"name": '=HYPERLINK("http://evil","x")', "message": "+1 call"}]))
    assert run(capsys, "import", str(own))[0] == 0
    out_file = tmp_path / "out.csv"
    code, _, _ = run(capsys, "export", "--format", "csv", "-o", str(out_file))
    assert code == 0
    text = out_file.read_text()
    assert "'=HYPERLINK" in text and "'+1 call" in text
    assert out_file.stat().st_mode & 0o077 == 0


def test_locate_and_version(capsys: pytest.CaptureFixture[str], hermetic: Path) -> None:
    assert run(capsys, "locate", "data")[1].strip() == str(hermetic / "data")
    assert run(capsys, "locate", "config")[1].strip() == str(hermetic / "config")
    result = cli("--version")
    assert result.returncode == 0 and result.stdout.startswith("linkinbox ")


@pytest.mark.usefixtures("imported")
def test_commands_without_the_tui_do_not_import_textual() -> None:
    code = (
        "import sys; from linkinbox.cli import main; main(['list', '--json']); "
        "main(['stats']); sys.stdout.flush(); "
        "assert not [m for m in sys.modules if m.startswith('textual')], 'textual imported'"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.usefixtures("imported")
def test_purge_forgets_old_decisions(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    items = json.loads(run(capsys, "list", "--json")[1])
    run(capsys, "decide", str(items[0]["id"]), "decline")
    monkeypatch.setenv("LINKINBOX_NOW", "2026-09-01T00:00:00")
    code, out, _ = run(capsys, "purge", "--older-than", "30")
    assert code == 0 and "1 " in out
    assert json.loads(run(capsys, "list", "--status", "all", "--json")[1]).__len__() == 3


@pytest.mark.usefixtures("imported")
def test_the_garbage_collector_runs_again_after_every_command(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Start-up pauses the cyclic collector; no command, failed or not, leaves it off."""
    import gc

    assert gc.isenabled()
    assert main(["list", "--json"]) == 0
    assert gc.isenabled()
    assert main(["import", str(tmp_path / "missing.csv")]) == 2
    assert gc.isenabled()
    assert main(["locate", "data"]) == 0
    assert gc.isenabled()
    capsys.readouterr()
