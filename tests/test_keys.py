"""Keys act on what the user sees (issue 12): bursts after `/`, hidden marks, messages that name
the right person, changing a decision, config mistakes and hints that follow the keymap."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events
from textual.pilot import Pilot
from textual.widgets import Input, TextArea
from tui_helpers import (
    demo_inbox,
    inbox_screen,
    me_config,
    notifications,
    pending_in_header,
    region_text,
    run,
    screen_text,
    small_inbox,
    static_text,
    wait_until,
)

from linkinbox.inbox import Inbox
from linkinbox.models import Invitation, Status
from linkinbox.tui.app import LinkinboxApp
from linkinbox.tui.screens.editor import TemplateEditor
from linkinbox.tui.screens.inbox import InboxScreen
from linkinbox.tui.screens.messages import MessagesScreen
from linkinbox.tui.widgets.request_list import RequestList


def burst(app: LinkinboxApp, text: str) -> None:
    """Every key in the app's queue before the first is handled, as a terminal delivers a
    fast typist's keys or `tmux send-keys -l`."""
    for char in text:
        key = {"/": "slash", " ": "space"}.get(char, char)
        app.post_message(events.Key(key, char))


def statuses(inbox: Inbox) -> dict[int, Status]:
    return {r.id: r.status for r in inbox.store.requests(status="all")}


@pytest.mark.parametrize("text", ["/dave", "/xyz", "/fcd"])
def test_keys_typed_right_after_slash_filter_and_never_decide(inbox: Inbox, text: str) -> None:
    before = statuses(inbox)
    pending = inbox.store.pending_count()

    async def scenario(app: LinkinboxApp, pilot: Pilot[int]) -> None:
        burst(app, text)
        box = None

        def typed() -> bool:
            nonlocal box
            boxes = app.screen.query("#filter")
            box = boxes.first() if boxes else None
            return isinstance(box, Input) and box.value == text[1:]

        await wait_until(pilot, typed)
        await wait_until(pilot, lambda: text[1:] in static_text(app, "#title-view"))
        assert statuses(inbox) == before  # nothing decided
        assert pending_in_header(app) == f"{pending} pending"

    run(LinkinboxApp(inbox), scenario)


def test_keys_typed_right_after_r_go_into_the_editor(inbox: Inbox) -> None:
    before = statuses(inbox)

    async def scenario(app: LinkinboxApp, pilot: Pilot[int]) -> None:
        burst(app, "rdcf")
        await wait_until(pilot, lambda: isinstance(app.screen, TemplateEditor))
        editor = app.screen.query_one(TextArea)
        await wait_until(pilot, lambda: "dcf" in editor.text)
        assert statuses(inbox) == before

    run(LinkinboxApp(inbox), scenario)


def test_keys_typed_right_after_the_palette_go_into_it(inbox: Inbox) -> None:
    before = statuses(inbox)

    async def scenario(app: LinkinboxApp, pilot: Pilot[int]) -> None:
        app.post_message(events.Key("ctrl+p", None))
        burst(app, "dfc")
        await wait_until(
            pilot,
            lambda: any(i.value == "dfc" for i in app.screen.query(Input)),
            timeout=10,
        )
        assert statuses(inbox) == before
        # The palette searches for "dfc" in a worker: let it end before the app is closed (a
        # search still running while the palette is torn down fails on the missing list).
        await wait_until(
            pilot,
            lambda: not any(w.name == "_gather_commands" and w.is_running for w in app.workers),
            timeout=10,
        )

    run(LinkinboxApp(inbox), scenario)


def test_marks_hidden_by_the_filter_are_never_decided_unseen(inbox: Inbox) -> None:
    """Mark two, filter to a third, press c: the visible one is connected, the hidden marks
    stay pending and marked, and the title says how many are marked and not shown."""

    async def scenario(app: LinkinboxApp, pilot: Pilot[int]) -> None:
        screen = inbox_screen(app)
        rows = [screen.request_list.row(i) for i in range(3)]
        assert all(rows)
        first, second, third = (r.id for r in rows if r is not None)
        await pilot.press("space", "space")  # marks the first two
        await wait_until(pilot, lambda: "2 marked" in static_text(app, "#title-view"))
        third_name = inbox.store.get(third).name  # type: ignore[union-attr]
        await pilot.press("slash", *third_name.split()[-1].lower(), "enter")
        await wait_until(pilot, lambda: screen.request_list.count >= 1)
        await wait_until(pilot, lambda: screen.current is not None and screen.current.id == third)
        assert "2 marked (2 not shown)" in static_text(app, "#title-view")
        await pilot.press("c")
        await pilot.pause()
        assert inbox.store.get(third).status == Status.CONNECT  # type: ignore[union-attr]
        for hidden in (first, second):
            request = inbox.store.get(hidden)
            assert request is not None and request.status == Status.PENDING and request.marked
        assert any("2 marked requests not shown here" in n for n in notifications(app))

    run(LinkinboxApp(inbox), scenario)


def test_withdraw_names_the_invitation_withdrawn_not_the_next(inbox: Inbox) -> None:
    async def scenario(app: LinkinboxApp, pilot: Pilot[int]) -> None:
        screen = inbox_screen(app)
        await pilot.press("2")
        await pilot.pause()
        target = screen.current
        assert target is not None and screen.request_list.count > 1
        await pilot.press("w")
        await pilot.pause()
        assert screen.current is not None and screen.current.id != target.id
        messages = notifications(app)
        assert any(target.name in m and "withdrawn" in m for m in messages), messages
        assert not any(screen.current.name in m for m in messages)

    run(LinkinboxApp(inbox), scenario)


def test_decided_view_changes_a_decision_as_one_undo(inbox: Inbox) -> None:
    async def scenario(app: LinkinboxApp, pilot: Pilot[int]) -> None:
        screen = inbox_screen(app)
        first = screen.current
        assert first is not None
        await pilot.press("d", "3")
        await pilot.pause()
        assert screen.current is not None and screen.current.id == first.id
        await pilot.press("f")
        await pilot.pause()
        changed = inbox.store.get(first.id)
        assert changed is not None and changed.status == Status.FOLLOW
        assert changed.reply == inbox.render_reply(changed, "follow")  # the reply follows
        assert "follow, as decided" in static_text(app, "#reply-title")
        await pilot.press("u")
        await pilot.pause()
        back = inbox.store.get(first.id)
        assert back is not None and back.status == Status.DECLINE
        assert back.reply == inbox.render_reply(back, "decline")

    run(LinkinboxApp(inbox), scenario)


def test_y_right_after_a_decision_copies_the_reply_to_the_person_decided(inbox: Inbox) -> None:
    async def scenario(app: LinkinboxApp, pilot: Pilot[int]) -> None:
        screen = inbox_screen(app)
        first = screen.current
        assert first is not None
        await pilot.press("d")
        await pilot.pause()
        assert screen.current is not None and screen.current.id != first.id
        assert any("y copies the reply to them" in n for n in notifications(app))
        await pilot.press("y")
        await pilot.pause()
        decided = inbox.store.get(first.id)
        assert decided is not None and decided.reply
        assert app.clipboard == decided.reply
        assert any(f"reply for {first.name}" in n for n in notifications(app))

    run(LinkinboxApp(inbox), scenario)


@pytest.mark.parametrize(("view", "said"), [("2", "records one as withdrawn"), ("3", "changes")])
def test_enter_says_what_it_does_where_it_does_nothing(inbox: Inbox, view: str, said: str) -> None:
    before = statuses(inbox)

    async def scenario(app: LinkinboxApp, pilot: Pilot[int]) -> None:
        await pilot.press(view, "enter")
        await wait_until(pilot, lambda: any(said in n for n in notifications(app)))
        assert statuses(inbox) == before

    run(LinkinboxApp(inbox), scenario)


# -- config mistakes: one message at start, kept in the log; keys that stay truthful ---------

MISTAKES = (
    'theme = "no-such-theme"\nwithdraw_after_weeks = 0\n[keymap]\ndecide-declin = "x"\nundo = "f"\n'
)


def mistakes_config() -> Path:
    return me_config(MISTAKES)


async def close_messages(app: LinkinboxApp, pilot: Pilot[int]) -> None:
    await wait_until(pilot, lambda: isinstance(app.screen, MessagesScreen))
    await pilot.press("escape")
    await wait_until(pilot, lambda: isinstance(app.screen, InboxScreen))


def test_config_mistakes_are_said_at_start_in_one_message_with_file_key_and_line(
    tmp_path: Path,
) -> None:
    path = mistakes_config()
    with demo_inbox(tmp_path) as inbox:
        before = statuses(inbox)

        async def scenario(app: LinkinboxApp, pilot: Pilot[int]) -> None:
            await wait_until(pilot, lambda: isinstance(app.screen, MessagesScreen))
            shown = " ".join(region_text(app, "#messages").replace("│", " ").split())
            assert "4 problems in your settings" in shown
            lines = MISTAKES.splitlines()
            for key, needle in (
                ("theme", "no theme named “no-such-theme”"),
                ("withdraw_after_weeks", "withdraw_after_weeks"),
                ("decide-declin", "unknown binding id “decide-declin”"),
                ("undo", "undo = “f” refused"),
            ):
                line = next(i for i, text in enumerate(lines, 1) if text.startswith(key))
                line += 2  # me_config puts my_name and my_profile_url first
                assert f"{path}, line {line}:" in " ".join(
                    m.text for m in app.message_log.entries if needle in m.text
                ), needle
                assert needle in shown, needle
            assert "Follow would have no key" in shown and "undo keeps u" in shown
            assert "the first wins" not in shown  # the old, untrue sentence
            assert not notifications(app)  # one message, not a stack of toasts
            await pilot.press("escape")
            await wait_until(pilot, lambda: isinstance(app.screen, InboxScreen))
            screen = inbox_screen(app)
            first = screen.current
            assert first is not None
            await pilot.press("f")  # still follows: the rebinding was refused
            await wait_until(pilot, lambda: statuses(inbox)[first.id] == Status.FOLLOW)
            await pilot.press("u")  # and u still undoes
            await wait_until(pilot, lambda: statuses(inbox) == before)

        run(LinkinboxApp(inbox), scenario)


def test_the_message_log_in_the_palette_keeps_mistakes_and_toasts(tmp_path: Path) -> None:
    mistakes_config()
    with demo_inbox(tmp_path) as inbox:

        async def scenario(app: LinkinboxApp, pilot: Pilot[int]) -> None:
            await close_messages(app, pilot)
            screen = inbox_screen(app)
            first = screen.current
            assert first is not None
            await pilot.press("d")
            await wait_until(pilot, lambda: bool(notifications(app)))
            app.clear_notifications()  # the toast is gone; the log keeps it
            await pilot.press("ctrl+p")
            await wait_until(pilot, lambda: bool(app.screen.query(Input)))
            await pilot.press(*"Messages")
            await wait_until(pilot, lambda: "Messages" in screen_text(app))
            await pilot.press("enter")
            await wait_until(pilot, lambda: isinstance(app.screen, MessagesScreen))
            shown = " ".join(screen_text(app).replace("│", " ").split())
            assert "no theme named “no-such-theme”" in shown
            assert "undo = “f” refused" in shown
            assert f"Declined {first.name}" in shown
            await pilot.press("escape")
            await wait_until(pilot, lambda: isinstance(app.screen, InboxScreen))

        run(LinkinboxApp(inbox), scenario)


def decided_under_cursor(screen: InboxScreen) -> bool:
    current = screen.current
    return screen.view == "decided" and current is not None and current.status != Status.PENDING


def test_hints_follow_the_keymap_also_while_the_filter_has_focus(tmp_path: Path) -> None:
    me_config('[keymap]\n"decide-decline" = "n"\n"undo" = "z"\n')
    with demo_inbox(tmp_path) as inbox:

        async def scenario(app: LinkinboxApp, pilot: Pilot[int]) -> None:
            screen = inbox_screen(app)
            assert static_text(app, "#decision-decline").startswith("Decline [n]")
            assert static_text(app, "#decision-follow").startswith("[F]ollow")
            await pilot.press("slash")
            await wait_until(pilot, lambda: isinstance(app.focused, Input))
            screen.show_reply()
            await pilot.pause()
            for decision, label in (("follow", "[F]ollow"), ("decline", "Decline [n]")):
                text = static_text(app, f"#decision-{decision}")
                assert text.startswith(label) and "[?]" not in text, text
            await pilot.press("escape")
            # The list has the keys again before `n` (else it is typed into the filter).
            await wait_until(pilot, lambda: isinstance(app.focused, RequestList))
            await pilot.press("n")
            await wait_until(pilot, lambda: bool(notifications(app)))
            assert "z undoes" in notifications(app)[-1]
            await pilot.press("3")
            # enter explains the decided request the list shows, not the pending one before.
            await wait_until(pilot, lambda: decided_under_cursor(screen))
            await pilot.press("enter")
            await wait_until(pilot, lambda: len(notifications(app)) >= 2)
            assert "f, c or n changes the decision" in notifications(app)[-1]

        run(LinkinboxApp(inbox), scenario)


def test_the_empty_list_hint_follows_the_keymap() -> None:
    me_config('[keymap]\n"import" = "I"\n')
    with Inbox() as inbox:

        async def scenario(app: LinkinboxApp, pilot: Pilot[int]) -> None:
            await wait_until(pilot, lambda: "I imports your LinkedIn export" in screen_text(app))
            assert "i imports" not in screen_text(app)
            await pilot.press("enter")
            await wait_until(pilot, lambda: bool(notifications(app)))
            assert "I imports your LinkedIn export" in notifications(app)[-1]

        run(LinkinboxApp(inbox), scenario)


def test_a_reply_needing_an_unknown_profile_url_says_what_is_missing() -> None:
    """After importing e-mails alone, the user's profile URL is unknown: the pane says what is
    missing and how to set it, instead of a reply ending in "…does that:"."""
    with small_inbox(Invitation(name="Ada Example", message="Hi")) as inbox:

        async def scenario(app: LinkinboxApp, pilot: Pilot[int]) -> None:
            await wait_until(pilot, lambda: "Ada Example" in screen_text(app))
            assert "your profile URL is missing" in static_text(app, "#reply-title")
            body = static_text(app, "#reply-body")
            assert "my_profile_url in config.toml" in body and "data export" in body
            assert "F sets it here" in body
            assert "does that:" not in screen_text(app)
            await pilot.press("left")  # connect's reply needs no URL
            await wait_until(pilot, lambda: static_text(app, "#reply-body").startswith("Hi Ada"))

        run(LinkinboxApp(inbox), scenario)


def test_the_to_do_steps_follow_the_keymap(tmp_path: Path) -> None:
    me_config('[keymap]\n"mark-done" = "m"\n"undo" = "z"\n')
    with demo_inbox(tmp_path) as inbox:

        async def scenario(app: LinkinboxApp, pilot: Pilot[int]) -> None:
            await pilot.press("m")  # outside the To do view: says where it works, in its keys
            await wait_until(pilot, lambda: any("to-do done" in n for n in notifications(app)))
            assert "m marks a to-do done on LinkedIn: 4 shows them." in notifications(app)
            await pilot.press("d", "4")
            await wait_until(pilot, lambda: "mark it done" in static_text(app, "#todo-steps"))
            steps = static_text(app, "#todo-steps")
            assert "m  mark it done" in steps and "x  mark it done" not in steps
            assert "enter does the next step · z undoes" in steps
            assert "?" not in steps

        run(LinkinboxApp(inbox), scenario)
