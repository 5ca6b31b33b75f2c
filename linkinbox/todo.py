"""LinkedIn's side of a decision: what to press there, and where. No Textual here.

linkinbox cannot press LinkedIn's buttons (DESIGN.md, principle 5): every decision is a to-do
(`on_linkedin` = "todo") until the user marks it done or a newer export proves it done (see
`linkinbox.reconcile`).
"""

from __future__ import annotations

from typing import NamedTuple

from linkinbox.browser import INVITATION_MANAGER
from linkinbox.models import Request, Status
from linkinbox.text import inert

#: LinkedIn's list of the user's connections: where one without a profile URL is removed.
CONNECTIONS_PAGE = "https://www.linkedin.com/mynetwork/invite-connect/connections/"


class Action(NamedTuple):
    """What to press on LinkedIn for one to-do (`words`), the page where (`url`), and the page's
    name as the words say it (`page`)."""

    words: str
    url: str
    page: str


def action(request: Request, *, connected: bool = False, invitation_gone: bool = False) -> Action:
    """What is left to press for a decided request.

    `connected`: the person is a connection now (a Decline or Follow then means removing the
    connection); `invitation_gone`: a newer export no longer has the invitation (a Follow then
    only needs the Follow button).
    """
    profile = inert(request.profile_url)  # printed, copied and opened: inert whatever is stored
    on_profile = (
        (profile, "their profile") if profile else (INVITATION_MANAGER, "invitation manager")
    )
    if connected and not profile:  # a connection known by name only (Connections.csv < 2023)
        on_profile = (CONNECTIONS_PAGE, "your connections")
    status = request.status
    if status == Status.CONNECT:
        if connected:
            return Action("Nothing: already a connection (x marks it done)", profile, "profile")
        return Action("Accept (invitation manager)", INVITATION_MANAGER, "invitation manager")
    where = "profile" if profile or not connected else "your connections"
    if status == Status.DECLINE:
        if connected:
            return Action(f"Remove connection ({where})", *on_profile)
        return Action("Ignore (invitation manager)", INVITATION_MANAGER, "invitation manager")
    if status == Status.FOLLOW:
        if connected:
            return Action(f"Remove connection, then Follow ({where})", *on_profile)
        if invitation_gone:
            return Action("Follow (profile)", *on_profile)
        return Action("Ignore, then Follow (profile)", *on_profile)
    return Action("", "", "")
