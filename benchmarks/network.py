"""Network benchmark (#18): reviewing 30,000 connections (LinkedIn's cap) is as fast as the inbox
at 100,000 pending requests.

    python benchmarks/network.py            # 30,000 connections vs 100,000 pending requests
    python benchmarks/network.py --smoke    # 300 vs 1,000 (a few seconds)

Each step is measured on the connections and, in the same run, on its floor, the same step of the
inbox of pending requests:

- import (`linkinbox import`, a fresh process, wall clock): Connections.csv vs Invitations.csv;
- screening (`Inbox.ensure_screened`): every connection's reasons and score vs every request's;
- first page: the first 200 rows of the least known order (`Inbox.AUDIT`) vs the pending view's;
- the next page (`page_after` the last row) and a position (`index_of` the middle row);
- a decision: `d` on the first connection (remove) vs on the first pending request.

Prints one table on stdout (time, floor, ratio; for the import also CPU time, which a busy
machine moves less); always exits 0. The imports run as `run.py` runs its commands (`run.timed`:
a fresh process under a trampoline reporting wall clock, CPU and peak RSS; bytecode cached
outside the checkout). Everything runs in a temporary folder, removed at the end. Generated data,
invented people.
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

# benchmarks/run.py: its timing loop (`timed`, `Sample`) and environment (`app_env`)
import run as bench  # noqa: E402
from generate import write_invitations  # noqa: E402

NOW = "2026-06-14T09:00:00"
PREAMBLE = (
    "Notes:\n"
    '"When exporting your connection data, you may notice that some of the email addresses are '
    'missing."\n\n'
)
COMPANIES = ("Contoso Ltd.", "Fabrikam", "Northwind Traders", "Globex", "Initech", "Umbrella")
POSITIONS = ("Data Engineer", "SDR | I help SaaS founders scale outbound", "Recruiter", "CTO")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def write_connections(folder: Path, n: int) -> None:
    """Connections.csv of `n` people (and a hidden profile every 500), connected over 15 years;
    Positions.csv with dates, so that the shared-employer reason is worked out for every one."""
    with (folder / "Connections.csv").open("w", encoding="utf-8", newline="") as handle:
        handle.write(PREAMBLE)
        out = csv.writer(handle, lineterminator="\n")
        out.writerow(
            ["First Name", "Last Name", "URL", "Email Address", "Company", "Position",
             "Connected On"]
        )  # fmt: skip
        for i in range(n):
            year = 2011 + i % 15
            on = f"{1 + i % 28:02d} {MONTHS[i % 12]} {year}"
            if i % 500 == 499:
                out.writerow(["", "", "", "", "", "", on])
            out.writerow(
                [f"Connie{i}", f"Nection{i % 997}", f"https://www.linkedin.com/in/connie-{i}",
                 "", COMPANIES[i % len(COMPANIES)], POSITIONS[i % len(POSITIONS)], on]
            )  # fmt: skip
    (folder / "Positions.csv").write_text(
        "Company Name,Title,Description,Location,Started On,Finished On\n"
        "Contoso Ltd.,Staff Engineer,,Berlin,Mar 2018,Jun 2021\n"
        "Northwind Traders,Principal Engineer,,Berlin,Jul 2021,\n",
        encoding="utf-8",
    )


def env_for(data: Path, config: Path) -> dict[str, str]:
    return {**bench.app_env(data, config), "LINKINBOX_NOW": NOW}


def command(args: list[str], env: dict[str, str]) -> bench.Timed:
    """`python -m linkinbox ARGS` in a fresh process, timed as `run.py` times its commands."""
    return bench.timed([sys.executable, "-m", "linkinbox", *args], env)


def best(reps: int, step: Callable[[], object]) -> float:
    """The median wall time of `reps` runs of `step`, in this process."""
    sample = bench.Sample()
    for _ in range(reps):
        start = time.perf_counter()
        step()
        sample.values.append(time.perf_counter() - start)
    return sample.median


def session(data: Path, config: Path, status: str, reps: int) -> dict[str, float]:
    """Screening, the first and next page, a position and one decision, in this process."""
    os.environ.update(env_for(data, config))
    # Both sides screen in this process: the modules are imported (and their expressions
    # compiled) before either is timed, so neither pays for them.
    import linkinbox.network
    import linkinbox.screening  # noqa: F401
    from linkinbox import paths
    from linkinbox.inbox import Inbox
    from linkinbox.store import Query

    query = Inbox.AUDIT if status == "connected" else Query("pending")
    with Inbox(where=paths.Paths(config, data)) as inbox:
        out: dict[str, float] = {}
        start = time.perf_counter()
        inbox.ensure_screened()
        out["screening"] = time.perf_counter() - start
        total = inbox.count(query)
        out["first page (200 rows)"] = best(reps, lambda: inbox.page(query, 0, 200, total))
        first = inbox.page(query, 0, 200, total)
        out["next page (page_after)"] = best(reps, lambda: inbox.page_after(query, first[-1], 200))
        middle = inbox.page(query, total // 2, 1, total)[0]
        out["position (index_of, middle)"] = best(reps, lambda: inbox.index_of(query, middle.id))

        def decide_and_undo() -> None:
            row = inbox.page(query, 0, 1, total)[0]
            inbox.decide([row.id], "decline")
            inbox.count(query)  # what the title shows next
            inbox.undo()

        out["decide d + undo"] = best(reps, decide_and_undo)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="tiny sizes, to check it runs")
    options = parser.parse_args()
    connections, pending = (300, 1000) if options.smoke else (30_000, 100_000)
    reps = 3 if options.smoke else 9
    rows: list[tuple[str, float, float]] = []
    with tempfile.TemporaryDirectory(prefix="linkinbox-network-") as tmp:
        root = Path(tmp)
        bench.PYCACHE = root / "pycache"  # bytecode cached, as in an installed copy
        config = root / "config"
        network, inbox = root / "network", root / "inbox"
        network.mkdir()
        inbox.mkdir()
        print(f"generating {connections:,} connections, {pending:,} requests", file=sys.stderr)
        write_connections(network, connections)
        write_invitations(inbox / "Invitations.csv", pending)
        warm = root / "warm"  # a tiny import first compiles the bytecode both imports use
        warm.mkdir()
        write_connections(warm, 10)
        write_invitations(warm / "Invitations.csv", 10)
        command(["import", str(warm)], env_for(root / "data-warm", config))
        imported = command(["import", str(network)], env_for(root / "data-network", config))
        floor = command(["import", str(inbox)], env_for(root / "data-inbox", config))
        rows.append(("import", imported.seconds, floor.seconds))
        rows.append(("import, CPU", imported.cpu, floor.cpu))
        mine = session(root / "data-network", config, "connected", reps)
        theirs = session(root / "data-inbox", config, "pending", reps)
        rows.extend((name, mine[name], theirs[name]) for name in mine)
    print(f"{connections:,} connections (least known first) vs {pending:,} pending requests")
    width = max(len(r[0]) for r in rows)
    for name, seconds, base in rows:
        print(
            f"{name:<{width}}  {seconds * 1000:>9.1f} ms  floor {base * 1000:>9.1f} ms  "
            f"{seconds / base if base else float('nan'):>5.2f}×"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
