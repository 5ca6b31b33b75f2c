"""The command line does what the keys do (issue 12): --demo, decide several, withdraw."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from linkinbox.cli import main
from linkinbox.inbox import Inbox

# -- issue 12: --demo never touches the user's store; decide several; withdraw --------------


def _user_store(sample_export: Path) -> dict[int, str]:
    assert main(["import", str(sample_export)]) in (0, 1)
    with Inbox() as inbox:
        return {r.id: r.status.value for r in inbox.store.requests(status="all")}


@pytest.mark.parametrize(
    "argv",
    [
        ["--demo", "decide", "1", "follow"],
        ["--demo", "undo"],
        ["--demo", "purge", "--older-than", "0"],
        ["--demo", "list"],
    ],
)
def test_demo_subcommands_never_touch_the_users_store(
    sample_export: Path, argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    before = _user_store(sample_export)
    capsys.readouterr()
    config_dir, data_dir = os.environ["LINKINBOX_CONFIG_DIR"], os.environ["LINKINBOX_DATA_DIR"]
    main(argv)
    captured = capsys.readouterr()
    assert "throwaway copy of the demo inbox" in captured.err
    assert (os.environ["LINKINBOX_CONFIG_DIR"], os.environ["LINKINBOX_DATA_DIR"]) == (
        config_dir,
        data_dir,
    )
    with Inbox() as inbox:
        after = {r.id: r.status.value for r in inbox.store.requests(status="all")}
    assert after == before
    if argv[1] == "list":
        with Inbox() as inbox:
            mine = {r.name for r in inbox.store.requests(status="pending")}
        assert captured.out and len(captured.out.splitlines()) != len(mine)  # the demo's list


def test_demo_locate_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--demo", "locate", "data"]) == 2
    assert "--demo" in capsys.readouterr().err


def test_decide_several_ids_is_one_undo(
    sample_export: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _user_store(sample_export)
    pending = [rid for rid, status in before.items() if status == "pending"][:3]
    assert len(pending) == 3
    assert main(["decide", *map(str, pending), "decline"]) == 0
    with Inbox() as inbox:
        assert all(inbox.store.get(rid).status.value == "decline" for rid in pending)  # type: ignore[union-attr]
    assert main(["undo"]) == 0
    with Inbox() as inbox:
        assert all(inbox.store.get(rid).status.value == "pending" for rid in pending)  # type: ignore[union-attr]


def test_decide_several_with_one_bad_changes_nothing(
    sample_export: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _user_store(sample_export)
    pending = [rid for rid, status in before.items() if status == "pending"][:2]
    assert main(["decide", *map(str, pending), "999999", "follow"]) == 2
    with Inbox() as inbox:
        assert {r.id: r.status.value for r in inbox.store.requests(status="all")} == before


def test_withdraw_records_sent_invitations(
    sample_export: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _user_store(sample_export)
    sent = [rid for rid, status in before.items() if status == "sent"]
    assert sent
    assert main(["withdraw", *map(str, sent)]) == 0
    assert "withdrawn" in capsys.readouterr().out
    with Inbox() as inbox:
        assert all(inbox.store.get(rid).status.value == "withdrawn" for rid in sent)  # type: ignore[union-attr]
    pending = next(rid for rid, status in before.items() if status == "pending")
    assert main(["withdraw", str(pending)]) == 2
