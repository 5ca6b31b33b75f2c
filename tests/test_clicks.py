"""#15's leftovers: clickable tabs and decisions, help naming the keys as bound, plain `list`'s
"can't tell", the sorts that mean something in a view."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Static
from tui_helpers import (
    demo_inbox,
    demo_network_inbox,
    inbox_screen,
    me_config,
    run,
    screen_text,
    wait_until,
)

from linkinbox.cli import main
from linkinbox.inbox import Inbox
from linkinbox.tui.app import LinkinboxApp
from linkinbox.tui.screens.help import HelpScreen
from linkinbox.tui.screens.inbox import InboxScreen
from linkinbox.tui.widgets.request_list import RequestList


@pytest.fixture
def inbox(tmp_path: Path) -> Iterator[Inbox]:
    me_config()
    with demo_network_inbox(tmp_path) as opened:
        yield opened


def tab_offset(app: LinkinboxApp, word: str) -> tuple[int, int]:
    """Where `word` (a view's tab, as drawn) is on the title line, in screen cells."""
    first = screen_text(app).splitlines()[0]
    column = first.index(word)
    return column + 1, 0


# -- clicks ---------------------------------------------------------------------------------


def test_a_click_on_a_view_tab_opens_that_view(inbox: Inbox) -> None:
    async def scenario(app: LinkinboxApp, pilot: Pilot[int]) -> None:
        screen = inbox_screen(app)
        for word, view in [
            ("Sent", "sent"),
            ("Decided", "decided"),
            ("To do", "todo"),
            ("Connections", "connections"),
            ("Pending", "pending"),
        ]:
            assert await pilot.click(offset=tab_offset(app, word))
            await wait_until(pilot, lambda view=view: screen.view == view)  # type: ignore[misc]
            assert f"[{word}]" in screen_text(app).splitlines()[0]
        # A click beside the tabs (the app's name) changes nothing.
        assert await pilot.click(offset=(2, 0))
        await pilot.pause()
        assert screen.view == "pending"

    run(LinkinboxApp(inbox), scenario)


def test_a_click_on_a_narrow_titles_view_key_opens_that_view(inbox: Inbox) -> None:
    """Below 100 columns the other views are named by their keys: those are links too."""

    async def scenario(app: LinkinboxApp, pilot: Pilot[int]) -> None:
        await pilot.resize_terminal(80, 24)
        screen = inbox_screen(app)
        await wait_until(pilot, lambda: "Sent" not in screen_text(app).splitlines()[0])
        first = screen_text(app).splitlines()[0]
        after = first.index("[Pending]") + len("[Pending]")
        assert first[after:].split()[:4] == ["2", "3", "4", "5"]
        assert await pilot.click(offset=(first.index("2", after), 0))
        await wait_until(pilot, lambda: screen.view == "sent")

    run(LinkinboxApp(inbox), scenario)


def test_a_click_on_a_decision_decides_like_its_key(inbox: Inbox) -> None:
    async def scenario(app: LinkinboxApp, pilot: Pilot[int]) -> None:
        screen = inbox_screen(app)
        first = screen.current
        assert first is not None
        pending = inbox.pending_count()
        assert await pilot.click("#decision-decline")
        await wait_until(pilot, lambda: inbox.pending_count() == pending - 1)
        assert inbox.find(str(first.id)).status.value == "decline"
        assert screen.current is not None and screen.current.id != first.id
        second = screen.current
        assert await pilot.click("#decision-follow")
        await wait_until(pilot, lambda: inbox.pending_count() == pending - 2)
        assert inbox.find(str(second.id)).status.value == "follow"
        # u undoes a clicked decision like a keyed one.
        await pilot.press("u")
        await wait_until(pilot, lambda: inbox.pending_count() == pending - 1)
        # The list keeps the focus: keys go on working after a click.
        assert isinstance(app.focused, RequestList)

    run(LinkinboxApp(inbox), scenario)


def test_a_click_on_keep_in_the_connections_view_reviews_the_connection(inbox: Inbox) -> None:
    async def scenario(app: LinkinboxApp, pilot: Pilot[int]) -> None:
        screen = inbox_screen(app)
        await pilot.press("5")
        await wait_until(pilot, lambda: screen.view == "connections" and screen.current is not None)
        person = screen.current
        assert person is not None
        left = inbox.connections_left()
        assert await pilot.click("#decision-connect")  # "[K]eep" here
        await wait_until(pilot, lambda: inbox.connections_left() == left - 1)
        assert inbox.find(str(person.id)).status.value == "connect"
        assert inbox.pending_count() > 0  # nothing pending was decided

    run(LinkinboxApp(inbox), scenario)


# -- help -------------------------------------------------------------------------------------


def test_helps_notes_name_the_keys_as_bound(tmp_path: Path) -> None:
    me_config('[keymap]\n"copy-reply" = "Y"\n"open-profile" = "O"\n"follow-setup" = "L"\n')
    with demo_inbox(tmp_path) as inbox:

        async def scenario(app: LinkinboxApp, pilot: Pilot[int]) -> None:
            await pilot.press("question_mark")
            await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
            notes = [str(w.content) for w in app.screen.query(".help-note").results(Static)]
            text = " ".join(" ".join(notes).split())
            assert "paste the reply (Y)" in text
            assert "invitation manager (O)" in text
            assert "L: Set up LinkedIn for Follow" in text
            assert "F: Set up" not in text
            assert "ctrl+p opens the command palette" in text

        run(LinkinboxApp(inbox), scenario)


# -- sorting ----------------------------------------------------------------------------------


def test_sort_in_the_connections_view_never_offers_most_mutual(inbox: Inbox) -> None:
    async def scenario(app: LinkinboxApp, pilot: Pilot[int]) -> None:
        screen = inbox_screen(app)
        await pilot.press("s")  # pending: newest → most mutual
        await wait_until(pilot, lambda: screen.sort == "mutual")
        await pilot.press("5")
        await wait_until(pilot, lambda: screen.view == "connections")
        # Pending's "most mutual" means nothing here: least known first, and the title says
        # no other order.
        assert screen.query_for_state().order == "known"
        assert "sorted by" not in screen_text(app).splitlines()[0]
        seen = []
        for _ in range(4):
            await pilot.press("s")
            await pilot.pause()
            seen.append(screen.query_for_state().order)
        assert seen == ["suggestion", "known", "suggestion", "known"]
        # The palette's "most mutual" says why not, and changes nothing.
        screen.sort_by("mutual")
        await pilot.pause()
        assert screen.query_for_state().order == "known"
        assert any("no mutual counts" in e.text for e in app.message_log.entries)

    run(LinkinboxApp(inbox), scenario)


def test_sort_in_the_sent_view_says_there_is_one_order(inbox: Inbox) -> None:
    async def scenario(app: LinkinboxApp, pilot: Pilot[int]) -> None:
        screen = inbox_screen(app)
        await pilot.press("2")
        await wait_until(pilot, lambda: screen.view == "sent")
        await pilot.press("s")
        await pilot.pause()
        assert screen.query_for_state().order == "date"
        assert any("Sent is listed newest first" in e.text for e in app.message_log.entries)

    run(LinkinboxApp(inbox), scenario)


# -- plain list -------------------------------------------------------------------------------


def test_plain_list_says_cant_tell_in_words(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    me_config()
    demo_inbox(tmp_path).close()
    capsys.readouterr()
    assert main(["list"]) == 0
    rows = capsys.readouterr().out.splitlines()
    cant = [r for r in rows if "? can't tell" in r]
    assert cant, "no row says can't tell"
    # Every row names its signal: none is left blank where the others have a word.
    assert all(any(w in r for w in ("● stranger", "✓ known", "? can't tell")) for r in rows)
    # The names still start in one column.
    columns = {r.index("Jess Monroe") for r in rows if "Jess Monroe" in r}
    assert len(columns) == 1


# -- the demo's messages ----------------------------------------------------------------------


def test_demo_names_the_users_config_and_its_lines() -> None:
    """The demo copies config.toml and uses its own name and URL without writing them into the
    copy: a mistake is named in the user's file, at the line it is on there."""
    from linkinbox import paths
    from linkinbox.demo import DEMO_ME, cleanup_demo, prepare_demo
    from linkinbox.tui.keys import check_keymap

    mine = paths.config_dir() / "config.toml"
    paths.ensure_private_dir(mine.parent)
    mine.write_text(
        '# mine\nwithdraw_after_weeks = "soon"\n\n[keymap]\n"decide-declin" = "x"\n',
        encoding="utf-8",
    )
    root, where = prepare_demo()
    try:
        with Inbox(where=where) as demo:
            assert demo.my_name == DEMO_ME["my_name"]
            assert demo.setting("my_profile_url") == DEMO_ME["my_profile_url"]
            problems = demo.problems
            assert problems and all(p.startswith(f"{mine}, line 2: ") for p in problems)
            loaded = demo.loaded
            _, keymap_problems = check_keymap(
                demo.setting("keymap"), str(loaded.shown), loaded.text
            )
            assert keymap_problems
            assert all(p.startswith(f"{mine}, line 5: ") for p in keymap_problems)
        copy = where.config_file.read_text(encoding="utf-8")
        assert copy == mine.read_text(encoding="utf-8")  # the copy is the user's, line for line
    finally:
        cleanup_demo(root)
    assert "Dana" not in mine.read_text(encoding="utf-8")


# -- why each mail was skipped ----------------------------------------------------------------

MAIL = Path(__file__).parent / "fixtures" / "mail"


def test_mail_import_says_why_each_mail_was_skipped() -> None:
    from linkinbox.importers.mail import read_mail

    accepted = read_mail(MAIL / "linkedin-accepted.eml")
    assert accepted.skipped == 1 and accepted.problems == []
    (why,) = accepted.skips
    assert why.startswith(f"{MAIL / 'linkedin-accepted.eml'}: “")
    assert "is a LinkedIn mail but not an invitation" in why
    mbox = read_mail(MAIL / "inbox.mbox")
    assert mbox.skipped == 2 and mbox.other_mail == 2 and mbox.skips == []


def test_the_import_dialog_lists_why_each_mail_was_skipped(tmp_path: Path) -> None:
    me_config()
    folder = tmp_path / "mail"
    (folder / "cur").mkdir(parents=True)
    (folder / "new").mkdir()
    for name in ("linkedin-accepted.eml", "not-linkedin-lookalike.eml", "fr-2024-base64.eml"):
        (folder / "cur" / name).write_bytes((MAIL / name).read_bytes())
    with demo_inbox(tmp_path) as inbox:

        async def scenario(app: LinkinboxApp, pilot: Pilot[int]) -> None:
            from linkinbox.tui.screens.importer import ImportScreen

            await pilot.press("i")
            await wait_until(pilot, lambda: isinstance(app.screen, ImportScreen))
            await pilot.press(*str(folder), "enter")
            await wait_until(pilot, lambda: "Why each was skipped" in screen_text(app), timeout=20)
            assert isinstance(app.screen, ImportScreen)  # it stays, to be read
            reasons = str(app.screen.query_one("#import-reasons", Static).content)
            lines = reasons.splitlines()
            assert len(lines) == 2
            assert "linkedin-accepted.eml" in lines[0]
            assert "is a LinkedIn mail but not an invitation" in lines[0]
            assert lines[1].startswith("1 other mail: not from invitations@linkedin.com")
            assert "Imported: 1 added, 2 skipped" in " ".join(screen_text(app).split())
            await pilot.press("enter")
            await wait_until(pilot, lambda: isinstance(app.screen, InboxScreen))
            await wait_until(
                pilot, lambda: any("Imported: 1 added" in e.text for e in app.message_log.entries)
            )

        run(LinkinboxApp(inbox), scenario)


# -- the footer behind a dialog ---------------------------------------------------------------


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
def test_the_footer_behind_a_dialog_shows_no_cut_key(inbox: Inbox, size: tuple[int, int]) -> None:
    from textual.widgets._footer import FooterKey

    async def scenario(app: LinkinboxApp, pilot: Pilot[int]) -> None:
        await pilot.resize_terminal(*size)
        await pilot.pause()
        screen = inbox_screen(app)
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        await pilot.pause(0.3)
        footer = screen_text(app).splitlines()[-1]
        shown = [k for k in screen.query(FooterKey) if k.display]
        assert len(shown) >= 3
        for key in shown:  # every key drawn is drawn whole
            assert f"{key.key_display} {key.description}" in footer, (footer, key.description)

    run(LinkinboxApp(inbox), scenario)


# -- the palette offers only the sorts that mean something ------------------------------------


def test_the_palette_offers_no_mutual_sort_in_the_connections_view(inbox: Inbox) -> None:
    async def scenario(app: LinkinboxApp, pilot: Pilot[int]) -> None:
        screen = inbox_screen(app)

        def sorts() -> list[str]:
            commands = app.get_system_commands(app.screen)
            return [c.title for c in commands if c.title.startswith("Sort")]

        assert "Sort: most mutual connections" in sorts()
        await pilot.press("5")
        await wait_until(pilot, lambda: screen.view == "connections")
        assert sorts() == ["Sort: least known first", "Sort: suggestion"]
        await pilot.press("2")
        await wait_until(pilot, lambda: screen.view == "sent")
        assert sorts() == ["Sort: newest first"]

    run(LinkinboxApp(inbox), scenario)


@pytest.mark.parametrize("view", ["connections", "sent", "decided", "todo"])
def test_the_narrow_title_keeps_the_view_shown_whole(inbox: Inbox, view: str) -> None:
    """At 60 columns the title names the view shown in full, never wraps it out of sight."""
    from linkinbox.tui.screens.inbox_view import VIEWS

    async def scenario(app: LinkinboxApp, pilot: Pilot[int]) -> None:
        await pilot.resize_terminal(60, 20)
        screen = inbox_screen(app)
        screen.action_view(view)
        await wait_until(pilot, lambda: screen.view == view)
        await pilot.pause()
        first = screen_text(app).splitlines()[0]
        assert f"[{VIEWS[view]}]" in first, first
        assert "47 pending" in first

    run(LinkinboxApp(inbox), scenario)


def test_demo_names_the_users_templates_and_themes() -> None:
    """A mistake in the user's templates.toml or theme shows under --demo with the user's own
    path, not the throwaway copy's (which is gone once the demo ends)."""
    from linkinbox import paths
    from linkinbox.demo import cleanup_demo, prepare_demo
    from linkinbox.tui.app import LinkinboxApp

    folder = paths.config_dir()
    paths.ensure_private_dir(folder / "themes")
    (folder / "templates.toml").write_text('[connect]\nbody = "Hi"\n', encoding="utf-8")
    (folder / "themes" / "mine.toml").write_text(
        'name = "mine"\nprimary = "#zz0000"\n', encoding="utf-8"
    )
    root, where = prepare_demo()
    try:
        with Inbox(where=where) as demo:
            problems = demo.problems
            assert problems and all(
                p.startswith(f"{folder / 'templates.toml'}: ") for p in problems
            )
        logged: list[str] = []

        async def scenario(app: LinkinboxApp, pilot: Pilot[int]) -> None:
            await wait_until(
                pilot, lambda: any("mine.toml" in e.text for e in app.message_log.entries)
            )
            logged.extend(entry.text for entry in app.message_log.entries)

        with Inbox(where=where) as demo:
            run(LinkinboxApp(demo), scenario)
    finally:
        cleanup_demo(root)
    text = "\n".join(logged)
    assert str(root) not in text
    assert f"{folder / 'templates.toml'}: connect" in text
    assert f"{folder / 'themes' / 'mine.toml'}: primary" in text
