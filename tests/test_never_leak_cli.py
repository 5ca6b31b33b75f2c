"""Never leak, the command line's side (#11 items 3, 4, 5, 7): files written through symbolic
links and never over devices, one line and exit status 2 for huge numbers, unreadable paths,
a damaged or full store and any output encoding, no terminal and FIFOs refused, never a hang.

Every test runs the real command (`python -m linkinbox`) or `cli.main` on the real store.
"""

from __future__ import annotations

import ctypes
import hashlib
import io
import json
import os
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cli_helpers import linkinbox
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linkinbox.cli import main

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "tests" / "fixtures" / "sample-export"

#: A name no legacy encoding shows whole: Latin-1 lacks the euro sign and the CJK characters.
WIDE_NAME = "Zoë 陳 Ödegaard €"

PR_CAPBSET_DROP = 24
CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER = 1, 2, 3


def one_line_error(result: subprocess.CompletedProcess[str], *words: str) -> str:
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("linkinbox: "), result.stderr
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


def store_file(hermetic: Path) -> Path:
    return hermetic / "data" / "inbox.sqlite3"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def imported(hermetic: Path) -> Path:
    result = linkinbox("import", str(SAMPLE))
    assert result.returncode == 0, result.stderr
    return store_file(hermetic)


@pytest.fixture
def wide(hermetic: Path, tmp_path: Path) -> Path:
    """A store holding one pending request whose name no legacy encoding can show."""
    data = tmp_path / "wide.json"
    data.write_text(
        json.dumps(
            [
                {
                    "name": WIDE_NAME,
                    "profile_url": "https://www.linkedin.com/in/zoe-wide",
                    "sent_at": "2026-06-10T10:00:00",
                }
            ]
        ),
        encoding="utf-8",
    )
    result = linkinbox("import", str(data))
    assert result.returncode == 0, result.stderr
    return store_file(hermetic)


# --- item 3: written through links, never over devices ---------------------------------------


@pytest.mark.usefixtures("imported")
def test_export_to_a_symbolic_link_writes_its_target(tmp_path: Path) -> None:
    dotfiles = tmp_path / "dotfiles"
    dotfiles.mkdir()
    target = dotfiles / "requests.csv"
    target.write_text("old\n")
    link = tmp_path / "link.csv"
    link.symlink_to(target)
    result = linkinbox("export", "-o", str(link))
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and link.resolve() == target
    assert target.read_text().startswith("id,name,")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in dotfiles.iterdir()] == ["requests.csv"]  # no temporary file left


def test_symlinked_config_and_templates_are_written_through(hermetic: Path, tmp_path: Path) -> None:
    from linkinbox.inbox import Inbox

    dotfiles = tmp_path / "dotfiles"
    dotfiles.mkdir()
    (dotfiles / "config.toml").write_text('# mine\nmy_name = "Dana"\n')
    (dotfiles / "templates.toml").write_text("")
    config = hermetic / "config"
    config.mkdir()
    for name in ("config.toml", "templates.toml"):
        (config / name).symlink_to(dotfiles / name)
    with Inbox() as inbox:
        inbox.loaded.set_value("theme", "nord")
        inbox.templates.save("decline", "Hi {first_name}, thanks.")
    for name in ("config.toml", "templates.toml"):
        assert (config / name).is_symlink(), name
    assert 'theme = "nord"' in (dotfiles / "config.toml").read_text()
    assert "# mine" in (dotfiles / "config.toml").read_text()
    assert "Hi {first_name}, thanks." in (dotfiles / "templates.toml").read_text()


@pytest.mark.usefixtures("imported")
def test_export_onto_a_device_or_fifo_is_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    one_line_error(linkinbox("export", "-o", str(fifo), timeout=20), "pipe", "FIFO")
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    # As root this once turned the machine's /dev/null into a regular file.
    one_line_error(linkinbox("export", "-o", "/dev/null"), "/dev/null", "device")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    link = tmp_path / "null-link"
    link.symlink_to("/dev/null")
    one_line_error(linkinbox("export", "-o", str(link)), "device")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    one_line_error(linkinbox("export", "-o", str(tmp_path)), "folder")


@pytest.mark.usefixtures("imported")
def test_export_dash_is_standard_output(tmp_path: Path) -> None:
    result = linkinbox("export", "--format", "json", "-o", "-", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)) >= 3
    assert not (tmp_path / "-").exists()


@pytest.mark.usefixtures("imported")
def test_export_into_a_missing_folder_is_an_error(tmp_path: Path) -> None:
    out = tmp_path / "no" / "such" / "folder" / "all.csv"
    one_line_error(linkinbox("export", "-o", str(out)), "does not exist")
    assert not (tmp_path / "no").exists()


# --- item 4: one line, exit status 2, never a traceback ---------------------------------------


@pytest.mark.usefixtures("imported")
def test_huge_numbers_are_no_traceback() -> None:
    result = linkinbox("purge", "--older-than", "99999999999")
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert "Forgot 0" in result.stdout
    for ref in ("99999999999999999999999", "²", "٣"):
        one_line_error(linkinbox("decide", ref, "follow"), "No request")


@pytest.mark.usefixtures("imported")
def test_a_huge_retention_lets_the_app_start(hermetic: Path) -> None:
    from linkinbox.inbox import Inbox

    config = hermetic / "config"
    config.mkdir(exist_ok=True)
    (config / "config.toml").write_text("retention_days = 1000000\n")
    linkinbox("decide", "2", "decline")
    with Inbox() as inbox:
        assert inbox.apply_retention() == 0  # nothing is that old; nothing forgotten
        assert inbox.store.get(2) is not None


def _without_root_powers() -> None:
    """In the child: as root, give up overriding file permissions (an ordinary user's view)."""
    if os.geteuid() != 0:
        return
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER):
        if libc.prctl(PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")


@pytest.fixture
def unreadable() -> Iterator[list[Path]]:
    """chmod 000 these paths; linkinbox then runs with an ordinary user's powers."""
    locked: list[Path] = []
    yield locked
    for path in locked:
        path.chmod(0o700)


@pytest.mark.parametrize("what", ["folder", "file", "file in a folder"])
def test_an_unreadable_path_to_import_is_one_line(
    hermetic: Path, tmp_path: Path, unreadable: list[Path], what: str
) -> None:
    folder = tmp_path / "export"
    folder.mkdir()
    for name in ("Invitations.csv", "Connections.csv"):
        (folder / name).write_bytes((SAMPLE / name).read_bytes())
    given = {
        "folder": folder,
        "file": folder / "Invitations.csv",
        "file in a folder": folder,
    }[what]
    locked = folder if what == "folder" else folder / "Invitations.csv"
    locked.chmod(0)
    unreadable.append(locked)
    probe = subprocess.run(
        [sys.executable, "-c", f"import os; os.listdir({str(folder)!r})"],
        capture_output=True,
        preexec_fn=_without_root_powers,
        timeout=30,
    )
    if what == "folder" and probe.returncode == 0:
        pytest.skip("file permissions cannot be enforced here")
    result = linkinbox("import", str(given), preexec_fn=_without_root_powers)
    one_line_error(result, "cannot be read", str(folder))
    assert not store_file(hermetic).exists() or linkinbox("list").stdout == ""


def damage(store: Path) -> None:
    """Overwrite the requests table's first page with garbage, as a failing disk would."""
    with sqlite3.connect(store) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        root = db.execute("SELECT rootpage FROM sqlite_master WHERE name = 'requests'").fetchone()[
            0
        ]
        size = db.execute("PRAGMA page_size").fetchone()[0]
    db.close()
    with store.open("r+b") as handle:
        handle.seek((root - 1) * size)
        handle.write(b"\xff" * size)


def test_a_damaged_store_is_said_named_and_left_alone(imported: Path) -> None:
    damage(imported)
    before = digest(imported)
    files = sorted(p.name for p in imported.parent.iterdir())
    for args in (
        ("list",),
        ("list", "--json"),
        ("decide", "2", "follow"),
        ("export",),
        ("stats",),
        ("reply", "2"),
        ("import", str(SAMPLE)),
    ):
        result = linkinbox(*args)
        line = one_line_error(result, "damaged", str(imported), ".recover")
        assert "malformed" in line
        assert digest(imported) == before, args
        assert sorted(p.name for p in imported.parent.iterdir()) == files, args


def test_a_full_disk_during_an_import_is_one_line_and_changes_nothing(
    imported: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The store may not grow by more than a few pages: SQLite says "database or disk is full"
    in the middle of the import, exactly as on a full disk."""
    from linkinbox import store as store_module

    big = tmp_path / "Invitations.csv"
    rows = ["From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl"]
    rows += [
        f'Person {i},Dana Whitfield,"6/12/26, 8:03 AM",{"hello there " * 20},INCOMING,'
        f"https://www.linkedin.com/in/person-{i},https://www.linkedin.com/in/dana"
        for i in range(3000)
    ]
    big.write_text("\n".join(rows) + "\n")
    with sqlite3.connect(imported) as db:
        before = db.execute("SELECT id, status FROM requests ORDER BY id").fetchall()
    db.close()
    opened = store_module.Store.__init__

    def small_disk(self: Any, *args: Any, **kwargs: Any) -> None:
        opened(self, *args, **kwargs)
        pages = self.db.execute("PRAGMA page_count").fetchone()[0]
        self.db.execute(f"PRAGMA max_page_count = {pages + 3}")

    monkeypatch.setattr(store_module.Store, "__init__", small_disk)
    code = main(["import", str(big)])
    out, err = capsys.readouterr()
    assert code == 2, (out, err)
    lines = err.splitlines()
    assert len(lines) == 1 and "full" in lines[0] and str(imported) in lines[0], err
    assert "cannot rollback" not in err
    with sqlite3.connect(imported) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert db.execute("SELECT id, status FROM requests ORDER BY id").fetchall() == before
    db.close()


@pytest.mark.usefixtures("wide")
@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_an_encoding_that_cannot_show_a_name(encoding: str) -> None:
    env = {"PYTHONIOENCODING": encoding}
    listed = linkinbox("list", env=env, encoding=encoding)
    assert listed.returncode == 0 and "Traceback" not in listed.stderr, listed.stderr
    assert "Zo" in listed.stdout and "?" in listed.stdout

    as_json = linkinbox("list", "--json", env=env, encoding=encoding)
    assert as_json.returncode == 0, as_json.stderr
    assert [r["name"] for r in json.loads(as_json.stdout)] == [WIDE_NAME]  # lossless

    exported = subprocess.run(
        [sys.executable, "-m", "linkinbox", "export"],
        capture_output=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": str(REPO), **env},
    )
    assert exported.returncode == 0, exported.stderr
    assert WIDE_NAME in exported.stdout.decode("utf-8")  # a pipe gets the export, in UTF-8

    decided = linkinbox("decide", "1", "follow", env=env, encoding=encoding)
    assert decided.returncode == 0 and "Traceback" not in decided.stderr, decided.stderr
    assert "follow" in decided.stdout
    after = linkinbox("list", "--status", "follow", "--json")
    assert [r["name"] for r in json.loads(after.stdout)] == [WIDE_NAME]


# --- item 5: no terminal, no spinning ---------------------------------------------------------


def test_no_terminal_is_one_line_suggesting_list(hermetic: Path) -> None:
    for args in ((), ("--demo",)):
        result = linkinbox(*args, timeout=30)
        one_line_error(result, "terminal", "linkinbox list")
    assert not store_file(hermetic).exists()


@pytest.mark.usefixtures("hermetic")
def test_a_fifo_to_import_is_refused_at_once(tmp_path: Path) -> None:
    for name in ("requests.csv", "export.zip", "mail.eml", "list.json", "plain"):
        fifo = tmp_path / name
        os.mkfifo(fifo)
        one_line_error(linkinbox("import", str(fifo), timeout=20), str(fifo), "FIFO")


@pytest.mark.usefixtures("imported")
def test_a_fifo_as_config_or_templates_is_refused_never_a_hang(hermetic: Path) -> None:
    config = hermetic / "config"
    config.mkdir(exist_ok=True)
    for name in ("config.toml", "templates.toml"):
        os.mkfifo(config / name)
    result = linkinbox("list", timeout=20)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    warnings = result.stderr.splitlines()
    assert any("config.toml" in w and "FIFO" in w for w in warnings), warnings
    assert any("templates.toml" in w and "FIFO" in w for w in warnings), warnings
    for name in ("config.toml", "templates.toml"):
        assert stat.S_ISFIFO((config / name).stat().st_mode)


# --- item 7: private folders under any umask ---------------------------------------------------


def test_a_new_config_folder_is_private_under_umask_000(hermetic: Path) -> None:
    from linkinbox.inbox import Inbox

    config = hermetic / "config"
    assert not config.exists()
    old = os.umask(0)
    try:
        with Inbox() as inbox:
            inbox.loaded.set_value("theme", "nord")
    finally:
        os.umask(old)
    assert stat.S_IMODE(config.stat().st_mode) == 0o700
    assert stat.S_IMODE((config / "config.toml").stat().st_mode) == 0o600
    assert stat.S_IMODE((hermetic / "data").stat().st_mode) == 0o700


# --- the fuzz test: any arguments, any small files ----------------------------------------------

FILE_NAMES = (
    "Invitations.csv",
    "Connections.csv",
    "list.csv",
    "list.json",
    "mail.eml",
    "box.mbox",
    "export.zip",
    "notes.txt",
    "noext",
)
INVITATIONS_HEADER = b"From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl\n"

small_files = st.lists(
    st.tuples(
        st.sampled_from(FILE_NAMES),
        st.one_of(
            st.binary(max_size=200),
            st.binary(max_size=200).map(lambda b: INVITATIONS_HEADER + b),
            st.text(max_size=120).map(lambda s: (INVITATIONS_HEADER.decode() + s).encode()),
            st.sampled_from(
                [
                    b"[]",
                    b'[{"name": "A"}]',
                    b'{"name": 1}',
                    b"PK\x03\x04" + b"\x00" * 40,
                    b"From: x\n\n",
                    b'[{"name": "B", "sent_at": "9999-12-31T23:59:59-05:00"}]',
                ]
            ),
        ),
    ),
    max_size=3,
)

WORDS = (
    "1",
    "2",
    "0",
    "-1",
    "99999999999999999999999",
    "²",
    "٣",
    "",
    " ",
    "\x1b[31m",
    "Søren",
    "https://www.linkedin.com/in/x",
    "follow",
    "connect",
    "decline",
    "pending",
    "all",
    "--json",
    "--status",
    "--format",
    "json",
    "csv",
    "-o",
    "-",
    "--older-than",
    "99999999999",
    "--decision",
    "--theme",
    "config",
    "data",
    "@FILE",
    "@OUT",
    "@STORE",
    "/dev/null",
)
COMMANDS_FUZZED = (
    "import",
    "list",
    "reply",
    "decide",
    "todo",
    "done",
    "undo",
    "stats",
    "export",
    "purge",
    "locate",
    "bogus",
)


def store_content(store: Path) -> list[str] | None:
    if not store.exists():
        return None
    db = sqlite3.connect(f"{store.as_uri()}?mode=ro", uri=True)
    try:
        return list(db.iterdump())
    finally:
        db.close()


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    command=st.sampled_from(COMMANDS_FUZZED),
    words=st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=12)), max_size=5),
    files=small_files,
)
def test_fuzz_the_command_line(
    hermetic: Path,
    monkeypatch: pytest.MonkeyPatch,
    command: str,
    words: list[str],
    files: list[tuple[str, bytes]],
) -> None:
    """Any arguments and small files: exit status 0, 1 or 2, one clear line rather than a
    traceback, and the store as it was unless the command succeeded."""
    store = store_file(hermetic)
    if not store.exists():
        assert linkinbox("import", str(SAMPLE)).returncode == 0
        # The first list, reply, export… after an import saves reasons and suggestions (a
        # cache) before it even reads its arguments: done here once, so that a later example
        # failing with status 2 finds the store as it was (the examples share this store).
        assert linkinbox("list").returncode == 0
    import tempfile

    folder = Path(tempfile.mkdtemp(dir=hermetic))
    for name, payload in files:
        (folder / name).write_bytes(payload)
    given_files = [str(folder / name) for name, _ in files] or [str(folder / "missing.csv")]
    args = [command]
    for word in words:
        if word == "@FILE":
            args.extend(given_files)
        elif word == "@OUT":
            args.append(str(folder / "out.csv"))
        elif word == "@STORE":
            args.append(str(store))
        else:
            args.append(word)
    before = store_content(store)
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    # Undone after each example, and only this: `monkeypatch.undo()` would also drop the
    # hermetic folders and clock, so later examples wrote to the real ~/.local/share/linkinbox.
    with monkeypatch.context() as patch:
        patch.setattr(sys, "stdin", io.StringIO())
        patch.setattr(sys, "stdout", out)
        patch.setattr(sys, "stderr", err)
        patch.chdir(folder)  # `export -o all` writes ./all: in this example's folder
        try:
            code = main(args)
        except SystemExit as exit_:  # argparse: usage errors (2), --help (0)
            code = exit_.code if isinstance(exit_.code, int) else 2
    err.flush()
    assert isinstance(err.buffer, io.BytesIO)
    errors = err.buffer.getvalue().decode("utf-8")
    assert code in (0, 1, 2), (args, code, errors)
    assert "Traceback" not in errors and "internal error" not in errors, (args, errors)
    if code == 2:
        assert store_content(store) == before, (args, errors)
    assert store.exists() and stat.S_ISREG(store.stat().st_mode)


def test_leftovers_of_a_killed_demo_are_cleaned_at_the_next_start(hermetic: Path) -> None:
    import tempfile

    from linkinbox.demo import cleanup_demo, prepare_demo

    config = hermetic / "config"
    config.mkdir()
    (config / "config.toml").write_text('my_name = "Dana"\n')
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    leftover = Path(tempfile.mkdtemp(prefix="linkinbox-demo-"))
    (leftover / "config").mkdir()
    (leftover / "config" / "config.toml").write_text('my_name = "Dana"\n')
    (leftover / "pid").write_text(str(dead.pid))
    running = Path(tempfile.mkdtemp(prefix="linkinbox-demo-"))
    (running / "pid").write_text(str(os.getpid()))  # a demo still open elsewhere
    root, _where = prepare_demo()
    try:
        assert not leftover.exists()
        assert running.exists()
        assert (root / "pid").read_text() == str(os.getpid())
    finally:
        cleanup_demo(root)
        cleanup_demo(running)
    assert not root.exists()
