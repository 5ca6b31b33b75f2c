"""The command line. Only the inbox itself imports Textual; other commands stay light."""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from linkinbox import __version__, clock, heap, paths
from linkinbox.errors import LinkinboxError, StoreError
from linkinbox.text import one_line
from linkinbox.words import plural

if TYPE_CHECKING:
    from linkinbox.inbox import Inbox
    from linkinbox.paths import Paths

STATUS_CHOICES = (
    "pending",
    "follow",
    "connect",
    "decline",
    "sent",
    "withdrawn",
    "gone",
    "connected",
    "all",
)
DECISIONS = ("follow", "connect", "decline")
#: On an existing connection: keep = connect, follow-instead = follow, remove = decline.
CONNECTION_DECISIONS = ("keep", "follow-instead", "remove")
#: The profile pane's signal, as a plain list row shows it.
SIGNAL_WORDS = {1: "● stranger", 0: "✓ known", None: "? can't tell"}
SIGNAL_ASCII = {1: "stranger", 0: "known", None: "can't tell"}
#: The exit status of an import that imported what it could but skipped rows it could not read.
IMPORTED_WITH_SKIPS = 1

EPILOG = """\
keys in the inbox: f follow, c connect, d decline, u undo, r edit reply, y copy reply,
o open profile, / filter, t theme, ? help, q quit.

linkinbox never logs in to LinkedIn and never sends anything anywhere: it reads the data you give it
(your LinkedIn data export, invitation e-mails, CSV/JSON) and hands back text to paste.
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="linkinbox",
        description="A keyboard-driven inbox for LinkedIn connection requests: "
        "follow, connect or decline each with one key.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"linkinbox {__version__}")
    parser.add_argument(
        "--demo",
        action="store_true",
        help="open a throwaway copy of the bundled demo inbox (writes nothing of yours)",
    )
    parser.add_argument("--theme", metavar="NAME", help="start with this theme")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser(
        "import",
        help="import a LinkedIn export (ZIP or folder), CSV, JSON, .eml, "
        "mbox or Maildir; prints what it added",
    )
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH")

    p = sub.add_parser("list", help="list requests")
    p.add_argument(
        "--status",
        choices=STATUS_CHOICES,
        default="pending",
        help="which requests (default: pending)",
    )
    p.add_argument("--json", action="store_true", help="print one JSON array")

    p = sub.add_parser("show", help="everything the profile pane shows of one request, as text")
    p.add_argument("id", metavar="ID")

    p = sub.add_parser("reply", help="print the rendered reply for one request")
    p.add_argument("id", metavar="ID")
    p.add_argument(
        "--decision",
        choices=DECISIONS,
        help="which decision's template (default: the decision taken, else the suggested one, "
        "else decline)",
    )

    p = sub.add_parser(
        "decide",
        help="decide requests: follow, connect or decline; connections: keep (connect), "
        "follow-instead (follow) or remove (decline) (several: one undo)",
    )
    p.add_argument("ids", nargs="+", metavar="ID")
    p.add_argument(
        "decision",
        choices=DECISIONS + CONNECTION_DECISIONS,
        metavar="DECISION",
        help="follow, connect or decline (on a connection also keep, follow-instead, remove)",
    )

    p = sub.add_parser(
        "audit", help="existing connections to review, least known first, with the reasons"
    )
    p.add_argument("--json", action="store_true", help="print one JSON array")

    p = sub.add_parser(
        "apply-suggestions",
        help="take every pending request's suggestion, as one undoable batch (asks first)",
    )
    p.add_argument("--yes", action="store_true", help="do not ask")

    p = sub.add_parser("todo", help="decisions still to do on LinkedIn: what to press, and where")
    p.add_argument("--json", action="store_true", help="print one JSON array")

    p = sub.add_parser("done", help="mark to-dos done on LinkedIn")
    p.add_argument("ids", nargs="+", metavar="ID")

    p = sub.add_parser("withdraw", help="record sent invitations as withdrawn")
    p.add_argument("ids", nargs="+", metavar="ID")

    sub.add_parser("undo", help="undo the last decision, done mark (or batch)")

    p = sub.add_parser(
        "stats", help="counts by status, overall and per month; the network's composition"
    )
    p.add_argument("--json", action="store_true", help="print JSON")

    p = sub.add_parser("export", help="every request with its decision and reply")
    p.add_argument("--format", choices=("csv", "json"), default="csv")
    p.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="FILE",
        help="write to FILE (mode 0600; through a symbolic link; `-` is standard output) "
        "instead of standard output",
    )

    p = sub.add_parser("purge", help="forget decided requests older than DAYS")
    p.add_argument("--older-than", type=int, required=True, metavar="DAYS")

    sub.add_parser("themes", help="list themes: name, dark/light, where it comes from")

    p = sub.add_parser("locate", help="print where linkinbox keeps a kind of file")
    p.add_argument("what", choices=("config", "data", "themes"))

    p = sub.add_parser("completion", help="print a completion script for bash, zsh or fish")
    p.add_argument("shell", choices=("bash", "zsh", "fish"))
    explain(sub)
    return parser


#: What each subcommand's `--help` shows under its options: what it is for, and examples.
EXAMPLES = {
    "import": "It reads a LinkedIn data export (the ZIP, or its folder: Invitations.csv,\n"
    "Connections.csv and the rest), invitation e-mails (.eml, mbox, Maildir), or a CSV\n"
    "or JSON of requests; importing the same file again changes nothing.\n\n"
    "examples:\n  linkinbox import ~/Downloads/Basic_LinkedInDataExport.zip\n"
    "  linkinbox import ~/Mail/linkedin.mbox invitations.csv",
    "list": "examples:\n  linkinbox list\n  linkinbox list --status sent\n"
    "  linkinbox list --status all --json > requests.json",
    "reply": "examples:\n  linkinbox reply 12\n  linkinbox reply 12 --decision connect",
    "decide": "examples:\n  linkinbox decide 12 connect\n  linkinbox decide 12 13 14 decline",
    "todo": "examples:\n  linkinbox todo\n  linkinbox todo --json",
    "done": "examples:\n  linkinbox done 12 13",
    "withdraw": "examples:\n  linkinbox withdraw 40",
    "undo": "examples:\n  linkinbox undo",
    "stats": "examples:\n  linkinbox stats\n  linkinbox stats --json",
    "export": "examples:\n  linkinbox export -o decisions.csv\n  linkinbox export --format json",
    "purge": "examples:\n  linkinbox purge --older-than 365",
    "themes": "examples:\n  linkinbox themes",
    "locate": "examples:\n  linkinbox locate config",
    "audit": "examples:\n  linkinbox audit\n  linkinbox audit --json",
    "completion": 'examples:\n  eval "$(linkinbox completion bash)"       # in ~/.bashrc\n'
    "  linkinbox completion zsh > ~/.zfunc/_linkinbox\n"
    "  linkinbox completion fish > ~/.config/fish/completions/linkinbox.fish",
}


def explain(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Every subcommand's `--help`: its one-line help as the description, then examples."""
    helps = {action.dest: action.help for action in sub._choices_actions}
    for name, command in sub.choices.items():
        if command.description is None:
            command.description = helps.get(name)
        if command.epilog is None:
            # A command without its own examples still shows how it is typed.
            words = [a.metavar or a.dest.upper() for a in command._actions if not a.option_strings]
            fallback = "example:\n  " + " ".join(["linkinbox", name, *map(str, words)])
            command.epilog = EXAMPLES.get(name, fallback)
            command.formatter_class = argparse.RawDescriptionHelpFormatter


def main(argv: Sequence[str] | None = None) -> int:
    # No cyclic collection until start-up is over (`heap.settle`): see `linkinbox.heap`.
    with heap.paused():
        tolerate_any_encoding()
        try:
            parser = build_parser()
            args = parser.parse_args(argv)
            return run(args)
        except LinkinboxError as error:
            return fail(str(error), error.exit_code)
        except KeyboardInterrupt:
            return 130
        except BrokenPipeError:
            return 0
        except Exception as error:  # the last line of defence: never a traceback
            return fail(unexpected(error))


def fail(message: str, exit_code: int = 2) -> int:
    print(f"linkinbox: {one_line(message)}", file=sys.stderr)
    return exit_code


def unexpected(error: Exception) -> str:
    """One sentence for an error no command turned into one: a damaged or full store, a file
    system refusing, or a bug (then it says how to see the details)."""
    import sqlite3

    if isinstance(error, sqlite3.Error):
        from linkinbox.errors import describe_store_error

        return describe_store_error(paths.store_file(), error)
    if isinstance(error, OSError):
        where = f"{error.filename}: " if error.filename else ""
        return f"{where}{error.strerror or error}."
    if isinstance(error, MemoryError):
        return "Not enough memory for this; nothing more was changed."
    return (
        f"internal error ({type(error).__name__}: {error}); nothing more was changed. "
        "Please report it with the command you ran."
    )


def tolerate_any_encoding() -> None:
    """Names are Unicode; a terminal or locale (`PYTHONIOENCODING=ascii`, Latin-1) may not be.
    What it cannot show becomes `?` instead of a crash after the work is done."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and getattr(stream, "errors", None) == "strict":
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors="replace")


def stdout_is_unicode() -> bool:
    import codecs

    encoding = getattr(sys.stdout, "encoding", None) or "ascii"
    try:
        return codecs.lookup(encoding).name.startswith("utf")
    except LookupError:
        return False


def run(args: argparse.Namespace) -> int:
    command = args.command
    if command is None:
        if os.environ.get("TERM") == "dumb":
            raise LinkinboxError(
                "This terminal (TERM=dumb) cannot draw the inbox; `linkinbox list` prints the "
                "pending requests instead."
            )
        if not (sys.stdin.isatty() and sys.stdout.isatty()):
            raise LinkinboxError(
                "The inbox needs a terminal, and this is not one (input or output is a file, "
                "a pipe or /dev/null); `linkinbox list` prints the pending requests instead."
            )
        return open_tui(demo=args.demo, theme=args.theme)
    if args.demo:
        return run_demo(args)
    return run_command(args)


def run_demo(args: argparse.Namespace) -> int:
    """A subcommand with --demo acts on a fresh throwaway copy of the demo inbox, never on the
    user's store; the copy is removed when the command ends."""
    from linkinbox.demo import cleanup_demo, prepare_demo

    if args.command == "locate":
        raise LinkinboxError(
            "--demo has no folders to locate: its throwaway copy is removed when a command "
            "ends. `linkinbox locate` (without --demo) shows yours."
        )
    root, where = prepare_demo()
    print(
        "linkinbox: --demo: a throwaway copy of the demo inbox; nothing of yours is changed.",
        file=sys.stderr,
    )
    try:
        return run_command(args, where)
    finally:
        cleanup_demo(root)


def run_command(args: argparse.Namespace, where: Paths | None = None) -> int:
    command = args.command
    if command == "locate":
        folders = {"config": paths.config_dir, "data": paths.data_dir, "themes": paths.themes_dir}
        print(folders[args.what]())
        return 0
    if command == "themes":
        return cmd_themes()
    if command == "completion":
        from linkinbox.completion import script

        sys.stdout.write(script(args.shell, build_parser()))
        return 0
    from linkinbox.inbox import Inbox

    with Inbox(where=where) as inbox:
        heap.settle()
        if inbox.read_only and command in WRITES:
            raise StoreError(inbox.read_only_sentence())  # before anything is read or asked
        warn(inbox.problems)
        if command in (
            "list",
            "show",
            "reply",
            "decide",
            "apply-suggestions",
            "export",
            "audit",
            "stats",
        ):
            inbox.ensure_screened()  # reasons and suggestions, after an import
        handler = COMMANDS[command]
        return handler(inbox, args)


def warn(problems: Sequence[str]) -> None:
    for problem in problems:
        print(f"linkinbox: warning: {one_line(problem)}", file=sys.stderr)


def cmd_import(inbox: Inbox, args: argparse.Namespace) -> int:
    summary = inbox.import_paths(args.paths)
    pending = inbox.pending_count()
    print(f"Imported {one_line(', '.join(str(p) for p in args.paths))}: {summary.sentence()}.")
    linkedin = summary.linkedin_sentence()
    if linkedin:
        print(linkedin)
    todo = inbox.todo_count()
    print(f"{pending:,} pending." + (f" {todo:,} to do on LinkedIn." if todo else ""))
    for problem in summary.problems:  # each with its file and row
        print(f"linkinbox: skipped: {one_line(problem)}", file=sys.stderr)
    # 0: everything read was imported; 1: imported, but some rows (or mails) could not be and
    # were skipped; 2: nothing imported (a file could not be read at all).
    return IMPORTED_WITH_SKIPS if summary.problems else 0


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
    words, star = (SIGNAL_WORDS, "★") if stdout_is_unicode() else (SIGNAL_ASCII, "=>")
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
        out.write(
            f"{request.id:>6}  {status}{age:>4}  {signal:<21} "
            f"{fit(one_line(request.name), 32)}  {headline}\n"
        )
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


def cmd_apply_suggestions(inbox: Inbox, args: argparse.Namespace) -> int:
    """Every pending suggestion, listed, asked about (unless --yes), then one batch."""
    suggestions = inbox.suggestions()
    if not suggestions:
        print("No pending request has a suggestion; nothing to decide.")
        return 0
    if not args.yes and not sys.stdin.isatty():
        raise LinkinboxError(
            "apply-suggestions asks before deciding, and there is no terminal to ask on; "
            "run it again with --yes to decide without asking."
        )
    for rid, name, decision in suggestions:
        print(f"{rid:>6}  {decision:<8} {one_line(name, limit=60)}")
    if not args.yes:
        print(
            f"Decide these {plural(len(suggestions), 'request')} as suggested? [y/N] ",
            end="",
            file=sys.stderr,
            flush=True,
        )
        if sys.stdin.readline().strip().lower() not in ("y", "yes"):
            print("Nothing decided.")
            return 0
    done = inbox.decide_each([(rid, decision) for rid, _, decision in suggestions])
    print(
        f"Decided {plural(len(done), 'request')} as suggested, as one batch "
        f"(`linkinbox undo` undoes them all). {inbox.pending_count():,} pending."
    )
    return 0


def _decision_for(request: Any, word: str) -> str:
    """The decision `word` means for this request: keep / follow-instead / remove only name a
    decision on an existing connection."""
    from linkinbox.models import CONNECTION_DECISIONS as MEANING

    if word in MEANING:
        if not request.is_connection:
            raise LinkinboxError(
                f"Request {request.id} ({one_line(request.name)}) is not a connection: "
                f"{word} is for connections; decide it with follow, connect or decline."
            )
        return MEANING[word]
    return word


def _decided_words(request: Any, decision: str) -> str:
    from linkinbox.words import connection_word

    return connection_word(decision) if request.is_connection else decision


def cmd_decide(inbox: Inbox, args: argparse.Namespace) -> int:
    # Every reference is checked before anything changes; then one batch, one undo.
    requests = list({r.id: r for r in (inbox.find(ref) for ref in args.ids)}.values())
    decisions = {r.id: _decision_for(r, args.decision) for r in requests}
    for request in requests:
        if len(requests) == 1:
            inbox.check_decidable(request)
        elif request.status.value not in ("pending", "connected"):
            raise LinkinboxError(
                f"Request {request.id} ({one_line(request.name)}) is not pending "
                f"({request.status.value}); nothing was decided."
            )
    inbox.decide_each(list(decisions.items()))
    lines = []
    for request in requests:
        after = inbox.get(request.id) or request
        line = f"{request.id}: {one_line(request.name)} → "
        line += _decided_words(request, decisions[request.id])
        if after.is_connection and after.on_linkedin == "todo":
            line += f" (to do on LinkedIn: {inbox.action(after).words})"
        lines.append(line + ".")
    left = f"{inbox.pending_count():,} pending"
    if any(r.is_connection for r in requests):
        left += f", {plural(inbox.connections_left(), 'connection')} to review"
    if len(requests) == 1:
        print(f"{lines[0]} {left}.")
        return 0
    print("\n".join(lines))
    print(
        f"Decided {plural(len(requests), 'request')} as one batch (`linkinbox undo` undoes "
        f"them all). {left}."
    )
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
    from linkinbox.models import CONNECTION_WORDS

    count = 0
    for request in inbox.audit():
        count += 1
        stranger, suggested, reasons = inbox.screening(request.id)
        mark = "?" if stranger is None else "!" if stranger else " "
        when = request.sent_at.date().isoformat() if request.sent_at else "          "
        suggestion = CONNECTION_WORDS.get(suggested or "", "")
        out.write(
            f"{request.id:>6} {mark} {when}  {fit(one_line(request.name), 32)}  "
            f"{one_line(request.headline, limit=40)}\n"
        )
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


def cmd_withdraw(inbox: Inbox, args: argparse.Namespace) -> int:
    from linkinbox.models import Status

    requests = [inbox.find(ref) for ref in args.ids]
    for request in requests:
        if request.status != Status.SENT:
            raise LinkinboxError(
                f"Request {request.id} ({one_line(request.name)}) is not an invitation you sent "
                f"that is waiting ({request.status.value}); nothing was withdrawn."
            )
    done = inbox.withdraw([r.id for r in requests])
    for request in requests:
        if request.id in done:
            print(f"{request.id}: {one_line(request.name)} → withdrawn.")
    print(
        "Recorded as withdrawn (withdraw them on LinkedIn too: "
        "https://www.linkedin.com/mynetwork/invitation-manager/sent/). `linkinbox undo` undoes."
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

    count = follows = 0
    for request, action in inbox.todos():
        count += 1
        follows += request.status.value == "follow"
        word = _decided_words(request, request.status.value)
        out.write(
            f"{request.id:>6}  {word:<8} {fit(one_line(request.name), 32)}  "
            f"{action.words}\n        {action.url}\n"
        )
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


def cmd_done(inbox: Inbox, args: argparse.Namespace) -> int:
    marked = inbox.mark_done_refs(args.ids)
    names = "; ".join(f"{r.id}: {one_line(r.name)}" for r in marked[:5])
    more = f" (and {len(marked) - 5} more)" if len(marked) > 5 else ""
    print(
        f"Done on LinkedIn: {names}{more}. {inbox.todo_count():,} to do; `linkinbox undo` reverts."
    )
    return 0


def cmd_undo(inbox: Inbox, args: argparse.Namespace) -> int:  # noqa: ARG001 (a COMMANDS handler)
    restored = inbox.undo()
    if not restored:
        print("Nothing to undo.")
        return 0
    names = []
    for rid in restored[:5]:
        request = inbox.get(rid)
        if request:
            state = request.status.value
            if request.on_linkedin:
                state += f", {request.on_linkedin} on LinkedIn"
            names.append(f"{rid}: {one_line(request.name)} → {state}")
    more = f" (and {len(restored) - 5} more)" if len(restored) > 5 else ""
    print("Undone: " + "; ".join(names) + more + f". {inbox.pending_count():,} pending.")
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
                bar = "█" * round(20 * y["total"] / widest) if stdout_is_unicode() else ""
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


def cmd_purge(inbox: Inbox, args: argparse.Namespace) -> int:
    if args.older_than < 0:
        raise LinkinboxError("--older-than needs a number of days, 0 or more.")
    removed = inbox.purge(args.older_than)
    print(
        f"Forgot {plural(removed, 'decided request')} older than {plural(args.older_than, 'day')}."
    )
    return 0


def cmd_themes() -> int:
    from linkinbox.themes import load_themes

    entries, problems = load_themes(paths.themes_dir())
    warn(problems)
    rows: list[tuple[str, str, str]] = []
    seen: set[str] = set()
    for entry in entries:
        rows.append(
            (
                entry.spec.name,
                "dark" if entry.spec.dark else "light",
                f"{entry.origin} ({entry.path})" if entry.origin == "user" else entry.origin,
            )
        )
        seen.add(entry.spec.name)
    from textual.theme import BUILTIN_THEMES

    for name, theme in BUILTIN_THEMES.items():
        if name not in seen:
            rows.append((name, "dark" if theme.dark else "light", "built-in"))
    width = max(len(r[0]) for r in rows)
    for name, kind, origin in rows:
        print(f"{name:<{width}}  {kind:<5}  {origin}")
    return 0


#: Commands that change the store: refused at once on a store the user made read-only.
WRITES = frozenset({"import", "decide", "withdraw", "done", "undo", "purge", "apply-suggestions"})

COMMANDS = {
    "import": cmd_import,
    "list": cmd_list,
    "show": cmd_show,
    "reply": cmd_reply,
    "apply-suggestions": cmd_apply_suggestions,
    "decide": cmd_decide,
    "audit": cmd_audit,
    "withdraw": cmd_withdraw,
    "todo": cmd_todo,
    "done": cmd_done,
    "undo": cmd_undo,
    "stats": cmd_stats,
    "export": cmd_export,
    "purge": cmd_purge,
}


def open_tui(demo: bool, theme: str | None) -> int:
    demo_root = where = None
    if demo:
        from linkinbox.demo import prepare_demo

        demo_root, where = prepare_demo()
    try:
        from linkinbox.tui.app import run_app

        return run_app(theme=theme, demo=demo, where=where)
    finally:
        if demo_root is not None:
            from linkinbox.demo import cleanup_demo

            cleanup_demo(demo_root)
