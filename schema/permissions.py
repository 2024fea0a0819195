"""Marking fields whose value depends on who exactly is asking.

Live events are rendered once per distinct subscription and scope (logged in or not,
coordinator or not, role in the session) and the same bytes go to every subscriber in it.
A field that depends on more than that scope — the viewer's own id, votes, memberships — is
marked here, and a subscription that selects one is rendered per viewer instead.
"""

from __future__ import annotations

from typing import Any

import strawberry

VIEWER_SPECIFIC = "samverka.viewer_specific"


def viewer_field(**kwargs: Any) -> Any:
    """`strawberry.field`, marked as depending on the viewer's identity."""
    return strawberry.field(metadata={VIEWER_SPECIFIC: True}, **kwargs)
