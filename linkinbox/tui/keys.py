"""Key bindings: every user-facing binding has an id; `[keymap]` in config.toml remaps by id."""

from __future__ import annotations

import re
from collections.abc import Callable

from textual.binding import Binding

#: A rebinding that leaves one of these without a key is refused: deciding is the whole job.
DECISION_IDS = ("decide-follow", "decide-connect", "decide-decline")
DECISION_NAMES = {
    "decide-follow": "Follow",
    "decide-connect": "Connect",
    "decide-decline": "Decline",
}


def _bindings(owner: type) -> list[Binding]:
    return [b for b in getattr(owner, "BINDINGS", []) if isinstance(b, Binding)]


def binding_layers() -> dict[str, list[list[Binding]]]:
    """The bindings of each set of widgets that are active together, one list per widget, the
    one that gets a key first (the focused widget) first."""
    from linkinbox.tui.app import LinkinboxApp
    from linkinbox.tui.screens.confirm import ConfirmScreen
    from linkinbox.tui.screens.editor import TemplateEditor
    from linkinbox.tui.screens.follow_setup import FollowSetupScreen, SetupCheck
    from linkinbox.tui.screens.help import HelpScreen
    from linkinbox.tui.screens.importer import ImportScreen
    from linkinbox.tui.screens.inbox import InboxScreen
    from linkinbox.tui.screens.messages import MessagesScreen
    from linkinbox.tui.screens.stats import StatsScreen
    from linkinbox.tui.screens.theme_picker import ThemePicker
    from linkinbox.tui.widgets.filter_box import FilterBox
    from linkinbox.tui.widgets.request_list import RequestList

    app = _bindings(LinkinboxApp)
    return {
        "inbox": [_bindings(RequestList), _bindings(InboxScreen), app],
        "filter": [_bindings(FilterBox)],
        "editor": [_bindings(TemplateEditor)],
        "help": [_bindings(HelpScreen)],
        "messages": [_bindings(MessagesScreen)],
        "question": [_bindings(ConfirmScreen)],
        "import": [_bindings(ImportScreen)],
        "stats": [_bindings(StatsScreen)],
        "theme picker": [_bindings(ThemePicker)],
        "follow setup": [_bindings(SetupCheck), _bindings(FollowSetupScreen)],
    }


def binding_scopes() -> dict[str, list[Binding]]:
    """The bindings of each set of widgets that are active together."""
    return {
        scope: [b for layer in layers for b in layer] for scope, layers in binding_layers().items()
    }


def default_keys() -> dict[str, str]:
    """Every binding id with its default keys."""
    keys: dict[str, str] = {}
    for bindings in binding_scopes().values():
        for binding in bindings:
            if binding.id:
                keys.setdefault(binding.id, binding.key)
    return keys


def _split(keys: str) -> list[str]:
    return [k.strip() for k in keys.split(",") if k.strip()]


def key_owners(valid: dict[str, str]) -> dict[str, dict[str, str]]:
    """For each scope, which binding id gets each key once `valid` is applied.

    As Textual does it: the focused widget's bindings before the screen's before the app's;
    within one widget a rebound key takes the key from a default binding, else the first
    declared wins.
    """
    result: dict[str, dict[str, str]] = {}
    for scope, layers in binding_layers().items():
        owner: dict[str, str] = {}
        for layer in layers:
            taken: dict[str, str] = {}
            # Rebound bindings first: they take their keys from the widget's defaults.
            ordered = [b for b in layer if b.id in valid] + [b for b in layer if b.id not in valid]
            for binding in ordered:
                if not binding.id:
                    continue
                for key in _split(valid.get(binding.id, binding.key)):
                    taken.setdefault(key, binding.id)
            for key, ident in taken.items():
                owner.setdefault(key, ident)
        result[scope] = owner
    return result


def effective_keys(valid: dict[str, str]) -> dict[str, list[str]]:
    """Every binding id with the keys that reach it (in the scope where it gets most).

    Default bindings of one widget sharing a key keep it together (Textual tries them in turn:
    `enter` takes a suggestion, or does the next step in the To do view)."""
    keys: dict[str, list[str]] = {}

    def give(ident: str, key: str) -> None:
        got = keys.setdefault(ident, [])
        if key not in got:
            got.append(key)

    owners = key_owners(valid)
    for scope, layers in binding_layers().items():
        for key, ident in owners[scope].items():
            give(ident, key)
            if ident in valid:
                continue
            for layer in layers:
                if any(b.id == ident for b in layer):
                    for other in layer:
                        if other.id and other.id not in valid and key in _split(other.key):
                            give(other.id, key)
    for ident in default_keys():
        keys.setdefault(ident, [])
    return keys


def keymap_line(text: str, ident: str) -> int | None:
    """The line of `ident = …` in config.toml's `[keymap]` table (or anywhere), if found."""
    key = re.compile(rf"^[ \t]*[\"']?{re.escape(ident)}[\"']?[ \t]*=")
    in_keymap = False
    fallback = None
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith("["):
            in_keymap = stripped.replace(" ", "") == "[keymap]"
            continue
        if key.match(line):
            if in_keymap:
                return number
            fallback = fallback or number
    return fallback


def check_keymap(
    keymap: dict[str, str], source: str, text: str = ""
) -> tuple[dict[str, str], list[str]]:
    """The usable part of a `[keymap]` table and one sentence for each mistake in it: an
    unknown id, an empty key, a clash (saying truly which binding gets the key), and a
    rebinding that would leave a decision without a key (refused: the default stays)."""

    def where(ident: str) -> str:
        line = keymap_line(text, ident) if text else None
        return f"{source}, line {line}" if line else source

    defaults = default_keys()
    valid, problems = _usable_entries(keymap, defaults, where)
    # Each refusal changes who gets which key: look again until nothing more is refused.
    while _refuse_decision_takers(valid, defaults, where, problems) or _refuse_keyless(
        valid, defaults, where, problems
    ):
        pass
    problems += _clashes(valid, where)
    return valid, problems


def _usable_entries(
    keymap: dict[str, str], defaults: dict[str, str], where: Callable[[str], str]
) -> tuple[dict[str, str], list[str]]:
    """The entries naming a known binding and at least one key, and a sentence for each other."""
    problems: list[str] = []
    valid: dict[str, str] = {}
    for ident, keys in keymap.items():
        if ident not in defaults:
            problems.append(
                f"{where(ident)}: keymap: unknown binding id “{ident}”; ignored. `?` in the "
                "inbox (and the README) lists the ids."
            )
            continue
        cleaned = ",".join(_split(str(keys)))
        if not cleaned:
            problems.append(
                f"{where(ident)}: keymap: {ident}: no key given; it keeps {defaults[ident]}."
            )
            continue
        valid[ident] = cleaned
    return valid, problems


def _refuse_decision_takers(
    valid: dict[str, str],
    defaults: dict[str, str],
    where: Callable[[str], str],
    problems: list[str],
) -> bool:
    """Refuse the rebinding(s) that leave the first decision found without a key (the default
    stays); True if any was refused."""
    inbox_owner = key_owners(valid)["inbox"]
    for decision in DECISION_IDS:
        decision_keys = _split(valid.get(decision, defaults[decision]))
        if any(inbox_owner.get(key) == decision for key in decision_keys):
            continue
        takers = [
            inbox_owner[key]
            for key in decision_keys
            if inbox_owner.get(key) not in (None, decision) and inbox_owner[key] in valid
        ]
        culprits = list(dict.fromkeys(takers)) or ([decision] if decision in valid else [])
        if not culprits:
            continue
        for culprit in culprits:
            if culprit == decision:
                why = (
                    f"{DECISION_NAMES[decision]} would have no key "
                    f"({valid[culprit]} is taken by another binding there)"
                )
            else:
                why = (
                    f"it would take {', '.join(decision_keys)} from {decision}, and "
                    f"{DECISION_NAMES[decision]} would have no key"
                )
            problems.append(
                f"{where(culprit)}: keymap: {culprit} = “{valid[culprit]}” refused: {why}. "
                f"{culprit} keeps {defaults[culprit]}."
            )
            del valid[culprit]
        return True
    return False


def _refuse_keyless(
    valid: dict[str, str],
    defaults: dict[str, str],
    where: Callable[[str], str],
    problems: list[str],
) -> bool:
    """Refuse each rebinding whose every key goes to another binding (it would have none);
    True if any was refused."""
    owners = key_owners(valid)
    refused = False
    for ident, keys in list(valid.items()):
        scopes = [
            scope
            for scope, bindings in binding_scopes().items()
            if any(b.id == ident for b in bindings)
        ]
        if any(owners[scope].get(k) == ident for scope in scopes for k in _split(keys)):
            continue
        winners = sorted({owners[s][k] for s in scopes for k in _split(keys) if k in owners[s]})
        problems.append(
            f"{where(ident)}: keymap: {ident} = “{keys}” refused: {', '.join(winners)} "
            f"gets that key first, so {ident} would have no key. {ident} keeps "
            f"{defaults[ident]}."
        )
        del valid[ident]
        refused = True
    return refused


def _clashes(valid: dict[str, str], where: Callable[[str], str]) -> list[str]:
    """One sentence for each key that two bindings of one scope want (naming who gets it)."""
    problems: list[str] = []
    owners = key_owners(valid)
    for scope, bindings in binding_scopes().items():
        seen: set[tuple[str, str]] = set()
        owner = owners[scope]
        for binding in bindings:
            if not binding.id:
                continue
            for key in _split(valid.get(binding.id, binding.key)):
                winner = owner.get(key)
                if winner is None or winner == binding.id:
                    continue
                if binding.id not in valid and winner not in valid:
                    continue  # the defaults' own sharing (enter in two views)
                if (key, binding.id) in seen:
                    continue
                seen.add((key, binding.id))
                left = [k for k, ident in owner.items() if ident == binding.id]
                rest = (
                    f"{binding.id} keeps {', '.join(left)}" if left else f"{binding.id} has no key"
                )
                culprit = binding.id if binding.id in valid else winner
                problems.append(
                    f"{where(culprit)}: keymap: “{key}” is bound to both {winner} and "
                    f"{binding.id} in the {scope}; {winner} gets it, so {rest}."
                )
    return problems
