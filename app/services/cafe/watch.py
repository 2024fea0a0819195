"""A café subscriber's access, as a live `Follower`: checked again when an event may have
changed it (a facilitator is removed, a participant leaves a private session, a public
session is made private); see app/services/live/follower.py."""

from __future__ import annotations

import logging
from collections.abc import Hashable
from dataclasses import dataclass

from app.services.cafe.access import Access, access_to
from app.services.cafe.events import (
    FACILITATOR_KINDS,
    SESSION_KINDS,
    FacilitatorChanged,
    ParticipantChanged,
)
from app.services.cafe.vocabulary import CafeRole, EventKind
from app.services.errors import DomainError
from app.services.live.feeds import LoggedEvent
from app.services.live.follower import AccessLost, Verdict
from app.services.viewer import Viewer
from db.session import Database

logger = logging.getLogger("samverka.cafe.watch")

NOT_FOUND = "No café session with that id (or it is not yours to follow)."


def session_lost() -> AccessLost:
    return AccessLost(NOT_FOUND)


def rendering_scope(viewer: Viewer, access: Access) -> Hashable:
    """What a rendering may depend on besides the fields declared viewer-specific."""
    return (viewer.is_authenticated, viewer.is_coordinator, access.role)


@dataclass(frozen=True)
class AccessWatch:
    db: Database
    viewer: Viewer
    session_id: int
    role: CafeRole
    scope: Hashable
    # (participant id, table id) while the subscriber is in the room: connected for presence
    present: tuple[int, int | None] | None

    @classmethod
    def of(cls, db: Database, viewer: Viewer, access: Access) -> AccessWatch:
        seat = access.participant
        return cls(
            db=db,
            viewer=viewer,
            session_id=access.cafe.id,
            role=access.role,
            scope=rendering_scope(viewer, access),
            present=(seat.id, seat.table_id) if seat is not None else None,
        )

    def affected_by(self, event: LoggedEvent) -> bool:
        """Whether the event may have changed this subscriber's access."""
        payload = event.payload
        if event.kind in FACILITATOR_KINDS and isinstance(payload, FacilitatorChanged):
            user_id = self.viewer.user_id
            return user_id is not None and payload.facilitator.user_id == user_id
        if event.kind is EventKind.PARTICIPANT_LEFT and isinstance(payload, ParticipantChanged):
            return self.present is not None and payload.participant.id == self.present[0]
        if event.kind in SESSION_KINDS:
            # readers from outside read a closed public session: that may have changed
            return self.role is CafeRole.NONE
        return False

    def lost(self) -> AccessLost:
        return session_lost()

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
