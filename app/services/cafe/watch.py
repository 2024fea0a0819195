"""A live subscriber's access, checked again when an event may have changed it.

Access is decided when a subscription starts, but it can change while it runs: a facilitator
is removed, a participant leaves a private session, a public session is made private. Such an
event is held back from the subscriber until its access has been read again: if it is the
same, the event follows; if it changed, the subscriber is asked to subscribe again from just
before the event (and sees it with its new access); if it is gone, the stream ends.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Hashable
from dataclasses import dataclass

from app.services.cafe.access import Access, access_to
from app.services.cafe.log import LoggedEvent
from app.services.cafe.vocabulary import CafeRole, EventKind
from app.services.errors import DomainError, PublicError
from app.services.viewer import Viewer
from db.session import Database

logger = logging.getLogger("samverka.cafe.watch")

NOT_FOUND = "No café session with that id (or it is not yours to follow)."
ACCESS_CHANGED = "Your access to the session changed; subscribe again with afterSeq."

_SESSION_KINDS = frozenset(
    {EventKind.SESSION_UPDATED, EventKind.SESSION_LIVE, EventKind.SESSION_CLOSED}
)
_FACILITATOR_KINDS = frozenset({EventKind.FACILITATOR_ADDED, EventKind.FACILITATOR_REMOVED})
# the kinds that can change someone's access; every other event leaves it as it was
WATCHED_KINDS = _SESSION_KINDS | _FACILITATOR_KINDS | {EventKind.PARTICIPANT_LEFT}


class Verdict(enum.Enum):
    SAME = "same"
    CHANGED = "changed"  # still readable, but rendered differently: subscribe again
    LOST = "lost"


class AccessLost(PublicError):
    def __init__(self) -> None:
        super().__init__(NOT_FOUND, "NOT_FOUND")


def rendering_scope(viewer: Viewer, access: Access) -> Hashable:
    """What a rendering may depend on besides the fields marked viewer-specific."""
    return (viewer.is_authenticated, viewer.is_coordinator, access.role)


@dataclass(frozen=True)
class AccessWatch:
    db: Database
    viewer: Viewer
    session_id: int
    role: CafeRole
    scope: Hashable
    # (participant id, table id) while the subscriber is in the room: connected for presence
    participant: tuple[int, int | None] | None

    @classmethod
    def of(cls, db: Database, viewer: Viewer, access: Access) -> AccessWatch:
        present = access.participant
        return cls(
            db=db,
            viewer=viewer,
            session_id=access.cafe.id,
            role=access.role,
            scope=rendering_scope(viewer, access),
            participant=(present.id, present.table_id) if present is not None else None,
        )

    def affected_by(self, event: LoggedEvent) -> bool:
        """Whether the event may have changed this subscriber's access."""
        if event.kind in _FACILITATOR_KINDS:
            facilitator = event.payload.get("facilitator") or {}
            return self.viewer.user_id is not None and facilitator.get("userId") == (
                self.viewer.user_id
            )
        if event.kind is EventKind.PARTICIPANT_LEFT:
            participant = event.payload.get("participant") or {}
            return self.participant is not None and participant.get("id") == self.participant[0]
        if event.kind in _SESSION_KINDS:
            # readers from outside read a closed public session: that may have changed
            return self.role is CafeRole.NONE
        return False

    async def verdict(self) -> Verdict:
        """The subscriber's access as the database says now, against what it subscribed with.
        If it cannot be read, CHANGED: the subscriber starts again from the log, where its
        access is checked afresh."""
        try:
            async with self.db.read() as session:
                access = await access_to(session, self.viewer, self.session_id)
        except DomainError:
            return Verdict.LOST
        except Exception as error:  # noqa: BLE001
            logger.warning("access check failed (%s)", type(error).__name__)
            return Verdict.CHANGED
        if not access.can_read:
            return Verdict.LOST
        if rendering_scope(self.viewer, access) != self.scope:
            return Verdict.CHANGED
        return Verdict.SAME
