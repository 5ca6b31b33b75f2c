"""Key bindings: every user-facing binding has an id; `[keymap]` in config.toml remaps by id."""

from __future__ import annotations

from textual.binding import Binding


def _bindings(owner: type) -> list[Binding]:
    return [b for b in getattr(owner, "BINDINGS", []) if isinstance(b, Binding)]


def binding_scopes() -> dict[str, list[Binding]]:
    """The bindings of each set of widgets that are active together."""
    from linkinbox.tui.app import LinkinboxApp
    from linkinbox.tui.screens.editor import TemplateEditor
    from linkinbox.tui.screens.follow_setup import FollowSetupScreen, SetupCheck
    from linkinbox.tui.screens.help import HelpScreen
    from linkinbox.tui.screens.inbox import InboxScreen
    from linkinbox.tui.screens.theme_picker import ThemePicker
    from linkinbox.tui.widgets.filter_box import FilterBox
    from linkinbox.tui.widgets.request_list import RequestList

    app = _bindings(LinkinboxApp)
    return {
        "inbox": app + _bindings(InboxScreen) + _bindings(RequestList),
        "filter": _bindings(FilterBox),
        "editor": _bindings(TemplateEditor),
        "help": _bindings(HelpScreen),
        "theme picker": _bindings(ThemePicker),
        "follow setup": _bindings(FollowSetupScreen) + _bindings(SetupCheck),
    }


def default_keys() -> dict[str, str]:
    """Every binding id with its default keys."""
    keys: dict[str, str] = {}
    for bindings in binding_scopes().values():
        for binding in bindings:
            if binding.id:
                keys.setdefault(binding.id, binding.key)
    return keys


def check_keymap(keymap: dict[str, str], source: str) -> tuple[dict[str, str], list[str]]:
    """The usable part of a `[keymap]` table and a sentence for each unknown id or clash."""
    problems: list[str] = []
    defaults = default_keys()
    valid: dict[str, str] = {}
    for ident, keys in keymap.items():
        if ident not in defaults:
            problems.append(
                f"{source}: keymap: unknown binding id “{ident}”; see the README "
                "for the list of ids."
            )
            continue
        cleaned = ",".join(k.strip() for k in str(keys).split(",") if k.strip())
        if not cleaned:
            problems.append(f"{source}: keymap: {ident}: no key given.")
            continue
        valid[ident] = cleaned
    for scope, bindings in binding_scopes().items():
        owner: dict[str, str] = {}
        for binding in bindings:
            if not binding.id:
                continue
            for key in valid.get(binding.id, binding.key).split(","):
                other = owner.get(key)
                if (
                    other is not None
                    and other != binding.id
                    and (binding.id in valid or other in valid)
                ):
                    problems.append(
                        f"{source}: keymap: “{key}” is bound to both {other} and {binding.id} "
                        f"in the {scope}; the first wins."
                    )
                owner.setdefault(key, binding.id)
    return valid, problems
