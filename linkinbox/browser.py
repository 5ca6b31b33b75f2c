"""Opening links without ever taking over the terminal. No Textual here."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import threading
import webbrowser

INVITATION_MANAGER = "https://www.linkedin.com/mynetwork/invitation-manager/"
SENT_INVITATIONS = "https://www.linkedin.com/mynetwork/invitation-manager/sent/"
CONNECTIONS_PAGE = "https://www.linkedin.com/mynetwork/invite-connect/connections/"


def can_open_browser() -> bool:
    """True when a graphical browser is plausibly reachable (not over plain SSH, not in tests),
    or the user named one in `$BROWSER`."""
    if os.environ.get("LINKINBOX_NO_BROWSER"):
        return False
    if sys.platform in ("darwin", "win32") or os.environ.get("BROWSER"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _run_browser_variable(url: str) -> bool:
    """Start the first command of `$BROWSER` (entries separated like PATH; `%s` is the link,
    else it goes last) that exists, cut off from the terminal: a console browser named
    there cannot take the screen over from the inbox. False when none could be started."""
    for entry in os.environ.get("BROWSER", "").split(os.pathsep):
        try:
            words = shlex.split(entry)
        except ValueError:
            continue
        if not words:
            continue
        command = [w.replace("%s", url) for w in words]
        if not any("%s" in w for w in words):
            command.append(url)
        try:
            subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
        except OSError:
            continue
        return True
    return False


def open_in_browser(url: str) -> bool:
    """Ask the desktop to open `url` in the background; False when no browser is reachable.

    Console browsers (lynx, w3m) are never started: they would take over the terminal.
    """
    if not url.startswith(("https://www.linkedin.com/", "https://linkedin.com/")):
        return False  # only LinkedIn's own pages: a stranger's list may carry any address
    if not can_open_browser():
        return False
    if os.environ.get("BROWSER") and _run_browser_variable(url):
        return True  # the user's own choice first, as Python's webbrowser would
    try:
        browser = webbrowser.get()
    except webbrowser.Error:
        return False
    if type(browser) is webbrowser.GenericBrowser:  # a console browser such as lynx or w3m
        return False
    threading.Thread(target=browser.open, args=(url,), kwargs={"new": 2}, daemon=True).start()
    return True
