"""Evidence benchmark: importing a large messages.csv stays linear and flat in memory, and
screening 100,000 requests with evidence stays near screening them without.

    python benchmarks/evidence.py                 # messages.csv of 20 and 200 MB; 100,000 requests
    python benchmarks/evidence.py --smoke         # 2 and 8 MB; 2,000 requests (~20 s)

Prints one table on stdout (wall time, CPU time, peak RSS and their ratios to the smaller run);
always exits 0. Every command runs as `run.py` runs its own (`run.timed`: a fresh process under a
trampoline that reports its wall clock, CPU and peak RSS; this checkout, bytecode cached outside
it). Everything runs in a temporary folder, removed at the end. Generated data, invented people.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

# benchmarks/run.py: its timing loop (`timed`) and environment (`app_env`)
import run as bench

NOW = "2026-06-14T09:00:00"
ME = ("Dana Whitfield", "https://www.linkedin.com/in/dana-whitfield-7b21a9")
HEADER = [
    "CONVERSATION ID", "CONVERSATION TITLE", "FROM", "SENDER PROFILE URL", "TO",
    "RECIPIENT PROFILE URLS", "DATE", "SUBJECT", "CONTENT", "FOLDER", "ATTACHMENTS",
    "IS MESSAGE DRAFT", "IS CONVERSATION DRAFT",
]  # fmt: skip
WORDS = [
    "pipeline",
    "queue",
    "retry",
    "thanks",
    "meeting",
    "coffee",
    "deck",
    "review",
    "roadmap",
    "hiring",
    "launch",
]


def write_messages(path: Path, megabytes: int, seed: int = 1) -> int:
    """A 2024-era messages.csv of about `megabytes`: conversations of 1-40 messages with 5,000
    people, multi-line quoted contents of 200-2,000 characters. Returns the message count."""
    rng = random.Random(seed)
    target = megabytes * 1024 * 1024
    count = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(HEADER)
        conversation = 0
        while handle.tell() < target:
            conversation += 1
            person = rng.randrange(5000)
            them = (f"Person {person}", f"https://www.linkedin.com/in/person-{person}")
            for n in range(rng.randint(1, 40)):
                sender, recipient = (them, ME) if rng.random() < 0.55 else (ME, them)
                body = " ".join(rng.choice(WORDS) for _ in range(rng.randint(30, 300)))
                day = 1 + (conversation + n) % 28
                out.writerow(
                    [
                        f"2-{conversation:012d}==", "", sender[0], sender[1], recipient[0],
                        recipient[1], f"2025-06-{day:02d} {n % 24:02d}:00:00 UTC", "",
                        body.replace(" review ", "\n"), "INBOX", "", "No", "No",
                    ]
                )  # fmt: skip
                count += 1
    return count


def write_invitations(path: Path, n: int) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(
            ["From", "To", "Sent At", "Message", "Direction", "inviterProfileUrl",
             "inviteeProfileUrl"]
        )  # fmt: skip
        for i in range(n):
            note = "" if i % 4 else f"Hi Dana, we met at the meetup {i % 97}. Add me on WhatsApp!"
            out.writerow(
                [f"Person {i}", ME[0], f"6/{1 + i % 28}/26, 8:{i % 60:02d} AM", note, "INCOMING",
                 f"https://www.linkedin.com/in/person-{i}", ME[1]]
            )  # fmt: skip


def run(args: list[str], data: Path, config: Path) -> bench.Timed:
    """`python -m linkinbox ARGS` in a fresh process, timed as `run.py` times its commands."""
    env = {**bench.app_env(data, config), "LINKINBOX_NOW": NOW}
    return bench.timed([sys.executable, "-m", "linkinbox", *args], env)


def mib(kib: float) -> float:
    return kib / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="tiny sizes, to check it runs")
    options = parser.parse_args()
    small, large = (2, 8) if options.smoke else (20, 200)
    requests = 2000 if options.smoke else 100_000
    rows: list[tuple[str, str, str, str]] = []
    with tempfile.TemporaryDirectory(prefix="linkinbox-evidence-") as tmp:
        root = Path(tmp)
        bench.PYCACHE = root / "pycache"  # bytecode cached, as in an installed copy
        measured: dict[int, bench.Timed] = {}
        for size in (small, large):
            folder = root / f"export-{size}"
            folder.mkdir()
            print(f"generating messages.csv of {size} MB", file=sys.stderr)
            write_messages(folder / "messages.csv", size)
            write_invitations(folder / "Invitations.csv", 100)
            if size == small:  # compile the bytecode before anything is timed
                run(["import", str(folder)], root / "warm", root / "config")
            measured[size] = run(["import", str(folder)], root / f"data-{size}", root / "config")
        one, ten = measured[small], measured[large]
        m1, m2 = mib(one.rss_kib), mib(ten.rss_kib)
        rows.append(
            (
                f"import messages.csv {small} MB",
                f"{one.seconds:.2f} s",
                f"{one.cpu:.2f} s",
                f"{m1:.0f} MiB",
            )
        )
        rows.append(
            (
                f"import messages.csv {large} MB",
                f"{ten.seconds:.2f} s ({ten.seconds / one.seconds:.1f}× for "
                f"{large / small:.0f}× the bytes)",
                f"{ten.cpu:.2f} s ({ten.cpu / one.cpu:.1f}×)",
                f"{m2:.0f} MiB ({m2 / m1:.2f}×; goal ≤ 1.5×)",
            )
        )
        # Screening a large inbox with and without the evidence of the large export.
        for label, with_evidence in (("without evidence", False), ("with evidence", True)):
            data = root / f"screen-{int(with_evidence)}"
            folder = root / f"inbox-{int(with_evidence)}"
            folder.mkdir()
            write_invitations(folder / "Invitations.csv", requests)
            if with_evidence:
                os.link(root / f"export-{large}" / "messages.csv", folder / "messages.csv")
            run(["import", str(folder)], data, root / "config")
            listed = run(["list", "--json"], data, root / "config")  # screens all, then lists
            rows.append(
                (
                    f"screen + list --json {requests:,} {label}",
                    f"{listed.seconds:.2f} s",
                    f"{listed.cpu:.2f} s",
                    f"{mib(listed.rss_kib):.0f} MiB",
                )
            )
    width = max(len(r[0]) for r in rows)
    print(f"{'':<{width}}  {'wall clock':<40}  {'CPU':<14}  peak RSS")
    for name, seconds, cpu, memory in rows:
        print(f"{name:<{width}}  {seconds:<40}  {cpu:<14}  {memory}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
