"""A follower: one subscriber's access to one key of a feed, as its domain decides it.

Access is decided when a subscription starts, but it can change while it runs (a facilitator
is removed, a public session is made private). An event that may change it is held back from
the follower until its access has been read again: if it is the same, the event follows; if
it changed, the follower is asked to subscribe again from just before the event; if it is
gone, the stream ends.
"""

from __future__ import annotations

import enum
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Protocol

from app.services.errors import PublicError
from app.services.live.feeds import LoggedEvent
from app.services.viewer import Viewer

FELL_BEHIND = "The subscriber fell behind; subscribe again with afterSeq."
ACCESS_CHANGED = "Your access changed; subscribe again with afterSeq."


class Verdict(enum.Enum):
    SAME = "same"
    CHANGED = "changed"  # still readable, but rendered differently: subscribe again
    LOST = "lost"


class Follower(Protocol):
    @property
    def viewer(self) -> Viewer:
        """Who follows."""

    @property
    def scope(self) -> Hashable:
        """What a rendering for this follower may depend on, besides the fields declared
        viewer-specific (followers of one scope share renderings)."""

    @property
    def present(self) -> tuple[int, int | None] | None:
        """(who, where) for a feed with presence, while this follower counts as connected."""

    def affected_by(self, event: LoggedEvent) -> bool:
        """Whether the event may have changed this follower's access."""

    async def verdict(self) -> Verdict:
        """The access as the database says now, against what the follower started with."""

    def lost(self) -> AccessLost:
        """What ends the stream when the access is gone (NOT_FOUND, in the domain's words)."""


class ResyncRequired(Exception):
    """The subscriber should subscribe again with `afterSeq`."""

    def __init__(self, after_seq: int | None, message: str = FELL_BEHIND) -> None:
        super().__init__(message)
        self.message = str(self)
        self.extensions = {"code": "RESYNC_REQUIRED", "afterSeq": after_seq}


class AccessLost(PublicError):
    """The follower may no longer read what it follows."""

    def __init__(self, message: str) -> None:
        super().__init__(message, "NOT_FOUND")


@dataclass(frozen=True)
class SteadyFollower:
    """A follower whose access nothing in its feed changes: decided once, when it subscribes
    (a public premises' bookings, a conference, one's own inbox)."""

    viewer: Viewer
    scope: Hashable
    not_found: str  # what ends the stream, in the domain's words
    present: tuple[int, int | None] | None = None

    def affected_by(self, event: LoggedEvent) -> bool:
        return False

    async def verdict(self) -> Verdict:
        return Verdict.SAME

    def lost(self) -> AccessLost:
        return AccessLost(self.not_found)
