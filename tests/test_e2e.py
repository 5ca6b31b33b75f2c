"""End to end: the installed `linkinbox` command in a real terminal (tmux), as a user drives it."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
import sysconfig
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A non-editable install of this checkout (`pip install .`), into a prefix of its own."""
    work = tmp_path_factory.mktemp("install")
    wheels = work / "wheels"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(wheels),
            str(ROOT),
        ],
        check=True,
        timeout=300,
    )
    wheel = next(wheels.glob("linkinbox-*.whl"))
    prefix = work / "prefix"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "--ignore-installed",
            "-q",
            "--prefix",
            str(prefix),
            str(wheel),
        ],
        check=True,
        timeout=300,
    )
    return prefix


def env_for(prefix: Path, home: Path) -> dict[str, str]:
    purelib = sysconfig.get_path("purelib", vars={"base": str(prefix), "platbase": str(prefix)})
    env = dict(os.environ)
    env.update(
        PATH=f"{prefix / 'bin'}{os.pathsep}{env.get('PATH', '')}",
        PYTHONPATH=purelib,
        LINKINBOX_CONFIG_DIR=str(home / "config"),
        LINKINBOX_DATA_DIR=str(home / "data"),
        TERM="xterm-256color",
    )
    return env


class Terminal:
    def __init__(self, name: str, env: dict[str, str]) -> None:
        self.name = name
        self.env = env

    def tmux(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        """tmux on a server of this test's own, started with this test's environment."""
        return subprocess.run(
            ["tmux", "-L", self.name, "-f", "/dev/null", *args],
            env=self.env,
            capture_output=True,
            text=True,
            check=check,
            timeout=30,
        )

    def start(self, command: str) -> None:
        names = ("PATH", "PYTHONPATH", "LINKINBOX_CONFIG_DIR", "LINKINBOX_DATA_DIR", "TERM")
        pinned = " ".join(f"{n}={shlex.quote(self.env[n])}" for n in names)
        self.tmux(
            "new-session",
            "-d",
            "-s",
            "main",
            "-x",
            "120",
            "-y",
            "40",
            f"exec env {pinned} {command}",
        )
        self.tmux("set-option", "-t", "main", "remain-on-exit", "on")

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", "main", *keys)

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "main", check=False).stdout

    def wait_for(self, text: str, timeout: float = 30) -> str:
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.2)
        raise AssertionError(f"{text!r} never appeared; the screen was:\n{screen}")

    def wait_gone(self, text: str, timeout: float = 30) -> None:
        """Wait until `text` is gone from a drawn screen: two captures in a row agree (one
        capture can catch a frame half drawn, without `text`, while it is still there)."""
        deadline = time.monotonic() + timeout
        before = None
        while text in (screen := self.screen()) or screen != before:
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} never went away; the screen was:\n{screen}")
            before = screen
            time.sleep(0.2)

    def wait_exited(self, timeout: float = 30) -> None:
        """Wait until the program in the pane has ended (tmux keeps the dead pane: remain-on-exit)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            dead = self.tmux("display-message", "-p", "-t", "main", "#{pane_dead}", check=False)
            if dead.stdout.strip() == "1":
                return
            time.sleep(0.1)
        raise AssertionError(f"the program never ended; the screen was:\n{self.screen()}")

    def pane_pid(self) -> int:
        return int(self.tmux("list-panes", "-t", "main", "-F", "#{pane_pid}").stdout.split()[0])

    def kill(self) -> None:
        self.tmux("kill-server", check=False)


@pytest.fixture
def terminal(request: pytest.FixtureRequest, installed: Path, tmp_path: Path) -> Iterator[Terminal]:
    name = f"lx{os.getpid()}{request.node.name[5:20]}"
    term = Terminal(name, env_for(installed, tmp_path))
    yield term
    term.kill()


def run_cli(term: Terminal, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["linkinbox", *args], env=term.env, capture_output=True, text=True, timeout=60
    )


def test_demo_opens_and_keys_work(terminal: Terminal) -> None:
    terminal.start("linkinbox --demo")
    screen = terminal.wait_for("pending")
    count = int(screen.split(" pending")[0].split()[-1].replace(",", ""))
    assert count >= 40
    terminal.keys("f")
    terminal.wait_for(f"{count - 1:,} pending")
    terminal.keys("d")
    terminal.wait_for(f"{count - 2:,} pending")
    terminal.keys("u")
    terminal.wait_for(f"{count - 1:,} pending")
    terminal.keys("?")
    terminal.wait_for("decide-follow")
    terminal.keys("Escape")
    terminal.wait_gone("decide-follow")  # q sent with the escape would read as alt+q
    terminal.keys("q")
    terminal.wait_exited()
    # --demo wrote nothing of the user's
    assert not (Path(terminal.env["LINKINBOX_DATA_DIR"]) / "inbox.sqlite3").exists()


def test_a_decision_on_screen_survives_kill_9(terminal: Terminal, sample_export: Path) -> None:
    imported = run_cli(terminal, "import", str(sample_export))
    assert imported.returncode == 0, imported.stderr
    assert "3 pending" in imported.stdout
    first = json.loads(run_cli(terminal, "list", "--json").stdout)[0]
    terminal.start("linkinbox")
    terminal.wait_for("3 pending")
    terminal.keys("d")
    terminal.wait_for("2 pending")
    terminal.wait_for("Declined")
    # kill -9 the app (the shell tmux started is the app itself)
    pid = terminal.pane_pid()
    os.kill(pid, 9)
    terminal.wait_exited()
    declined = json.loads(run_cli(terminal, "list", "--status", "decline", "--json").stdout)
    assert [d["id"] for d in declined] == [first["id"]]
    assert declined[0]["reply"].startswith("Hi ")


def test_keymap_override_in_a_real_terminal(terminal: Terminal, sample_export: Path) -> None:
    config = Path(terminal.env["LINKINBOX_CONFIG_DIR"])
    config.mkdir(parents=True)
    (config / "config.toml").write_text('[keymap]\ndecide-decline = "n"\n')
    assert run_cli(terminal, "import", str(sample_export)).returncode == 0
    terminal.start("linkinbox")
    terminal.wait_for("3 pending")
    terminal.keys("n")
    terminal.wait_for("2 pending")
    assert len(json.loads(run_cli(terminal, "list", "--status", "decline", "--json").stdout)) == 1


def test_todo_view_and_next_months_export(terminal: Terminal) -> None:
    """Decide, work through the To do view (4), then import next month's export: it says what
    LinkedIn's side proves, and nothing is left to do."""
    fixtures = Path(__file__).parent / "fixtures" / "reconcile"
    imported = run_cli(terminal, "import", str(fixtures / "Basic_LinkedInDataExport_05-01-2026"))
    assert imported.returncode == 0, imported.stderr
    terminal.start("linkinbox")
    terminal.wait_for("8 pending")
    terminal.keys("c")  # Ada Okafor, the newest
    terminal.wait_for("7 pending")
    terminal.keys("d")  # Ben Castillo
    terminal.wait_for("6 pending")
    terminal.keys("4")
    terminal.wait_for("2 to do")
    terminal.wait_for("Ada Okafor: Accept")  # the pane may wrap the rest
    terminal.keys("x")
    terminal.wait_for("1 to do")
    terminal.wait_for("Ben Castillo: Ignore")
    terminal.keys("q")
    terminal.wait_exited()
    todo = json.loads(run_cli(terminal, "todo", "--json").stdout)
    assert [(t["name"], t["action"]) for t in todo] == [
        ("Ben Castillo", "Ignore (invitation manager)")
    ]
    newer = run_cli(terminal, "import", str(fixtures / "Basic_LinkedInDataExport_06-01-2026"))
    assert (
        "Reconciled with LinkedIn (export of 1 Jun 2026): 1 done, 0 still to do, "
        "1 accepted there, 3 gone." in newer.stdout
    )
    assert json.loads(run_cli(terminal, "todo", "--json").stdout) == []


def test_two_windows_on_one_store_agree(terminal: Terminal, sample_export: Path) -> None:
    """Two linkinbox windows and the command line on one store: each window shows what the
    others did without a key pressed, and `u` says when it undid another window's decision."""
    imported = run_cli(terminal, "import", str(sample_export))
    assert imported.returncode == 0, imported.stderr
    other = Terminal(f"{terminal.name}b", terminal.env)
    try:
        terminal.start("linkinbox")
        other.start("linkinbox")
        terminal.wait_for("3 pending")
        other.wait_for("3 pending")
        terminal.keys("d")
        terminal.wait_for("2 pending")
        other.wait_for("2 pending")  # no key pressed in the other window
        other.keys("u")
        # one word at a time: a toast wraps its sentence wherever the window's width says (and
        # a capture can catch the toast half drawn: wait for each word)
        other.wait_for("Restored")
        other.wait_for("another")
        terminal.wait_for("3 pending")
        first = json.loads(run_cli(terminal, "list", "--json").stdout)[0]
        assert run_cli(terminal, "decide", str(first["id"]), "follow").returncode == 0
        terminal.wait_for("2 pending")
        other.wait_for("2 pending")
    finally:
        other.kill()


def test_slash_dave_typed_in_one_burst_right_after_launch_filters_and_decides_nothing(
    terminal: Terminal, tmp_path: Path
) -> None:
    """Issue 12: `/dave` sent by one `send-keys` the moment the inbox first shows (while it is
    still starting) goes into the filter; before, the `d` declined a request."""
    people = tmp_path / "people.csv"
    people.write_text(
        "name,headline,sent_at\n"
        + "".join(
            f"{name},Engineer,2026-06-{day:02d}T09:00:00\n"
            for day, name in enumerate(
                ["Ada Lovelace", "Dave Okafor", "Grace Hopper", "Alan Turing", "Edsger Dijkstra"],
                start=1,
            )
        ),
        encoding="utf-8",
    )
    assert run_cli(terminal, "import", str(people)).returncode == 0
    terminal.start("linkinbox")
    terminal.wait_for("5 pending", timeout=60)
    terminal.tmux("send-keys", "-t", "main", "-l", "/dave")  # one burst, no pause
    screen = terminal.wait_for("filter “dave”: 1")
    lines = screen.splitlines()
    assert lines[1].split("▕")[0].strip() == "dave", screen  # the filter box holds it
    assert "Dave Okafor" in screen and "5 pending" in screen
    listed = json.loads(run_cli(terminal, "list", "--status", "all", "--json").stdout)
    assert [p["status"] for p in listed] == ["pending"] * 5  # nothing was decided


def test_connections_view_in_a_real_terminal(terminal: Terminal) -> None:
    """`5` in the installed demo: the connections to review, keep and follow instead with its
    to-do, undo. Waits on the title's counts, not on toasts (they wrap at the window's width)."""
    terminal.start("linkinbox --demo")
    screen = terminal.wait_for(" to do")
    todo = int(screen.split(" to do")[0].split()[-1].replace(",", ""))
    terminal.keys("5")
    screen = terminal.wait_for(" to review")
    left = int(screen.split(" to review")[0].split()[-1].replace(",", ""))
    assert left >= 10
    terminal.wait_for("Keep [c]")
    assert "looks like a stranger" in terminal.screen()  # least known first
    terminal.keys("c")  # keep: nothing to do on LinkedIn
    terminal.wait_for(f"{left - 1:,} to review")
    terminal.wait_for("Kept ")
    assert f"{todo:,} to do" in terminal.screen()
    terminal.keys("f")  # follow instead: a to-do
    terminal.wait_for(f"{left - 2:,} to review")
    terminal.wait_for(f"{todo + 1:,} to do")
    terminal.keys("4")
    terminal.wait_for("[To do]")
    terminal.keys("G")  # the newest decision is the last to-do: what to press on LinkedIn
    terminal.wait_for("Remove connection")
    terminal.keys("5", "u")
    terminal.wait_for(f"{left - 1:,} to review")
    terminal.wait_for(f"{todo:,} to do")
    terminal.keys("q")
