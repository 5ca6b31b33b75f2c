"""The command line does what the keys do (issue 12): --demo, decide several, withdraw, show,
the plain list's signal and suggestion, apply-suggestions, reply's default, sent marks."""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from tui_helpers import demo_inbox, me_config, small_inbox

from linkinbox.cli import main
from linkinbox.inbox import Inbox
from linkinbox.models import Invitation

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


def test_decide_several_ids_is_one_undo(sample_export: Path) -> None:
    before = _user_store(sample_export)
    pending = [rid for rid, status in before.items() if status == "pending"][:3]
    assert len(pending) == 3
    assert main(["decide", *map(str, pending), "decline"]) == 0
    with Inbox() as inbox:
        assert all(inbox.store.get(rid).status.value == "decline" for rid in pending)  # type: ignore[union-attr]
    assert main(["undo"]) == 0
    with Inbox() as inbox:
        assert all(inbox.store.get(rid).status.value == "pending" for rid in pending)  # type: ignore[union-attr]


def test_decide_several_with_one_bad_changes_nothing(sample_export: Path) -> None:
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
    capsys.readouterr()
    pending = next(rid for rid, status in before.items() if status == "pending")
    assert main(["withdraw", str(pending)]) == 2
    said = capsys.readouterr().err
    assert "a request you received, not an invitation you sent; nothing was withdrawn" in said
    assert main(["withdraw", str(sent[0])]) == 2  # once is enough: it says what it is now
    assert "is no longer waiting (withdrawn); nothing was withdrawn" in capsys.readouterr().err


# -- issue 12 item 7: show, plain list, apply-suggestions, reply, sent marks ----------------


class Terminal(io.StringIO):
    """Standard input from a person at a terminal, who types `answer`."""

    def isatty(self) -> bool:
        return True


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[Inbox]:
    me_config()
    with demo_inbox(tmp_path) as inbox:
        inbox.ensure_screened()
        yield inbox


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def statuses(inbox: Inbox) -> dict[int, str]:
    return {r.id: r.status.value for r in inbox.store.requests(status="all")}


def test_show_prints_everything_the_profile_pane_shows(
    demo: Inbox, capsys: pytest.CaptureFixture[str]
) -> None:
    request, _, suggested, reasons = next(
        (r, st, su, re)
        for r, st, su, re in demo.requests_screened("pending")
        if st == 1 and su and re and r.message and r.headline and r.location
    )
    code, out, err = run_cli(capsys, "show", str(request.id))
    assert code == 0, err
    assert out.startswith(f"{request.name}  (id {request.id}, pending)\n")
    assert request.headline in out and request.location in out
    mutual = request.mutual_connections
    assert (
        f"{mutual} mutual connections" if mutual is not None else "mutual connections unknown"
    ) in out
    assert "Signal: looks like a stranger" in out
    for reason in reasons:
        assert f"  · {reason}\n" in out
    assert f"Suggestion: {suggested}\n" in out
    assert request.message.splitlines()[0] in out
    history = demo.history(request)
    assert history and "History:" in out
    for event in history:
        assert event.what in out
    assert f"Reply ({suggested}, suggested" in out
    assert demo.render_reply(request, suggested) in out  # type: ignore[arg-type]


def test_show_of_a_decided_request_shows_the_reply_taken(
    demo: Inbox, capsys: pytest.CaptureFixture[str]
) -> None:
    first = next(demo.requests("pending"))
    assert main(["decide", str(first.id), "connect"]) == 0
    code, out, _ = run_cli(capsys, "show", str(first.id))
    assert code == 0
    decided = demo.get(first.id)
    assert decided is not None and decided.reply
    assert "Reply (connect, as decided" in out and decided.reply in out
    assert "Suggestion:" not in out  # a decided request has none


def test_show_and_list_make_strangers_text_inert(capsys: pytest.CaptureFixture[str]) -> None:
    hostile = "Eve\x1b]0;You have been hacked\x07\x1b[2J Example"
    with small_inbox(
        Invitation(name=hostile, message="hi\x1b[31m there\x9b", headline="\x1b[1mCEO")
    ) as inbox:
        rid = next(inbox.requests("pending")).id
        for argv in (("show", str(rid)), ("list",), ("reply", str(rid), "--decision", "connect")):
            code, out, err = run_cli(capsys, *argv)
            assert code == 0, err
            assert "Eve" in out
            assert "\x1b" not in out and "\x07" not in out and "\x9b" not in out, argv


def test_plain_list_shows_the_signal_and_the_suggestion_per_row(
    demo: Inbox, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run_cli(capsys, "list")
    assert code == 0
    rows = {int(line.split()[0]): line for line in out.splitlines()}
    screened = {
        r.id: (stranger, suggested)
        for r, stranger, suggested, _ in demo.requests_screened("pending")
    }
    assert rows.keys() == screened.keys()
    assert any(s for _, s in screened.values()) and any(st == 1 for st, _ in screened.values())
    for rid, (stranger, suggested) in screened.items():
        row = rows[rid]
        assert (f"★{suggested}" in row) == bool(suggested), row
        assert ("● stranger" in row) == (stranger == 1), row
        assert ("✓ known" in row) == (stranger == 0), row


def test_list_sent_marks_invitations_old_enough_to_withdraw(
    demo: Inbox, capsys: pytest.CaptureFixture[str]
) -> None:
    weeks = demo.setting("withdraw_after_weeks")
    now = datetime.fromisoformat(os.environ["LINKINBOX_NOW"])
    sent = list(demo.requests("sent"))
    old = {r.id for r in sent if r.sent_at and now - r.sent_at >= timedelta(weeks=weeks)}
    assert old and len(old) < len(sent)  # the demo has both
    code, out, err = run_cli(capsys, "list", "--status", "sent")
    assert code == 0
    for line in out.splitlines():
        rid = int(line.split()[0])
        assert ("! withdraw?" in line) == (rid in old), line
    assert f"{len(old)} invitation" in err and "linkinbox withdraw" in err


def test_apply_suggestions_yes_is_one_undoable_batch(
    demo: Inbox, capsys: pytest.CaptureFixture[str]
) -> None:
    before = statuses(demo)
    suggestions = demo.suggestions()
    assert suggestions
    code, out, _ = run_cli(capsys, "apply-suggestions", "--yes")
    assert code == 0
    for rid, name, decision in suggestions:
        assert f"{rid:>6}  {decision:<8} {name}" in out
        assert statuses(demo)[rid] == decision
    assert f"Decided {len(suggestions)} requests as suggested" in out
    assert main(["undo"]) == 0
    assert statuses(demo) == before


def test_apply_suggestions_asks_and_takes_no_for_an_answer(
    demo: Inbox, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    before = statuses(demo)
    monkeypatch.setattr("sys.stdin", Terminal("n\n"))
    code, out, err = run_cli(capsys, "apply-suggestions")
    assert code == 0 and "as suggested? [y/N]" in err and "Nothing decided." in out
    assert statuses(demo) == before
    monkeypatch.setattr("sys.stdin", Terminal("y\n"))
    code, out, err = run_cli(capsys, "apply-suggestions")
    assert code == 0
    assert all(statuses(demo)[rid] == d for rid, _, d in demo.store.suggestions() or [])
    assert statuses(demo) != before


def test_apply_suggestions_without_a_terminal_or_yes_is_refused(
    demo: Inbox, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    before = statuses(demo)
    monkeypatch.setattr("sys.stdin", io.StringIO("y\n"))
    code, out, err = run_cli(capsys, "apply-suggestions")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "--yes" in err and "Traceback" not in err
    assert statuses(demo) == before


def test_reply_without_decision_renders_what_the_tui_shows(
    demo: Inbox, capsys: pytest.CaptureFixture[str]
) -> None:
    screened = list(demo.requests_screened("pending"))
    with_suggestion = next(r for r, _, s, _ in screened if s and s != "decline")
    suggested = demo.screening(with_suggestion.id)[1]
    without = next(r for r, _, s, _ in screened if not s)
    code, out, _ = run_cli(capsys, "reply", str(with_suggestion.id))
    assert code == 0 and out == demo.render_reply(with_suggestion, suggested) + "\n"  # type: ignore[arg-type]
    code, out, _ = run_cli(capsys, "reply", str(without.id))
    assert code == 0 and out == demo.render_reply(without, "decline") + "\n"
    assert main(["decide", str(without.id), "follow"]) == 0
    decided = demo.get(without.id)
    assert decided is not None and decided.reply
    code, out, _ = run_cli(capsys, "reply", str(without.id))
    assert code == 0 and out == decided.reply + "\n"
    code, out, _ = run_cli(capsys, "reply", str(without.id), "--decision", "connect")
    assert code == 0 and out == demo.render_reply(decided, "connect") + "\n"


def test_reply_to_a_sent_invitation_says_there_is_nothing_to_reply_to(
    demo: Inbox, capsys: pytest.CaptureFixture[str]
) -> None:
    sent = next(demo.requests("sent"))
    code, out, err = run_cli(capsys, "reply", str(sent.id))
    assert code == 2 and out == ""
    assert "nothing to reply to" in err and err.count("\n") == 1
    code, out, _ = run_cli(capsys, "show", str(sent.id))
    assert code == 0 and "there is nothing to reply to" in out


def test_a_reply_needing_an_unknown_profile_url_says_what_is_missing(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """E-mail-only imports carry no profile URL of the user's: no "…does that:" sentence."""
    with small_inbox(Invitation(name="Ada Example", message="Hi")) as inbox:
        assert not inbox.my_profile_url
        rid = str(next(inbox.requests("pending")).id)
        code, out, err = run_cli(capsys, "reply", rid)
        assert code == 2 and out == ""
        assert "my_profile_url in config.toml" in err and "data export" in err
        assert "does that:" not in err
        code, out, _ = run_cli(capsys, "show", rid)
        assert code == 0 and "my_profile_url in config.toml" in out and "does that:" not in out
        code, out, _ = run_cli(capsys, "reply", rid, "--decision", "connect")
        assert code == 0 and out.startswith("Hi Ada")  # connect's reply needs no URL


def test_decide_several_and_withdraw_several_exist(demo: Inbox) -> None:
    pending = [r.id for r in demo.requests("pending")][:2]
    sent = [r.id for r in demo.requests("sent")][:2]
    assert main(["decide", *map(str, pending), "decline"]) == 0
    assert main(["withdraw", *map(str, sent)]) == 0
    after = statuses(demo)
    assert [after[i] for i in pending] == ["decline", "decline"]
    assert [after[i] for i in sent] == ["withdrawn", "withdrawn"]
