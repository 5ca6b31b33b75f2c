"""Where linkinbox keeps its files (platformdirs, with environment overrides). No Textual here."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import NamedTuple

APP = "linkinbox"


def config_dir() -> Path:
    """`config.toml`, `templates.toml` and user `themes/`; `LINKINBOX_CONFIG_DIR` overrides."""
    override = os.environ.get("LINKINBOX_CONFIG_DIR")
    if override:
        return Path(override).expanduser()
    import platformdirs  # here: importing it costs every start ~4 ms, an override nothing

    return Path(platformdirs.user_config_dir(APP))


def data_dir() -> Path:
    """The inbox store; `LINKINBOX_DATA_DIR` overrides."""
    override = os.environ.get("LINKINBOX_DATA_DIR")
    if override:
        return Path(override).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir(APP))


def themes_dir() -> Path:
    return default().themes_dir


def config_file() -> Path:
    return default().config_file


def templates_file() -> Path:
    return default().templates_file


def store_file() -> Path:
    return default().store_file


class Paths(NamedTuple):
    """The two folders one session of linkinbox works in, passed along instead of read from the
    environment again: the demo and the tests give their own."""

    config_dir: Path
    data_dir: Path
    #: Settings used for this session without writing them (the demo's name and profile URL).
    session: tuple[tuple[str, str], ...] = ()
    #: How messages name config.toml, when it is a copy (the demo's: the user's own file).
    shown_config: Path | None = None
    #: The user's config folder, when `config_dir` is a copy of it (the demo's): messages about
    #: a mistake in templates.toml or a theme name the user's file, not the copy.
    copied_from: Path | None = None

    def as_shown(self, message: str) -> str:
        """`message` naming the user's own files where this session reads a copy of them."""
        if self.copied_from is None:
            return message
        return message.replace(str(self.config_dir), str(self.copied_from))

    @property
    def config_file(self) -> Path:
        return self.config_dir / "config.toml"

    @property
    def templates_file(self) -> Path:
        return self.config_dir / "templates.toml"

    @property
    def themes_dir(self) -> Path:
        return self.config_dir / "themes"

    @property
    def store_file(self) -> Path:
        return self.data_dir / "inbox.sqlite3"


def default() -> Paths:
    """The folders of this user: the platform's, or `LINKINBOX_CONFIG_DIR`/`LINKINBOX_DATA_DIR`."""
    return Paths(config_dir(), data_dir())


def ensure_private_dir(path: Path) -> Path:
    """Create `path` (and parents) readable by the owner only."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    with contextlib.suppress(OSError):
        # Only ever take permissions away: a folder its owner made read-only stays read-only.
        path.chmod(path.stat().st_mode & 0o700)
    return path
