"""A mail import runs with the cyclic collector paused (imports make many objects), yet every
parsed e-mail is a web of cycles: the importer frees them as it goes, so memory stays flat."""

from __future__ import annotations

import gc
import sys
from pathlib import Path

from linkinbox import heap
from linkinbox.importers.mail import read_mail

sys.path.insert(0, str(Path(__file__).parent.parent / "benchmarks"))
from generate import write_mbox


def garbage_left_by(path: Path) -> tuple[int, int]:
    """(invitations read, cyclic garbage still uncollected after reading them, gc paused)."""
    gc.collect()
    with heap.paused():
        data = read_mail(path)
        left = gc.collect()
    return len(data.invitations), left


def test_a_long_mbox_leaves_no_more_cycles_than_a_short_one(tmp_path: Path) -> None:
    short, long = tmp_path / "short.mbox", tmp_path / "long.mbox"
    write_mbox(short, 10)
    write_mbox(long, 300)
    read_short, per_short = garbage_left_by(short)
    read_long, per_long = garbage_left_by(long)
    assert (read_short, read_long) == (10, 300)
    assert per_short > 0  # e-mails do make cycles: the check below means something
    assert per_long < per_short * 10  # not 30 times as much: collected along the way
