"""One way into the inbox: the app's workers use the app's own store, nothing goes through the
environment, the import writes the filter's text, and nothing outside `Inbox` touches `Store`."""

from __future__ import annotations

import os
import re
from pathlib import Path

from textual.pilot import Pilot
from tui_helpers import run, screen_text, wait_until

from linkinbox import paths
from linkinbox.demo import cleanup_demo, prepare_demo
from linkinbox.inbox import Inbox
from linkinbox.models import Connection, ImportData, Invitation
from linkinbox.store import Query
from linkinbox.tui.app import LinkinboxApp
from linkinbox.tui.screens.importer import ImportScreen

PACKAGE = Path(__file__).parent.parent / "linkinbox"
SAMPLE = Path(__file__).parent / "fixtures" / "sample-export"


def test_the_apps_workers_import_and_screen_into_the_apps_own_store(tmp_path: Path) -> None:
    elsewhere = paths.Paths(tmp_path / "elsewhere" / "config", tmp_path / "elsewhere" / "data")
    inbox = Inbox(where=elsewhere)

    async def scenario(app: LinkinboxApp, pilot: Pilot[int]) -> None:
        await pilot.press("i")
        await wait_until(pilot, lambda: isinstance(app.screen, ImportScreen))
        await pilot.press(*str(SAMPLE), "enter")
        await wait_until(pilot, lambda: not isinstance(app.screen, ImportScreen), timeout=10)
        await wait_until(pilot, lambda: "Imported:" in screen_text(app))
        await wait_until(pilot, lambda: not inbox.needs_screening(), timeout=10)

    with inbox:
        run(LinkinboxApp(inbox), scenario)
        pending = list(inbox.requests("pending"))
        assert pending, "the import went somewhere else"
        assert all(inbox.screening(r.id)[2] for r in pending)  # screened, in this store
    assert inbox.store_path == elsewhere.store_file
    assert not paths.store_file().exists()  # the user's own store was never opened


def test_background_screening_uses_the_apps_store(tmp_path: Path) -> None:
    elsewhere = paths.Paths(tmp_path / "config", tmp_path / "other-data")
    with Inbox(where=elsewhere) as inbox:
        inbox.import_data(
            ImportData(invitations=[Invitation("Ada Lovelace", message="")]), screen=False
        )
        assert inbox.needs_screening()

        async def scenario(_app: LinkinboxApp, pilot: Pilot[int]) -> None:
            await wait_until(pilot, lambda: not inbox.needs_screening(), timeout=10)

        run(LinkinboxApp(inbox), scenario)
        (request,) = inbox.requests("pending")
        assert "no note" in inbox.screening(request.id)[2]
    assert not paths.store_file().exists()


def test_demo_opens_its_own_folders_without_touching_the_environment() -> None:
    before = dict(os.environ)
    root, where = prepare_demo()
    try:
        assert dict(os.environ) == before
        assert where.store_file.is_relative_to(root)
        with Inbox(where=where) as inbox:
            assert inbox.pending_count() > 0
            assert inbox.my_name == "Dana Whitfield"
    finally:
        cleanup_demo(root)
    assert not paths.store_file().exists()


def test_reopen_is_the_same_inbox_on_a_connection_of_its_own() -> None:
    with Inbox() as inbox:
        inbox.import_data(ImportData(invitations=[Invitation("Ada Lovelace")]), screen=False)
        with inbox.reopen(readonly=True) as reader:
            assert reader.store is not inbox.store
            assert reader.store_path == inbox.store_path
            assert [r.name for r in reader.requests("pending")] == ["Ada Lovelace"]
        assert inbox.pending_count() == 1  # closing the twin left this one open


def test_the_filter_finds_what_was_imported_before_any_screening() -> None:
    with Inbox() as inbox:
        inbox.import_data(
            ImportData(invitations=[Invitation("ÖZLEM Çelik", headline="Straße Engineer")]),
            screen=False,
        )
        assert inbox.needs_screening()
        # SQLite's lower() knows only ASCII: these are found through the text the import wrote.
        assert inbox.count(Query("pending", text="özlem")) == 1
        assert inbox.count(Query("pending", text="strasse")) == 1


def _code(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def test_nothing_outside_the_inbox_touches_the_store() -> None:
    # inbox_screening.py is a part of `Inbox` (its screening, mixed into the class)
    allowed = {"inbox.py", "inbox_screening.py", "store.py", "merge.py", "migrations.py"}
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.parent == PACKAGE and path.name in allowed:
            continue
        text = _code(path)
        if re.search(r"(?<!linkinbox)\.store\b(?!_)|import[^\n]*\bStore\b|\bStore\(", text):
            offenders.append(str(path.relative_to(PACKAGE)))
    assert offenders == []


def test_nothing_writes_the_environment() -> None:
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in sorted(PACKAGE.rglob("*.py"))
        if re.search(
            r"os\.environ\[[^]]+\]\s*=|os\.putenv|environ\.(update|setdefault)\(", _code(path)
        )
    ]
    assert offenders == []


def test_an_import_says_when_requests_left_because_those_people_are_connections_now() -> None:
    url = "https://www.linkedin.com/in/ada-lovelace"
    with Inbox() as inbox:
        inbox.import_data(
            ImportData(invitations=[Invitation("Ada Lovelace", "outgoing", profile_url=url)]),
            screen=False,
        )
        summary = inbox.import_data(
            ImportData(connections=[Connection("Ada", "Lovelace", profile_url=url)]), screen=False
        )
        assert list(inbox.requests("sent")) == []
    assert "1 request removed: those people are connections now" in summary.sentence()


def test_every_module_says_what_it_holds_and_stays_small() -> None:
    """A newcomer reads one sentence at the top of each file to know what it holds; a file
    past ~600 lines holds more than one idea (issue 13)."""
    import ast

    for path in sorted(PACKAGE.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        where = path.relative_to(PACKAGE.parent)
        assert ast.get_docstring(ast.parse(source)), f"{where} says nothing of what it holds"
        assert source.count("\n") <= 620, f"{where} is {source.count(chr(10))} lines"
