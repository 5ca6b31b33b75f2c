"""Set up LinkedIn for Follow, once: the settings that make the replies' "use Follow" work.

Replies point strangers at the Follow button on the user's profile, which only helps if the
profile offers it. The checklist names the two settings and their pages; the user ticks them off
(remembered in config.toml), and checks the name and profile URL the replies use. No Textual here.
"""

from __future__ import annotations

from typing import NamedTuple


class SetupStep(NamedTuple):
    setting: str  # the config.toml key that remembers it is done
    title: str
    where: str  # the way there, in LinkedIn's own words
    url: str


STEPS = (
    SetupStep(
        "follow_primary_set",
        "Make Follow the primary button on your profile",
        "Me → Settings & Privacy → Visibility → Followers: “Make follow primary” on",
        "https://www.linkedin.com/psettings/allow-follow",
    ),
    SetupStep(
        "invitations_set",
        "Choose who can send you invitations",
        "Me → Settings & Privacy → Visibility → Invitations to connect (e.g. only people who "
        "know your e-mail address, or who appear in your imported contacts)",
        "https://www.linkedin.com/psettings/invite-receive",
    ),
)

TITLE = "Set up LinkedIn for Follow"


def left(done: dict[str, bool]) -> int:
    """How many steps are not ticked off yet."""
    return sum(1 for step in STEPS if not done.get(step.setting))
