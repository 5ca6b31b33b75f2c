"""Evidence benchmark: importing a large messages.csv stays linear and flat in memory, and
screening 100,000 requests with evidence stays near screening them without.

    python benchmarks/evidence.py                 # messages.csv of 20 and 200 MB; 100,000 requests
    python benchmarks/evidence.py --smoke         # 2 and 8 MB; 2,000 requests (~20 s)

Prints one table on stdout (time, peak RSS and their ratios to the smaller run); always exits 0.
Everything runs in a temporary folder, removed at the end. Generated data, invented people.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
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


def run(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of `python -m linkinbox ARGS` in a fresh child."""
    trampoline = (
        "import resource, subprocess, sys; "
        "subprocess.run(sys.argv[1:], check=True); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", trampoline, sys.executable, "-m", "linkinbox", *args],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    elapsed = time.perf_counter() - start
    return elapsed, int(done.stdout.strip().splitlines()[-1]) / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="tiny sizes, to check it runs")
    options = parser.parse_args()
    small, large = (2, 8) if options.smoke else (20, 200)
    requests = 2000 if options.smoke else 100_000
    rows: list[tuple[str, str, str]] = []
    with tempfile.TemporaryDirectory(prefix="linkinbox-evidence-") as tmp:
        root = Path(tmp)
        measured: dict[int, tuple[float, float]] = {}
        for size in (small, large):
            folder = root / f"export-{size}"
            folder.mkdir()
            print(f"generating messages.csv of {size} MB", file=sys.stderr)
            write_messages(folder / "messages.csv", size)
            write_invitations(folder / "Invitations.csv", 100)
            env = {
                **os.environ,
                "PYTHONPATH": str(REPO),
                "LINKINBOX_DATA_DIR": str(root / f"data-{size}"),
                "LINKINBOX_CONFIG_DIR": str(root / "config"),
                "LINKINBOX_NOW": "2026-06-14T09:00:00",
            }
            measured[size] = run(["import", str(folder)], env)
        (t1, m1), (t2, m2) = measured[small], measured[large]
        rows.append((f"import messages.csv {small} MB", f"{t1:.2f} s", f"{m1:.0f} MiB"))
        rows.append(
            (
                f"import messages.csv {large} MB",
                f"{t2:.2f} s ({t2 / t1:.1f}× for {large / small:.0f}× the bytes)",
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
            env = {
                **os.environ,
                "PYTHONPATH": str(REPO),
                "LINKINBOX_DATA_DIR": str(data),
                "LINKINBOX_CONFIG_DIR": str(root / "config"),
                "LINKINBOX_NOW": "2026-06-14T09:00:00",
            }
            run(["import", str(folder)], env)
            seconds, rss = run(["list", "--json"], env)  # screens every request, then lists
            rows.append(
                (f"screen + list --json {requests:,} {label}", f"{seconds:.2f} s", f"{rss:.0f} MiB")
            )
    width = max(len(r[0]) for r in rows)
    for name, seconds, memory in rows:
        print(f"{name:<{width}}  {seconds:<40}  {memory}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
