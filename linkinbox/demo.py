"""The bundled demo inbox: a throwaway copy that writes nothing of the user's. No Textual here."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from datetime import datetime, timedelta
from importlib import resources
from pathlib import Path

from linkinbox import clock, paths

DEMO_ME = {
    "my_name": "Dana Whitfield",
    "my_profile_url": "https://www.linkedin.com/in/dana-whitfield-7b21a9",
}


def demo_file() -> Path:
    return Path(str(resources.files("linkinbox") / "data" / "demo.json"))


def demo_network() -> Path:
    """The demo user's network as a small LinkedIn export in the real format: connections of
    every kind (messaged, endorsed, a shared employer, strangers, a hidden profile) with the
    messages, endorsements and positions that tell them apart (the Connections view, `5`)."""
    return Path(str(resources.files("linkinbox") / "data" / "demo-network"))


def shifted_demo(target: Path) -> Path:
    """Write the demo list to `target` with dates moved so the newest request is from today."""
    items = json.loads(demo_file().read_text(encoding="utf-8"))
    stamps = [datetime.fromisoformat(i["sent_at"]) for i in items if i.get("sent_at")]
    shift = clock.now() - timedelta(hours=2) - max(stamps) if stamps else None
    for item in items:
        for field in ("sent_at", "decided_at"):
            if item.get(field) and shift is not None:
                when = datetime.fromisoformat(item[field]).replace(tzinfo=None) + shift
                item[field] = when.replace(microsecond=0).isoformat()
    target.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
    return target


def prepare_demo() -> tuple[Path, paths.Paths]:
    """A fresh temporary config and data folder holding the demo inbox.

    The user's config folder is copied (so their theme and keys apply) but never written to.
    Returns the temporary folder (the caller removes it with `cleanup_demo`) and the folders in
    it to open the inbox on: nothing is passed through the environment.
    """
    from linkinbox.inbox import Inbox

    clean_leftovers()
    root = Path(tempfile.mkdtemp(prefix="linkinbox-demo-"))
    (root / "pid").write_text(str(os.getpid()), encoding="ascii")
    config = root / "config"
    data = root / "data"
    user_config = paths.config_dir()
    if user_config.is_dir():
        shutil.copytree(user_config, config, dirs_exist_ok=True)
    paths.ensure_private_dir(config)
    paths.ensure_private_dir(data)
    where = paths.Paths(config_dir=config, data_dir=data)
    with Inbox(where=where) as inbox:
        # The demo's name and URL are used, not written into the copy: its lines stay the
        # user's, so a message about a mistake names the user's file and the line in it.
        session = () if inbox.setting("my_name") else tuple(DEMO_ME.items())
    user_file = user_config / "config.toml"
    where = paths.Paths(
        config,
        data,
        session,
        user_file if (config / "config.toml").exists() else None,
        user_config if user_config.is_dir() else None,
    )
    with Inbox(where=where) as inbox:
        from linkinbox.importers.own import read_own

        data_file = shifted_demo(root / "demo.json")
        inbox.import_paths([demo_network()])  # screened with the requests just below
        inbox.import_data(read_own(data_file))
        data_file.unlink()
    return root, where


def clean_leftovers() -> list[Path]:
    """Remove what a demo killed before it could clean up left (a copy of the user's config):
    the user's own `linkinbox-demo-*` folders whose process is gone."""
    removed = []
    for root in Path(tempfile.gettempdir()).glob("linkinbox-demo-*"):
        try:
            if root.is_symlink() or root.stat().st_uid != os.getuid():
                continue
            pid = int((root / "pid").read_text(encoding="ascii").strip() or "0")
        except (OSError, ValueError):
            continue  # not one of ours, or a demo still starting: left alone
        if pid > 0 and _alive(pid):
            continue
        shutil.rmtree(root, ignore_errors=True)
        removed.append(root)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # someone else's process: alive
    return True


def cleanup_demo(root: Path) -> None:
    shutil.rmtree(root, ignore_errors=True)
