"""The to-do pane (To do view): what to press on LinkedIn for the selected decision, and where,
as the steps of a short guided flow: copy the reply, open the page, mark it done."""

from __future__ import annotations

from textual.content import Content

from linkinbox.models import Request
from linkinbox.text import one_line
from linkinbox.todo import Action
from linkinbox.tui.drawing import marks
from linkinbox.tui.widgets.pane import TextPane
from linkinbox.words import connection_word

#: The guided flow, in order: (step id, key, what it does).
STEPS = (
    ("copy", "y", "copy the reply"),
    ("open", "o", "open {page} (its link is copied too)"),
    ("done", "x", "mark it done and go to the next"),
)


def steps_for(request: Request | None) -> list[str]:
    """The steps a to-do needs: no reply to copy when the decision has none."""
    if request is None:
        return []
    return [step for step, _, _ in STEPS if step != "copy" or request.reply]


class TodoPane(TextPane):
    """Shows one to-do. The screen sets it with `show(...)`; it posts nothing."""

    PREFIX = "todo"
    PARTS = ("title", "action", "url", "steps")

    def show(
        self,
        request: Request | None,
        action: Action | None,
        done_steps: set[str],
        position: str,
        setup_left: int | None = None,
        keys: dict[str, str] | None = None,
    ) -> None:
        """`keys`: the key bound now to each step and to todo-next, undo and follow-setup (by
        binding id; the keymap rebinds them)."""
        key = {
            "copy": "y",
            "open": "o",
            "done": "x",
            "todo-next": "enter",
            "undo": "u",
            "follow-setup": "F",
        } | (keys or {})
        title, what, url, steps = map(self.part, self.PARTS)
        if request is None or action is None:
            title.update(Content("Nothing to do on LinkedIn."))
            what.update(
                Content("Decide requests in the pending view (1); each decision is a to-do here.")
            )
            url.update(Content(""))
            steps.update(Content(""))
            return
        decided = request.status.value
        if request.is_connection:  # a reviewed connection: follow instead, remove
            decided = f"connection, {connection_word(decided)}"
        title.update(Content(f"To do on LinkedIn{position}: {decided}"))
        what.update(Content(f"{one_line(request.name, limit=60)}: {action.words}"))
        url.update(Content(action.url))
        needed = steps_for(request)
        nxt = next((s for s in needed if s not in done_steps), None)
        lines = []
        drawn = marks(self)
        for number, (step, _, words) in enumerate((s for s in STEPS if s[0] in needed), 1):
            mark = drawn.done if step in done_steps else (drawn.cursor if step == nxt else " ")
            lines.append(f"{mark} {number}. {key[step]}  {words.format(page=action.page)}")
        lines.append("")
        lines.append(f"{key['todo-next']} does the next step · {key['undo']} undoes")
        if setup_left:
            lines.append("")
            lines.append(
                f"Follow only works if your profile offers it: {key['follow-setup']} sets up "
                "LinkedIn for Follow "
                f"({setup_left} of 2 settings left)."
            )
        steps.update(Content("\n".join(lines)))
