"""Trust, round 2 (#11 leftovers): FIFOs inside what is imported, a read-only store, two windows
on one store, and the same-company burst signal (#17's leftover).

Every test runs the real path: the command (`python -m linkinbox` or `cli.main`), the real
importer and store, or the app under Pilot.
"""

from __future__ import annotations

import builtins
import hashlib
import io
import os
import shutil
import socket
import stat
from collections.abc import Awaitable, Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from cli_helpers import linkinbox
from textual.pilot import Pilot
from tui_helpers import (
    demo_inbox,
    inbox_screen,
    me_config,
    notifications,
    pending_in_header,
    run,
    static_text,
    wait_until,
)

from linkinbox import screening
from linkinbox.atomic import NotRegularFile, open_regular
from linkinbox.cli import main
from linkinbox.importers import mail
from linkinbox.inbox import Inbox
from linkinbox.models import ImportData, Invitation, Request, Status
from linkinbox.signals import build_context, company_of, signals
from linkinbox.tui.app import LinkinboxApp
from linkinbox.tui.screens.inbox import InboxScreen
from linkinbox.tui.widgets.request_list import RequestList

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures"
SAMPLE = FIXTURES / "sample-export"
MAILDIR = FIXTURES / "mail" / "Maildir"


def store_file(hermetic: Path) -> Path:
    return hermetic / "data" / "inbox.sqlite3"


# -- FIFOs, devices and sockets inside an export folder or a Maildir --------------------------


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every path opened in this process (os.open, open, io.open), to prove what was not."""
    seen: list[str] = []
    real_os_open, real_open = os.open, builtins.open

    def spy_os_open(path: Any, *args: Any, **kwargs: Any) -> int:
        seen.append(os.fspath(path))
        return real_os_open(path, *args, **kwargs)

    def spy_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(file, (str, bytes, os.PathLike)):
            seen.append(os.fsdecode(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(os, "open", spy_os_open)
    monkeypatch.setattr(builtins, "open", spy_open)
    monkeypatch.setattr(io, "open", spy_open)
    yield seen


def _export_with_fifos(tmp_path: Path) -> Path:
    folder = tmp_path / "export"
    folder.mkdir()
    shutil.copy(SAMPLE / "Invitations.csv", folder / "Invitations.csv")
    os.mkfifo(folder / "Connections.csv")
    nested = folder / "more"
    nested.mkdir()
    os.mkfifo(nested / "messages.csv")
    return folder


def test_fifos_inside_an_export_folder_are_skipped_with_a_reason(tmp_path: Path) -> None:
    folder = _export_with_fifos(tmp_path)
    result = linkinbox("import", str(folder))
    assert result.returncode == 1, (result.stdout, result.stderr)  # the rest imported
    assert "Traceback" not in result.stderr
    skipped = [line for line in result.stderr.splitlines() if "FIFO" in line]
    assert len(skipped) == 2, result.stderr
    assert any("Connections.csv" in line for line in skipped)
    assert any("messages.csv" in line for line in skipped)
    assert "added" in result.stdout
    listed = linkinbox("list")
    assert listed.returncode == 0 and listed.stdout.strip(), listed.stderr
    for fifo in (folder / "Connections.csv", folder / "more" / "messages.csv"):
        assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_the_import_never_opens_a_fifo_in_an_export_folder(
    tmp_path: Path, opened: list[str]
) -> None:
    folder = _export_with_fifos(tmp_path)
    assert main(["import", str(folder)]) == 1
    assert any(path.endswith("Invitations.csv") for path in opened)  # the spy sees opens
    assert not [p for p in opened if p.endswith(("Connections.csv", "messages.csv"))]


def test_an_export_folder_of_nothing_but_fifos_is_one_line(tmp_path: Path) -> None:
    folder = tmp_path / "export"
    folder.mkdir()
    os.mkfifo(folder / "Invitations.csv")
    result = linkinbox("import", str(folder))
    assert result.returncode == 2, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and "Invitations.csv" in lines[0] and "FIFO" in lines[0], lines


def _maildir_with_specials(tmp_path: Path) -> tuple[Path, list[Path]]:
    maildir = tmp_path / "Maildir"
    shutil.copytree(MAILDIR, maildir)
    fifo = maildir / "new" / "1718276499.M1P1Q1.fifo"
    os.mkfifo(fifo)
    sock_path = maildir / "cur" / "1718276499.M2P2Q2.sock"
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(sock_path))
    sock.close()
    return maildir, [fifo, sock_path]


def test_fifos_and_sockets_inside_a_maildir_are_skipped_with_a_reason(
    hermetic: Path, tmp_path: Path
) -> None:
    maildir, specials = _maildir_with_specials(tmp_path)
    clean = linkinbox("import", str(MAILDIR))
    expected = clean.stdout.splitlines()[0].split(": ", 1)[1]  # what the plain Maildir gives
    store_file(hermetic).unlink()
    result = linkinbox("import", str(maildir))
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    assert result.stdout.splitlines()[0].endswith(expected), (result.stdout, expected)
    assert any(specials[0].name in line and "FIFO" in line for line in result.stderr.splitlines())
    assert any(specials[1].name in line and "socket" in line for line in result.stderr.splitlines())


def test_the_import_never_opens_a_fifo_in_a_maildir(tmp_path: Path, opened: list[str]) -> None:
    maildir, _ = _maildir_with_specials(tmp_path)
    assert main(["import", str(maildir)]) == 1
    assert any("mailhost" in path for path in opened)
    assert not [p for p in opened if p.endswith((".fifo", ".sock"))]


def test_a_file_swapped_for_a_fifo_after_the_listing_is_refused_not_waited_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Between listing a folder and reading it, a file may become a FIFO: it is opened without
    waiting, checked, and refused."""

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(NotRegularFile, match="FIFO"):
        open_regular(fifo)
    maildir, _ = _maildir_with_specials(tmp_path)
    monkeypatch.setattr(mail, "special_kind", lambda _path: None)  # the listing saw a file
    monkeypatch.setattr(Path, "is_file", lambda _self: True)
    data = ImportData()
    messages = list(mail._messages(maildir, data.problems))
    assert len(messages) == 3
    assert any("FIFO" in p for p in data.problems), data.problems


def test_a_fifo_given_to_import_is_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "Invitations.csv"
    os.mkfifo(fifo)
    result = linkinbox("import", str(fifo))
    assert result.returncode == 2
    assert "FIFO" in result.stderr and len(result.stderr.splitlines()) == 1


# -- same-company bursts (#17's leftover) -----------------------------------------------------


def _req(rid: int, day: int, headline: str = "SDR at Contoso", company: str = "") -> Any:
    return Request(
        id=rid,
        key=f"person-{rid}",
        name=f"Person {rid}",
        headline=headline,
        company=company,
        sent_at=datetime(2026, 6, day, 10, 0),
    )


def _burst_context(requests: list[Any], my_companies: tuple[str, ...] = ()) -> Any:
    context = build_context([], my_companies, [], "Dana Whitfield")
    context.add_invitations(
        (r.company, r.headline, [(r.id, r.sent_at.toordinal())]) for r in requests if r.sent_at
    )
    return context


def _reasons(request: Any, context: Any) -> dict[str, int]:
    return {r.text: r.weight for r in signals(request, context)}


@pytest.mark.parametrize(
    ("company", "headline", "expected"),
    [
        ("", "Account Executive at Contoso | Helping teams grow", "Contoso"),
        ("", "SDR @Globex · Pipeline", "Globex"),
        ("", "Talent Partner | Recruiter at Initech, Inc.", "Initech"),
        ("", "Scaling revenue teams at scale at Umbrella", "Umbrella"),
        ("", "Head of Data", ""),
        ("", "Founder", ""),
        ("Fabrikam", "Engineer at Contoso", "Fabrikam"),
    ],
)
def test_the_company_a_request_names(company: str, headline: str, expected: str) -> None:
    assert company_of(company, headline) == expected


def test_several_invitations_from_one_company_in_a_few_days_are_a_burst() -> None:
    requests = [
        _req(1, 1, "SDR at Contoso"),
        _req(2, 3, "Account Executive at Contoso, Inc. | Pipeline"),
        _req(3, 5, "", company="Contoso Ltd"),
        _req(4, 2, "Engineer at Fabrikam"),
    ]
    context = _burst_context(requests)
    assert _reasons(requests[0], context)["2 others at Contoso invited you within a week"] == -2
    assert "2 others at Contoso Ltd invited you within a week" in _reasons(requests[2], context)
    assert not any("invited you within" in r for r in _reasons(requests[3], context))


def test_a_burst_pushes_a_request_toward_stranger() -> None:
    requests = [_req(i, i, "Engineer at Contoso") for i in range(1, 4)]
    lone = screening.screen(requests[0], _burst_context(requests[:1]), [])
    burst = screening.screen(requests[0], _burst_context(requests), [])
    assert lone.stranger is not True
    assert burst.stranger is True
    assert burst.reasons[0] == "2 others at Contoso invited you within a week"


@pytest.mark.parametrize(
    ("days", "companies", "why"),
    [
        ([1, 3], (), "two are not several"),
        ([1, 12, 24], (), "weeks apart is no burst"),
        ([1, 2, 3], ("Contoso",), "new colleagues at the user's own company"),
    ],
)
def test_no_burst(days: list[int], companies: tuple[str, ...], why: str) -> None:
    requests = [_req(i, day) for i, day in enumerate(days, 1)]
    context = _burst_context(requests, companies)
    for request in requests:
        assert not any("invited you within" in r for r in _reasons(request, context)), why


def test_a_burst_counts_only_the_invitations_near_this_one() -> None:
    requests = [_req(i, day) for i, day in enumerate([1, 2, 3, 20, 28], 1)]
    context = _burst_context(requests)
    assert "2 others at Contoso invited you within a week" in _reasons(requests[0], context)
    # the 20th and the 28th are two, 8 days apart: no burst for them
    assert not any("invited you within" in r for r in _reasons(requests[4], context))


def _own_list(tmp_path: Path, rows: int, burst: int) -> Path:
    """A linkinbox CSV list: `burst` people from Contoso within days, the rest from anywhere."""
    lines = ["name,headline,sent_at,message"]
    for i in range(rows):
        if i < burst:
            headline, day = "SDR at Contoso", 1 + i % 3
        else:
            headline, day = f"Engineer at Company {i}", 1 + i % 28
        lines.append(f"Person {i},{headline},2026-05-{day:02d}T10:00:00,")
    path = tmp_path / "list.csv"
    path.write_text("\n".join(lines) + "\n")
    return path


def test_screening_finds_bursts_with_one_grouped_query_whatever_the_size(tmp_path: Path) -> None:
    """The burst signal reads the inbox once (one grouped query), never once per request."""
    counts = []
    for rows in (50, 2000):
        folder = tmp_path / str(rows)
        folder.mkdir()
        with Inbox(store_path=folder / "inbox.sqlite3") as inbox:
            inbox.import_paths([_own_list(folder, rows, burst=4)])
            statements: list[str] = []
            inbox.store.db.set_trace_callback(statements.append)
            inbox.screen_all()
            inbox.store.db.set_trace_callback(None)
            counts.append(sum("GROUP BY company" in s for s in statements))
            burst = [r for r in inbox.requests("pending") if r.headline == "SDR at Contoso"]
            assert len(burst) == 4
            grouped = {(c, h): sorted(d) for c, h, d in inbox.store.invitation_companies()}
            assert grouped[("", "SDR at Contoso")] == sorted(
                (r.id, r.sent_at.toordinal()) for r in burst if r.sent_at
            )
            for request in burst:
                reasons = inbox.screening(request.id)[2]
                assert "3 others at Contoso invited you within a week" in reasons
            other = next(r for r in inbox.requests("pending") if "Company" in r.headline)
            assert not any("invited you within" in r for r in inbox.screening(other.id)[2])
    assert counts == [1, 1]


# -- a store the user made read-only ------------------------------------------------------------


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def read_only_store(hermetic: Path) -> Path:
    """The sample export imported and screened, then the store made read-only (0400)."""
    assert main(["import", str(SAMPLE)]) == 0
    assert main(["list"]) == 0  # screened
    store = store_file(hermetic)
    store.chmod(0o400)
    return store


def test_opening_a_store_only_ever_takes_permissions_away() -> None:
    with Inbox() as inbox:
        store = inbox.store_path
    store.chmod(0o644)
    with Inbox() as inbox:
        assert not inbox.read_only
    assert stat.S_IMODE(store.stat().st_mode) == 0o600  # group and others lose theirs
    store.chmod(0o400)
    with Inbox() as inbox:
        assert inbox.read_only
    assert stat.S_IMODE(store.stat().st_mode) == 0o400  # never made writable again
    store.chmod(0o440)
    with Inbox() as inbox:
        assert inbox.read_only
    assert stat.S_IMODE(store.stat().st_mode) == 0o400


@pytest.mark.parametrize(
    "command",
    [
        ["import", str(SAMPLE)],
        ["decide", "2", "follow"],
        ["withdraw", "1"],
        ["done", "2"],
        ["undo"],
        ["purge", "--older-than", "1"],
    ],
)
def test_writing_commands_on_a_read_only_store_say_so_and_exit_2(
    read_only_store: Path, command: list[str]
) -> None:
    before = _digest(read_only_store)
    result = linkinbox(*command)
    assert result.returncode == 2, (result.stdout, result.stderr)
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and "read-only" in lines[0] and "chmod u+w" in lines[0], lines
    assert "Traceback" not in result.stderr
    assert _digest(read_only_store) == before
    assert stat.S_IMODE(read_only_store.stat().st_mode) == 0o400


def test_reading_commands_on_a_read_only_store_work(read_only_store: Path, tmp_path: Path) -> None:
    before = _digest(read_only_store)
    for command in (
        ["list"],
        ["list", "--json"],
        ["list", "--status", "all"],
        ["stats"],
        ["todo"],
        ["reply", "8"],  # a pending request (1–5 are connections)
        ["show", "2"],
        ["export", "-o", str(tmp_path / "out.csv")],
    ):
        result = linkinbox(*command)
        assert result.returncode == 0, (command, result.stderr)
        assert "Traceback" not in result.stderr
    assert "Marcus Bell" in linkinbox("list").stdout
    assert "Marcus Bell" in (tmp_path / "out.csv").read_text()
    assert _digest(read_only_store) == before


def test_a_read_only_store_is_never_screened_or_purged(hermetic: Path) -> None:
    """Background writes (screening after an import, retention) are skipped, not failed."""
    assert main(["import", str(SAMPLE)]) == 0  # imported, not screened yet
    store = store_file(hermetic)
    store.chmod(0o400)
    before = _digest(store)
    with Inbox() as inbox:
        assert inbox.read_only and not inbox.needs_screening()
        inbox.ensure_screened()
        assert inbox.apply_retention() == 0
        assert inbox.missing_order_indexes() == []
    assert main(["list", "--json"]) == 0
    assert _digest(store) == before


def test_the_tui_on_a_read_only_store_says_so_and_saves_nothing(read_only_store: Path) -> None:
    before = _digest(read_only_store)
    inbox = Inbox()
    app = LinkinboxApp(inbox)

    async def scenario(app: LinkinboxApp, pilot: Pilot[int]) -> None:
        screen = app.screen
        assert isinstance(screen, InboxScreen)
        await wait_until(pilot, lambda: any("Read-only" in n for n in notifications(app)))
        assert "read-only: decisions are not saved" in static_text(app, "#title-view")
        current = screen.current
        assert current is not None

        def said_more(seen: int) -> Callable[[], bool]:
            return lambda: len(notifications(app)) > seen

        for key in ("i", "d", "u", "space"):  # i first: keys after it wait until it acted
            seen = len(notifications(app))
            await pilot.press(key)
            await wait_until(pilot, said_more(seen))
            assert notifications(app)[-1].startswith("Read-only: decisions are not saved."), key
        request = inbox.get(current.id)
        assert request is not None and request.status == Status.PENDING
        assert screen.current is not None and screen.current.id == current.id

    try:
        run(app, scenario)
    finally:
        inbox.close()
    assert _digest(read_only_store) == before


# -- two windows on one store ---------------------------------------------------------------------


@pytest.fixture
def two_windows(tmp_path: Path) -> Iterator[tuple[Inbox, Inbox]]:
    """The demo inbox opened twice: `this` for the app under test, `other` as another window."""
    me_config()
    with demo_inbox(tmp_path) as this, Inbox() as other:
        yield this, other


def in_a_window(
    inbox: Inbox, scenario: Callable[[LinkinboxApp, Pilot[int], InboxScreen], Awaitable[None]]
) -> None:
    """Run `scenario` in a window on `inbox` once its inbox shows a request under the cursor."""

    async def started(app: LinkinboxApp, pilot: Pilot[int]) -> None:
        screen = inbox_screen(app)
        await wait_until(pilot, lambda: screen.current is not None)
        await scenario(app, pilot, screen)

    run(LinkinboxApp(inbox), started)


def _pending_shown(app: LinkinboxApp) -> int:
    return int(pending_in_header(app).split()[0].replace(",", ""))


def _row_ids(app: LinkinboxApp) -> list[int]:
    rows = app.screen.query_one(RequestList)
    return [row.id for i in range(rows.count) if (row := rows.row(i)) is not None]


def test_a_decision_in_another_window_shows_here_within_a_poll(
    two_windows: tuple[Inbox, Inbox],
) -> None:
    this, other = two_windows

    async def scenario(app: LinkinboxApp, pilot: Pilot[int], screen: InboxScreen) -> None:
        assert screen.current is not None
        await pilot.press("down", "down")
        await wait_until(pilot, lambda: screen.current is not None)
        assert screen.current is not None
        kept = screen.current.id
        ids = _row_ids(app)
        above, pending = ids[0], _pending_shown(app)
        assert other.decide([above], "decline") == [above]
        # no key pressed here: the screen notices by itself
        await wait_until(pilot, lambda: above not in _row_ids(app), timeout=10)
        assert _pending_shown(app) == pending - 1
        assert screen.current is not None and screen.current.id == kept  # cursor kept
        # a request changed but still shown: its pane shows it afresh
        other.set_marked([kept], True)
        await wait_until(pilot, lambda: screen.marks == frozenset({kept}), timeout=10)

    in_a_window(this, scenario)


def test_a_decision_by_the_command_line_shows_in_the_open_window(
    two_windows: tuple[Inbox, Inbox],
) -> None:
    this, _ = two_windows

    async def scenario(app: LinkinboxApp, pilot: Pilot[int], screen: InboxScreen) -> None:
        assert screen.current is not None
        first, pending = screen.current.id, _pending_shown(app)
        assert main(["decide", str(first), "follow"]) == 0
        await wait_until(pilot, lambda: first not in _row_ids(app), timeout=10)
        assert _pending_shown(app) == pending - 1
        assert screen.current is not None and screen.current.id != first

    in_a_window(this, scenario)


def test_a_key_on_a_request_decided_in_another_window_says_so(
    two_windows: tuple[Inbox, Inbox], monkeypatch: pytest.MonkeyPatch
) -> None:
    this, other = two_windows

    async def scenario(app: LinkinboxApp, pilot: Pilot[int], screen: InboxScreen) -> None:
        assert screen.current is not None
        shown = screen.current
        # Between two polls: this window has not seen the other's decision yet.
        monkeypatch.setattr(this, "changed_elsewhere", lambda: None)
        assert other.decide([shown.id], "decline") == [shown.id]
        await pilot.press("f")
        expected = f"{shown.name} was already declined in another window."
        await wait_until(pilot, lambda: expected in notifications(app))
        request = this.get(shown.id)
        assert request is not None and request.status == Status.DECLINE  # not followed
        await wait_until(pilot, lambda: shown.id not in _row_ids(app))  # and the list shows it
        assert not any(n.startswith("Followed") for n in notifications(app))
        # the same for a mark (space) on a request the other window followed meanwhile
        await wait_until(pilot, lambda: screen.current is not None)
        marked = screen.current
        assert other.decide([marked.id], "follow") == [marked.id]
        await pilot.press("space")
        expected = f"{marked.name} was already followed in another window."
        await wait_until(pilot, lambda: expected in notifications(app))
        assert this.marked_ids() == []

    in_a_window(this, scenario)


def test_undo_says_when_the_last_change_was_another_windows(
    two_windows: tuple[Inbox, Inbox],
) -> None:
    this, other = two_windows

    async def scenario(app: LinkinboxApp, pilot: Pilot[int], screen: InboxScreen) -> None:
        assert screen.current is not None
        mine = screen.current
        await pilot.press("d")
        await wait_until(pilot, lambda: any(n.startswith("Declined") for n in notifications(app)))
        await pilot.press("u")
        await wait_until(pilot, lambda: any(n.startswith("Restored") for n in notifications(app)))
        assert notifications(app)[-1] == f"Restored {mine.name} to pending."
        theirs = next(r for r in other.requests("pending") if r.id != mine.id)
        assert other.decide([theirs.id], "follow") == [theirs.id]
        await wait_until(pilot, lambda: theirs.id not in _row_ids(app), timeout=10)
        await pilot.press("u")
        expected = (
            f"Restored {theirs.name} to pending. That change was made in another window, "
            "not this one."
        )
        await wait_until(pilot, lambda: expected in notifications(app))
        request = this.get(theirs.id)
        assert request is not None and request.status == Status.PENDING

    in_a_window(this, scenario)


def test_batches_are_never_numbered_twice_so_a_window_knows_its_own() -> None:
    with Inbox() as first, Inbox() as second:
        first.import_data(_burst_free_data(), screen=False)
        ids = [r.id for r in first.requests("pending")]
        assert first.last_batch_owner() == "none"
        first.decide([ids[0]], "decline")
        assert first.last_batch_owner() == "mine"
        assert second.last_batch_owner() == "elsewhere"
        second.undo()
        second.decide([ids[1]], "follow")  # the number the undone batch had is not reused
        assert first.last_batch_owner() == "elsewhere"
        assert second.last_batch_owner() == "mine"
    with Inbox() as later:
        assert later.last_batch_owner() == "earlier"  # before this one opened


def _burst_free_data() -> Any:
    return ImportData(
        invitations=[
            Invitation(name=f"Person {i}", sent_at=datetime(2026, 6, 1 + i, 9, 0)) for i in range(3)
        ]
    )


def test_changed_elsewhere_tells_decisions_from_details() -> None:
    with Inbox() as this, Inbox() as other:
        this.import_data(_burst_free_data(), screen=False)
        assert this.changed_elsewhere() is None
        ids = [r.id for r in this.requests("pending")]
        this.decide([ids[0]], "decline")  # its own change is not another's
        assert this.changed_elsewhere() is None
        other.set_marked([ids[1]], True)
        assert this.changed_elsewhere() == "details"
        assert this.changed_elsewhere() is None
        other.decide([ids[1]], "follow")
        assert this.changed_elsewhere() == "requests"
        # Background screening saves its work (details) between the last poll and this
        # window's own decision: the next poll says "details", no reason to re-read the list.
        other.set_marked([ids[2]], True)
        this.decide([ids[2]], "connect")
        assert this.changed_elsewhere() == "details"
        # A decision elsewhere in between is still seen, whatever this window did after it.
        other.undo()
        this.undo()
        assert this.changed_elsewhere() == "requests"


def test_a_store_made_writable_again_takes_its_journals_along(read_only_store: Path) -> None:
    """Reading a read-only store leaves SQLite's -wal and -shm read-only like it; once the user
    makes the store writable again, decisions are saved."""

    assert main(["list"]) == 0
    read_only_store.chmod(0o600)
    for suffix in ("-wal", "-shm"):
        journal = Path(f"{read_only_store}{suffix}")
        if journal.exists():
            journal.chmod(0o400)
    assert main(["decide", "2", "follow"]) == 0
    for suffix in ("-wal", "-shm"):
        journal = Path(f"{read_only_store}{suffix}")
        if journal.exists():
            assert stat.S_IMODE(journal.stat().st_mode) == 0o600
