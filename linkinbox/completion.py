"""`linkinbox completion bash|zsh|fish`: a completion script made from the argument parser
itself, so it names every subcommand and option there is. No Textual here."""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field

SHELLS = ("bash", "zsh", "fish")


@dataclass
class Command:
    name: str
    help: str
    options: list[tuple[str, str]] = field(default_factory=list)  # (--flag, help)
    choices: list[str] = field(default_factory=list)  # fixed words its arguments take
    files: bool = False  # whether it takes paths


def _commands(parser: argparse.ArgumentParser) -> tuple[list[tuple[str, str]], list[Command]]:
    """The top-level options, and every subcommand with its options and argument words."""
    top = [
        (flag, action.help or "")
        for action in parser._actions
        for flag in action.option_strings
        if flag.startswith("--")
    ]
    commands: list[Command] = []
    for action in parser._actions:
        if not isinstance(action, argparse._SubParsersAction):
            continue
        helps = {a.dest: a.help or "" for a in action._choices_actions}
        for name, sub in action.choices.items():
            command = Command(name, helps.get(name, ""))
            for arg in sub._actions:
                if arg.option_strings:
                    command.options += [
                        (flag, arg.help or "") for flag in arg.option_strings if flag[:2] == "--"
                    ]
                if arg.choices and not isinstance(arg, argparse._SubParsersAction):
                    command.choices += [str(c) for c in arg.choices]
                if arg.type is not None and getattr(arg.type, "__name__", "") == "Path":
                    command.files = True
            commands.append(command)
    return top, commands


def _quote(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"


def bash(parser: argparse.ArgumentParser) -> str:
    top, commands = _commands(parser)
    cases = []
    for c in commands:
        words = " ".join([*(flag for flag, _ in c.options), *c.choices])
        files = '; COMPREPLY+=($(compgen -f -- "$cur"))' if c.files else ""
        cases.append(
            f'        {c.name}) COMPREPLY=($(compgen -W {_quote(words)} -- "$cur")){files} ;;'
        )
    names = " ".join([c.name for c in commands] + [flag for flag, _ in top])
    return "\n".join(
        [
            '# linkinbox completion for bash: eval "$(linkinbox completion bash)"',
            "_linkinbox() {",
            '    local cur="${COMP_WORDS[COMP_CWORD]}" command="" word',
            '    for word in "${COMP_WORDS[@]:1:COMP_CWORD-1}"; do',
            '        case "$word" in -*) ;; *) command="$word"; break ;; esac',
            "    done",
            '    case "$command" in',
            f'        "") COMPREPLY=($(compgen -W {_quote(names)} -- "$cur")) ;;',
            *cases,
            "        *) COMPREPLY=() ;;",
            "    esac",
            "}",
            "complete -o default -F _linkinbox linkinbox",
            "",
        ]
    )


def _zsh_text(text: str) -> str:
    return text.replace(":", "\\:").replace("[", "(").replace("]", ")")


def zsh(parser: argparse.ArgumentParser) -> str:
    top, commands = _commands(parser)
    described = " ".join(_quote(f"{c.name}:{_zsh_text(c.help)}") for c in commands)
    cases = []
    for c in commands:
        specs = [_quote(f"{flag}[{_zsh_text(text)}]") for flag, text in c.options]
        if c.choices:
            specs.append(_quote(f"*:word:({' '.join(c.choices)})"))
        if c.files:
            specs.append(_quote("*:path:_files"))
        arguments = " ".join(specs) or "''"
        cases.append(f"        {c.name}) _arguments {arguments} ;;")
    top_specs = " ".join(_quote(f"{flag}[{_zsh_text(text)}]") for flag, text in top)
    return "\n".join(
        [
            "#compdef linkinbox",
            "# linkinbox completion for zsh: linkinbox completion zsh > ~/.zfunc/_linkinbox",
            "_linkinbox() {",
            "    local -a commands",
            f"    commands=({described})",
            "    local word command=''",
            "    for word in ${words[2,CURRENT-1]}; do",
            "        [[ $word == -* ]] || { command=$word; break; }",
            "    done",
            "    if [[ -z $command ]]; then",
            f"        _arguments {top_specs}",
            "        _describe 'command' commands",
            "        return",
            "    fi",
            "    case $command in",
            *cases,
            "    esac",
            "}",
            '_linkinbox "$@"',
            "",
        ]
    )


def fish(parser: argparse.ArgumentParser) -> str:
    top, commands = _commands(parser)
    lines = [
        "# linkinbox completion for fish: linkinbox completion fish > "
        "~/.config/fish/completions/linkinbox.fish",
        "complete -c linkinbox -f",
    ]
    for flag, text in top:
        lines.append(
            f"complete -c linkinbox -n __fish_use_subcommand -l {flag[2:]} -d {_quote(text)}"
        )
    for c in commands:
        lines.append(
            f"complete -c linkinbox -n __fish_use_subcommand -a {c.name} -d {_quote(c.help)}"
        )
        seen = f"'__fish_seen_subcommand_from {c.name}'"
        for flag, text in c.options:
            lines.append(f"complete -c linkinbox -n {seen} -l {flag[2:]} -d {_quote(text)}")
        if c.choices:
            lines.append(f"complete -c linkinbox -n {seen} -a {_quote(' '.join(c.choices))}")
        if c.files:
            lines.append(f"complete -c linkinbox -n {seen} -F")
    return "\n".join(lines) + "\n"


def script(shell: str, parser: argparse.ArgumentParser) -> str:
    return {"bash": bash, "zsh": zsh, "fish": fish}[shell](parser)
