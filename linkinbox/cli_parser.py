"""The command line's words: its subcommands, their options, help and examples (argparse)."""

from __future__ import annotations

import argparse
from pathlib import Path

from linkinbox import __version__

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
