"""Nothing lost: kill -9 at random moments, read-only folders, the TUI and an import at once.

After every kill the store passes `PRAGMA integrity_check`, every decision whose command already
printed its confirmation is in the store, and an import is all or nothing. A read-only data
folder is one clear line (exit status 2) and leaves no partial file.
"""

from __future__ import annotations

import asyncio
import contextlib
import csv
import ctypes
import json
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from linkinbox.inbox import Inbox
from linkinbox.models import Status
from linkinbox.tui.app import LinkinboxApp
from linkinbox.tui.screens.inbox import InboxScreen

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "tests" / "fixtures" / "sample-export"
BIG_ROWS = 20_000
BASE_PENDING = 400
NOW = "2026-06-14T09:00:00"


def env_for(data: Path, config: Path | None = None) -> dict[str, str]:
    return {
        **os.environ,
        "LINKINBOX_DATA_DIR": str(data),
        "LINKINBOX_CONFIG_DIR": str(config or data.parent / "config"),
        "LINKINBOX_NOW": NOW,
        "LINKINBOX_NO_BROWSER": "1",
        "PYTHONPATH": str(REPO),
    }


def linkinbox(data: Path, *args: str, **kwargs: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "linkinbox", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env=env_for(data),
        **kwargs,
    )


def store_of(data: Path) -> Path:
    return data / "inbox.sqlite3"


def integrity(data: Path) -> str:
    with contextlib.closing(sqlite3.connect(store_of(data))) as db:
        return str(db.execute("PRAGMA integrity_check").fetchone()[0])


def statuses(data: Path) -> dict[int, str]:
    with contextlib.closing(sqlite3.connect(store_of(data))) as db:
        return {int(r[0]): str(r[1]) for r in db.execute("SELECT id, status FROM requests")}


def count(data: Path) -> int:
    with contextlib.closing(sqlite3.connect(store_of(data))) as db:
        return int(db.execute("SELECT COUNT(*) FROM requests").fetchone()[0])


@dataclass(frozen=True)
class Setup:
    big_csv: Path
    base: Path  # a data folder holding BASE_PENDING pending requests
    import_seconds: float


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> Setup:
    root = tmp_path_factory.mktemp("durability")
    big = root / "Invitations.csv"
    start = datetime(2026, 6, 1, 8, 0)
    with big.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            [
                "From",
                "To",
                "Sent At",
                "Message",
                "Direction",
                "inviterProfileUrl",
                "inviteeProfileUrl",
            ]
        )
        for i in range(BIG_ROWS):
            sent = start - timedelta(minutes=37 * i)
            writer.writerow(
                [
                    f"Imported Person {i:05d}",
                    "Dana Whitfield",
                    f"{sent.month}/{sent.day}/{sent.year % 100:02d}, "
                    f"{(sent.hour % 12) or 12}:{sent.minute:02d} {'AM' if sent.hour < 12 else 'PM'}",
                    "Hello, let's connect!" if i % 3 == 0 else "",
                    "INCOMING",
                    f"https://www.linkedin.com/in/imported-{i:05d}",
                    "",
                ]
            )
    own = root / "base.json"
    own.write_text(
        json.dumps(
            [
                {
                    "name": f"Base Person {i:03d}",
                    "profile_url": f"https://www.linkedin.com/in/base-{i:03d}",
                    "sent_at": (datetime(2026, 6, 13) - timedelta(hours=i)).isoformat(),
                }
                for i in range(BASE_PENDING)
            ]
        ),
        encoding="utf-8",
    )
    base = root / "base" / "data"
    result = linkinbox(base, "import", str(own))
    assert result.returncode == 0, result.stderr
    assert count(base) == BASE_PENDING

    full = root / "full" / "data"
    shutil.copytree(base, full)
    started = time.monotonic()
    result = linkinbox(full, "import", str(big))
    seconds = time.monotonic() - started
    assert result.returncode == 0, result.stderr
    assert f"{BIG_ROWS:,} added" in result.stdout
    assert count(full) == BASE_PENDING + BIG_ROWS
    return Setup(big, base, seconds)


def copy_base(setup: Setup, tmp_path: Path) -> Path:
    data = tmp_path / "store"
    shutil.copytree(setup.base, data)
    return data


def wait_then_kill(process: subprocess.Popen[str], ready: Callable[[], bool]) -> str:
    """Kill -9 `process` once `ready()`; returns what it printed before it died."""
    deadline = time.monotonic() + 30
    while not ready() and process.poll() is None:
        assert time.monotonic() < deadline, "the moment to kill never came"
        time.sleep(0.002)
    with contextlib.suppress(ProcessLookupError):
        os.kill(process.pid, signal.SIGKILL)
    out, _ = process.communicate(timeout=30)
    return out


# --- kill -9 during an import -------------------------------------------------------------------

IMPORT_KILLS = [("random", seed) for seed in range(5)] + [
    ("while writing", seed) for seed in range(3)
]


@pytest.mark.parametrize(("moment", "seed"), IMPORT_KILLS)
def test_kill_during_import_is_all_or_nothing(
    moment: str, seed: int, setup: Setup, tmp_path: Path
) -> None:
    data = copy_base(setup, tmp_path)
    wal = Path(f"{store_of(data)}-wal")
    process = subprocess.Popen(
        [sys.executable, "-m", "linkinbox", "import", str(setup.big_csv)],
        env=env_for(data),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    if moment == "random":
        at = time.monotonic() + random.Random(seed).uniform(0.05, setup.import_seconds * 1.1)
        wait_then_kill(process, lambda: time.monotonic() >= at)
    else:  # while the import's transaction writes its pages into the write-ahead log
        threshold = (32, 1_500_000, 3_000_000)[seed]
        wait_then_kill(process, lambda: wal.exists() and wal.stat().st_size > threshold)

    assert integrity(data) == "ok"
    stored = statuses(data)
    assert len(stored) in (BASE_PENDING, BASE_PENDING + BIG_ROWS)
    if process.returncode == 0:
        assert len(stored) == BASE_PENDING + BIG_ROWS
    assert set(stored.values()) == {"pending"}
    # The store still works: a decision after the crash is stored.
    with Inbox(store_of(data), data.parent / "none.toml", data.parent / "none2.toml") as inbox:
        first = next(iter(inbox.requests(status="pending")))
        inbox.decide([first.id], "follow")
    assert statuses(data)[first.id] == "follow"


# --- kill -9 during a stream of `linkinbox decide` ----------------------------------------------

DRIVER = """
import sys
from linkinbox.cli import main
for number, ref in enumerate(sys.argv[1:]):
    main(["decide", ref, ("follow", "connect", "decline")[number % 3]])
"""
CONFIRMATION = re.compile(r"^(\d+): .* → (follow|connect|decline)\. [\d,]+ pending\.$")


@pytest.mark.parametrize("seed", range(7))
def test_kill_during_decisions_keeps_every_confirmed_one(
    seed: int, setup: Setup, tmp_path: Path
) -> None:
    data = copy_base(setup, tmp_path)
    ids = sorted(statuses(data))
    random.Random(seed).shuffle(ids)
    process = subprocess.Popen(
        [sys.executable, "-u", "-c", DRIVER, *map(str, ids)],
        env=env_for(data),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    # Killed just after its (1 + 3·seed)-th confirmation, while the next decision is under way:
    # the moment depends on what the process did, never on how fast a loaded machine runs it.
    wanted = 1 + 3 * seed
    assert process.stdout is not None
    printed: list[str] = []
    while len(printed) < wanted and (line := process.stdout.readline()):
        printed.append(line)
    with contextlib.suppress(ProcessLookupError):
        os.kill(process.pid, signal.SIGKILL)
    rest, _ = process.communicate(timeout=30)
    out = "".join(printed) + rest
    assert process.returncode == -signal.SIGKILL, "the stream ended before the kill"
    assert len(printed) == wanted, "fewer decisions confirmed than asked for"

    confirmed: dict[int, str] = {}
    lines = out.splitlines()
    for line in lines[:-1] if out and not out.endswith("\n") else lines:
        match = CONFIRMATION.match(line)
        assert match, line
        confirmed[int(match[1])] = match[2]
    assert confirmed, "no decision was confirmed before the kill"

    assert integrity(data) == "ok"
    stored = statuses(data)
    for request_id, decision in confirmed.items():
        assert stored[request_id] == decision, f"confirmed decision {request_id} was lost"
    decided = {rid for rid, status in stored.items() if status != "pending"}
    # At most the one decision in flight (stored, not yet printed) goes beyond the confirmed.
    assert set(confirmed) <= decided and len(decided - set(confirmed)) <= 1
    assert decided <= set(ids[: len(decided)])
    with contextlib.closing(sqlite3.connect(store_of(data))) as db:
        batches = db.execute("SELECT COUNT(DISTINCT batch), COUNT(*) FROM history").fetchone()
    assert tuple(batches) == (len(decided), len(decided))  # each one undoable on its own

    undone = linkinbox(data, "undo")
    assert undone.returncode == 0 and undone.stdout.startswith("Undone: "), undone.stderr
    assert sum(s != "pending" for s in statuses(data).values()) == len(decided) - 1


# --- a read-only data folder --------------------------------------------------------------------

CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER = 1, 2, 3
PR_CAPBSET_DROP = 24


def _without_root_powers() -> None:
    """In the child, before exec: as root, give up overriding file permissions."""
    if os.geteuid() != 0:
        return
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER):
        if libc.prctl(PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")


def as_user(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """linkinbox as an ordinary user would run it: file permissions apply (also under root)."""
    return linkinbox(data, *args, preexec_fn=_without_root_powers)


NOBODY = 65534


@pytest.fixture
def read_only(tmp_path: Path) -> Iterator[Callable[[Path], None]]:
    """Make folders read-only for linkinbox: another user's, like a read-only mount.

    Needs root (to hand the folder to another user; linkinbox itself then runs without root's
    powers); skipped where file permissions cannot be enforced.
    """
    if os.geteuid() != 0:
        pytest.skip("handing a folder to another user needs root")
    probe = tmp_path / "probe"
    probe.mkdir()
    os.chown(probe, NOBODY, NOBODY)
    result = subprocess.run(
        [sys.executable, "-c", f"open({str(probe / 'x')!r}, 'w')"],
        capture_output=True,
        preexec_fn=_without_root_powers,
        timeout=30,
    )
    if result.returncode == 0:
        pytest.skip("file permissions cannot be enforced here")
    locked: list[Path] = []

    def lock(folder: Path) -> None:
        os.chown(folder, NOBODY, NOBODY)
        folder.chmod(0o755)
        locked.append(folder)

    yield lock
    for folder in [probe, *locked]:
        os.chown(folder, 0, 0)


def assert_one_line_error(result: subprocess.CompletedProcess[str], *words: str) -> None:
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("linkinbox: "), result.stderr
    for word in words:
        assert word in lines[0], lines[0]


def test_read_only_empty_data_folder(read_only: Callable[[Path], None], tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    read_only(data)
    result = as_user(data, "import", str(SAMPLE))
    assert_one_line_error(result, str(data))
    assert list(data.iterdir()) == []


def test_read_only_data_folder_with_a_store(
    read_only: Callable[[Path], None], setup: Setup, tmp_path: Path
) -> None:
    data = copy_base(setup, tmp_path)
    before = statuses(data)
    files = sorted(p.name for p in data.iterdir())
    read_only(data)
    for args in (
        ("decide", "1", "follow"),
        ("import", str(SAMPLE)),
        ("purge", "--older-than", "1"),
    ):
        result = as_user(data, *args)
        assert_one_line_error(result, "inbox store")
        assert sorted(p.name for p in data.iterdir()) == files
    assert statuses(data) == before


def test_export_into_a_read_only_folder(
    read_only: Callable[[Path], None], setup: Setup, tmp_path: Path
) -> None:
    data = copy_base(setup, tmp_path)
    out = tmp_path / "exports"
    out.mkdir()
    read_only(out)
    result = as_user(data, "export", "--format", "json", "-o", str(out / "all.json"))
    assert_one_line_error(result, "all.json")
    assert list(out.iterdir()) == []


def test_data_folder_made_read_only_by_its_owner_stays_read_only(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    data.chmod(0o500)
    try:
        result = as_user(data, "import", str(SAMPLE))
        assert data.stat().st_mode & 0o777 == 0o500
        assert_one_line_error(result, str(data))
        assert list(data.iterdir()) == []
    finally:
        data.chmod(0o700)


# --- the TUI and a command-line import at once ----------------------------------------------------


def test_tui_and_cli_import_at_once_lose_nothing(setup: Setup, tmp_path: Path) -> None:
    data = copy_base(setup, tmp_path)
    config = tmp_path / "config"
    decided: list[int] = []
    results: list[subprocess.CompletedProcess[str]] = []

    async def scenario(inbox: Inbox) -> None:
        app = LinkinboxApp(inbox)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, InboxScreen)
            process = subprocess.Popen(
                [sys.executable, "-m", "linkinbox", "import", str(setup.big_csv)],
                env=env_for(data, config),
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            while process.poll() is None or len(decided) < 20:
                current = screen.current
                assert current is not None and current.status == Status.PENDING
                await pilot.press("d")
                decided.append(current.id)
                assert len(decided) < BASE_PENDING
            out, err = process.communicate(timeout=60)
            results.append(subprocess.CompletedProcess(process.args, process.returncode, out, err))

    with Inbox(store_of(data), config / "config.toml", config / "templates.toml") as inbox:
        asyncio.run(scenario(inbox))

    (result,) = results
    assert result.returncode == 0, result.stderr
    assert f"{BIG_ROWS:,} added" in result.stdout
    assert integrity(data) == "ok"
    stored = statuses(data)
    assert len(stored) == BASE_PENDING + BIG_ROWS
    assert [stored[rid] for rid in decided] == ["decline"] * len(decided)
    assert sum(status == "decline" for status in stored.values()) == len(decided)
