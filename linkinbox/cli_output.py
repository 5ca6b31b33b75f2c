"""The commands that print what the inbox holds: list, show, reply, audit, to-dos, stats and the
export."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from linkinbox import clock
from linkinbox.errors import LinkinboxError
from linkinbox.text import one_line
from linkinbox.words import plural

if TYPE_CHECKING:
    from linkinbox.inbox import Inbox
    from linkinbox.models import Request


#: The profile pane's signal, as a plain list row shows it.
SIGNAL_WORDS = {1: "● stranger", 0: "✓ known", None: "? can't tell"}
SIGNAL_ASCII = {1: "stranger", 0: "known", None: "can't tell"}


def stdout_is_unicode() -> bool:
    import codecs

    encoding = getattr(sys.stdout, "encoding", None) or "ascii"
    try:
        return codecs.lookup(encoding).name.startswith("utf")
    except LookupError:
        return False


def text_charset() -> str | None:
    """What the output can show (`glyphs.charset`): its encoding and LINKINBOX_ASCII decide, and
    TERM too when the output is that terminal (not a file or a pipe)."""
    import os

    from linkinbox.glyphs import charset

    environ = dict(os.environ)
    if not sys.stdout.isatty():
        environ.pop("TERM", None)
    return charset(environ, getattr(sys.stdout, "encoding", None) or "ascii")


def decided_words(request: Request, decision: str) -> str:
    from linkinbox.words import connection_word

    return connection_word(decision) if request.is_connection else decision


def cmd_list(inbox: Inbox, args: argparse.Namespace) -> int:
    out = sys.stdout
    if args.json:
        ascii_only = not stdout_is_unicode()  # \u escapes: the same JSON, in any encoding
        out.write("[")
        written = 0
        dumps = json.JSONEncoder(ensure_ascii=ascii_only).encode
        for row in inbox.json_rows(args.status):
            out.write(",\n " if written else "\n ")
            out.write(dumps(row))
            written += 1
        out.write("\n]\n" if written else "]\n")
        return 0
    from linkinbox.cells import fit  # rich: only for the rows printed as text
    from linkinbox.describe import is_stale

    reference = clock.now()
    weeks = int(inbox.setting("withdraw_after_weeks"))
    from linkinbox.glyphs import drawable_text

    drawable = text_charset()
    words, star = (SIGNAL_WORDS, "★") if drawable is None else (SIGNAL_ASCII, "=>")
    count = stale = 0
    for request, stranger, suggested, _ in inbox.requests_screened(args.status):
        count += 1
        age = clock.age(request.sent_at, reference)
        word = request.status.value
        if request.is_connection and word != "connected":
            from linkinbox.words import connection_word

            word = connection_word(word).split(" (")[0]
        status = "" if args.status == "pending" else f"{word:<9} "
        headline = one_line(request.headline, limit=50)
        # What the list's row shows: ● stranger, ✓ known; the suggestion; ! withdraw (sent).
        if request.status.value == "sent":
            old = is_stale(request.sent_at, weeks, reference)
            stale += old
            signal = "! withdraw?" if old else ""
        else:
            signal = words.get(stranger, "")
            if suggested and request.status.value == "pending":
                signal += f" {star}{suggested}" if signal else f"{star}{suggested}"
        line = f"{request.id:>6}  {status}{age:>4}  {signal:<21} {fit(one_line(request.name), 32)}"
        # Where the output draws no Unicode, a same-width stand-in: the columns stay aligned.
        out.write(drawable_text(f"{line}  {headline}\n", drawable))
    if count == 0:
        print(
            f"No {args.status if args.status != 'all' else ''} requests.".replace("  ", " "),
            file=sys.stderr,
        )
    elif stale:
        print(
            f"! {plural(stale, 'invitation')} sent over {plural(weeks, 'week')} ago with no "
            "answer: consider withdrawing them on LinkedIn; `linkinbox withdraw ID...` records it.",
            file=sys.stderr,
        )
    return 0


def cmd_show(inbox: Inbox, args: argparse.Namespace) -> int:
    from linkinbox.describe import describe

    request = inbox.find(args.id)
    sys.stdout.write("\n".join(describe(inbox, request)) + "\n")
    return 0


def cmd_reply(inbox: Inbox, args: argparse.Namespace) -> int:
    from linkinbox.describe import reply_decision, reply_text, screening_of

    request = inbox.find(args.id)
    _, suggested, _ = screening_of(inbox, request)
    default = reply_decision(request, suggested)
    if default is None and request.is_connection:
        raise LinkinboxError(
            f"{request.id} ({one_line(request.name)}) is an existing connection: keep, "
            "follow instead or remove needs no reply."
        )
    if default is None:
        raise LinkinboxError(
            f"Request {request.id} ({one_line(request.name)}) is an invitation you sent "
            f"({request.status.value}): there is nothing to reply to."
        )
    print(reply_text(inbox, request, args.decision or default))
    return 0


def cmd_audit(inbox: Inbox, args: argparse.Namespace) -> int:
    out = sys.stdout
    if args.json:
        ascii_only = not stdout_is_unicode()
        out.write("[")
        written = 0
        dumps = json.JSONEncoder(ensure_ascii=ascii_only).encode
        for row in inbox.audit_json():
            out.write(",\n " if written else "\n ")
            out.write(dumps(row))
            written += 1
        out.write("\n]\n" if written else "]\n")
        return 0
    from linkinbox.cells import fit  # rich: only for the rows printed as text
    from linkinbox.glyphs import drawable_text
    from linkinbox.models import CONNECTION_WORDS

    drawable = text_charset()
    count = 0
    for request in inbox.audit():
        count += 1
        stranger, suggested, reasons = inbox.screening(request.id)
        mark = "?" if stranger is None else "!" if stranger else " "
        when = request.sent_at.date().isoformat() if request.sent_at else "          "
        suggestion = CONNECTION_WORDS.get(suggested or "", "")
        line = f"{request.id:>6} {mark} {when}  {fit(one_line(request.name), 32)}"
        out.write(drawable_text(f"{line}  {one_line(request.headline, limit=40)}\n", drawable))
        because = "; ".join(one_line(r, limit=80).rstrip(".") for r in reasons[:3])
        out.write(f"{'':>9}{suggestion + ': ' if suggestion else ''}{because}\n")
    if count == 0:
        print("No connections to review.", file=sys.stderr)
    else:
        print(
            f"{count:,} connections to review, least known first (! stranger, ? can't tell). "
            "`linkinbox decide ID keep|follow-instead|remove`.",
            file=sys.stderr,
        )
    return 0


def cmd_todo(inbox: Inbox, args: argparse.Namespace) -> int:
    out = sys.stdout
    if args.json:
        ascii_only = not stdout_is_unicode()
        out.write("[")
        written = 0
        for request, action in inbox.todos():
            out.write(",\n " if written else "\n ")
            out.write(json.dumps(inbox.todo_json(request, action), ensure_ascii=ascii_only))
            written += 1
        out.write("\n]\n" if written else "]\n")
        return 0
    from linkinbox.cells import fit  # rich: only for the rows printed as text
    from linkinbox.glyphs import drawable_text

    drawable = text_charset()
    count = follows = 0
    for request, action in inbox.todos():
        count += 1
        follows += request.status.value == "follow"
        word = decided_words(request, request.status.value)
        line = f"{request.id:>6}  {word:<8} {fit(one_line(request.name), 32)}"
        out.write(drawable_text(f"{line}  {action.words}\n        {action.url}\n", drawable))
    if count == 0:
        print("Nothing to do on LinkedIn.", file=sys.stderr)
    else:
        print(
            f"{count:,} to do on LinkedIn; `linkinbox done ID...` marks them done.",
            file=sys.stderr,
        )
    from linkinbox.follow_setup import STEPS, left

    setup_left = left({s.setting: bool(inbox.setting(s.setting)) for s in STEPS})
    if follows and setup_left:
        print(
            f"Follow only works if your profile offers it: {setup_left} of 2 settings left "
            "(in the inbox: F, Set up LinkedIn for Follow).",
            file=sys.stderr,
        )
    return 0


def cmd_stats(inbox: Inbox, args: argparse.Namespace) -> int:
    stats = inbox.stats()
    if args.json:
        print(json.dumps(stats, indent=2))
        return 0
    print(
        f"pending {stats['pending']:,}   follow {stats['follow']:,}   "
        f"connect {stats['connect']:,}   decline {stats['decline']:,}   sent {stats['sent']:,}"
        + (f"   gone {stats['gone']:,}" if stats["gone"] else "")
    )
    print(f"on LinkedIn: to do {stats['todo']:,}   done {stats['done']:,}")
    if stats["suggestion_share"] is not None:
        print(
            f"decisions that took the suggestion: {stats['suggestion_share']:.0%} "
            f"({stats['followed_suggestion']} of {stats['decisions_with_suggestion']})"
        )
    network = stats["network"]
    if network["connections"] or network["gone"]:
        total = network["connections"]

        def share(n: int) -> str:
            return f"{n:,} ({n / total:.0%})" if total else f"{n:,}"

        print(
            f"\nnetwork: {total:,} connections   known {share(network['known'])}   "
            f"can't tell {share(network['cant_tell'])}   strangers {share(network['strangers'])}"
        )
        print(
            f"reviewed {network['reviewed']:,} (keep {network['keep']:,}, follow instead "
            f"{network['follow_instead']:,}, remove {network['remove']:,})   "
            f"left to review {network['left']:,}"
            + (f"   gone {network['gone']:,}" if network["gone"] else "")
        )
        if network["by_year"]:
            cant = "can't tell"
            print(f"\n{'connected':<10} {'known':>7} {cant:>10} {'strangers':>9}")
            widest = max(y["total"] for y in network["by_year"]) or 1
            for y in network["by_year"]:
                bar = ("█" if text_charset() is None else "#") * round(20 * y["total"] / widest)
                print(
                    f"{y['year']:<10} {y['known']:>7,} {y['cant_tell']:>10,} "
                    f"{y['strangers']:>9,}  {bar}"
                )
    if stats["months"]:
        print(f"\n{'month':<8} {'pending':>8} {'follow':>7} {'connect':>8} {'decline':>8}")
        for m in stats["months"]:
            print(
                f"{m['month']:<8} {m['pending']:>8,} {m['follow']:>7,} {m['connect']:>8,} "
                f"{m['decline']:>8,}"
            )
    return 0


def cmd_export(inbox: Inbox, args: argparse.Namespace) -> int:
    from linkinbox.atomic import atomic_writer, check_writable_target, target_of
    from linkinbox.importers.own import OWN_CSV_FIELDS  # an export re-imports without loss

    to_stdout = args.output is None or str(args.output) == "-"
    if not to_stdout:  # before the work: a device, a FIFO or a missing folder is refused
        target = check_writable_target(args.output, make_parents=False)
        store = target_of(inbox.store_path)
        if target in (store, Path(f"{store}-wal"), Path(f"{store}-shm")):
            raise LinkinboxError(
                f"{args.output} is the inbox store itself; export to another file."
            )

    def write(out: Any, ascii_only: bool = False) -> int:
        """Write every request as it is read: memory stays flat at any size."""
        count = 0
        if args.format == "json":
            rows = inbox.json_rows("all")
            # Exactly json.dumps(all rows, indent=1), one row at a time (JSON strings hold no
            # raw newline, so indenting a row's lines by one more space is safe).
            encode = json.JSONEncoder(ensure_ascii=ascii_only, indent=1).encode
            for row in rows:
                out.write((",\n " if count else "[\n ") + encode(row).replace("\n", "\n "))
                count += 1
            out.write("\n]\n" if count else "[]\n")
            return count
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(OWN_CSV_FIELDS)
        for chunk in inbox.csv_chunks(OWN_CSV_FIELDS):  # no history: no CSV column for it
            writer.writerows(chunk)
            count += len(chunk)
        return count

    if not to_stdout:
        with atomic_writer(args.output, mode=0o600, make_parents=False) as handle:
            count = write(handle)
        print(
            f"Exported {plural(count, 'request')} to {one_line(str(args.output))}.",
            file=sys.stderr,
        )
    elif sys.stdout.isatty() or stdout_is_unicode() or not hasattr(sys.stdout, "buffer"):
        # A terminal shows what it can (see tolerate_any_encoding); JSON stays whole.
        write(sys.stdout, ascii_only=not stdout_is_unicode())
    else:  # a file or a pipe gets the export as it is: UTF-8
        import io

        sys.stdout.flush()
        utf8 = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="")
        try:
            write(utf8)
            utf8.flush()
        finally:
            utf8.detach()
    return 0
