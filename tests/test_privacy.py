"""Other people's data is private: owner-only files, no network at all, purge that forgets.

The data folder is 0700 and every file in it 0600 (the store, its -wal and -shm, exports written
with -o), whatever the umask. Every command and the TUI work with the network switched off (a
`sitecustomize.py` that makes any Internet socket raise). `purge --older-than DAYS` forgets
decided requests older than that and compacts the store, so their text is gone from the file.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from linkinbox import paths
from linkinbox.inbox import Inbox

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures"
SAMPLE = FIXTURES / "sample-export"
NONET = FIXTURES / "hostile" / "nonet"


def linkinbox(
    *args: str, env: dict[str, str] | None = None, umask: int = 0o022
) -> subprocess.CompletedProcess[str]:
    def lax_umask() -> None:
        os.umask(umask)

    return subprocess.run(
        [sys.executable, "-m", "linkinbox", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": str(REPO), **(env or {})},
        preexec_fn=lax_umask,
    )


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@contextlib.contextmanager
def umask(value: int) -> Iterator[None]:
    old = os.umask(value)
    try:
        yield
    finally:
        os.umask(old)


# --- owner-only files ---------------------------------------------------------------------------


def test_data_folder_and_every_file_in_it_are_owner_only() -> None:
    data = paths.data_dir()
    data.mkdir(mode=0o755)  # made by someone else, too open
    data.chmod(0o755)
    result = linkinbox("import", str(SAMPLE), umask=0o000)
    assert result.returncode == 0, result.stderr
    assert linkinbox("decide", "priya-raman-phd", "follow", umask=0o000).returncode == 0
    assert mode(data) == 0o700
    assert (data / "inbox.sqlite3").is_file()
    for file in data.iterdir():
        assert mode(file) == 0o600, f"{file.name} is {oct(mode(file))}"

    # While the inbox is open (as in the TUI) the write-ahead log and shared memory exist too.
    with umask(0o000), Inbox() as inbox:
        inbox.decide([inbox.find("marcus-bell-growth").id], "decline")
        names = {p.name for p in data.iterdir()}
        assert {"inbox.sqlite3", "inbox.sqlite3-shm", "inbox.sqlite3-wal"} <= names
        for file in data.iterdir():
            assert mode(file) == 0o600, f"{file.name} is {oct(mode(file))}"
        with Inbox() as second:  # a second window or a command at the same time
            second.undo()
            for file in data.iterdir():
                assert mode(file) == 0o600, f"{file.name} is {oct(mode(file))}"


def test_an_existing_too_open_store_is_made_private() -> None:
    assert linkinbox("import", str(SAMPLE)).returncode == 0
    store = paths.store_file()
    store.chmod(0o644)
    paths.data_dir().chmod(0o755)
    assert linkinbox("list").returncode == 0
    assert mode(store) == 0o600 and mode(paths.data_dir()) == 0o700


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_exports_are_owner_only_even_over_an_open_file(fmt: str, tmp_path: Path) -> None:
    assert linkinbox("import", str(SAMPLE)).returncode == 0
    target = tmp_path / f"everyone.{fmt}"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o644)
    fresh = tmp_path / "new" / f"export.{fmt}"
    fresh.parent.mkdir()  # a missing folder is an error (#11), not created
    for path in (target, fresh):
        result = linkinbox("export", "--format", fmt, "-o", str(path), umask=0o000)
        assert result.returncode == 0, result.stderr
        assert mode(path) == 0o600
        assert "Søren Ækerlund-Nuñez" in path.read_text(encoding="utf-8")
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temp files


# --- no network ---------------------------------------------------------------------------------

NO_NETWORK_CLI = """
import sys
from linkinbox.cli import main
commands = [line.split("\\t") for line in sys.argv[1].splitlines()]
for args in commands:
    code = main(args)
    assert code == 0, (args, code)
print("all", len(commands), "commands ran")
"""

NO_NETWORK_TUI = """
import asyncio, sys
from linkinbox.demo import cleanup_demo, prepare_demo
from linkinbox.inbox import Inbox
from linkinbox.tui.app import LinkinboxApp

async def drive(app, keys):
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
            await pilot.pause()

with Inbox() as inbox:
    asyncio.run(drive(LinkinboxApp(inbox), [
        "j", "f", "u", "y", "o", "right", "r", "escape", "question_mark", "escape", "t", "escape",
        "slash", "a", "escape", "s", "2", "o", "1", "S", "escape", "space", "d", "u", "q",
    ]))
root, where = prepare_demo()
try:
    with Inbox(where=where) as inbox:
        asyncio.run(drive(LinkinboxApp(inbox, demo=True), ["j", "c", "u", "y", "o", "q"]))
finally:
    cleanup_demo(root)
print("tui ran")
"""


@pytest.fixture
def no_network(tmp_path: Path) -> Iterator[dict[str, str]]:
    log = tmp_path / "network-attempts.log"
    env = {
        "PYTHONPATH": os.pathsep.join([str(NONET), str(REPO)]),
        "LINKINBOX_NONET_LOG": str(log),
        "no_proxy": "",
        "http_proxy": "",
    }
    yield env
    attempts = log.read_text(encoding="utf-8") if log.exists() else ""
    assert attempts == "", f"network use: {attempts}"


def guarded(env: dict[str, str], *argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *argv],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **env},
    )


def test_the_network_guard_really_guards(no_network: dict[str, str]) -> None:
    probe = (
        "import socket, urllib.request\n"
        "for attempt in (lambda: socket.create_connection(('127.0.0.1', 9)),\n"
        "                lambda: socket.socket().connect(('127.0.0.1', 9)),\n"
        "                lambda: urllib.request.urlopen('http://linkedin.com', timeout=1)):\n"
        "    try:\n"
        "        attempt()\n"
        "    except OSError as error:\n"
        "        assert 'network access attempted' in str(error), error\n"
        "    else:\n"
        "        raise SystemExit('connected')\n"
        "a, b = socket.socketpair()\n"  # local pairs (asyncio's wake-up) still work
        "a.sendall(b'x'); assert b.recv(1) == b'x'\n"
    )
    log = Path(no_network["LINKINBOX_NONET_LOG"])
    result = guarded(no_network, "-c", probe)
    assert result.returncode == 0, result.stderr
    assert log.read_text(encoding="utf-8").count("\n") >= 3
    log.unlink()  # expected attempts: the fixture checks that nothing else tried


def test_every_command_works_without_network(no_network: dict[str, str], tmp_path: Path) -> None:
    export = tmp_path / "out" / "export.json"
    export.parent.mkdir()
    commands = [
        ["locate", "data"],
        ["locate", "config"],
        ["themes"],
        ["import", str(SAMPLE)],
        ["import", str(FIXTURES / "mail" / "inbox.mbox"), str(FIXTURES / "mail" / "Maildir")],
        ["list"],
        ["list", "--json"],
        ["list", "--status", "all"],
        ["reply", "priya-raman-phd"],
        ["reply", "https://www.linkedin.com/in/marcus-bell-growth/", "--decision", "follow"],
        ["decide", "priya-raman-phd", "follow"],
        ["decide", "marcus-bell-growth", "decline"],
        ["undo"],
        ["import", str(FIXTURES / "own" / "export.json")],
        ["stats"],
        ["stats", "--json"],
        ["export"],
        ["export", "--format", "json", "-o", str(export)],
        ["purge", "--older-than", "30"],
    ]
    script = "\n".join("\t".join(args) for args in commands)
    result = guarded(no_network, "-c", NO_NETWORK_CLI, script)
    assert result.returncode == 0, result.stderr[-2000:]
    assert f"all {len(commands)} commands ran" in result.stdout
    assert json.loads(export.read_text(encoding="utf-8"))

    version = guarded(no_network, "-m", "linkinbox", "--version")
    assert version.returncode == 0 and version.stdout.startswith("linkinbox ")
    listed = guarded(no_network, "-m", "linkinbox", "list", "--status", "all", "--json")
    assert listed.returncode == 0 and len(json.loads(listed.stdout)) >= 4


def test_the_tui_and_the_demo_work_without_network(no_network: dict[str, str]) -> None:
    assert linkinbox("import", str(SAMPLE)).returncode == 0
    result = guarded(no_network, "-c", NO_NETWORK_TUI)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "tui ran" in result.stdout


# --- purge ----------------------------------------------------------------------------------------

OLD, RECENT, PURGE_DAY = "2026-03-01T10:00:00", "2026-06-01T10:00:00", "2026-06-14T09:00:00"


@pytest.fixture
def decided_store(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> dict[str, list[int]]:
    """1,000 requests declined long ago, 200 decided recently, 300 pending, 1 sent."""
    people: list[dict[str, Any]] = []
    for i in range(1500):
        people.append(
            {
                "name": f"{'Oldname' if i < 1000 else 'Newname'} Person{i:04d}",
                "profile_url": f"https://www.linkedin.com/in/purge-{i:04d}",
                "headline": f"Forgettable Headline {i:04d}",
                "message": f"A private note from person {i:04d}. " * 8,
                "sent_at": (datetime(2026, 2, 1) + timedelta(minutes=i)).isoformat(),
            }
        )
    people.append({"name": "Sent Person", "status": "sent", "sent_at": "2026-01-01T00:00:00"})
    own = tmp_path / "people.json"
    own.write_text(json.dumps(people), encoding="utf-8")
    # Ten of the old ones and ten of the others invited twice.
    again = [{**p, "sent_at": "2026-02-20T12:00:00"} for p in people[:10] + people[1200:1210]]
    twice = tmp_path / "again.json"
    twice.write_text(json.dumps(again), encoding="utf-8")
    ids: dict[str, list[int]] = {}
    with Inbox() as inbox:
        inbox.import_paths([own])
        inbox.import_paths([twice])
        by_name = {r.name: r.id for r in inbox.requests(status="pending")}
        ids["old"] = [by_name[f"Oldname Person{i:04d}"] for i in range(1000)]
        ids["recent"] = [by_name[f"Newname Person{i:04d}"] for i in range(1000, 1200)]
        ids["pending"] = [by_name[f"Newname Person{i:04d}"] for i in range(1200, 1500)]
        monkeypatch.setenv("LINKINBOX_NOW", OLD)
        for chunk in range(0, 1000, 100):
            inbox.decide(ids["old"][chunk : chunk + 100], "decline")
        monkeypatch.setenv("LINKINBOX_NOW", RECENT)
        inbox.decide(ids["recent"][:100], "follow")
        inbox.decide(ids["recent"][100:], "connect")
    monkeypatch.setenv("LINKINBOX_NOW", PURGE_DAY)
    return ids


def store_bytes() -> bytes:
    data = paths.data_dir()
    return b"".join(p.read_bytes() for p in sorted(data.iterdir()) if p.is_file())


def test_purge_forgets_old_decisions_and_compacts_the_store(
    decided_store: dict[str, list[int]],
) -> None:
    store = paths.store_file()
    size_before = store.stat().st_size
    assert b"Oldname Person0001" in store_bytes()

    result = linkinbox("purge", "--older-than", "30")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "Forgot 1,000 decided requests older than 30 days."

    listed = json.loads(linkinbox("list", "--status", "all", "--json").stdout)
    remaining = {item["id"]: item["status"] for item in listed}
    assert not set(decided_store["old"]) & set(remaining)
    assert all(remaining[i] in ("follow", "connect") for i in decided_store["recent"])
    assert all(remaining[i] == "pending" for i in decided_store["pending"])
    assert "sent" in remaining.values()

    with contextlib.closing(sqlite3.connect(store)) as db:
        assert db.execute("PRAGMA freelist_count").fetchone()[0] == 0
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        purged = ",".join(map(str, decided_store["old"]))
        assert (
            db.execute(f"SELECT COUNT(*) FROM history WHERE request_id IN ({purged})").fetchone()[0]
            == 0
        )
    # Two thirds of the requests are gone; without VACUUM the file would not shrink at all.
    assert store.stat().st_size < size_before * 0.7
    everything = store_bytes()
    texts = (b"Oldname Person0001", b"Forgettable Headline 0001", b"person 0001.")
    left = [text for text in texts if text in everything]
    assert left == [], f"still in the store's files: {left}"
    assert b"Newname Person1001" in everything

    # Undo cannot bring a forgotten request back: it undoes the newest remaining batch.
    undone = linkinbox("undo")
    assert undone.returncode == 0 and "Newname" in undone.stdout
    again = linkinbox("purge", "--older-than", "30")
    assert again.stdout.strip() == "Forgot 0 decided requests older than 30 days."


@pytest.mark.usefixtures("decided_store")
def test_purge_keeps_what_is_younger_and_refuses_negative_days() -> None:
    result = linkinbox("purge", "--older-than", "365")
    assert result.returncode == 0 and result.stdout.startswith("Forgot 0 ")
    bad = linkinbox("purge", "--older-than", "-1")
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "Traceback" not in bad.stderr
    everything = json.loads(linkinbox("list", "--status", "all", "--json").stdout)
    assert len(everything) == 1501


@pytest.mark.usefixtures("decided_store")
def test_purged_people_leave_no_trace_in_the_store() -> None:
    assert linkinbox("purge", "--older-than", "30").returncode == 0
    everything = store_bytes()
    assert b"purge-1201" in everything  # a remaining person's slug, as a control
    left = [f"purge-{i:04d}" for i in range(10) if f"purge-{i:04d}".encode() in everything]
    assert left == [], f"purged people still in the store's files: {left}"
