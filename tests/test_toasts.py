"""Messages that stay (#15 item 8): toasts never pile up over the title, and the message log keeps
every one of them (markup toasts too, as plain text), saying which were shown as toasts."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widget import Widget
from tui_helpers import inbox_screen, notifications, run, screen_text, toasts_on_screen, wait_until

from linkinbox.inbox import Inbox
from linkinbox.tui.app import MAX_TOASTS, LinkinboxApp


def test_ten_quick_decisions_do_not_stack_toasts_over_the_title(inbox: Inbox) -> None:
    before = inbox.pending_count()

    async def scenario(app: LinkinboxApp, pilot: Pilot[int]) -> None:
        for _ in range(10):
            await pilot.press("f")
            await pilot.pause()
            shown = toasts_on_screen(app)
            assert len(shown) <= MAX_TOASTS, shown
        await wait_until(pilot, lambda: inbox.pending_count() == before - 10)
        followed = [n for n in notifications(app) if n.startswith("Followed")]
        assert len(followed) == 10  # the log keeps every one
        assert f"{before - 10} pending" in screen_text(app).splitlines()[0]  # the title shows

    run(LinkinboxApp(inbox), scenario, size=(80, 24))


def test_the_same_message_again_replaces_its_toast(inbox: Inbox) -> None:
    async def scenario(app: LinkinboxApp, pilot: Pilot[int]) -> None:
        def undo_toasts() -> list[Widget]:
            return [t for t in app.screen.query("Toast") if "Nothing to undo." in str(t.render())]

        async def say_it_again() -> None:
            before = undo_toasts()
            app.notify("Nothing to undo.")
            await wait_until(
                pilot,
                lambda: (
                    undo_toasts() != before
                    and toasts_on_screen(app) == ["Something else.", "Nothing to undo."]
                ),
            )

        app.notify("Something else.")
        await wait_until(pilot, lambda: toasts_on_screen(app) == ["Something else."])
        for count in range(1, 5):
            await say_it_again()
            assert notifications(app).count("Nothing to undo.") == count  # the log keeps each
        await pilot.press("u")  # the same words from the inbox (nothing decided yet)
        await wait_until(pilot, lambda: notifications(app).count("Nothing to undo.") == 5)
        await wait_until(pilot, lambda: toasts_on_screen(app).count("Nothing to undo.") == 1)

    run(LinkinboxApp(inbox), scenario)


def test_warnings_outlast_newer_information_toasts(inbox: Inbox) -> None:
    async def scenario(app: LinkinboxApp, pilot: Pilot[int]) -> None:
        app.notify("Disk nearly full.", severity="warning")
        for number in range(1, 6):
            app.notify(f"Note {number}.")
        await wait_until(pilot, lambda: "Note 5." in toasts_on_screen(app))
        assert toasts_on_screen(app) == ["Disk nearly full.", "Note 4.", "Note 5."]

    run(LinkinboxApp(inbox), scenario)


def test_the_log_keeps_markup_toasts_as_plain_text_and_says_what_was_a_toast(
    inbox: Inbox,
) -> None:
    async def scenario(app: LinkinboxApp, pilot: Pilot[int]) -> None:
        screen = inbox_screen(app)
        screen.notify("Press [b]q[/b] to quit.")  # a widget's toasts are markup by default
        app.show_startup_problems(["config.toml, line 1: theme: no theme named “x”."])
        await wait_until(pilot, lambda: "Press q to quit." in toasts_on_screen(app))
        toast, problem = app.message_log.entries[-2:]
        assert (toast.text, toast.toast) == ("Press q to quit.", True)
        assert problem.toast is False and "no theme named" in problem.text
        assert notifications(app)[-1] == "Press q to quit."
        assert not any("no theme named" in n for n in notifications(app))

    run(LinkinboxApp(inbox), scenario)
