"""linkinbox benchmarks: measure against floors, print a table of ratios. Not a test.

    python benchmarks/run.py                      # sizes 100, 10,000 and 100,000 (a few minutes)
    python benchmarks/run.py --sizes 100,5000     # other sizes
    python benchmarks/run.py --smoke              # tiny sizes, a few seconds (CI)
    python benchmarks/run.py --json results.json  # also keep every sample

What it measures, each side by side with its floor in the same run (README.md says more):

- import: `linkinbox import Invitations.csv` vs `floor_import.py` (csv + dates + slugs + one
  SQLite transaction), both as fresh processes, wall clock;
- first paint: process start until the list and `<N> pending` are on a real pseudo-terminal,
  vs `minimal_app.py` (Header, one Static, Footer) until its text is, and vs the smallest inbox;
- decision (`d`) and jump to the end (`G`): key written to the terminal until the new count and
  cursor row (or the last request under the cursor) are written back, at the largest size vs the
  smallest;
- filter: the last typed key until `filter "…": N shown` is written back (includes the app's
  30 ms debounce);
- peak RSS of the inbox process (first paint, decisions, jumps, filters) at the largest size vs
  the smallest;
- `linkinbox list --json` and `--help` vs `python -c pass`, and whether they import Textual.

Every program runs in its own process, from this checkout (PYTHONPATH), in temporary folders
(LINKINBOX_DATA_DIR, LINKINBOX_CONFIG_DIR). The script always exits 0: it measures, it does
not judge.
"""

from __future__ import annotations

import argparse
import codecs
import contextlib
import fcntl
import json
import os
import platform
import pty
import re
import select
import shutil
import signal
import sqlite3
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any, NamedTuple

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from generate import OLDEST_NAME, RARE_WORD, Inbox, write_invitations, write_mbox  # noqa: E402

PY = sys.executable
COLS, ROWS = 120, 40
NOW = "2026-06-13T09:00:00"  # LINKINBOX_NOW: the day after the newest generated invitation
FILTER_TERMS = (RARE_WORD, "okonjo", "connect")  # one match, ~2.5%, ~15% of the inbox
FILTER_PLACEHOLDER = "filter: name, headline or note"
TIMEOUT = 60.0
MINIMAL_MARKER = "minimal app ready"  # what minimal_app.py shows (not imported: it imports Textual)


# --- environment ---------------------------------------------------------------------------------


PYCACHE: Path | None = None  # set by main(): bytecode cache for every program measured


def base_env() -> dict[str, str]:
    """The environment of every program measured: this checkout, a known terminal and clock,
    and bytecode caching on (as in any installed copy) but kept out of the checkout."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TEXTUAL", "LINKINBOX_"))}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if PYCACHE is not None:
        env["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
    env["TERM"] = "xterm-256color"
    env["COLUMNS"], env["LINES"] = str(COLS), str(ROWS)
    env["LINKINBOX_NOW"] = NOW
    return env


def app_env(data: Path, config: Path) -> dict[str, str]:
    return {**base_env(), "LINKINBOX_DATA_DIR": str(data), "LINKINBOX_CONFIG_DIR": str(config)}


def machine() -> dict[str, str]:
    model = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    try:
        textual = metadata.version("textual")
    except metadata.PackageNotFoundError:
        textual = "not installed"
    return {
        "cpus": str(os.cpu_count()),
        "cpu": model,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "textual": textual,
        "sqlite": sqlite3.sqlite_version,
    }


# --- processes -----------------------------------------------------------------------------------


# Peak RSS: Linux carries a parent's high-water mark into a forked child's `ru_maxrss`, so a child
# of this (larger) script would report at least this script's RSS. Commands therefore run under a
# tiny trampoline that starts them and reports their wall time, CPU time and `ru_maxrss` itself.
TRAMPOLINE = """
import os, subprocess, sys, time
start = time.perf_counter()
proc = subprocess.Popen(sys.argv[2:])
_, status, usage = os.wait4(proc.pid, 0)
elapsed = time.perf_counter() - start
cpu = usage.ru_utime + usage.ru_stime
with open(sys.argv[1], "w") as out:
    out.write(f"{elapsed} {usage.ru_maxrss} {os.waitstatus_to_exitcode(status)} {cpu}")
"""


class Timed(NamedTuple):
    """One run of a command to its end."""

    seconds: float  # wall clock
    rss_kib: int  # peak RSS
    cpu: float  # seconds of CPU (user + system): on a busy machine, what the wall clock is not


def timed(cmd: Sequence[str], env: dict[str, str]) -> Timed:
    """Run a command to its end: wall seconds, peak RSS in KiB and CPU seconds. Raises when it
    fails. (benchmarks/evidence.py and benchmarks/network.py time their commands with it too.)"""
    with tempfile.NamedTemporaryFile("r", suffix=".txt") as report:
        proc = subprocess.run(
            [PY, "-c", TRAMPOLINE, report.name, *cmd],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            check=False,
        )
        fields = report.read().split()
    if proc.returncode != 0 or len(fields) != 4 or fields[2] != "0":
        raise RuntimeError(f"{' '.join(cmd)} failed: {proc.stderr.decode()[-2000:]}")
    return Timed(float(fields[0]), int(fields[1]), float(fields[3]))


def _controlling_terminal() -> None:
    """In the child: make the pseudo-terminal (its stdin) its controlling terminal, as a shell
    would, so that closing the terminal hangs it up."""
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


#: What a terminal reads in the output: an escape sequence (CSI with its parameters and final
#: byte, OSC, DCS/PM/APC, or a two-byte one), a control character, or a run of text.
TOKEN = re.compile(
    r"\x1b\[([0-?]*)[ -/]*([@-~])|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[PX^_][^\x1b]*\x1b\\"
    r"|\x1b[^\[\]PX^_]|([\r\n\x08])|([^\x1b\r\n\x08]+)"
)


class Screen:
    """What a terminal of `cols` x `rows` shows after a program's output: enough of a terminal
    for what Textual writes (absolute cursor moves, text, carriage returns and line feeds;
    styles are ignored). Textual rewrites only the parts of a line that changed, sometimes a
    few cells of a word, so the text as written is not what is on screen: looking for
    "100,000 pending" in it missed a title whose "1" and "00,000" were written apart (the
    benchmark waited 60 s and gave up, now and then, while background screening ran)."""

    def __init__(self, cols: int, rows: int) -> None:
        from rich.cells import get_character_cell_size

        self.width = get_character_cell_size
        self.cols, self.rows = cols, rows
        self.cells = [[" "] * cols for _ in range(rows)]
        self.x = self.y = 0
        self.rest = ""  # an escape sequence cut in two by a read

    def feed(self, text: str) -> None:
        text, self.rest = self.rest + text, ""
        at = 0
        while at < len(text):
            match = TOKEN.match(text, at)
            if match is None:  # an escape sequence not complete yet (or one we do not know)
                if len(text) - at < 64:
                    self.rest = text[at:]
                    return
                at += 1
                continue
            at = match.end()
            params, final, control, run = match.groups()
            if run is not None:
                self._write(run)
            elif control == "\r":
                self.x = 0
            elif control == "\n":
                self.y = min(self.y + 1, self.rows - 1)
            elif control == "\x08":
                self.x = max(0, self.x - 1)
            elif final in ("H", "f"):
                numbers = [int(p) if p.isdigit() else 1 for p in (params or "").split(";")]
                row, col = [*numbers, 1, 1][:2]
                self.y = min(max(row, 1), self.rows) - 1
                self.x = min(max(col, 1), self.cols) - 1
            elif final == "J" and params == "2":
                self.cells = [[" "] * self.cols for _ in range(self.rows)]

    def _write(self, run: str) -> None:
        line = self.cells[self.y]
        for char in run:
            size = self.width(char)
            if size == 0:
                if self.x:
                    line[self.x - 1] += char
                continue
            if self.x + size > self.cols:
                continue
            line[self.x] = char
            if size == 2:
                line[self.x + 1] = ""
            self.x += size

    def text(self) -> str:
        return "\n".join("".join(line) for line in self.cells)


class Term:
    """A program in a pseudo-terminal of COLS x ROWS, whose screen we follow as
    it is written (`Screen`)."""

    def __init__(self, cmd: Sequence[str], env: dict[str, str]) -> None:
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
        self.master = master
        self.out = bytearray()
        self.screen = Screen(COLS, ROWS)
        self._decode = codecs.getincrementaldecoder("utf-8")("replace").decode
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(
            cmd,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            start_new_session=True,
            preexec_fn=_controlling_terminal,
        )
        os.close(slave)
        LIVE.add(self)

    def _read(self, timeout: float) -> bool:
        """Read what is there (waiting up to `timeout`); False when nothing came."""
        ready, _, _ = select.select([self.master], [], [], timeout)
        if not ready:
            return False
        try:
            data = os.read(self.master, 1 << 16)
        except OSError:  # EIO: the program is gone
            data = b""
        if not data:
            raise RuntimeError("the program ended; the screen shows:\n" + self.screen.text())
        self.out += data
        self.screen.feed(self._decode(data))
        return True

    def send(self, keys: bytes) -> tuple[float, int]:
        """Write keys as a terminal would; (the time, where the output stood)."""
        self.drain()
        mark = len(self.out)
        start = time.perf_counter()
        os.write(self.master, keys)
        return start, mark

    def shows(self, patterns: Sequence[re.Pattern[str]]) -> bool:
        """Whether every pattern is on the screen now."""
        text = self.screen.text()
        return all(p.search(text) for p in patterns)

    def wait_for(self, patterns: Sequence[re.Pattern[str]], since: int) -> float:
        """The time at which every pattern is on the screen, with output written since `since`
        (what the program wrote after the key that the clock times)."""
        deadline = time.perf_counter() + TIMEOUT
        while True:
            if len(self.out) > since and self.shows(patterns):
                return time.perf_counter()
            if time.perf_counter() > deadline:
                raise RuntimeError(
                    f"timed out waiting for {[p.pattern for p in patterns]}; the screen shows:\n"
                    + self.screen.text()
                )
            self._read(0.5)

    def drain(self) -> None:
        while self._read(0):
            pass

    def settle(self, quiet: float = 0.12, limit: float = 3.0) -> None:
        """Wait until the program has written nothing for `quiet` seconds."""
        end = time.perf_counter() + limit
        while time.perf_counter() < end and self._read(quiet):
            pass

    def latency(self, keys: bytes, patterns: Sequence[re.Pattern[str]]) -> float:
        """From the keys to what they should show; 0 when it was on the screen before (a key
        that moves nowhere; no row of the table times one)."""
        self.settle()
        if self.shows(patterns):
            self.send(keys)
            self.settle()
            return 0.0
        start, mark = self.send(keys)
        return self.wait_for(patterns, mark) - start

    def peak_rss(self) -> int:
        """The program's peak RSS so far, in KiB (VmHWM)."""
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
        return 0

    def kill(self) -> None:
        """Stop the program at once (after a failed measurement)."""
        LIVE.discard(self)
        with contextlib.suppress(OSError):
            os.kill(self.proc.pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.wait4(self.proc.pid, 0)
        self.proc.returncode = -9
        with contextlib.suppress(OSError):
            os.close(self.master)

    def close(self, quit_keys: bytes) -> int:
        """Quit (or, failing that, kill) the program; its peak RSS in KiB, read just before."""
        peak = self.peak_rss()
        with contextlib.suppress(OSError):
            os.write(self.master, quit_keys)
        deadline = time.perf_counter() + 10
        signalled = False
        while True:
            pid, status, _usage = os.wait4(self.proc.pid, os.WNOHANG)
            if pid:
                self.proc.returncode = os.waitstatus_to_exitcode(status)
                break
            if time.perf_counter() > deadline and not signalled:
                os.kill(self.proc.pid, signal.SIGKILL)
                signalled = True
            try:
                self._read(0.05)
            except RuntimeError:
                time.sleep(0.01)
        os.close(self.master)
        LIVE.discard(self)
        return peak


LIVE: set[Term] = set()


def literal(text: str) -> re.Pattern[str]:
    return re.compile(re.escape(text))


def pending_shown(count: int) -> re.Pattern[str]:
    return re.compile(rf"(?<![\d,]){count:,} pending")


def cursor_on(name: str) -> re.Pattern[str]:
    """The list's cursor row showing `name` (as far as the list column shows it)."""
    return re.compile(r"▸[ +](?:● |✓ |  )" + re.escape(name[:12]))


# --- measurements --------------------------------------------------------------------------------


@dataclass
class Sample:
    values: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.values) if self.values else float("nan")


@dataclass
class Sized:
    inbox: Inbox
    data: Path
    config: Path
    import_s: Sample = field(default_factory=Sample)
    import_rss: Sample = field(default_factory=Sample)
    floor_s: Sample = field(default_factory=Sample)
    floor_rss: Sample = field(default_factory=Sample)
    import_cpu: Sample = field(default_factory=Sample)
    floor_cpu: Sample = field(default_factory=Sample)
    paint_s: Sample = field(default_factory=Sample)
    decide_s: Sample = field(default_factory=Sample)
    jump_s: Sample = field(default_factory=Sample)
    undo_s: Sample = field(default_factory=Sample)
    filter_s: dict[str, float] = field(default_factory=dict)
    rss_kib: float = float("nan")
    list_json_s: Sample = field(default_factory=Sample)


def measure_imports(
    sized: Sequence[Sized], reps: int, work: Path, log: Callable[[str], None]
) -> None:
    env = base_env()
    for rep in range(reps):
        for s in sized:
            n = s.inbox.pending
            db = work / f"floor-{n}.sqlite3"
            for suffix in ("", "-wal", "-shm"):
                Path(f"{db}{suffix}").unlink(missing_ok=True)
            floor = timed([PY, str(HERE / "floor_import.py"), str(s.inbox.path), str(db)], env)
            s.floor_s.values.append(floor.seconds)
            s.floor_rss.values.append(floor.rss_kib)
            s.floor_cpu.values.append(floor.cpu)
            shutil.rmtree(s.data, ignore_errors=True)
            app = timed(
                [PY, "-m", "linkinbox", "import", str(s.inbox.path)], app_env(s.data, s.config)
            )
            s.import_s.values.append(app.seconds)
            s.import_rss.values.append(app.rss_kib)
            s.import_cpu.values.append(app.cpu)
            log(
                f"import {n:>7,}  rep {rep + 1}: app {s.import_s.values[-1]:.2f} s, "
                f"floor {s.floor_s.values[-1]:.2f} s (CPU {app.cpu:.2f} s, floor {floor.cpu:.2f} s)"
            )


def inbox_term(s: Sized) -> Term:
    return Term([PY, "-m", "linkinbox"], app_env(s.data, s.config))


def first_paint(s: Sized, term: Term) -> float:
    marks = [pending_shown(s.inbox.pending), cursor_on(s.inbox.newest_name)]
    return term.wait_for(marks, 0) - term.started


def measure_paints(
    sized: Sequence[Sized],
    reps: int,
    minimal: Sample,
    minimal_rss: Sample,
    log: Callable[[str], None],
) -> None:
    for rep in range(reps):
        term = Term([PY, str(HERE / "minimal_app.py")], base_env())
        minimal.values.append(term.wait_for([literal(MINIMAL_MARKER)], 0) - term.started)
        minimal_rss.values.append(term.close(b"\x11"))  # ctrl+q
        for s in sized:
            term = inbox_term(s)
            s.paint_s.values.append(first_paint(s, term))
            term.close(b"q")
        log(
            f"first paint rep {rep + 1}: minimal {minimal.values[-1] * 1000:.0f} ms, "
            + ", ".join(f"{s.inbox.pending:,}: {s.paint_s.values[-1] * 1000:.0f} ms" for s in sized)
        )


def measure_session(s: Sized, reps: int, log: Callable[[str], None]) -> None:
    """One inbox process: decide from the top, jump to the end and back, filter; then its RSS."""
    n = s.inbox.pending
    term = inbox_term(s)
    s.paint_s.values.append(first_paint(s, term))
    top = s.inbox.top_names
    decided = 0
    for i in range(min(reps, n - 2, len(top) - 1)):
        s.decide_s.values.append(
            term.latency(b"d", [pending_shown(n - 1 - i), cursor_on(top[i + 1])])
        )
        decided += 1
        s.jump_s.values.append(term.latency(b"G", [cursor_on(OLDEST_NAME)]))
        term.latency(b"g", [cursor_on(top[decided])])
    for i in range(min(3, decided)):  # undo restores the last decided request under the cursor
        s.undo_s.values.append(
            term.latency(
                b"u", [pending_shown(n - decided + 1 + i), cursor_on(top[decided - 1 - i])]
            )
        )
    decided -= min(3, decided)
    for word in FILTER_TERMS:
        term.latency(b"/", [literal(FILTER_PLACEHOLDER)])
        # The word typed as one burst: the clock starts with its keys, no partial word is searched.
        shown = re.compile(r"filter\W+" + re.escape(word) + r"\W+[\d,]+")
        s.filter_s[word] = term.latency(word.encode(), [shown])
        term.latency(b"\x1b", [cursor_on(top[decided])])
    s.rss_kib = term.close(b"q")
    log(
        f"session {n:>7,}: decide {s.decide_s.median * 1000:.1f} ms, "
        f"G {s.jump_s.median * 1000:.1f} ms, u {s.undo_s.median * 1000:.1f} ms, filter "
        + ", ".join(f"{w} {t * 1000:.0f} ms" for w, t in s.filter_s.items())
        + f", peak RSS {s.rss_kib / 1024:.0f} MiB"
    )


def uses_textual(args: Sequence[str], env: dict[str, str]) -> bool:
    proc = subprocess.run(
        [PY, "-X", "importtime", "-m", "linkinbox", *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )
    return re.search(r"\|\s+textual(?:\.|\s*$)", proc.stderr, re.MULTILINE) is not None


# --- every view, every sort (issue 14) -----------------------------------------------------------

#: Rows measured beyond the core ones: (label, value s or KiB, floor label, floor, goal, kind).
EXTRA: list[tuple[str, float, str, float, float | None, str]] = []
RULES = """
[[rules]]
name = "kubecon"
note_matches = "kubecon|pycon"
suggest = "connect"

[[rules]]
name = "recruiters"
headline_matches = "recruit|talent"
suggest = "follow"

[[rules]]
name = "no note"
no_note = true
suggest = "decline"
"""


def cursor_any(name: str) -> re.Pattern[str]:
    """`cursor_on` for rows with any signal (decided rows show `D `, `F `, `C `)."""
    return re.compile(r"▸[ +]..?" + re.escape(name[:12]))


def store_path(data: Path) -> Path:
    return data / "inbox.sqlite3"


def view_names(data: Path, status: str, order: str, first: int) -> tuple[list[str], str, int]:
    """(the first names of a view in an order, its last name, its size), read as the app does."""
    sys.path.insert(0, str(ROOT))
    from linkinbox.store import Query, Store

    with Store(store_path(data), readonly=True) as store:
        query = Query(status=status, order=order)
        total = store.count(query)
        top = [r.name for r in store.page(query, 0, first)]
        last = store.page(query, total - 1, 1, total)
    return top, last[0].name if last else "", total


def tail_names(data: Path, status: str, order: str, count: int) -> list[str]:
    """The last `count` names of a view in an order (the end of the view last)."""
    sys.path.insert(0, str(ROOT))
    from linkinbox.store import Query, Store

    with Store(store_path(data), readonly=True) as store:
        query = Query(status=status, order=order)
        total = store.count(query)
        return [r.name for r in store.page(query, max(0, total - count), count, total)]


def cursor_among(names: Sequence[str]) -> re.Pattern[str]:
    """`cursor_any` for any of `names`."""
    return re.compile(r"▸[ +]..?(?:" + "|".join(re.escape(n[:12]) for n in names) + ")")


def deep(term: Term, add: Callable[[str, float], None], key: str, tail: list[str], n: int) -> None:
    """At the end of a view (`G`): a page up, and for pending views `d` and `u` on its last
    request, where position lookups and pages before the end are the costliest."""
    term.latency(b"G", [cursor_any(tail[-1])])
    add(f"{key}: page up from the end", term.latency(b"\x15", [cursor_among(tail[:-2])]))
    term.latency(b"G", [cursor_any(tail[-1])])
    if n:  # a pending view: deciding its last request moves the cursor up one
        add(f"{key}: d at the end", term.latency(b"d", [pending_shown(n - 1), cursor_on(tail[-2])]))
        add(f"{key}: u at the end", term.latency(b"u", [pending_shown(n), cursor_on(tail[-1])]))


def is_screened(data: Path) -> bool:
    """Whether background screening has saved its last batch (and built the sort indexes)."""
    with (
        contextlib.suppress(sqlite3.Error),
        contextlib.closing(sqlite3.connect(f"file:{store_path(data)}?mode=ro", uri=True)) as db,
    ):
        row = db.execute("SELECT value FROM meta WHERE key = 'unscreened'").fetchone()
        indexes = db.execute(
            "SELECT COUNT(*) FROM sqlite_master WHERE name LIKE 'requests_by_status_%'"
        ).fetchone()[0]
        return row is not None and row[0] == "0" and indexes >= 3
    return False


def wait_screening_started(data: Path, limit: float = 120.0) -> None:
    """Until background screening has saved its first batch."""
    deadline = time.perf_counter() + limit
    while time.perf_counter() < deadline:
        with (
            contextlib.suppress(sqlite3.Error),
            contextlib.closing(sqlite3.connect(f"file:{store_path(data)}?mode=ro", uri=True)) as db,
        ):
            if db.execute("SELECT 1 FROM requests WHERE reasons IS NOT NULL LIMIT 1").fetchone():
                return
        time.sleep(0.1)
    raise RuntimeError("screening did not start")


def wait_screened(data: Path, limit: float = 600.0) -> None:
    """Until background screening has saved its last batch (and built the sort indexes)."""
    deadline = time.perf_counter() + limit
    while time.perf_counter() < deadline:
        if is_screened(data):
            return
        time.sleep(0.25)
    raise RuntimeError("screening did not finish")


def half_decided(s: Sized, work: Path) -> Path:
    """A copy of the screened store with every other pending request declined (decided view
    and To do view of N/2) and every fourth a connection not reviewed yet (Connections view of
    N/4, how well known in seven ties): the pending view holds N/4."""
    data = work / f"views-{s.inbox.pending}"
    shutil.rmtree(data, ignore_errors=True)
    shutil.copytree(s.data, data)
    with contextlib.closing(sqlite3.connect(store_path(data))) as db:
        db.execute(
            "UPDATE requests SET status = 'decline', decided_at = sent_at, on_linkedin = 'todo' "
            "WHERE status = 'pending' AND id % 2 = 0"
        )
        db.execute(
            "UPDATE requests SET direction = 'connection', status = 'connected', "
            "known_score = id % 7 WHERE status = 'pending' AND id % 4 = 1"
        )
        db.commit()
    return data


#: The views (key, status as the store has it, the title's tab) and, for each, what "newest
#: first" means there (the order `s` starts from).
VIEW_KEYS = (
    ("1", "pending", "[Pending]", "date"),
    ("2", "sent", "[Sent]", "date"),
    ("3", "decided", "[Decided]", "decided"),
    ("4", "todo", "[To do]", "todo"),
    ("5", "connected", "[Connections]", "known"),
)
#: What `s` sorts by next, and what the title then says (newest first says nothing; a narrow
#: title cuts the rest off: "sorted by most mutual" beside "50,000 to do · 25,000 pending").
SORT_CYCLE = (
    ("mutual", "sorted by most mutual"),
    ("suggestion", "sorted by sugg"),
    ("date", "Sorted by newest first"),
)


def sorts_here(status: str) -> tuple[str, ...]:
    """The sorts that mean something in a view (the app's `VIEW_SORTS`): in the others, `s`
    leaves the view in its own order."""
    sys.path.insert(0, str(ROOT))
    from linkinbox.tui.screens.inbox_view import SORTS, VIEW_SORTS

    view = {"connected": "connections"}.get(status, status)
    return VIEW_SORTS.get(view, tuple(SORTS))


def one_view(
    term: Term,
    add: Callable[[str, float], None],
    view: tuple[str, str, str],
    names: tuple[list[str], str],
    pending: int,
) -> None:
    """Open a view (`key`, whose tab reads `title`), then `G` and `g`; in the pending view (of
    `pending` requests) `d` and `u` at the top as well."""
    key, title, label = view
    top, last = names
    opened = term.latency(key.encode(), [literal(title), cursor_any(top[0])])
    if opened:  # 0: it was open already (the first view of the first round)
        add(f"{label}: open", opened)
    # After the list is shown the view's footer keys are updated and its last page read ahead:
    # quiet for longer, or the next key would wait for that and count it as its own.
    term.settle(0.4)
    add(f"{label}: G", term.latency(b"G", [cursor_any(last)]))
    add(f"{label}: g", term.latency(b"g", [cursor_any(top[0])]))
    if pending:
        add(f"{label}: d", term.latency(b"d", [pending_shown(pending - 1), cursor_on(top[1])]))
        add(f"{label}: u", term.latency(b"u", [pending_shown(pending), cursor_on(top[0])]))


def measure_views(s: Sized, reps: int, work: Path, log: Callable[[str], None]) -> dict[str, float]:
    """Every view in every sort: opening it, `G`, `g` and a page up from the end; in the
    pending view also `d` and `u` at the top and at the end. Medians in seconds keyed by row
    label."""
    data = half_decided(s, work)
    _, _, n = view_names(data, "pending", "date", 1)
    term = Term([PY, "-m", "linkinbox"], app_env(data, s.config))
    results: dict[str, list[float]] = {}

    def add(key: str, value: float) -> None:
        results.setdefault(key, []).append(value)

    term.wait_for([pending_shown(n)], 0)
    sort = "date"
    skipped: set[str] = set()
    for _ in range(len(SORT_CYCLE)):
        for _rep in range(reps):
            for key, status, title, own in VIEW_KEYS:
                order = own if sort == "date" else sort
                label = f"{status}, {'newest first' if sort == 'date' else sort}"
                if sort not in sorts_here(status):
                    continue  # the view shows its own order then: measured as that
                top, last, total = view_names(data, status, order, 2)
                if total < 3 or label in skipped:
                    continue
                try:
                    one_view(term, add, (key, title, label), (top, last), n * (status == "pending"))
                    tail = tail_names(data, status, order, 100)
                    deep(term, add, label, tail, n * (status == "pending"))
                    term.latency(b"g", [cursor_any(top[0])])
                except RuntimeError as error:  # the view shows another order than the store's
                    skipped.add(label)
                    log(f"views {s.inbox.pending:,}: {label} skipped: {str(error)[:300]}")
        term.latency(b"1", [literal("[Pending]")])
        sort, said = next(
            (o, t) for i, (o, t) in enumerate(SORT_CYCLE) if SORT_CYCLE[i - 1][0] == sort
        )
        term.latency(b"s", [literal(said)])
    term.close(b"q")
    medians = {k: statistics.median(v) for k, v in results.items()}
    log(
        f"views {s.inbox.pending:>7,}: "
        + ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in medians.items())
    )
    return medians


def measure_during_screening(
    s: Sized, reps: int, work: Path, log: Callable[[str], None]
) -> dict[str, tuple[float, float]]:
    """The first session after a fresh import, while background screening runs, vs the same
    once it has finished: first paint, the first key after it (`d`, sent as soon as the first
    frame is there), then, once screening has saved its first batch, `d`/`u` and `G`/`g`.
    The first paint and first key are compared with a new session on the screened store; the
    others with the same keys in the same session, once screening (and the build of the sort
    indexes) is over. Seconds, medians: {row: (during, after)}."""
    data = work / f"fresh-{s.inbox.pending}"
    shutil.rmtree(data, ignore_errors=True)
    timed([PY, "-m", "linkinbox", "import", str(s.inbox.path)], app_env(data, s.config))
    n, top = s.inbox.pending, s.inbox.top_names
    decide = (b"d", [pending_shown(n - 1), cursor_on(top[1])])
    undo = (b"u", [pending_shown(n), cursor_on(top[0])])
    last, first = (b"G", [cursor_on(OLDEST_NAME)]), (b"g", [cursor_on(top[0])])

    def first_key(term: Term) -> float:
        """`d` as soon as the first frame is there (no waiting for the screen to settle)."""
        start, mark = term.send(decide[0])
        took = term.wait_for(decide[1], mark) - start
        term.latency(*undo)
        return took

    def keys(term: Term) -> tuple[list[float], list[float]]:
        decided: list[float] = []
        jumped: list[float] = []
        for _ in range(reps):
            decided.append(term.latency(*decide))
            term.latency(*undo)
            jumped.append(term.latency(*last))
            term.latency(*first)
        return decided, jumped

    term = Term([PY, "-m", "linkinbox"], app_env(data, s.config))
    paint_during = first_paint(s, term)
    key_during = first_key(term)
    wait_screening_started(data)  # it starts once no key came for a moment: keys during it
    d_during, g_during = keys(term)
    screened_during = not is_screened(data)
    wait_screened(data)
    term.settle(0.3)
    d_after, g_after = keys(term)
    term.close(b"q")
    term = Term([PY, "-m", "linkinbox"], app_env(data, s.config))
    paint_after = first_paint(s, term)
    key_after = first_key(term)
    term.close(b"q")
    result = {
        "first paint": (paint_during, paint_after),
        "first key (d)": (key_during, key_after),
        "d": (statistics.median(d_during), statistics.median(d_after)),
        "G": (statistics.median(g_during), statistics.median(g_after)),
    }
    log(
        f"fresh import of {n:,}, while screening vs after"
        + ("" if screened_during else " (screening ended before the last key)")
        + ": "
        + ", ".join(f"{k} {a * 1000:.0f} / {b * 1000:.0f} ms" for k, (a, b) in result.items())
    )
    return result


class Applied(NamedTuple):
    """What measure_apply saw, in seconds."""

    closed: float  # `y` until the dialog is gone and the title shows the batch
    longest: float  # the longest key while the batch ran
    middle: float  # the median key while it ran
    at_end: float  # the key during which the batch ended (its commit and the re-read)
    undo_longest: float  # the same three while its undo ran
    undo_middle: float
    undo_at_end: float
    before: float  # the longest of the same keys before the batch


def keys_until(
    term: Term, moves: Sequence[tuple[bytes, re.Pattern[str]]], done: re.Pattern[str], start: float
) -> tuple[list[float], float]:
    """`j`/`k` one after another until the screen shows `done`: every key's latency, and that
    of the key during which `done` first showed (the batch's end: its re-read puts the cursor
    elsewhere, so a key then waits for the move or for the end, whichever shows)."""
    during: list[float] = []
    at_end = float("nan")
    while not term.shows([done]) and time.perf_counter() - start < 600:
        for key, shown in moves:
            t0, at = term.send(key)
            either = re.compile(f"{shown.pattern}|{done.pattern}")
            during.append(term.wait_for([either], at) - t0)
            if term.shows([done]):
                at_end = during[-1]
                break
    return during, at_end


def measure_apply(s: Sized, work: Path, log: Callable[[str], None]) -> Applied:
    """Apply suggestions (from the palette) on a copy of the screened store: `y` until the
    dialog is gone and the title shows the batch, then `j`/`k` sent one after another while
    the batch runs, until the count is the batch's end; then `u` and the same while the undo
    runs. Compared with the longest of the same keys before the batch."""
    data = work / f"apply-{s.inbox.pending}"
    shutil.rmtree(data, ignore_errors=True)
    shutil.copytree(s.data, data)
    with contextlib.closing(sqlite3.connect(store_path(data))) as db:
        suggested = db.execute(
            "SELECT COUNT(*) FROM requests WHERE status = 'pending' AND suggested IS NOT NULL"
        ).fetchone()[0]
    top, _, n = view_names(data, "pending", "date", 2)
    term = Term([PY, "-m", "linkinbox"], app_env(data, s.config))
    term.wait_for([pending_shown(n)], 0)
    term.settle(1.0)  # the keys before: not the first after start-up
    moves = ((b"j", cursor_on(top[1])), (b"k", cursor_on(top[0])))
    before = [term.latency(key, [shown]) for _ in range(5) for key, shown in moves]
    term.send(b"\x10")  # ctrl+p: the palette
    term.settle()
    term.latency(b"apply sugg", [literal("Apply suggestions")])
    term.latency(b"\r", [literal("Decide them all?")])
    term.settle()
    start, mark = term.send(b"y")
    done = pending_shown(n - suggested)
    closed = term.wait_for([re.compile(r"applying suggestions|" + done.pattern)], mark) - start
    during, at_end = keys_until(term, moves, done, start)
    total = time.perf_counter() - start
    # Apply leaves the cursor on the new top (a `j` handled after its end, on the second row);
    # the undo's keys move between the first two rows.
    term.settle(1.0)
    top_after, _, _ = view_names(data, "pending", "date", 2)
    after_moves = ((b"j", cursor_on(top_after[1])), (b"k", cursor_on(top_after[0])))
    if term.shows([after_moves[0][1]]):
        term.latency(b"k", [after_moves[1][1]])
    lost = not term.shows([after_moves[1][1]])  # the cursor is not seen on the top row
    start, mark = term.send(b"u")
    if lost:  # time the undo alone: keys waiting for moves never seen would time its end
        term.wait_for([pending_shown(n)], mark)
        undone: list[float] = []
        undo_at_end = float("nan")
        log("apply: the screen was not followed after the batch; undo keys not timed")
    else:
        undone, undo_at_end = keys_until(term, after_moves, pending_shown(n), start)
    undo_total = time.perf_counter() - start
    term.close(b"q")
    nan = float("nan")
    result = Applied(
        closed,
        max(during, default=nan),
        statistics.median(during) if during else nan,
        at_end,
        max(undone, default=nan),
        statistics.median(undone) if undone else nan,
        undo_at_end,
        max(before),
    )
    log(
        f"apply {suggested:,} suggestions: {total:.1f} s; y until the title shows it "
        f"{closed * 1000:.0f} ms; keys while it ran: longest {result.longest * 1000:.0f} ms, "
        f"median {result.middle * 1000:.0f} ms of {len(during)}, at its end "
        f"{at_end * 1000:.0f} ms; undo: {undo_total:.1f} s, longest "
        f"{result.undo_longest * 1000:.0f} ms, median {result.undo_middle * 1000:.0f} ms of "
        f"{len(undone)}, at its end {undo_at_end * 1000:.0f} ms; before: longest "
        f"{result.before * 1000:.0f} ms"
    )
    return result


def measure_rules_paint(s: Sized, reps: int, work: Path, log: Callable[[str], None]) -> None:
    config = work / f"config-rules-{s.inbox.pending}"
    shutil.rmtree(config, ignore_errors=True)
    shutil.copytree(s.config, config) if s.config.exists() else config.mkdir()
    (config / "config.toml").write_text(RULES, encoding="utf-8")
    with_rules: list[float] = []
    without: list[float] = []
    top, _, pending = view_names(s.data, "pending", "date", 1)  # the session decided some
    for _ in range(reps):
        for target, cfg in ((with_rules, config), (without, s.config)):
            term = Term([PY, "-m", "linkinbox"], app_env(s.data, cfg))
            marks = [pending_shown(pending), cursor_any(top[0])]
            target.append(term.wait_for(marks, 0) - term.started)
            term.close(b"q")
    a, b = statistics.median(with_rules), statistics.median(without)
    EXTRA.append((f"first paint {s.inbox.pending:,}, 3 rules", a, "without rules", b, 1.15, "s"))
    log(f"first paint with rules {a * 1000:.0f} ms, without {b * 1000:.0f} ms")


def measure_output(s: Sized, reps: int, log: Callable[[str], None]) -> None:
    """`export --format csv|json` and `list --json` vs `floor_export.py`: time and peak RSS."""
    env = app_env(s.data, s.config)
    store = str(store_path(s.data))
    for label, cmd, kind in (
        ("export --format csv", ["export", "--format", "csv"], "csv"),
        ("export --format json", ["export", "--format", "json"], "json"),
        ("list --status all --json", ["list", "--status", "all", "--json"], "jsonl"),
    ):
        app = [timed([PY, "-m", "linkinbox", *cmd], env) for _ in range(reps)]
        floor = [timed([PY, str(HERE / "floor_export.py"), store, kind], env) for _ in range(reps)]
        t, f = statistics.median(a[0] for a in app), statistics.median(x[0] for x in floor)
        m, fm = max(a[1] for a in app), max(x[1] for x in floor)
        c, fc = statistics.median(a.cpu for a in app), statistics.median(x.cpu for x in floor)
        n = f"{s.inbox.rows:,}"
        EXTRA.append((f"{label} {n}", t, "sqlite3 + csv/json floor", f, 1.5, "s"))
        EXTRA.append((f"{label} {n}, CPU", c, "floor, CPU", fc, 1.5, "s"))
        EXTRA.append((f"peak RSS, {label} {n}", m, "floor", fm, None, "kib"))
        log(f"{label}: {t:.2f} s, {m / 1024:.0f} MiB; floor {f:.2f} s, {fm / 1024:.0f} MiB")


def measure_mail(count: int, reps: int, work: Path, log: Callable[[str], None]) -> None:
    mbox = work / f"mail-{count}.mbox"
    write_mbox(mbox, count)
    app: list[Timed] = []
    floor: list[Timed] = []
    for rep in range(reps):
        data = work / f"mail-data-{rep}"
        shutil.rmtree(data, ignore_errors=True)
        app.append(timed([PY, "-m", "linkinbox", "import", str(mbox)], app_env(data, work / "mc")))
        floor.append(timed([PY, str(HERE / "floor_mail.py"), str(mbox)], base_env()))
    t, f = statistics.median(a[0] for a in app), statistics.median(x[0] for x in floor)
    m, fm = max(a[1] for a in app), max(x[1] for x in floor)
    c, fc = statistics.median(a.cpu for a in app), statistics.median(x.cpu for x in floor)
    EXTRA.append((f"import of a {count:,}-mail mbox", t, "mailbox + email floor", f, 3.0, "s"))
    EXTRA.append((f"import of a {count:,}-mail mbox, CPU", c, "floor, CPU", fc, 3.0, "s"))
    EXTRA.append((f"peak RSS, mbox import {count:,}", m, "floor", fm, 3.0, "kib"))
    log(f"mbox {count:,}: {t:.2f} s, {m / 1024:.0f} MiB; floor {f:.2f} s, {fm / 1024:.0f} MiB")


def view_rows(small: dict[str, float], big: dict[str, float], sn: str, bn: str) -> None:
    for key, value in big.items():
        base = small.get(key)
        if base:
            EXTRA.append((f"{key} {bn}", value, f"{key} {sn}", base, 1.5, "s"))


def extra_rows() -> list[Row]:
    rows = []
    for what, value, floor_name, floor, goal, kind in EXTRA:
        show = mib if kind == "kib" else ms
        ratio = value / floor if floor else float("nan")
        rows.append(
            Row(
                what,
                show(value),
                floor_name,
                show(floor),
                ratio,
                "" if goal is None else f"≤ {goal:g}×",
                judge(ratio, goal),
            )
        )
    return rows


# --- report --------------------------------------------------------------------------------------


@dataclass
class Row:
    what: str
    value: str
    floor_name: str
    floor: str
    ratio: float | None
    goal: str
    verdict: str  # PASS, FAIL or "" (for information)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f} ms" if seconds < 1 else f"{seconds:,.2f} s"


def mib(kib: float) -> str:
    return f"{kib / 1024:,.0f} MiB"


def judge(ratio: float, limit: float | None) -> str:
    if limit is None:
        return ""
    return "PASS" if ratio <= limit else "FAIL"


def rows_for(
    sized: Sequence[Sized], minimal: Sample, minimal_rss: Sample, cli: dict[str, Any]
) -> list[Row]:
    rows: list[Row] = []
    small, big = sized[0], sized[-1]
    sn, bn = f"{small.inbox.pending:,}", f"{big.inbox.pending:,}"
    for s in sized:
        r = s.import_s.median / s.floor_s.median
        rows.append(
            Row(
                f"import {s.inbox.pending:,}",
                ms(s.import_s.median),
                "floor_import.py",
                ms(s.floor_s.median),
                r,
                "≤ 2.0×",
                judge(r, 2.0),
            )
        )
        r = s.import_cpu.median / s.floor_cpu.median
        rows.append(
            Row(
                f"import {s.inbox.pending:,}, CPU",
                ms(s.import_cpu.median),
                "floor_import.py, CPU",
                ms(s.floor_cpu.median),
                r,
                "≤ 2.0×",
                judge(r, 2.0),
            )
        )
    for s in sized:
        r = s.paint_s.median / minimal.median
        goal = s is big
        rows.append(
            Row(
                f"first paint {s.inbox.pending:,}",
                ms(s.paint_s.median),
                "minimal app",
                ms(minimal.median),
                r,
                "≤ 1.5×" if goal else "",
                judge(r, 1.5 if goal else None),
            )
        )
    r = big.paint_s.median / small.paint_s.median
    rows.append(
        Row(
            f"first paint {bn}",
            ms(big.paint_s.median),
            f"first paint {sn}",
            ms(small.paint_s.median),
            r,
            "≤ 1.25×",
            judge(r, 1.25),
        )
    )
    for label, attr in (("decision (d)", "decide_s"), ("jump to end (G)", "jump_s")):
        b, sm = getattr(big, attr).median, getattr(small, attr).median
        rows.append(
            Row(
                f"{label} {bn}",
                ms(b),
                f"{label} {sn}",
                ms(sm),
                b / sm,
                "≤ 1.5×",
                judge(b / sm, 1.5),
            )
        )
    b, sm = big.undo_s.median, small.undo_s.median
    rows.append(Row(f"undo (u) {bn}", ms(b), f"undo (u) {sn}", ms(sm), b / sm, "", ""))
    for s in sized:
        worst_word = max(s.filter_s, key=lambda w: s.filter_s[w])
        worst = s.filter_s[worst_word]
        goal = s is big
        rows.append(
            Row(
                f"filter “{worst_word}” {s.inbox.pending:,}",
                ms(worst),
                "debounce",
                "30.0 ms",
                worst / 0.03,
                "< 100 ms" if goal else "",
                ("PASS" if worst < 0.1 else "FAIL") if goal else "",
            )
        )
    r = big.rss_kib / small.rss_kib
    rows.append(
        Row(
            f"peak RSS, inbox {bn}",
            mib(big.rss_kib),
            f"peak RSS, inbox {sn}",
            mib(small.rss_kib),
            r,
            "≤ 1.5×",
            judge(r, 1.5),
        )
    )
    rows.append(
        Row(
            f"peak RSS, inbox {sn}",
            mib(small.rss_kib),
            "peak RSS, minimal app",
            mib(minimal_rss.median),
            small.rss_kib / minimal_rss.median,
            "",
            "",
        )
    )
    for s in sized:
        rows.append(
            Row(
                f"peak RSS, import {s.inbox.pending:,}",
                mib(s.import_rss.median),
                "peak RSS, floor",
                mib(s.floor_rss.median),
                s.import_rss.median / s.floor_rss.median,
                "",
                "",
            )
        )
    base = cli["python -c pass"]
    for name in ("--help", f"list --json {sn}", f"list --json {bn}"):
        value = cli[name]
        textual = cli["textual"].get(name)
        verdict = "" if textual is None else ("FAIL" if textual else "PASS")
        rows.append(
            Row(
                f"linkinbox {name}",
                ms(value),
                "python -c pass",
                ms(base),
                value / base,
                "" if textual is None else "no Textual",
                verdict,
            )
        )
    return rows


def table(rows: Sequence[Row]) -> str:
    head = ("measurement", "value", "floor", "floor value", "ratio", "goal", "result")
    cells = [head] + [
        (
            r.what,
            r.value,
            r.floor_name,
            r.floor,
            "" if r.ratio is None else f"{r.ratio:.2f}×",
            r.goal,
            r.verdict,
        )
        for r in rows
    ]
    widths = [max(len(c[i]) for c in cells) for i in range(len(head))]
    right = {1, 3, 4}
    lines = []
    for n, c in enumerate(cells):
        lines.append(
            "| "
            + " | ".join(
                c[i].rjust(widths[i]) if i in right else c[i].ljust(widths[i])
                for i in range(len(c))
            )
            + " |"
        )
        if n == 0:
            lines.append(
                "|"
                + "|".join(
                    "-" * (w + 1) + ":" if i in right else "-" * (w + 2)
                    for i, w in enumerate(widths)
                )
                + "|"
            )
    return "\n".join(lines)


# --- main ----------------------------------------------------------------------------------------


@contextlib.contextmanager
def workspace(keep: bool) -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix="linkinbox-bench-"))
    try:
        yield path
    finally:
        if keep:
            print(f"kept {path}", file=sys.stderr)
        else:
            shutil.rmtree(path, ignore_errors=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument(
        "--sizes",
        default="100,10000,100000",
        help="inbox sizes, comma-separated (default: 100,10000,100000)",
    )
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="tiny sizes and one repetition: checks the benchmark runs (CI)",
    )
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write every sample here")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(argv)
    sizes = (
        [40, 400]
        if args.smoke
        else sorted({int(x.replace("_", "")) for x in args.sizes.split(",")})
    )
    if len(sizes) < 2 or min(sizes) < 3:
        parser.error("give at least two sizes, each of 3 or more")
    import_reps, paint_reps, session_reps = (1, 1, 2) if args.smoke else (3, 5, 15)
    view_reps = 2 if args.smoke else 5
    began = time.perf_counter()

    def log(text: str) -> None:
        print(f"[{time.perf_counter() - began:6.1f} s] {text}", file=sys.stderr, flush=True)

    info = machine()
    log(
        f"{info['cpus']} × {info['cpu']}; Python {info['python']}, Textual {info['textual']}, "
        f"SQLite {info['sqlite']}"
    )
    try:
        with workspace(args.keep) as work:
            global PYCACHE
            PYCACHE = work / "pycache"
            sized = []
            for n in sizes:
                inbox = write_invitations(work / f"Invitations-{n}.csv", n)
                sized.append(Sized(inbox, work / f"data-{n}", work / f"config-{n}"))
            # Warm up: compile bytecode, fill the page cache, let the app write its config once.
            warm = sized[0]
            timed(
                [PY, "-m", "linkinbox", "import", str(warm.inbox.path)],
                app_env(warm.data, warm.config),
            )
            term = Term([PY, str(HERE / "minimal_app.py")], base_env())
            term.wait_for([literal(MINIMAL_MARKER)], 0)
            term.close(b"\x11")
            term = inbox_term(warm)
            first_paint(warm, term)
            term.close(b"q")

            measure_imports(sized, import_reps, work, log)
            minimal, minimal_rss = Sample(), Sample()
            measure_paints(sized, paint_reps, minimal, minimal_rss, log)
            for s in sized:
                measure_session(s, session_reps, log)

            env = base_env()
            cli: dict[str, Any] = {"textual": {}}
            cli["python -c pass"] = statistics.median(
                timed([PY, "-c", "pass"], env)[0] for _ in range(max(3, import_reps * 2))
            )
            cli["--help"] = statistics.median(
                timed([PY, "-m", "linkinbox", "--help"], env)[0]
                for _ in range(max(3, import_reps * 2))
            )
            cli["textual"]["--help"] = uses_textual(["--help"], env)
            for s in (sized[0], sized[-1]):
                name = f"list --json {s.inbox.pending:,}"
                senv = app_env(s.data, s.config)
                cli[name] = statistics.median(
                    timed([PY, "-m", "linkinbox", "list", "--json"], senv)[0]
                    for _ in range(max(1, import_reps))
                )
                if s is sized[0]:
                    cli["textual"][name] = uses_textual(["list", "--json"], senv)
            log("command line done")
            # Issue 14: every view and sort, decisions while screening, output, mail, rules.
            small, big = sized[0], sized[-1]
            sn, bn = f"{small.inbox.pending:,}", f"{big.inbox.pending:,}"
            view_rows(
                measure_views(small, view_reps, work, log),
                measure_views(big, view_reps, work, log),
                f"{small.inbox.pending // 2:,} pending of {sn}",
                f"{big.inbox.pending // 2:,} pending of {bn}",
            )
            for size, during in (
                (sn, measure_during_screening(small, view_reps, work, log)),
                (bn, measure_during_screening(big, view_reps, work, log)),
            ):
                for key, (a, b) in during.items():
                    goal = 1.5 if size == bn else None
                    EXTRA.append(
                        (f"{key} while screening {size}", a, f"{key} after it", b, goal, "s")
                    )
            applied = measure_apply(big, work, log)
            for what, value in (
                ("y: the dialog closes, the title shows the batch", applied.closed),
                ("longest key while it runs", applied.longest),
                ("median key while it runs", applied.middle),
                ("the key during which it ends", applied.at_end),
                ("longest key while its undo runs", applied.undo_longest),
                ("median key while its undo runs", applied.undo_middle),
                ("the key during which the undo ends", applied.undo_at_end),
            ):
                EXTRA.append(
                    (
                        f"Apply suggestions {bn}: {what}",
                        value,
                        "longest key before",
                        applied.before,
                        None,
                        "s",
                    )
                )
            measure_rules_paint(big, paint_reps, work, log)
            measure_output(big, max(1, import_reps), log)
            measure_mail(200 if args.smoke else 5000, max(1, import_reps - 1), work, log)
            rows = rows_for(sized, minimal, minimal_rss, cli) + extra_rows()
    except (RuntimeError, OSError) as error:
        print(f"benchmark could not finish: {error}", file=sys.stderr)
        return 0
    finally:
        for term in list(LIVE):
            term.kill()

    print()
    print(
        f"machine: {info['cpus']} × {info['cpu']}, {info['os']}; Python {info['python']}, "
        f"Textual {info['textual']}, SQLite {info['sqlite']}"
    )
    print(
        f"sizes: {', '.join(f'{n:,}' for n in sizes)}; terminal {COLS}×{ROWS}; medians of "
        f"{import_reps} imports, {paint_reps + 1} first paints, {session_reps} decisions and "
        f"jumps; {time.perf_counter() - began:.0f} s in all"
    )
    print()
    print(table(rows))
    if args.json:
        payload = {
            "machine": info,
            "sizes": sizes,
            "minimal_paint_s": minimal.values,
            "minimal_rss_kib": minimal_rss.values,
            "cli": cli,
            "sized": [
                {k: v for k, v in asdict(s).items() if k not in ("inbox", "data", "config")}
                | {"pending": s.inbox.pending, "rows": s.inbox.rows}
                for s in sized
            ],
            "table": [asdict(r) for r in rows],
        }
        args.json.write_text(json.dumps(payload, indent=1, default=str) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
