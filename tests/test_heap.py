"""The garbage collector around start-up and in the inbox (see linkinbox.heap)."""

from __future__ import annotations

import contextlib
import gc
import subprocess
import sys
import time
from pathlib import Path

import pytest
from textual.pilot import Pilot
from tui_helpers import demo_inbox, run, wait_until

from linkinbox import heap
from linkinbox.tui.app import LinkinboxApp, run_app


def test_full_collections_wait_for_collect_full_and_thresholds_come_back() -> None:
    before = gc.get_threshold()
    saved = heap.defer_full_collections()
    try:
        assert saved == before
        young, middle, full = gc.get_threshold()
        assert (young, middle) == before[:2] and full > 1_000_000
        gc.collect()
        assert heap.collect_full() is False  # nothing reached the old generation since
        for _ in range(middle + 1):
            gc.collect(1)
        assert heap.collect_full() is True
    finally:
        heap.restore(saved)
    assert gc.get_threshold() == before


def test_the_inbox_gives_the_collector_back_as_it_found_it(tmp_path: Path) -> None:
    before = gc.get_threshold()

    async def scenario(_app: LinkinboxApp, pilot: Pilot[int]) -> None:
        # Set once the first frame is out: full collections only when idle.
        await wait_until(pilot, lambda: gc.get_threshold()[2] > 1_000_000)

    run(LinkinboxApp(demo_inbox(tmp_path)), scenario)
    assert gc.get_threshold() == before


def test_paused_turns_the_collector_off_inside_and_back_on_after_even_on_error() -> None:
    assert gc.isenabled()
    with heap.paused():
        assert not gc.isenabled()
        with heap.paused():  # nested: the outer one turns it back on
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    try:
        with heap.paused():
            raise ValueError("a bad file")
    except ValueError:
        pass
    assert gc.isenabled()


def _old_garbage_after_bulk_work(bulk: contextlib.AbstractContextManager[None]) -> int:
    """Cycles that were in use (being drawn) while bulk rows were made, then dropped: how many
    of them only a full collection frees afterwards."""
    gc.collect()
    saved = heap.defer_full_collections()
    try:
        with bulk:
            rows: list[tuple[int, str]] = []
            drawing: list[list[object]] = []
            for i in range(60_000):
                rows.append((i, str(i)))  # the batch's rows
                node: list[object] = []
                node.append(node)  # the UI's objects: cycles, in use for a while
                drawing.append(node)
                if len(drawing) > 200:
                    drawing.pop(0)
            del rows, drawing
        gc.collect(1)  # what stayed young is freed without a full collection
        old = len(gc.get_objects(2))
        gc.collect()
        return old - len(gc.get_objects(2))
    finally:
        heap.restore(saved)


def test_a_batch_beside_the_ui_leaves_it_less_for_the_next_full_collection() -> None:
    before = gc.get_threshold()
    with heap.fewer_young_collections():
        if not heap.INCREMENTAL:
            assert gc.get_threshold()[0] >= heap.BATCH_YOUNG
    assert gc.get_threshold() == before
    if heap.INCREMENTAL:
        return
    plain = _old_garbage_after_bulk_work(contextlib.nullcontext())
    fewer = _old_garbage_after_bulk_work(heap.fewer_young_collections())
    assert plain > 1000  # what the frozen frame after 25,000 decisions was made of
    assert fewer * 4 < plain


def test_freezing_the_session_leaves_what_it_keeps_out_of_full_collections() -> None:
    """After the first screen is drawn, what it made is frozen: later full collections scan
    only what the session made since (they took twice as long, and landed between keys)."""
    kept: list[list[int]] = [[] for _ in range(100)]
    try:
        heap.freeze_session()
        scanned = {id(o) for o in gc.get_objects()}
        assert not any(id(item) in scanned for item in kept)
        assert gc.get_freeze_count() >= len(kept)
    finally:
        gc.unfreeze()
    assert id(kept[0]) in {id(o) for o in gc.get_objects()}


def test_a_real_start_freezes_its_first_screen_once_at_its_first_full_collection(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`run_app` asks for it; the first collection the inbox runs when nobody types freezes,
    the next ones collect. An app built by a test (which shares its process) never freezes."""
    started: list[LinkinboxApp] = []
    monkeypatch.setattr(LinkinboxApp, "run", lambda self: started.append(self))
    try:
        run_app()
    finally:
        gc.unfreeze()  # heap.settle froze this test process
    app = started[0]
    assert app.freeze_first_screen is True
    assert LinkinboxApp(demo_inbox(tmp_path)).freeze_first_screen is False

    calls: list[str] = []
    monkeypatch.setattr(heap, "freeze_session", lambda: calls.append("freeze"))

    def collect_full() -> bool:
        calls.append("collect")
        return True

    monkeypatch.setattr(heap, "collect_full", collect_full)
    long_ago = time.monotonic() - 5
    app._last_input = app._drawn_at = app._last_full = long_ago
    app._collect_when_idle()
    app._last_full = long_ago
    app._collect_when_idle()
    assert calls == ["freeze", "collect"]


def test_the_first_pause_imports_what_the_first_dialog_would() -> None:
    """The first `/`, `?` or `r` no longer waits ~0.1 s for every screen (and Textual's TextArea)
    to be imported: the first pause after the first screen imports them, before the freeze."""
    code = (
        "import sys\n"
        "from linkinbox.tui.app import LinkinboxApp\n"
        "from linkinbox.tui.background import warm_up\n"
        "wanted = ('linkinbox.tui.screens.editor', 'linkinbox.tui.screens.importer',"
        " 'textual.widgets._text_area')\n"
        "before = [m for m in wanted if m in sys.modules]\n"
        "warm_up()\n"
        "print(before, [m for m in wanted if m not in sys.modules])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    assert done.stdout.strip() == "[] []", done.stdout + done.stderr
