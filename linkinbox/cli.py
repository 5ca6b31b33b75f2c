"""The command line. Only the inbox itself imports Textual; other commands stay light."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from linkinbox import heap, paths
from linkinbox.cli_output import (
    cmd_audit,
    cmd_export,
    cmd_list,
    cmd_reply,
    cmd_show,
    cmd_stats,
    cmd_todo,
    decided_words,
    text_charset,
)
from linkinbox.cli_parser import build_parser
from linkinbox.errors import LinkinboxError, StoreError
from linkinbox.text import one_line
from linkinbox.words import plural

if TYPE_CHECKING:
    from collections.abc import Callable

    from linkinbox.inbox import Inbox
    from linkinbox.models import Request
    from linkinbox.paths import Paths

__all__ = ["build_parser", "main"]  # the tests and the completion build the parser from here


#: The exit status of an import that imported what it could but skipped rows it could not read.
IMPORTED_WITH_SKIPS = 1


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


def _decision_for(request: Request, word: str) -> str:
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


def _requests(inbox: Inbox, refs: Sequence[str]) -> list[Request]:
    """The requests named by `refs`, each once, in the order given (NotFound names a wrong one)."""
    return list({r.id: r for r in (inbox.find(ref) for ref in refs)}.values())


def _refuse_unless(requests: Sequence[Request], why_not: Callable[[Request], str | None]) -> None:
    """Before anything changes: LinkinboxError names the first request a command cannot act
    on, and `why_not` says why ("is not pending (sent); nothing was decided.")."""
    for request in requests:
        why = why_not(request)
        if why is not None:
            raise LinkinboxError(f"Request {request.id} ({one_line(request.name)}) {why}")


def _not_pending(request: Request) -> str | None:
    if request.status.value in ("pending", "connected"):
        return None
    return f"is not pending ({request.status.value}); nothing was decided."


def _not_waiting(request: Request) -> str | None:
    from linkinbox.models import Status

    if request.status == Status.SENT:
        return None
    if request.direction == "outgoing":  # withdrawn already, accepted or gone
        return f"is no longer waiting ({request.status.value}); nothing was withdrawn."
    what = "an existing connection" if request.is_connection else "a request you received"
    return f"is {what}, not an invitation you sent; nothing was withdrawn."


def _not_todo(request: Request) -> str | None:
    from linkinbox.models import OnLinkedIn

    if request.on_linkedin == OnLinkedIn.TODO:
        return None
    if request.on_linkedin == OnLinkedIn.DONE:
        state = "already done on LinkedIn"
    else:
        state = f"{request.status.value}, not a decision"
    return f"is {state}; `linkinbox todo` lists what is left to do."


def arrow() -> str:
    """→ where the output can show it, -> where it cannot (a Latin-1 or ASCII terminal)."""
    from linkinbox.glyphs import marks_for

    return marks_for(text_charset()).arrow


def cmd_decide(inbox: Inbox, args: argparse.Namespace) -> int:
    # Every reference is checked before anything changes; then one batch, one undo.
    requests = _requests(inbox, args.ids)
    decisions = {r.id: _decision_for(r, args.decision) for r in requests}
    if len(requests) == 1:
        inbox.check_decidable(requests[0])  # says what it is instead: sent, decided, reviewed
    else:
        _refuse_unless(requests, _not_pending)
    inbox.decide_each(list(decisions.items()))
    lines = []
    for request in requests:
        after = inbox.get(request.id) or request
        line = f"{request.id}: {one_line(request.name)} {arrow()} "
        line += decided_words(request, decisions[request.id])
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


def cmd_withdraw(inbox: Inbox, args: argparse.Namespace) -> int:
    requests = _requests(inbox, args.ids)
    _refuse_unless(requests, _not_waiting)
    done = inbox.withdraw([r.id for r in requests])
    for request in requests:
        if request.id in done:
            print(f"{request.id}: {one_line(request.name)} {arrow()} withdrawn.")
    print(
        "Recorded as withdrawn (withdraw them on LinkedIn too: "
        "https://www.linkedin.com/mynetwork/invitation-manager/sent/). `linkinbox undo` undoes."
    )
    return 0


def cmd_done(inbox: Inbox, args: argparse.Namespace) -> int:
    requests = _requests(inbox, args.ids)
    _refuse_unless(requests, _not_todo)
    inbox.mark_done([r.id for r in requests])
    marked = [inbox.get(r.id) or r for r in requests]
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
            names.append(f"{rid}: {one_line(request.name)} {arrow()} {state}")
    more = f" (and {len(restored) - 5} more)" if len(restored) > 5 else ""
    print("Undone: " + "; ".join(names) + more + f". {inbox.pending_count():,} pending.")
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
